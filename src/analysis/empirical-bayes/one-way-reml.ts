/**
 * Stage 1 of shrinkMeans: REML for the one-way random-intercept model y_ij = μ + b_i + e_ij, b_i ~ N(0, τ²),
 * e_ij ~ N(0, σ²), from the per-group sufficient statistics (n_i, ȳ_i, s²_i).
 *
 * With λ = τ²/σ² (lme4's θ²), w_i = n_i/(1 + n_i λ), the GLS mean μ̂(λ) = Σ w_i ȳ_i / Σ w_i, the within sum of
 * squares W = Σ (n_i − 1) s²_i and the between one Q(λ) = Σ w_i (ȳ_i − μ̂)², σ² profiles out as
 * σ̂²(λ) = (W + Q)/(N − 1) and REML's criterion (−2 × restricted log-likelihood, Patterson & Thompson 1971) is
 *
 *   d(λ) = (N − 1)(1 + ln(2π σ̂²)) + Σ ln(1 + n_i λ) + ln Σ w_i,
 *
 * exactly lme4's `REMLcrit` for `lmer(y ~ 1 + (1 | g), REML = TRUE)` (Bates, Mächler, Bolker & Walker 2015,
 * "Fitting linear mixed-effects models using lme4", JSS 67: here ln|L_θ|² = Σ ln(1 + n_i λ) and
 * ln|R_X|² = ln Σ w_i). Its derivative is
 *
 *   d′(λ) = −(N − 1) Σ w_i² (ȳ_i − μ̂)² / (W + Q) + Σ w_i − Σ w_i² / Σ w_i
 *
 * (μ̂ minimises Q, so it does not move Q to first order). lme4 minimises d over θ ≥ 0 by a derivative-free
 * search (bobyqa: θ within 1e-8 to 3e-5 relative of the optimum in the reference cases); here d is scanned on a
 * grid of λ, four points per decade over
 * [1e-12/max n, 1e12/min n] and λ = 0, and the best grid point refined by bisection on the sign of d′ to
 * rounding level — so the REML optimum is found to ~1e-15 and multiple local minima cannot trap it. The minimum
 * sits at λ = 0 (lme4's singular fit, τ² = 0) when d′(0) ≥ 0 and no interior point is lower.
 */

/** The REML fit. */
export interface OneWayRemlFit {
  /** λ = τ²/σ² at the optimum; 0 at the boundary. */
  readonly ratio: number;
  /** μ̂, the GLS grand mean at λ. */
  readonly grandMean: number;
  /** σ̂² = (W + Q)/(N − 1). */
  readonly withinVariance: number;
  /** τ̂² = λ σ̂². */
  readonly betweenVariance: number;
  /** Σ w_i = Σ n_i/(1 + n_i λ); Var(μ̂) = σ̂²/Σ w_i. */
  readonly sumWeights: number;
  /** d(λ), lme4's REMLcrit. */
  readonly criterion: number;
}

const LN_2PI = 1.8378770664093454835606594728112;
const GRID_PER_DECADE = 4;

interface State {
  readonly criterion: number;
  readonly derivative: number;
  readonly grandMean: number;
  readonly sigma2: number;
  readonly sumWeights: number;
}

function state(mean: Float64Array, n: Float64Array, within: number, total: number, lambda: number): State {
  let sw = 0;
  let swy = 0;
  let logDet = 0;
  for (let i = 0; i < n.length; i++) {
    const ni = n[i] as number;
    const w = ni / (1 + ni * lambda);
    sw += w;
    swy += w * (mean[i] as number);
    logDet += Math.log1p(ni * lambda);
  }
  let mu = swy / sw;
  // One refinement pass: the weighted mean of the residuals, so μ̂ keeps its digits for data far from 0.
  let corr = 0;
  for (let i = 0; i < n.length; i++) {
    const ni = n[i] as number;
    corr += (ni / (1 + ni * lambda)) * ((mean[i] as number) - mu);
  }
  mu += corr / sw;
  let q = 0;
  let q2 = 0;
  let sw2 = 0;
  for (let i = 0; i < n.length; i++) {
    const ni = n[i] as number;
    const w = ni / (1 + ni * lambda);
    const r = (mean[i] as number) - mu;
    q += w * r * r;
    q2 += w * w * r * r;
    sw2 += w * w;
  }
  const sigma2 = (within + q) / (total - 1);
  const criterion = (total - 1) * (1 + LN_2PI + Math.log(sigma2)) + logDet + Math.log(sw);
  const derivative = (-(total - 1) * q2) / (within + q) + sw - sw2 / sw;
  return { criterion, derivative, grandMean: mu, sigma2, sumWeights: sw };
}

