/**
 * `servq schedule`: one long-running process that starts each enabled pipeline at its cron ticks (node-cron 4,
 * `timezone`, `noOverlap`), one run at a time (a run holds the embedded database only while it executes),
 * and on start catches up the runs missed while no scheduler was running — once per pipeline, for its
 * latest missed tick, however many were missed (the count is logged and stored with the run). A tick whose
 * run finds the database unavailable is tried again, with growing waits, until the pipeline's next tick.
 */
import { schedule as cronSchedule, type ScheduledTask } from 'node-cron';
import type { ServqConfig } from './config.js';
import { CronSchedule, ScheduleError } from './cron-ticks.js';
import { resolveParams, type PipelineDefinition } from './define.js';
import { errorText } from './retry.js';
import { pipelineZone, type RunOutcome } from './runner.js';

/** A declared pipeline with its effective schedule (the config's override, else the declaration's). */
export interface ScheduledPipeline {
  readonly definition: PipelineDefinition;
  readonly schedule: CronSchedule;
  readonly enabled: boolean;
}

/**
 * Applies the config's schedule overrides to the declared pipelines.
 * @throws ScheduleError naming the pipeline whose schedule or zone cannot be used
 */
export function schedulesOf(config: ServqConfig, pipelines: readonly PipelineDefinition[]): ScheduledPipeline[] {
  return pipelines.map((definition) => {
    const o = config.pipelines[definition.name];
    try {
      return { definition, schedule: new CronSchedule(o?.schedule ?? definition.schedule, pipelineZone(config, definition.name)), enabled: o?.enabled ?? true };
    } catch (error) {
      if (error instanceof ScheduleError) throw new ScheduleError(`pipeline ${definition.name}: ${error.message}`);
      throw error;
    }
  });
}

/**
 * The tick a node-cron firing at `fired` stands for: the latest tick of `schedule` at or before it (within
 * 3 h), else `fired` to the minute. Both name the same tick except when a local time happens twice: east of
 * UTC node-cron 4.6 fires it at its second occurrence while the schedule's tick (and so catch-up and the run
 * history) is the first; mapping the firing to the tick keeps one run per local time.
 */
export function tickOf(schedule: CronSchedule, fired: Date): Date {
  const minute = new Date(Math.floor(fired.getTime() / 60_000) * 60_000);
  return schedule.latestAtOrBefore(new Date(minute.getTime() + 999), 3 * 3_600_000) ?? minute;
}

/** Runs a pipeline missed while no scheduler ran. */
export interface MissedRuns {
  readonly pipeline: ScheduledPipeline;
  /** How many ticks were missed (at least 1); `more`: at least this many (the count stopped). */
  readonly count: number;
  readonly more: boolean;
  readonly first: Date;
  /** The latest missed tick: the one catch-up runs for (its period). */
  readonly latest: Date;
}

/** Most missed ticks counted per pipeline (an every-minute schedule down for a month would be 43,200). */
const MISSED_COUNT_LIMIT = 10_000;

/**
 * The runs each enabled pipeline missed between its last recorded tick and `now`. A pipeline that never ran
 * on schedule has missed nothing (a first start does not run every report at once).
 */
export function missedRuns(pipelines: readonly ScheduledPipeline[], lastTicks: ReadonlyMap<string, Date>, now: Date): MissedRuns[] {
  const out: MissedRuns[] = [];
  for (const p of pipelines) {
    if (!p.enabled) continue;
    const last = lastTicks.get(p.definition.name);
    if (last === undefined) continue;
    const { ticks, more } = p.schedule.ticksBetween(last, now, MISSED_COUNT_LIMIT);
    if (ticks.length === 0) continue;
    // With `more`, the latest tick is still needed: it is the one to catch up.
    const latest = more ? p.schedule.latestTick(now) ?? ticks.at(-1)! : ticks.at(-1)!;
    out.push({ pipeline: p, count: ticks.length, more, first: ticks[0]!, latest });
  }
  return out;
}

