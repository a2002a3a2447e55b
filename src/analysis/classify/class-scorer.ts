/**
 * Class probabilities of one document from its feature counts, with the model's parameters in typed arrays and
 * no allocation per document: the prediction stage of text-classifier.ts.
 *
 * Method: the same arithmetic as predictNaiveBayes (naive-bayes.ts) and tfIdfVector + predictSoftmax (tf-idf.ts,
 * softmax-regression.ts), operation for operation and in the same order (classes in turn, each a sum over the
 * document's columns ascending, then softmaxInPlace's max-shifted exponentials), so the probabilities are the
 * same numbers to the last bit; only the storage differs (Float64Array tables built once instead of JSON
 * arrays, and reused buffers instead of a SparseVector and a score array per call).
 * - naive Bayes: log P(c) + Σ_j count_j · log P(w_j | c)
 * - logistic: x_j = (1 + ln count_j) · idf_j scaled to unit length; b_c + Σ_j W_cj · x_j
 */
import type { FeatureCounts } from './feature-counts.js';
import { softmaxInPlace, type NaiveBayesModel } from './naive-bayes.js';
import type { SoftmaxModel } from './softmax-regression.js';
import type { TextClassifierModel, TextPrediction } from './text-classifier.js';
import { inverseDocumentFrequency } from './tf-idf.js';
import { vocabularyOf } from './vocabulary.js';

/** Writes the class probabilities of a document into `out` (length: the number of classes). */
export type ClassScorer = (document: FeatureCounts, out: Float64Array) => void;

/**
 * A scorer for a fitted naive Bayes model.
 * @param model the model (its tables are copied into typed arrays once)
 * @example naiveBayesScorer(model)(new FeatureCounts().count(index, ['宽带']), out) // out => [0.9, 0.1]
 */
export function naiveBayesScorer(model: NaiveBayesModel): ClassScorer {
  const k = model.classes.length;
  const features = model.features;
  const logPrior = Float64Array.from(model.logPrior);
  const logLikelihood = Float64Array.from(model.logLikelihood);
  return (document, out) => {
    const columns = document.columns;
    const counts = document.counts;
    const n = document.size;
    for (let c = 0; c < k; c++) {
      let s = logPrior[c]!;
      const row = c * features;
      for (let t = 0; t < n; t++) {
        const j = columns[t]!;
        if (j < features) s += counts[t]! * logLikelihood[row + j]!;
      }
      out[c] = s;
    }
    softmaxInPlace(out);
  };
}

/**
 * A scorer for a fitted softmax regression on TF-IDF features.
 * @param model the model (weights copied into a typed array once)
 * @param idf inverseDocumentFrequency of the vocabulary
 * @example softmaxScorer(model, idf)(new FeatureCounts().count(index, ['宽带']), out) // out => [0.8, 0.2]
 */
export function softmaxScorer(model: SoftmaxModel, idf: Float64Array): ClassScorer {
  const k = model.classes.length;
  const features = model.features;
  const intercepts = Float64Array.from(model.intercepts);
  const weights = Float64Array.from(model.weights);
  let values = new Float64Array(64);
  return (document, out) => {
    const columns = document.columns;
    const counts = document.counts;
    const n = document.size;
    if (values.length < n) values = new Float64Array(document.columns.length);
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const count = counts[i]!;
      const w = count > 0 ? (1 + Math.log(count)) * idf[columns[i]!]! : 0;
      values[i] = w;
      norm += w * w;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < n; i++) values[i]! *= scale;
    }
    for (let c = 0; c < k; c++) {
      let v = intercepts[c]!;
      const row = c * features;
      for (let t = 0; t < n; t++) {
        const j = columns[t]!;
        if (j < features) v += weights[row + j]! * values[t]!;
      }
      out[c] = v;
    }
    softmaxInPlace(out);
  };
}

/** What predicting with a stored model needs: its vocabulary's index, its scorer, its number of classes. */
export interface ModelScorer {
  readonly index: ReadonlyMap<string, number>;
  readonly score: ClassScorer;
  readonly classCount: number;
}

/**
 * The index and scorer of a stored model.
 * @param model a fitted (or stored and parsed) model
 * @param caller the function named in errors
 * @throws TypeError when the model lacks the part its method needs or its format is unknown
 */
export function modelScorer(model: TextClassifierModel, caller: string): ModelScorer {
  if (model.format !== 'servq-text-classifier/1') throw new TypeError(`${caller}: unknown model format '${String(model.format)}'`);
  const { index } = vocabularyOf(model.features, model.documentFrequency, model.documents);
  if (model.method === 'naive_bayes') {
    const nb = model.naiveBayes;
    if (!nb) throw new TypeError(`${caller}: a naive_bayes model without its naiveBayes part`);
    return { index, score: naiveBayesScorer(nb), classCount: nb.classes.length };
  }
  const softmax = model.softmax;
  if (!softmax) throw new TypeError(`${caller}: a logistic model without its softmax part`);
  return { index, score: softmaxScorer(softmax, inverseDocumentFrequency(model.documentFrequency, model.documents)), classCount: softmax.classes.length };
}

/**
 * The prediction from class probabilities: the most probable class (ties: the first), its probability, and a
 * copy of the probabilities.
 * @example predictionOf(['a', 'b'], Float64Array.of(0.25, 0.75)) // => { label: 'b', confidence: 0.75, probabilities: [0.25, 0.75] }
 */
export function predictionOf(classes: readonly string[], scores: Float64Array): TextPrediction {
  const k = scores.length;
  const probabilities = new Array<number>(k);
  let best = 0;
  for (let c = 0; c < k; c++) {
    probabilities[c] = scores[c]!;
    if (scores[c]! > scores[best]!) best = c;
  }
  return { label: classes[best]!, confidence: scores[best]!, probabilities };
}
