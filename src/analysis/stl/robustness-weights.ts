/**
 * STL stage: robustness weights of the outer loop (Cleveland et al. 1990, section 2.5; R stl.f `stlrwt`).
 * ρᵢ = B(|yᵢ − fitᵢ| / h) with h = 6·median|y − fit| and Tukey's bisquare B(u) = (1 − u²)² for |u| < 1, else 0.
 * Like the original, residuals within 0.1 % of h get weight exactly 1 and those beyond 99.9 % of h weight 0.
 * The median comes from R's own partial sort (see partial-sort.ts): for even n it is not always the exact
 * median, and reproducing R means reproducing that.
 */
import { partialSortLikeR } from './partial-sort.js';

/**
 * Writes the robustness weights of `y` against `fit` (both length n) into `weights`; `scratch` has length ≥ n.
 */
export function robustnessWeights(
  y: Float64Array,
  fit: Float64Array,
  n: number,
  weights: Float64Array,
  scratch: Float64Array,
): void {
  const abs = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) abs[i] = Math.abs((y[i] as number) - (fit[i] as number));
  // the two middle ranks (the same one twice when n is odd), asked for in R's order: n/2 + 1, then n − that + 1
  const mid1 = Math.trunc(n / 2) + 1;
  const mid2 = n - mid1 + 1;
  partialSortLikeR(abs, n, [mid1, mid2]);
  const h = 3 * ((abs[mid1 - 1] as number) + (abs[mid2 - 1] as number));
  const c9 = 0.999 * h;
  const c1 = 0.001 * h;
  for (let i = 0; i < n; i++) {
    const r = Math.abs((y[i] as number) - (fit[i] as number));
    if (r <= c1) {
      weights[i] = 1;
    } else if (r <= c9) {
      const q = r / h;
      const u = 1 - q * q;
      weights[i] = u * u;
    } else {
      weights[i] = 0;
    }
  }
}
