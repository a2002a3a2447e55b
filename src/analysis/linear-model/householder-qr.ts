/**
 * Householder QR decomposition with R's limited column pivoting (LINPACK `dqrdc2`, as modified for R by
 * R. Gentleman and D. Bates): columns are reduced left to right, and a column whose remaining norm falls below
 * `tolerance` times its original norm is moved to the end and counted as aliased. With `tolerance = 1e-7`
 * this reproduces `lm()`'s rank and which coefficients it reports as `NA`.
 *
 * Storage is column-major on a Float64Array (entry (i, j) at `j * rows + i`), as LINPACK: after the
 * decomposition the upper triangle holds R and the part below the diagonal the Householder vectors, whose
 * leading entries are kept in `qraux`. Reference: G. H. Golub & C. F. Van Loan, Matrix Computations (4th ed.,
 * 2013), §5.2; J. J. Dongarra et al., LINPACK Users' Guide (1979), ch. 9.
 */

/** A decomposition X·P = Q·R in LINPACK's compact form. */
export interface HouseholderQr {
  readonly rows: number;
  readonly columns: number;
  /** Column-major n × k: R on and above the diagonal, Householder vectors below (of the pivoted columns). */
  readonly qr: Float64Array;
  /** Leading entry of each Householder vector (LINPACK's `qraux`); 0 where no reflection was applied. */
  readonly qraux: Float64Array;
  /** `pivot[j]` is the original index of the column at position j; aliased columns sit at the end. */
  readonly pivot: Int32Array;
  /** Numerical rank: the first `rank` pivoted columns are linearly independent at the tolerance. */
  readonly rank: number;
}

/**
 * Euclidean norm of a[start..end) that cannot overflow or underflow (the role of LINPACK's `dnrm2`): a plain
 * sum of squares, redone scaled by the largest magnitude when that sum leaves the safe range.
 *
 * @param a the values.
 * @param start first index.
 * @param end one past the last index.
 * @returns √Σ aᵢ².
 * @example
 * scaledNorm(Float64Array.of(3e200, 4e200), 0, 2) // => 5e200 (to rounding)
 */
export function scaledNorm(a: Float64Array, start: number, end: number): number {
  // One pass in the common case; a second, scaled pass only when the plain sum of squares over- or underflowed.
  let ss = 0;
  for (let i = start; i < end; i++) {
    const v = a[i] as number;
    ss += v * v;
  }
  if (ss < 1e300 && ss > 1e-290) return Math.sqrt(ss);
  let largest = 0;
  for (let i = start; i < end; i++) {
    const v = Math.abs(a[i] as number);
    if (v > largest) largest = v;
  }
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  const inv = 1 / largest;
  ss = 0;
  for (let i = start; i < end; i++) {
    const v = (a[i] as number) * inv;
    ss += v * v;
  }
  return largest * Math.sqrt(ss);
}

/** Moves column `from` of the n × k column-major matrix to position k − 1, shifting the ones after it left. */
function rotateColumnToEnd(x: Float64Array, rows: number, columns: number, from: number): void {
  const saved = x.slice(from * rows, (from + 1) * rows);
  x.copyWithin(from * rows, (from + 1) * rows, columns * rows);
  x.set(saved, (columns - 1) * rows);
}

function rotateEntryToEnd(a: Float64Array | Int32Array, from: number): void {
  const saved = a[from] as number;
  a.copyWithin(from, from + 1);
  a[a.length - 1] = saved;
}

/**
 * Householder QR of the n × k column-major matrix `x` with R's `dqrdc2` pivoting rule.
 *
 * @param x column-major values, length rows × columns; finite. Copied unless `overwrite`.
 * @param rows n ≥ 1.
 * @param columns k ≥ 1.
 * @param tolerance relative norm below which a column counts as a linear combination of earlier ones
 *   (R `lm`: 1e-7).
 * @param overwrite decompose `x` in place (saves a copy of the design when the caller is done with it).
 * @returns the compact decomposition with its numerical rank.
 * @throws RangeError when the sizes do not match the data.
 * @example
 * householderQr(Float64Array.from([1, 1, 1, 1, 2, 3]), 3, 2).rank // => 2
 */
