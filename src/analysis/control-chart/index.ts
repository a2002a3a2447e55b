/**
 * Shewhart control charts for attributes (p, np, c, u) and individuals (XmR), phase I and phase II, with
 * Nelson / Western Electric run rules.
 *
 * Stages / files:
 *   1. statistics.ts   — validate data and sizes; plotted statistic per point (missing points marked)
 *   2. moving-range.ts — xmr only: moving ranges MR_i = |x_i − x_{i−1}| and MR̄
 *   3. limits.ts       — the process parameter: estimated from the data (phase I) or frozen (phase II)
 *   4. limits.ts       — per-point centre, sigma, 3σ limits (floored at 0 / capped for attribute charts)
 *   5. index.ts        — out-of-limit points; the MR chart (xmr)
 *   6. run-rules.ts    — Nelson 1–8 and Western Electric 1–4 signals
 */

import { insufficient, type AnalysisWarning, type InsufficientResult } from '../result.js';
import { checkBaseline, estimateBaseline, pointLimits } from './limits.js';
import { meanMovingRange, movingRangeChart, movingRanges } from './moving-range.js';
import { checkRules, runRuleViolations } from './run-rules.js';
import { chartPoints } from './statistics.js';
import {
  CONTROL_CHART_WARNINGS,
  DEFAULT_RUN_RULES,
  type ControlChartBaseline,
  type ControlChartOptions,
  type ControlChartResult,
  type ControlChartType,
  type MovingRangeChart,
} from './types.js';

export { D2, D4 } from './moving-range.js';
export {
  CONTROL_CHART_WARNINGS,
  DEFAULT_RUN_RULES,
  RUN_RULES,
  type ControlChartBaseline,
  type ControlChartOptions,
  type ControlChartResult,
  type ControlChartType,
  type MovingRangeChart,
  type RunRuleDirection,
  type RunRuleId,
  type RunRuleViolation,
} from './types.js';

const TYPES: readonly ControlChartType[] = ['p', 'np', 'c', 'u', 'xmr'];

/**
 * A Shewhart control chart: centre line, per-point sigma and 3σ limits, out-of-limit points, run-rule signals,
 * and for XmR the moving-range chart.
 *
 * Method: Montgomery, D. C., Introduction to Statistical Quality Control (ch. 6 individuals/XmR, ch. 7
 * attributes), the formulas of R's qcc package (`limits.p`, `limits.np`, `limits.c`, `limits.u`): p̄ = Σd/Σn with
 * σ_i = √(p̄(1−p̄)/n_i); np with n·p̄ ± 3√(n·p̄(1−p̄)); c̄ ± 3√c̄; ū = Σc/Σn with σ_i = √(ū/n_i); lower limits
 * floored at 0, the p upper limit capped at 1 and the np one at n. XmR: σ̂ = MR̄/d2 with d2 = 1.128, limits
 * x̄ ± 3σ̂ (not floored); MR chart centre MR̄, UCL = 3.267·MR̄ (D4), LCL 0. Phase I estimates the parameter from
 * `data`; phase II (`limits` given) applies a frozen baseline to new points. When σ̂ = 0 (no defectives,
 * all values equal) the limits equal the centre line and a `zero-sigma` warning is added. Run rules: see
 * {@link RUN_RULES} (Nelson 1984 tests 1–8, Western Electric 1956 rules 1–4); default the four Western Electric
 * rules. Missing values (NaN/null) and subgroups of size 0 are missing points: kept in place with null
 * statistic and limits, left out of the estimates, and breaking runs.
 *
 * @param data Per point: defectives (p, np), defects (c, u) or the individual value (xmr).
 * @param options `type`, `sizes` (p, np, u), `limits` (phase II baseline), `rules`.
 * @returns The chart; `insufficient` when no point is present (xmr phase I: no moving range) or Σ sizes = 0.
 * @throws {RangeError|TypeError} for negative or non-integer counts (p, np), counts above the size, sizes
 *   missing/invalid/unequal (np), sizes given to c or xmr, an unknown type or rule, or a baseline of another type.
 * @example
 * const chart = controlChart([2, 3, 1, 12], { type: 'p', sizes: 50, rules: ['nelson-1'] });
 * chart.status === 'ok' && [chart.centre, chart.outOfLimits]; // => [0.09, [3]]
 */
