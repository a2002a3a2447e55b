/**
 * Column standardization with R `scale()` semantics, returning the centres and scales so new rows can be
 * transformed the same way (pass them back as `center` and `scale`).
 */
import type { AnalysisWarning, InsufficientResult } from './result.js';
import { insufficient } from './result.js';
import type { FlatMatrix, MatrixInput, RowsMatrix } from './kmeans/matrix.js';
import { isFlatMatrix, matrixShape } from './kmeans/matrix.js';

/** Warning codes of {@link standardize}. */
export const STANDARDIZE_WARNINGS = {
  /** A column had zero spread (or one value): scale 1 was used instead of R's division by 0 (NaN). */
  constantColumn: 'constant-column',
  /** A column had no non-missing value: centre 0 and scale 1 were used; its values stay NaN. */
  allMissingColumn: 'all-missing-column',
  /** Missing values (NaN/null) were left missing and ignored when computing centres and scales. */
  missingValues: 'missing-values',
} as const;

/** Options of {@link standardize}: `true` estimates from the data, `false` skips, a vector is used as given. */
export interface StandardizeOptions {
  /** Subtract column means (`true`, default), nothing (`false`) or these values, one per column. */
  readonly center?: boolean | readonly number[];
  /**
   * Divide by the column standard deviation with n − 1 (`true`, default, after centring; without centring R's
   * root mean square √(Σx²/(n−1))), nothing (`false`) or these values, one per column.
   */
  readonly scale?: boolean | readonly number[];
}

/** Successful result of {@link standardize}; `data` has the shape of the input. */
export interface StandardizeResult<D> {
  readonly status: 'ok';
  /** `'<center>/<scale>'`: center ∈ mean | supplied | none; scale ∈ sd | rms | supplied | none; e.g. `'mean/sd'`. */
  readonly method: string;
  /** The transformed data (a new array; missing stays NaN). */
  readonly data: D;
  /** Value subtracted from each column (0 where not centred). */
  readonly centers: readonly number[];
  /** Value each centred column was divided by (1 where not scaled or constant). */
  readonly scales: readonly number[];
  /** Columns (0-based) treated as constant: scale 1 instead of R's NaN. */
  readonly constantColumns: readonly number[];
  readonly warnings: readonly AnalysisWarning[];
}

