/**
 * Validates and encodes a {@link CartData} (the model-frame stage of rpart): numeric columns stay numbers,
 * categorical columns become level codes 1..k (levels sorted by code unit, as R's factor levels in the C locale),
 * the target becomes 0-based class codes or numbers, and rows whose target is missing or whose features are all
 * missing are dropped (rpart's `na.rpart`).
 */
import type { CartData, CartFeatureInfo, CartMethod } from './types.js';

/** The encoded training data. */
export interface EncodedData {
  /** Rows in the input. */
  readonly nInput: number;
  /** Rows kept. */
  readonly n: number;
  /** Input row of each kept row, or null when every row was kept. */
  readonly rows: Int32Array | null;
  readonly features: readonly CartFeatureInfo[];
  /** Columns over kept rows: numbers, or level codes 1..k; NaN = missing. */
  readonly x: readonly ArrayLike<number>[];
  readonly ncat: Int32Array;
  readonly method: CartMethod;
  readonly classLevels: readonly string[] | null;
  readonly yc: Uint16Array;
  readonly yn: Float64Array;
  /** Case weights of kept rows, or null when none were given (all 1). */
  readonly wt: Float64Array | null;
}

type Column = ArrayLike<unknown>;

function isTyped(c: unknown): c is Float64Array | Float32Array {
  return c instanceof Float64Array || c instanceof Float32Array;
}

function isMissingValue(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

function columnKind(fn: string, name: string, col: Column): 'numeric' | 'categorical' {
  if (isTyped(col)) return 'numeric';
  let kind: 'numeric' | 'categorical' | null = null;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null || v === undefined) continue;
    const k = typeof v === 'number' ? 'numeric' : typeof v === 'string' || typeof v === 'boolean' ? 'categorical' : null;
    if (k === null) throw new TypeError(`${fn}: feature '${name}' must hold numbers or strings, got ${typeof v} at row ${i}`);
    if (kind === null) kind = k;
    else if (kind !== k) throw new TypeError(`${fn}: feature '${name}' mixes numbers and strings (row ${i})`);
  }
  return kind ?? 'numeric';
}

function codeUnitCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encodes and validates; throws TypeError/RangeError naming `fn` on invalid arguments. */
export function encodeData(
  fn: string,
  data: CartData,
  methodOption: CartMethod | undefined,
  weights: ArrayLike<number> | undefined,
): EncodedData {
  if (data === null || typeof data !== 'object' || data.features === null || typeof data.features !== 'object') {
    throw new TypeError(`${fn}: data must be { features, target }, got ${data === null ? 'null' : typeof data}`);
  }
  const target = data.target as ArrayLike<unknown>;
  if (target === null || target === undefined || typeof target.length !== 'number') {
    throw new TypeError(`${fn}: data.target must be an array, got ${typeof target}`);
  }
  const nInput = target.length;
  const names = Object.keys(data.features);
  if (names.length === 0) throw new RangeError(`${fn}: data.features must have at least one column, got none`);
  const cols: Column[] = names.map((name) => {
    const c = (data.features as Record<string, unknown>)[name] as Column;
    if (c === null || c === undefined || typeof c.length !== 'number') {
      throw new TypeError(`${fn}: feature '${name}' must be an array, got ${typeof c}`);
    }
    if (c.length !== nInput) {
      throw new RangeError(`${fn}: feature '${name}' must have ${nInput} values (the target's length), got ${c.length}`);
    }
    return c;
  });

  // target kind and method, as rpart: factor/character → class, numeric → anova
  let targetKind: 'numeric' | 'label' | null = isTyped(target) ? 'numeric' : null;
  if (targetKind === null) {
    for (let i = 0; i < nInput; i++) {
      const v = target[i];
      if (isMissingValue(v)) continue;
      const k = typeof v === 'number' ? 'numeric' : typeof v === 'string' || typeof v === 'boolean' ? 'label' : null;
      if (k === null) throw new TypeError(`${fn}: target must hold labels or numbers, got ${typeof v} at row ${i}`);
      if (targetKind === null) targetKind = k;
      else if (k !== targetKind) throw new TypeError(`${fn}: target mixes numbers and labels (row ${i})`);
    }
  }
  const method: CartMethod = methodOption ?? (targetKind === 'label' ? 'class' : 'anova');
  if (method !== 'class' && method !== 'anova') {
    throw new RangeError(`${fn}: method must be 'class' or 'anova', got ${String(method)}`);
  }
  if (method === 'anova' && targetKind === 'label') {
    throw new TypeError(`${fn}: method 'anova' needs a numeric target, got labels`);
  }

  if (weights !== undefined) {
    if (weights.length !== nInput) {
      throw new RangeError(`${fn}: weights must have ${nInput} values, got ${weights.length}`);
    }
    for (let i = 0; i < nInput; i++) {
      const w = weights[i]!;
      if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`${fn}: weights must be finite and >= 0, got ${w} at row ${i}`);
    }
  }

  const kinds = names.map((name, v) => columnKind(fn, name, cols[v]!));
  // rows kept: target present and at least one feature present (na.rpart)
  const keep = new Uint8Array(nInput);
  let n = 0;
  for (let i = 0; i < nInput; i++) {
    if (isMissingValue(target[i])) continue;
    let any = false;
    for (let v = 0; v < cols.length && !any; v++) any = !isMissingValue(cols[v]![i]);
    if (any) {
      keep[i] = 1;
      n++;
    }
  }
  const allKept = n === nInput;
  const rows = allKept ? null : new Int32Array(n);
  if (rows) for (let i = 0, k = 0; i < nInput; i++) if (keep[i]) rows[k++] = i;

  const features: CartFeatureInfo[] = [];
  const x: ArrayLike<number>[] = [];
  const ncat = new Int32Array(names.length);
  for (let v = 0; v < names.length; v++) {
    const col = cols[v]!;
    if (kinds[v] === 'numeric') {
      features.push({ name: names[v]!, kind: 'numeric', levels: null });
      if (allKept && col instanceof Float64Array) x.push(col);
      else {
        const out = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          const value = col[rows ? rows[k]! : k];
          out[k] = value === null || value === undefined ? NaN : (value as number);
        }
        x.push(out);
      }
    } else {
      const seen = new Map<string, number>();
      for (let i = 0; i < nInput; i++) {
        const value = col[i];
        if (value !== null && value !== undefined) seen.set(String(value), 0);
      }
      const levels = [...seen.keys()].sort(codeUnitCompare);
      levels.forEach((level, code) => seen.set(level, code + 1));
      const out = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const value = col[rows ? rows[k]! : k];
        out[k] = value === null || value === undefined ? NaN : seen.get(String(value))!;
      }
      x.push(out);
      ncat[v] = levels.length;
      features.push({ name: names[v]!, kind: 'categorical', levels });
    }
  }

  const yc = new Uint16Array(method === 'class' ? n : 0);
  const yn = new Float64Array(method === 'anova' ? n : 0);
  let classLevels: string[] | null = null;
  if (method === 'class') {
    const keys = new Map<string, number>();
    const numericKeys = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      const value = target[rows ? rows[k]! : k];
      const key = String(value);
      if (!keys.has(key)) {
        keys.set(key, 0);
        if (typeof value === 'number') numericKeys.set(key, value);
      }
    }
    classLevels =
      targetKind === 'numeric'
        ? [...numericKeys.entries()].sort((a, b) => a[1] - b[1]).map((entry) => entry[0])
        : [...keys.keys()].sort(codeUnitCompare);
    if (classLevels.length > 65535) {
      throw new RangeError(`${fn}: target must have at most 65535 classes, got ${classLevels.length}`);
    }
    classLevels.forEach((level, code) => keys.set(level, code));
    for (let k = 0; k < n; k++) yc[k] = keys.get(String(target[rows ? rows[k]! : k]))!;
  } else {
    for (let k = 0; k < n; k++) yn[k] = Number(target[rows ? rows[k]! : k]);
  }
  let wt: Float64Array | null = null;
  if (weights !== undefined) {
    wt = new Float64Array(n);
    for (let k = 0; k < n; k++) wt[k] = weights[rows ? rows[k]! : k]!;
  }
  return { nInput, n, rows, features, x, ncat, method, classLevels, yc, yn, wt };
}

/** The encoded rows `idx` (indices into `enc`'s kept rows), with the same levels and class labels. */
export function subsetEncoded(enc: EncodedData, idx: Int32Array): EncodedData {
  const m = idx.length;
  const x = enc.x.map((col) => {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = col[idx[i]!]!;
    return out;
  });
  const yc = new Uint16Array(enc.yc.length > 0 ? m : 0);
  const yn = new Float64Array(enc.yn.length > 0 ? m : 0);
  for (let i = 0; i < yc.length; i++) yc[i] = enc.yc[idx[i]!]!;
  for (let i = 0; i < yn.length; i++) yn[i] = enc.yn[idx[i]!]!;
  let wt: Float64Array | null = null;
  if (enc.wt) {
    wt = new Float64Array(m);
    for (let i = 0; i < m; i++) wt[i] = enc.wt[idx[i]!]!;
  }
  return { ...enc, nInput: m, n: m, rows: null, x, yc, yn, wt };
}

