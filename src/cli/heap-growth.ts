/**
 * How fast V8 lets the heap grow between full collections, for the commands that run analyses.
 *
 * V8 sizes the next full-collection limit as the live heap times a growing factor it picks from the collector's
 * speed (up to 4×), and starts from a large initial limit on a machine with much memory. An analysis allocates
 * tens of MB that are garbage when it ends (rows read, samples, token lists), so a process running several one
 * after another (a report, the analysis benchmark) held garbage of earlier analyses: the 17 analyses at 6M
 * calls reached a peak RSS of 326–433 MB, while forcing a full collection between them kept it at 255 MB with a
 * live heap of ~20 MB. A fixed factor of 1.5 (`--heap-growing-percent=50`) kept the peak at 259–260 MB with the
 * same wall time (22.3–22.5 s against 22.6–23.0 s). Not for `servq ingest`: its heap is small and steady, and
 * the more frequent collections cost it ~0.25 s of CPU at 1M rows, on the thread that limits its speed.
 *
 * The young generation likewise: V8 doubles the new space (up to 3 × 16 MB) while many objects survive its
 * scavenges, as they do while an analysis builds its rows, and keeps it. Not letting it grow
 * (`--semi-space-growth-factor=1`) lowered the peak RSS of the 17 analyses at 2M calls on the server from 267–293 to
 * 229–247 MB and on PGlite from 530–536 to 500–520 MB, the analyses' summed time the same (10.0–13.7 s against
 * 10.2–13.7 s on the server, three alternate runs each).
 *
 * Both flags are read when V8 computes a limit or grows a space, so setting them after start-up takes effect from
 * the next collection (Node's `v8.setFlagsFromString`, used for exactly such tuning).
 */
import { setFlagsFromString } from 'node:v8';

/** Heap growth between full collections, in percent (V8's `--heap-growing-percent`). */
export const ANALYSIS_HEAP_GROWING_PERCENT = 50;

/** Applies ANALYSIS_HEAP_GROWING_PERCENT and a new space that does not grow to this process (idempotent). */
export function limitHeapGrowthForAnalyses(): void {
  setFlagsFromString(`--heap-growing-percent=${ANALYSIS_HEAP_GROWING_PERCENT}`);
  setFlagsFromString('--semi-space-growth-factor=1');
}
