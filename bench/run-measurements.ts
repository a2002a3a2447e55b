/**
 * Runs the benchmark's measurements: each repetition a whole process under GNU time, in a fresh scratch
 * directory (its working directory: servq's `.servq` key folder lands there) and, on the server, a fresh
 * database, so every servq run is a user's first run with start-up and migrations.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MeasurementId, MeasurementPlan, RunRecord } from './bench-results.js';
import { sampleBackendCpu } from './backend-cpu.js';
import { measureProcess, type ProcessMeasurement, type ProcessSpec } from './measure-process.js';
import { parseRawCopyRows, rawRunRecord, servqRunRecord } from './run-records.js';
import {
  allTextTableSql,
  copyCommand,
  createDatabase,
  dropDatabase,
  runPsql,
  withDatabase,
} from './server-database.js';

/** The embedded raw-limit child process, compiled next to this file. */
const PGLITE_RAW_COPY = join(dirname(fileURLToPath(import.meta.url)), 'pglite-raw-copy.js');

/** Everything the measured runs need. */
export interface MeasurementContext {
  /** Rows in each input file: every run must load exactly these. */
  readonly rows: number;
  readonly repeat: number;
  /** Columns of the input files (width of the raw all-text tables). */
  readonly columnCount: number;
  readonly utf8Path: string;
  readonly gb18030Path?: string;
  /** Small call logs in the same days as the big file, loaded (untimed) before the overlap measurement. */
  readonly overlapPaths: readonly string[];
  /** Absolute path of servq's entry point, run with this Node. */
  readonly servqBin: string;
  /** Base URL of the server; each run gets its own database there. */
  readonly serverUrl: string;
  /** Keep scratch directories and databases (for inspection). */
  readonly keep: boolean;
  readonly gnuTimePath: string | null;
  /** Parent of the per-run scratch directories. */
  readonly tempRoot: string;
  /** Environment of every child, without the variables that select servq's database and home folder. */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Notes for the report (kept databases, failed drops), appended to. */
  readonly notes: string[];
}

let databaseCounter = 0;
/** Databases created and not yet dropped: an interrupted benchmark drops them on its way out. */
const openDatabases = new Set<string>();

/**
 * Names of the server databases of runs still in progress (normally none, one while a server run is going).
 *
 * @example openBenchDatabases() // => []
 */
export function openBenchDatabases(): string[] {
  return [...openDatabases];
}

/** A fresh database on the server for the duration of `body`, dropped afterwards unless `keep`. */
async function withFreshDatabase<T>(context: MeasurementContext, body: (url: string, name: string) => Promise<T>): Promise<T> {
  databaseCounter += 1;
  const name = `servq_bench_${process.pid}_${databaseCounter}`;
  const adminEnv = { ...context.baseEnv, PGCONNECT_TIMEOUT: '10' };
  await createDatabase(context.serverUrl, name, adminEnv);
  openDatabases.add(name);
  try {
    return await body(withDatabase(context.serverUrl, name), name);
  } finally {
    if (context.keep) {
      context.notes.push(`kept database ${name}`);
    } else {
      const problem = await dropDatabase(context.serverUrl, name, adminEnv);
      if (problem !== null) context.notes.push(`could not drop database ${name}: ${problem}`);
    }
    openDatabases.delete(name);
  }
}

