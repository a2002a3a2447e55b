/**
 * `servq pipelines`, `servq run PIPELINE`, `servq schedule` and `servq jobs`: the declared pipelines
 * (pipelines/), one run now, the long-running scheduler, and the run history.
 */
import { PIPELINES } from '../../pipelines/index.js';
import { abandonDeadRuns, listRuns, lastTicks, watchPipelines, type RunRecord } from '../db/pipeline-runs.js';
import { ConfigError, loadConfig, type ServqConfig } from '../pipeline/config.js';
import { ScheduleError } from '../pipeline/cron-ticks.js';
import type { PipelineDefinition } from '../pipeline/define.js';
import { didYouMean } from '../ingest/nearest-name.js';
import { errorText, isTransient, withRetry } from '../pipeline/retry.js';
import { runPipeline, type RunOutcome } from '../pipeline/runner.js';
import { Scheduler, schedulesOf, type ScheduledPipeline } from '../pipeline/scheduler.js';
import type { Database } from '../db/session.js';
import { processAlive } from '../db/dir-lock.js';
import { CliError } from './cli-error.js';
import { openDatabase, table, withDatabase, type GlobalOptions } from './context.js';
import { interruptOnSignals, CANCEL_AFTER_MS } from './interrupt.js';

/** Exit codes of `servq run` (also in its --help). */
export const RUN_EXIT = { succeeded: 0, failed: 1, usage: 2, warning: 3, interrupted: 130, skipped: 75, unavailable: 69 } as const;

/** How long a scheduled run waits for another process using the embedded database (an analyst's notebook). */
const SCHEDULED_LOCK_WAIT_MS = 6 * 3_600_000;

