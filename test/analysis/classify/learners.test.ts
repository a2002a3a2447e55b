/**
 * The learners and measures against scikit-learn. Reference values from Debian's python3-sklearn 1.2.1 with
 * numpy 1.24.2 (script below, run with /usr/bin/python3); tolerance 1e-12 for closed forms (naive Bayes, TF-IDF,
 * the report), 1e-6 for the fitted logistic regression: the reference is sklearn's solver='newton-cg' at
 * tol=1e-15 (its 'lbfgs' stops at a relative decrease of 64·ε and is ~3e-6 off the optimum in probability; ours
 * at ‖∇‖∞ ≤ 1e-10 agrees with newton-cg to ~1e-9 on this strictly convex objective).
 *
 *   X = [[2,1,0,0,0],[1,0,0,1,0],[3,0,1,0,0],[0,2,0,0,1],[0,1,1,0,2],[0,0,2,1,0],[0,0,1,2,1],[1,0,0,0,3]]
 *   y = ['a','a','a','b','b','c','c','b'];  T = [[1,0,0,0,0],[0,0,1,1,0],[0,1,0,0,1],[0,0,0,0,0]]
 *   w = [1,1,1,2,2,2,2,0.5]
 *   MultinomialNB(alpha=0.5).fit(X, y).predict_proba(T)
 *   MultinomialNB(alpha=1.0).fit(X, y, sample_weight=w).predict_proba(T)
 *   tf = TfidfTransformer(smooth_idf=True, sublinear_tf=True, norm='l2').fit(X); tf.idf_; tf.transform(X)[0]
 *   LogisticRegression(multi_class='multinomial', C=2.0, solver='newton-cg', tol=1e-15, max_iter=100000)
 *     .fit(tf.transform(X), y).predict_proba(tf.transform(T))
 *   … C=0.7 with sample_weight=w
 *   yt = ['a','a','b','b','c','c','c','a']; yp = ['a','b','b','b','c','a','d','a']
 *   precision_recall_fscore_support(yt, yp, zero_division=0); f1_score(…, average='macro', zero_division=0);
 *   accuracy_score; confusion_matrix
 */
import { describe, expect, it } from 'vitest';
import { classificationReport } from '../../../src/analysis/classify/classification-report.js';
import { minimizeLbfgs } from '../../../src/analysis/classify/lbfgs.js';
import { fitNaiveBayes, predictNaiveBayes } from '../../../src/analysis/classify/naive-bayes.js';
import { fitSoftmaxRegression, predictSoftmax } from '../../../src/analysis/classify/softmax-regression.js';
import type { SparseVector } from '../../../src/analysis/classify/sparse-vector.js';
import { countVector } from '../../../src/analysis/classify/sparse-vector.js';
import { stratifiedFolds } from '../../../src/analysis/classify/stratified-folds.js';
import { inverseDocumentFrequency, tfIdfVector } from '../../../src/analysis/classify/tf-idf.js';
import { buildVocabulary } from '../../../src/analysis/classify/vocabulary.js';

const X = [[2, 1, 0, 0, 0], [1, 0, 0, 1, 0], [3, 0, 1, 0, 0], [0, 2, 0, 0, 1], [0, 1, 1, 0, 2], [0, 0, 2, 1, 0], [0, 0, 1, 2, 1], [1, 0, 0, 0, 3]];
const Y = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'b'];
const T = [[1, 0, 0, 0, 0], [0, 0, 1, 1, 0], [0, 1, 0, 0, 1], [0, 0, 0, 0, 0]];
const W = [1, 1, 1, 2, 2, 2, 2, 0.5];

function sparse(row: readonly number[]): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  row.forEach((v, j) => {
    if (v !== 0) {
      indices.push(j);
      values.push(v);
    }
  });
  return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

function expectClose(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[], digits: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, digits)));
}

