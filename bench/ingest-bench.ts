/**
 * `npm run bench -- [--rows N] [--repeat K] [--json FILE] …`: the ingest benchmark.
 *
 * Stages (the code below follows them):
 * 1. options and machine facts; the generated header is checked against `CALL_FIELDS` aliases;
 * 2. data: a seeded, messy call log of N rows and its GB18030 copy, cached in `bench-results/data/`;
 * 3. server (skipped with a note when unreachable), K repetitions, interleaved, each in a fresh database:
 *    raw `psql \copy` into an all-text table (the limit), `servq ingest calls` of the UTF-8 and GB18030 files,
 *    and of the UTF-8 file over three small earlier batches in the same days (the duplicate search across
 *    overlapping batches; its time is compared with the same file loaded alone);
 * 4. embedded, K repetitions, each in a fresh data directory: raw PGlite `COPY … FROM '/dev/blob'`
 *    (`pglite-raw-copy.js`, the limit), `servq ingest calls` of the UTF-8 and GB18030 files, and over overlaps;
 * 5. summary: min / median / max seconds, rows/s, ratio to the limit, peak RSS; target checks; the table is
 *    printed and the same written as JSON.
 * Every measurement is a whole process under GNU time, as a user runs it: start-up and migrations count.
 * Each servq run must report `status: 'loaded'` and `rowsLoaded === N`, else it is a FAIL and is not timed.
 * Exit code 0 when every check passes or is skipped, 1 when any fails.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CALL_FIELDS, normalizeHeader } from '../src/ingest/fields.js';
import {
  summarizeMeasurement,
  withRatios,
  type MeasurementId,
  type MeasurementPlan,
  type MeasurementSummary,
  type RunRecord,
} from './bench-results.js';
import { checkTargets } from './bench-targets.js';
import { ensureCallLogFiles, type CallLogFiles } from './call-log-files.js';
import { ensureOverlapFiles } from './overlap-files.js';
import { formatMeasurementTable, formatTargetChecks } from './format-bench-report.js';
import { CALL_LOG_HEADER } from './generate-calls-csv.js';
import { findGnuTime } from './measure-process.js';
import { openBenchDatabases, runGroup, type MeasurementContext } from './run-measurements.js';
import { DEFAULT_SERVER_URL, redactUrl, serverUnavailableReason } from './server-database.js';

/** `dist/bench/` → the repository root. */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface BenchOptions {
  readonly rows: number;
  readonly repeat: number;
  readonly seed: number;
  readonly json?: string;
  readonly serverUrl: string;
  readonly only?: 'server' | 'embedded';
  readonly skipGb18030: boolean;
  /** Skip the measurements over three overlapping earlier batches. */
  readonly skipOverlap: boolean;
  readonly keep: boolean;
  /** Smoke run (CI): the exit code reflects only whether every process loaded every row, not the speed targets. */
  readonly smoke: boolean;
  readonly dataDir: string;
  /** The servq entry point run with `node` (default `bin/servq.mjs`). */
  readonly servqBin: string;
}

/** Commander parser of `--rows` / `--repeat`. */
function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError(`expected a positive integer, got ${value}`);
  }
  return parsed;
}

/** Commander parser of `--seed`. */
function parseInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`expected an integer, got ${value}`);
  return parsed;
}

function parseOptions(argv: readonly string[]): BenchOptions {
  const program = new Command()
    .name('npm run bench --')
    .description(
      'Ingest benchmark: generates a messy call-log CSV (and a GB18030 copy), then times whole processes ' +
        '(raw psql \\copy and `servq ingest calls` on the PostgreSQL server, raw PGlite COPY and ' +
        '`servq ingest calls` on the embedded database), prints a table, writes JSON and checks the targets.',
    )
    .option('--rows <n>', 'rows of the generated call log', parsePositiveInteger, 1_000_000)
    .option('--repeat <k>', 'repetitions of each measurement (min / median / max)', parsePositiveInteger, 3)
    .option('--seed <n>', 'seed of the generated data', parseInteger, 1)
    .option('--json <file>', 'write the results as JSON here (default bench-results/bench-<timestamp>.json)')
    .option(
      '--server-url <url>',
      'PostgreSQL server (a fresh database is created per run; env BENCH_DATABASE_URL)',
      process.env['BENCH_DATABASE_URL'] ?? DEFAULT_SERVER_URL,
    )
    .addOption(new Option('--only <database>', 'measure only one database').choices(['server', 'embedded']))
    .option('--skip-gb18030', 'skip the GB18030 runs', false)
    .option('--skip-overlap', 'skip the runs over three overlapping earlier batches', false)
    .option('--keep', 'keep temporary data directories and databases', false)
    .option('--smoke', 'exit 0 when every run loaded every row, whatever the speed (small CI runs are start-up bound)', false)
    .option('--data-dir <dir>', 'cache of generated data files', join(REPO_ROOT, 'bench-results', 'data'))
    .option('--servq-bin <file>', 'servq entry point run with node', join(REPO_ROOT, 'bin', 'servq.mjs'))
    .showHelpAfterError();
  program.parse([...argv], { from: 'node' });
  return program.opts<BenchOptions>();
}