function config(file: string | undefined): ServqConfig {
  try {
    return loadConfig(file ?? process.env['SERVQ_CONFIG'], PIPELINES.map((p) => p.name));
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}

function scheduled(c: ServqConfig): ScheduledPipeline[] {
  try {
    return schedulesOf(c, PIPELINES);
  } catch (error) {
    if (error instanceof ScheduleError) throw new CliError(`${c.file ?? 'configuration'}: ${error.message}`, 2);
    throw error;
  }
}

function findPipeline(name: string): PipelineDefinition {
  const p = PIPELINES.find((x) => x.name === name);
  if (!p) throw new CliError(`unknown pipeline ${didYouMean(name, PIPELINES.map((x) => x.name))}; the pipelines are: ${PIPELINES.map((x) => x.name).join(', ')} (servq pipelines)`, 2);
  return p;
}

/** A line with the time, for the scheduler's log (journald adds its own; a plain file needs one). */
function stamp(line: string): string {
  return `${new Date().toISOString()} ${line}`;
}

export interface PipelinesCommandOptions {
  readonly config?: string;
  readonly json?: boolean;
}

/** `servq pipelines`: each pipeline with its schedule, zone, next run and what it does. */
export function runPipelines(o: PipelinesCommandOptions): void {
  const c = config(o.config);
  // On stderr, also with --json: a kind whose profile cannot be read is loaded by no run until it is fixed.
  for (const w of c.warnings) console.error(`servq: warning: ${c.file ?? 'configuration'}: ${w}`);
  const now = new Date();
  const rows = scheduled(c).map((p) => {
    const next = p.enabled ? p.schedule.next(now) : null;
    return {
      name: p.definition.name,
      schedule: p.schedule.cron,
      timeZone: p.schedule.timeZone,
      enabled: p.enabled,
      period: p.definition.period ?? null,
      next: next?.toISOString() ?? null,
      nextLocal: next ? p.schedule.localText(next) : null,
      steps: p.definition.steps.map((s) => s.name),
      description: p.definition.description,
    };
  });
  if (o.json) {
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  console.log(table(['pipeline', 'schedule', 'time zone', 'next run (local)', 'period', 'steps'], rows.map((r) => [r.name, r.schedule, r.timeZone, r.nextLocal ?? 'disabled', r.period ?? '-', r.steps.join(' → ')])));
  console.log(`\nConfig: ${c.file ?? 'none (defaults; write servq.config.json to change them)'} · inbox ${c.inbox.dir} · reports ${c.reports.out} (${c.reports.languages.join(', ')}) · outputs ${c.outputs}`);
  console.log('Run one now: servq run PIPELINE · start the scheduler: servq schedule · history: servq jobs');
}

export interface RunCommandOptions {
  readonly config?: string;
  readonly period?: string;
  readonly json?: boolean;
}

function outcomeJson(name: string, outcome: RunOutcome): string {
  if (outcome.kind === 'ran') {
    return JSON.stringify({ pipeline: name, runId: outcome.runId, status: outcome.status, params: outcome.params, error: outcome.error, steps: outcome.steps.map((s) => ({ ...s, seconds: Math.round(s.seconds * 10) / 10 })) });
  }
  return JSON.stringify({ pipeline: name, runId: null, status: outcome.kind, error: outcome.kind === 'skipped' ? outcome.reason : outcome.error });
}

/** `servq run PIPELINE`: runs it now (manual trigger), waiting for a run of it in another process. */
export async function runRun(name: string, o: RunCommandOptions, g: GlobalOptions): Promise<number> {
  const definition = findPipeline(name);
  const c = config(o.config);
  scheduled(c); // the config's schedule of this pipeline must be valid too: the same file drives the scheduler
  const interrupt = interruptOnSignals();
  try {
    let outcome: RunOutcome;
    try {
      outcome = await runPipeline({
        definition,
        config: c,
        trigger: 'manual',
        ...(o.period !== undefined ? { periodOverride: o.period } : {}),
        signal: interrupt.signal,
        openDatabase: () => openDatabase(g, undefined, interrupt.signal),
        onDatabase: (db) => interrupt.watch(db),
        log: (line) => console.error(`servq: ${line}`),
        waitForLock: true,
      });
    } catch (error) {
      if (error instanceof RangeError) throw new CliError(error.message.replace(/^period: /, '--period: '), 2);
      throw error;
    } finally {
      interrupt.settle();
    }
    if (o.json) process.stdout.write(`${outcomeJson(name, outcome)}\n`);
    if (outcome.kind === 'skipped') {
      if (!o.json) console.error(`servq: ${name}: not run — ${outcome.reason}`);
      return interrupt.signal.aborted ? RUN_EXIT.interrupted : RUN_EXIT.skipped;
    }
    if (outcome.kind === 'unavailable') {
      if (!o.json) console.error(`servq: ${name}: the database is unavailable: ${outcome.error}`);
      return RUN_EXIT.unavailable;
    }
    if (!o.json) {
      console.log(table(['step', 'status', 'seconds', 'what happened'], outcome.steps.map((s) => [s.name, s.status, s.seconds.toFixed(1), s.error ?? s.detail ?? ''])));
      console.log(`\nRun #${outcome.runId} of ${name}${outcome.params.period ? ` for ${outcome.params.period}` : ''}: ${outcome.status}. History: servq jobs ${outcome.runId}`);
    }
    return RUN_EXIT[outcome.status as keyof typeof RUN_EXIT] ?? RUN_EXIT.failed;
  } finally {
    interrupt.dispose();
  }
}

export interface ScheduleCommandOptions {
  readonly config?: string;
}

/**
 * `servq schedule`: runs until SIGTERM/SIGINT. A signal stops new runs; a running step stops at its next safe
 * point and rolls back. Exit 0 when no run was going, 130 (SIGINT) or 143 (SIGTERM) when one was interrupted.
 */
export async function runSchedule(o: ScheduleCommandOptions, g: GlobalOptions): Promise<number> {
  const c = config(o.config);
  const pipelines = scheduled(c);
  if (!pipelines.some((p) => p.enabled)) throw new CliError(`${c.file ?? 'configuration'}: every pipeline is disabled; nothing to schedule`, 2);
  const log = (line: string) => console.log(stamp(line));
  const controller = new AbortController();
  let current: Database | undefined;
  let running = 0;
  let interruptedRun = false;
  const scheduler = new Scheduler({
    pipelines,
    log,
    signal: controller.signal,
    lastTicks: async () => {
      try {
        // A server still starting (the scheduler started first at boot) is waited for, with the runs' backoff.
        const { value } = await withRetry(
          () =>
            withDatabase(
              g,
              async (db) => {
                // Runs left 'running' by a killed process: marked abandoned first, so their ticks count as missed.
                for (const id of await abandonDeadRuns(db)) log(`run #${id} had not finished (its process was killed or lost the database); marked abandoned`);
                const names = (enabled: boolean) => pipelines.filter((p) => p.enabled === enabled).map((p) => p.definition.name);
                await watchPipelines(db, names(true), names(false));
                return lastTicks(db);
              },
              { lockTimeoutMs: SCHEDULED_LOCK_WAIT_MS, signal: controller.signal },
            ),
          c.retry,
          controller.signal,
          (attempt, error, waitMs) => log(`cannot reach the database (${errorText(error)}); attempt ${attempt} in ${Math.round(waitMs / 1000)} s`),
        );
        return value;
      } catch (error) {
        if (controller.signal.aborted) return new Map(); // stopped while waiting for the database: start nothing
        if (isTransient(error)) {
          throw new CliError(`the database is unavailable: ${errorText(error)}; check ${g.databaseUrl ? 'DATABASE_URL and that the server runs' : 'the embedded database'} (under systemd the unit's Restart= starts the scheduler again)`, RUN_EXIT.unavailable);
        }
        throw error;
      }
    },
    run: async (p, trigger, tick, missed) => {
      running++;
      try {
        const outcome = await runPipeline({
          definition: p.definition,
          config: c,
          trigger,
          scheduledFor: tick,
          missedTicks: missed,
          signal: controller.signal,
          openDatabase: () => openDatabase(g, SCHEDULED_LOCK_WAIT_MS, controller.signal),
          onDatabase: (db) => (current = db),
          log,
        });
        if (outcome.kind === 'ran' && outcome.status === 'interrupted') interruptedRun = true;
        return outcome;
      } catch (error) {
        if (controller.signal.aborted) interruptedRun = true;
        throw error;
      } finally {
        current = undefined;
        running--;
      }
    },
  });
  const where = g.databaseUrl ? 'the PostgreSQL server' : `the embedded database (${g.dataDir}; opened only while a run executes)`;
  log(`servq schedule: ${pipelines.filter((p) => p.enabled).length} pipeline(s), config ${c.file ?? 'none (defaults)'}, ${where}; stop with SIGTERM or Ctrl-C`);
  for (const w of c.warnings) log(`warning: ${c.file ?? 'configuration'}: ${w}`);

  let signalled: NodeJS.Signals | undefined;
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (name: NodeJS.Signals) => {
      if (signalled !== undefined) {
        log('second signal: exiting now (the database rolls back what was not committed)');
        const code = name === 'SIGINT' ? 130 : 143;
        void (current?.cancel() ?? Promise.resolve()).catch(() => undefined).finally(() => process.exit(code));
        setTimeout(() => process.exit(code), 2000).unref();
        return;
      }
      signalled = name;
      log(`${name}: stopping — no new runs${running > 0 ? '; the running step stops at its next safe point and rolls back what it has not committed' : ''}`);
      controller.abort();
      // A statement stuck in the database: cancel it from outside after a moment (as servq ingest does).
      setTimeout(() => void current?.cancel().catch(() => undefined), CANCEL_AFTER_MS).unref();
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await scheduler.start();
  await stopped;
  await scheduler.stop();
  log(interruptedRun ? 'stopped; the interrupted run is recorded (servq jobs) and runs again at the next start' : 'stopped; no run was interrupted');
  return interruptedRun ? (signalled === 'SIGINT' ? 130 : 143) : 0;
}

export interface JobsCommandOptions {
  readonly pipeline?: string;
  readonly limit: number;
  readonly json?: boolean;
}

function local(iso: string | null): string {
  return iso === null ? '-' : iso.slice(0, 19).replace('T', ' ') + 'Z';
}

/**
 * True for a run recorded as running whose process on this machine is gone (killed before it could record its
 * end; the next run of any pipeline marks it abandoned). A process of another machine cannot be checked.
 */
function processGone(r: RunRecord): boolean {
  return r.status === 'running' && !processAlive(r.host, r.pid);
}

/** A run's status for people: 'running (process gone)' for a killed run not yet marked abandoned. */
function statusText(r: RunRecord): string {
  return processGone(r) ? 'running (process gone)' : r.status;
}

/** `servq jobs [RUN]`: the run history (newest first), or one run with its steps. */
export async function runJobs(runId: number | undefined, o: JobsCommandOptions, g: GlobalOptions): Promise<void> {
  if (o.pipeline !== undefined) findPipeline(o.pipeline);
  const runs: RunRecord[] = await withDatabase(g, (db) => listRuns(db, { limit: runId !== undefined ? 1 : o.limit, withSteps: true, ...(o.pipeline !== undefined ? { pipeline: o.pipeline } : {}), ...(runId !== undefined ? { runId } : {}) }));
  if (runId !== undefined && runs.length === 0) throw new CliError(`no run #${runId} (servq jobs lists them)`);
  if (o.json) {
    for (const r of runs) process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  if (runs.length === 0) {
    console.log('No pipeline runs yet. Run one: servq run daily-ingest · or start the scheduler: servq schedule');
    return;
  }
  if (runId !== undefined) {
    const r = runs[0]!;
    console.log(`Run #${r.runId} of ${r.pipeline}: ${statusText(r)} (${r.trigger}${r.scheduledFor ? ` for ${r.scheduledFor}` : ''}${r.missedTicks > 1 ? `, covering ${r.missedTicks} missed ticks` : ''})`);
    console.log(`  started ${local(r.startedAt)}, ${r.finishedAt ? `finished ${local(r.finishedAt)} (${r.seconds} s)` : 'not finished'} on ${r.host} (pid ${r.pid}), servq ${r.servqVersion}`);
    console.log(`  parameters ${JSON.stringify(r.params)}`);
    if (r.error) console.log(`  error: ${r.error}`);
    console.log('');
    console.log(table(['#', 'step', 'status', 'seconds', 'attempts', 'what happened'], (r.steps ?? []).map((s) => [String(s.stepNo), s.name, s.status, s.seconds === null ? '-' : s.seconds.toFixed(1), String(s.attempts), s.error ?? s.detail ?? ''])));
    return;
  }
  console.log(
    table(
      ['run', 'pipeline', 'trigger', 'period', 'status', 'started', 'seconds', 'steps', 'error'],
      runs.map((r) => [
        String(r.runId),
        r.pipeline,
        r.trigger,
        typeof r.params['period'] === 'string' ? r.params['period'] : '-',
        statusText(r),
        local(r.startedAt),
        r.seconds === null ? '-' : r.seconds.toFixed(1),
        `${(r.steps ?? []).filter((s) => s.status === 'succeeded' || s.status === 'warning').length}/${PIPELINES.find((p) => p.name === r.pipeline)?.steps.length ?? (r.steps ?? []).length}`,
        (r.error ?? '').slice(0, 80),
      ]),
    ),
  );
  const gone = runs.some(processGone);
  console.log(`\nOne run with its steps: servq jobs RUN${gone ? "\n'process gone': the run's process was killed before it recorded its end; the next run of any pipeline marks it abandoned" : ''}`);
}
