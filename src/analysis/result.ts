/**
 * The shapes every analysis result shares: a status that a report can branch on instead of printing NaN, the
 * named variant of the method, and data warnings through one channel.
 *
 * Conventions (see ../../../shared/STYLE.md):
 * - invalid *arguments* (wrong types, x > n, level outside (0, 1)) throw a `RangeError`/`TypeError` whose
 *   message starts with the function name: `wilsonInterval: x must be an integer in 0..n, got x = 7, n = 5`;
 * - *data* too small or degenerate (fewer than 2 values for a t-test, a constant series) returns
 *   `{ status: 'insufficient', reason, method }` so a report prints "not enough data";
 * - a successful result has `status: 'ok'`, a `method` naming the variant, and `warnings` (possibly empty).
 */

/** A warning about the data (not the arguments): a stable code tests can assert, and a sentence for people. */
export interface AnalysisWarning {
  /** Stable identifier, e.g. `'expected-count-below-5'`; declared as a constant beside the function. */
  readonly code: string;
  /** Human-readable sentence naming the numbers involved. */
  readonly message: string;
}

/** What a function returns when the data cannot support the computation. */
export interface InsufficientResult {
  readonly status: 'insufficient';
  /** Why, for a report's "not enough data" line, e.g. `'tTest: needs at least 2 values in x, got 1'`. */
  readonly reason: string;
  /** The variant that was asked for, as in the successful result. */
  readonly method: string;
}

/** Builds an {@link InsufficientResult}. */
export function insufficient(method: string, reason: string): InsufficientResult {
  return { status: 'insufficient', reason, method };
}

/** Narrows a result union to its successful member. */
export function isOk<T extends { readonly status: string }>(result: T): result is Extract<T, { status: 'ok' }> {
  return result.status === 'ok';
}
