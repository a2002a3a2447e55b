/**
 * Key-driver analysis: how much each driver (item rating or operational measure) accounts for an outcome such
 * as overall satisfaction, and where each driver sits on an importance × performance map.
 *
 * Stages:
 *   1. listwise deletion of rows with a missing outcome or driver; degenerate data → insufficient
 *   2. OLS of the outcome on all drivers (linear-model/: Householder QR as R `lm`) → standardized betas with
 *      standard errors, t, p, intervals, R², adjusted R², F, VIFs
 *   3. relative importance (linear-model/relative-importance.ts): exact LMG over all 2^p subsets, or Johnson's
 *      relative weights; shares of R²
 *   4. the quadrant table, from the shares and each driver's performance (its mean, or its top-box share on a
 *      rating scale, measured in stage 1 on the raw complete rows)
 */
import { fSurvival, studentTQuantile, studentTSurvival } from './distributions/index.js';
import {
  aliasCombination,
  checkColumnLength,
  compactNumbers,
  fitOls,
  lmgFromSubsets,
  markMissingNumbers,
  relativeWeights,
  scaledNorm,
  subsetRSquared,
} from './linear-model/index.js';
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';

/** Warning codes of {@link keyDrivers}. */
export const KEY_DRIVERS_WARNINGS = {
  /** Rows with a missing (NaN / null) outcome or driver were dropped (listwise deletion). */
  missingDropped: 'missing-rows-dropped',
  /** A driver has a variance inflation factor above 10: its beta is unstable (LMG and weights are not). */
  highCollinearity: 'high-collinearity',
  /** Ratings fall outside the `scale` given for top-box performance. */
  outsideScale: 'values-outside-scale',
  /** The model explains nothing (R² = 0): shares of R² are reported as 0. */
  zeroRSquared: 'zero-r-squared',
  /**
   * The drivers explain the outcome exactly (e.g. an "overall" computed from the items): standard errors are
   * 0, t = ±Infinity and p = 0; importances and shares are still meaningful.
   */
  perfectFit: 'perfect-fit',
} as const;

/** Importance × performance quadrants (Martilla & James 1977, "Importance-performance analysis", J. Marketing 41). */
export const KEY_DRIVER_QUADRANTS = {
  /** High importance, high performance: "keep up the good work". */
  maintain: 'maintain',
  /** High importance, low performance: "concentrate here" — the priorities. */
  improve: 'improve',
  /** Low importance, low performance: "low priority". */
  secondary: 'secondary',
  /** Low importance, high performance: "possible overkill". */
  overkill: 'overkill',
} as const;

export type KeyDriverQuadrant = (typeof KEY_DRIVER_QUADRANTS)[keyof typeof KEY_DRIVER_QUADRANTS];

/** The default importance is LMG up to this many drivers, relative weights above. */
export const KEY_DRIVERS_LMG_DEFAULT_LIMIT = 12;
/** Largest driver count for which 'lmg' may be requested explicitly (2^16 subsets, about 45M flops). */
export const KEY_DRIVERS_MAX_LMG_DRIVERS = 16;

export type KeyDriversImportance = 'lmg' | 'relative-weights';

/** Input of {@link keyDrivers}: the outcome and named driver columns of the same length. */
export interface KeyDriversInput {
  /** Outcome per respondent / row (e.g. overall satisfaction); NaN or null = missing. */
  readonly outcome: ArrayLike<number | null>;
  /** Driver columns by name, in the order reported; NaN or null = missing. */
  readonly drivers: Readonly<Record<string, ArrayLike<number | null>>>;
}

/** A rating scale: performance becomes the top-box share, the share of ratings ≥ max − topBoxes + 1. */
export interface KeyDriversScale {
  readonly min: number;
  readonly max: number;
  /** Number of top boxes; default 2 (top-2-box: 4 and 5 on a 1–5 scale). */
  readonly topBoxes?: number;
}

