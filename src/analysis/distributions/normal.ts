/**
 * The standard normal distribution: density, both tails (also on the log scale) and the quantile.
 *
 * Tails: W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the error
 * function", Math. Comp. 1969; ALGORITHM 715, ACM TOMS 1993), with the exponential split as exp(−x̃²/2)·exp(−δ/2)
 * (x̃ = x rounded to 1/16) so the upper tail keeps full relative accuracy down to the smallest normal double;
 * the same approximations R's `pnorm` uses. Quantile: M. J. Wichura, Algorithm AS 241 (PPND16), Applied
 * Statistics 37 (1988) 477–484, as R's `qnorm`.
 */

const M_1_SQRT_2PI = 0.398942280401432677939946059934;
const LN_SQRT_2PI = 0.918938533204672741780329736406;
const SQRT_32 = 5.656854249492380195206754896838;
const DBL_MIN = 2.2250738585072014e-308;

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249,
  0.065682337918207449113] as const;
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956] as const;
const C = [0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
  1.0765576773720192317e-8] as const;
const D = [22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
  18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727] as const;
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
  2.9112874951168792e-5, 0.02307344176494017303] as const;
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244,
  7.29751555083966205e-5] as const;

/**
 * ln of the smaller tail Φ(−|x|) for |x| > 0.66291 (Cody's second and third ranges, or the asymptotic series
 * beyond 10^170 where x² overflows nothing but the rational part is exactly 1/(|x|√(2π))).
 */
function logSmallTail(y: number): number {
  let r: number;
  if (y <= SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + (C[i] as number)) * y;
      xden = (xden + (D[i] as number)) * y;
    }
    r = (xnum + C[7]) / (xden + D[7]);
  } else if (y < 1e170) {
    const xsq = 1 / (y * y);
    let xnum = P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + (P[i] as number)) * xsq;
      xden = (xden + (Q[i] as number)) * xsq;
    }
    r = (xsq * (xnum + P[4])) / (xden + Q[4]);
    r = (M_1_SQRT_2PI - r) / y;
  } else {
    return -0.5 * y * y - LN_SQRT_2PI - Math.log(y);
  }
  // exp(−y²/2) split as exp(−ỹ²/2)·exp(−δ/2) with ỹ = ⌊16y⌋/16 exact, δ = (y − ỹ)(y + ỹ).
  const ys = Math.floor(y * 16) / 16;
  const del = (y - ys) * (y + ys);
  return -ys * ys * 0.5 - del * 0.5 + Math.log(r);
}

/** Smaller tail Φ(−|x|) on the linear scale, same split as {@link logSmallTail}. */
function smallTail(y: number): number {
  let r: number;
  if (y <= SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + (C[i] as number)) * y;
      xden = (xden + (D[i] as number)) * y;
    }
    r = (xnum + C[7]) / (xden + D[7]);
  } else {
    // R returns exactly 0 beyond 37.5193 (the tail is below the smallest normal double there).
    if (y >= 37.5193) return 0;
    const xsq = 1 / (y * y);
    let xnum = P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + (P[i] as number)) * xsq;
      xden = (xden + (Q[i] as number)) * xsq;
    }
    r = (xsq * (xnum + P[4])) / (xden + Q[4]);
    r = (M_1_SQRT_2PI - r) / y;
  }
  const ys = Math.floor(y * 16) / 16;
  const del = (y - ys) * (y + ys);
  const v = Math.exp(-ys * ys * 0.5) * Math.exp(-del * 0.5) * r;
  return v < DBL_MIN ? 0 : v;
}

/** Central range |x| ≤ 0.66291: Φ(x) − ½. */
function centralPart(x: number): number {
  const xsq = Math.abs(x) > 1.1102230246251565e-16 ? x * x : 0;
  let xnum = A[4] * xsq;
  let xden = xsq;
  for (let i = 0; i < 3; i++) {
    xnum = (xnum + (A[i] as number)) * xsq;
    xden = (xden + (B[i] as number)) * xsq;
  }
  return (x * (xnum + A[3])) / (xden + B[3]);
}

function checkX(name: string, x: number): void {
  if (Number.isNaN(x)) throw new RangeError(`${name}: x must be a number, got NaN`);
}

/**
 * Standard normal density φ(x) = exp(−x²/2) / √(2π).
 * @param x standard score
 * @returns density; 0 for |x| = Infinity
 * @throws RangeError when x is NaN
 * @example normalDensity(0) // => 0.3989422804014327
 */