/** Centres, scales and data facts found while standardizing a flat matrix in place. */
export interface ColumnScaling {
  readonly centers: Float64Array;
  readonly scales: Float64Array;
  readonly constantColumns: readonly number[];
  readonly allMissingColumns: readonly number[];
  readonly missingCount: number;
  readonly method: string;
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Standardizes the columns of a matrix as R's `scale(x, center, scale)` does.
 *
 * Method: centre = column mean of the non-missing values; scale = √(Σv²/max(1, m − 1)) over the m non-missing
 * centred values v, i.e. the sample standard deviation (n − 1) after centring and the root mean square without
 * (R ≥ 2.x `scale.default`). Sums are compensated (Neumaier) to stay close to R's long-double sums.
 * Deviations from R, chosen so downstream code never sees NaN: a column whose non-missing values are all equal
 * is centred to exactly 0 and divided by 1 (R divides by 0 and returns NaN) with warning `constant-column`; a
 * column with no value gets centre 0 and scale 1 (`all-missing-column`). Missing values (NaN, or null in row
 * arrays) stay NaN in the output and are left out of the means and scales (R's `na.rm = TRUE`).
 *
 * @param data rows × features: row arrays or `{ values: Float64Array, rows, columns }` (row-major).
 * @param options `center` and `scale`: boolean (default true) or one value per column (to transform new rows
 *   with the `centers` and `scales` of an earlier result).
 * @returns the transformed data in the input's shape, `centers`, `scales`, `constantColumns` and warnings;
 *   `insufficient` when there are no rows.
 * @throws {TypeError} when data is neither shape; {RangeError} on ragged rows, ±Infinity, or a centre/scale
 *   vector of the wrong length, non-finite, or (scale) zero.
 * @example
 * standardize([[1, 10], [2, 20], [3, 30]])
 * // => { status: 'ok', method: 'mean/sd', data: [[-1, -1], [0, 0], [1, 1]], centers: [2, 20], scales: [1, 10], … }
 */
export function standardize(
  data: RowsMatrix,
  options?: StandardizeOptions,
): StandardizeResult<number[][]> | InsufficientResult;
export function standardize(
  data: FlatMatrix,
  options?: StandardizeOptions,
): StandardizeResult<FlatMatrix> | InsufficientResult;
export function standardize(
  data: MatrixInput,
  options?: StandardizeOptions,
): StandardizeResult<number[][] | FlatMatrix> | InsufficientResult;
export function standardize(
  data: MatrixInput,
  options: StandardizeOptions = {},
): StandardizeResult<number[][] | FlatMatrix> | InsufficientResult {
  const { rows, columns } = matrixShape('standardize', data);
  const center = options.center ?? true;
  const scale = options.scale ?? true;
  if (rows === 0) return insufficient(methodName(center, scale), 'standardize: needs at least 1 row, got 0');
  checkVector('center', center, columns, false);
  checkVector('scale', scale, columns, true);

  let values: Float64Array;
  if (isFlatMatrix(data)) {
    values = data.values.slice();
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v === Infinity || v === -Infinity) {
        throw new RangeError(`standardize: values must be finite (NaN for missing), got ${v} in row ${Math.floor(i / columns)}, column ${i % columns}`);
      }
    }
  } else {
    values = new Float64Array(rows * columns);
    const input = data as RowsMatrix;
    for (let i = 0; i < rows; i++) {
      const row = input[i] as readonly (number | null)[];
      for (let j = 0; j < columns; j++) {
        const v = row[j];
        if (v === null || v === undefined) values[i * columns + j] = NaN;
        else if (typeof v !== 'number' || v === Infinity || v === -Infinity) {
          throw new RangeError(`standardize: values must be finite numbers (NaN or null for missing), got ${String(v)} in row ${i}, column ${j}`);
        } else values[i * columns + j] = v;
      }
    }
  }
  const fit = scaleColumnsInPlace(values, rows, columns, center, scale);
  let out: number[][] | FlatMatrix;
  if (isFlatMatrix(data)) {
    out = { values, rows, columns };
  } else {
    const rowsOut: number[][] = new Array<number[]>(rows);
    for (let i = 0; i < rows; i++) rowsOut[i] = Array.from(values.subarray(i * columns, (i + 1) * columns));
    out = rowsOut;
  }
  return {
    status: 'ok',
    method: fit.method,
    data: out,
    centers: Array.from(fit.centers),
    scales: Array.from(fit.scales),
    constantColumns: fit.constantColumns,
    warnings: fit.warnings,
  };
}

/**
 * The computation behind {@link standardize} on a row-major Float64Array, in place: for kmeans and chooseK on
 * their own copy of the data (internal; not part of the public API).
 *
 * Method: as {@link standardize} (R `scale()`, constant column → scale 1).
 * @param values row-major rows × columns, overwritten with the standardized values; NaN is missing.
 * @param center `true` (column means), `false`, or one value per column (not validated here).
 * @param scale `true` (sd after centring / root mean square), `false`, or one non-zero value per column.
 * @returns centres, scales, constant and all-missing columns, the missing count, the method name and warnings.
 * @throws nothing: arguments are assumed valid.
 * @example
 * const v = Float64Array.from([1, 10, 2, 20, 3, 30]);
 * scaleColumnsInPlace(v, 3, 2, true, true).scales
 * // => Float64Array [1, 10]   (v is now [-1, -1, 0, 0, 1, 1])
 */
