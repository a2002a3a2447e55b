/**
 * Stage 1 of `controlChart`: validate the data and subgroup sizes and compute the plotted statistic per point.
 */

import type { ControlChartType } from './types.js';

/** Per-point statistics, with NaN marking missing points (converted to null only in the final result). */
export interface ChartPoints {
  /** Plotted statistic: d/n (p), d (np), c (c), c/n (u), x (xmr); NaN when missing. */
  readonly statistics: Float64Array;
  /** Subgroup size per point (1 for c and xmr). */
  readonly sizes: Float64Array;
  /** Non-missing points. */
  readonly n: number;
  readonly missingCount: number;
  /** Points missing because their size is 0. */
  readonly zeroSizeCount: number;
  /** Σ of counts (p, np, c, u) or values (xmr) over non-missing points. */
  readonly totalCount: number;
  /** Σ of sizes over non-missing points. */
  readonly totalSize: number;
}

/**
 * Validates `data` and `sizes` for a chart of `type` and computes the plotted statistics.
 * @throws {RangeError|TypeError} for invalid counts, sizes, or sizes given where not used.
 */
export function chartPoints(
  data: ArrayLike<number | null>,
  type: ControlChartType,
  sizesOption: ArrayLike<number> | number | undefined,
): ChartPoints {
  const len = data.length;
  const usesSizes = type === 'p' || type === 'np' || type === 'u';
  if (!usesSizes && sizesOption !== undefined) {
    throw new TypeError(`controlChart: sizes are not used by a ${type} chart; leave them out`);
  }
  if (usesSizes && sizesOption === undefined) {
    throw new TypeError(`controlChart: a ${type} chart needs sizes (one per point, or one number)`);
  }
  if (typeof sizesOption !== 'number' && sizesOption !== undefined && sizesOption.length !== len) {
    throw new RangeError(`controlChart: sizes must have one entry per point, got ${sizesOption.length} sizes for ${len} points`);
  }
  const statistics = new Float64Array(len);
  const sizes = new Float64Array(len);
  let n = 0;
  let zeroSizeCount = 0;
  let totalCount = 0;
  let totalSize = 0;
  let commonSize = NaN;
  for (let i = 0; i < len; i++) {
    const size = sizesOption === undefined ? 1 : typeof sizesOption === 'number' ? sizesOption : (sizesOption[i] as number);
    if (usesSizes) checkSize(type, size, i);
    sizes[i] = size;
    const v = data[i];
    if (v == null || v !== v) {
      statistics[i] = NaN;
      continue;
    }
    if (!Number.isFinite(v)) throw new RangeError(`controlChart: data[${i}] must be finite, got ${v}`);
    if (type !== 'xmr' && v < 0) {
      throw new RangeError(`controlChart: data[${i}] must be a count ≥ 0 for a ${type} chart, got ${v}`);
    }
    if ((type === 'p' || type === 'np') && (!Number.isInteger(v) || v > size)) {
      throw new RangeError(`controlChart: data[${i}] must be an integer in 0..sizes[${i}] for a ${type} chart, got ${v} with size ${size}`);
    }
    if (size === 0) {
      zeroSizeCount++;
      statistics[i] = NaN;
      continue;
    }
    if (type === 'np') {
      if (commonSize === commonSize && size !== commonSize) {
        throw new RangeError(`controlChart: an np chart needs equal sizes (use a p chart), got ${commonSize} and ${size}`);
      }
      commonSize = size;
    }
    statistics[i] = type === 'p' || type === 'u' ? v / size : v;
    n++;
    totalCount += v;
    totalSize += size;
  }
  return { statistics, sizes, n, missingCount: len - n, zeroSizeCount, totalCount, totalSize };
}

function checkSize(type: ControlChartType, size: number, i: number): void {
  if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) {
    throw new RangeError(`controlChart: sizes[${i}] must be a finite number ≥ 0, got ${String(size)}`);
  }
  if ((type === 'p' || type === 'np') && !Number.isInteger(size)) {
    throw new RangeError(`controlChart: sizes[${i}] must be an integer (items inspected) for a ${type} chart, got ${size}`);
  }
}
