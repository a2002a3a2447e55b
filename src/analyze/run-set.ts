/**
 * Runs a set of analyses for one request — the quarterly set a report is built from — a few at a time.
 *
 * Why: an analysis either waits on the database (its statements run on the server's cores or in PGlite's worker
 * thread) or computes in JavaScript on this process's one main thread (models and texts on a sample). One after
 * another, the database idles while a tree is grown and the main thread idles while a quarter is aggregated.
 * Two at a time, at most one of them marked `compute`, the two overlap: on the benchmark's 2-core machine the set
 * takes the time of its longer lane instead of the sum (README, "Analyze at scale").
 *
 * Each document is the one `runAnalysis` gives alone (the same statements; only their timing interleaves); an
 * analysis that throws is reported with its error and the others go on.
 */
import type { Database } from '../db/session.js';
import { runAnalysis, type AnalysisDefinition } from './analysis.js';
import type { AnalysisDocument } from './document.js';
import type { AnalyzeRequest } from './request.js';

/** Analyses run at once unless told otherwise: one computing beside one waiting on the database. */
export const SET_CONCURRENCY = 2;

/** One analysis of the set: its document or its error, and how long it took. */
export interface AnalysisSetEntry {
  readonly name: string;
  readonly document: AnalysisDocument | null;
  readonly error: Error | null;
  readonly seconds: number;
}

export interface RunAnalysesOptions {
  /** Analyses at once (≥ 1); default SET_CONCURRENCY. 1 runs them one after another, in order. */
  readonly concurrency?: number;
  /** Called as each analysis starts and ends (progress). */
  readonly onStart?: (name: string) => void;
  readonly onDone?: (entry: AnalysisSetEntry) => void;
}

/**
 * Runs `definitions` with `request`, up to `concurrency` at a time and never two `compute` analyses at once;
 * otherwise in the given order (a free slot takes the first waiting analysis it may start).
 * @returns one entry per definition, in the given order
 * @throws RangeError for a concurrency that is not a positive integer; the first error a callback threw (after
 *   every analysis has run)
 */
export async function runAnalyses(
  db: Database,
  definitions: readonly AnalysisDefinition[],
  request: AnalyzeRequest,
  options: RunAnalysesOptions = {},
): Promise<AnalysisSetEntry[]> {
  const concurrency = options.concurrency ?? SET_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`runAnalyses: concurrency must be a positive integer, got ${concurrency}`);
  const entries: (AnalysisSetEntry | undefined)[] = new Array(definitions.length);
  const waiting = definitions.map((_, i) => i);
  let computing = 0;
  let running = 0;
  // A callback that throws must not stop the scheduling (the waiting analyses would never start): its first
  // error is kept and rejects the whole once every started analysis has ended.
  let callbackError: { error: unknown } | null = null;
  const call = (f: () => void): void => {
    try {
      f();
    } catch (error) {
      callbackError ??= { error };
    }
  };
  return new Promise((resolve, reject) => {
    const startNext = (): void => {
      while (running < concurrency && waiting.length > 0) {
        const at = waiting.findIndex((i) => !(definitions[i]!.compute && computing > 0));
        if (at < 0) break;
        const [index] = waiting.splice(at, 1) as [number];
        const definition = definitions[index]!;
        running++;
        if (definition.compute) computing++;
        call(() => options.onStart?.(definition.name));
        const started = performance.now();
        runAnalysis(db, definition, request).then(
          (document) => finish(index, { name: definition.name, document, error: null, seconds: (performance.now() - started) / 1000 }),
          (error: unknown) => finish(index, { name: definition.name, document: null, error: error instanceof Error ? error : new Error(String(error)), seconds: (performance.now() - started) / 1000 }),
        );
      }
      if (running === 0 && waiting.length === 0) {
        if (callbackError !== null) reject(callbackError.error);
        else resolve(entries as AnalysisSetEntry[]);
      }
    };
    const finish = (index: number, entry: AnalysisSetEntry): void => {
      entries[index] = entry;
      running--;
      if (definitions[index]!.compute) computing--;
      call(() => options.onDone?.(entry));
      startNext();
    };
    startNext();
  });
}