/** Options of {@link keyDrivers}. */
export interface KeyDriversOptions {
  /** Missing-value treatment; only 'listwise' (drop any row with a missing value). */
  readonly missing?: 'listwise';
  /** Importance measure; default 'lmg' for p ≤ 12 drivers, 'relative-weights' above. */
  readonly importance?: KeyDriversImportance;
  /** Confidence level of the beta intervals, in (0, 1). Default 0.95. */
  readonly level?: number;
  /** Rating scale of the drivers: performance = top-box share instead of the mean. */
  readonly scale?: KeyDriversScale;
  /** Where the quadrants split, over the drivers' shares and performances: 'mean' (default) or 'median'. */
  readonly quadrantSplit?: 'mean' | 'median';
}

/** One driver in a {@link KeyDriversResult}. */
export interface KeyDriver {
  readonly name: string;
  /** Standardized regression coefficient (beta weight): SDs of outcome per SD of the driver, others held fixed. */
  readonly beta: number;
  readonly betaStdError: number;
  readonly betaConfidenceInterval: { readonly lower: number; readonly upper: number; readonly level: number };
  /** t = coefficient / standard error, on dfResidual degrees of freedom (same for beta and coefficient). */
  readonly tStatistic: number;
  /** Two-sided p-value of the coefficient. */
  readonly pValue: number;
  /** Unstandardized coefficient, outcome units per driver unit. */
  readonly coefficient: number;
  readonly coefficientStdError: number;
  /** Variance inflation factor 1 / (1 − R²ⱼ) of the driver on the other drivers. */
  readonly vif: number;
  /** Importance in R² units (LMG value or raw relative weight); the importances sum to R². */
  readonly importance: number;
  /** importance / R², 0–1; the shares sum to 1. */
  readonly share: number;
  /** 1 = largest share (ties keep input order). */
  readonly rank: number;
  /** Mean of the driver, or its top-box share (0–1) when a scale is given, over the rows used. */
  readonly performance: number;
  readonly quadrant: KeyDriverQuadrant;
}

/** A successful {@link keyDrivers}. */
export interface KeyDriversResult {
  readonly status: 'ok';
  readonly method: KeyDriversImportance;
  /** Rows used (complete cases). */
  readonly n: number;
  /** Rows dropped for missing values. */
  readonly missing: number;
  /** Drivers in input order. */
  readonly drivers: readonly KeyDriver[];
  readonly rSquared: number;
  readonly adjustedRSquared: number;
  readonly fStatistic: number;
  readonly fDf1: number;
  readonly fDf2: number;
  readonly fPValue: number;
  readonly dfResidual: number;
  readonly level: number;
  readonly performanceMeasure: 'mean' | 'top-box';
  /** The split values of the quadrant table and the rule that gave them. */
  readonly split: { readonly rule: 'mean' | 'median'; readonly share: number; readonly performance: number };
  /** Driver names by quadrant, in rank order. */
  readonly quadrants: Readonly<Record<KeyDriverQuadrant, readonly string[]>>;
  readonly warnings: readonly AnalysisWarning[];
}

