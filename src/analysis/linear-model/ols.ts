/**
 * Ordinary least squares through the Householder QR of the design (the algorithm of R's `lm.fit`): the
 * coefficients solve R·b = Qᵀy, the residuals are Q·(0, (Qᵀy)ₖ₊₁…ₙ), and R², adjusted R² and the overall F
 * follow `summary.lm`. Columns that the pivoting finds to be linear combinations of earlier ones are aliased
 * (coefficient NaN where R prints NA), and the remaining columns are fitted as R does.
 */
import { applyQ, applyQt, householderQr, inverseCrossProduct } from './householder-qr.js';
import type { HouseholderQr } from './householder-qr.js';

/** A dense n × k design matrix, column-major (entry (i, j) at `data[j * rows + i]`), with column names. */
export interface DesignMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly data: Float64Array;
  readonly names: readonly string[];
}

/** Options of {@link fitOls}. */
export interface OlsOptions {
  /** Column 0 is an intercept (all ones): R² is then about deviations from the mean, as `summary.lm`. */
  readonly hasIntercept: boolean;
  /** Pivoting tolerance of the QR (R `lm`: 1e-7). */
  readonly tolerance?: number;
  /** Decompose `design.data` in place (it then holds the QR): saves a copy when the caller is done with it. */
  readonly overwriteDesign?: boolean;
}

/** A least-squares fit. Matrices are row-major k × k in the original column order. */
export interface OlsFit {
  readonly rows: number;
  readonly columns: number;
  readonly names: readonly string[];
  readonly rank: number;
  readonly hasIntercept: boolean;
  readonly qr: HouseholderQr;
  /** Estimates in the original column order; NaN for aliased columns. */
  readonly coefficients: Float64Array;
  /** Original indices of the aliased columns (R's `NA` coefficients), in the order pivoting found them. */
  readonly aliased: readonly number[];
  readonly residuals: Float64Array;
  /** The first `columns` entries of Qᵀy (R's `effects`); the first `rank` of them are R·b in pivoted order. */
  readonly effects: Float64Array;
  readonly residualSumOfSquares: number;
  /** Σ(fitted − mean fitted)² with an intercept, Σ fitted² without (R's `mss`). */
  readonly modelSumOfSquares: number;
  /** n − rank. */
  readonly dfResidual: number;
  /** √(RSS / (n − rank)), the residual standard error; NaN when dfResidual = 0. */
  readonly sigma: number;
  /** (XᵀX)⁻¹ over the independent columns (NaN rows/columns for aliased ones), R's `summary.lm()$cov.unscaled`. */
  readonly unscaledCovariance: Float64Array;
  /** MSS / (MSS + RSS), MSS about the mean of the fitted values when there is an intercept. */
  readonly rSquared: number;
  readonly adjustedRSquared: number;
  /** (MSS / df1) / (RSS / dfResidual), df1 = rank − intercept; NaN when df1 = 0. */
  readonly fStatistic: number;
  readonly fDf1: number;
}

/**
 * Fits y = X·b + e by least squares through Householder QR with R's pivoting rule.
 *
 * Method: Golub & Van Loan (2013) §5.3; identical in algorithm to R's `lm.fit` (LINPACK `dqrdc2`/`dqrsl`).
 *
 * @param design the n × k design (finite values; include the intercept column yourself).
 * @param y the outcome, length n, finite.
 * @param options whether column 0 is the intercept; the pivoting tolerance.
 * @returns the fit (coefficients, residuals, rank, aliased columns, (XᵀX)⁻¹, R², F).
 * @throws RangeError when y's length differs from the design's rows.
 * @example
 * const design = { rows: 3, columns: 2, data: Float64Array.from([1, 1, 1, 1, 2, 3]), names: ['(Intercept)', 'x'] };
 * fitOls(design, Float64Array.from([2, 4, 6]), { hasIntercept: true }).coefficients // => Float64Array [0, 2] (to rounding)
 */
