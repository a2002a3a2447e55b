/**
 * A document as a sparse vector over a vocabulary: the indices of the features it has (ascending) and a value
 * for each (a count, or a TF-IDF weight).
 */

/** Indices ascending, no repeats; `values[i]` belongs to `indices[i]`. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/**
 * Counts of the vocabulary's features in one document (features outside the vocabulary are ignored).
 * @param features the document's features, repeats counted
 * @param index feature → column (Vocabulary.index)
 * @example countVector(['宽带', '掉线', '宽带', '新词'], new Map([['掉线', 0], ['宽带', 1]])) // => { indices: Int32Array [0, 1], values: Float64Array [1, 2] }
 */
export function countVector(features: readonly string[], index: ReadonlyMap<string, number>): SparseVector {
  // Plain arrays and one numeric sort: this runs for every document a model reads (a Map of counts and typed
  // arrays built from iterators cost ~4× more per call).
  const found: number[] = [];
  for (const f of features) {
    const j = index.get(f);
    if (j !== undefined) found.push(j);
  }
  if (found.length > 1) found.sort((a, b) => a - b);
  let distinct = 0;
  for (let i = 0; i < found.length; i++) if (i === 0 || found[i] !== found[i - 1]) distinct++;
  const indices = new Int32Array(distinct);
  const values = new Float64Array(distinct);
  let k = -1;
  for (let i = 0; i < found.length; i++) {
    if (i === 0 || found[i] !== found[i - 1]) indices[++k] = found[i]!;
    values[k]! += 1;
  }
  return { indices, values };
}
