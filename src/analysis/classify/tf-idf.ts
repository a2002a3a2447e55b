/**
 * TF-IDF weights of a document: how often it uses a feature, discounted by how common the feature is.
 *
 * Method: Salton & Buckley (1988), "Term-weighting approaches in automatic text retrieval", Information
 * Processing & Management 24(5); in the variant of scikit-learn's TfidfTransformer(smooth_idf=True,
 * sublinear_tf=True, norm='l2'): idf(t) = ln((1 + n) / (1 + df(t))) + 1 (as if one extra document held every
 * feature, so no division by zero and no feature weighs 0), tf = 1 + ln(count) (a word said five times is not
 * five times the evidence), and each document vector scaled to unit Euclidean length (long descriptions do not
 * outweigh short ones).
 */
import type { SparseVector } from './sparse-vector.js';

/**
 * Smoothed inverse document frequencies.
 * @param documentFrequency documents holding each feature
 * @param documents documents counted
 * @throws RangeError when a frequency is outside 0..documents
 * @example inverseDocumentFrequency([1, 3], 3) // => [1.6931471805599454, 1]
 */
export function inverseDocumentFrequency(documentFrequency: readonly number[], documents: number): Float64Array {
  const idf = new Float64Array(documentFrequency.length);
  documentFrequency.forEach((df, j) => {
    if (!(df >= 0 && df <= documents)) throw new RangeError(`inverseDocumentFrequency: a document frequency must be in 0..${documents}, got ${df}`);
    idf[j] = Math.log((1 + documents) / (1 + df)) + 1;
  });
  return idf;
}

/**
 * The unit-length TF-IDF vector of a count vector (all zeros stays all zeros).
 * @param counts feature counts of one document
 * @param idf inverseDocumentFrequency of the vocabulary
 * @example tfIdfVector({ indices: Int32Array.of(0, 1), values: Float64Array.of(1, 1) }, Float64Array.of(1, 1)).values // => Float64Array [0.7071067811865475, 0.7071067811865475]
 */
export function tfIdfVector(counts: SparseVector, idf: Float64Array): SparseVector {
  const values = new Float64Array(counts.values.length);
  let norm = 0;
  for (let i = 0; i < values.length; i++) {
    const c = counts.values[i]!;
    const w = c > 0 ? (1 + Math.log(c)) * idf[counts.indices[i]!]! : 0;
    values[i] = w;
    norm += w * w;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < values.length; i++) values[i]! *= scale;
  }
  return { indices: counts.indices, values };
}
