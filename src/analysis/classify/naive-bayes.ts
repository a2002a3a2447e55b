/**
 * Multinomial naive Bayes over feature counts: each class a distribution over the vocabulary, a document scored
 * by how likely its words are under each.
 *
 * Method: McCallum & Nigam (1998), "A comparison of event models for naive Bayes text classification", AAAI
 * workshop on learning for text categorization; Manning, Raghavan & Schütze (2008) §13.2. Class prior
 * P(c) = n_c / n (documents); word probabilities with additive (Lidstone) smoothing
 * P(w | c) = (N_cw + α) / (N_c + α·V), N_cw the count of w in class c's documents, N_c their total, V the
 * vocabulary size; log P(c | d) ∝ log P(c) + Σ_w count(w, d) · log P(w | c), normalised to probabilities with
 * log-sum-exp. Agrees with scikit-learn 1.2 `MultinomialNB(alpha=α, fit_prior=True).predict_proba`.
 * Optional per-document weights (class balancing) scale a document's counts and its share of the prior.
 */
import type { SparseVector } from './sparse-vector.js';

/** A fitted model (plain arrays: it is stored as JSON). */
export interface NaiveBayesModel {
  readonly classes: readonly string[];
  /** log P(c), one per class. */
  readonly logPrior: readonly number[];
  /** log P(w | c), row-major: classes × features. */
  readonly logLikelihood: readonly number[];
  readonly features: number;
}

/** Options of {@link fitNaiveBayes}. */
export interface NaiveBayesOptions {
  /** Additive smoothing α > 0; default 1 (Laplace). */
  readonly alpha?: number;
  /** A weight per document (default 1 each). */
  readonly weights?: readonly number[];
}

/**
 * Fits multinomial naive Bayes.
 * @param documents feature counts per document
 * @param labels class of each document
 * @param features vocabulary size V
 * @param options smoothing α, document weights
 * @throws RangeError when lengths differ, alpha ≤ 0, an index is outside 0..V−1, or there are no documents
 * @example
 * const d = (i: number[], v: number[]) => ({ indices: Int32Array.from(i), values: Float64Array.from(v) });
 * const m = fitNaiveBayes([d([0], [2]), d([1], [1])], ['a', 'b'], 2);
 * Math.exp(m.logLikelihood[0]!) // => 0.75
 */
export function fitNaiveBayes(documents: readonly SparseVector[], labels: readonly string[], features: number, options: NaiveBayesOptions = {}): NaiveBayesModel {
  const alpha = options.alpha ?? 1;
  if (documents.length !== labels.length) throw new RangeError(`fitNaiveBayes: ${documents.length} documents but ${labels.length} labels`);
  if (documents.length === 0) throw new RangeError('fitNaiveBayes: no documents');
  if (!(alpha > 0)) throw new RangeError(`fitNaiveBayes: alpha must be > 0, got ${alpha}`);
  const weights = options.weights;
  if (weights && weights.length !== documents.length) throw new RangeError(`fitNaiveBayes: ${documents.length} documents but ${weights.length} weights`);
  const classes = [...new Set(labels)].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const k = classes.length;
  const counts = new Float64Array(k * features);
  const docWeight = new Float64Array(k);
  documents.forEach((doc, i) => {
    const c = classIndex.get(labels[i]!)!;
    const w = weights ? weights[i]! : 1;
    docWeight[c]! += w;
    for (let t = 0; t < doc.indices.length; t++) {
      const j = doc.indices[t]!;
      if (j < 0 || j >= features) throw new RangeError(`fitNaiveBayes: feature index ${j} outside 0..${features - 1}`);
      counts[c * features + j]! += w * doc.values[t]!;
    }
  });
  const totalWeight = docWeight.reduce((a, b) => a + b, 0);
  const logPrior = classes.map((_, c) => Math.log(docWeight[c]! / totalWeight));
  const logLikelihood = new Array<number>(k * features);
  for (let c = 0; c < k; c++) {
    let total = 0;
    for (let j = 0; j < features; j++) total += counts[c * features + j]!;
    const denominator = Math.log(total + alpha * features);
    for (let j = 0; j < features; j++) logLikelihood[c * features + j] = Math.log(counts[c * features + j]! + alpha) - denominator;
  }
  return { classes, logPrior, logLikelihood, features };
}

/**
 * Class probabilities of one document, in the order of `model.classes`.
 * @param model a fitted model
 * @param document feature counts (indices outside the model are ignored)
 * @example
 * const d = (i: number[], v: number[]) => ({ indices: Int32Array.from(i), values: Float64Array.from(v) });
 * const m = fitNaiveBayes([d([0], [2]), d([1], [1])], ['a', 'b'], 2);
 * predictNaiveBayes(m, d([0], [1])) // => [0.6, 0.4]
 */
export function predictNaiveBayes(model: NaiveBayesModel, document: SparseVector): number[] {
  const k = model.classes.length;
  const scores = model.logPrior.slice();
  for (let c = 0; c < k; c++) {
    let s = scores[c]!;
    const row = c * model.features;
    for (let t = 0; t < document.indices.length; t++) {
      const j = document.indices[t]!;
      if (j < model.features) s += document.values[t]! * model.logLikelihood[row + j]!;
    }
    scores[c] = s;
  }
  return softmaxInPlace(scores);
}

/** exp(s − max) / Σ exp(s − max): probabilities from log scores without overflow (an array or a typed array). */
export function softmaxInPlace<T extends number[] | Float64Array>(scores: T): T {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp(scores[c]! - max);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
  return scores;
}
