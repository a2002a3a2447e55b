/**
 * A text classifier learned from labelled documents: vocabulary, weighting and model in one JSON-storable
 * object, and its prediction with a confidence.
 *
 * Stages:
 *   1. vocabulary.ts: terms and phrases in ≥ minDocumentFrequency training documents (at most maxFeatures)
 *   2. sparse-vector.ts: each document's feature counts
 *   3. by method:
 *      - `naive_bayes`: multinomial naive Bayes on the counts (naive-bayes.ts)
 *      - `logistic`: TF-IDF (tf-idf.ts: sublinear tf, smoothed idf, unit length), then L2 softmax regression
 *        (softmax-regression.ts)
 *      With `balanced`, each document weighs n / (k · n_c) (King & Zeng 2001; scikit-learn's
 *      class_weight='balanced'), so a rare class is not drowned by a common one — what macro-F1 rewards.
 *   4. prediction (feature-counts.ts, class-scorer.ts; several models at once: compile-text-classifiers.ts):
 *      class probabilities; the label is the most probable class (ties: the first in code-unit order) and the
 *      confidence its probability. A document with no known feature gets the model's prior (naive Bayes) or
 *      intercepts (logistic): a low confidence, as it should be.
 */
import { insufficient, type InsufficientResult } from '../result.js';
import { modelScorer, predictionOf } from './class-scorer.js';
import { FeatureCounts } from './feature-counts.js';
import { fitNaiveBayes, type NaiveBayesModel } from './naive-bayes.js';
import { fitSoftmaxRegression, type SoftmaxModel } from './softmax-regression.js';
import { countVector } from './sparse-vector.js';
import { inverseDocumentFrequency, tfIdfVector } from './tf-idf.js';
import { buildVocabulary } from './vocabulary.js';

/** The learners, with the sentence a report prints for each. */
export const TEXT_CLASSIFIER_METHODS = {
  naive_bayes: 'multinomial naive Bayes on term and phrase counts (additive smoothing α)',
  logistic: 'multinomial logistic regression (L2, C) on TF-IDF of terms and phrases (sublinear tf, smoothed idf, unit length)',
} as const;
export type TextClassifierMethod = keyof typeof TEXT_CLASSIFIER_METHODS;

/** Options of {@link fitTextClassifier}. */
export interface TextClassifierOptions {
  readonly method: TextClassifierMethod;
  /** Default 2. */
  readonly minDocumentFrequency?: number;
  /** Default 50 000. */
  readonly maxFeatures?: number;
  /** naive Bayes smoothing; default 0.5. */
  readonly alpha?: number;
  /** logistic inverse penalty; default 10. */
  readonly c?: number;
  /** Weight documents so that every class weighs the same in total; default true. */
  readonly balanced?: boolean;
}

/** Everything a prediction needs, as plain JSON (stored in the model table). */
export interface TextClassifierModel {
  readonly format: 'servq-text-classifier/1';
  readonly method: TextClassifierMethod;
  readonly classes: readonly string[];
  /** Training documents per class, in the order of `classes`. */
  readonly classCounts: readonly number[];
  readonly features: readonly string[];
  readonly documentFrequency: readonly number[];
  readonly documents: number;
  readonly parameters: { readonly minDocumentFrequency: number; readonly maxFeatures: number; readonly alpha: number; readonly c: number; readonly balanced: boolean };
  readonly naiveBayes?: NaiveBayesModel;
  readonly softmax?: SoftmaxModel;
}

/** A fitted classifier. */
export interface TextClassifierFit {
  readonly status: 'ok';
  readonly method: TextClassifierMethod;
  readonly model: TextClassifierModel;
}

/** One document's prediction. */
export interface TextPrediction {
  readonly label: string;
  /** The probability of `label` (0–1). */
  readonly confidence: number;
  /** In the order of the model's classes. */
  readonly probabilities: readonly number[];
}

/** A classifier ready to predict (the vocabulary's index and the model's tables built once). */
export interface CompiledTextClassifier {
  readonly classes: readonly string[];
  /**
   * The prediction for one document.
   * @param features the document's features
   * @param moreFeatures more of its features: `predict(terms, phrases)` is `predict([...terms, ...phrases])`
   *   without building the joined list
   */
  predict(features: readonly string[], moreFeatures?: readonly string[]): TextPrediction;
}

