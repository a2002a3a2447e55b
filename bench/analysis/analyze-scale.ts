/**
 * The analysis-at-scale part of `npm run bench:analysis` (`--only analyze` runs it alone): every analysis in
 * ANALYSES, as `servq analyze NAME` runs it with no options, over generated data of the issue's size, on the
 * PostgreSQL server and on the embedded PGlite, against `count(*)` of the fact tables on the same database in
 * the same process.
 *
 * Stages (the code below follows them):
 * 1. generation, not timed as a result: per database a fresh scratch database (server: its own database,
 *    dropped at the end; embedded: a data directory under the temp folder), the 1× data (scale-data.ts) and
 *    VACUUM (ANALYZE), the two databases' generations running at the same time (one core each);
 * 2. per database and scale, in order (nothing else of ours running): a child process (scale-run.ts) under GNU
 *    time measures the baseline rounds and each analysis once; its peak RSS is the analyses'; then a second
 *    child (scale-explain.ts) runs EXPLAIN (ANALYZE, BUFFERS) of the slowest statements; then, for the next
 *    scale, the database grows by copies (scale-data.ts `scaleGrowthSteps`) and is vacuumed again;
 * 3. figures: per analysis seconds and share; total; ratio total ÷ median baseline round (goal ≤ 20×); peak RSS
 *    (goal < 400 MB); growth total(k×) ÷ total(1×) ÷ k (goal ≤ 1, i.e. time(3×) ≤ 3 × time(1×)).
 * The report is drawn by analyze-scale-report.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureProcess } from '../measure-process.js';
import { createDatabase, dropDatabase, serverUnavailableReason, withDatabase } from '../server-database.js';
import type { ScalePlan } from './scale-data.js';
import type { ExplainedQuery } from './scale-explain.js';
import { median } from './analyze-scale-report.js';
import type { ScaleRunResult } from './scale-run.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = { generate: join(HERE, 'scale-generate.js'), run: join(HERE, 'scale-run.js'), explain: join(HERE, 'scale-explain.js') } as const;

export type ScaleDatabase = 'server' | 'embedded';

export interface AnalyzeScaleOptions {
  /** Calls at 1× on the server and on the embedded database. */
  readonly serverCalls: number;
  readonly embeddedCalls: number;
  /** Sizes to measure, multiples of the 1× data, ascending (1 first). */
  readonly serverScales: readonly number[];
  readonly embeddedScales: readonly number[];
  readonly databases: readonly ScaleDatabase[];
  /** Base URL of the server (each run creates its own database there). */
  readonly serverUrl: string;
  /** PGOPTIONS of the measured server processes (e.g. `-c jit=off`), for what-if measurements. */
  readonly serverOptions?: string;
  /** SQL file run on each database after generation and growth, before measuring (what-if measurements). */
  readonly setupSql?: string;
  /** Slowest statements to EXPLAIN per database and scale (0: none). */
  readonly explain: number;
  /** Baseline rounds before the analyses and again after. */
  readonly countRounds: number;
  /** Analysis names (default: all of ANALYSES). */
  readonly analyses?: readonly string[];
  /** VACUUM (ANALYZE) after generation (default true; false measures the state right after loading). */
  readonly vacuum: boolean;
  readonly keep: boolean;
  readonly gnuTimePath: string | null;
  /** CI check (`--smoke`): the report makes no claim against the goals. */
  readonly smoke: boolean;
}

/** One database at one scale. */
export interface ScaleMeasurement {
  readonly database: ScaleDatabase;
  readonly scale: number;
  readonly calls: number;
  /** Generation (1×) or growth (k×) of this size: seconds and rows. */
  readonly preparation: { readonly seconds: number; readonly rows: Readonly<Record<string, number>>; readonly steps: readonly { label: string; seconds: number }[] } | null;
  readonly run: ScaleRunResult | null;
  readonly wallSeconds: number;
  readonly peakRssMB: number | null;
  /**
   * The same analyses as one set through runAnalyses (two at a time), in a process of its own under GNU time
   * (`scale-run --set-only`): seconds, its own count(*) baseline (median round), peak RSS; null when it failed.
   */
  readonly set: { readonly seconds: number; readonly baselineSeconds: number; readonly peakRssMB: number | null; readonly concurrency: number; readonly errors: readonly string[] } | null;
  /**
   * The quarterly report end to end in a process of its own (`scale-run --report-only`): seconds, `kpis` by month
   * alone, the analyses it reads, peak RSS, errors; null when it failed.
   */
  readonly report: { readonly seconds: number; readonly extraCallsSeconds: number; readonly analyses: readonly string[]; readonly peakRssMB: number | null; readonly errors: readonly string[] } | null;
  readonly explains: readonly ExplainedQuery[];
  readonly error: string | null;
}

