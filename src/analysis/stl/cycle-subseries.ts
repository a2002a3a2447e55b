/**
 * STL stage: cycle-subseries smoothing (Cleveland et al. 1990, step 2; R stl.f `stlss`). Each cycle-subseries
 * (all January values, all February values, …) is loess-smoothed with the seasonal span and extended by one
 * extrapolated value at each end, giving a series C of length n + 2·period that the low-pass filter then trims.
 */
import { loessEstimate, loessSmooth } from './loess.js';

/** Scratch buffers for {@link smoothCycleSubseries}, each of length ≥ ⌈n / period⌉ + 2. */
export interface CycleSubseriesScratch {
  readonly values: Float64Array;
  readonly smoothed: Float64Array;
  readonly weights: Float64Array;
  readonly loessWeights: Float64Array;
}

/** Allocates scratch for series of length n. */
export function cycleSubseriesScratch(n: number, period: number): CycleSubseriesScratch {
  const size = Math.ceil(n / period) + 2;
  return {
    values: new Float64Array(size),
    smoothed: new Float64Array(size),
    weights: new Float64Array(size),
    loessWeights: new Float64Array(size),
  };
}

/**
 * Smooths the cycle-subseries of `y[0..n-1]` into `out[0 .. n + 2·period − 1]` (position p of subseries j, with
 * p = 0 and p = k + 1 the extrapolated ends, lands at index p·period + j).
 */
export function smoothCycleSubseries(
  y: Float64Array,
  n: number,
  period: number,
  span: number,
  degree: number,
  jump: number,
  useRobustness: boolean,
  robustnessWeights: Float64Array,
  out: Float64Array,
  scratch: CycleSubseriesScratch,
): void {
  const { values, smoothed, weights, loessWeights } = scratch;
  const inner = smoothed.subarray(1);
  for (let j = 1; j <= period; j++) {
    const k = Math.trunc((n - j) / period) + 1;
    for (let i = 1; i <= k; i++) values[i - 1] = y[(i - 1) * period + j - 1] as number;
    if (useRobustness) {
      for (let i = 1; i <= k; i++) weights[i - 1] = robustnessWeights[(i - 1) * period + j - 1] as number;
    }
    loessSmooth(values, k, span, degree, jump, useRobustness, weights, inner, loessWeights);
    // one step beyond each end of the subseries, from the nearest `span` values
    const first = loessEstimate(values, k, span, degree, 0, 1, Math.min(span, k), loessWeights, useRobustness, weights);
    smoothed[0] = Number.isNaN(first) ? (smoothed[1] as number) : first;
    const last = loessEstimate(
      values, k, span, degree, k + 1, Math.max(1, k - span + 1), k, loessWeights, useRobustness, weights,
    );
    smoothed[k + 1] = Number.isNaN(last) ? (smoothed[k] as number) : last;
    for (let m = 1; m <= k + 2; m++) out[(m - 1) * period + j - 1] = smoothed[m - 1] as number;
  }
}
