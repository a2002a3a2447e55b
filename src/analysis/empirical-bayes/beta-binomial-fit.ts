/**
 * Stage 1 of shrinkProportions: the Beta(α, β) prior by marginal maximum likelihood of the beta-binomial.
 *
 * Log-likelihood (binomial coefficients aside) ℓ(α, β) = Σ_i [ln B(x_i + α, n_i − x_i + β) − ln B(α, β)]
 * (Skellam 1948; Griffiths 1973), maximised over θ = (u, v) = (logit μ, ln M) with μ = α/(α + β) the prior mean
 * and M = α + β its precision, by Newton's method with the exact Hessian (digamma/trigamma differences over the
 * integer counts, polygamma-differences.ts), a Levenberg shift where the Hessian is not negative definite, steps
 * capped at 2 in each coordinate and a backtracking Armijo line search. Start: the method of moments
 * (Kleinman 1973), ρ = 1/(M + 1) from Σ(x − n p̂)²/(p̂(1 − p̂)) = Σ n(1 + (n − 1)ρ).
 *
 * Boundary: as M → ∞ the beta-binomial tends to the binomial and ℓ → ℓ_bin + S/(2M) with
 * S·p̂(1 − p̂) = Σ(x − n p̂)² − p̂(1 − p̂) Σ n (Tarone 1979's score for overdispersion), so when S ≤ 0 the
 * likelihood is largest at M = ∞ (no variation between groups beyond binomial noise) unless an interior maximum
 * is higher, which the search from ρ = 0.05 then finds. M is capped at 1e15 (treated as ∞) and 1e-8 (every
 * group all-or-nothing: the prior's mass goes to 0 and 1).
 */
import { logBeta } from '../distributions/gamma.js';
import { digammaDifference, trigammaDifference } from './polygamma-differences.js';

/** The fitted prior and how the search ended. */
export interface BetaBinomialFit {
  /** Prior mean μ = α/(α + β). */
  readonly mean: number;
  /** Prior precision M = α + β; Infinity when the maximum is at the binomial boundary. */
  readonly precision: number;
  /** Σ ln P(x_i | n_i) at the fit, binomial coefficients included (as R's logLik of VGAM's vglm). */
  readonly logLikelihood: number;
  /** M fell below MIN_PRECISION: every group at 0 % or 100 %. */
  readonly zeroPrecision: boolean;
  readonly converged: boolean;
  readonly iterations: number;
}

const MAX_ITERATIONS = 200;
const MAX_PRECISION = 1e15;
const MIN_PRECISION = 1e-8;
const MAX_STEP = 2;
/** Newton has converged when its step in (logit μ, ln M) is below this. */
const STEP_TOLERANCE = 1e-11;

interface Evaluation {
  readonly ll: number;
  /** Rounding noise of ll: the logBeta terms it is a difference of, times a few ε. */
  readonly noise: number;
  readonly gu: number;
  readonly gv: number;
  readonly huu: number;
  readonly huv: number;
  readonly hvv: number;
}

function logLikelihood(x: Float64Array, n: Float64Array, alpha: number, beta: number): { ll: number; noise: number } {
  const prior = logBeta(alpha, beta);
  let ll = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const term = logBeta(xi + alpha, (n[i] as number) - xi + beta);
    ll += term - prior;
    scale += Math.abs(term) + Math.abs(prior);
  }
  return { ll, noise: 1e-14 * scale };
}

function evaluate(x: Float64Array, n: Float64Array, u: number, v: number, withDerivatives: boolean): Evaluation {
  const mu = 1 / (1 + Math.exp(-u));
  const nu = 1 / (1 + Math.exp(u)); // 1 − μ without cancellation
  const m = Math.exp(v);
  const alpha = mu * m;
  const beta = nu * m;
  const { ll, noise } = logLikelihood(x, n, alpha, beta);
  if (!withDerivatives) return { ll, noise, gu: NaN, gv: NaN, huu: NaN, huv: NaN, hvv: NaN };
  // ∂ℓ/∂α, ∂ℓ/∂β and the Hessian in (α, β).
  let la = 0;
  let lb = 0;
  let taa = 0;
  let tbb = 0;
  let tab = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const ni = n[i] as number;
    const dm = digammaDifference(m, ni);
    const tm = trigammaDifference(m, ni);
    la += digammaDifference(alpha, xi) - dm;
    lb += digammaDifference(beta, ni - xi) - dm;
    taa += tm - trigammaDifference(alpha, xi);
    tbb += tm - trigammaDifference(beta, ni - xi);
    tab += tm;
  }
  // Chain rule: α = μM, β = (1 − μ)M; ∂α/∂u = −∂β/∂u = c = Mμ(1 − μ), ∂α/∂v = α, ∂β/∂v = β.
  const c = m * mu * nu;
  const dab = la - lb;
  const gu = c * dab;
  const gv = alpha * la + beta * lb;
  const huu = c * c * (taa - 2 * tab + tbb) + gu * (nu - mu);
  const huv = c * (alpha * taa + (beta - alpha) * tab - beta * tbb) + gu;
  const hvv = alpha * alpha * taa + 2 * alpha * beta * tab + beta * beta * tbb + gv;
  return { ll, noise, gu, gv, huu, huv, hvv };
}

