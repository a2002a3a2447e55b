/**
 * Beta-binomial empirical Bayes for per-group proportions (e.g. CSAT per agent within a team): each group's
 * rate shrunk toward the team's by as much as its few trials warrant, with a posterior interval.
 *
 * Stages: 1. beta-binomial-fit.ts — the Beta(α, β) prior by marginal maximum likelihood;
 *         2. here — per group the posterior Beta(x + α, n − x + β): its mean and equal-tailed interval.
 */
import { betaQuantile } from '../distributions/beta-quantile.js';
import { insufficient } from '../result.js';
import type { AnalysisWarning, InsufficientResult } from '../result.js';
import { checkCount, checkLevel } from '../wilson-interval.js';
import { fitBetaBinomial } from './beta-binomial-fit.js';

/** Warning codes of {@link shrinkProportions}. */
export const SHRINK_PROPORTIONS_WARNINGS = {
  /**
   * The groups vary no more than binomial noise: the likelihood is largest at infinite prior precision, every
   * group is shrunk to the pooled proportion and its interval is that point.
   */
  noBetweenVariation: 'no-between-group-variation',
  /** Every group is at 0 % or 100 %: the prior's precision went to 0 and the groups are not shrunk. */
  noWithinVariation: 'no-within-group-variation',
  /** Groups with n = 0 were given the prior's mean and interval (they did not enter the fit). */
  groupsWithoutTrials: 'groups-without-trials',
  /** The likelihood maximisation stopped at its iteration limit; the prior may be inexact. */
  notConverged: 'not-converged',
} as const;

/** One group's successes and trials, e.g. satisfied surveys and surveys of one agent. */
export interface ProportionGroup {
  /** Successes, an integer in 0..n. */
  readonly x: number;
  /** Trials, a non-negative integer. */
  readonly n: number;
}

/** Options for {@link shrinkProportions}. */
export interface ShrinkProportionsOptions {
  /** Level of the equal-tailed posterior intervals, in (0, 1). Default 0.95. */
  readonly level?: number;
}

/** One group of a {@link ShrinkProportionsResult}, in the order given. */
export interface ShrunkProportion {
  readonly x: number;
  readonly n: number;
  /** x / n, a proportion in [0, 1]; null when n = 0. */
  readonly raw: number | null;
  /** Posterior mean (x + α)/(n + α + β), a proportion. */
  readonly shrunk: number;
  /**
   * Weight of the group's own rate in `shrunk`, n/(n + α + β) in [0, 1]: 1 = not shrunk, 0 = at the prior mean
   * (shrunk = shrinkage·raw + (1 − shrinkage)·prior.mean), in the same sense as shrinkMeans' shrinkage.
   */
  readonly shrinkage: number;
  /** Lower end of the equal-tailed posterior interval, qbeta((1 − level)/2, x + α, n − x + β). */
  readonly lower: number;
  /** Upper end, qbeta((1 + level)/2, x + α, n − x + β). */
  readonly upper: number;
}

