/**
 * Normal–normal empirical Bayes for per-group means (e.g. handling time or rating per agent within a team): the
 * random-intercept model fitted by REML, each group's mean replaced by its BLUP.
 *
 * Stages: 1. one-way-reml.ts — τ², σ² and the grand mean by REML from the group summaries;
 *         2. here — per group the shrinkage factor, the BLUP and its prediction standard error.
 */
import { insufficient } from '../result.js';
import type { AnalysisWarning, InsufficientResult } from '../result.js';
import { fitOneWayReml } from './one-way-reml.js';

/** Warning codes of {@link shrinkMeans}. */
export const SHRINK_MEANS_WARNINGS = {
  /** REML puts τ² at 0 (lme4's singular fit): every group is shrunk to the grand mean. */
  noBetweenVariance: 'no-between-group-variance',
  /** Groups with n = 0 were given the grand mean (they did not enter the fit). */
  groupsWithoutData: 'groups-without-data',
} as const;

/** One group summarised: SQL's `avg(v)`, `var_samp(v)`, `count(v)` for an agent. */
export interface MeanGroup {
  /** Mean of the group's values, in the unit of the data; ignored (may be NaN) when n = 0. */
  readonly mean: number;
  /**
   * Sample variance, n − 1 denominator, in the unit squared. For n = 1 it is undefined: NaN (SQL NULL) or 0
   * is accepted there; ignored when n = 0.
   */
  readonly variance: number;
  /** Number of values, a non-negative integer. */
  readonly n: number;
}

/** One group of a {@link ShrinkMeansResult}, in the order given. */
export interface ShrunkMean {
  /** The group's own mean; null when n = 0. */
  readonly mean: number | null;
  readonly n: number;
  /** grandMean + BLUP of the group's effect = grandMean + shrinkage·(mean − grandMean), in the data's unit. */
  readonly shrunk: number;
  /** B = τ²/(τ² + σ²/n) in [0, 1]: the weight of the group's own mean (1 = not shrunk, 0 = at the grand mean). */
  readonly shrinkage: number;
  /**
   * Prediction standard error of `shrunk` as an estimate of the group's true mean, in the data's unit:
   * √(σ²B/n + (1 − B)² Var(grandMean)), from Henderson's mixed-model equations (the uncertainty of the grand
   * mean included, τ² and σ² taken as known). lme4's `ranef(condVar = TRUE)` gives the first term alone.
   */
  readonly stderr: number;
}

/** A successful {@link shrinkMeans}. */
export interface ShrinkMeansResult {
  readonly status: 'ok';
  readonly method: 'normal-normal-reml';
  /** μ̂, the GLS mean Σ w_i ȳ_i / Σ w_i with w_i = 1/(τ² + σ²/n_i): lme4's fixef, in the data's unit. */
  readonly grandMean: number;
  /** Standard error of grandMean, √(1/Σ w_i): lme4's √vcov. */
  readonly grandMeanStderr: number;
  /** τ², the variance of the true group means, in the unit squared; 0 at the boundary. */
  readonly betweenVariance: number;
  /** σ², the common variance of values within a group, in the unit squared. */
  readonly withinVariance: number;
  /** REML criterion −2 ln L_R at the fit (lme4's REMLcrit), for comparing fits. */
  readonly remlCriterion: number;
  readonly groups: readonly ShrunkMean[];
  readonly warnings: readonly AnalysisWarning[];
}

function checkGroup(g: MeanGroup, i: number): void {
  if (typeof g !== 'object' || g === null) {
    throw new TypeError(`shrinkMeans: groups[${i}] must be an object { mean, variance, n }, got ${String(g)}`);
  }
  const { mean, variance, n } = g;
  if (typeof mean !== 'number' || typeof variance !== 'number' || typeof n !== 'number') {
    throw new TypeError(
      `shrinkMeans: groups[${i}].mean, .variance and .n must be numbers, got ${typeof mean}, ${typeof variance}, ${typeof n}`,
    );
  }
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`shrinkMeans: groups[${i}].n must be a non-negative integer, got ${n}`);
  }
  if (n === 0) return;
  if (!Number.isFinite(mean)) throw new RangeError(`shrinkMeans: groups[${i}].mean must be finite when n > 0, got ${mean}`);
  if (n === 1) {
    if (!(Number.isNaN(variance) || variance === 0)) {
      throw new RangeError(`shrinkMeans: groups[${i}].variance must be NaN or 0 when n = 1, got ${variance}`);
    }
    return;
  }
  if (!(variance >= 0 && variance < Infinity)) {
    throw new RangeError(`shrinkMeans: groups[${i}].variance must be a finite number ≥ 0 when n ≥ 2, got ${variance}`);
  }
}

