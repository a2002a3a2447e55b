/**
 * The two shapes a numeric data matrix may take in the clustering functions (kmeans, silhouette, chooseK,
 * standardize), and their conversion to one row-major Float64Array with complete rows only.
 *
 * - rows: `readonly (readonly (number | null)[])[]`, one inner array per observation (row) and one entry per
 *   feature (column); `null` and `NaN` are missing;
 * - flat: `{ values: Float64Array, rows, columns }`, row-major (`values[i * columns + j]` is row i, feature j),
 *   the shape to use beyond ~100k rows (a million rows × 10 features is 80 MB flat, ~2× that as arrays).
 */

/** A row-major matrix in one Float64Array: `values[i * columns + j]` is row `i`, feature `j`; NaN is missing. */
export interface FlatMatrix {
  readonly values: Float64Array;
  /** Number of observations. */
  readonly rows: number;
  /** Number of features per observation. */
  readonly columns: number;
}

/** One inner array per observation; `null` and `NaN` are missing. */
export type RowsMatrix = readonly (readonly (number | null)[])[];

/** Either data shape accepted by the clustering functions. */
export type MatrixInput = RowsMatrix | FlatMatrix;

/** A validated matrix whose rows are all complete (no NaN), with the map back to the caller's row numbers. */
export interface CompleteMatrix {
  /** Row-major values of the complete rows; may be the caller's own array when nothing had to change. */
  readonly values: Float64Array;
  readonly rows: number;
  readonly columns: number;
  /** Number of rows in the caller's data, complete or not. */
  readonly inputRows: number;
  /** `rowIndex[r]` = the caller's row number of complete row `r`; null when no row was dropped. */
  readonly rowIndex: Int32Array | null;
  /** True when `values` is a fresh copy the caller may modify in place. */
  readonly owned: boolean;
}

/** True when `data` is the flat shape. */
export function isFlatMatrix(data: MatrixInput): data is FlatMatrix {
  return !Array.isArray(data);
}

/**
 * Validates either shape and returns the shape facts: `rows` and `columns` (0 columns when there are no rows).
 * @throws {TypeError} when `data` is neither shape or a flat `values` is not a Float64Array.
 * @throws {RangeError} when rows differ in length or the flat dimensions do not match `values.length`.
 */
export function matrixShape(fn: string, data: MatrixInput): { readonly rows: number; readonly columns: number } {
  if (Array.isArray(data)) {
    const rows = data as RowsMatrix;
    if (rows.length === 0) return { rows: 0, columns: 0 };
    const first = rows[0];
    if (!Array.isArray(first)) {
      throw new TypeError(`${fn}: data must be an array of row arrays or { values: Float64Array, rows, columns }, got an array of ${typeof first}`);
    }
    const columns = first.length;
    for (let i = 1; i < rows.length; i++) {
      const row = rows[i];
      if (!Array.isArray(row) || row.length !== columns) {
        throw new RangeError(`${fn}: every row must have ${columns} values like row 0, got ${Array.isArray(row) ? row.length : typeof row} in row ${i}`);
      }
    }
    return { rows: rows.length, columns };
  }
  const flat = data as FlatMatrix;
  if (typeof flat !== 'object' || flat === null || !(flat.values instanceof Float64Array)) {
    throw new TypeError(`${fn}: data must be an array of row arrays or { values: Float64Array, rows, columns }`);
  }
  const { rows, columns, values } = flat;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(columns) || columns < 0 || rows * columns !== values.length) {
    throw new RangeError(`${fn}: flat data needs integer rows × columns = values.length, got rows = ${rows}, columns = ${columns}, values.length = ${values.length}`);
  }
  return { rows, columns };
}

/**
 * Converts either shape into a row-major Float64Array holding only the complete rows (rows with a NaN or null
 * are dropped and listed through `rowIndex`). The caller's flat array is reused, not copied, when every row is
 * complete and `copy` is false.
 * @throws {TypeError} / {RangeError} as {@link matrixShape}; RangeError when a value is ±Infinity or not a number.
 */
