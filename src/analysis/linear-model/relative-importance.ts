/**
 * Relative importance of p predictors in a linear regression, from their correlation matrix R (p × p,
 * row-major) and their correlations r with the outcome:
 *
 * - LMG (Lindeman, Merenda & Gold 1980, Introduction to Bivariate and Multivariate Analysis; Grömping 2006,
 *   J. Statistical Software 17(1), "relaimpo"): each predictor's R² increment averaged over all p! orderings,
 *   i.e. its Shapley value in the game v(S) = R²(S). Computed exactly from the R² of all 2^p subsets, each
 *   R²(S) = r_Sᵀ R_SS⁻¹ r_S by a Cholesky factorization: cost O(2^p · p³/6) flops and 2^p doubles of memory
 *   (p = 12: 4096 subsets, about 1M flops; p = 16: 65536 subsets, about 45M flops).
 * - Relative weights (Johnson 2000, Multivariate Behavioral Research 35(1)): with R = VΛVᵀ and Λ½ = V√ΛVᵀ,
 *   regress the outcome on the orthogonal Z = XΛ½⁻¹ (β = Λ½⁻¹ r) and apportion each βₖ² back by the squared
 *   loadings: εⱼ = Σₖ (Λ½)ⱼₖ² βₖ². O(p³) by cyclic Jacobi rotations, for any p.
 *
 * Both sum to the model R².
 */

/**
 * R² of every subset of the p predictors, R²(S) = r_Sᵀ R_SS⁻¹ r_S by Cholesky (see the module header).
 *
 * @param correlation predictor correlation matrix, row-major p × p, positive definite.
 * @param withOutcome correlations of the predictors with the outcome.
 * @param p number of predictors (≤ 30; 2^p doubles are allocated).
 * @returns R² by bit mask (bit j set = predictor j in the subset); entry 0 is 0.
 * @example
 * subsetRSquared(Float64Array.of(1, 0, 0, 1), Float64Array.of(0.6, 0.3), 2) // => [0, 0.36, 0.09, 0.45] (to rounding)
 */
export function subsetRSquared(correlation: Float64Array, withOutcome: Float64Array, p: number): Float64Array {
  const count = 2 ** p;
  const out = new Float64Array(count);
  const idx = new Int32Array(p);
  const l = new Float64Array(p * p);
  const z = new Float64Array(p);
  for (let mask = 1; mask < count; mask++) {
    let s = 0;
    for (let j = 0; j < p; j++) if (mask & (1 << j)) idx[s++] = j;
    let r2 = 0;
    for (let a = 0; a < s; a++) {
      const ia = idx[a] as number;
      for (let b = 0; b <= a; b++) {
        const ib = idx[b] as number;
        let v = correlation[ia * p + ib] as number;
        for (let m = 0; m < b; m++) v -= (l[a * p + m] as number) * (l[b * p + m] as number);
        if (a === b) l[a * p + a] = Math.sqrt(Math.max(v, 0));
        else l[a * p + b] = v / (l[b * p + b] as number);
      }
      let v = withOutcome[ia] as number;
      for (let m = 0; m < a; m++) v -= (l[a * p + m] as number) * (z[m] as number);
      const za = v / (l[a * p + a] as number);
      z[a] = za;
      r2 += za * za;
    }
    out[mask] = r2;
  }
  return out;
}

/**
 * LMG importances (Shapley values of R²) from the subset R² table of {@link subsetRSquared}.
 *
 * @param subsets R² by bit mask, length 2^p.
 * @param p number of predictors.
 * @returns each predictor's share of R², in R² units (they sum to R² of the full model).
 * @example
 * lmgFromSubsets(Float64Array.of(0, 0.36, 0.09, 0.45), 2) // => [0.36, 0.09]
 */