function checkOptions(options: KeyDriversOptions, p: number): { importance: KeyDriversImportance; level: number } {
  const importance = options.importance ?? (p <= KEY_DRIVERS_LMG_DEFAULT_LIMIT ? 'lmg' : 'relative-weights');
  if (importance !== 'lmg' && importance !== 'relative-weights') {
    throw new RangeError(`keyDrivers: importance must be 'lmg' or 'relative-weights', got '${String(importance)}'`);
  }
  if (importance === 'lmg' && p > KEY_DRIVERS_MAX_LMG_DRIVERS) {
    throw new RangeError(
      `keyDrivers: importance 'lmg' is exact over 2^p subsets and allowed for at most ${KEY_DRIVERS_MAX_LMG_DRIVERS} drivers, got ${p}; use 'relative-weights'`,
    );
  }
  if (options.missing !== undefined && options.missing !== 'listwise') {
    throw new RangeError(`keyDrivers: missing must be 'listwise', got '${String(options.missing)}'`);
  }
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`keyDrivers: level must be in (0, 1), got level = ${level}`);
  const split = options.quadrantSplit;
  if (split !== undefined && split !== 'mean' && split !== 'median') {
    throw new RangeError(`keyDrivers: quadrantSplit must be 'mean' or 'median', got '${String(split)}'`);
  }
  const scale = options.scale;
  if (scale !== undefined) {
    const boxes = scale.topBoxes ?? 2;
    if (!(Number.isFinite(scale.min) && Number.isFinite(scale.max) && scale.max > scale.min)) {
      throw new RangeError(`keyDrivers: scale must have finite min < max, got min = ${scale.min}, max = ${scale.max}`);
    }
    if (!(Number.isInteger(boxes) && boxes >= 1 && boxes <= scale.max - scale.min)) {
      throw new RangeError(`keyDrivers: scale.topBoxes must be an integer in 1..max − min, got ${boxes}`);
    }
  }
  return { importance, level };
}

/**
 * Centres a column in place and scales it to unit length: the regression on unit-length centred columns gives
 * standardized betas directly and cannot overflow for huge values. A column whose values are all equal is
 * reported with norm 0 (checked exactly, before any rounding of the mean). The mean is Σx/n with a correction
 * pass (Σ(x/n) when Σx overflows).
 */
function unitColumn(column: Float64Array): { mean: number; norm: number } {
  const n = column.length;
  const first = column[0] as number;
  let constant = true;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = column[i] as number;
    sum += v;
    if (v !== first) constant = false;
  }
  if (constant) return { mean: first, norm: 0 };
  let mean = sum / n;
  if (!Number.isFinite(mean)) {
    mean = 0;
    for (let i = 0; i < n; i++) mean += (column[i] as number) / n;
  }
  let correction = 0;
  for (let i = 0; i < n; i++) correction += (column[i] as number) - mean;
  mean += correction / n;
  for (let i = 0; i < n; i++) column[i] = (column[i] as number) - mean;
  const norm = scaledNorm(column, 0, n);
  const inverse = 1 / norm;
  for (let i = 0; i < n; i++) column[i] = (column[i] as number) * inverse;
  return { mean, norm };
}

/**
 * Mean for the performance axis: Neumaier-compensated Σx / n, so equal multisets of ratings give bit-equal means
 * whatever their order (exact for integer ratings); not finite when Σx overflows (the caller falls back).
 */
function performanceMean(values: Float64Array): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + compensation) / values.length;
}

/** Share of ratings in the top boxes, and the count of ratings outside the scale. */
function topBoxShare(values: Float64Array, scale: KeyDriversScale): { share: number; outside: number } {
  const threshold = scale.max - (scale.topBoxes ?? 2) + 1;
  let top = 0;
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v >= threshold) top++;
    if (v < scale.min || v > scale.max) outside++;
  }
  return { share: top / values.length, outside };
}