export interface AnalyzeScaleReport {
  readonly options: AnalyzeScaleOptions;
  readonly measurements: readonly ScaleMeasurement[];
  /** Databases skipped and why (server unreachable, …). */
  readonly skipped: readonly string[];
  readonly notes: readonly string[];
  readonly seconds: number;
}

interface Target {
  readonly database: ScaleDatabase;
  readonly calls: number;
  /** DATABASE_URL or SERVQ_DATA_DIR of the children. */
  readonly env: NodeJS.ProcessEnv;
  readonly measureEnv: NodeJS.ProcessEnv;
  readonly cleanUp: () => Promise<void>;
}

/** Environment of every child: ours, without what selects servq's database. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['DATABASE_URL'];
  delete env['SERVQ_DATA_DIR'];
  return env;
}

function lastLine(text: string): string {
  return text.trim().split('\n').slice(-4).join(' | ').slice(0, 600);
}

/** Runs a generation child (from 0: the 1× data; else growth from× → to×); its summary, or throws with its stderr. */
async function prepare(target: Target, from: number, to: number, options: AnalyzeScaleOptions, dir: string): Promise<NonNullable<ScaleMeasurement['preparation']>> {
  const grow = from === 0 ? [] : ['--grow', String(from), String(to)];
  const args = [CHILD.generate, String(target.calls), ...grow, ...(options.vacuum ? [] : ['--no-vacuum'])];
  const run = await measureProcess({ command: process.execPath, args, env: target.env, cwd: dir, timeReportPath: join(dir, 'gen-time.txt'), gnuTimePath: null });
  if (run.exitCode !== 0) throw new Error(`generation (${to}×) failed: ${lastLine(run.stderr)}`);
  const parsed = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { steps: { label: string; seconds: number }[]; rows: Record<string, number>; plan: ScalePlan };
  if (options.setupSql !== undefined) {
    const setup = await measureProcess({ command: process.execPath, args: [join(HERE, 'scale-setup.js'), options.setupSql], env: target.env, cwd: dir, timeReportPath: join(dir, 'setup-time.txt'), gnuTimePath: null });
    if (setup.exitCode !== 0) throw new Error(`--analyze-setup-sql failed: ${lastLine(setup.stderr)}`);
  }
  return { seconds: run.wallSeconds, rows: parsed.rows, steps: parsed.steps };
}

