/**
 * Runs one pipeline once: opens the database for the run only (on the embedded database its directory lock
 * is held while the run executes, not while a scheduler sleeps), takes the pipeline's run lock (an advisory
 * lock on a server; the embedded directory lock already makes the process the only one), records the run,
 * then runs the steps in order. A failing step stops the run and leaves what earlier steps committed; a
 * transient database error retries the step with backoff; SIGTERM/SIGINT stops at the step's next safe point
 * (it rolls back what it has not committed) and the run is recorded as interrupted.
 */
import type { PipelineStatus } from '../db/tables.js';
import { abandonDeadRuns, abandonStaleRuns, finishRun, finishStep, runningRun, runStatus, startRun, startStep, tryLockPipeline, unlockPipeline, type RunTrigger, type StepEnd } from '../db/pipeline-runs.js';
import type { Database, LeasedSession } from '../db/session.js';
import type { ServqConfig } from './config.js';
import { resolveParams, type PipelineDefinition, type RunParams, type StepResult } from './define.js';
import { errorText, withRetry, type RetryPolicy } from './retry.js';

export interface RunRequest {
  readonly definition: PipelineDefinition;
  readonly config: ServqConfig;
  readonly trigger: RunTrigger;
  /** The tick a scheduled or catch-up run is for (its parameters are resolved against it). */
  readonly scheduledFor?: Date;
  /** Catch-up: how many ticks were missed (this one run covers them). */
  readonly missedTicks?: number;
  /** A manual run's --period. */
  readonly periodOverride?: string;
  readonly signal: AbortSignal;
  /** Opens the database for this run; it is closed when the run ends. */
  readonly openDatabase: () => Promise<Database>;
  /** Told of the database once open (the signal handler cancels its statement on a second signal). */
  readonly onDatabase?: (db: Database) => void;
  readonly log: (line: string) => void;
  readonly now?: () => Date;
  /**
   * Wait while another process runs this pipeline (default), or skip (false). Scheduled runs wait too: the
   * tick's unique row stops a second scheduler once the first has started it.
   */
  readonly waitForLock?: boolean;
  /** Override of the config's retry policy (tests). */
  readonly retry?: RetryPolicy;
}

export interface StepOutcome {
  readonly name: string;
  readonly status: PipelineStatus;
  readonly detail: string | null;
  readonly error: string | null;
  readonly seconds: number;
  readonly attempts: number;
  readonly counts: Readonly<Record<string, number | string>>;
}

export type RunOutcome =
  | { readonly kind: 'ran'; readonly runId: number; readonly status: PipelineStatus; readonly error: string | null; readonly params: RunParams; readonly steps: readonly StepOutcome[]; readonly abandoned: readonly number[] }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly error: string };

/** The zone a pipeline's schedule and periods are read in. */
export function pipelineZone(config: ServqConfig, name: string): string {
  return config.pipelines[name]?.timeZone ?? config.timeZone;
}

class Interrupted extends Error {
  constructor() {
    super('interrupted (SIGTERM/SIGINT): the step stopped and rolled back what it had not committed');
  }
}

/** The run's lock connection ended: another process may have started the pipeline; this run stops. */
class LostLock extends Error {
  constructor(name: string, cause: unknown) {
    super(`lost ${name}'s run lock: its database connection ended; another process may have started ${name}, so this run stopped`, { cause });
  }
}

/** A step status after which the run goes no further. */
function endsRun(status: PipelineStatus): boolean {
  return status === 'failed' || status === 'interrupted';
}

/** The run's error when step `no` ended it. */
function stepEndedRun(no: number, name: string, status: PipelineStatus, error: string | null): string {
  return `step ${no} (${name}) ${status}: ${error}`;
}

/** The run's error when a stop came after step `no` had finished. */
function stoppedAfter(no: number, name: string): string {
  return `stopped (SIGTERM/SIGINT) after step ${no} (${name}); steps 1–${no} finished`;
}

/**
 * Runs the pipeline once. A step's failure is in the outcome and the history, never thrown; what is thrown
 * is a failure to record the run with no stop signal (the database itself failing).
 */