/**
 * Shrinks per-group means toward their common mean by the normal–normal random-intercept model fitted by REML.
 *
 * Method: y_ij = μ + b_i + e_ij, b_i ~ N(0, τ²), e_ij ~ N(0, σ²) with one σ² for all groups; τ², σ² by REML
 * (Patterson & Thompson 1971) from the sufficient statistics — W = Σ (n_i − 1)s²_i within, the group means
 * between — minimising exactly lme4's criterion, so the fit is R's `lmer(y ~ 1 + (1 | g), REML = TRUE)`
 * (Bates et al. 2015) on the raw values, to lme4's optimiser tolerance (here the optimum is refined to rounding
 * level). Per group the BLUP (Henderson 1975; Robinson 1991): shrunk = μ̂ + B_i(ȳ_i − μ̂), B_i = τ²/(τ² + σ²/n_i).
 * When REML puts τ² at 0 (lme4's singular fit) every group is shrunk to the grand mean with the
 * 'no-between-group-variance' warning. A group with n = 0 gets the grand mean (B = 0), mean = null.
 * @param groups per group { mean, variance (n − 1 denominator, unit²), n } — e.g. an agent's mean handling
 *   seconds, its var_samp and count; n = 1 groups (variance NaN or 0) inform only the between-group part
 * @returns grand mean, τ², σ², per group raw and shrunk mean (the data's unit), B and standard error; or
 *   `insufficient` when fewer than 2 groups have data, every group has a single value (σ² and τ² cannot be told
 *   apart), or every group with several values is constant (W = 0: REML's σ² would be 0)
 * @throws TypeError when groups is not an array of objects of numbers; RangeError for a count that is not a
 *   non-negative integer, a non-finite mean where n > 0, a variance that is negative or non-finite where n ≥ 2,
 *   or neither NaN nor 0 where n = 1
 * @example
 * shrinkMeans([
 *   { mean: 310, variance: 6400, n: 40 }, { mean: 290, variance: 5900, n: 35 }, { mean: 420, variance: NaN, n: 1 },
 *   { mean: 350, variance: 7000, n: 25 }, { mean: 275, variance: 6100, n: 30 },
 * ])
 * // => { status: 'ok', grandMean: 309.76, betweenVariance: 841.9, withinVariance: 6345.4,
 * //      groups: [ …, { mean: 420, n: 1, shrunk: 322.67, shrinkage: 0.117, stderr: 30.65 }, … ] }
 */
export function shrinkMeans(groups: readonly MeanGroup[]): ShrinkMeansResult | InsufficientResult {
  if (!Array.isArray(groups)) {
    throw new TypeError(`shrinkMeans: groups must be an array of { mean, variance, n }, got ${typeof groups}`);
  }
  let used = 0;
  let empty = 0;
  let total = 0;
  let within = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as MeanGroup;
    checkGroup(g, i);
    if (g.n === 0) {
      empty++;
      continue;
    }
    used++;
    total += g.n;
    if (g.n > 1) within += (g.n - 1) * g.variance;
  }
  const method = 'normal-normal-reml';
  if (used < 2) return insufficient(method, `shrinkMeans: needs at least 2 groups with n > 0, got ${used}`);
  if (total === used) {
    return insufficient(
      method,
      `shrinkMeans: every group has a single value (${used} groups): the within- and between-group variances cannot be told apart`,
    );
  }
  if (within === 0) {
    return insufficient(
      method,
      'shrinkMeans: every group with several values is constant (within-group variance 0): nothing to weigh the group means against',
    );
  }

  const mean = new Float64Array(used);
  const n = new Float64Array(used);
  let k = 0;
  for (const g of groups) {
    if (g.n === 0) continue;
    mean[k] = g.mean;
    n[k] = g.n;
    k++;
  }
  const fit = fitOneWayReml(mean, n, within);
  const varGrand = fit.withinVariance / fit.sumWeights;
  const warnings: AnalysisWarning[] = [];
  if (fit.ratio === 0) {
    warnings.push({
      code: SHRINK_MEANS_WARNINGS.noBetweenVariance,
      message:
        `REML estimates no variation between the ${used} groups' true means (τ² = 0): ` +
        `every group is shrunk to the grand mean ${fit.grandMean}`,
    });
  }
  if (empty > 0) {
    warnings.push({
      code: SHRINK_MEANS_WARNINGS.groupsWithoutData,
      message: `${empty} group${empty === 1 ? '' : 's'} with n = 0 got the grand mean`,
    });
  }
  const out: ShrunkMean[] = groups.map((g) => {
    // B = nλ/(1 + nλ) with λ = τ²/σ²; the conditional variance of the effect is σ²λ/(1 + nλ) (τ² when n = 0).
    const b = (g.n * fit.ratio) / (1 + g.n * fit.ratio);
    const conditional = (fit.withinVariance * fit.ratio) / (1 + g.n * fit.ratio);
    const stderr = Math.sqrt(conditional + (1 - b) * (1 - b) * varGrand);
    if (g.n === 0) return { mean: null, n: 0, shrunk: fit.grandMean, shrinkage: 0, stderr };
    return { mean: g.mean, n: g.n, shrunk: fit.grandMean + b * (g.mean - fit.grandMean), shrinkage: b, stderr };
  });
  return {
    status: 'ok',
    method,
    grandMean: fit.grandMean,
    grandMeanStderr: Math.sqrt(varGrand),
    betweenVariance: fit.betweenVariance,
    withinVariance: fit.withinVariance,
    remlCriterion: fit.criterion,
    groups: out,
    warnings,
  };
}
