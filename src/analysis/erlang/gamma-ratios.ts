/**
 * Scaled incomplete-gamma pieces for the Erlang A (M/M/N+M) formulas, in forms that neither overflow nor
 * underflow when the shape parameter runs into the millions (long patience) or towards 0 (short patience).
 *
 * Notation (Mandelbaum & Zeltyn 2007): for shape `a ≥ 0` and argument `u ≥ 0`
 * - `D(a, u) = u^a e^(−u) / Γ(a + 1)`, a Poisson "probability" at a possibly non-integer count;
 * - `P(a, u) = γ(a, u) / Γ(a)`, the regularized lower incomplete gamma function;
 * - `S(a, u) = P(a, u) / D(a, u) = Σ_{n ≥ 0} u^n / ((a + 1)(a + 2)…(a + n))`, the function written
 *   `A(x, y)` in Garnett, Mandelbaum & Reiman (2002).
 *
 * Below the transition (`u < a + 1`) `S` is summed as the positive series above (no cancellation, no Γ);
 * above it `P = 1 − Q` with `Q` from the Legendre continued fraction (modified Lentz), and `D` by Loader's
 * saddle-point form `D = e^(−stirlerr(a) − bd0(a, u)) / √(2πa)` (Loader 2000, as in R's `dpois_raw`), which keeps
 * full relative accuracy where `a log u − u − lgamma(a + 1)` would cancel.
 *
 * Internal to src/analysis/erlang: not exported from the package index.
 */

const LN_SQRT_2PI = 0.9189385332046728;
const EPS = 1e-17;
const TINY = 1e-300;

/** log Γ(z) for z > 0: Stirling's series at z ≥ 15 (truncation < 1e-17), shifted by the recurrence below. */
export function logGamma(z: number): number {
  let shift = 0;
  let product = 1;
  while (z < 15) {
    product *= z;
    z += 1;
    shift += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  const series =
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360))))));
  const value = (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + series;
  return shift === 0 ? value : value - Math.log(product);
}

/** stirlerr(a) = log Γ(a + 1) − (a + ½) log a + a − log √(2π), Loader's (2000) correction term, a ≥ 15. */
function stirlerrLarge(a: number): number {
  const inv = 1 / a;
  const inv2 = inv * inv;
  if (a > 500) return inv * (1 / 12 - inv2 / 360);
  if (a > 80) return inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
  if (a > 35) return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
}

/** bd0(a, u) = a log(a/u) + u − a, computed without cancellation near a = u (Loader 2000). */
function bd0(a: number, u: number): number {
  if (Math.abs(a - u) < 0.1 * (a + u)) {
    let v = (a - u) / (a + u);
    let s = (a - u) * v;
    let ej = 2 * a * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return a * Math.log(a / u) + u - a;
}

/** log D(a, u) = a log u − u − log Γ(a + 1); a ≥ 0, u ≥ 0. */
export function logPoissonTerm(a: number, u: number): number {
  if (a === 0) return -u;
  if (u === 0) return -Infinity;
  if (a < 15) return a * Math.log(u) - u - logGamma(a + 1);
  return -stirlerrLarge(a) - bd0(a, u) - 0.5 * Math.log(2 * Math.PI * a);
}

/** S(a, u) by its positive series; requires u < a + 1 so every ratio u/(a + k) is below 1. */
export function seriesS(a: number, u: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 100_000_000; k++) {
    const r = u / (a + k);
    term *= r;
    sum += term;
    // Stop when the geometric bound on the tail, term·r/(1 − r), is below 1e-17 of the sum.
    if (term <= sum * EPS && term * r <= sum * EPS * (1 - r)) break;
  }
  return sum;
}

/**
 * Γ(a, u) e^u u^(−a) by the Legendre continued fraction (modified Lentz, Numerical Recipes §6.2 `gcf`);
 * converges for u ≥ a + 1, in O(√a) steps near the transition and fewer beyond it.
 */
function upperFraction(a: number, u: number): number {
  let b = u + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** log S(a, u) and log P(a, u), each finite whenever the quantity is representable in log space. */
export interface GammaLogs {
  /** True when S came from the series (u < a + 1): then log P = log D + log S. */
  readonly series: boolean;
  readonly logS: number;
  readonly logP: number;
}

/** log S(a, u) and log P(a, u) for a ≥ 0, u > 0. */
export function gammaLogs(a: number, u: number): GammaLogs {
  if (u < a + 1) {
    const logS = Math.log(seriesS(a, u));
    return { series: true, logS, logP: logPoissonTerm(a, u) + logS };
  }
  const logD = logPoissonTerm(a, u);
  // Q(a, u) = a·D(a, u)·K with K the continued fraction; a = 0 (no agents) gives Q = 0, P = 1.
  const q = a === 0 ? 0 : a * Math.exp(logD) * upperFraction(a, u);
  const logP = Math.log1p(-q);
  return { series: false, logS: logP - logD, logP };
}

/**
 * log S(a + 1, u) and log P(a + 1, u) from those at a, without a second pass where that is safe:
 * S(a + 1, u) = (S(a, u) − 1)(a + 1)/u when u/(a + 1) ≥ ¼ (then S(a, u) − 1 ≥ ¼: no cancellation; below
 * that the direct series needs few terms), and P(a + 1, u) = P(a, u) − D(a, u) above the transition
 * (both P values ≥ about ½ there).
 */
export function gammaLogsNext(a: number, u: number, g: GammaLogs): GammaLogs {
  if (g.series) {
    if (u < 0.25 * (a + 1)) return gammaLogs(a + 1, u);
    const logS = Math.log(((Math.exp(g.logS) - 1) * (a + 1)) / u);
    return { series: true, logS, logP: logPoissonTerm(a + 1, u) + logS };
  }
  const logP = Math.log(Math.exp(g.logP) - Math.exp(logPoissonTerm(a, u)));
  return { series: false, logS: logP - logPoissonTerm(a + 1, u), logP };
}

/** ψ(z) − log z + 1/(2z) for z ≥ 20: the asymptotic tail of the digamma function (Abramowitz & Stegun 6.3.18);
 * the first omitted term, 691/(32760 z¹²), is below 1e-17 there. */
function digammaTail(z: number): number {
  const inv2 = 1 / (z * z);
  return -inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
}

/** ψ(b) − ψ(a) for b ≥ a > 0, without the cancellation of subtracting two large digammas. */
export function digammaDifference(b: number, a: number): number {
  // Shift both arguments to ≥ 20 with ψ(z) = ψ(z + 1) − 1/z.
  let acc = 0;
  while (a < 20) {
    acc += 1 / a;
    a += 1;
  }
  while (b < 20) {
    acc -= 1 / b;
    b += 1;
  }
  return acc + Math.log1p((b - a) / a) - 0.5 / b + 0.5 / a + digammaTail(b) - digammaTail(a);
}
