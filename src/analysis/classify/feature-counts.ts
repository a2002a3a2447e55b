/**
 * One document's feature counts in reused typed arrays: the hot path of prediction, where a classifier reads
 * hundreds of thousands of documents one after another.
 *
 * Method: each feature string is looked up once in the vocabulary's index (feature → column); the columns found
 * are sorted (insertion sort for the short lists complaint texts give, the typed array's numeric sort above
 * that) and folded into distinct ascending columns with their counts. The result is exactly countVector's
 * (sparse-vector.ts): the same columns in the same order with the same counts, so a model scores it with the
 * same floating-point operations in the same order. Nothing is allocated per document once the buffers have
 * grown to the longest document seen.
 */

/** Documents with at most this many known features are sorted by insertion (no call, no allocation). */
const INSERTION_SORT_MAX = 48;

/**
 * Reusable buffers holding one document's distinct feature columns (ascending) and their counts.
 * Not re-entrant: one instance per predictor, filled and read before the next document.
 * @example
 * const c = new FeatureCounts();
 * c.count(new Map([['掉线', 0], ['宽带', 1]]), ['宽带', '掉线'], ['宽带', '新词']);
 * [c.size, c.columns[0], c.counts[0], c.columns[1], c.counts[1]] // => [2, 0, 1, 1, 2]
 */
export class FeatureCounts {
  /** Distinct columns, ascending, in [0, size). */
  columns: Int32Array;
  /** counts[i] belongs to columns[i]. */
  counts: Float64Array;
  /** Distinct columns of the current document. */
  size = 0;
  private found: Int32Array;

  constructor(capacity = 64) {
    this.columns = new Int32Array(capacity);
    this.counts = new Float64Array(capacity);
    this.found = new Int32Array(capacity);
  }

  /**
   * Fills the buffers with the counts of `features` and then `moreFeatures` (as if one list) over `index`;
   * features outside the index are ignored.
   * @param index feature → column (Vocabulary.index)
   * @param features the document's features, repeats counted
   * @param moreFeatures more features of the same document (e.g. its phrases after its terms)
   * @returns this
   */
  count(index: ReadonlyMap<string, number>, features: readonly string[], moreFeatures?: readonly string[]): this {
    const total = features.length + (moreFeatures === undefined ? 0 : moreFeatures.length);
    if (total > this.found.length) this.grow(total);
    const found = this.found;
    let n = 0;
    for (let i = 0; i < features.length; i++) {
      const j = index.get(features[i]!);
      if (j !== undefined) found[n++] = j;
    }
    if (moreFeatures !== undefined) {
      for (let i = 0; i < moreFeatures.length; i++) {
        const j = index.get(moreFeatures[i]!);
        if (j !== undefined) found[n++] = j;
      }
    }
    this.fold(n);
    return this;
  }

  /**
   * Fills the buffers from `n` columns already written to `columnsFound` (repeats counted, any order).
   * @internal for predictors that map columns of a shared index to their own
   */
  foldFrom(columnsFound: Int32Array, n: number): this {
    if (n > this.found.length) this.grow(n);
    this.found.set(columnsFound.subarray(0, n));
    this.fold(n);
    return this;
  }

  private fold(n: number): void {
    const found = this.found;
    if (n <= INSERTION_SORT_MAX) {
      for (let i = 1; i < n; i++) {
        const v = found[i]!;
        let j = i - 1;
        while (j >= 0 && found[j]! > v) {
          found[j + 1] = found[j]!;
          j--;
        }
        found[j + 1] = v;
      }
    } else {
      found.subarray(0, n).sort();
    }
    const columns = this.columns;
    const counts = this.counts;
    let k = -1;
    for (let i = 0; i < n; i++) {
      const j = found[i]!;
      if (k < 0 || j !== columns[k]) {
        columns[++k] = j;
        counts[k] = 1;
      } else {
        counts[k]! += 1;
      }
    }
    this.size = k + 1;
  }

  private grow(needed: number): void {
    let capacity = this.found.length * 2;
    while (capacity < needed) capacity *= 2;
    this.found = new Int32Array(capacity);
    this.columns = new Int32Array(capacity);
    this.counts = new Float64Array(capacity);
  }
}