/**
 * @internal Fits groups with n_i ≥ 1 (at least two) whose within sum of squares W is > 0, N = Σ n_i.
 * @param mean group means ȳ_i
 * @param n group sizes n_i
 * @param within W = Σ (n_i − 1) s²_i
 */
export function fitOneWayReml(mean: Float64Array, n: Float64Array, within: number): OneWayRemlFit {
  let total = 0;
  let nMin = Infinity;
  let nMax = 0;
  for (let i = 0; i < n.length; i++) {
    const ni = n[i] as number;
    total += ni;
    nMin = Math.min(nMin, ni);
    nMax = Math.max(nMax, ni);
  }
  const at = (lambda: number): State => state(mean, n, within, total, lambda);

  // Grid: λ = 0, then 10^(j/4) over the decades where n λ goes from 1e-12 to 1e12 for every group.
  const lambdas: number[] = [0];
  const first = Math.floor(GRID_PER_DECADE * Math.log10(1e-12 / nMax));
  const last = Math.ceil(GRID_PER_DECADE * Math.log10(1e12 / nMin));
  for (let j = first; j <= last; j++) lambdas.push(10 ** (j / GRID_PER_DECADE));
  let best = 0;
  let bestValue = at(0).criterion;
  for (let j = 1; j < lambdas.length; j++) {
    const value = at(lambdas[j] as number).criterion;
    if (value < bestValue) {
      best = j;
      bestValue = value;
    }
  }
  // A minimum beyond the grid's top (σ² tiny against τ²): extend it until d rises.
  while (best === lambdas.length - 1 && (lambdas[best] as number) < 1e300) {
    const next = (lambdas[best] as number) * 10;
    lambdas.push(next);
    const value = at(next).criterion;
    if (value < bestValue) {
      best += 1;
      bestValue = value;
    }
  }

  let lambda: number;
  if (best === 0 && at(0).derivative >= 0) {
    lambda = 0;
  } else {
    // The minimum lies between the grid neighbours of the best point: bisect on the sign of d′.
    let lo = best === 0 ? 0 : (lambdas[best - 1] as number);
    let hi = (lambdas[Math.min(best + 1, lambdas.length - 1)] as number);
    if (at(hi).derivative <= 0) {
      // Flat or rounding-level slopes at the bracket's end: keep the best grid point.
      lambda = lambdas[best] as number;
    } else {
      for (let iter = 0; iter < 400; iter++) {
        const mid = lo > 0 && hi / lo > 4 ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
        if (!(mid > lo && mid < hi)) break;
        if (at(mid).derivative < 0) lo = mid;
        else hi = mid;
      }
      lambda = 0.5 * (lo + hi);
      const tolerance = 1e-12 * Math.abs(bestValue);
      // Guard: never return a point worse than the best grid point (a derivative that is rounding noise).
      if (at(lambda).criterion > bestValue + tolerance) lambda = lambdas[best] as number;
      // A point next to 0 no better than 0 itself, where d rises: the boundary, as lme4's singular fit.
      const zero = at(0);
      if (zero.derivative >= 0 && zero.criterion <= at(lambda).criterion + tolerance) lambda = 0;
    }
  }
  const s = at(lambda);
  return {
    ratio: lambda,
    grandMean: s.grandMean,
    withinVariance: s.sigma2,
    betweenVariance: lambda * s.sigma2,
    sumWeights: s.sumWeights,
    criterion: s.criterion,
  };
}