/** Fails early when a generated header name is not an alias servq maps without a profile. */
function assertHeaderIsMapped(): void {
  const aliases = new Set(CALL_FIELDS.flatMap((field) => field.aliases.map(normalizeHeader)));
  const unmapped = CALL_LOG_HEADER.filter((name) => !aliases.has(normalizeHeader(name)));
  if (unmapped.length > 0) {
    throw new Error(`ingest-bench: header names not in CALL_FIELDS aliases: ${unmapped.join(', ')}`);
  }
}

/** What the JSON report records about the machine. */
function machineInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()}`,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryMB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    date: new Date().toISOString(),
  };
}

/**
 * On Ctrl-C (the measured child gets the signal too and stops): drop the run's database and delete the
 * scratch space unless `--keep`, then exit 130 as shells expect.
 */
function cleanUpOnInterrupt(context: MeasurementContext): void {
  process.stderr.write('\ninterrupted: cleaning up\n');
  if (!context.keep) {
    for (const name of openBenchDatabases()) {
      try {
        execFileSync('psql', ['-X', '-q', '-d', context.serverUrl, '-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`],
          { env: { ...context.baseEnv, PGCONNECT_TIMEOUT: '5' }, stdio: 'ignore' });
      } catch {
        process.stderr.write(`could not drop database ${name}\n`);
      }
    }
    rmSync(context.tempRoot, { recursive: true, force: true });
  }
  process.exit(130);
}

/** The eight measurements, in table order; each servq rate is compared with the raw limit of its database. */
function measurementPlans(files: CallLogFiles): MeasurementPlan[] {
  const rows = files.rows;
  const utf8Bytes = files.utf8Bytes;
  const gbBytes = files.gb18030Bytes ?? 0;
  const plan = (
    id: MeasurementId,
    label: string,
    encoding: 'UTF-8' | 'GB18030',
    ratioTo?: MeasurementId,
  ): MeasurementPlan => ({
    id,
    label,
    database: id.startsWith('server') ? 'server' : 'embedded',
    encoding,
    ...(ratioTo === undefined ? {} : { ratioTo }),
    rows,
    fileBytes: encoding === 'GB18030' ? gbBytes : utf8Bytes,
  });
  return [
    plan('server-raw-copy', 'server: psql \\copy, all-text (limit)', 'UTF-8'),
    plan('server-servq-utf8', 'server: servq ingest UTF-8', 'UTF-8', 'server-raw-copy'),
    plan('server-servq-gb18030', 'server: servq ingest GB18030', 'GB18030', 'server-raw-copy'),
    plan('server-servq-overlap', 'server: servq ingest UTF-8 over 3 overlapping batches', 'UTF-8', 'server-servq-utf8'),
    plan('embedded-raw-copy', 'embedded: PGlite COPY, all-text (limit)', 'UTF-8'),
    plan('embedded-servq-utf8', 'embedded: servq ingest UTF-8', 'UTF-8', 'embedded-raw-copy'),
    plan('embedded-servq-gb18030', 'embedded: servq ingest GB18030', 'GB18030', 'embedded-raw-copy'),
    plan('embedded-servq-overlap', 'embedded: servq ingest UTF-8 over 3 overlapping batches', 'UTF-8', 'embedded-servq-utf8'),
  ];
}

