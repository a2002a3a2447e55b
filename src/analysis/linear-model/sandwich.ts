/**
 * Covariance matrices of OLS coefficients: classical σ²(XᵀX)⁻¹, White's heteroskedasticity-consistent HC0/HC1,
 * and the cluster-robust CR1 sandwich.
 *
 * - HC0: (XᵀX)⁻¹ (Σ eᵢ² xᵢxᵢᵀ) (XᵀX)⁻¹ (White 1980, Econometrica 48); HC1 multiplies by n / (n − k)
 *   (MacKinnon & White 1985) — R `sandwich::vcovHC(type = "HC1")`, Stata `, robust`, statsmodels `cov_type='HC1'`.
 * - CR1: (XᵀX)⁻¹ (Σ_g u_g u_gᵀ) (XᵀX)⁻¹ · G/(G − 1) · (n − 1)/(n − k), u_g = Σ_{i∈g} xᵢeᵢ (Liang & Zeger 1986;
 *   Cameron & Miller 2015, J. Human Resources 50) — R `sandwich::vcovCL(type = "HC1", cadjust = TRUE)` (its
 *   default for lm), Stata `, vce(cluster g)`, statsmodels `cov_type='cluster'`.
 *
 * Numerics: with X = QR, (XᵀX)⁻¹xᵢ = R⁻¹qᵢ with qᵢ = R⁻ᵀxᵢ (the rows of the thin Q, one triangular solve per
 * row, in the same pass that accumulates the meat and the cluster scores), so the sandwich is
 * R⁻¹ (Σ wᵢ qᵢqᵢᵀ) R⁻ᵀ. Unlike the textbook B·M·B (R's sandwich package) it never forms a meat with huge entries
 * to be cancelled by the bread: with a regressor offset by 1e6, R's vcovHC loses 3 digits (and symmetry) while
 * this stays at the ~1e-10 that the conditioning allows.
 *
 * All take a full-rank fit (rank = k); matrices are row-major k × k in the design's column order.
 */
import { inverseR } from './householder-qr.js';
import type { DesignMatrix, OlsFit } from './ols.js';

/**
 * The columns of a design as the robust covariances read them: one array per column (typed arrays of any
 * element type), or null for the all-ones intercept. Lets a caller whose QR overwrote the design (or who never
 * built one, like a 0/1 dummy) supply the rows without a second n × k copy.
 */
export type DesignColumns = readonly (ArrayLike<number> | null)[];

/**
 * The columns of a column-major design as subarray views.
 *
 * @param design an n × k design.
 * @returns k views of length n (no copy).
 * @example
 * designColumns({ rows: 2, columns: 2, data: Float64Array.of(1, 1, 3, 4), names: ['1', 'x'] }) // => [[1, 1], [3, 4]]
 */
export function designColumns(design: DesignMatrix): DesignColumns {
  const { rows: n, data } = design;
  return Array.from({ length: design.columns }, (_, j) => data.subarray(j * n, (j + 1) * n));
}

function requireFullRank(fn: string, fit: OlsFit): void {
  if (fit.rank !== fit.columns) {
    throw new RangeError(`${fn}: the fit must have full column rank, got rank ${fit.rank} of ${fit.columns} columns`);
  }
}

/** scale · R⁻¹ M R⁻ᵀ, mapped from pivoted to original column order. */
function sandwichFromQ(fit: OlsFit, meat: Float64Array, scale: number): Float64Array {
  const k = fit.columns;
  const rinv = inverseR(fit.qr);
  const rm = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = i; m < k; m++) s += (rinv[i * k + m] as number) * (meat[m * k + j] as number);
      rm[i * k + j] = s;
    }
  }
  const out = new Float64Array(k * k);
  const pivot = fit.qr.pivot;
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let s = 0;
      for (let m = j; m < k; m++) s += (rm[i * k + m] as number) * (rinv[j * k + m] as number);
      const oi = pivot[i] as number;
      const oj = pivot[j] as number;
      out[oi * k + oj] = s * scale;
      out[oj * k + oi] = s * scale;
    }
  }
  return out;
}

/**
 * Classical covariance σ²(XᵀX)⁻¹ (R `vcov(lm)`).
 *
 * @param fit a full-rank OLS fit.
 * @returns row-major k × k covariance, in squared outcome units per squared column units.
 * @throws RangeError when the fit is rank deficient.
 * @example
 * classicalCovariance(fitOls(design, y, { hasIntercept: true })) // => as vcov(lm(y ~ x))
 */
export function classicalCovariance(fit: OlsFit): Float64Array {
  requireFullRank('classicalCovariance', fit);
  const s2 = fit.sigma * fit.sigma;
  return fit.unscaledCovariance.map((v) => v * s2);
}

/** HC0/HC1 and CR1 covariances from one pass over the rows (see {@link robustCovariances}). */
export interface RobustCovariances {
  readonly hc0: Float64Array;
  readonly hc1: Float64Array;
  /** CR1; null when no clusters were given. */
  readonly cluster: Float64Array | null;
}

/**
 * HC0, HC1 and (with clusters) CR1 covariances in one pass over the rows: qᵢ = R⁻ᵀxᵢ, the meat Σ eᵢ²qᵢqᵢᵀ and the
 * cluster scores Σ_{i∈g} eᵢqᵢ are accumulated together (see the module header for the formulas).
 *
 * @param fit a full-rank OLS fit.
 * @param columns the columns of the fitted design, in its order (see {@link DesignColumns}); not the buffer the
 *   QR overwrote.
 * @param cluster optional cluster index 0..clusterCount−1 of each row.
 * @param clusterCount G ≥ 2 when clusters are given.
 * @returns row-major k × k matrices in the design's column order.
 * @throws RangeError when the fit is rank deficient, G < 2, or the indices do not match the rows.
 * @example
 * robustCovariances(fit, designColumns(design), ids, 50).cluster // => as sandwich::vcovCL(fit, cluster = ids, type = "HC1")
 */
