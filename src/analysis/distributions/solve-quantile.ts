/**
 * Safeguarded Newton iteration on the log of a tail probability, used to invert the t and chi-square
 * distribution functions to full double precision.
 *
 * Working on ln(tail) rather than the tail makes Newton's step well scaled from p = 0.5 down to p = 1e-300
 * (ln F is close to linear or quadratic in x in the tails), and the bracket [lo, hi] that every evaluation
 * narrows turns any step that leaves it into a bisection, so the iteration cannot diverge.
 */

/** One evaluation: ln of the tail probability at x, and its derivative with respect to x. */
export interface LogTailEvaluation {
  readonly logTail: number;
  readonly slope: number;
}

/**
 * Finds x in (lo, hi) with ln tail(x) = logTarget.
 * @internal
 * @param evaluate ln tail and its derivative at x; the tail must be monotone in x
 * @param increasing true when the tail grows with x (a lower tail), false for an upper tail
 * @param logTarget ln of the wanted tail probability
 * @param x0 starting point inside (lo, hi)
 * @param lo lower end of the domain (may be −Infinity)
 * @param hi upper end of the domain (may be Infinity)
 */
export function solveLogTail(
  evaluate: (x: number) => LogTailEvaluation,
  increasing: boolean,
  logTarget: number,
  x0: number,
  lo: number,
  hi: number,
): number {
  let a = lo;
  let b = hi;
  let x = x0;
  for (let iter = 0; iter < 300; iter++) {
    const { logTail, slope } = evaluate(x);
    const f = logTail - logTarget;
    if (f === 0) return x;
    // Root lies to the right of x when the tail is still too small (increasing) or too large (decreasing).
    if (increasing ? f < 0 : f > 0) a = x;
    else b = x;
    let next = x - f / slope;
    if (!(next > a && next < b) || !Number.isFinite(next)) {
      if (b === Infinity) next = x > 0 ? x * 4 : x < 0 ? x / 4 + 1 : 1;
      else if (a === -Infinity) next = x < 0 ? x * 4 : x > 0 ? x / 4 - 1 : -1;
      else if (a > 0 && b / a > 4) next = Math.sqrt(a * b); // geometric bisection on a positive domain
      else next = 0.5 * (a + b);
      if (!(next > a && next < b)) next = 0.5 * (a + b);
    }
    const step = Math.abs(next - x);
    x = next;
    if (step <= 2e-16 * Math.abs(x)) return x;
    if (Number.isFinite(b - a) && b - a <= 4e-16 * Math.max(Math.abs(a), Math.abs(b))) return x;
  }
  return x;
}
