/**
 * Options of {@link cart} resolved to rpart.control values (defaults, validation) and the cross-validation folds.
 */
import { randomFolds } from './folds.js';
import type { EncodedData } from './prepare.js';
import type { CartControl, CartOptions } from './types.js';

function integerOption(fn: string, name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new RangeError(`${fn}: ${name} must be an integer ${range}, got ${String(value)}`);
  }
  return value;
}

/** Resolves options to rpart.control values, validating them. */
export function resolveControl(fn: string, options: CartOptions): CartControl {
  const minSplit =
    options.minSplit !== undefined
      ? integerOption(fn, 'minSplit', options.minSplit, 1)
      : options.minBucket !== undefined
        ? 3 * integerOption(fn, 'minBucket', options.minBucket, 1)
        : 20;
  const minBucket =
    options.minBucket !== undefined ? integerOption(fn, 'minBucket', options.minBucket, 1) : Math.max(1, Math.round(minSplit / 3));
  const cp = options.cp ?? 0.01;
  if (typeof cp !== 'number' || !Number.isFinite(cp)) throw new RangeError(`${fn}: cp must be a finite number, got ${String(cp)}`);
  const maxDepth = integerOption(fn, 'maxDepth', options.maxDepth ?? 30, 1, 30);
  const xval = integerOption(fn, 'xval', options.xval ?? 10, 0);
  const maxSurrogate = integerOption(fn, 'maxSurrogate', options.maxSurrogate ?? 5, 0);
  const useSurrogate = options.useSurrogate ?? 2;
  if (useSurrogate !== 0 && useSurrogate !== 1 && useSurrogate !== 2) {
    throw new RangeError(`${fn}: useSurrogate must be 0, 1 or 2, got ${String(useSurrogate)}`);
  }
  const surrogateStyle = options.surrogateStyle ?? 0;
  if (surrogateStyle !== 0 && surrogateStyle !== 1) {
    throw new RangeError(`${fn}: surrogateStyle must be 0 or 1, got ${String(surrogateStyle)}`);
  }
  const split = options.split ?? 'gini';
  if (split !== 'gini' && split !== 'information') {
    throw new RangeError(`${fn}: split must be 'gini' or 'information', got ${String(split)}`);
  }
  return { minSplit, minBucket, cp, maxDepth, xval, maxSurrogate, useSurrogate, surrogateStyle, split };
}

/** Kept-row folds and their count, or null when no cross-validation is asked for. */
export function resolveFolds(fn: string, options: CartOptions, control: CartControl, enc: EncodedData): { group: Int32Array; k: number } | null {
  if (options.folds !== undefined) {
    const folds = options.folds;
    if (folds.length !== enc.nInput) throw new RangeError(`${fn}: folds must have ${enc.nInput} values, got ${folds.length}`);
    const group = new Int32Array(enc.n);
    let k = 0;
    for (let i = 0; i < enc.n; i++) {
      const f = folds[enc.rows ? enc.rows[i]! : i]!;
      if (!Number.isInteger(f) || f < 1) throw new RangeError(`${fn}: folds must be integers >= 1, got ${f}`);
      group[i] = f;
      if (f > k) k = f;
    }
    return k > 1 ? { group, k } : null;
  }
  if (control.xval <= 1) return null;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`${fn}: seed must be an integer, got ${seed}`);
  return { group: randomFolds(enc.n, control.xval, seed), k: control.xval };
}