export function robustCovariances(fit: OlsFit, columns: DesignColumns, cluster?: Int32Array, clusterCount = 0): RobustCovariances {
  requireFullRank('robustCovariances', fit);
  const { rows: n, columns: k, residuals } = fit;
  if (columns.length !== k || columns.some((c) => c !== null && c.length !== n)) {
    throw new RangeError(`robustCovariances: columns must be ${k} arrays of ${n} rows (null for the intercept)`);
  }
  const clustered = cluster !== undefined;
  if (clustered) {
    if (!(clusterCount >= 2)) throw new RangeError(`robustCovariances: needs at least 2 clusters, got ${clusterCount}`);
    if (cluster.length !== n) throw new RangeError(`robustCovariances: cluster must have ${n} entries, got ${cluster.length}`);
  }
  // R (full rank: no pivoting happened) as row-major k × k, and the reciprocal diagonal.
  const a = fit.qr.qr;
  const r = new Float64Array(k * k);
  const invDiag = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) r[i * k + j] = a[j * n + i] as number;
    invDiag[i] = 1 / (r[i * k + i] as number);
  }
  const meat = new Float64Array(k * k);
  // u[g·k + j] = Σ_{i∈g} q_ij e_i: the score of each cluster in the Q basis.
  const u = new Float64Array(clustered ? clusterCount * k : 0);
  const q = new Float64Array(k);
  const w = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    // Forward substitution Rᵀq = xᵢ.
    for (let c = 0; c < k; c++) {
      const column = columns[c] as ArrayLike<number> | null;
      let v = column === null ? 1 : (column[i] as number);
      for (let m = 0; m < c; m++) v -= (r[m * k + c] as number) * (q[m] as number);
      q[c] = v * (invDiag[c] as number);
    }
    const e = residuals[i] as number;
    for (let c = 0; c < k; c++) w[c] = e * (q[c] as number);
    for (let c = 0; c < k; c++) {
      const wc = w[c] as number;
      for (let d = c; d < k; d++) meat[c * k + d] = (meat[c * k + d] as number) + wc * (w[d] as number);
    }
    if (clustered) {
      const base = (cluster[i] as number) * k;
      for (let c = 0; c < k; c++) u[base + c] = (u[base + c] as number) + (w[c] as number);
    }
  }
  for (let c = 0; c < k; c++) for (let d = 0; d < c; d++) meat[c * k + d] = meat[d * k + c] as number;
  const hc0 = sandwichFromQ(fit, meat, 1);
  const hc1 = hc0.map((v) => (v * n) / (n - k));
  if (!clustered) return { hc0, hc1, cluster: null };
  const clusterMeat = new Float64Array(k * k);
  for (let g = 0; g < clusterCount; g++) {
    const base = g * k;
    for (let c = 0; c < k; c++) {
      const uc = u[base + c] as number;
      for (let d = c; d < k; d++) clusterMeat[c * k + d] = (clusterMeat[c * k + d] as number) + uc * (u[base + d] as number);
    }
  }
  for (let c = 0; c < k; c++) for (let d = 0; d < c; d++) clusterMeat[c * k + d] = clusterMeat[d * k + c] as number;
  const scale = (clusterCount / (clusterCount - 1)) * ((n - 1) / (n - k));
  return { hc0, hc1, cluster: sandwichFromQ(fit, clusterMeat, scale) };
}

/**
 * Heteroskedasticity-consistent covariance HC0 or HC1 (see the module header).
 *
 * @param fit a full-rank OLS fit of `design`.
 * @param design the unmodified design of the fit.
 * @param type 'hc0' or 'hc1' (× n / (n − k)).
 * @returns row-major k × k covariance.
 * @throws RangeError when the fit is rank deficient.
 * @example
 * heteroskedasticCovariance(fit, design, 'hc1') // => as sandwich::vcovHC(fit, type = "HC1")
 */
export function heteroskedasticCovariance(fit: OlsFit, design: DesignMatrix, type: 'hc0' | 'hc1'): Float64Array {
  requireFullRank('heteroskedasticCovariance', fit);
  const r = robustCovariances(fit, designColumns(design));
  return type === 'hc1' ? r.hc1 : r.hc0;
}

/**
 * Cluster-robust covariance CR1 (see the module header).
 *
 * @param fit a full-rank OLS fit of `design`.
 * @param design the unmodified design of the fit.
 * @param cluster cluster index 0..clusterCount−1 of each row.
 * @param clusterCount G ≥ 2.
 * @returns row-major k × k covariance.
 * @throws RangeError when the fit is rank deficient, G < 2, or the indices do not match the rows.
 * @example
 * clusterCovariance(fit, design, ids, 50) // => as sandwich::vcovCL(fit, cluster = ids, type = "HC1")
 */
export function clusterCovariance(fit: OlsFit, design: DesignMatrix, cluster: Int32Array, clusterCount: number): Float64Array {
  requireFullRank('clusterCovariance', fit);
  if (!(clusterCount >= 2)) throw new RangeError(`clusterCovariance: needs at least 2 clusters, got ${clusterCount}`);
  return robustCovariances(fit, designColumns(design), cluster, clusterCount).cluster as Float64Array;
}