export function normalDensity(x: number): number {
  checkX('normalDensity', x);
  return M_1_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal distribution function Φ(x) = P(Z ≤ x) (R `pnorm(x)`).
 *
 * Method: Cody (1969/1993) rational approximations, as R; relative error near 1e-16 in both tails.
 * @param x standard score (any real, ±Infinity allowed)
 * @returns Φ(x) in [0, 1]
 * @throws RangeError when x is NaN
 * @example normalCdf(1.959963984540054) // => 0.975
 */
export function normalCdf(x: number): number {
  checkX('normalCdf', x);
  const y = Math.abs(x);
  if (y <= 0.66291) return 0.5 + centralPart(x);
  const small = smallTail(y);
  return x > 0 ? 1 - small : small;
}

/**
 * Standard normal upper tail 1 − Φ(x) = P(Z > x), computed directly (R `pnorm(x, lower.tail = FALSE)`), so it
 * keeps full relative accuracy far into the tail: normalSurvival(37) ≈ 5.7e-300.
 * @param x standard score
 * @returns 1 − Φ(x) in [0, 1]; 0 beyond x = 37.5193 as R (smaller than the smallest normal double)
 * @throws RangeError when x is NaN
 * @example normalSurvival(1.959963984540054) // => 0.025
 */
export function normalSurvival(x: number): number {
  checkX('normalSurvival', x);
  return normalCdf(-x);
}

/**
 * ln Φ(x), accurate where Φ(x) underflows (R `pnorm(x, log.p = TRUE)`).
 * @param x standard score
 * @returns ln Φ(x) ≤ 0
 * @throws RangeError when x is NaN
 * @example normalLogCdf(-40) // => -804.6084420137538
 */
export function normalLogCdf(x: number): number {
  checkX('normalLogCdf', x);
  if (x === -Infinity) return -Infinity;
  if (x === Infinity) return 0;
  const y = Math.abs(x);
  if (y <= 0.66291) return Math.log(0.5 + centralPart(x));
  const logSmall = logSmallTail(y);
  if (x < 0) return logSmall;
  // ln(1 − small): log1p keeps precision when small is tiny.
  return Math.log1p(-Math.exp(logSmall));
}

/**
 * ln(1 − Φ(x)), accurate where the upper tail underflows (R `pnorm(x, lower.tail = FALSE, log.p = TRUE)`).
 * @param x standard score
 * @returns ln P(Z > x) ≤ 0
 * @throws RangeError when x is NaN
 * @example normalLogSurvival(40) // => -804.6084420137538
 */
export function normalLogSurvival(x: number): number {
  checkX('normalLogSurvival', x);
  return normalLogCdf(-x);
}

/** AS 241 for r = √(−ln(min(p, 1 − p))) > 0.425 region; returns the positive deviate. */
function as241Tail(r: number): number {
  if (r <= 5) {
    r -= 1.6;
    return (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
      1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
      4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  }
  r -= 5;
  return (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
    0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
    5.4637849111641143699) * r + 6.6579046435011037772) /
    (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
      7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
      0.59983220655588793769) * r + 1);
}

/** AS 241 central region |p − ½| ≤ 0.425. */
function as241Central(q: number): number {
  const r = 0.180625 - q * q;
  return (q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
    45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
    133.14166789178437745) * r + 3.387132872796366608)) /
    (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r +
      21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
      42.313330701600911252) * r + 1);
}

/**
 * Standard normal quantile Φ⁻¹(p) (R `qnorm(p)`).
 *
 * Method: Wichura's AS 241 (PPND16), relative accuracy about 1e-16, exactly R's algorithm.
 * @param p lower-tail probability in [0, 1]
 * @returns z with Φ(z) = p; −Infinity at 0, Infinity at 1
 * @throws RangeError when p is outside [0, 1] or NaN
 * @example normalQuantile(0.975) // => 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], got p = ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return as241Central(q);
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const v = as241Tail(r);
  return q < 0 ? -v : v;
}

/**
 * Standard normal quantile for an upper-tail probability: z with P(Z > z) = q (R `qnorm(q, lower.tail = FALSE)`),
 * without forming 1 − q (so q = 1e-300 gives 37.0471…).
 * @param q upper-tail probability in [0, 1]
 * @returns z; Infinity at 0, −Infinity at 1
 * @throws RangeError when q is outside [0, 1] or NaN
 * @example normalUpperQuantile(0.025) // => 1.959963984540054
 */
export function normalUpperQuantile(q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`normalUpperQuantile: q must be in [0, 1], got q = ${q}`);
  if (q === 0) return Infinity;
  if (q === 1) return -Infinity;
  const d = 0.5 - q; // = p − ½ with p = 1 − q
  if (Math.abs(d) <= 0.425) return as241Central(d);
  const r = Math.sqrt(-Math.log(d > 0 ? q : 1 - q));
  const v = as241Tail(r);
  return d < 0 ? -v : v;
}

/**
 * Standard normal quantile from a log probability: z with ln Φ(z) = logP (R `qnorm(logP, log.p = TRUE)`),
 * for probabilities below the smallest double.
 * @param logP ln of the lower-tail probability, ≤ 0
 * @returns z
 * @throws RangeError when logP > 0 or NaN
 * @example normalQuantileFromLog(Math.log(0.025)) // => -1.959963984540054
 */
export function normalQuantileFromLog(logP: number): number {
  if (!(logP <= 0)) throw new RangeError(`normalQuantileFromLog: logP must be ≤ 0, got logP = ${logP}`);
  if (logP === -Infinity) return -Infinity;
  if (logP === 0) return Infinity;
  const p = Math.exp(logP);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return as241Central(q);
  const r = Math.sqrt(q < 0 ? -logP : -Math.log(-Math.expm1(logP)));
  const v = as241Tail(r);
  return q < 0 ? -v : v;
}
