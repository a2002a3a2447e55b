/**
 * `correlationMatrix(columns)`: every pair of named columns, pairwise-complete, with the same coefficient and test
 * as {@link correlation}.
 *
 * Speed: each column is sorted once. Pairs whose columns miss the same rows (the usual case: none) reuse the
 * column's centred values / ranks / codes, so a Spearman matrix costs one sort per column plus one dot product
 * per pair. When two columns miss different rows, the pair's ranks are re-derived in O(n) by walking each
 * column's sort order and skipping the rows the other column lacks (no re-sort).
 */
import type { AnalysisWarning } from '../result.js';
import { sortOrder } from '../ranks.js';
import { readSettings } from './correlation.js';
import { kendallFromCodes, type ValueCodes } from './kendall.js';
import { centred, compensatedDot, isConstant, pearsonFromSums, pearsonPair, type PairSettings } from './pearson.js';
import { rankDot, spearmanFromRanks, type CentredRanks } from './spearman.js';
import { CORRELATION_WARNINGS, type CorrelationMethod, type CorrelationOptions, type PairOutcome } from './types.js';

/** Options of {@link correlationMatrix}: those of `correlation` except the Pearson interval level. */
export type CorrelationMatrixOptions = Omit<CorrelationOptions, 'level'>;

export interface CorrelationMatrixResult {
  readonly status: 'ok';
  readonly method: CorrelationMethod;
  readonly warnings: readonly AnalysisWarning[];
  /** Column names in the order of the rows and columns of the matrices. */
  readonly names: readonly string[];
  /**
   * estimates[i][j]: coefficient of columns i and j; null when the pair is insufficient (too few complete pairs,
   * a constant column, or infinite values for Pearson). The diagonal is 1 for a usable column, else null.
   */
  readonly estimates: readonly (readonly (number | null)[])[];
  /** pValues[i][j] for the chosen alternative (as `correlation`); null on the diagonal and for insufficient pairs. */
  readonly pValues: readonly (readonly (number | null)[])[];
  /** n[i][j]: complete pairs of columns i and j; on the diagonal, the non-missing values of column i. */
  readonly n: readonly (readonly number[])[];
}

/** One column's missing-value mask and what its pairs reuse. */
interface Column {
  readonly name: string;
  /** 1 where the row is present. */
  readonly present: Uint8Array;
  /** Rows present, ascending. */
  readonly rows: Uint32Array;
  /** Values of the present rows. */
  readonly values: Float64Array;
  /** Sort order of `values`. */
  readonly order: Uint32Array;
  /** Index of the group of columns sharing this exact mask. */
  group: number;
  /** Per-method precomputation over the column's own rows (used when the other column has the same mask). */
  centredValues: Float64Array | null;
  ranks: CentredRanks | null;
  codes: ValueCodes | null;
  /** Codes by row (−1 where missing), for pairs with a different mask (Kendall). */
  codesByRow: Int32Array | null;
}

