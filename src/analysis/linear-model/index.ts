/**
 * Dense ordinary least squares for the analysis layer (key drivers, difference-in-differences).
 *
 * Stages / files:
 *   0. columns.ts        — input columns: validation, listwise missing flags, compaction, flags, cluster codes
 *   1. householder-qr.ts — Householder QR with R's `dqrdc2` limited pivoting (rank, aliased columns), Qᵀy, Qy,
 *                          (XᵀX)⁻¹ from R
 *   2. ols.ts            — coefficients, residuals, σ, R², adjusted R², F as `lm` / `summary.lm`
 *   3. sandwich.ts       — classical, HC0/HC1 and cluster-robust CR1 covariance matrices
 *   4. relative-importance.ts — LMG (Shapley) over all subsets and Johnson's relative weights, from correlations
 *
 * Missing values: columns.ts marks and drops them (listwise); the fitting code accepts complete rows only.
 */
export { applyQ, applyQt, householderQr, inverseCrossProduct, inverseR, scaledNorm } from './householder-qr.js';
export type { HouseholderQr } from './householder-qr.js';
export { aliasCombination, fitOls } from './ols.js';
export type { DesignMatrix, OlsFit, OlsOptions } from './ols.js';
export { classicalCovariance, clusterCovariance, designColumns, heteroskedasticCovariance, robustCovariances } from './sandwich.js';
export type { DesignColumns, RobustCovariances } from './sandwich.js';
export { lmgFromSubsets, relativeWeights, subsetRSquared, symmetricEigen } from './relative-importance.js';
export { checkColumnLength, codeClusters, codeFlags, compactNumbers, keepRows, markMissingNumbers } from './columns.js';