describe('fitNaiveBayes', () => {
  it('matches sklearn MultinomialNB(alpha=0.5).predict_proba', () => {
    const m = fitNaiveBayes(X.map(sparse), Y, 5, { alpha: 0.5 });
    expectClose(T.map((t) => predictNaiveBayes(m, sparse(t))), [
      [0.7944960686204432, 0.15618298784846324, 0.04932094353109363],
      [0.1524239537670102, 0.03686889416678023, 0.8107071520662097],
      [0.041686907121866415, 0.9175884873980461, 0.04072460548008745],
      [0.375, 0.375, 0.25000000000000006],
    ], 12);
  });

  it('matches sklearn with sample weights (alpha=1)', () => {
    const m = fitNaiveBayes(X.map(sparse), Y, 5, { alpha: 1, weights: W });
    expectClose(T.map((t) => predictNaiveBayes(m, sparse(t))), [
      [0.7382053654024053, 0.158186864014801, 0.10360777058279373],
      [0.09645099523533873, 0.04822549761766932, 0.855323507146992],
      [0.04562209069654786, 0.9048381321481981, 0.049539777155254136],
      [0.2608695652173913, 0.391304347826087, 0.34782608695652184],
    ], 12);
  });

  it('rejects bad arguments by name', () => {
    expect(() => fitNaiveBayes([], [], 3)).toThrow(/^fitNaiveBayes: no documents$/);
    expect(() => fitNaiveBayes(X.map(sparse), Y, 5, { alpha: 0 })).toThrow(/^fitNaiveBayes: alpha must be > 0, got 0$/);
    expect(() => fitNaiveBayes(X.map(sparse), Y.slice(1), 5)).toThrow(/^fitNaiveBayes: 8 documents but 7 labels$/);
    expect(() => fitNaiveBayes(X.map(sparse), Y, 3)).toThrow(/^fitNaiveBayes: feature index 3 outside 0..2$/);
  });
});

describe('TF-IDF', () => {
  it('matches sklearn TfidfTransformer(smooth_idf=True, sublinear_tf=True, norm="l2")', () => {
    const df = [0, 1, 2, 3, 4].map((j) => X.filter((r) => r[j]! > 0).length);
    const idf = inverseDocumentFrequency(df, X.length);
    expectClose([Array.from(idf)], [[1.587786664902119, 1.8109302162163288, 1.587786664902119, 1.8109302162163288, 1.587786664902119]], 12);
    const v = tfIdfVector(sparse(X[0]!), idf);
    expect(Array.from(v.indices)).toEqual([0, 1]);
    expectClose([Array.from(v.values)], [[0.8293791181231028, 0.5586862074736982]], 12);
    expect(Array.from(tfIdfVector(sparse([0, 0, 0, 0, 0]), idf).values)).toEqual([]);
    expect(() => inverseDocumentFrequency([9], 8)).toThrow(/^inverseDocumentFrequency: a document frequency must be in 0..8, got 9$/);
  });
});

describe('fitSoftmaxRegression', () => {
  const df = [0, 1, 2, 3, 4].map((j) => X.filter((r) => r[j]! > 0).length);
  const idf = inverseDocumentFrequency(df, X.length);
  const docs = X.map((r) => tfIdfVector(sparse(r), idf));
  const tests = T.map((r) => tfIdfVector(sparse(r), idf));

  it('matches sklearn LogisticRegression(multinomial, C=2)', () => {
    const m = fitSoftmaxRegression(docs, Y, 5, { c: 2, gradientTolerance: 1e-10, functionTolerance: 0, maxIterations: 5000 });
    expect(m.converged).toBe(true);
    expectClose(tests.map((t) => predictSoftmax(m, t)), [
      [0.7916832320683711, 0.13701105895786597, 0.07130570897376291],
      [0.2322472416415771, 0.14110361171958336, 0.6266491466388395],
      [0.12888723000234206, 0.7683064788237596, 0.1028062911738983],
      [0.37149234741737897, 0.37887914680431856, 0.24962850577830262],
    ], 6);
  });

  it('matches sklearn with sample weights (C=0.7)', () => {
    const m = fitSoftmaxRegression(docs, Y, 5, { c: 0.7, weights: W, gradientTolerance: 1e-10, functionTolerance: 0, maxIterations: 5000 });
    expectClose(tests.map((t) => predictSoftmax(m, t)), [
      [0.5882457679170402, 0.230966778598736, 0.18078745348422384],
      [0.19984497029792744, 0.185905116076184, 0.6142499136258885],
      [0.1572148230978052, 0.6790294904979527, 0.163755686404242],
      [0.2976795131630198, 0.37902260164038093, 0.3232978851965993],
    ], 6);
  });

  it('rejects bad arguments by name', () => {
    expect(() => fitSoftmaxRegression(docs, Y, 5, { c: -1 })).toThrow(/^fitSoftmaxRegression: c must be > 0, got -1$/);
    expect(() => fitSoftmaxRegression([], [], 5)).toThrow(/^fitSoftmaxRegression: no documents$/);
  });
});

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function (1, 1) from (−1.2, 1)', () => {
    const r = minimizeLbfgs((x, g) => {
      const a = x[0]!;
      const b = x[1]!;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    }, Float64Array.of(-1.2, 1), { gradientTolerance: 1e-10, functionTolerance: 0 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
  });

  it('refuses a start where the objective is not finite', () => {
    expect(() => minimizeLbfgs(() => Number.NaN, Float64Array.of(0))).toThrow(/^minimizeLbfgs: the objective is NaN at the start$/);
  });
});

