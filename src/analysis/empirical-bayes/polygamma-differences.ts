/**
 * Differences of the digamma and trigamma functions over an integer step, ψ(a + m) − ψ(a) and ψ′(a) − ψ′(a + m):
 * the score and information of the beta-binomial likelihood, whose terms are Γ(x + α)/Γ(α) with integer x.
 *
 * Method: for small steps the finite sums Σ_{k<m} 1/(a + k) and Σ_{k<m} 1/(a + k)²; otherwise a is first
 * raised to ≥ 16 by the same recurrence and the asymptotic (Stirling) series of ψ and ψ′ (Abramowitz & Stegun
 * 6.3.18, 6.4.12) is differenced term by term, each term c/x^k contributing c·(1 − r^k)/a^k with r = a/(a + m)
 * and 1 − r^k = −expm1(−k·log1p(m/a)). Nothing cancels, so ψ(a + m) − ψ(a) keeps full relative accuracy even
 * when it is m/a ≈ 1e-8 (a prior precision α + β ≈ 10^10), where ψ(a + m) − ψ(a) formed from two ψ values would
 * lose half its digits.
 */

/** Below this many terms the finite sums are used directly. */
const DIRECT_TERMS = 24;
/** The series is used from this argument up: the first omitted terms are below 1e-16 there. */
const SERIES_FROM = 16;

/** 1 − (a/(a + m))^k, accurately. */
function oneMinusRatioPower(logRatio: number, k: number): number {
  return -Math.expm1(k * logRatio);
}

/** ψ(a + m) − ψ(a) for a ≥ SERIES_FROM by the differenced asymptotic series. */
function digammaDifferenceSeries(a: number, m: number): number {
  // ψ(x) ~ ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + 1/(240x⁸) − 1/(132x¹⁰)
  const lr = -Math.log1p(m / a);
  const inv = 1 / a;
  const inv2 = inv * inv;
  return (
    -lr +
    (oneMinusRatioPower(lr, 1) * inv) / 2 +
    inv2 *
      (oneMinusRatioPower(lr, 2) / 12 -
        inv2 *
          (oneMinusRatioPower(lr, 4) / 120 -
            inv2 *
              (oneMinusRatioPower(lr, 6) / 252 -
                inv2 * (oneMinusRatioPower(lr, 8) / 240 - (inv2 * oneMinusRatioPower(lr, 10)) / 132))))
  );
}

/** ψ′(a) − ψ′(a + m) for a ≥ SERIES_FROM by the differenced asymptotic series. */
function trigammaDifferenceSeries(a: number, m: number): number {
  // ψ′(x) ~ 1/x + 1/(2x²) + 1/(6x³) − 1/(30x⁵) + 1/(42x⁷) − 1/(30x⁹) + 5/(66x¹¹)
  const lr = -Math.log1p(m / a);
  const inv = 1 / a;
  const inv2 = inv * inv;
  return (
    inv *
    (oneMinusRatioPower(lr, 1) +
      (oneMinusRatioPower(lr, 2) * inv) / 2 +
      inv2 *
        (oneMinusRatioPower(lr, 3) / 6 -
          inv2 *
            (oneMinusRatioPower(lr, 5) / 30 -
              inv2 *
                (oneMinusRatioPower(lr, 7) / 42 -
                  inv2 * (oneMinusRatioPower(lr, 9) / 30 - (inv2 * 5 * oneMinusRatioPower(lr, 11)) / 66)))))
  );
}

/**
 * ψ(a + m) − ψ(a) = Σ_{k=0}^{m−1} 1/(a + k).
 * @internal a > 0 finite, m a non-negative integer
 */
export function digammaDifference(a: number, m: number): number {
  let sum = 0;
  let lo = a;
  let left = m;
  // Raise the argument by the recurrence until the series applies (or the terms run out).
  while (left > 0 && (left <= DIRECT_TERMS || lo < SERIES_FROM)) {
    sum += 1 / lo;
    lo += 1;
    left -= 1;
  }
  return left > 0 ? sum + digammaDifferenceSeries(lo, left) : sum;
}

/**
 * ψ′(a) − ψ′(a + m) = Σ_{k=0}^{m−1} 1/(a + k)², which is ≥ 0.
 * @internal a > 0 finite, m a non-negative integer
 */
export function trigammaDifference(a: number, m: number): number {
  let sum = 0;
  let lo = a;
  let left = m;
  while (left > 0 && (left <= DIRECT_TERMS || lo < SERIES_FROM)) {
    sum += 1 / (lo * lo);
    lo += 1;
    left -= 1;
  }
  return left > 0 ? sum + trigammaDifferenceSeries(lo, left) : sum;
}