export function fitOls(design: DesignMatrix, y: Float64Array, options: OlsOptions): OlsFit {
  const { rows: n, columns: k } = design;
  if (y.length !== n) throw new RangeError(`fitOls: y must have ${n} values (the design's rows), got ${y.length}`);
  const qr = householderQr(design.data, n, k, options.tolerance ?? 1e-7, options.overwriteDesign === true);
  const rank = qr.rank;
  const effects = Float64Array.from(y);
  applyQt(qr, effects);
  // Back substitution R·b = (Qᵀy)[0, rank) in pivoted order.
  const a = qr.qr;
  const pivoted = new Float64Array(rank);
  for (let i = rank - 1; i >= 0; i--) {
    let s = effects[i] as number;
    for (let j = i + 1; j < rank; j++) s -= (a[j * n + i] as number) * (pivoted[j] as number);
    pivoted[i] = s / (a[i * n + i] as number);
  }
  const coefficients = new Float64Array(k).fill(NaN);
  for (let j = 0; j < rank; j++) coefficients[qr.pivot[j] as number] = pivoted[j] as number;
  const aliased: number[] = [];
  for (let j = rank; j < k; j++) aliased.push(qr.pivot[j] as number);

  // Residuals Q·(0, tail of Qᵀy), as dqrsl, computed in the buffer of Qᵀy (its head is kept); fitted =
  // y − residuals, as lm.fit.
  const head = effects.slice(0, Math.min(k, n));
  const residuals = effects;
  residuals.fill(0, 0, rank);
  applyQ(qr, residuals);
  let rss = 0;
  let fittedSum = 0;
  for (let i = 0; i < n; i++) {
    const r = residuals[i] as number;
    rss += r * r;
    fittedSum += (y[i] as number) - r;
  }
  const fittedMean = options.hasIntercept ? fittedSum / n : 0;
  let mss = 0;
  for (let i = 0; i < n; i++) {
    const f = (y[i] as number) - (residuals[i] as number) - fittedMean;
    mss += f * f;
  }
  const dfResidual = n - rank;
  const resvar = dfResidual > 0 ? rss / dfResidual : NaN;
  const dfInt = options.hasIntercept ? 1 : 0;
  const fDf1 = rank - dfInt;
  const rSquared = fDf1 > 0 ? mss / (mss + rss) : 0;
  const adjustedRSquared = fDf1 > 0 ? 1 - (1 - rSquared) * ((n - dfInt) / dfResidual) : 0;
  const fStatistic = fDf1 > 0 ? mss / fDf1 / resvar : NaN;

  const inv = inverseCrossProduct(qr);
  const unscaledCovariance = new Float64Array(k * k).fill(NaN);
  for (let i = 0; i < rank; i++) {
    const oi = qr.pivot[i] as number;
    for (let j = 0; j < rank; j++) unscaledCovariance[oi * k + (qr.pivot[j] as number)] = inv[i * rank + j] as number;
  }
  return {
    rows: n,
    columns: k,
    names: design.names,
    rank,
    hasIntercept: options.hasIntercept,
    qr,
    coefficients,
    aliased,
    residuals,
    effects: head,
    residualSumOfSquares: rss,
    modelSumOfSquares: mss,
    dfResidual,
    sigma: Math.sqrt(resvar),
    unscaledCovariance,
    rSquared,
    adjustedRSquared,
    fStatistic,
    fDf1,
  };
}

/**
 * The combination that makes an aliased column redundant: its coefficients on the independent columns,
 * R₁₁⁻¹R₁₂ of the pivoted QR.
 *
 * @param fit a fit with `aliasedColumn` among `fit.aliased`.
 * @param aliasedColumn original index of the aliased column.
 * @returns original column index → weight (weights below 1e-7 of the largest left out); empty if not aliased.
 * @example
 * aliasCombination(fitOls(designWithBEqualTo2A, y, { hasIntercept: true }), 2) // => Map { 1 => 2 }
 */
export function aliasCombination(fit: OlsFit, aliasedColumn: number): ReadonlyMap<number, number> {
  const { qr } = fit;
  const n = qr.rows;
  const r = fit.rank;
  const position = qr.pivot.indexOf(aliasedColumn);
  const out = new Map<number, number>();
  if (position < r) return out;
  const a = qr.qr;
  const w = new Float64Array(r);
  let largest = 0;
  for (let i = r - 1; i >= 0; i--) {
    let s = a[position * n + i] as number;
    for (let j = i + 1; j < r; j++) s -= (a[j * n + i] as number) * (w[j] as number);
    w[i] = s / (a[i * n + i] as number);
    largest = Math.max(largest, Math.abs(w[i] as number));
  }
  for (let i = 0; i < r; i++) if (Math.abs(w[i] as number) > 1e-7 * largest) out.set(qr.pivot[i] as number, w[i] as number);
  return out;
}
