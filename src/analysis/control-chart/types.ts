/**
 * Shapes and constants shared by the control-chart stages (see ./index.ts).
 */

import type { AnalysisWarning } from '../result.js';

/**
 * Chart types: `p` proportion defective, `np` number defective (equal subgroup sizes), `c` count of defects per
 * equal unit, `u` defects per unit of a varying size, `xmr` individuals with a moving-range chart.
 */
export type ControlChartType = 'p' | 'np' | 'c' | 'u' | 'xmr';

/**
 * Run-rule identifiers. Nelson (1984), "The Shewhart control chart — tests for special causes", Journal of
 * Quality Technology 16(4), 237–239, tests 1–8; Western Electric (1956), Statistical Quality Control Handbook,
 * zone rules 1–4. σ is the sigma of the plotted point; "beyond kσ" is strictly more than kσ from the centre.
 */
export const RUN_RULES = {
  /** 1 point beyond the control limits (3σ). */
  nelson1: 'nelson-1',
  /** 9 points in a row on the same side of the centre line. */
  nelson2: 'nelson-2',
  /** 6 points in a row steadily increasing or steadily decreasing (5 strict steps). */
  nelson3: 'nelson-3',
  /** 14 points in a row alternating up and down. */
  nelson4: 'nelson-4',
  /** 2 of 3 points in a row beyond 2σ on the same side. */
  nelson5: 'nelson-5',
  /** 4 of 5 points in a row beyond 1σ on the same side. */
  nelson6: 'nelson-6',
  /** 15 points in a row within 1σ of the centre line (either side): stratification. */
  nelson7: 'nelson-7',
  /** 8 points in a row beyond 1σ, on either side (none within 1σ): mixture. */
  nelson8: 'nelson-8',
  /** Western Electric 1: 1 point beyond the control limits (3σ); same as nelson-1. */
  westernElectric1: 'we-1',
  /** Western Electric 2: 2 of 3 points in a row beyond 2σ on the same side; same as nelson-5. */
  westernElectric2: 'we-2',
  /** Western Electric 3: 4 of 5 points in a row beyond 1σ on the same side; same as nelson-6. */
  westernElectric3: 'we-3',
  /** Western Electric 4: 8 points in a row on the same side of the centre line. */
  westernElectric4: 'we-4',
} as const;

/** One of {@link RUN_RULES}. */
export type RunRuleId = (typeof RUN_RULES)[keyof typeof RUN_RULES];

/** Rules applied when `rules` is not given: the four Western Electric zone rules. */
export const DEFAULT_RUN_RULES: readonly RunRuleId[] = ['we-1', 'we-2', 'we-3', 'we-4'];

/** Warning codes `controlChart` can emit. */
export const CONTROL_CHART_WARNINGS = {
  /** Some points are missing (NaN/null value): they have null statistics and limits and break runs. */
  missingPoints: 'missing-points',
  /** Some subgroups have size 0 (p, u charts): treated as missing points. */
  zeroSizeSubgroups: 'zero-size-subgroup',
  /** The estimated sigma is 0 (e.g. no defectives, or all values equal): the limits equal the centre line. */
  zeroSigma: 'zero-sigma',
} as const;

/**
 * Frozen limits from a baseline (phase I) to apply to new points (phase II): take `baseline` from a phase I
 * result, or state known standards.
 */
export interface ControlChartBaseline {
  readonly type: ControlChartType;
  /** The process parameter: p̄ (p and np, a proportion), c̄ (c), ū (u, defects per unit) or x̄ (xmr). */
  readonly centre: number;
  /** xmr only (required there): the baseline's mean moving range MR̄; σ̂ = MR̄ / 1.128. */
  readonly movingRangeMean?: number;
}

/** Options of `controlChart`. */
export interface ControlChartOptions {
  readonly type: ControlChartType;
  /**
   * Subgroup sizes, one per point or one number for all: items inspected (p, np; non-negative integers, equal
   * for np) or units of exposure (u; non-negative). Not used by c and xmr (must be absent). A size of 0 makes
   * the point missing.
   */
  readonly sizes?: ArrayLike<number> | number;
  /** Phase II: frozen limits from a baseline; without it the limits come from the data (phase I). */
  readonly limits?: ControlChartBaseline;
  /** Run rules to apply; default {@link DEFAULT_RUN_RULES}. An empty array disables them. */
  readonly rules?: readonly RunRuleId[];
}

/** The direction of a run-rule pattern. */
export type RunRuleDirection = 'above' | 'below' | 'increasing' | 'decreasing' | 'mixed';

/** One run-rule signal. */
export interface RunRuleViolation {
  readonly rule: RunRuleId;
  /** 0-based index of the point at which the rule is met (the last point of the pattern). */
  readonly index: number;
  /** 0-based indices of the points making up the pattern, ascending (for k-of-m rules: the k or more beyond). */
  readonly points: readonly number[];
  readonly direction: RunRuleDirection;
}

/** The moving-range chart of an XmR chart: MR_i = |x_i − x_{i−1}|. */
export interface MovingRangeChart {
  /** MR per point (null for the first point and where either neighbour is missing). */
  readonly values: readonly (number | null)[];
  /** Centre line MR̄ (phase I: mean of the moving ranges; phase II: the baseline's). */
  readonly centre: number;
  /** UCL = D4·MR̄ with D4 = 3.267 (subgroups of 2). */
  readonly upperLimit: number;
  /** LCL = D3·MR̄ = 0. */
  readonly lowerLimit: number;
  /** 0-based indices with MR above the upper limit. */
  readonly outOfLimits: readonly number[];
}

/** The result of `controlChart`. Values are in the plotted statistic's unit (proportion, count, rate, value). */
export interface ControlChartResult {
  readonly status: 'ok';
  readonly method: ControlChartType;
  /** 'I': limits estimated from these data; 'II': limits frozen from `options.limits`. */
  readonly phase: 'I' | 'II';
  /** Number of non-missing points. */
  readonly n: number;
  /** Number of missing points (missing value, or size 0). */
  readonly missingCount: number;
  /** Centre line: p̄, n·p̄, c̄, ū or x̄. */
  readonly centre: number;
  /**
   * The process sigma the limits scale with: √(p̄(1−p̄)) (p; per point divided by √n_i), √(n·p̄(1−p̄)) (np),
   * √c̄ (c), √ū (u; per point divided by √n_i), MR̄/1.128 (xmr).
   */
  readonly sigma: number;
  /** Plotted statistic per point: d/n (p), d (np), c (c), c/n (u), x (xmr); null when missing. */
  readonly statistics: readonly (number | null)[];
  /** Sigma of each plotted point (null when missing). */
  readonly sigmas: readonly (number | null)[];
  /** Lower control limit per point: centre − 3σ_i, floored at 0 for p, np, c, u (null when missing). */
  readonly lowerLimits: readonly (number | null)[];
  /** Upper control limit per point: centre + 3σ_i, capped at 1 (p) or n (np) (null when missing). */
  readonly upperLimits: readonly (number | null)[];
  /** 0-based indices of points strictly above the upper or below the lower limit. */
  readonly outOfLimits: readonly number[];
  /** Run-rule signals in order of index (then rule). */
  readonly violations: readonly RunRuleViolation[];
  /** xmr only: the moving-range chart; null for other types. */
  readonly movingRange: MovingRangeChart | null;
  /** The limits in reusable form: pass as `options.limits` to chart new points (phase II). */
  readonly baseline: ControlChartBaseline;
  readonly warnings: readonly AnalysisWarning[];
}