describe('classificationReport', () => {
  it('matches sklearn precision_recall_fscore_support / f1_score(macro) / confusion_matrix, zero_division=0', () => {
    const r = classificationReport(['a', 'a', 'b', 'b', 'c', 'c', 'c', 'a'], ['a', 'b', 'b', 'b', 'c', 'a', 'd', 'a']);
    expect(r.labels).toEqual(['a', 'b', 'c', 'd']);
    expect(r.confusion).toEqual([[2, 1, 0, 0], [0, 2, 0, 0], [1, 0, 1, 1], [0, 0, 0, 0]]);
    expectClose([r.perClass.map((c) => c.precision), r.perClass.map((c) => c.recall), r.perClass.map((c) => c.f1)], [
      [0.6666666666666666, 0.6666666666666666, 1.0, 0.0],
      [0.6666666666666666, 1.0, 0.3333333333333333, 0.0],
      [0.6666666666666666, 0.8, 0.5, 0.0],
    ], 12);
    expect(r.perClass.map((c) => c.support)).toEqual([3, 2, 3, 0]);
    expect(r.macroF1).toBeCloseTo(0.4916666666666667, 12);
    expect(r.accuracy).toBe(0.625);
    expect(() => classificationReport([], [])).toThrow(/^classificationReport: no items$/);
  });
});

describe('stratifiedFolds and the vocabulary', () => {
  it('deals each class evenly over the folds, the same for the same seed', () => {
    const labels = [...Array(10).fill('a'), ...Array(5).fill('b'), ...Array(2).fill('c')] as string[];
    const folds = stratifiedFolds(labels, 5, 7);
    for (const c of ['a', 'b']) {
      const perFold = [0, 1, 2, 3, 4].map((f) => labels.filter((l, i) => l === c && folds[i] === f).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((g) => g === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(Array.from(stratifiedFolds(labels, 5, 7))).toEqual(Array.from(folds));
    expect(() => stratifiedFolds(labels, 1, 7)).toThrow(/^stratifiedFolds: k must be an integer ≥ 2, got 1$/);
  });

  it('keeps features in enough documents, most frequent first, ties in code-unit order', () => {
    const v = buildVocabulary([['b', 'a', 'a'], ['a', 'c'], ['b', 'c'], ['d']], { minDocumentFrequency: 2 });
    expect(v.features).toEqual(['a', 'b', 'c']);
    expect(v.documentFrequency).toEqual([2, 2, 2]);
    expect(buildVocabulary([['x'], ['x', 'y'], ['y'], ['y']], { maxFeatures: 1 }).features).toEqual(['y']);
    const counts = countVector(['c', 'a', 'c', 'zz'], v.index);
    expect([Array.from(counts.indices), Array.from(counts.values)]).toEqual([[0, 2], [1, 2]]);
  });
});