function readColumn(name: string, raw: unknown, length: number): Column {
  if (raw === null || typeof raw !== 'object' || typeof (raw as ArrayLike<unknown>).length !== 'number') {
    throw new TypeError(`correlationMatrix: column '${name}' must be an array of numbers, got ${raw === null ? 'null' : typeof raw}`);
  }
  const source = raw as ArrayLike<number | null>;
  if (source.length !== length) {
    throw new RangeError(`correlationMatrix: all columns must have the same length, got ${source.length} for '${name}' and ${length} before`);
  }
  const present = new Uint8Array(length);
  const rows = new Uint32Array(length);
  const values = new Float64Array(length);
  let m = 0;
  for (let i = 0; i < length; i++) {
    const v = source[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') throw new TypeError(`correlationMatrix: column '${name}'[${i}] must be a number or null, got ${typeof v}`);
    if (Number.isNaN(v)) continue;
    present[i] = 1;
    rows[m] = i;
    values[m] = v;
    m++;
  }
  const compact = values.slice(0, m);
  return {
    name,
    present,
    rows: rows.slice(0, m),
    values: compact,
    order: sortOrder(compact),
    group: -1,
    centredValues: null,
    ranks: null,
    codes: null,
    codesByRow: null,
  };
}

/** Assigns equal group numbers to columns with identical missing-value masks. */
function groupByMask(columns: Column[]): void {
  const representatives: Column[] = [];
  for (const column of columns) {
    const match = representatives.find((r) => r.rows.length === column.rows.length && sameRows(r.rows, column.rows));
    if (match !== undefined) column.group = match.group;
    else {
      column.group = representatives.length;
      representatives.push(column);
    }
  }
}

function sameRows(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Centred average ranks of the column's values restricted to rows where `keep` is 1 (all rows when null), placed
 * at `slot[row]`, by walking the column's sort order: tie groups of the subset are the kept members of the
 * column's tie groups.
 */
function rankSubset(column: Column, keep: Uint8Array | null, slot: Int32Array | null, n: number): CentredRanks {
  const { values, rows, order } = column;
  const out = new Float64Array(n);
  const mean = (n + 1) / 2;
  let position = 0;
  let sumSquares = 0;
  let ties = false;
  let constant = false;
  let k = 0;
  while (k < order.length) {
    const value = values[order[k] as number] as number;
    let end = k;
    let count = 0;
    while (end < order.length && values[order[end] as number] === value) {
      if (keep === null || keep[rows[order[end] as number] as number] === 1) count++;
      end++;
    }
    const rank = position + (count + 1) / 2 - mean;
    for (let t = k; t < end; t++) {
      const index = order[t] as number;
      if (keep === null) out[index] = rank;
      else if (keep[rows[index] as number] === 1) out[(slot as Int32Array)[rows[index] as number] as number] = rank;
    }
    sumSquares += count * rank * rank;
    if (count > 1) ties = true;
    if (count === n && n > 0) constant = true;
    position += count;
    k = end;
  }
  return { centred: out, sumSquares, ties, constant };
}

function codesOf(column: Column): ValueCodes {
  const codes = new Int32Array(column.values.length);
  let code = -1;
  let previous = NaN;
  for (let i = 0; i < column.order.length; i++) {
    const index = column.order[i] as number;
    const value = column.values[index] as number;
    if (value !== previous) {
      code++;
      previous = value;
    }
    codes[index] = code;
  }
  return { codes, size: code + 1 };
}

function prepare(column: Column, method: CorrelationMethod, length: number): void {
  if (method === 'pearson') {
    let finite = true;
    for (let i = 0; i < column.values.length; i++) if (!Number.isFinite(column.values[i])) finite = false;
    column.centredValues = finite && column.values.length > 0 ? centred(column.values) : null;
  } else if (method === 'spearman') {
    column.ranks = rankSubset(column, null, null, column.values.length);
  } else {
    column.codes = codesOf(column);
    column.codesByRow = new Int32Array(length).fill(-1);
    for (let i = 0; i < column.rows.length; i++) column.codesByRow[column.rows[i] as number] = column.codes.codes[i] as number;
  }
}

/** The test for a pair of columns sharing a mask: reuses the columns' precomputation. */
function sameMaskPair(method: CorrelationMethod, a: Column, b: Column, settings: PairSettings): PairOutcome {
  const n = a.values.length;
  if (method === 'pearson') {
    if (n < 3) return { ok: false, reason: `needs at least 3 complete pairs, got ${n}` };
    if (a.centredValues === null || b.centredValues === null) return { ok: false, reason: 'infinite values' };
    if (isConstant(a.values) || isConstant(b.values)) return { ok: false, reason: 'constant column' };
    const ca = a.centredValues;
    const cb = b.centredValues;
    return pearsonFromSums(compensatedDot(ca, cb, n), compensatedDot(ca, ca, n), compensatedDot(cb, cb, n), n, settings);
  }
  if (method === 'spearman') {
    const ra = a.ranks as CentredRanks;
    const rb = b.ranks as CentredRanks;
    return spearmanFromRanks(rankDot(ra.centred, rb.centred), ra, rb, n, settings);
  }
  return kendallFromCodes(a.codes as ValueCodes, b.codes as ValueCodes, settings);
}

/** The test for a pair of columns missing different rows: restricted to the rows both have. */
function mixedMaskPair(method: CorrelationMethod, a: Column, b: Column, settings: PairSettings, length: number): PairOutcome {
  const slot = new Int32Array(length);
  const both = new Uint8Array(length);
  let n = 0;
  for (let i = 0; i < length; i++) {
    if (a.present[i] === 1 && b.present[i] === 1) {
      both[i] = 1;
      slot[i] = n++;
    }
  }
  if (method === 'pearson') {
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0, k = 0; i < length; i++) {
      if (both[i] !== 1) continue;
      xs[k] = a.values[slotIn(a, i)] as number;
      ys[k] = b.values[slotIn(b, i)] as number;
      k++;
    }
    return pearsonPair(xs, ys, settings);
  }
  if (method === 'spearman') {
    const ra = rankSubset(a, both, slot, n);
    const rb = rankSubset(b, both, slot, n);
    return spearmanFromRanks(rankDot(ra.centred, rb.centred), ra, rb, n, settings);
  }
  const xc = new Int32Array(n);
  const yc = new Int32Array(n);
  for (let i = 0; i < length; i++) {
    if (both[i] !== 1) continue;
    xc[slot[i] as number] = (a.codesByRow as Int32Array)[i] as number;
    yc[slot[i] as number] = (b.codesByRow as Int32Array)[i] as number;
  }
  if (n >= 2 && (isConstant(xc) || isConstant(yc))) return { ok: false, reason: 'constant column' };
  return kendallFromCodes({ codes: xc, size: (a.codes as ValueCodes).size }, { codes: yc, size: (b.codes as ValueCodes).size }, settings);
}

/** Position of `row` among the column's present rows (binary search; rows are ascending). */
function slotIn(column: Column, row: number): number {
  let lo = 0;
  let hi = column.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((column.rows[mid] as number) < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Pairwise correlation matrix of named columns, with p-values and pairwise-complete counts.
 *
 * Method: for every pair, exactly the coefficient and test of {@link correlation} (R `cor.test` per pair) on the
 * rows where both columns are present (R `cor(use = "pairwise.complete.obs")` for the estimates). Missing values:
 * null or NaN, dropped pair by pair. Kendall uses Knight's O(n log n) algorithm per pair.
 *
 * @param columns named columns of equal length (numbers, null or NaN); names come back in `Object.keys` order.
 * @param options method (default 'pearson'), alternative, exact, continuity.
 * @returns names, k × k matrices of estimates, p-values and n, and warnings naming insufficient pairs and pairs
 *   whose exact p-value was prevented by ties.
 * @throws {TypeError} when a column is not an array of numbers/null, or an option has the wrong type.
 * @throws {RangeError} when columns differ in length.
 * @example
 * correlationMatrix({ a: [1, 2, 3, 4, 5], b: [2, 1, 4, 3, 5], c: [5, 4, 3, 2, null] }, { method: 'spearman' })
 * // => { names: ['a', 'b', 'c'], estimates: [[1, 0.8, -1], [0.8, 1, -0.6], [-1, -0.6, 1]] (to rounding),
 * //      pValues: [[null, 0.1333…, 0.0833…], [0.1333…, null, 0.4166…], [0.0833…, 0.4166…, null]],
 * //      n: [[5, 5, 4], [5, 5, 4], [4, 4, 4]] }
 */
export function correlationMatrix(
  columns: Readonly<Record<string, readonly (number | null)[] | ArrayLike<number>>>,
  options: CorrelationMatrixOptions = {},
): CorrelationMatrixResult {
  if (columns === null || typeof columns !== 'object') throw new TypeError(`correlationMatrix: columns must be an object of named columns, got ${columns === null ? 'null' : typeof columns}`);
  const { method, settings } = readSettings('correlationMatrix', options);
  const names = Object.keys(columns);
  const length = names.length > 0 ? ((columns[names[0] as string] as ArrayLike<unknown> | undefined)?.length ?? 0) : 0;
  const prepared = names.map((name) => readColumn(name, columns[name], length));
  groupByMask(prepared);
  for (const column of prepared) prepare(column, method, length);

  const k = names.length;
  const estimates = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  const pValues = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const insufficientPairs: string[] = [];
  const tiedPairs: string[] = [];
  let exactUnavailable = 0;
  const usable = new Array<boolean>(k).fill(false);
  for (let i = 0; i < k; i++) {
    const a = prepared[i] as Column;
    (counts[i] as number[])[i] = a.values.length;
    for (let j = i + 1; j < k; j++) {
      const b = prepared[j] as Column;
      const outcome = a.group === b.group ? sameMaskPair(method, a, b, settings) : mixedMaskPair(method, a, b, settings, length);
      const n = a.group === b.group ? a.values.length : countBoth(a, b, length);
      (counts[i] as number[])[j] = n;
      (counts[j] as number[])[i] = n;
      if (!outcome.ok) {
        insufficientPairs.push(`${a.name}–${b.name} (${outcome.reason})`);
        continue;
      }
      usable[i] = true;
      usable[j] = true;
      (estimates[i] as (number | null)[])[j] = outcome.result.estimate;
      (estimates[j] as (number | null)[])[i] = outcome.result.estimate;
      (pValues[i] as (number | null)[])[j] = outcome.result.pValue;
      (pValues[j] as (number | null)[])[i] = outcome.result.pValue;
      if (outcome.tiesPreventedExact) tiedPairs.push(`${a.name}–${b.name}`);
      if (outcome.exactUnavailable) exactUnavailable++;
    }
  }
  for (let i = 0; i < k; i++) {
    const column = prepared[i] as Column;
    const minimum = method === 'pearson' ? 3 : 2;
    const ok = usable[i] || (column.values.length >= minimum && !isConstant(column.values) && (method !== 'pearson' || column.centredValues !== null));
    (estimates[i] as (number | null)[])[i] = ok ? 1 : null;
  }
  const warnings: AnalysisWarning[] = [];
  if (insufficientPairs.length > 0) {
    warnings.push({
      code: CORRELATION_WARNINGS.insufficientPairs,
      message: `correlationMatrix: ${insufficientPairs.length} pair(s) could not be computed: ${insufficientPairs.slice(0, 10).join('; ')}${insufficientPairs.length > 10 ? '; …' : ''}`,
    });
  }
  if (tiedPairs.length > 0) {
    warnings.push({
      code: CORRELATION_WARNINGS.tiesPreventExact,
      message: `correlationMatrix: ties prevented the exact p-value for ${tiedPairs.length} pair(s): ${tiedPairs.slice(0, 10).join(', ')}${tiedPairs.length > 10 ? ', …' : ''}`,
    });
  }
  if (exactUnavailable > 0) {
    warnings.push({
      code: CORRELATION_WARNINGS.exactUnavailable,
      message: `correlationMatrix: Kendall's exact distribution is limited to n ≤ 170; normal approximation used for ${exactUnavailable} pair(s)`,
    });
  }
  return { status: 'ok', method, warnings, names, estimates, pValues, n: counts };
}

function countBoth(a: Column, b: Column, length: number): number {
  let n = 0;
  for (let i = 0; i < length; i++) if (a.present[i] === 1 && b.present[i] === 1) n++;
  return n;
}