/** Stage 2 for one database and scale: the measured child, then the EXPLAIN child. */
async function measure(target: Target, scale: number, options: AnalyzeScaleOptions, dir: string, preparation: ScaleMeasurement['preparation']): Promise<ScaleMeasurement> {
  const out = join(dir, `run-${target.database}-${scale}.json`);
  process.stderr.write(`  ${target.database} ${scale}×: analyses…\n`);
  const only = options.analyses === undefined ? [] : ['--only', options.analyses.join(',')];
  const args = [CHILD.run, '--count-rounds', String(options.countRounds), '--top', String(Math.max(options.explain, 5)), '--no-set', '--out', out, ...only];
  const run = await measureProcess({ command: process.execPath, args, env: target.measureEnv, cwd: dir, timeReportPath: join(dir, 'time.txt'), gnuTimePath: options.gnuTimePath });
  process.stderr.write(run.stderr.split('\n').filter((l) => l.startsWith('    ')).map((l) => `${l}\n`).join(''));
  // The set, as a report runs it, in a process of its own (its peak RSS is the set's alone).
  const setOut = join(dir, `set-${target.database}-${scale}.json`);
  const setRun = await measureProcess({ command: process.execPath, args: [CHILD.run, '--count-rounds', String(options.countRounds), '--set-only', '--out', setOut, ...only], env: target.measureEnv, cwd: dir, timeReportPath: join(dir, 'set-time.txt'), gnuTimePath: options.gnuTimePath });
  process.stderr.write(setRun.stderr.split('\n').filter((l) => l.startsWith('    ')).map((l) => `${l}\n`).join(''));
  let set: ScaleMeasurement['set'] = null;
  if (setRun.exitCode === 0) {
    const r = JSON.parse(readFileSync(setOut, 'utf8')) as ScaleRunResult;
    const baselineSeconds = median(r.baselineRounds.map((x) => Object.values(x).reduce((a, b) => a + b, 0)));
    if (r.set !== null) set = { seconds: r.set.seconds, baselineSeconds, peakRssMB: setRun.peakRssMB, concurrency: r.set.concurrency, errors: r.set.errors };
  }
  // The quarterly report, in a process of its own.
  const reportOut = join(dir, `report-${target.database}-${scale}.json`);
  const reportRun = await measureProcess({ command: process.execPath, args: [CHILD.run, '--count-rounds', '1', '--report-only', '--out', reportOut], env: target.measureEnv, cwd: dir, timeReportPath: join(dir, 'report-time.txt'), gnuTimePath: options.gnuTimePath });
  process.stderr.write(reportRun.stderr.split('\n').filter((l) => l.startsWith('    ')).map((l) => `${l}\n`).join(''));
  let report: ScaleMeasurement['report'] = null;
  if (reportRun.exitCode === 0) {
    const r = (JSON.parse(readFileSync(reportOut, 'utf8')) as ScaleRunResult).report;
    if (r !== null) report = { seconds: r.seconds, extraCallsSeconds: r.extraCallsSeconds, analyses: r.analyses, peakRssMB: reportRun.peakRssMB, errors: r.errors };
  } else {
    process.stderr.write(`    the quarterly report failed: ${lastLine(reportRun.stderr)}\n`);
  }
  const base = { database: target.database, scale, calls: target.calls * scale, preparation, wallSeconds: run.wallSeconds, peakRssMB: run.peakRssMB, set, report };
  if (run.exitCode !== 0) return { ...base, run: null, explains: [], error: `scale-run exited ${String(run.exitCode ?? run.signal)}: ${lastLine(run.stderr)}` };
  const result = JSON.parse(readFileSync(out, 'utf8')) as ScaleRunResult;
  let explains: ExplainedQuery[] = [];
  if (options.explain > 0 && result.slowQueries.length > 0) {
    const queries = join(dir, 'explain-in.json');
    const explained = join(dir, 'explain-out.json');
    writeFileSync(queries, JSON.stringify(result.slowQueries.slice(0, options.explain)));
    const ex = await measureProcess({ command: process.execPath, args: [CHILD.explain, queries, explained], env: target.measureEnv, cwd: dir, timeReportPath: join(dir, 'explain-time.txt'), gnuTimePath: null });
    process.stderr.write(ex.stderr.split('\n').filter((l) => l.startsWith('    ')).map((l) => `${l}\n`).join(''));
    explains = ex.exitCode === 0 ? (JSON.parse(readFileSync(explained, 'utf8')) as ExplainedQuery[]) : [{ label: '(explain)', summary: null, plan: null, error: lastLine(ex.stderr) }];
  }
  return { ...base, run: result, explains, error: null };
}

/** Names of server databases created and not yet dropped (dropped on Ctrl-C). */
const openDatabases = new Set<string>();

