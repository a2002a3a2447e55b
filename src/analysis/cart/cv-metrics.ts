/**
 * The metrics of {@link crossValidate}: accuracy, balanced accuracy and the confusion matrix for classes; RMSE, MAE
 * and R² against the mean baseline for regression (Hastie, Tibshirani & Friedman 2009, §7.10; balanced accuracy
 * as Brodersen et al. 2010 and sklearn's `balanced_accuracy_score`).
 */
import type { AnalysisWarning } from '../result.js';

/** Cross-validated classification performance. */
export interface CartClassCrossValidation {
  readonly status: 'ok';
  readonly method: 'cart-cv-class';
  readonly warnings: readonly AnalysisWarning[];
  readonly folds: number;
  /** Rows evaluated (those with a target). */
  readonly n: number;
  /** Share of rows whose held-out prediction is right (0–1). */
  readonly accuracy: number;
  /** Mean recall over the classes present (sklearn `balanced_accuracy_score`). */
  readonly balancedAccuracy: number;
  /** Counts by actual class (rows) and predicted class (columns), both in `levels` order. */
  readonly confusion: { readonly levels: readonly string[]; readonly counts: readonly (readonly number[])[] };
  /** Predicting the training folds' majority class for every held-out row. */
  readonly baseline: { readonly accuracy: number; readonly balancedAccuracy: number };
  /** Held-out prediction of every input row (null where the target is missing). */
  readonly predicted: readonly (string | null)[];
}

/** Cross-validated regression performance. */
export interface CartAnovaCrossValidation {
  readonly status: 'ok';
  readonly method: 'cart-cv-anova';
  readonly warnings: readonly AnalysisWarning[];
  readonly folds: number;
  readonly n: number;
  /** Root mean squared error of the held-out predictions, in the target's unit. */
  readonly rmse: number;
  /** Mean absolute error, in the target's unit. */
  readonly mae: number;
  /** 1 − SSE(tree) / SSE(baseline): the share of the baseline's squared error the tree removes. */
  readonly r2: number;
  /** Predicting the training folds' mean for every held-out row. */
  readonly baseline: { readonly rmse: number; readonly mae: number };
  /** Held-out prediction of every input row (NaN where the target is missing). */
  readonly predicted: Float64Array;
}

export type CartCrossValidation = CartClassCrossValidation | CartAnovaCrossValidation;

/** Mean recall over the classes that occur in `actual`. */
function balanced(actual: Int32Array, predicted: Int32Array, k: number): number {
  const hit = new Float64Array(k);
  const count = new Float64Array(k);
  for (let i = 0; i < actual.length; i++) {
    count[actual[i]!]!++;
    if (predicted[i] === actual[i]) hit[actual[i]!]!++;
  }
  let sum = 0;
  let m = 0;
  for (let c = 0; c < k; c++) {
    if (count[c]! > 0) {
      sum += hit[c]! / count[c]!;
      m++;
    }
  }
  return sum / m;
}

function codeUnitCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Classification metrics over the rows with a target and a prediction. */
export function classMetrics(
  target: ArrayLike<unknown>,
  hasTarget: Uint8Array,
  classLevels: readonly string[],
  predictedClass: (string | null)[],
  baselineClass: (string | null)[],
  folds: number,
  warnings: AnalysisWarning[],
): CartClassCrossValidation {
  // the tree's class order, then any label seen only on rows whose features are all missing
  const known = new Set(classLevels);
  const extra = new Set<string>();
  for (let i = 0; i < target.length; i++) if (hasTarget[i] && !known.has(String(target[i]))) extra.add(String(target[i]));
  const levels = [...classLevels, ...[...extra].sort(codeUnitCompare)];
  const code = new Map(levels.map((level, c) => [level, c]));
  const actual: number[] = [];
  const pred: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < target.length; i++) {
    if (!hasTarget[i] || predictedClass[i] === null) continue;
    actual.push(code.get(String(target[i]))!);
    pred.push(code.get(predictedClass[i]!)!);
    base.push(code.get(baselineClass[i]!)!);
  }
  const a = Int32Array.from(actual);
  const p = Int32Array.from(pred);
  const b = Int32Array.from(base);
  const counts = levels.map(() => new Array<number>(levels.length).fill(0));
  let hits = 0;
  let baseHits = 0;
  for (let i = 0; i < a.length; i++) {
    counts[a[i]!]![p[i]!]!++;
    if (a[i] === p[i]) hits++;
    if (a[i] === b[i]) baseHits++;
  }
  return {
    status: 'ok',
    method: 'cart-cv-class',
    warnings,
    folds,
    n: a.length,
    accuracy: hits / a.length,
    balancedAccuracy: balanced(a, p, levels.length),
    confusion: { levels, counts },
    baseline: { accuracy: baseHits / a.length, balancedAccuracy: balanced(a, b, levels.length) },
    predicted: predictedClass,
  };
}

/** Regression metrics over the rows with a target and a prediction. */
export function regressionMetrics(
  target: ArrayLike<unknown>,
  hasTarget: Uint8Array,
  predictedValue: Float64Array,
  baselineValue: Float64Array,
  folds: number,
  warnings: AnalysisWarning[],
): CartAnovaCrossValidation {
  let sse = 0;
  let sae = 0;
  let bse = 0;
  let bae = 0;
  let m = 0;
  for (let i = 0; i < target.length; i++) {
    if (!hasTarget[i] || Number.isNaN(predictedValue[i]!)) continue;
    const y = Number(target[i]);
    const e = y - predictedValue[i]!;
    const eb = y - baselineValue[i]!;
    sse += e * e;
    sae += Math.abs(e);
    bse += eb * eb;
    bae += Math.abs(eb);
    m++;
  }
  return {
    status: 'ok',
    method: 'cart-cv-anova',
    warnings,
    folds,
    n: m,
    rmse: Math.sqrt(sse / m),
    mae: sae / m,
    r2: 1 - sse / bse,
    baseline: { rmse: Math.sqrt(bse / m), mae: bae / m },
    predicted: predictedValue,
  };
}