export function scaleColumnsInPlace(
  values: Float64Array,
  rows: number,
  columns: number,
  center: boolean | readonly number[],
  scale: boolean | readonly number[],
): ColumnScaling {
  const centers = new Float64Array(columns);
  const scales = new Float64Array(columns).fill(1);
  const constantColumns: number[] = [];
  const allMissingColumns: number[] = [];
  let missingCount = 0;
  for (let j = 0; j < columns; j++) {
    // pass 1: count, compensated sum, and whether all non-missing values are equal
    let count = 0;
    let sum = 0;
    let comp = 0;
    let first = NaN;
    let constant = true;
    for (let i = 0; i < rows; i++) {
      const v = values[i * columns + j] as number;
      if (v !== v) continue;
      if (count === 0) first = v;
      else if (v !== first) constant = false;
      count++;
      const t = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
    }
    missingCount += rows - count;
    if (count === 0) {
      allMissingColumns.push(j);
      if (Array.isArray(center)) centers[j] = center[j] as number;
      if (Array.isArray(scale)) scales[j] = scale[j] as number;
      continue;
    }
    let c = 0;
    if (center === true) c = constant ? first : (sum + comp) / count;
    else if (Array.isArray(center)) c = center[j] as number;
    centers[j] = c;
    let s = 1;
    if (scale === true) {
      // R: sqrt(sum(v^2) / max(1, n - 1)) over the centred non-missing values; the squares are taken relative
      // to the largest |v| so that values beyond 1e154 do not overflow
      let largest = 0;
      for (let i = 0; i < rows; i++) {
        const v = values[i * columns + j] as number;
        if (v !== v) continue;
        const d = Math.abs(v - c);
        if (d > largest) largest = d;
      }
      let ss = 0;
      let ssComp = 0;
      if (largest > 0) {
        for (let i = 0; i < rows; i++) {
          const v = values[i * columns + j] as number;
          if (v !== v) continue;
          const d = (v - c) / largest;
          const sq = d * d;
          const t = ss + sq;
          ssComp += ss >= sq ? ss - t + sq : sq - t + ss;
          ss = t;
        }
      }
      s = largest * Math.sqrt((ss + ssComp) / Math.max(1, count - 1));
      if ((center === true && constant) || !(s > 0)) {
        s = 1;
        constantColumns.push(j);
      }
    } else if (Array.isArray(scale)) {
      s = scale[j] as number;
    }
    scales[j] = s;
    if (c !== 0 || s !== 1) {
      for (let i = 0; i < rows; i++) {
        const at = i * columns + j;
        values[at] = ((values[at] as number) - c) / s;
      }
    }
  }
  const warnings: AnalysisWarning[] = [];
  if (constantColumns.length > 0) {
    warnings.push({
      code: STANDARDIZE_WARNINGS.constantColumn,
      message: `column${constantColumns.length > 1 ? 's' : ''} ${constantColumns.join(', ')} ha${constantColumns.length > 1 ? 've' : 's'} no spread: scaled by 1 instead of dividing by 0 (R would give NaN)`,
    });
  }
  if (allMissingColumns.length > 0) {
    warnings.push({
      code: STANDARDIZE_WARNINGS.allMissingColumn,
      message: `column${allMissingColumns.length > 1 ? 's' : ''} ${allMissingColumns.join(', ')} ha${allMissingColumns.length > 1 ? 've' : 's'} no non-missing value: centre 0 and scale 1 used`,
    });
  }
  if (missingCount > 0) {
    warnings.push({
      code: STANDARDIZE_WARNINGS.missingValues,
      message: `${missingCount} missing value${missingCount > 1 ? 's' : ''} left as NaN and ignored in the centres and scales`,
    });
  }
  return { centers, scales, constantColumns, allMissingColumns, missingCount, method: methodName(center, scale), warnings };
}

function methodName(center: boolean | readonly number[], scale: boolean | readonly number[]): string {
  const c = center === true ? 'mean' : center === false ? 'none' : 'supplied';
  const s = scale === true ? (center === true ? 'sd' : 'rms') : scale === false ? 'none' : 'supplied';
  return `${c}/${s}`;
}

function checkVector(name: 'center' | 'scale', value: unknown, columns: number, nonZero: boolean): void {
  if (typeof value === 'boolean') return;
  if (!Array.isArray(value)) {
    throw new TypeError(`standardize: options.${name} must be a boolean or an array of numbers, got ${typeof value}`);
  }
  if (value.length !== columns) {
    throw new RangeError(`standardize: options.${name} must have one value per column (${columns}), got ${value.length}`);
  }
  for (let j = 0; j < value.length; j++) {
    const v: unknown = value[j];
    if (typeof v !== 'number' || !Number.isFinite(v) || (nonZero && v === 0)) {
      throw new RangeError(`standardize: options.${name}[${j}] must be a finite${nonZero ? ' non-zero' : ''} number, got ${String(v)}`);
    }
  }
}
