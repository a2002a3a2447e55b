/**
 * k-fold cross-validated performance of a CART model beside the trivial baseline.
 */
import type { AnalysisWarning, InsufficientResult } from '../result.js';
import { insufficient } from '../result.js';
import { fitEncoded } from './cart.js';
import { resolveControl } from './control.js';
import { randomFolds, stratifiedFolds } from './folds.js';
import { compileTree, routeRow } from './predict.js';
import { encodeData, subsetEncoded } from './prepare.js';
import type { CartData, CartOptions } from './types.js';
import { CART_WARNINGS } from './types.js';
import type { CartCrossValidation } from './cv-metrics.js';
export type { CartAnovaCrossValidation, CartClassCrossValidation, CartCrossValidation } from './cv-metrics.js';
import { classMetrics, regressionMetrics } from './cv-metrics.js';

/** Options of {@link crossValidate}. */
export interface CartCrossValidateOptions {
  /** Number of folds (≥ 2), or the fold (1..k) of every input row; default 10. */
  readonly folds?: number | ArrayLike<number>;
  /** Seed of the fold assignment; default 1. */
  readonly seed?: number;
  /** Class trees: keep the class mix in every fold; default true (ignored for regression). */
  readonly stratified?: boolean;
}


/**
 * k-fold cross-validated accuracy, balanced accuracy and confusion matrix (classification) or RMSE, MAE and R²
 * (regression) of {@link cart}, with the majority-class / mean baseline beside them.
 *
 * Method: each fold is held out in turn, a tree is grown on the other folds with `options` (no inner cp-table
 * cross-validation) and predicts the held-out rows ({@link predict}: surrogates for missing values); the baseline
 * predicts the training folds' (weighted) majority class or mean (Hastie, Tibshirani & Friedman 2009, §7.10).
 * Folds are stratified by class by default. Metrics are unweighted over every row with a target; rows whose
 * features are all missing are predicted through the majority direction.
 *
 * @param data Features and target, as for {@link cart}.
 * @param options Options of {@link cart} for every fold's tree (`xval`, `folds` and `seed` there are ignored).
 * @param cvOptions Number of folds or explicit folds, seed, stratification.
 * @returns The cross-validated metrics, or `insufficient` when fewer rows have a target than there are folds.
 * @throws RangeError for a fold count below 2 or an explicit fold vector of the wrong length or with non-integer labels.
 * @example
 * const wait = Array.from({ length: 40 }, (_, i) => i * 15); // seconds
 * const satisfied = wait.map((w, i) => (w > 300 ? (i % 7 === 0 ? 'yes' : 'no') : i % 5 === 0 ? 'no' : 'yes'));
 * const cv = crossValidate({ features: { wait }, target: satisfied }, {}, { folds: 5, seed: 7 });
 * cv.status === 'ok' && cv.method === 'cart-cv-class' && [cv.accuracy, cv.baseline.accuracy]; // => [0.8, 0.525]
 * cv.status === 'ok' && cv.method === 'cart-cv-class' && cv.confusion.counts; // => [[16, 5], [3, 16]]
 */