async function main(argv: readonly string[]): Promise<number> {
  // 1. Options and machine facts.
  const options = parseOptions(argv);
  assertHeaderIsMapped();
  const machine = machineInfo();
  const notes: string[] = [];
  const gnuTimePath = await findGnuTime();
  if (gnuTimePath === null) notes.push('GNU time (/usr/bin/time) not found: peak RSS not measured');

  // 2. Data.
  process.stderr.write(`data: ${options.rows} rows, seed ${options.seed} (generated once, cached in ${options.dataDir})\n`);
  const files = await ensureCallLogFiles(resolve(options.dataDir), { rows: options.rows, seed: options.seed },
    !options.skipGb18030);
  process.stderr.write(files.generatedSeconds > 0
    ? `  generated in ${files.generatedSeconds.toFixed(1)} s\n` : '  reused from the cache\n');

  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  // Each run is a first run in its own working folder: its own database, its own `.servq` (key file) there.
  for (const name of ['DATABASE_URL', 'SERVQ_DATA_DIR', 'SERVQ_HOME', 'SERVQ_KEY_FILE']) delete baseEnv[name];
  // The generated times are China Standard Time wall-clock (some carry +08:00): read the others alike.
  baseEnv['SERVQ_TIME_ZONE'] = 'Asia/Shanghai';
  const tempRoot = await mkdtemp(join(os.tmpdir(), 'servq-bench-'));
  const context: MeasurementContext = {
    rows: options.rows,
    repeat: options.repeat,
    columnCount: CALL_LOG_HEADER.length,
    utf8Path: files.utf8Path,
    overlapPaths: await ensureOverlapFiles(files.utf8Path, files.rows),
    ...(files.gb18030Path === undefined ? {} : { gb18030Path: files.gb18030Path }),
    servqBin: resolve(options.servqBin),
    serverUrl: options.serverUrl,
    keep: options.keep,
    gnuTimePath,
    tempRoot,
    baseEnv,
    notes,
  };

  process.once('SIGINT', () => cleanUpOnInterrupt(context));
  const plans = measurementPlans(files);
  const skipped = new Map<MeasurementId, string>();
  for (const plan of plans) {
    if (options.only !== undefined && plan.database !== options.only) skipped.set(plan.id, `--only ${options.only}`);
    else if (options.skipGb18030 && plan.encoding === 'GB18030') skipped.set(plan.id, '--skip-gb18030');
    else if (options.skipOverlap && plan.id.endsWith('-overlap')) skipped.set(plan.id, '--skip-overlap');
  }
  const serverPlans = plans.filter((plan) => plan.database === 'server' && !skipped.has(plan.id));
  if (serverPlans.length > 0) {
    const reason = await serverUnavailableReason(options.serverUrl, { ...baseEnv, PGCONNECT_TIMEOUT: '5' });
    if (reason !== null) {
      const note = `server ${redactUrl(options.serverUrl)} not usable, server rows skipped: ${reason.split('\n')[0] ?? ''}`;
      notes.push(note);
      for (const plan of serverPlans) skipped.set(plan.id, note);
    }
  }

  // 3–4. Server, then embedded; each group's repetitions interleaved.
  const runs = new Map<MeasurementId, RunRecord[]>();
  try {
    for (const database of ['server', 'embedded'] as const) {
      const groupPlans = plans.filter((plan) => plan.database === database && !skipped.has(plan.id));
      if (groupPlans.length === 0) continue;
      process.stderr.write(`${database}: ${options.repeat} repetition(s) of ${groupPlans.length} measurement(s)\n`);
      for (const [id, records] of await runGroup(context, groupPlans)) runs.set(id, records);
    }
  } finally {
    if (options.keep) notes.push(`kept temporary directories under ${tempRoot}`);
    else await rm(tempRoot, { recursive: true, force: true });
  }

  // 5. Summary, checks, table and JSON.
  const summaries: MeasurementSummary[] = withRatios(
    plans.map((plan) => summarizeMeasurement(plan, runs.get(plan.id) ?? [], skipped.get(plan.id))),
  );
  const checks = checkTargets(summaries, options.rows);
  notes.push('ratio: median rows/s ÷ that of the raw limit on the same database; every time is a whole process');
  notes.push('peak RSS is the measured process alone (for psql \\copy the client; the server backend is not counted)');

  const bytesPerRow = files.utf8Bytes / Math.max(1, files.rows);
  const report = [
    '',
    `servq ingest benchmark — ${options.rows.toLocaleString('en-US')} call rows (${bytesPerRow.toFixed(0)} bytes/row UTF-8), ` +
      `${options.repeat} repetition(s), ${String(machine['cpus'])} CPUs, Node ${process.version}`,
    '',
    formatMeasurementTable(summaries),
    '',
    formatTargetChecks(checks),
    '',
    ...notes.map((note) => `note: ${note}`),
  ].join('\n');
  process.stdout.write(`${report}\n`);

  const jsonPath = resolve(
    options.json ?? join(REPO_ROOT, 'bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
  );
  const result = {
    benchmark: 'servq ingest calls',
    machine,
    options: { rows: options.rows, repeat: options.repeat, seed: options.seed, only: options.only ?? null,
      skipGb18030: options.skipGb18030, skipOverlap: options.skipOverlap, serverUrl: redactUrl(options.serverUrl) },
    data: {
      header: CALL_LOG_HEADER,
      utf8: { path: files.utf8Path, bytes: files.utf8Bytes, bytesPerRow },
      gb18030: files.gb18030Path === undefined ? null : { path: files.gb18030Path, bytes: files.gb18030Bytes ?? 0 },
      generatedSeconds: files.generatedSeconds,
    },
    measurements: summaries,
    checks,
    notes,
    pass: checks.every((check) => check.status !== 'FAIL'),
  };
  await mkdir(dirname(jsonPath), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`results written to ${jsonPath}\n`);
  if (options.smoke) return checks.every((check) => check.name !== LOADED_CHECK || check.status !== 'FAIL') ? 0 : 1;
  return result.pass ? 0 : 1;
}

const LOADED_CHECK = 'every process loaded all rows';

try {
  process.exitCode = await main(process.argv);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
}
