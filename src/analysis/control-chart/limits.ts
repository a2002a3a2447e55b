/**
 * Stages 3–4 of `controlChart`: the process parameter (estimated from the data in phase I, frozen from a
 * baseline in phase II) and the per-point centre line, sigma and 3σ limits.
 *
 * Formulas (Montgomery, Introduction to Statistical Quality Control, ch. 6–7; as qcc's limits.*):
 *   p:   p̄ = Σd/Σn,  σ_i = √(p̄(1−p̄)/n_i),  limits p̄ ± 3σ_i clipped to [0, 1]
 *   np:  centre n·p̄,  σ = √(n·p̄(1−p̄)),     limits n·p̄ ± 3σ clipped to [0, n]
 *   c:   c̄ = mean(c), σ = √c̄,               limits c̄ ± 3σ, lower floored at 0
 *   u:   ū = Σc/Σn,   σ_i = √(ū/n_i),         limits ū ± 3σ_i, lower floored at 0
 *   xmr: x̄ = mean(x), σ = MR̄/d2 (d2 = 1.128), limits x̄ ± 3σ (not floored: individual values may be negative)
 */

import { D2 } from './moving-range.js';
import type { ChartPoints } from './statistics.js';
import type { ControlChartBaseline, ControlChartType } from './types.js';

/** Per-point limits (NaN where the point is missing) and the chart-level centre and sigma. */
export interface PointLimits {
  readonly centre: number;
  readonly sigma: number;
  readonly sigmas: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Phase I: the baseline estimated from the points (and, for xmr, the mean moving range). */
export function estimateBaseline(type: ControlChartType, points: ChartPoints, movingRangeMean: number): ControlChartBaseline {
  if (type === 'xmr') return { type, centre: points.totalCount / points.n, movingRangeMean };
  if (type === 'c') return { type, centre: points.totalCount / points.n };
  // p, np, u: pooled over the subgroups (Σd/Σn), not the mean of the per-point ratios.
  return { type, centre: points.totalCount / points.totalSize };
}

/** Checks a user-supplied phase II baseline against the chart type. */
export function checkBaseline(type: ControlChartType, baseline: ControlChartBaseline): void {
  if (baseline.type !== type) {
    throw new RangeError(`controlChart: limits are for a ${baseline.type} chart, got type = ${type}`);
  }
  const c = baseline.centre;
  if (typeof c !== 'number' || !Number.isFinite(c)) throw new RangeError(`controlChart: limits.centre must be finite, got ${String(c)}`);
  if ((type === 'p' || type === 'np') && (c < 0 || c > 1)) {
    throw new RangeError(`controlChart: limits.centre (p̄) must be a proportion in [0, 1] for a ${type} chart, got ${c}`);
  }
  if ((type === 'c' || type === 'u') && c < 0) throw new RangeError(`controlChart: limits.centre must be ≥ 0 for a ${type} chart, got ${c}`);
  if (type === 'xmr') {
    const m = baseline.movingRangeMean;
    if (typeof m !== 'number' || !Number.isFinite(m) || m < 0) {
      throw new RangeError(`controlChart: limits.movingRangeMean must be a finite number ≥ 0 for an xmr chart, got ${String(m)}`);
    }
  }
}

/** Centre, sigma and 3σ limits per point for the given baseline. */
export function pointLimits(type: ControlChartType, baseline: ControlChartBaseline, points: ChartPoints): PointLimits {
  const len = points.statistics.length;
  const sigmas = new Float64Array(len);
  const lower = new Float64Array(len);
  const upper = new Float64Array(len);
  const c = baseline.centre;
  let centre = c;
  let sigma: number;
  if (type === 'p' || type === 'u') {
    // Variance of a proportion (rate) with subgroup size n_i: p̄(1−p̄)/n_i (ū/n_i).
    const unitVariance = type === 'p' ? c * (1 - c) : c;
    sigma = Math.sqrt(unitVariance);
    for (let i = 0; i < len; i++) {
      if (points.statistics[i] !== points.statistics[i]) {
        sigmas[i] = lower[i] = upper[i] = NaN;
        continue;
      }
      const s = Math.sqrt(unitVariance / (points.sizes[i] as number));
      sigmas[i] = s;
      lower[i] = Math.max(0, c - 3 * s);
      upper[i] = type === 'p' ? Math.min(1, c + 3 * s) : c + 3 * s;
    }
    return { centre, sigma, sigmas, lower, upper };
  }
  let floor = -Infinity;
  let cap = Infinity;
  if (type === 'np') {
    const size = firstPresentSize(points);
    centre = size * c;
    sigma = Math.sqrt(size * c * (1 - c));
    floor = 0;
    cap = size;
  } else if (type === 'c') {
    sigma = Math.sqrt(c);
    floor = 0;
  } else {
    sigma = (baseline.movingRangeMean as number) / D2;
  }
  const lcl = Math.max(floor, centre - 3 * sigma);
  const ucl = Math.min(cap, centre + 3 * sigma);
  for (let i = 0; i < len; i++) {
    const missing = points.statistics[i] !== points.statistics[i];
    sigmas[i] = missing ? NaN : sigma;
    lower[i] = missing ? NaN : lcl;
    upper[i] = missing ? NaN : ucl;
  }
  return { centre, sigma, sigmas, lower, upper };
}

function firstPresentSize(points: ChartPoints): number {
  for (let i = 0; i < points.statistics.length; i++) {
    if (points.statistics[i] === points.statistics[i]) return points.sizes[i] as number;
  }
  return NaN;
}
