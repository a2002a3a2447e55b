/**
 * runAnalyses (src/analyze/run-set.ts): the scheduling on stand-in analyses (timers, no database: they read no
 * source, so the runner asks nothing of it), and — on the demo data, both engines — the documents equal to
 * runAnalysis one at a time (test/analyze/cross-check.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { AnalysisDefinition } from '../../src/analyze/analysis.js';
import { parsePeriod, REQUEST_DEFAULTS, runAnalyses, type AnalyzeRequest } from '../../src/analyze/index.js';
import type { Database } from '../../src/db/session.js';

const request: AnalyzeRequest = { ...REQUEST_DEFAULTS, period: parsePeriod('2026-Q1'), by: [], filters: {}, timeZone: 'UTC', generatedAt: new Date(0) };
const noDatabase = {} as Database;

function standIn(name: string, ms: number, log: { running: number; computing: number; max: number; maxComputing: number; started: string[] }, compute = false, fail = false): AnalysisDefinition {
  return {
    name,
    summary: name,
    sources: [],
    compute,
    async run() {
      log.started.push(name);
      log.running++;
      if (compute) log.computing++;
      log.max = Math.max(log.max, log.running);
      log.maxComputing = Math.max(log.maxComputing, log.computing);
      await new Promise((r) => setTimeout(r, ms));
      log.running--;
      if (compute) log.computing--;
      if (fail) throw new Error(`${name} failed`);
      return { rows: [], variants: {}, notes: [name], ranges: [], observed: {} };
    },
  };
}

describe('runAnalyses', () => {
  it('runs two at a time, never two computing ones at once, keeps going past a failure, and answers in the given order', async () => {
    const log = { running: 0, computing: 0, max: 0, maxComputing: 0, started: [] as string[] };
    const set = [
      standIn('tree', 40, log, true),
      standIn('segments', 40, log, true),
      standIn('kpis', 20, log),
      standIn('broken', 5, log, false, true),
      standIn('themes', 10, log, true),
      standIn('sla', 30, log),
    ];
    const done: string[] = [];
    const entries = await runAnalyses(noDatabase, set, request, { onDone: (e) => done.push(e.name) });
    expect(entries.map((e) => e.name)).toEqual(['tree', 'segments', 'kpis', 'broken', 'themes', 'sla']);
    expect(log.max).toBe(2);
    expect(log.maxComputing).toBe(1);
    // segments waits for tree; kpis takes the free slot beside tree
    expect(log.started.slice(0, 2)).toEqual(['tree', 'kpis']);
    expect(entries.find((e) => e.name === 'broken')).toMatchObject({ document: null, error: { message: 'broken failed' } });
    for (const e of entries.filter((x) => x.name !== 'broken')) {
      expect(e.error).toBeNull();
      expect(e.document).toMatchObject({ analysis: e.name, notes: [e.name] });
      expect(e.seconds).toBeGreaterThan(0);
    }
    expect([...done].sort()).toEqual(entries.map((e) => e.name).sort());
  });

  it('with concurrency 1 runs them one after another, in order', async () => {
    const log = { running: 0, computing: 0, max: 0, maxComputing: 0, started: [] as string[] };
    const set = [standIn('a', 5, log), standIn('b', 5, log, true), standIn('c', 5, log)];
    await runAnalyses(noDatabase, set, request, { concurrency: 1 });
    expect(log.started).toEqual(['a', 'b', 'c']);
    expect(log.max).toBe(1);
  });

  it('runs every analysis even when a callback throws, then rejects with its error', async () => {
    const log = { running: 0, computing: 0, max: 0, maxComputing: 0, started: [] as string[] };
    const set = [standIn('a', 5, log), standIn('b', 5, log, true), standIn('c', 5, log), standIn('d', 5, log)];
    await expect(
      runAnalyses(noDatabase, set, request, {
        onDone: (e) => {
          if (e.name === 'a') throw new Error('progress bar broke');
        },
        onStart: (name) => {
          if (name === 'c') throw new Error('second error, not reported');
        },
      }),
    ).rejects.toThrow('progress bar broke');
    expect([...log.started].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(log.running).toBe(0);
  });

  it('refuses a concurrency that is not a positive integer', async () => {
    await expect(runAnalyses(noDatabase, [], request, { concurrency: 0 })).rejects.toThrow(RangeError);
    expect(await runAnalyses(noDatabase, [], request)).toEqual([]);
  });
});