/** At or above the split, allowing 1e-12 relative for rounding, so tied drivers land in the same half. */
function atLeast(value: number, split: number): boolean {
  return value >= split - 1e-12 * Math.abs(split);
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function formatWeight(w: number): string {
  return Number(w.toPrecision(6)).toString();
}

/**
 * Relative importance of drivers for an outcome, with standardized betas and an importance × performance
 * quadrant table.
 *
 * Method: OLS of the outcome on all drivers (Householder QR, as R `lm`); standardized betas bⱼ·sⱼ/s_y with
 * t-based standard errors, p-values and intervals; importance by LMG — the R² increment of each driver
 * averaged over all orderings, i.e. its Shapley value (Lindeman, Merenda & Gold 1980; Grömping 2006, R
 * `relaimpo::calc.relimp(type = "lmg")`), computed exactly over all 2^p subsets from the correlation matrix
 * (cost O(n·p² + 2^p·p³/6) flops: p = 8 is 256 small Cholesky solves) — or by Johnson's (2000) relative
 * weights (O(n·p² + p³)), the default above 12 drivers. Both sum to R²; shares divide by R².
 * Quadrants (Martilla & James 1977): a driver has high importance when its share ≥ the split of all shares,
 * high performance when its performance ≥ the split of all performances (≥ up to 1e-12 relative, so ties from
 * rounding fall on the high side together); the split is the mean (default) or median across drivers: high/high 'maintain', high/low 'improve', low/low 'secondary', low/high 'overkill'.
 *
 * Missing values: listwise — a row with NaN/null in the outcome or any driver is dropped (warning
 * 'missing-rows-dropped'); everything, performance included, is computed on the complete rows.
 *
 * @param input outcome and named driver columns (same length; NaN/null missing).
 * @param options importance method, level, rating scale for top-box performance, quadrant split rule.
 * @returns the ok result, or insufficient when fewer than p + 2 complete rows remain, the outcome or a driver is
 *   constant, or drivers are perfectly collinear (reason names them and the combination).
 * @throws TypeError / RangeError for non-array columns, unequal lengths, ±Infinity, no drivers, bad options, or
 *   'lmg' with more than 16 drivers.
 * @example
 * const r = keyDrivers({ outcome: [3, 5, 4, 6, 8, 7], drivers: { a: [1, 2, 2, 3, 4, 4], b: [2, 1, 3, 2, 3, 4] } });
 * r.status === 'ok' && r.rSquared // => 0.98160469667319
 * r.status === 'ok' && r.drivers.map((d) => [d.name, d.share, d.quadrant])
 * // => [['a', 0.873096998695085, 'maintain'], ['b', 0.126903001304915, 'secondary']]
 */
export function keyDrivers(input: KeyDriversInput, options: KeyDriversOptions = {}): KeyDriversResult | InsufficientResult {
  if (input === null || typeof input !== 'object') throw new TypeError('keyDrivers: input must be { outcome, drivers }');
  const names = input.drivers !== null && typeof input.drivers === 'object' ? Object.keys(input.drivers) : [];
  const p = names.length;
  if (p === 0) throw new RangeError('keyDrivers: drivers must name at least one column, got none');
  const { importance: method, level } = checkOptions(options, p);
  const outcome = input.outcome;
  if (outcome === null || typeof outcome !== 'object' || typeof outcome.length !== 'number') {
    throw new TypeError('keyDrivers: outcome must be an array of numbers');
  }
  const total = outcome.length;
  // Stage 1: validation and listwise deletion.
  const missingRow = new Uint8Array(total);
  markMissingNumbers('keyDrivers', 'outcome', outcome, missingRow);
  const columns = names.map((name) => {
    const column = input.drivers[name] as ArrayLike<number | null>;
    checkColumnLength('keyDrivers', `driver '${name}'`, column, total);
    markMissingNumbers('keyDrivers', `driver '${name}'`, column, missingRow);
    return column;
  });
  let n = 0;
  for (let i = 0; i < total; i++) if (missingRow[i] === 0) n++;
  const missing = total - n;
  if (n < p + 2) {
    return insufficient(method, `keyDrivers: needs at least p + 2 = ${p + 2} complete rows for ${p} drivers, got ${n}`);
  }
  // Design [1, z₁ … z_p] with unit-length centred drivers; w = unit-length centred outcome. The complete rows
  // are copied straight into them; performance is measured on the raw values before they are centred in place.
  const design = new Float64Array(n * (p + 1));
  design.fill(1, 0, n);
  const w = new Float64Array(n);
  compactNumbers(outcome, missingRow, n, w);
  const scale = options.scale;
  const performance = new Float64Array(p);
  let outside = 0;
  const means = new Float64Array(p + 1);
  const norms = new Float64Array(p + 1);
  const constant: string[] = [];
  for (let j = 0; j <= p; j++) {
    const column = j === 0 ? w : design.subarray(j * n, (j + 1) * n);
    if (j > 0) {
      compactNumbers(columns[j - 1] as ArrayLike<number | null>, missingRow, n, column);
      if (scale !== undefined) {
        const measured = topBoxShare(column, scale);
        performance[j - 1] = measured.share;
        outside += measured.outside;
      } else {
        performance[j - 1] = performanceMean(column);
      }
    }
    const { mean, norm } = unitColumn(column);
    // Σx overflowed (values near 1e308): fall back to the overflow-safe centring mean.
    if (j > 0 && scale === undefined && !Number.isFinite(performance[j - 1] as number)) performance[j - 1] = mean;
    means[j] = mean;
    norms[j] = norm;
    if (norm === 0 && j > 0) constant.push(names[j - 1] as string);
  }
  if (norms[0] === 0) return insufficient(method, 'keyDrivers: the outcome is constant over the complete rows');
  if (constant.length > 0) {
    return insufficient(method, `keyDrivers: constant driver${constant.length > 1 ? 's' : ''} ${constant.map((c) => `'${c}'`).join(', ')}`);
  }

  // Stage 2: OLS.
  const fit = fitOls({ rows: n, columns: p + 1, data: design, names: ['(Intercept)', ...names] }, w, {
    hasIntercept: true,
    overwriteDesign: true,
  });
  if (fit.rank < p + 1) {
    const parts = fit.aliased.map((col) => {
      const combo = [...aliasCombination(fit, col)].filter(([c]) => c > 0);
      const rhs = combo.map(([c, v]) => `${formatWeight(v)}·'${names[c - 1] as string}'`).join(' + ');
      return `'${names[col - 1] as string}' = ${rhs === '' ? '0' : rhs} (in standardized units)`;
    });
    return insufficient(method, `keyDrivers: drivers are perfectly collinear: ${parts.join('; ')}`);
  }
  const df = fit.dfResidual;
  const s2 = fit.sigma * fit.sigma;
  const q = studentTQuantile(1 - (1 - level) / 2, df);
  const warnings: AnalysisWarning[] = [];
  if (missing > 0) {
    warnings.push({ code: KEY_DRIVERS_WARNINGS.missingDropped, message: `${missing} of ${total} rows had a missing value and were dropped` });
  }
  if (fit.residualSumOfSquares <= 1e-24 * (fit.modelSumOfSquares + fit.residualSumOfSquares)) {
    warnings.push({
      code: KEY_DRIVERS_WARNINGS.perfectFit,
      message: 'the drivers explain the outcome exactly (R² = 1): is the outcome computed from them? Betas have no sampling error',
    });
  }

  // Correlations of the unit-length centred columns are their dot products: ZᵀZ = RᵀR and Zᵀw = Rᵀ(Qᵀw) from
  // the QR just computed (full rank, so unpivoted), O(p³) instead of O(n·p²).
  const a = fit.qr.qr;
  const effects = fit.effects;
  const correlation = new Float64Array(p * p);
  const withOutcome = new Float64Array(p);
  for (let x = 0; x < p; x++) {
    const cx = (x + 1) * n;
    let sy = 0;
    for (let m = 0; m <= x + 1; m++) sy += (a[cx + m] as number) * (effects[m] as number);
    withOutcome[x] = sy;
    correlation[x * p + x] = 1;
    for (let z = x + 1; z < p; z++) {
      const cz = (z + 1) * n;
      let s = 0;
      for (let m = 0; m <= x + 1; m++) s += (a[cx + m] as number) * (a[cz + m] as number);
      correlation[x * p + z] = s;
      correlation[z * p + x] = s;
    }
  }

  // Stage 3: relative importance.
  const importances = method === 'lmg' ? lmgFromSubsets(subsetRSquared(correlation, withOutcome, p), p) : relativeWeights(correlation, withOutcome, p);
  let sumImportance = 0;
  for (let j = 0; j < p; j++) sumImportance += importances[j] as number;
  const shares = new Float64Array(p);
  if (sumImportance > 0) for (let j = 0; j < p; j++) shares[j] = (importances[j] as number) / sumImportance;
  else warnings.push({ code: KEY_DRIVERS_WARNINGS.zeroRSquared, message: 'R² is 0: no driver explains any variation; shares are reported as 0' });
  const order = Array.from({ length: p }, (_, j) => j).sort((a, b) => (shares[b] as number) - (shares[a] as number) || a - b);
  const rank = new Int32Array(p);
  order.forEach((j, r) => {
    rank[j] = r + 1;
  });

  // Stage 4: quadrants (performance was measured in stage 1).
  if (outside > 0 && scale !== undefined) {
    warnings.push({ code: KEY_DRIVERS_WARNINGS.outsideScale, message: `${outside} driver values lie outside the scale ${scale.min}–${scale.max}` });
  }
  const rule = options.quadrantSplit ?? 'mean';
  const splitShare = rule === 'mean' ? 1 / p : median(shares);
  const splitPerformance = rule === 'mean' ? performance.reduce((s, v) => s + v, 0) / p : median(performance);
  const quadrants: Record<KeyDriverQuadrant, string[]> = { maintain: [], improve: [], secondary: [], overkill: [] };

  const drivers: KeyDriver[] = [];
  const highVif: string[] = [];
  for (let j = 0; j < p; j++) {
    const c = j + 1;
    const unscaled = fit.unscaledCovariance[c * (p + 1) + c] as number;
    const beta = fit.coefficients[c] as number;
    const se = Math.sqrt(s2 * unscaled);
    // An exact fit gives se = 0: t is ±Infinity (0 for a zero beta) rather than 0/0.
    const t = se > 0 ? beta / se : beta === 0 ? 0 : Math.sign(beta) * Infinity;
    const toRaw = (norms[0] as number) / (norms[c] as number);
    // Unit-length columns: (ZᵀZ)⁻¹ⱼⱼ of a centred, unit-length column is its VIF.
    const vif = unscaled;
    if (vif > 10) highVif.push(`'${names[j] as string}' (${formatWeight(vif)})`);
    const highImportance = atLeast(shares[j] as number, splitShare);
    const highPerformance = atLeast(performance[j] as number, splitPerformance);
    const quadrant: KeyDriverQuadrant = highImportance ? (highPerformance ? 'maintain' : 'improve') : highPerformance ? 'overkill' : 'secondary';
    drivers.push({
      name: names[j] as string,
      beta,
      betaStdError: se,
      betaConfidenceInterval: { lower: beta - q * se, upper: beta + q * se, level },
      tStatistic: t,
      pValue: 2 * studentTSurvival(Math.abs(t), df),
      coefficient: beta * toRaw,
      coefficientStdError: se * toRaw,
      vif,
      importance: importances[j] as number,
      share: shares[j] as number,
      rank: rank[j] as number,
      performance: performance[j] as number,
      quadrant,
    });
  }
  for (const j of order) quadrants[(drivers[j] as KeyDriver).quadrant].push(names[j] as string);
  if (highVif.length > 0) {
    warnings.push({
      code: KEY_DRIVERS_WARNINGS.highCollinearity,
      message: `variance inflation factor above 10 for ${highVif.join(', ')}: their betas are unstable; prefer the importance shares`,
    });
  }
  return {
    status: 'ok',
    method,
    n,
    missing,
    drivers,
    rSquared: fit.rSquared,
    adjustedRSquared: fit.adjustedRSquared,
    fStatistic: fit.fStatistic,
    fDf1: fit.fDf1,
    fDf2: df,
    fPValue: Number.isFinite(fit.fStatistic) ? fSurvival(fit.fStatistic, fit.fDf1, df) : 0,
    dfResidual: df,
    level,
    performanceMeasure: scale === undefined ? 'mean' : 'top-box',
    split: { rule, share: splitShare, performance: splitPerformance },
    quadrants,
    warnings,
  };
}