export async function runPipeline(r: RunRequest): Promise<RunOutcome> {
  const now = r.now ?? (() => new Date());
  const policy = r.retry ?? r.config.retry;
  const name = r.definition.name;
  const zone = pipelineZone(r.config, name);
  const reference = r.scheduledFor ?? now();
  // Resolved before the database opens: a bad --period is a usage error, not a failed run.
  const params = resolveParams(r.definition, reference, zone, r.periodOverride);
  const notStarted = { kind: 'skipped', reason: 'stopped (SIGTERM/SIGINT) before the run started' } as const;

  let db: Database;
  try {
    ({ value: db } = await withRetry(() => r.openDatabase(), policy, r.signal, (attempt, error, waitMs) => r.log(`${name}: cannot reach the database (${errorText(error)}); attempt ${attempt} in ${Math.round(waitMs / 1000)} s`)));
  } catch (error) {
    if (r.signal.aborted) return notStarted;
    return { kind: 'unavailable', error: errorText(error) };
  }
  r.onDatabase?.(db);
  let lockSession: LeasedSession | undefined;
  let runId: number | undefined;
  // The step whose row may be 'running' (being started, or its end not yet recorded).
  let openStep: { no: number; name: string } | undefined;
  const steps: StepOutcome[] = [];
  let status: PipelineStatus = 'succeeded';
  let runError: string | null = null;
  // Every step has ended and its end is recorded: only the run's own end is left to record.
  let finishing = false;
  try {
    if (r.signal.aborted) return notStarted;
    if (db.kind === 'postgres') {
      lockSession = await db.acquire();
      let told = false;
      while (!(await tryLockPipeline(lockSession, name))) {
        const holder = await runningRun(lockSession, name);
        const who = holder ? `run #${holder.runId} on ${holder.host} (pid ${holder.pid}, since ${holder.startedAt})` : 'another process';
        if (r.waitForLock === false) return { kind: 'skipped', reason: `${name} is already running: ${who}` };
        if (!told) r.log(`${name}: waiting for ${who} to finish…`);
        told = true;
        if (r.signal.aborted) return notStarted;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    const session = lockSession;
    // A session lock lasts as long as its connection: check the connection before each write that counts.
    const checkLock = async () => {
      if (session === undefined) return;
      try {
        await session.query('SELECT 1');
      } catch (error) {
        throw new LostLock(name, error);
      }
    };
    // Holding the pipeline's lock (or the whole embedded database): a run still marked running was killed.
    const { value: abandoned } = await withRetry(() => abandonStaleRuns(db, name), policy, r.signal);
    for (const id of abandoned) r.log(`${name}: run #${id} had not finished (its process was killed or lost the database); marked abandoned`);
    // Other pipelines' killed runs too (whose run lock is free): bookkeeping that must not fail this run.
    const others = await abandonDeadRuns(db, name).catch(() => [] as number[]);
    for (const id of others) r.log(`${name}: run #${id} of another pipeline had not finished (its process was killed or lost the database); marked abandoned`);
    const { value: start } = await withRetry(() => startRun(db, { pipeline: name, trigger: r.trigger, scheduledFor: r.scheduledFor ?? null, missedTicks: r.missedTicks ?? 0, params }), policy, r.signal);
    if (!start.started) {
      const e = start.existing;
      return { kind: 'skipped', reason: `the ${r.scheduledFor!.toISOString()} run of ${name} was already started: run #${e.runId} (${e.status}) on ${e.host}, pid ${e.pid}` };
    }
    runId = start.runId;
    const id = runId;
    r.log(`${name}: run #${id} started (${r.trigger}${params.period ? `, period ${params.period}` : ''})`);
    for (const [i, step] of r.definition.steps.entries()) {
      if (r.signal.aborted) {
        status = 'interrupted';
        runError = i === 0 ? 'stopped (SIGTERM/SIGINT) before its first step' : stoppedAfter(i, r.definition.steps[i - 1]!.name);
        break;
      }
      const stepNo = i + 1;
      try {
        await checkLock();
      } catch (error) {
        status = 'failed';
        runError = errorText(error);
        break;
      }
      openStep = { no: stepNo, name: step.name };
      await withRetry(() => startStep(db, id, stepNo, step.name), policy);
      const t0 = performance.now();
      let result: StepResult | undefined;
      let attempts = 1;
      let stepStatus: PipelineStatus;
      let stepError: string | null = null;
      try {
        const done = await withRetry(
          // A step that returns has finished its work (committed, files renamed into place), even when a
          // signal came meanwhile: it is recorded as done, and the loop stops before the next step.
          () => step.run({ db, config: r.config, pipeline: name, runId: id, params, signal: r.signal, log: (m) => r.log(`${name}: ${step.name}: ${m}`), now }),
          policy,
          r.signal,
          (attempt, error, waitMs) => r.log(`${name}: ${step.name}: transient database error (${errorText(error)}); attempt ${attempt} of ${policy.attempts} in ${(waitMs / 1000).toFixed(0)} s`),
        );
        result = done.value;
        attempts = done.attempts;
        stepStatus = result.status ?? 'succeeded';
      } catch (error) {
        attempts = (error as { attempts?: number }).attempts ?? attempts;
        if (r.signal.aborted) {
          stepStatus = 'interrupted';
          stepError = new Interrupted().message;
        } else {
          stepStatus = 'failed';
          stepError = errorText(error);
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      const outcome: StepOutcome = { name: step.name, status: stepStatus, detail: result?.detail ?? null, error: stepError, seconds, attempts, counts: result?.counts ?? {} };
      steps.push(outcome);
      await withRetry(() => finishStep(db, id, stepNo, { status: stepStatus, attempts, counts: outcome.counts, detail: outcome.detail, error: stepError }), policy);
      openStep = undefined;
      r.log(`${name}: step ${stepNo}/${r.definition.steps.length} ${step.name}: ${stepStatus} in ${seconds.toFixed(1)} s${outcome.detail ? ` — ${outcome.detail}` : ''}${stepError ? ` — ${stepError}` : ''}`);
      if (stepStatus === 'warning' && status === 'succeeded') status = 'warning';
      if (endsRun(stepStatus)) {
        status = stepStatus;
        runError = stepEndedRun(stepNo, step.name, stepStatus, stepError);
        break;
      }
    }
    if (status !== 'failed') {
      try {
        await checkLock();
      } catch (error) {
        status = 'failed';
        runError = errorText(error);
      }
    }
    finishing = true;
    const { value: recorded } = await withRetry(() => finishRun(db, id, status, runError), policy);
    if (!recorded) r.log(`${name}: run #${id} was marked abandoned by another process meanwhile (it had lost its lock); its own end is not recorded`);
    r.log(`${name}: run #${id} ${status}${runError ? `: ${runError}` : ''}`);
    return { kind: 'ran', runId: id, status, error: runError, params, steps, abandoned };
  } catch (error) {
    // Stopped while a statement was cut off: on the embedded database the worker running it was ended (the
    // only way to stop a PGlite statement), so this connection can record nothing more. The ends not yet
    // recorded are recorded through a second opening of the database: a step that had ended with its own
    // outcome, one cut off mid-way as interrupted; the run as interrupted, or with its own outcome when every
    // step had ended. If that fails too, the run stays 'running' until the next run (or scheduler start) marks
    // it abandoned, and its tick counts as missed.
    if (r.signal.aborted) {
      if (runId === undefined) return notStarted;
      const cutOff = errorText(error);
      let stepEnd: (StepEnd & { readonly no: number }) | undefined;
      if (finishing) {
        // Only the run's end was left: its steps all ended, so it keeps the outcome they gave it.
      } else if (openStep !== undefined && steps.length >= openStep.no) {
        // The step ended (its work committed or rolled back); only recording its end was cut off.
        const ended = steps[openStep.no - 1]!;
        stepEnd = { no: openStep.no, status: ended.status, attempts: ended.attempts, counts: ended.counts, detail: ended.detail, error: ended.error };
        if (endsRun(ended.status)) {
          status = ended.status;
          runError = stepEndedRun(openStep.no, openStep.name, ended.status, ended.error);
        } else {
          status = 'interrupted';
          runError = stoppedAfter(openStep.no, openStep.name);
        }
      } else {
        const stepError = `${new Interrupted().message}; its statement was cut off (${cutOff})`;
        if (openStep !== undefined) {
          stepEnd = { no: openStep.no, status: 'interrupted', attempts: 1, counts: {}, detail: null, error: stepError };
          steps.push({ name: openStep.name, status: 'interrupted', detail: null, error: stepError, seconds: 0, attempts: 1, counts: {} });
          runError = stepEndedRun(openStep.no, openStep.name, 'interrupted', stepError);
        } else {
          runError = `stopped (SIGTERM/SIGINT); the database was cut off (${cutOff})`;
        }
        status = 'interrupted';
      }
      // The embedded directory's lock must be free for the second opening (a server's pool is left to the
      // finally below, which still has the run lock's session to release).
      if (db.kind === 'pglite') await db.close().catch(() => undefined);
      const recorded = await recordCutOffRun(r, runId, stepEnd, status, runError);
      const note =
        recorded === 'recorded' || recorded === 'already'
          ? runError
          : `${runError}; its end could not be recorded, so the next run or scheduler start marks it abandoned`;
      r.log(`${name}: run #${runId} ${status}${note ? `: ${note}` : ''}`);
      return { kind: 'ran', runId, status, error: note, params, steps, abandoned: [] };
    }
    throw error;
  } finally {
    if (lockSession !== undefined) {
      await unlockPipeline(lockSession, name).catch(() => undefined);
      lockSession.release(true);
    }
    await db.close().catch(() => undefined);
  }
}

/** Time the second opening of a cut-off database gets (`servq run` exits 8 s after the signal whatever happens). */
const RECORD_CUT_OFF_MS = 5000;

/**
 * Records the end of a run whose database was cut off by a stop, through a new opening of the database, within
 * RECORD_CUT_OFF_MS. 'already' when the run's end had been recorded after all (the cut statement committed),
 * 'failed' when the database did not open in time or another process took it meanwhile.
 */
async function recordCutOffRun(r: RunRequest, runId: number, step: (StepEnd & { readonly no: number }) | undefined, status: PipelineStatus, runError: string | null): Promise<'recorded' | 'already' | 'failed'> {
  const opening = r.openDatabase();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), RECORD_CUT_OFF_MS).unref()));
  let db: Database | undefined;
  try {
    db = await Promise.race([opening, late]);
    if (db === undefined) {
      // Too slow: give up, and close the database if it opens after all (it would hold the embedded lock).
      opening.then((d) => d.close()).catch(() => undefined);
      return 'failed';
    }
    if (step !== undefined) await finishStep(db, runId, step.no, step);
    if (await finishRun(db, runId, status, runError)) return 'recorded';
    const now = await runStatus(db, runId);
    return now !== undefined && now !== 'running' ? 'already' : 'failed';
  } catch {
    opening.catch(() => undefined);
    return 'failed';
  } finally {
    clearTimeout(timer);
    await db?.close().catch(() => undefined);
  }
}