export function householderQr(x: Float64Array, rows: number, columns: number, tolerance = 1e-7, overwrite = false): HouseholderQr {
  if (!(Number.isInteger(rows) && rows >= 1 && Number.isInteger(columns) && columns >= 1) || x.length !== rows * columns) {
    throw new RangeError(`householderQr: x must hold rows × columns values, got ${x.length} for ${rows} × ${columns}`);
  }
  const n = rows;
  const p = columns;
  const a = overwrite ? x : Float64Array.from(x);
  const qraux = new Float64Array(p);
  // work2: the original norms with 0 replaced by 1, the yardstick of the negligibility test.
  const yardstick = new Float64Array(p);
  const pivot = new Int32Array(p);
  for (let j = 0; j < p; j++) {
    const norm = scaledNorm(a, j * n, (j + 1) * n);
    qraux[j] = norm;
    yardstick[j] = norm === 0 ? 1 : norm;
    pivot[j] = j;
  }
  const steps = Math.min(n, p);
  let k = p; // columns not (yet) found negligible; LINPACK's k − 1
  for (let l = 0; l < steps; l++) {
    // Cycle negligible columns to the end until column l has a non-negligible remaining norm.
    while (l < k && (qraux[l] as number) < (yardstick[l] as number) * tolerance) {
      rotateColumnToEnd(a, n, p, l);
      rotateEntryToEnd(pivot, l);
      rotateEntryToEnd(qraux, l);
      rotateEntryToEnd(yardstick, l);
      k--;
    }
    if (l === n - 1) break;
    const colL = l * n;
    let nrmxl = scaledNorm(a, colL + l, colL + n);
    if (nrmxl === 0) {
      qraux[l] = 0; // no reflection: mark it so Qᵀy and Qy skip this step
      continue;
    }
    const diag = a[colL + l] as number;
    if (diag !== 0 && Math.sign(diag) !== Math.sign(nrmxl)) nrmxl = -nrmxl;
    const inv = 1 / nrmxl;
    for (let i = colL + l; i < colL + n; i++) a[i] = (a[i] as number) * inv;
    const lead = 1 + (a[colL + l] as number);
    a[colL + l] = lead;
    for (let j = l + 1; j < p; j++) {
      const colJ = j * n;
      let dot = 0;
      for (let i = l; i < n; i++) dot += (a[colL + i] as number) * (a[colJ + i] as number);
      const t = -dot / lead;
      for (let i = l; i < n; i++) a[colJ + i] = (a[colJ + i] as number) + t * (a[colL + i] as number);
      const qj = qraux[j] as number;
      if (qj !== 0) {
        const ratio = Math.abs(a[colJ + l] as number) / qj;
        const shrink = Math.max(1 - ratio * ratio, 0);
        // Bates' 1999 fix: recompute the norm outright once it has shrunk a lot (downdating loses accuracy).
        if (Math.abs(shrink) < 1e-6) {
          qraux[j] = scaledNorm(a, colJ + l + 1, colJ + n);
        } else {
          qraux[j] = qj * Math.sqrt(shrink);
        }
      }
    }
    qraux[l] = lead;
    a[colL + l] = -nrmxl;
  }
  // LINPACK: k = min(k − 1, n) in 1-based terms.
  const rank = Math.min(k, n);
  return { rows: n, columns: p, qr: a, qraux, pivot, rank };
}

/**
 * Overwrites `y` (length n) with Qᵀy, applying the first `rank` reflections (LINPACK `dqrsl`, job qty).
 *
 * @param qr a decomposition from {@link householderQr}.
 * @param y length n, overwritten.
 * @example
 * applyQt(householderQr(x, n, k), y) // y => Qᵀy (R's `qr.qty`)
 */
