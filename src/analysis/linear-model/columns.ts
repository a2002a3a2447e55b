/**
 * Input columns for the regression models: validation with the caller's function name in every message,
 * listwise marking of missing rows (NaN, null, undefined), and compaction to the complete rows without copying
 * typed arrays that need none. Typed inputs are never modified.
 */

/**
 * Checks that `values` is an array-like of length n.
 *
 * @param fn the public function's name, for the message.
 * @param name the column's name, for the message.
 * @param values the column.
 * @param n the expected length.
 * @throws TypeError when `values` is not array-like; RangeError when its length differs.
 * @example
 * checkColumnLength('keyDrivers', "driver 'wait'", [1, 2], 3) // => throws RangeError "keyDrivers: driver 'wait' must have 3 values …"
 */
export function checkColumnLength(fn: string, name: string, values: unknown, n: number): void {
  if (values === null || typeof values !== 'object' || typeof (values as ArrayLike<unknown>).length !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an array, got ${values === null ? 'null' : typeof values}`);
  }
  const length = (values as ArrayLike<unknown>).length;
  if (length !== n) throw new RangeError(`${fn}: ${name} must have ${n} values (as the outcome), got ${length}`);
}

function infinite(fn: string, name: string, v: number, i: number): RangeError {
  return new RangeError(`${fn}: ${name} must contain finite numbers (NaN/null for missing), got ${v} at index ${i}`);
}

/**
 * Validates a numeric column and marks its missing rows (NaN, null, undefined) with 1 in `missing`.
 * Float64Array columns take a fast path with no per-value type checks.
 *
 * @param fn the public function's name, for messages.
 * @param name the column's name, for messages.
 * @param values the column, length `missing.length`.
 * @param missing per-row flags, updated in place.
 * @throws TypeError for a non-number value; RangeError for ±Infinity.
 * @example
 * markMissingNumbers('f', 'x', [1, NaN, null], flags) // flags => [0, 1, 1]
 */
export function markMissingNumbers(fn: string, name: string, values: ArrayLike<number | null>, missing: Uint8Array): void {
  const n = missing.length;
  if (values instanceof Float64Array) {
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (v !== v) missing[i] = 1;
      else if (v === Infinity || v === -Infinity) throw infinite(fn, name, v, i);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || v !== v) {
      missing[i] = 1;
      continue;
    }
    if (typeof v !== 'number') throw new TypeError(`${fn}: ${name} must contain numbers, got ${typeof v} at index ${i}`);
    if (v === Infinity || v === -Infinity) throw infinite(fn, name, v, i);
  }
}

/**
 * The values of the complete rows (missing[i] = 0) as a Float64Array: written into `out` at `offset` when given,
 * else the input itself when it is a Float64Array with nothing missing, else a new array.
 *
 * @param values a column already checked by {@link markMissingNumbers}.
 * @param missing per-row flags.
 * @param n number of complete rows.
 * @param out optional destination with room for n values from `offset`.
 * @param offset start in `out`; default 0.
 * @returns the n complete values.
 * @example
 * compactNumbers([1, NaN, 3], Uint8Array.of(0, 1, 0), 2) // => Float64Array [1, 3]
 */
export function compactNumbers(values: ArrayLike<number | null>, missing: Uint8Array, n: number, out?: Float64Array, offset = 0): Float64Array {
  const complete = n === values.length;
  if (out === undefined) {
    if (complete && values instanceof Float64Array) return values;
    out = new Float64Array(n);
  }
  if (complete) {
    if (values instanceof Float64Array) out.set(values, offset);
    else for (let i = 0; i < n; i++) out[offset + i] = values[i] as number;
    return offset === 0 && out.length === n ? out : out.subarray(offset, offset + n);
  }
  let k = offset;
  for (let i = 0; i < values.length; i++) if (missing[i] === 0) out[k++] = values[i] as number;
  return offset === 0 && out.length === n ? out : out.subarray(offset, offset + n);
}

/**
 * Codes a flag column (true/1, false/0; null/undefined/NaN missing) as 0/1 bytes, marking missing rows. A
 * Uint8Array of 0/1 is returned as it is (never modified); anything else is copied.
 *
 * @param fn the public function's name, for messages.
 * @param name the column's name, for messages.
 * @param values the flags, length `missing.length`.
 * @param missing per-row flags, updated in place.
 * @returns 0/1 per row (0 where missing).
 * @throws TypeError for a value other than a boolean, 0, 1 or missing.
 * @example
 * codeFlags('f', 'post', [true, false, null], flags) // => Uint8Array [1, 0, 0], flags => [0, 0, 1]
 */
export function codeFlags(fn: string, name: string, values: ArrayLike<boolean | number | null>, missing: Uint8Array): Uint8Array {
  const n = missing.length;
  if (values instanceof Uint8Array) {
    let valid = true;
    for (let i = 0; i < n; i++) if ((values[i] as number) > 1) valid = false;
    if (valid) return values;
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === true || v === 1) out[i] = 1;
    else if (v === false || v === 0) out[i] = 0;
    else if (v === null || v === undefined || (typeof v === 'number' && v !== v)) missing[i] = 1;
    else throw new TypeError(`${fn}: ${name} must contain booleans (or 0/1, null for missing), got ${String(v)} at index ${i}`);
  }
  return out;
}

/** Largest label for which clusters are coded through a lookup table instead of a Map. */
const DIRECT_CLUSTER_LIMIT = 1 << 24;

/**
 * Codes cluster labels 0..G−1 in order of appearance among the complete rows, after marking rows with a missing
 * label (null, undefined, NaN). Call it last, once every other column has marked its missing rows, so that G
 * counts only the clusters actually used. Labels are compared with SameValueZero (1 and '1' differ); all-integer
 * labels in 0..2^24 go through a typed lookup table, anything else through a Map.
 *
 * @param fn the public function's name, for messages.
 * @param labels the labels, length `missing.length`.
 * @param missing per-row flags, updated in place.
 * @param out per-row cluster index (written for complete rows only).
 * @returns G, the number of clusters among the complete rows.
 * @throws TypeError for a label that is neither a string nor a number.
 * @example
 * codeClusters('f', ['b', 'a', 'b'], new Uint8Array(3), out) // => 2, out => [0, 1, 0]
 */
export function codeClusters(fn: string, labels: ArrayLike<string | number | null>, missing: Uint8Array, out: Int32Array): number {
  const total = missing.length;
  let largest = -1;
  let direct = true;
  for (let i = 0; i < total; i++) {
    const v = labels[i];
    if (v === null || v === undefined || (typeof v === 'number' && v !== v)) {
      missing[i] = 1;
      continue;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw new TypeError(`${fn}: cluster must contain strings or numbers, got ${typeof v} at index ${i}`);
    }
    if (direct && typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < DIRECT_CLUSTER_LIMIT) {
      if (v > largest) largest = v;
    } else direct = false;
  }
  if (direct) {
    let count = 0;
    const table = new Int32Array(largest + 1).fill(-1);
    for (let i = 0; i < total; i++) {
      if (missing[i] === 1) continue;
      const label = labels[i] as number;
      let id = table[label] as number;
      if (id < 0) {
        id = count++;
        table[label] = id;
      }
      out[i] = id;
    }
    return count;
  }
  const ids = new Map<string | number, number>();
  for (let i = 0; i < total; i++) {
    if (missing[i] === 1) continue;
    const label = labels[i] as string | number;
    let id = ids.get(label);
    if (id === undefined) {
      id = ids.size;
      ids.set(label, id);
    }
    out[i] = id;
  }
  return ids.size;
}

/**
 * The entries of the complete rows: the array itself when nothing is missing, else a compacted copy.
 *
 * @param values per-row values.
 * @param missing per-row flags.
 * @param n number of complete rows.
 * @returns n entries.
 * @example
 * keepRows(Uint8Array.of(1, 0, 1), Uint8Array.of(0, 1, 0), 2) // => Uint8Array [1, 1]
 */
export function keepRows<T extends Float64Array | Uint8Array | Int32Array>(values: T, missing: Uint8Array, n: number): T {
  if (n === values.length) return values;
  const out = values.slice(0, n) as T;
  let k = 0;
  for (let i = 0; i < values.length; i++) if (missing[i] === 0) out[k++] = values[i] as number;
  return out;
}