export function crossValidate(
  data: CartData,
  options: CartOptions = {},
  cvOptions: CartCrossValidateOptions = {},
): CartCrossValidation | InsufficientResult {
  const fn = 'crossValidate';
  const control = resolveControl(fn, { ...options, xval: 0 });
  const enc = encodeData(fn, data, options.method, options.weights);
  const method = enc.method === 'class' ? 'cart-cv-class' : 'cart-cv-anova';
  const nInput = enc.nInput;
  const target = data.target as ArrayLike<unknown>;
  const weights = options.weights;
  const hasTarget = new Uint8Array(nInput);
  let nTarget = 0;
  for (let i = 0; i < nInput; i++) {
    const v = target[i];
    if (!(v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)))) {
      hasTarget[i] = 1;
      nTarget++;
    }
  }
  // kept (encoded) index of every input row; -1 for rows whose features are all missing (or without a target)
  const keptIndex = new Int32Array(nInput).fill(-1);
  for (let k = 0; k < enc.n; k++) keptIndex[enc.rows ? enc.rows[k]! : k] = k;

  const seed = cvOptions.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`${fn}: seed must be an integer, got ${seed}`);
  const foldOption = cvOptions.folds ?? 10;
  let folds: Int32Array;
  let k: number;
  if (typeof foldOption === 'number') {
    if (!Number.isInteger(foldOption) || foldOption < 2) throw new RangeError(`${fn}: folds must be an integer >= 2, got ${foldOption}`);
    k = foldOption;
    if (nTarget < k) return insufficient(method, `${fn}: needs at least ${k} rows with a target for ${k} folds, got ${nTarget}`);
    const rows: number[] = [];
    for (let i = 0; i < nInput; i++) if (hasTarget[i]) rows.push(i);
    let inner: Int32Array;
    if (enc.method === 'class' && cvOptions.stratified !== false) {
      const code = new Map<string, number>();
      const yc = Int32Array.from(rows, (r) => {
        const label = String(target[r]);
        if (!code.has(label)) code.set(label, code.size);
        return code.get(label)!;
      });
      inner = stratifiedFolds(yc, code.size, k, seed);
    } else inner = randomFolds(rows.length, k, seed);
    folds = new Int32Array(nInput);
    rows.forEach((r, i) => (folds[r] = inner[i]!));
  } else {
    if (foldOption.length !== nInput) throw new RangeError(`${fn}: folds must have ${nInput} values, got ${foldOption.length}`);
    folds = new Int32Array(nInput);
    k = 0;
    for (let i = 0; i < nInput; i++) {
      const f = foldOption[i]!;
      if (!Number.isInteger(f) || f < 1) throw new RangeError(`${fn}: folds must be integers >= 1, got ${f} at row ${i}`);
      folds[i] = f;
      if (f > k) k = f;
    }
    if (k < 2) throw new RangeError(`${fn}: folds must use at least 2 distinct folds, got ${k}`);
  }
  if (nTarget === 0 || enc.n === 0) return insufficient(method, `${fn}: no row has a target and a feature value`);

  // Surrogates matter only for rows missing the split variable: skip them for numeric variables that are never
  // missing among the rows predicted (categorical splits may meet levels absent from a node, so keep theirs).
  let anyAllMissing = false;
  for (let i = 0; i < nInput; i++) if (hasTarget[i] && keptIndex[i]! < 0) anyAllMissing = true;
  const skip = new Uint8Array(enc.x.length);
  if (!anyAllMissing) {
    enc.x.forEach((col, v) => {
      if (enc.ncat[v]! > 0) return;
      let missing = false;
      for (let i = 0; i < enc.n && !missing; i++) missing = !Number.isFinite(col[i]!);
      skip[v] = missing ? 0 : 1;
    });
  }
  const columns = enc.x as readonly Float64Array[];
  const allMissing = enc.x.map(() => new Float64Array(1).fill(NaN));

  const warnings: AnalysisWarning[] = [];
  const predictedClass: (string | null)[] = new Array<string | null>(nInput).fill(null);
  const baselineClass: (string | null)[] = new Array<string | null>(nInput).fill(null);
  const predictedValue = new Float64Array(nInput).fill(NaN);
  const baselineValue = new Float64Array(nInput).fill(NaN);
  // targets decoded once: class code in the tree's level order (-1 = a label only on all-missing rows) or value
  const levelCode = new Map((enc.classLevels ?? []).map((level, c) => [level, c]));
  const targetCode = new Int32Array(nInput).fill(-1);
  const targetValue = new Float64Array(nInput).fill(NaN);
  for (let i = 0; i < nInput; i++) {
    if (!hasTarget[i]) continue;
    if (enc.method === 'class') targetCode[i] = levelCode.get(String(target[i])) ?? -1;
    else targetValue[i] = Number(target[i]);
  }
  const trainBuf = new Int32Array(nInput);
  const testBuf = new Int32Array(nInput);
  const keptBuf = new Int32Array(nInput);
  for (let fold = 1; fold <= k; fold++) {
    let nTrain = 0;
    let nTest = 0;
    let nKept = 0;
    for (let i = 0; i < nInput; i++) {
      if (!hasTarget[i]) continue;
      if (folds[i] === fold) testBuf[nTest++] = i;
      else {
        trainBuf[nTrain++] = i;
        if (keptIndex[i]! >= 0) keptBuf[nKept++] = keptIndex[i]!;
      }
    }
    const train = trainBuf.subarray(0, nTrain);
    const test = testBuf.subarray(0, nTest);
    const trainKept = keptBuf.subarray(0, nKept);
    if (test.length === 0) {
      warnings.push({ code: CART_WARNINGS.emptyFold, message: `fold ${fold} has no held-out rows: skipped` });
      continue;
    }
    if (trainKept.length === 0) return insufficient(method, `${fn}: fold ${fold} leaves no training rows`);
    const tree = fitEncoded(subsetEncoded(enc, trainKept), control, null, [], skip);
    const compiled = compileTree(tree);
    const leaf = Int32Array.from(test, (r) => {
      const kk = keptIndex[r]!;
      return kk >= 0 ? routeRow(tree, compiled, columns, kk) : routeRow(tree, compiled, allMissing, 0);
    });
    if (tree.method === 'class') {
      // baseline: the training folds' (weighted) majority class; ties go to the first level, as R's which.max(table(y))
      const levels = tree.classLevels!;
      const tally = new Float64Array(levels.length);
      for (const r of train) if (targetCode[r]! >= 0) tally[targetCode[r]!]! += weights ? weights[r]! : 1;
      let best = 0;
      for (let c = 1; c < levels.length; c++) if (tally[c]! > tally[best]!) best = c;
      for (let i = 0; i < test.length; i++) {
        predictedClass[test[i]!] = tree.nodes[leaf[i]!]!.prediction as string;
        baselineClass[test[i]!] = levels[best]!;
      }
    } else {
      let sum = 0;
      let wsum = 0;
      for (const r of train) {
        const w = weights ? weights[r]! : 1;
        sum += w * targetValue[r]!;
        wsum += w;
      }
      for (let i = 0; i < test.length; i++) {
        predictedValue[test[i]!] = tree.nodes[leaf[i]!]!.prediction as number;
        baselineValue[test[i]!] = sum / wsum;
      }
    }
  }
  if (enc.method === 'class') {
    return classMetrics(target, hasTarget, enc.classLevels!, predictedClass, baselineClass, k, warnings);
  }
  return regressionMetrics(target, hasTarget, predictedValue, baselineValue, k, warnings);
}
