/**
 * Stage 2 (xmr only) of `controlChart`: moving ranges and the moving-range (MR) chart.
 *
 * Constants for subgroups of two (Montgomery, Introduction to Statistical Quality Control, Appendix VI):
 * d2 = 1.128 converts MR̄ to σ̂ = MR̄/d2, D4 = 3.267 gives the MR chart's upper limit, D3 = 0 its lower limit.
 */

import type { MovingRangeChart } from './types.js';

/** d2 for n = 2 (table value; qcc computes it by integration as 1.128379). */
export const D2 = 1.128;
/** D4 for n = 2 (table value). */
export const D4 = 3.267;

/** MR_i = |x_i − x_{i−1}|, NaN for i = 0 and wherever x_i or x_{i−1} is missing (NaN). */
export function movingRanges(x: Float64Array): Float64Array {
  const mr = new Float64Array(x.length);
  if (x.length > 0) mr[0] = NaN;
  for (let i = 1; i < x.length; i++) mr[i] = Math.abs((x[i] as number) - (x[i - 1] as number));
  return mr;
}

/** Mean of the non-missing moving ranges and how many there are. */
export function meanMovingRange(mr: Float64Array): { readonly mean: number; readonly count: number } {
  let s = 0;
  let count = 0;
  for (let i = 0; i < mr.length; i++) {
    const v = mr[i] as number;
    if (v === v) {
      s += v;
      count++;
    }
  }
  return { mean: count > 0 ? s / count : NaN, count };
}

/** The MR chart: centre MR̄, UCL = D4·MR̄, LCL = 0, and the points with MR above the UCL. */
export function movingRangeChart(mr: Float64Array, centre: number): MovingRangeChart {
  const upperLimit = D4 * centre;
  const values = new Array<number | null>(mr.length);
  const outOfLimits: number[] = [];
  for (let i = 0; i < mr.length; i++) {
    const v = mr[i] as number;
    values[i] = v === v ? v : null;
    if (v > upperLimit) outOfLimits.push(i);
  }
  return { values, centre, upperLimit, lowerLimit: 0, outOfLimits };
}