/** A fresh scratch directory (working directory, data directory, GNU time report) for one run. */
async function withRunDirectory<T>(context: MeasurementContext, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(context.tempRoot, 'run-'));
  try {
    return await body(dir);
  } finally {
    // Data directories of millions of rows take gigabytes: free them before the next run.
    if (!context.keep) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Measures a process that works on the server database `name`, with the CPU its backends use
 * (`backendCpuSeconds`, null when the server's processes cannot be read from here).
 */
async function measureWithBackend(context: MeasurementContext, name: string, spec: ProcessSpec): Promise<ProcessMeasurement & { backendCpuSeconds: number | null }> {
  const sampler = await sampleBackendCpu(context.serverUrl, name).catch(() => null);
  let stopped: Promise<number | null> | undefined;
  const stop = () => (stopped ??= sampler === null ? Promise.resolve(null) : sampler.stop().catch(() => null));
  try {
    const run = await measureProcess(spec);
    return { ...run, backendCpuSeconds: await stop() };
  } finally {
    await stop(); // also when the measurement threw: the sampler's connection must not keep the bench alive
  }
}

function servqArgs(context: MeasurementContext, plan: MeasurementPlan): string[] {
  const file = plan.encoding === 'GB18030' ? (context.gb18030Path ?? '') : context.utf8Path;
  return [context.servqBin, 'ingest', 'calls', file, '--json'];
}

/**
 * Runs one repetition of one measurement and checks that it loaded every row.
 *
 * @param context files, server, scratch space and environment
 * @param plan the measurement
 * @param repetition 1-based repetition number
 * @throws Error when the server refuses to create the run's database or raw table
 * @example (await runMeasurement(context, plans[0], 1)).ok // => true
 */
export async function runMeasurement(
  context: MeasurementContext,
  plan: MeasurementPlan,
  repetition: number,
): Promise<RunRecord> {
  const rows = context.rows;
  return withRunDirectory(context, async (dir) => {
    const processSpec = { cwd: dir, timeReportPath: join(dir, 'time.txt'), gnuTimePath: context.gnuTimePath };
    switch (plan.id) {
      case 'server-raw-copy':
        return withFreshDatabase(context, async (url, name) => {
          const table = await runPsql(url, allTextTableSql('raw_calls', context.columnCount), context.baseEnv);
          if (!table.ok) throw new Error(`runMeasurement: could not create raw_calls: ${table.stderr.trim()}`);
          const run = await measureWithBackend(context, name, {
            ...processSpec,
            command: 'psql',
            args: ['-X', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', copyCommand('raw_calls', context.utf8Path)],
            env: context.baseEnv,
          });
          const copied = /COPY (\d+)/.exec(run.stdout)?.[1];
          return rawRunRecord(run, repetition, rows, copied === undefined ? null : Number(copied));
        });
      case 'server-servq-utf8':
      case 'server-servq-gb18030':
        return withFreshDatabase(context, async (url, name) => {
          const run = await measureWithBackend(context, name, {
            ...processSpec,
            command: process.execPath,
            args: servqArgs(context, plan),
            env: { ...context.baseEnv, DATABASE_URL: url },
          });
          return servqRunRecord(run, repetition, rows);
        });
      case 'server-servq-overlap':
        return withFreshDatabase(context, async (url, name) => {
          const env = { ...context.baseEnv, DATABASE_URL: url };
          await loadEarlierBatches(context, dir, env);
          const run = await measureWithBackend(context, name, { ...processSpec, command: process.execPath, args: servqArgs(context, plan), env });
          return servqRunRecord(run, repetition, rows);
        });
      case 'embedded-raw-copy': {
        const run = await measureProcess({
          ...processSpec,
          command: process.execPath,
          args: [PGLITE_RAW_COPY, join(dir, 'pgdata'), context.utf8Path],
          env: context.baseEnv,
        });
        return rawRunRecord(run, repetition, rows, parseRawCopyRows(run.stdout));
      }
      case 'embedded-servq-overlap': {
        const env = { ...context.baseEnv, SERVQ_DATA_DIR: join(dir, 'pgdata') };
        await loadEarlierBatches(context, dir, env);
        const run = await measureProcess({ ...processSpec, command: process.execPath, args: servqArgs(context, plan), env });
        return servqRunRecord(run, repetition, rows);
      }
      case 'embedded-servq-utf8':
      case 'embedded-servq-gb18030': {
        // A data directory that does not exist yet, as on a user's first run.
        const run = await measureProcess({
          ...processSpec,
          command: process.execPath,
          args: servqArgs(context, plan),
          env: { ...context.baseEnv, SERVQ_DATA_DIR: join(dir, 'pgdata') },
        });
        return servqRunRecord(run, repetition, rows);
      }
    }
  });
}

/**
 * Loads the small earlier files of the overlap measurement (not timed), each as its own batch, so the timed
 * load's duplicate search has earlier batches whose time spans meet its own.
 */
async function loadEarlierBatches(context: MeasurementContext, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  for (const path of context.overlapPaths) {
    await promisify(execFile)(process.execPath, [context.servqBin, 'ingest', 'calls', path, '--json'], { cwd, env });
  }
}

/** One progress line (with the error, indented, when the run failed). */
function describeRun(plan: MeasurementPlan, record: RunRecord, repeat: number): string {
  const head = `  ${plan.label}  ${record.repetition}/${repeat}  ${record.wallSeconds.toFixed(2)} s`;
  if (!record.ok) return `${head}  FAIL\n    ${(record.error ?? '').split('\n').join('\n    ')}`;
  const rate = Math.round(plan.rows / record.wallSeconds).toLocaleString('en-US');
  const rss = record.peakRssMB === null ? '' : `  RSS ${record.peakRssMB.toFixed(0)} MB`;
  const cpu = typeof record.cpuSeconds === 'number' ? `  CPU ${record.cpuSeconds.toFixed(2)} s` : '';
  const server = typeof record.backendCpuSeconds === 'number' ? `  server CPU ${record.backendCpuSeconds.toFixed(2)} s` : '';
  return `${head}  ${rate} rows/s${rss}${cpu}${server}`;
}

/**
 * Runs a group's measurements `repeat` times, interleaved (A B C, A B C, …) so drift of a noisy machine
 * spreads over all of them. A measurement that fails is not repeated: timing a failing process again tells
 * nothing new. Progress goes to stderr.
 *
 * @param context files, server, scratch space and environment
 * @param plans the measurements of one database
 * @returns the runs of each measurement
 * @example (await runGroup(context, serverPlans)).get('server-raw-copy')?.length // => 3
 */
export async function runGroup(
  context: MeasurementContext,
  plans: readonly MeasurementPlan[],
): Promise<Map<MeasurementId, RunRecord[]>> {
  const runs = new Map<MeasurementId, RunRecord[]>(plans.map((plan) => [plan.id, []]));
  const failed = new Set<MeasurementId>();
  for (let repetition = 1; repetition <= context.repeat; repetition++) {
    for (const plan of plans) {
      if (failed.has(plan.id)) continue;
      let record: RunRecord;
      try {
        record = await runMeasurement(context, plan, repetition);
      } catch (error) {
        record = {
          repetition,
          ok: false,
          wallSeconds: 0,
          peakRssMB: null,
          exitCode: null,
          error: error instanceof Error ? error.message : String(error),
        };
      }
      runs.get(plan.id)?.push(record);
      if (!record.ok) failed.add(plan.id);
      process.stderr.write(`${describeRun(plan, record, context.repeat)}\n`);
    }
  }
  return runs;
}
