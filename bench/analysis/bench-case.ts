/**
 * One case of `npm run bench:analysis`: servq's function on realistic sizes, timed beside the reference
 * implementation (SciPy / scikit-learn / R) doing the same work in the same run.
 *
 * Each group of functions exports `export const cases: readonly AnalysisBenchCase[]` from its own
 * `bench/analysis/<group>-cases.ts`; the runner (`bench/analysis/analysis-bench.ts`) imports them all.
 */
export interface AnalysisBenchCase {
  /** Short name with the size, e.g. `'mannWhitneyTest 2 × 100k'`. */
  readonly name: string;
  /** Builds the seeded input (not timed). Must be deterministic. */
  readonly setup: () => unknown;
  /** The timed work: calls servq's function on what `setup` returned. */
  readonly run: (input: unknown) => unknown;
  /**
   * Optional Python 3 source (run by Debian's /usr/bin/python3) that builds input of the same size and shape
   * (not timed) and defines `def work(): ...` doing the same computation with SciPy/statsmodels/sklearn.
   * The runner times `work()` the same number of times as `run`.
   */
  readonly python?: string;
  /**
   * Optional R source that builds the same-size input and defines `work <- function() ...`; used where R is
   * the reference implementation (stl, HoltWinters).
   */
  readonly r?: string;
}