export interface SchedulerOptions {
  readonly pipelines: readonly ScheduledPipeline[];
  /** Runs one pipeline for a tick (the CLI opens the database, records the run, logs). */
  readonly run: (p: ScheduledPipeline, trigger: 'schedule' | 'catch-up', tick: Date, missedTicks: number) => Promise<RunOutcome>;
  /** The latest recorded tick of each pipeline (opens the database briefly). */
  readonly lastTicks: () => Promise<ReadonlyMap<string, Date>>;
  readonly log: (line: string) => void;
  readonly now?: () => Date;
  /** A stop signal: no run starts once it is aborted (also during start). */
  readonly signal?: AbortSignal;
  /** Waits before trying again a tick whose run found the database unavailable (default 1, 5, 15, 30, 60 min; the last repeats). */
  readonly unavailableRetryMs?: readonly number[];
}

const UNAVAILABLE_RETRY_MS: readonly number[] = [1, 5, 15, 30, 60].map((m) => m * 60_000);

/** How late (ms) a tick may still start after the process was busy or suspended (node-cron's tolerance). */
const LATE_TOLERANCE_MS = 10 * 60_000;

export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(private readonly o: SchedulerOptions) {}

  /** Now, by the injected clock when there is one. */
  private clock(): Date {
    return this.o.now?.() ?? new Date();
  }

  private get stopped(): boolean {
    return this.stopping || this.o.signal?.aborted === true;
  }

  /** Queues `work` behind the runs before it: one run at a time in this process. */
  private enqueue(work: () => Promise<unknown>): Promise<unknown> {
    const next = this.queue.then(() => (this.stopped ? undefined : work()));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs one tick; whatever happens is logged, never thrown (the scheduler keeps going). */
  private async runAndReport(p: ScheduledPipeline, trigger: 'schedule' | 'catch-up', tick: Date, missed: number, retry = 0): Promise<void> {
    try {
      const outcome = await this.o.run(p, trigger, tick, missed);
      if (outcome.kind === 'unavailable') this.retryLater(p, trigger, tick, missed, retry, outcome.error);
      else this.report(p, outcome);
    } catch (error) {
      this.o.log(`${p.definition.name}: the run could not be recorded or finished: ${errorText(error)}; its history shows it running until the next run marks it abandoned`);
      this.logNext(p);
    }
  }

  /**
   * A tick whose run found the database unavailable (a server restarting, the embedded database held for
   * hours) is tried again after a wait, unless the pipeline's next tick comes first: then the next run covers
   * the newer period and the log says how to run the older one.
   */
  private retryLater(p: ScheduledPipeline, trigger: 'schedule' | 'catch-up', tick: Date, missed: number, retry: number, error: string): void {
    const name = p.definition.name;
    const waits = this.o.unavailableRetryMs ?? UNAVAILABLE_RETRY_MS;
    const waitMs = waits[Math.min(retry, waits.length - 1)]!;
    const now = this.clock();
    if (this.stopped) return;
    // The tick after this one (not after now: an attempt can end past it, after waiting hours for the database).
    const following = p.schedule.next(tick).getTime();
    if (now.getTime() + waitMs >= following) {
      this.giveUp(p, tick, `the database is unavailable: ${error}`);
      return;
    }
    const wait = waitMs >= 60_000 ? `${Math.round(waitMs / 60_000)} min` : `${Math.round(waitMs / 1000)} s`;
    this.o.log(`${name}: not run — the database is unavailable: ${error}; trying the ${p.schedule.localText(tick)} run again in ${wait}`);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.enqueue(async () => {
        // Queued behind a long run, the retry may start after the following tick: that tick's run covers it.
        if (this.clock().getTime() >= following) this.giveUp(p, tick, 'the database was unavailable');
        else await this.runAndReport(p, trigger, tick, missed, retry + 1);
      });
    }, waitMs);
    this.retryTimers.add(timer);
  }

  /** Says that `tick` is not tried again (the pipeline's next tick comes first) and how to run it by hand. */
  private giveUp(p: ScheduledPipeline, tick: Date, why: string): void {
    const name = p.definition.name;
    const period = resolveParams(p.definition, tick, p.schedule.timeZone).period;
    this.o.log(`${name}: not run — ${why}; the ${p.schedule.localText(tick)} run is not tried again before the next tick: run it with servq run ${name}${period ? ` --period ${period}` : ''} once the database is back`);
    this.logNext(p);
  }

  private report(p: ScheduledPipeline, outcome: RunOutcome): void {
    const name = p.definition.name;
    if (outcome.kind === 'skipped') this.o.log(`${name}: skipped — ${outcome.reason}`);
    this.logNext(p);
  }

  /** The pipeline's next run, unless the scheduler is stopping (there is none then). */
  private logNext(p: ScheduledPipeline): void {
    if (!this.stopped) this.o.log(`${p.definition.name}: next run ${this.nextText(p)}`);
  }

  private nextText(p: ScheduledPipeline): string {
    const next = p.schedule.next(this.clock());
    return `${p.schedule.localText(next)} ${p.schedule.timeZone} (${next.toISOString()})`;
  }

  /**
   * Reports and runs (once each) what was missed, then starts the cron tasks. Resolves once the catch-up
   * runs are queued (not finished).
   */
  async start(): Promise<void> {
    const enabled = this.o.pipelines.filter((p) => p.enabled);
    for (const p of this.o.pipelines) {
      if (!p.enabled) this.o.log(`${p.definition.name}: disabled in the config`);
    }
    const last = await this.o.lastTicks();
    if (this.stopped) return;
    const missed = missedRuns(enabled, last, this.clock());
    for (const m of missed) {
      const name = m.pipeline.definition.name;
      const span = m.count === 1 ? `the ${m.pipeline.schedule.localText(m.latest)} run` : `${m.more ? 'more than ' : ''}${m.count} runs (${m.pipeline.schedule.localText(m.first)} … ${m.pipeline.schedule.localText(m.latest)})`;
      this.o.log(`${name}: missed ${span} while no scheduler was running; catching up once now, for ${m.pipeline.schedule.localText(m.latest)} ${m.pipeline.schedule.timeZone}`);
      void this.enqueue(() => this.runAndReport(m.pipeline, 'catch-up', m.latest, m.count));
    }
    for (const p of enabled) {
      const task = cronSchedule(
        p.schedule.cron,
        async (context) => {
          if (this.stopped) return;
          const tick = tickOf(p.schedule, context.date);
          await this.enqueue(() => this.runAndReport(p, 'schedule', tick, 0));
        },
        {
          name: p.definition.name,
          timezone: p.schedule.timeZone,
          noOverlap: true,
          missedExecutionTolerance: LATE_TOLERANCE_MS,
          suppressMissedWarning: true,
          // node-cron's own lines would repeat the events logged below (overlap, missed) in another format.
          logger: { info: () => undefined, debug: () => undefined, warn: () => undefined, error: (m: string | Error) => this.o.log(`${p.definition.name}: node-cron: ${m instanceof Error ? m.message : m}`) },
        },
      );
      task.on('execution:overlap', () => this.o.log(`${p.definition.name}: a tick came while its previous tick was still running or queued behind another pipeline's run; skipped (noOverlap)`));
      task.on('execution:missed', (c) => this.o.log(`${p.definition.name}: the ${c.date.toISOString()} tick was missed (the process was suspended or busy for more than ${LATE_TOLERANCE_MS / 60_000} min); it runs at the next start of the scheduler, or now with servq run ${p.definition.name}`));
      this.tasks.push(task);
      if (!missed.some((m) => m.pipeline === p)) this.o.log(`${p.definition.name}: scheduled '${p.schedule.cron}' (${p.schedule.timeZone}); next run ${this.nextText(p)}`);
    }
  }

  /** Stops the cron tasks and starts no queued run; resolves when the run going now has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    for (const task of this.tasks) await task.destroy();
    await this.queue;
  }
}