export function lmgFromSubsets(subsets: Float64Array, p: number): Float64Array {
  // w(s) = s!(p − 1 − s)!/p!: the share of orderings in which exactly the s predictors of S precede j.
  const weights = new Float64Array(p);
  const factorial = new Float64Array(p + 1);
  factorial[0] = 1;
  for (let i = 1; i <= p; i++) factorial[i] = (factorial[i - 1] as number) * i;
  for (let s = 0; s < p; s++) weights[s] = ((factorial[s] as number) * (factorial[p - 1 - s] as number)) / (factorial[p] as number);
  const out = new Float64Array(p);
  const count = subsets.length;
  for (let mask = 0; mask < count; mask++) {
    let size = 0;
    for (let m = mask; m !== 0; m &= m - 1) size++;
    if (size === p) continue;
    const w = weights[size] as number;
    const base = subsets[mask] as number;
    for (let j = 0; j < p; j++) {
      const bit = 1 << j;
      if ((mask & bit) === 0) out[j] = (out[j] as number) + w * ((subsets[mask | bit] as number) - base);
    }
  }
  return out;
}

/**
 * Eigen-decomposition of a symmetric p × p matrix by cyclic Jacobi rotations (Golub & Van Loan 2013, §8.5),
 * accurate to a few ulps of the largest eigenvalue.
 *
 * @param matrix symmetric, row-major p × p.
 * @param p order.
 * @returns eigenvalues (unsorted) and the eigenvectors as the columns of a row-major p × p matrix.
 * @example
 * symmetricEigen(Float64Array.of(2, 1, 1, 2), 2).values // => [1, 3] (to rounding)
 */
export function symmetricEigen(matrix: Float64Array, p: number): { readonly values: Float64Array; readonly vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < p; i++) {
      diag += (a[i * p + i] as number) ** 2;
      for (let j = i + 1; j < p; j++) off += (a[i * p + j] as number) ** 2;
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let i = 0; i < p - 1; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = a[i * p + j] as number;
        if (aij === 0) continue;
        const theta = ((a[j * p + j] as number) - (a[i * p + i] as number)) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const aki = a[k * p + i] as number;
          const akj = a[k * p + j] as number;
          a[k * p + i] = c * aki - s * akj;
          a[k * p + j] = s * aki + c * akj;
        }
        for (let k = 0; k < p; k++) {
          const aik = a[i * p + k] as number;
          const ajk = a[j * p + k] as number;
          a[i * p + k] = c * aik - s * ajk;
          a[j * p + k] = s * aik + c * ajk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k * p + i] as number;
          const vkj = v[k * p + j] as number;
          v[k * p + i] = c * vki - s * vkj;
          v[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = a[i * p + i] as number;
  return { values, vectors: v };
}

/**
 * Johnson's (2000) relative weights (see the module header).
 *
 * @param correlation predictor correlation matrix, row-major p × p, positive definite.
 * @param withOutcome correlations of the predictors with the outcome.
 * @param p number of predictors.
 * @returns raw weights εⱼ in R² units (they sum to the model R²).
 * @example
 * relativeWeights(Float64Array.of(1, 0, 0, 1), Float64Array.of(0.6, 0.3), 2) // => [0.36, 0.09]
 */
export function relativeWeights(correlation: Float64Array, withOutcome: Float64Array, p: number): Float64Array {
  const { values, vectors } = symmetricEigen(correlation, p);
  const root = new Float64Array(p * p); // Λ½ = V diag(√λ) Vᵀ
  const beta = new Float64Array(p); // Λ½⁻¹ r = V diag(1/√λ) Vᵀ r
  const vtr = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let s = 0;
    for (let i = 0; i < p; i++) s += (vectors[i * p + k] as number) * (withOutcome[i] as number);
    vtr[k] = s / Math.sqrt(Math.max(values[k] as number, 0));
  }
  for (let i = 0; i < p; i++) {
    let b = 0;
    for (let k = 0; k < p; k++) b += (vectors[i * p + k] as number) * (vtr[k] as number);
    beta[i] = b;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) {
        s += (vectors[i * p + k] as number) * Math.sqrt(Math.max(values[k] as number, 0)) * (vectors[j * p + k] as number);
      }
      root[i * p + j] = s;
    }
  }
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += (root[j * p + k] as number) ** 2 * (beta[k] as number) ** 2;
    out[j] = s;
  }
  return out;
}
