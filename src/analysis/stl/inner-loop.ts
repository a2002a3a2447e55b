/**
 * STL stage: the inner loop (Cleveland et al. 1990, section 2.2; R stl.f `stlstp`). Each pass:
 *   1. detrend: y − trend;
 *   2. cycle-subseries smoothing → C (length n + 2·period);
 *   3. low-pass of C: moving averages period, period, 3, then loess with the low-pass span → L;
 *   4. seasonal = C[period .. period+n−1] − L;
 *   5. deseasonalise: y − seasonal;
 *   6. trend = loess of the deseasonalised series with the trend span (with robustness weights if any).
 */
import { cycleSubseriesScratch, smoothCycleSubseries, type CycleSubseriesScratch } from './cycle-subseries.js';
import { loessSmooth } from './loess.js';
import { lowPassAverages } from './low-pass.js';

/** Spans, degrees and jumps as the Fortran sees them (spans already odd and ≥ 3, period ≥ 2). */
export interface StlKernelParameters {
  readonly period: number;
  readonly seasonalSpan: number;
  readonly trendSpan: number;
  readonly lowPassSpan: number;
  readonly seasonalDegree: number;
  readonly trendDegree: number;
  readonly lowPassDegree: number;
  readonly seasonalJump: number;
  readonly trendJump: number;
  readonly lowPassJump: number;
  readonly innerIterations: number;
}

/** Work space for {@link innerLoop}, allocated once per decomposition. */
export interface InnerLoopWork {
  readonly detrended: Float64Array;
  readonly cycle: Float64Array;
  readonly lowPass: Float64Array;
  readonly averages: Float64Array;
  readonly loessWeights: Float64Array;
  readonly subseries: CycleSubseriesScratch;
}

/** Allocates the work space for a series of length n. */
export function innerLoopWork(n: number, period: number): InnerLoopWork {
  const m = n + 2 * period;
  return {
    detrended: new Float64Array(m),
    cycle: new Float64Array(m),
    lowPass: new Float64Array(m),
    averages: new Float64Array(m),
    loessWeights: new Float64Array(m),
    subseries: cycleSubseriesScratch(n, period),
  };
}

/**
 * Runs `innerIterations` passes, updating `seasonal` and `trend` (length n) in place; `trend` enters as the
 * previous estimate (zeros on the first call).
 */
export function innerLoop(
  y: Float64Array,
  n: number,
  p: StlKernelParameters,
  useRobustness: boolean,
  weights: Float64Array,
  seasonal: Float64Array,
  trend: Float64Array,
  work: InnerLoopWork,
): void {
  const { detrended, cycle, lowPass, averages, loessWeights, subseries } = work;
  const np = p.period;
  for (let pass = 0; pass < p.innerIterations; pass++) {
    for (let i = 0; i < n; i++) detrended[i] = (y[i] as number) - (trend[i] as number);
    smoothCycleSubseries(
      detrended, n, np, p.seasonalSpan, p.seasonalDegree, p.seasonalJump, useRobustness, weights, cycle, subseries,
    );
    lowPassAverages(cycle, n + 2 * np, np, averages, detrended);
    // the low-pass loess never uses robustness weights (the original passes .false.)
    loessSmooth(averages, n, p.lowPassSpan, p.lowPassDegree, p.lowPassJump, false, weights, lowPass, loessWeights);
    for (let i = 0; i < n; i++) seasonal[i] = (cycle[np + i] as number) - (lowPass[i] as number);
    for (let i = 0; i < n; i++) detrended[i] = (y[i] as number) - (seasonal[i] as number);
    loessSmooth(detrended, n, p.trendSpan, p.trendDegree, p.trendJump, useRobustness, weights, trend, loessWeights);
  }
}