/** A successful {@link shrinkProportions}. */
export interface ShrinkProportionsResult {
  readonly status: 'ok';
  readonly method: 'beta-binomial-mml';
  /**
   * The fitted Beta(alpha, beta) prior and its mean alpha/(alpha + beta) (a proportion). With no variation
   * between groups beyond binomial noise it is a point mass at the pooled proportion p: alpha and beta are
   * Infinity (alpha = 0 when p = 0, beta = 0 when p = 1).
   */
  readonly prior: { readonly alpha: number; readonly beta: number; readonly mean: number };
  /** Beta-binomial marginal log-likelihood at the fit, binomial coefficients included (R: logLik(vglm(…))). */
  readonly logLikelihood: number;
  readonly level: number;
  readonly groups: readonly ShrunkProportion[];
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Shrinks per-group proportions toward their common rate by beta-binomial empirical Bayes.
 *
 * Method: x_i ~ Binomial(n_i, p_i), p_i ~ Beta(α, β). α and β maximise the beta-binomial marginal likelihood
 * over the groups (Skellam 1948; Griffiths 1973) — Newton on (logit mean, log precision) from the method of
 * moments (Kleinman 1973) — and each group gets the posterior Beta(x + α, n − x + β): mean (x + α)/(n + α + β)
 * and equal-tailed quantiles (Efron & Morris 1975 for empirical Bayes shrinkage; Robinson 1991, "That BLUP is a
 * good thing", for why ranking by the shrunk value is fairer to small groups). Agrees with R's VGAM
 * `vglm(cbind(x, n - x) ~ 1, betabinomialff)` and `qbeta`. The intervals treat α and β as known (plug-in), so
 * they are a little too narrow when there are few groups.
 * When the groups vary no more than binomial noise (Tarone's 1979 score ≤ 0 and no interior maximum), the
 * maximum is at infinite precision: the result is 'ok' with the prior a point mass at the pooled proportion,
 * every group shrunk to it with a point interval, and the 'no-between-group-variation' warning — the same
 * answer as shrinkMeans' τ² = 0 (lme4's singular fit), rather than "insufficient", because it is the estimate
 * the data support: nobody stands out. All x = 0 (or all x = n) is that case too, the point mass at 0 (or 1).
 * When every group is all-or-nothing (each x = 0 or x = n) the precision goes to 0 instead: the prior splits
 * its mass between 0 and 1 and nobody is shrunk ('no-within-group-variation'). A group with n = 0 gets the
 * prior mean and interval, raw = null.
 * @param groups successes x and trials n per group (e.g. per agent of one team); counts, not rates
 * @param options level of the posterior intervals (default 0.95)
 * @returns the prior, per group raw and shrunk proportions (0–1) with intervals; or `insufficient` when fewer
 *   than 2 groups have trials, or fewer than 2 have n ≥ 2 (a single trial per group carries no information on
 *   how much groups differ)
 * @throws TypeError when groups is not an array of objects; RangeError when a count is not a non-negative
 *   integer with x ≤ n, or level is outside (0, 1)
 * @example
 * shrinkProportions([{ x: 3, n: 3 }, { x: 45, n: 50 }, { x: 160, n: 200 }, { x: 70, n: 100 }, { x: 30, n: 40 }])
 * // => { status: 'ok', prior: { alpha: 49.56, beta: 13.34, mean: 0.7879 },
 * //      groups: [{ x: 3, n: 3, raw: 1, shrunk: 0.7976, shrinkage: 0.0455, lower: 0.6933, upper: 0.8847 }, …] }
 * // (R: Coef(vglm(cbind(x, n - x) ~ 1, betabinomialff)) = 49.561, 13.341)
 */
export function shrinkProportions(
  groups: readonly ProportionGroup[],
  options: ShrinkProportionsOptions = {},
): ShrinkProportionsResult | InsufficientResult {
  const { level = 0.95 } = options;
  if (!Array.isArray(groups)) throw new TypeError(`shrinkProportions: groups must be an array of { x, n }, got ${typeof groups}`);
  checkLevel('shrinkProportions', level);
  let used = 0;
  let informative = 0;
  let empty = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (typeof g !== 'object' || g === null) {
      throw new TypeError(`shrinkProportions: groups[${i}] must be an object { x, n }, got ${String(g)}`);
    }
    checkCount('shrinkProportions', g.x, g.n, `groups[${i}].x`, `groups[${i}].n`);
    if (g.n > 0) used++;
    else empty++;
    if (g.n >= 2) informative++;
  }
  const method = 'beta-binomial-mml';
  if (used < 2) return insufficient(method, `shrinkProportions: needs at least 2 groups with n > 0, got ${used}`);
  if (informative < 2) {
    return insufficient(
      method,
      'shrinkProportions: needs at least 2 groups with n ≥ 2 to estimate the variation between groups ' +
        `(one trial per group says nothing about it), got ${informative}`,
    );
  }

  const x = new Float64Array(used);
  const n = new Float64Array(used);
  let k = 0;
  let sx = 0;
  let sn = 0;
  for (const g of groups) {
    if (g.n === 0) continue;
    x[k] = g.x;
    n[k] = g.n;
    k++;
    sx += g.x;
    sn += g.n;
  }
  const warnings: AnalysisWarning[] = [];
  const pooled = sx / sn;
  // All successes or all failures: nothing varies, the likelihood is maximal with the prior at 0 or 1.
  const fit =
    sx === 0 || sx === sn
      ? { mean: pooled, precision: Infinity, logLikelihood: 0, zeroPrecision: false, converged: true, iterations: 0 }
      : fitBetaBinomial(x, n);
  const boundary = fit.precision === Infinity;
  const alpha = boundary ? (fit.mean > 0 ? Infinity : 0) : fit.mean * fit.precision;
  const beta = boundary ? (fit.mean < 1 ? Infinity : 0) : (1 - fit.mean) * fit.precision;
  if (boundary) {
    warnings.push({
      code: SHRINK_PROPORTIONS_WARNINGS.noBetweenVariation,
      message: `the ${used} groups vary no more than binomial noise: every group is shrunk to the pooled proportion ${pooled}`,
    });
  }
  if (fit.zeroPrecision) {
    warnings.push({
      code: SHRINK_PROPORTIONS_WARNINGS.noWithinVariation,
      message: 'every group is at 0 % or 100 %: the prior puts its mass at 0 and 1 and the groups are not shrunk',
    });
  }
  if (!fit.converged) {
    warnings.push({
      code: SHRINK_PROPORTIONS_WARNINGS.notConverged,
      message: `the likelihood maximisation stopped after ${fit.iterations} iterations without converging`,
    });
  }
  if (empty > 0) {
    warnings.push({
      code: SHRINK_PROPORTIONS_WARNINGS.groupsWithoutTrials,
      message: `${empty} group${empty === 1 ? '' : 's'} with n = 0 got the prior's mean and interval`,
    });
  }

  const lowerP = (1 - level) / 2;
  const upperP = (1 + level) / 2;
  const out: ShrunkProportion[] = groups.map((g) => {
    if (boundary) {
      return { x: g.x, n: g.n, raw: g.n > 0 ? g.x / g.n : null, shrunk: pooled, shrinkage: 0, lower: pooled, upper: pooled };
    }
    const a = g.x + alpha;
    const b = g.n - g.x + beta;
    return {
      x: g.x,
      n: g.n,
      raw: g.n > 0 ? g.x / g.n : null,
      shrunk: a / (a + b),
      shrinkage: g.n / (g.n + fit.precision),
      lower: betaQuantile(lowerP, a, b),
      upper: betaQuantile(upperP, a, b),
    };
  });
  return {
    status: 'ok',
    method,
    prior: { alpha, beta, mean: boundary ? pooled : fit.mean },
    logLikelihood: fit.logLikelihood,
    level,
    groups: out,
    warnings,
  };
}
