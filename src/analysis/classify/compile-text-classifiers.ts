/**
 * Several text classifiers that read the same documents (one model per taxonomy target: category, root cause)
 * predicting together, each document's features looked up once for all of them.
 *
 * Method: looking a feature string up in a vocabulary's hash index is most of a prediction's cost (the scoring
 * that follows is a few multiply-adds per feature and class). The models' vocabularies are merged once into one
 * index (feature → shared column) with, per model, a table shared column → its own column (−1: not in its
 * vocabulary). A document's features are looked up once; each model then gets its own columns, sorted and
 * counted (feature-counts.ts) exactly as it would alone. When every model has the same vocabulary (the usual
 * case: the targets are trained on the same labelled complaints), the counts are built once and shared. Each
 * prediction equals that model's compileTextClassifier(model).predict(…) to the last bit.
 */
import { modelScorer, predictionOf, type ModelScorer } from './class-scorer.js';
import { FeatureCounts } from './feature-counts.js';
import type { CompiledTextClassifier, TextClassifierModel, TextPrediction } from './text-classifier.js';

/** Classifiers predicting together. */
export interface CompiledTextClassifiers {
  /** Each model on its own (as compileTextClassifier), in the order given. */
  readonly classifiers: readonly CompiledTextClassifier[];
  /**
   * Every model's prediction for one document, in the order of the models.
   * @param features the document's features
   * @param moreFeatures more of them (`predictAll(terms, phrases)` reads both lists as one)
   */
  predictAll(features: readonly string[], moreFeatures?: readonly string[]): TextPrediction[];
}

function sameFeatures(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Compiles models to predict together (see the file header).
 * @param models fitted or stored models (any methods, any vocabularies)
 * @throws TypeError as compileTextClassifier, naming this function
 * @example compileTextClassifiers([category, rootCause]).predictAll(terms, phrases).map((p) => p.label) // => ['technical', 'technical_support']
 */
export function compileTextClassifiers(models: readonly TextClassifierModel[]): CompiledTextClassifiers {
  const scorers: ModelScorer[] = models.map((m) => modelScorer(m, 'compileTextClassifiers'));
  const outputs = scorers.map((s) => new Float64Array(s.classCount));
  const counts = models.map(() => new FeatureCounts());
  const classifiers: CompiledTextClassifier[] = models.map((model, m) => ({
    classes: model.classes,
    predict(features, moreFeatures) {
      scorers[m]!.score(counts[m]!.count(scorers[m]!.index, features, moreFeatures), outputs[m]!);
      return predictionOf(model.classes, outputs[m]!);
    },
  }));
  if (models.length === 0) return { classifiers, predictAll: () => [] };

  const shared = models.every((m) => sameFeatures(m.features, models[0]!.features));
  if (shared) {
    const index = scorers[0]!.index;
    const document = new FeatureCounts();
    return {
      classifiers,
      predictAll(features, moreFeatures) {
        document.count(index, features, moreFeatures);
        const predictions = new Array<TextPrediction>(scorers.length);
        for (let m = 0; m < scorers.length; m++) {
          scorers[m]!.score(document, outputs[m]!);
          predictions[m] = predictionOf(models[m]!.classes, outputs[m]!);
        }
        return predictions;
      },
    };
  }

  // Different vocabularies: one merged index, and per model its column of each merged column.
  const merged = new Map<string, number>();
  for (const m of models) for (const f of m.features) if (!merged.has(f)) merged.set(f, merged.size);
  const columnOf = scorers.map((s) => {
    const table = new Int32Array(merged.size).fill(-1);
    for (const [feature, column] of s.index) table[merged.get(feature)!] = column;
    return table;
  });
  let found = new Int32Array(64);
  let own = new Int32Array(64);
  return {
    classifiers,
    predictAll(features, moreFeatures) {
      const total = features.length + (moreFeatures === undefined ? 0 : moreFeatures.length);
      if (total > found.length) {
        found = new Int32Array(total * 2);
        own = new Int32Array(total * 2);
      }
      let n = 0;
      for (let i = 0; i < features.length; i++) {
        const j = merged.get(features[i]!);
        if (j !== undefined) found[n++] = j;
      }
      if (moreFeatures !== undefined) {
        for (let i = 0; i < moreFeatures.length; i++) {
          const j = merged.get(moreFeatures[i]!);
          if (j !== undefined) found[n++] = j;
        }
      }
      const predictions = new Array<TextPrediction>(scorers.length);
      for (let m = 0; m < scorers.length; m++) {
        const table = columnOf[m]!;
        let k = 0;
        for (let i = 0; i < n; i++) {
          const column = table[found[i]!]!;
          if (column >= 0) own[k++] = column;
        }
        scorers[m]!.score(counts[m]!.foldFrom(own, k), outputs[m]!);
        predictions[m] = predictionOf(models[m]!.classes, outputs[m]!);
      }
      return predictions;
    },
  };
}