export function applyQt(qr: HouseholderQr, y: Float64Array): void {
  const { rows: n, qr: a, qraux } = qr;
  const steps = Math.min(qr.rank, n - 1);
  for (let l = 0; l < steps; l++) {
    const lead = qraux[l] as number;
    if (lead === 0) continue;
    const colL = l * n;
    let dot = lead * (y[l] as number);
    for (let i = l + 1; i < n; i++) dot += (a[colL + i] as number) * (y[i] as number);
    const t = -dot / lead;
    y[l] = (y[l] as number) + t * lead;
    for (let i = l + 1; i < n; i++) y[i] = (y[i] as number) + t * (a[colL + i] as number);
  }
}

/**
 * Overwrites `y` (length n) with Q·y, the reflections applied in reverse order (LINPACK `dqrsl`, job qy).
 *
 * @param qr a decomposition from {@link householderQr}.
 * @param y length n, overwritten.
 * @example
 * applyQ(householderQr(x, n, k), y) // y => Qy (R's `qr.qy`)
 */
export function applyQ(qr: HouseholderQr, y: Float64Array): void {
  const { rows: n, qr: a, qraux } = qr;
  const steps = Math.min(qr.rank, n - 1);
  for (let l = steps - 1; l >= 0; l--) {
    const lead = qraux[l] as number;
    if (lead === 0) continue;
    const colL = l * n;
    let dot = lead * (y[l] as number);
    for (let i = l + 1; i < n; i++) dot += (a[colL + i] as number) * (y[i] as number);
    const t = -dot / lead;
    y[l] = (y[l] as number) + t * lead;
    for (let i = l + 1; i < n; i++) y[i] = (y[i] as number) + t * (a[colL + i] as number);
  }
}

/**
 * Inverse of the leading rank × rank block of R times its transpose, R⁻¹R⁻ᵀ = (X₁ᵀX₁)⁻¹ for the independent
 * pivoted columns X₁ (R's `chol2inv(qr$qr[1:rank, 1:rank])`).
 *
 * @param qr a decomposition from {@link householderQr}.
 * @returns row-major rank × rank, in pivoted order.
 * @example
 * inverseCrossProduct(householderQr(Float64Array.of(1, 1, 1, 1, 2, 3), 3, 2)) // => [7/3, −1, −1, 0.5] (to rounding)
 */
export function inverseCrossProduct(qr: HouseholderQr): Float64Array {
  const r = qr.rank;
  const rinv = inverseR(qr);
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = i; j < r; j++) {
      let s = 0;
      for (let m = j; m < r; m++) s += (rinv[i * r + m] as number) * (rinv[j * r + m] as number);
      out[i * r + j] = s;
      out[j * r + i] = s;
    }
  }
  return out;
}

/**
 * R⁻¹ of the leading rank × rank block of R (upper triangular), by back substitution.
 *
 * @param qr a decomposition from {@link householderQr}.
 * @returns row-major rank × rank upper-triangular inverse, in pivoted order.
 * @example
 * inverseR(householderQr(Float64Array.of(2, 0, 0, 2), 2, 2)) // => [−0.5, 0, 0, 0.5] (LINPACK's R keeps the sign of the first entry negated)
 */
export function inverseR(qr: HouseholderQr): Float64Array {
  const { rows: n, qr: a } = qr;
  const r = qr.rank;
  const rinv = new Float64Array(r * r);
  for (let j = 0; j < r; j++) {
    rinv[j * r + j] = 1 / (a[j * n + j] as number);
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let m = i + 1; m <= j; m++) s += (a[m * n + i] as number) * (rinv[m * r + j] as number);
      rinv[i * r + j] = -s / (a[i * n + i] as number);
    }
  }
  return rinv;
}
