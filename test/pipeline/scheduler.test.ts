/**
 * The Scheduler class in process, with an injected clock and fake runs (no database, no waiting for a cron
 * tick): on start it catches up each pipeline's missed ticks once (the latest tick, with the count), runs
 * one at a time, skips disabled pipelines, starts nothing once the stop signal is set, and stop() waits for
 * the queued runs. The live firing of ticks is covered with real processes in test/cli/pipeline-process.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PIPELINES } from '../../pipelines/index.js';
import { CronSchedule } from '../../src/pipeline/cron-ticks.js';
import type { RunOutcome } from '../../src/pipeline/runner.js';
import { Scheduler, type ScheduledPipeline } from '../../src/pipeline/scheduler.js';

const daily: ScheduledPipeline = { definition: PIPELINES.find((p) => p.name === 'daily-ingest')!, schedule: new CronSchedule('0 2 * * *', 'UTC'), enabled: true };
const monthly: ScheduledPipeline = { definition: PIPELINES.find((p) => p.name === 'monthly-report')!, schedule: new CronSchedule('0 7 1 * *', 'UTC'), enabled: true };
const quarterly: ScheduledPipeline = { definition: PIPELINES.find((p) => p.name === 'quarterly-report')!, schedule: new CronSchedule('30 7 1 1,4,7,10 *', 'UTC'), enabled: false };
const NOW = new Date('2026-12-04T09:00:00Z');

interface Call {
  readonly pipeline: string;
  readonly trigger: string;
  readonly tick: string;
  readonly missed: number;
}

function harness(o: { last: Record<string, string>; signal?: AbortSignal; runMs?: number; outcomes?: RunOutcome[]; retryMs?: number[]; clock?: { now: Date }; onRun?: () => void }) {
  const calls: Call[] = [];
  const log: string[] = [];
  let running = 0;
  let finished = 0;
  let overlapped = false;
  const scheduler = new Scheduler({
    pipelines: [daily, monthly, quarterly],
    lastTicks: async () => new Map(Object.entries(o.last).map(([k, v]) => [k, new Date(v)])),
    run: async (p, trigger, tick, missed): Promise<RunOutcome> => {
      running++;
      if (running > 1) overlapped = true;
      calls.push({ pipeline: p.definition.name, trigger, tick: tick.toISOString(), missed });
      o.onRun?.();
      await new Promise((resolve) => setTimeout(resolve, o.runMs ?? 20));
      running--;
      finished++;
      return o.outcomes?.shift() ?? { kind: 'skipped', reason: 'fake run' };
    },
    log: (line) => log.push(line),
    now: () => o.clock?.now ?? NOW,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.retryMs ? { unavailableRetryMs: o.retryMs } : {}),
  });
  return { scheduler, calls, log, overlapped: () => overlapped, finished: () => finished };
}

describe('Scheduler', () => {
  it('catches up each pipeline once, for its latest missed tick, one run at a time; skips a disabled one', async () => {
    const h = harness({ last: { 'daily-ingest': '2026-12-01T02:00:00Z', 'monthly-report': '2026-10-01T07:00:00Z', 'quarterly-report': '2026-01-01T07:30:00Z' } });
    await h.scheduler.start();
    for (let i = 0; i < 100 && h.calls.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await h.scheduler.stop();
    expect(h.calls).toEqual([
      { pipeline: 'daily-ingest', trigger: 'catch-up', tick: '2026-12-04T02:00:00.000Z', missed: 3 },
      { pipeline: 'monthly-report', trigger: 'catch-up', tick: '2026-12-01T07:00:00.000Z', missed: 2 },
    ]);
    expect(h.overlapped()).toBe(false);
    expect(h.log.join('\n')).toMatch(/daily-ingest: missed 3 runs \(2026-12-02 02:00 … 2026-12-04 02:00\) while no scheduler was running; catching up once now, for 2026-12-04 02:00 UTC/);
    expect(h.log.join('\n')).toMatch(/quarterly-report: disabled in the config/);
  });

  it('runs nothing for a pipeline that never ran on schedule, and says when it runs next', async () => {
    const h = harness({ last: {} });
    await h.scheduler.start();
    await h.scheduler.stop();
    expect(h.calls).toEqual([]);
    expect(h.log.join('\n')).toMatch(/daily-ingest: scheduled '0 2 \* \* \*' \(UTC\); next run 2026-12-05 02:00 UTC \(2026-12-05T02:00:00.000Z\)/);
  });

  it('tries a tick again when the database was unavailable, unless the next tick comes first', async () => {
    const unavailable: RunOutcome = { kind: 'unavailable', error: 'connect ECONNREFUSED 127.0.0.1:5432' };
    const h = harness({ last: { 'daily-ingest': '2026-12-03T02:00:00Z' }, outcomes: [unavailable, unavailable], retryMs: [10, 30] });
    await h.scheduler.start();
    for (let i = 0; i < 200 && h.calls.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await h.scheduler.stop();
    // Before: the tick was logged as not run and lost until the scheduler's next start.
    expect(h.calls.map((c) => [c.pipeline, c.trigger, c.tick])).toEqual(Array(3).fill(['daily-ingest', 'catch-up', '2026-12-04T02:00:00.000Z']));
    expect(h.log.filter((l) => l.includes('trying the 2026-12-04 02:00 run again'))).toHaveLength(2);

    const late = harness({ last: { 'monthly-report': '2026-11-01T07:00:00Z' }, outcomes: [unavailable], retryMs: [40 * 86_400_000] });
    await late.scheduler.start();
    for (let i = 0; i < 200 && late.finished() < 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await late.scheduler.stop();
    expect(late.calls).toHaveLength(1);
    expect(late.log.join('\n')).toContain(
      'monthly-report: not run — the database is unavailable: connect ECONNREFUSED 127.0.0.1:5432; the 2026-12-01 07:00 run is not tried again before the next tick: run it with servq run monthly-report --period 2026-11 once the database is back',
    );
  });

  it('gives a tick up once the following tick is due, even when its attempt ended after that tick', async () => {
    const unavailable: RunOutcome = { kind: 'unavailable', error: 'the embedded database is in use by process 42' };
    // The catch-up attempt for 2026-12-04 02:00 waited (the embedded database's lock) until after 2026-12-05 02:00.
    const clock = { now: NOW };
    const h = harness({ last: { 'daily-ingest': '2026-12-03T02:00:00Z' }, outcomes: [unavailable, unavailable], retryMs: [10], clock, onRun: () => (clock.now = new Date('2026-12-05T03:00:00Z')) });
    await h.scheduler.start();
    for (let i = 0; i < 100 && h.finished() < 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50)); // time for a retry, were one scheduled
    await h.scheduler.stop();
    // Before: the give-up compared with the tick after now (a day later), so the old tick was tried again and again.
    expect(h.calls).toHaveLength(1);
    expect(h.log.join('\n')).toContain('daily-ingest: not run — the database is unavailable: the embedded database is in use by process 42; the 2026-12-04 02:00 run is not tried again before the next tick: run it with servq run daily-ingest once the database is back');
  });

  it('starts no run once the stop signal is set, and stop() waits for the run that is going', async () => {
    const stopped = new AbortController();
    stopped.abort();
    const h = harness({ last: { 'daily-ingest': '2026-12-01T02:00:00Z' }, signal: stopped.signal });
    await h.scheduler.start();
    await h.scheduler.stop();
    expect(h.calls).toEqual([]);

    const controller = new AbortController();
    const slow = harness({ last: { 'daily-ingest': '2026-12-01T02:00:00Z', 'monthly-report': '2026-10-01T07:00:00Z' }, signal: controller.signal, runMs: 200 });
    await slow.scheduler.start();
    for (let i = 0; i < 500 && slow.calls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5)); // the first catch-up is running
    controller.abort();
    await slow.scheduler.stop();
    expect(slow.finished()).toBe(1); // stop() resolved only once the run going had ended
    expect(slow.calls.map((c) => c.pipeline)).toEqual(['daily-ingest']); // the queued one never started
    expect(slow.log.filter((l) => l.includes('next run'))).toEqual([]); // stopping: there is no next run to announce
  });
});