export function completeRows(fn: string, data: MatrixInput, copy: boolean): CompleteMatrix {
  const { rows, columns } = matrixShape(fn, data);
  if (Array.isArray(data)) {
    const input = data as RowsMatrix;
    const values = new Float64Array(rows * columns);
    let kept = 0;
    let dropped: number[] | null = null;
    for (let i = 0; i < rows; i++) {
      const row = input[i] as readonly (number | null)[];
      let complete = true;
      const base = kept * columns;
      for (let j = 0; j < columns; j++) {
        const v = row[j];
        if (v === null || v === undefined || Number.isNaN(v)) {
          complete = false;
          continue;
        }
        if (typeof v !== 'number' || v === Infinity || v === -Infinity) {
          throw new RangeError(`${fn}: values must be finite numbers (NaN or null for missing), got ${String(v)} in row ${i}, column ${j}`);
        }
        values[base + j] = v;
      }
      if (complete) kept++;
      else (dropped ??= []).push(i);
    }
    return finish(values, kept, columns, rows, dropped, true);
  }
  const flat = data as FlatMatrix;
  const src = flat.values;
  let dropped: number[] | null = null;
  for (let i = 0; i < rows; i++) {
    const base = i * columns;
    for (let j = 0; j < columns; j++) {
      const v = src[base + j] as number;
      if (v !== v) {
        (dropped ??= []).push(i);
        break;
      }
      if (v === Infinity || v === -Infinity) {
        throw new RangeError(`${fn}: values must be finite numbers (NaN for missing), got ${v} in row ${i}, column ${j}`);
      }
    }
  }
  if (dropped === null) {
    return copy
      ? { values: src.slice(), rows, columns, inputRows: rows, rowIndex: null, owned: true }
      : { values: src, rows, columns, inputRows: rows, rowIndex: null, owned: false };
  }
  const kept = rows - dropped.length;
  const values = new Float64Array(kept * columns);
  let r = 0;
  let next = 0;
  for (let i = 0; i < rows; i++) {
    if (next < dropped.length && dropped[next] === i) {
      next++;
      continue;
    }
    values.set(src.subarray(i * columns, (i + 1) * columns), r * columns);
    r++;
  }
  return finish(values, kept, columns, rows, dropped, true);
}

function finish(
  values: Float64Array,
  kept: number,
  columns: number,
  inputRows: number,
  dropped: readonly number[] | null,
  owned: boolean,
): CompleteMatrix {
  if (dropped === null) return { values, rows: kept, columns, inputRows, rowIndex: null, owned };
  const rowIndex = new Int32Array(kept);
  let r = 0;
  let next = 0;
  for (let i = 0; i < inputRows; i++) {
    if (next < dropped.length && dropped[next] === i) {
      next++;
      continue;
    }
    rowIndex[r++] = i;
  }
  return { values: values.length === kept * columns ? values : values.slice(0, kept * columns), rows: kept, columns, inputRows, rowIndex, owned };
}

/**
 * Copies row `i` of either shape into `out` at `offset`; false when the row has a missing value (then `out` is
 * partly written). Call {@link matrixShape} first.
 * @throws {RangeError} when a value is ±Infinity or not a number.
 */
export function readRow(fn: string, data: MatrixInput, columns: number, i: number, out: Float64Array, offset: number): boolean {
  if (Array.isArray(data)) {
    const row = (data as RowsMatrix)[i] as readonly (number | null)[];
    for (let j = 0; j < columns; j++) {
      const v = row[j];
      if (v === null || v === undefined || Number.isNaN(v)) return false;
      if (typeof v !== 'number' || v === Infinity || v === -Infinity) {
        throw new RangeError(`${fn}: values must be finite numbers (NaN or null for missing), got ${String(v)} in row ${i}, column ${j}`);
      }
      out[offset + j] = v;
    }
    return true;
  }
  const values = (data as FlatMatrix).values;
  const base = i * columns;
  for (let j = 0; j < columns; j++) {
    const v = values[base + j] as number;
    if (v !== v) return false;
    if (v === Infinity || v === -Infinity) {
      throw new RangeError(`${fn}: values must be finite numbers (NaN for missing), got ${v} in row ${i}, column ${j}`);
    }
    out[offset + j] = v;
  }
  return true;
}

/**
 * A power of two to divide the data by so squared distances neither overflow nor underflow (1 when the
 * magnitude is ordinary). Dividing by a power of two is exact, so the partition is unchanged.
 */
export function powerOfTwoRescale(x: Float64Array): number {
  let max = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i] as number);
    if (a > max) max = a;
  }
  if (max === 0 || (max < 2 ** 500 && max > 2 ** -500)) return 1;
  return 2 ** Math.floor(Math.log2(max));
}
