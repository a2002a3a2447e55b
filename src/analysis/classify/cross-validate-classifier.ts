/**
 * How well a text classifier would label complaints it has not seen, beside the two things it must beat: the
 * majority class, and the keyword rules alone.
 *
 * Method: stratified k-fold cross-validation (stratified-folds.ts; Hastie, Tibshirani & Friedman 2009, §7.10):
 * each fold is held out in turn, the classifier is fitted on the other folds (vocabulary included, so no word
 * of a held-out document is known in advance) and predicts the held-out documents; every document gets exactly
 * one out-of-fold prediction, and the reports (classification-report.ts) are computed over all of them. The
 * baseline predicts, for each fold, the most frequent class of its training folds (ties: code-unit order).
 * Rules need no training: their predictions over the same documents are scored as given. A training fold that
 * holds one class only predicts that class.
 */
import { insufficient, type InsufficientResult } from '../result.js';
import { classificationReport, type ClassificationReport } from './classification-report.js';
import { stratifiedFolds } from './stratified-folds.js';
import { compileTextClassifier, fitTextClassifier, type TextClassifierOptions } from './text-classifier.js';

/** Options of {@link crossValidateTextClassifier}. */
export interface CrossValidationOptions {
  /** Default 5. */
  readonly folds?: number;
  /** Default 1. */
  readonly seed?: number;
}

/** Out-of-fold agreement of the classifier, the baseline and (when given) the rules. */
export interface ClassifierEvaluation {
  readonly status: 'ok';
  readonly method: string;
  readonly folds: number;
  readonly seed: number;
  readonly classifier: ClassificationReport;
  readonly baseline: ClassificationReport;
  readonly rules: ClassificationReport | null;
  /** The out-of-fold prediction of each document. */
  readonly predictions: readonly string[];
}

function majority(labels: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/**
 * Cross-validates a classifier on labelled documents.
 * @param documents features per document
 * @param labels class per document
 * @param options the classifier's method and settings
 * @param cv folds and seed
 * @param rulePredictions the keyword rules' label of each document, to score beside (optional)
 * @returns the evaluation, or `insufficient` with fewer documents than folds or fewer than two classes
 * @throws RangeError when lengths differ
 * @example crossValidateTextClassifier(docs, labels, { method: 'logistic' }, { folds: 5, seed: 1 }).classifier.macroF1 // => e.g. 0.93
 */
export function crossValidateTextClassifier(
  documents: readonly (readonly string[])[],
  labels: readonly string[],
  options: TextClassifierOptions,
  cv: CrossValidationOptions = {},
  rulePredictions?: readonly string[],
): ClassifierEvaluation | InsufficientResult {
  const k = cv.folds ?? 5;
  const seed = cv.seed ?? 1;
  if (documents.length !== labels.length) throw new RangeError(`crossValidateTextClassifier: ${documents.length} documents but ${labels.length} labels`);
  if (rulePredictions && rulePredictions.length !== labels.length) {
    throw new RangeError(`crossValidateTextClassifier: ${labels.length} labels but ${rulePredictions.length} rule predictions`);
  }
  const method = `${options.method}-cv${k}`;
  const classes = new Set(labels);
  if (classes.size < 2) return insufficient(method, `all ${labels.length} labelled documents have the same class${labels.length > 0 ? ` '${labels[0]}'` : ''}: nothing to cross-validate`);
  if (documents.length < k) return insufficient(method, `${documents.length} labelled documents, fewer than the ${k} folds`);
  const fold = stratifiedFolds(labels, k, seed);
  const predicted = new Array<string>(labels.length);
  const baseline = new Array<string>(labels.length);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    fold.forEach((g, i) => (g === f ? test : train).push(i));
    if (test.length === 0) continue;
    const trainLabels = train.map((i) => labels[i]!);
    const common = majority(trainLabels);
    for (const i of test) baseline[i] = common;
    const fit = fitTextClassifier(train.map((i) => documents[i]!), trainLabels, options);
    if (fit.status !== 'ok') {
      for (const i of test) predicted[i] = common;
      continue;
    }
    const model = compileTextClassifier(fit.model);
    for (const i of test) predicted[i] = model.predict(documents[i]!).label;
  }
  return {
    status: 'ok',
    method,
    folds: k,
    seed,
    classifier: classificationReport(labels, predicted),
    baseline: classificationReport(labels, baseline),
    rules: rulePredictions ? classificationReport(labels, rulePredictions) : null,
    predictions: predicted,
  };
}
