/**
 * Average ranks with tie groups, shared by the rank tests (Mann–Whitney, Spearman, Kendall).
 *
 * The sort is a stable LSD radix sort on the IEEE-754 bit pattern (four 16-bit passes, passes whose digit is the
 * same for every value skipped), so ranking 100k values costs a few linear passes instead of a comparator sort;
 * short inputs use the engine's stable comparator sort.
 */

/** Average ranks of a sample and the sizes of its tie groups. */
export interface AverageRanks {
  /** Rank of each value in input order, 1-based; tied values share the mean of the ranks they span. */
  readonly ranks: Float64Array;
  /** Indices of the values in ascending order (stable: tied values keep their input order). */
  readonly order: Uint32Array;
  /** Size of every tie group with at least 2 members, in ascending order of value. Empty when no ties. */
  readonly tieSizes: Int32Array;
}

/** Below this length the comparator sort beats the radix passes and their 64k-bucket histogram. */
const RADIX_MIN_LENGTH = 512;
const histogram = new Uint32Array(65536);

/**
 * Stable ascending sort order of numbers (−0 and +0 count as equal; ±Infinity sort to the ends).
 *
 * Method: LSD radix sort with 16-bit digits on the order-preserving unsigned image of the float bits.
 *
 * @param values numbers without NaN (any unit).
 * @returns indices into `values`, ascending by value, ties in input order.
 * @throws {RangeError} when a value is NaN.
 * @example
 * Array.from(sortOrder([3, 1, 2, 1])) // => [1, 3, 2, 0]
 */
export function sortOrder(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) throw new RangeError(`sortOrder: values must not contain NaN, got NaN at index ${i}`);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < RADIX_MIN_LENGTH) {
    // Array.prototype.sort is stable (ES2019), so ties keep their input order as in the radix path.
    const boxed = Array.from(order);
    boxed.sort((a, b) => compareValues(values[a] as number, values[b] as number));
    order.set(boxed);
    return order;
  }
  return radixOrder(values, order);
}

function compareValues(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function radixOrder(values: ArrayLike<number>, start: Uint32Array): Uint32Array {
  const n = values.length;
  const floats = new Float64Array(n);
  // Adding 0 turns −0 into +0, so the two zeros share one bit pattern and one tie group.
  for (let i = 0; i < n; i++) floats[i] = (values[i] as number) + 0;
  const words = new Uint32Array(floats.buffer);
  // Order-preserving map of a double to an unsigned 64-bit key (little-endian: word 2i is low, 2i+1 high):
  // negatives have every bit flipped, non-negatives only the sign bit.
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1] as number;
    if (hi & 0x80000000) {
      words[2 * i + 1] = ~hi >>> 0;
      words[2 * i] = ~(words[2 * i] as number) >>> 0;
    } else {
      words[2 * i + 1] = (hi | 0x80000000) >>> 0;
    }
  }
  let order: Uint32Array = start;
  let scratch: Uint32Array = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    histogram.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((words[2 * i + word] as number) >>> shift) & 0xffff;
      histogram[digit] = (histogram[digit] as number) + 1;
    }
    if (histogram[((words[word] as number) >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const count = histogram[b] as number;
      histogram[b] = sum;
      sum += count;
    }
    for (let i = 0; i < n; i++) {
      const k = order[i] as number;
      const digit = ((words[2 * k + word] as number) >>> shift) & 0xffff;
      const at = histogram[digit] as number;
      histogram[digit] = at + 1;
      scratch[at] = k;
    }
    const swap = order;
    order = scratch;
    scratch = swap;
  }
  return order;
}

/**
 * Average ranks (R `rank(x, ties.method = "average")`) and tie-group sizes.
 *
 * Method: one stable sort, then a scan over runs of equal values; a run covering sorted positions i+1..j gets rank
 * (i + 1 + j) / 2. Missing values are not accepted: callers drop them first (each test documents how).
 *
 * @param values numbers without NaN; ±Infinity rank at the ends.
 * @returns ranks in input order, the sort order and the tie-group sizes.
 * @throws {RangeError} when a value is NaN.
 * @example
 * Array.from(averageRanks([10, 20, 10, 30]).ranks) // => [1.5, 3, 1.5, 4]
 * Array.from(averageRanks([10, 20, 10, 30]).tieSizes) // => [2]
 */
export function averageRanks(values: ArrayLike<number>): AverageRanks {
  const n = values.length;
  let order: Uint32Array;
  try {
    order = sortOrder(values);
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(error.message.replace(/^sortOrder/, 'averageRanks'));
    throw error;
  }
  const ranks = new Float64Array(n);
  const ties: number[] = [];
  let i = 0;
  while (i < n) {
    const value = values[order[i] as number] as number;
    let j = i + 1;
    while (j < n && values[order[j] as number] === value) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k] as number] = rank;
    if (j - i > 1) ties.push(j - i);
    i = j;
  }
  return { ranks, order, tieSizes: Int32Array.from(ties) };
}
