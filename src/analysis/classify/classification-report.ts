/**
 * How well predicted labels agree with the true ones: the confusion matrix, precision, recall and F1 per class,
 * their unweighted (macro) mean, and accuracy.
 *
 * Method: precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = their harmonic mean (van Rijsbergen 1979,
 * Information Retrieval, ch. 7); a ratio with a zero denominator is 0. Macro-F1 is the plain mean of the
 * per-class F1 over every class seen in the truth or the predictions (Sokolova & Lapalme 2009, "A systematic
 * analysis of performance measures for classification tasks"), so a rare class weighs as much as a common one.
 * As scikit-learn 1.2 `precision_recall_fscore_support(y_true, y_pred, zero_division=0)` and
 * `f1_score(average='macro', zero_division=0)`.
 */

/** One class's figures. */
export interface ClassMetrics {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Items truly of this class. */
  readonly support: number;
  /** Items predicted as this class. */
  readonly predicted: number;
}

/** The agreement of predictions with the truth. */
export interface ClassificationReport {
  /** Row and column order of `confusion`: every label in the truth or the predictions, code-unit order. */
  readonly labels: readonly string[];
  /** confusion[i][j] = items of true class labels[i] predicted as labels[j]. */
  readonly confusion: readonly (readonly number[])[];
  readonly perClass: readonly ClassMetrics[];
  readonly macroF1: number;
  readonly accuracy: number;
  readonly n: number;
}

/**
 * The report of `predicted` against `truth`.
 * @param truth true label of each item
 * @param predicted predicted label of each item
 * @throws RangeError when the lengths differ or there are no items
 * @example classificationReport(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']).macroF1 // => 0.7333333333333334
 */
export function classificationReport(truth: readonly string[], predicted: readonly string[]): ClassificationReport {
  if (truth.length !== predicted.length) throw new RangeError(`classificationReport: ${truth.length} true labels but ${predicted.length} predictions`);
  if (truth.length === 0) throw new RangeError('classificationReport: no items');
  const labels = [...new Set([...truth, ...predicted])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => new Array<number>(labels.length).fill(0));
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i]!;
    confusion[index.get(t)!]![index.get(p)!]! += 1;
    if (t === p) correct++;
  });
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const perClass = labels.map((label, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = ratio(tp, predictedCount);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support, predicted: predictedCount };
  });
  return {
    labels,
    confusion,
    perClass,
    macroF1: perClass.reduce((a, c) => a + c.f1, 0) / perClass.length,
    accuracy: correct / truth.length,
    n: truth.length,
  };
}