/** Stage 1's scratch space for one database. */
async function openTarget(database: ScaleDatabase, options: AnalyzeScaleOptions, root: string, notes: string[]): Promise<Target> {
  const env = baseEnv();
  if (database === 'server') {
    const name = `servq_scale_${process.pid}`;
    const admin = { ...env, PGCONNECT_TIMEOUT: '10' };
    await dropDatabase(options.serverUrl, name, admin);
    await createDatabase(options.serverUrl, name, admin);
    openDatabases.add(name);
    const url = withDatabase(options.serverUrl, name);
    return {
      database,
      calls: options.serverCalls,
      env: { ...env, DATABASE_URL: url },
      measureEnv: { ...env, DATABASE_URL: url, ...(options.serverOptions === undefined ? {} : { PGOPTIONS: options.serverOptions }) },
      cleanUp: async () => {
        if (options.keep) notes.push(`kept server database ${name}`);
        else {
          const problem = await dropDatabase(options.serverUrl, name, admin);
          if (problem !== null) notes.push(`could not drop database ${name}: ${problem}`);
        }
        openDatabases.delete(name);
      },
    };
  }
  const dataDir = join(root, 'pgdata');
  return {
    database,
    calls: options.embeddedCalls,
    env: { ...env, SERVQ_DATA_DIR: dataDir },
    measureEnv: { ...env, SERVQ_DATA_DIR: dataDir },
    cleanUp: async () => {
      if (options.keep) notes.push(`kept embedded data directory ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs stages 1–2 on the chosen databases and returns the measurements (stage 3 is in the report).
 *
 * @param options sizes, databases, server, what-if settings
 * @example (await runAnalyzeAtScale(options)).measurements.map((m) => `${m.database} ${m.scale}×`)
 * // => ['server 1×', 'server 3×', 'embedded 1×']
 */
export async function runAnalyzeAtScale(options: AnalyzeScaleOptions): Promise<AnalyzeScaleReport> {
  const started = Date.now();
  const notes: string[] = [];
  const skipped: string[] = [];
  const root = mkdtempSync(join(os.tmpdir(), 'servq-analyze-scale-'));
  const onInterrupt = () => {
    process.stderr.write('\ninterrupted: dropping the scratch databases\n');
    for (const name of openDatabases) {
      try {
        execFileSync('psql', ['-X', '-q', '-d', options.serverUrl, '-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { stdio: 'ignore', env: { ...process.env, PGCONNECT_TIMEOUT: '5' } });
      } catch {
        process.stderr.write(`could not drop database ${name}\n`);
      }
    }
    if (!options.keep) rmSync(root, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  const measurements: ScaleMeasurement[] = [];
  const targets: { target: Target; scales: readonly number[]; dir: string }[] = [];
  try {
    for (const database of options.databases) {
      if (database === 'server') {
        const reason = await serverUnavailableReason(options.serverUrl, { ...baseEnv(), PGCONNECT_TIMEOUT: '10' });
        if (reason !== null) {
          skipped.push(`server: ${reason}`);
          continue;
        }
      }
      const dir = mkdtempSync(join(root, `${database}-`));
      targets.push({ target: await openTarget(database, options, dir, notes), scales: database === 'server' ? options.serverScales : options.embeddedScales, dir });
    }
    // 1. Generation of every database at once (each a single process on one core), before anything is timed.
    process.stderr.write(`  generating: ${targets.map((t) => `${t.target.database} ${t.target.calls.toLocaleString('en-US')} calls`).join(', ')}…\n`);
    const generated = await Promise.allSettled(targets.map((t) => prepare(t.target, 0, 1, options, t.dir)));
    // 2. Measurements, one at a time; growth between scales.
    for (const [index, { target, scales, dir }] of targets.entries()) {
      const first = generated[index]!;
      try {
        if (first.status === 'rejected') throw first.reason;
        let preparation: ScaleMeasurement['preparation'] = first.value;
        let size = 1;
        for (const scale of scales) {
          if (scale > size) {
            process.stderr.write(`  ${target.database}: growing to ${scale}×…\n`);
            preparation = await prepare(target, size, scale, options, dir);
            size = scale;
          }
          measurements.push(await measure(target, scale, options, dir, preparation));
        }
      } catch (error) {
        measurements.push({ database: target.database, scale: 0, calls: target.calls, preparation: null, run: null, wallSeconds: 0, peakRssMB: null, set: null, report: null, explains: [], error: error instanceof Error ? error.message : String(error) });
      } finally {
        await target.cleanUp();
      }
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
  return { options, measurements, skipped, notes, seconds: (Date.now() - started) / 1000 };
}
