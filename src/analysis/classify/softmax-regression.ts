/**
 * Multinomial logistic (softmax) regression with an L2 penalty, on sparse features.
 *
 * Method: P(c | x) = exp(b_c + w_cᵀx) / Σ_k exp(b_k + w_kᵀx), one weight vector per class (Hastie, Tibshirani &
 * Friedman 2009, The Elements of Statistical Learning, §4.4), fitted by minimising the penalised negative
 * log-likelihood Σ_i s_i · −log P(y_i | x_i) + ‖W‖² / (2C) (intercepts not penalised) with L-BFGS (lbfgs.ts).
 * s_i are document weights (class balancing). The objective is scikit-learn 1.2's
 * `LogisticRegression(multi_class='multinomial', penalty='l2', C=C, solver='lbfgs')`; being strictly convex in
 * W, both reach the same probabilities to the optimiser's tolerance.
 */
import { minimizeLbfgs } from './lbfgs.js';
import { softmaxInPlace } from './naive-bayes.js';
import type { SparseVector } from './sparse-vector.js';

/** A fitted model (plain arrays: it is stored as JSON). */
export interface SoftmaxModel {
  readonly classes: readonly string[];
  /** Row-major classes × features. */
  readonly weights: readonly number[];
  readonly intercepts: readonly number[];
  readonly features: number;
  /** Optimiser iterations and whether it converged. */
  readonly iterations: number;
  readonly converged: boolean;
}

/** Options of {@link fitSoftmaxRegression}. */
export interface SoftmaxOptions {
  /** Inverse penalty strength C > 0 (larger: less shrinkage); default 10. */
  readonly c?: number;
  /** A weight per document (default 1 each). */
  readonly weights?: readonly number[];
  /** Default 300. */
  readonly maxIterations?: number;
  /** ‖∇‖∞ at which to stop; default 1e-5. */
  readonly gradientTolerance?: number;
  /** Relative decrease of the objective at which to stop; default 1e-12. */
  readonly functionTolerance?: number;
}

/**
 * Fits softmax regression.
 * @param documents feature vectors (e.g. TF-IDF, tf-idf.ts)
 * @param labels class of each document
 * @param features vocabulary size
 * @param options C, document weights, optimiser limits
 * @throws RangeError when lengths differ, C ≤ 0, there are no documents or an index is outside 0..features−1
 * @example
 * const d = (i: number[]) => ({ indices: Int32Array.from(i), values: Float64Array.of(1) });
 * const m = fitSoftmaxRegression([d([0]), d([0]), d([1]), d([1])], ['a', 'a', 'b', 'b'], 2, { c: 1 });
 * predictSoftmax(m, d([0]))[0]! > 0.7 // => true
 */
export function fitSoftmaxRegression(documents: readonly SparseVector[], labels: readonly string[], features: number, options: SoftmaxOptions = {}): SoftmaxModel {
  const c = options.c ?? 10;
  if (documents.length !== labels.length) throw new RangeError(`fitSoftmaxRegression: ${documents.length} documents but ${labels.length} labels`);
  if (documents.length === 0) throw new RangeError('fitSoftmaxRegression: no documents');
  if (!(c > 0)) throw new RangeError(`fitSoftmaxRegression: c must be > 0, got ${c}`);
  const weights = options.weights;
  if (weights && weights.length !== documents.length) throw new RangeError(`fitSoftmaxRegression: ${documents.length} documents but ${weights.length} weights`);
  for (const doc of documents) {
    for (const j of doc.indices) if (j < 0 || j >= features) throw new RangeError(`fitSoftmaxRegression: feature index ${j} outside 0..${features - 1}`);
  }
  const classes = [...new Set(labels)].sort();
  const k = classes.length;
  const classIndex = new Map(classes.map((name, i) => [name, i]));
  const y = Int32Array.from(labels, (l) => classIndex.get(l)!);
  const size = k * features;
  const z = new Float64Array(k);
  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let i = 0; i < documents.length; i++) {
      const doc = documents[i]!;
      const s = weights ? weights[i]! : 1;
      if (s === 0) continue;
      let max = -Infinity;
      for (let cl = 0; cl < k; cl++) {
        let v = theta[size + cl]!;
        const row = cl * features;
        for (let t = 0; t < doc.indices.length; t++) v += theta[row + doc.indices[t]!]! * doc.values[t]!;
        z[cl] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let cl = 0; cl < k; cl++) sum += Math.exp(z[cl]! - max);
      const logSum = max + Math.log(sum);
      loss += s * (logSum - z[y[i]!]!);
      for (let cl = 0; cl < k; cl++) {
        const residual = s * (Math.exp(z[cl]! - logSum) - (cl === y[i] ? 1 : 0));
        if (residual === 0) continue;
        gradient[size + cl]! += residual;
        const row = cl * features;
        for (let t = 0; t < doc.indices.length; t++) gradient[row + doc.indices[t]!]! += residual * doc.values[t]!;
      }
    }
    let penalty = 0;
    for (let j = 0; j < size; j++) {
      penalty += theta[j]! * theta[j]!;
      gradient[j]! += theta[j]! / c;
    }
    return loss + penalty / (2 * c);
  };
  const fit = minimizeLbfgs(objective, new Float64Array(size + k), {
    maxIterations: options.maxIterations ?? 300,
    gradientTolerance: options.gradientTolerance ?? 1e-5,
    functionTolerance: options.functionTolerance ?? 1e-12,
  });
  return {
    classes,
    weights: Array.from(fit.x.subarray(0, size)),
    intercepts: Array.from(fit.x.subarray(size)),
    features,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

/**
 * Class probabilities of one document, in the order of `model.classes`.
 * @param model a fitted model
 * @param document a feature vector (indices outside the model are ignored)
 * @example predictSoftmax({ classes: ['a', 'b'], weights: [1, 0, 0, 1], intercepts: [0, 0], features: 2, iterations: 0, converged: true }, { indices: Int32Array.of(0), values: Float64Array.of(Math.log(3)) }) // => [0.75, 0.25]
 */
export function predictSoftmax(model: SoftmaxModel, document: SparseVector): number[] {
  const k = model.classes.length;
  const scores = model.intercepts.slice();
  for (let c = 0; c < k; c++) {
    let v = scores[c]!;
    const row = c * model.features;
    for (let t = 0; t < document.indices.length; t++) {
      const j = document.indices[t]!;
      if (j < model.features) v += model.weights[row + j]! * document.values[t]!;
    }
    scores[c] = v;
  }
  return softmaxInPlace(scores);
}