function resolve(options: TextClassifierOptions): TextClassifierModel['parameters'] {
  return {
    minDocumentFrequency: options.minDocumentFrequency ?? 2,
    maxFeatures: options.maxFeatures ?? 50_000,
    alpha: options.alpha ?? 0.5,
    c: options.c ?? 10,
    balanced: options.balanced ?? true,
  };
}

/** n / (k · n_c) per document. */
function balancedWeights(labels: readonly string[]): number[] {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const k = counts.size;
  return labels.map((l) => labels.length / (k * counts.get(l)!));
}

/**
 * Learns a classifier from labelled documents.
 * @param documents each document's features (terms and phrases, tokenize.ts)
 * @param labels each document's class
 * @param options method and its settings
 * @returns the fit, or `insufficient` when there are fewer than two classes or no feature occurs in enough
 *   documents (a single-class training set cannot teach a choice)
 * @throws RangeError when the lengths differ or a setting is out of range
 * @example
 * const fit = fitTextClassifier([['宽带', '掉线'], ['宽带', '断网'], ['账单', '扣费'], ['账单', '退费']], ['technical', 'technical', 'product', 'product'], { method: 'naive_bayes' });
 * fit.status === 'ok' && compileTextClassifier(fit.model).predict(['账单']).label // => 'product'
 */
export function fitTextClassifier(documents: readonly (readonly string[])[], labels: readonly string[], options: TextClassifierOptions): TextClassifierFit | InsufficientResult {
  const method = options.method;
  if (documents.length !== labels.length) throw new RangeError(`fitTextClassifier: ${documents.length} documents but ${labels.length} labels`);
  if (!(method in TEXT_CLASSIFIER_METHODS)) throw new RangeError(`fitTextClassifier: method must be one of ${Object.keys(TEXT_CLASSIFIER_METHODS).join(', ')}, got '${String(method)}'`);
  const parameters = resolve(options);
  const classes = [...new Set(labels)].sort();
  if (documents.length === 0) return insufficient(method, 'no labelled documents to learn from');
  if (classes.length < 2) {
    return insufficient(method, `all ${documents.length} labelled documents have the same class '${classes[0]}': a classifier needs examples of at least two classes`);
  }
  const vocabulary = buildVocabulary(documents, parameters);
  if (vocabulary.features.length === 0) {
    return insufficient(method, `no term or phrase occurs in ${parameters.minDocumentFrequency} or more of the ${documents.length} labelled documents`);
  }
  const counts = documents.map((d) => countVector(d, vocabulary.index));
  const weights = parameters.balanced ? balancedWeights(labels) : undefined;
  const v = vocabulary.features.length;
  const classCounts = classes.map((c) => labels.filter((l) => l === c).length);
  const base = {
    format: 'servq-text-classifier/1' as const,
    method,
    classes,
    classCounts,
    features: vocabulary.features,
    documentFrequency: vocabulary.documentFrequency,
    documents: vocabulary.documents,
    parameters,
  };
  if (method === 'naive_bayes') {
    const naiveBayes = fitNaiveBayes(counts, labels, v, { alpha: parameters.alpha, ...(weights ? { weights } : {}) });
    return { status: 'ok', method, model: { ...base, naiveBayes } };
  }
  const idf = inverseDocumentFrequency(vocabulary.documentFrequency, vocabulary.documents);
  const softmax = fitSoftmaxRegression(counts.map((c) => tfIdfVector(c, idf)), labels, v, { c: parameters.c, ...(weights ? { weights } : {}) });
  return { status: 'ok', method, model: { ...base, softmax } };
}

/**
 * A stored model made ready to predict (class-scorer.ts: typed tables, reused buffers; the same probabilities
 * as predictNaiveBayes / predictSoftmax over countVector, to the last bit).
 * @param model a fitted (or stored and parsed) model
 * @throws TypeError when the model lacks the part its method needs or its format is unknown
 * @example compileTextClassifier(model).predict(['宽带', '掉线']) // => { label: 'technical', confidence: 0.93, probabilities: [...] }
 */
export function compileTextClassifier(model: TextClassifierModel): CompiledTextClassifier {
  const { index, score, classCount } = modelScorer(model, 'compileTextClassifier');
  const document = new FeatureCounts();
  const scores = new Float64Array(classCount);
  return {
    classes: model.classes,
    predict(features, moreFeatures) {
      score(document.count(index, features, moreFeatures), scores);
      return predictionOf(model.classes, scores);
    },
  };
}