/** Newton (Levenberg-shifted where needed) from (u, v); returns the last point and how it ended. */
function search(
  x: Float64Array,
  n: Float64Array,
  u0: number,
  v0: number,
): { u: number; v: number; ll: number; converged: boolean; iterations: number } {
  let u = u0;
  let v = v0;
  let e = evaluate(x, n, u, v, true);
  for (let iter = 1; iter <= MAX_ITERATIONS; iter++) {
    // Largest eigenvalue of the 2×2 Hessian; shift it below zero when it is not (Levenberg–Marquardt).
    const half = 0.5 * (e.huu + e.hvv);
    const radius = Math.hypot(0.5 * (e.huu - e.hvv), e.huv);
    const top = half + radius;
    const scale = Math.max(Math.abs(e.huu), Math.abs(e.hvv), 1e-300);
    const newton = top < -1e-12 * scale;
    const shift = newton ? 0 : top + 1e-3 * scale + 1e-12;
    const a = e.huu - shift;
    const d = e.hvv - shift;
    const det = a * d - e.huv * e.huv;
    let du = -(d * e.gu - e.huv * e.gv) / det;
    let dv = -(a * e.gv - e.huv * e.gu) / det;
    const big = Math.max(Math.abs(du), Math.abs(dv));
    if (!Number.isFinite(big)) return { u, v, ll: e.ll, converged: false, iterations: iter };
    if (big > MAX_STEP) {
      du *= MAX_STEP / big;
      dv *= MAX_STEP / big;
    }
    const slope = e.gu * du + e.gv * dv;
    let t = 1;
    let next: Evaluation | undefined;
    while (t > 1e-10) {
      const trial = evaluate(x, n, u + t * du, v + t * dv, false);
      if (trial.ll >= e.ll + 1e-4 * t * slope - e.noise - trial.noise) {
        next = trial;
        break;
      }
      t /= 2;
    }
    // No step raises ℓ beyond its rounding noise: we are at the maximum to working precision.
    if (next === undefined) return { u, v, ll: e.ll, converged: newton, iterations: iter };
    u += t * du;
    v += t * dv;
    const step = t * Math.max(Math.abs(du), Math.abs(dv));
    if (v > Math.log(MAX_PRECISION) || v < Math.log(MIN_PRECISION)) {
      return { u, v, ll: next.ll, converged: true, iterations: iter };
    }
    e = evaluate(x, n, u, v, true);
    if (newton && t === 1 && step < STEP_TOLERANCE) return { u, v, ll: e.ll, converged: true, iterations: iter };
  }
  return { u, v, ll: e.ll, converged: false, iterations: MAX_ITERATIONS };
}

/** Σ ln C(n, x) = Σ −ln(n + 1) − ln B(x + 1, n − x + 1). */
function logBinomialCoefficients(x: Float64Array, n: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const ni = n[i] as number;
    s -= Math.log1p(ni) + logBeta(xi + 1, ni - xi + 1);
  }
  return s;
}

/**
 * @internal Fits the prior to groups with n_i ≥ 1, at least two of them with n_i ≥ 2, and a pooled proportion
 * strictly between 0 and 1 (the caller handles the rest).
 */
export function fitBetaBinomial(x: Float64Array, n: Float64Array): BetaBinomialFit {
  let sx = 0;
  let sn = 0;
  let snn = 0;
  for (let i = 0; i < x.length; i++) {
    sx += x[i] as number;
    sn += n[i] as number;
    snn += (n[i] as number) * ((n[i] as number) - 1);
  }
  const p = sx / sn;
  const q = (sn - sx) / sn;
  let dispersion = 0;
  let binomial = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const ni = n[i] as number;
    dispersion += (xi - ni * p) ** 2;
    binomial += (xi > 0 ? xi * Math.log(p) : 0) + (ni - xi > 0 ? (ni - xi) * Math.log(q) : 0);
  }
  // Tarone's score (times p̂(1 − p̂)): > 0 means more spread than binomial noise, a finite M.
  const tarone = dispersion - p * q * sn;
  const constant = logBinomialCoefficients(x, n);
  const rho = tarone > 0 ? Math.min(0.999, Math.max(1e-10, tarone / (p * q * snn))) : 0.05;
  const found = search(x, n, Math.log(p / q), Math.log(1 / rho - 1));
  const mean = 1 / (1 + Math.exp(-found.u));
  const precision = Math.exp(found.v);
  const atBoundary =
    precision >= MAX_PRECISION ||
    // S ≤ 0: an interior point counts only if it beats the binomial limit by more than rounding.
    (tarone <= 0 && found.ll <= binomial + logLikelihood(x, n, mean * precision, (1 - mean) * precision).noise);
  if (atBoundary) {
    return {
      mean: p,
      precision: Infinity,
      logLikelihood: constant + binomial,
      zeroPrecision: false,
      converged: true,
      iterations: found.iterations,
    };
  }
  return {
    mean,
    precision,
    logLikelihood: constant + found.ll,
    zeroPrecision: precision <= MIN_PRECISION,
    converged: found.converged,
    iterations: found.iterations,
  };
}