export function controlChart(data: ArrayLike<number | null>, options: ControlChartOptions): ControlChartResult | InsufficientResult {
  const type = options.type;
  if (!TYPES.includes(type)) throw new RangeError(`controlChart: type must be one of ${TYPES.join(', ')}, got ${String(type)}`);
  const rules = options.rules ?? DEFAULT_RUN_RULES;
  checkRules(rules);
  const frozen = options.limits;
  if (frozen !== undefined) checkBaseline(type, frozen);
  const phase = frozen === undefined ? 'I' : 'II';

  // Stage 1.
  const points = chartPoints(data, type, options.sizes);
  if (points.n === 0) return insufficient(type, `controlChart: needs at least 1 non-missing point, got 0 of ${data.length}`);

  // Stage 2 (xmr).
  const mr = type === 'xmr' ? movingRanges(points.statistics) : null;
  let mrMean = NaN;
  if (mr !== null && frozen === undefined) {
    const m = meanMovingRange(mr);
    if (m.count === 0) {
      return insufficient(type, 'controlChart: an xmr chart needs two consecutive non-missing values to estimate sigma');
    }
    mrMean = m.mean;
  }

  // Stages 3–4.
  const baseline: ControlChartBaseline = frozen ?? estimateBaseline(type, points, mrMean);
  const limits = pointLimits(type, baseline, points);

  // Stage 5.
  const len = points.statistics.length;
  const statistics = new Array<number | null>(len);
  const sigmas = new Array<number | null>(len);
  const lowerLimits = new Array<number | null>(len);
  const upperLimits = new Array<number | null>(len);
  const outOfLimits: number[] = [];
  for (let i = 0; i < len; i++) {
    const s = points.statistics[i] as number;
    if (s !== s) {
      statistics[i] = sigmas[i] = lowerLimits[i] = upperLimits[i] = null;
      continue;
    }
    const lo = limits.lower[i] as number;
    const hi = limits.upper[i] as number;
    statistics[i] = s;
    sigmas[i] = limits.sigmas[i] as number;
    lowerLimits[i] = lo;
    upperLimits[i] = hi;
    if (s > hi || s < lo) outOfLimits.push(i);
  }
  const movingRange: MovingRangeChart | null = mr === null ? null : movingRangeChart(mr, baseline.movingRangeMean as number);

  // Stage 6.
  const violations = runRuleViolations(
    { statistics: points.statistics, centre: limits.centre, sigmas: limits.sigmas, lower: limits.lower, upper: limits.upper },
    rules,
  );

  const warnings: AnalysisWarning[] = [];
  const missingValues = points.missingCount - points.zeroSizeCount;
  if (missingValues > 0) {
    warnings.push({ code: CONTROL_CHART_WARNINGS.missingPoints, message: `controlChart: ${missingValues} point(s) have a missing value (NaN or null)` });
  }
  if (points.zeroSizeCount > 0) {
    warnings.push({
      code: CONTROL_CHART_WARNINGS.zeroSizeSubgroups,
      message: `controlChart: ${points.zeroSizeCount} subgroup(s) have size 0 and are treated as missing`,
    });
  }
  if (limits.sigma === 0) {
    warnings.push({
      code: CONTROL_CHART_WARNINGS.zeroSigma,
      message: `controlChart: sigma is 0 (centre ${limits.centre}), so the control limits equal the centre line`,
    });
  }
  return {
    status: 'ok',
    method: type,
    phase,
    n: points.n,
    missingCount: points.missingCount,
    centre: limits.centre,
    sigma: limits.sigma,
    statistics,
    sigmas,
    lowerLimits,
    upperLimits,
    outOfLimits,
    violations,
    movingRange,
    baseline,
    warnings,
  };
}
