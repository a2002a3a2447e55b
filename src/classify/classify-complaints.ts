/**
 * Complaints into the governed taxonomy (category; root cause): training a classifier on trusted labels,
 * scoring it against the majority class and the keyword rules, and storing predictions, never touching the
 * export's own labels.
 *
 * Training (`servq classify complaints --train`):
 *   1. read current complaints with a trusted label (src/db/classification-queries.ts, TRUSTED_LABEL_RULE); above
 *      TRAINING_ROW_CAP a seeded sample
 *   2. tokenize each description (catalog tokenizer: terms + two-word phrases)
 *   3. per target, over complaints with that label and at least one term: k-fold cross-validation of the
 *      classifier (and of the other method with `compare`), the majority baseline and the keyword rules
 *      (src/analysis/classify/cross-validate-classifier.ts); then the classifier fitted on all of them
 *   4. one model version stored with both targets' models and evaluations (a target that cannot be learned,
 *      e.g. one class only, is stored as null with the reason)
 * Prediction (`servq classify complaints`): per loaded complaint batch, the current complaints (of the period),
 * tokenized, predicted by the latest model and by the keyword rules, written to complaint_classification.
 */
import type { ClassificationReport } from '../analysis/classify/classification-report.js';
import { crossValidateTextClassifier, type ClassifierEvaluation } from '../analysis/classify/cross-validate-classifier.js';
import { applyKeywordRules, compileKeywordRules, type CompiledKeywordRules } from '../analysis/classify/keyword-rules.js';
import { compileTextClassifiers } from '../analysis/classify/compile-text-classifiers.js';
import { fitTextClassifier, type TextClassifierMethod, type TextClassifierModel } from '../analysis/classify/text-classifier.js';
import type { TokenizedText, Tokenizer } from '../analysis/text/tokenize.js';
import {
  complaintBatchIds,
  complaintTextsOfBatch,
  findModel,
  insertModel,
  labelledComplaintTexts,
  pruneRemovedClassifications,
  TRUSTED_LABEL_RULE,
  writeClassifications,
  type ClassificationRow,
  type PeriodFilter,
} from '../db/classification-queries.js';
import type { Database } from '../db/session.js';
import { catalogTokenizer, loadTaxonomy, TAXONOMY_TARGETS, textWordLists, type TaxonomyTarget } from './text-catalog.js';

/** Most labelled complaints a training reads (a seeded sample above it). */
export const TRAINING_ROW_CAP = 50_000;
/** Default folds of the evaluation. */
export const DEFAULT_FOLDS = 5;
/**
 * Default learner. Measured on the demo data (5-fold macro-F1; catalog/README.md, "Taxonomy"): naive Bayes and logistic
 * regression tie on category (1.000) and differ by < 0.02 on root cause, and naive Bayes trains 10–20× faster;
 * for short texts naive Bayes is the stronger baseline (Wang & Manning 2012, "Baselines and bigrams", ACL).
 */
export const DEFAULT_METHOD: TextClassifierMethod = 'naive_bayes';

/** The features of a tokenized text: its terms and its phrases. */
export function textFeatures(t: TokenizedText): string[] {
  return [...t.terms, ...t.phrases];
}

/** A training's result for one target. */
export type TargetTraining =
  | {
      readonly target: TaxonomyTarget;
      readonly status: 'ok';
      readonly documents: number;
      readonly classCounts: Readonly<Record<string, number>>;
      readonly evaluation: Omit<ClassifierEvaluation, 'predictions'>;
      /** With `compare`: the other method's cross-validated report. */
      readonly alternative: { readonly method: TextClassifierMethod; readonly classifier: ClassificationReport } | null;
      readonly model: TextClassifierModel;
    }
  | { readonly target: TaxonomyTarget; readonly status: 'insufficient'; readonly documents: number; readonly reason: string };

/** What `--train` did. */
export interface TrainingOutcome {
  /** The stored version, or null when no target could be learned (nothing stored). */
  readonly modelVersion: number | null;
  readonly method: TextClassifierMethod;
  readonly labelledRows: number;
  readonly totalLabelled: number;
  readonly withoutTerms: number;
  readonly targets: readonly TargetTraining[];
  readonly taxonomyVersion: string;
}

/** How to train. */
export interface TrainingInput {
  readonly method: TextClassifierMethod;
  readonly folds: number;
  readonly seed: number;
  /** Also cross-validate the other method, for comparison. */
  readonly compare: boolean;
  readonly taxonomyFile?: string;
  /** Who and how (stored with the model). */
  readonly trainedBy: string;
  readonly command: string;
  readonly servqVersion: string;
  readonly cap?: number;
  readonly progress?: (message: string) => void;
}

function compiledRules(tokenizer: Tokenizer, taxonomyFile: string | undefined): { version: string; rules: Record<TaxonomyTarget, CompiledKeywordRules> } {
  const taxonomy = loadTaxonomy(taxonomyFile);
  const terms = (text: string) => tokenizer.tokenize(text).terms;
  return {
    version: taxonomy.version,
    rules: { category: compileKeywordRules(taxonomy.targets['category']!, terms), root_cause: compileKeywordRules(taxonomy.targets['root_cause']!, terms) },
  };
}

const LABEL_OF: Readonly<Record<TaxonomyTarget, 'category' | 'rootCause'>> = { category: 'category', root_cause: 'rootCause' };

/**
 * Trains, evaluates and stores a model version (see the file header).
 * @returns what was learned per target, and the stored version (null when nothing could be learned)
 */
export async function trainComplaintClassifier(db: Database, input: TrainingInput): Promise<TrainingOutcome> {
  const progress = input.progress ?? (() => {});
  progress('reading labelled complaints');
  const read = await labelledComplaintTexts(db, { cap: input.cap ?? TRAINING_ROW_CAP, seed: input.seed });
  progress(`tokenizing ${read.rows.length.toLocaleString('en-US')} descriptions`);
  const tokenizer = catalogTokenizer();
  const { version: taxonomyVersion, rules } = compiledRules(tokenizer, input.taxonomyFile);
  const tokens = read.rows.map((r) => tokenizer.tokenize(r.description));
  const withoutTerms = tokens.filter((t) => t.terms.length === 0).length;
  const targets: TargetTraining[] = [];
  for (const target of TAXONOMY_TARGETS) {
    const key = LABEL_OF[target];
    const idx = read.rows.flatMap((r, i) => (r[key] !== null && tokens[i]!.terms.length > 0 ? [i] : []));
    const documents = idx.map((i) => textFeatures(tokens[i]!));
    const labels = idx.map((i) => read.rows[i]![key]!);
    const rulePredictions = idx.map((i) => applyKeywordRules(rules[target], tokens[i]!.cleaned, tokens[i]!.terms).code);
    progress(`${target}: ${input.folds}-fold cross-validation over ${idx.length.toLocaleString('en-US')} complaints`);
    const evaluation = crossValidateTextClassifier(documents, labels, { method: input.method }, { folds: input.folds, seed: input.seed }, rulePredictions);
    if (evaluation.status !== 'ok') {
      targets.push({ target, status: 'insufficient', documents: idx.length, reason: evaluation.reason });
      continue;
    }
    let alternative: { method: TextClassifierMethod; classifier: ClassificationReport } | null = null;
    if (input.compare) {
      const other: TextClassifierMethod = input.method === 'naive_bayes' ? 'logistic' : 'naive_bayes';
      progress(`${target}: cross-validating ${other} for comparison`);
      const alt = crossValidateTextClassifier(documents, labels, { method: other }, { folds: input.folds, seed: input.seed });
      if (alt.status === 'ok') alternative = { method: other, classifier: alt.classifier };
    }
    progress(`${target}: fitting on all ${idx.length.toLocaleString('en-US')} complaints`);
    const fit = fitTextClassifier(documents, labels, { method: input.method });
    if (fit.status !== 'ok') {
      targets.push({ target, status: 'insufficient', documents: idx.length, reason: fit.reason });
      continue;
    }
    const { predictions: _p, ...summary } = evaluation;
    const classCounts: Record<string, number> = {};
    for (const l of labels) classCounts[l] = (classCounts[l] ?? 0) + 1;
    targets.push({ target, status: 'ok', documents: idx.length, classCounts, evaluation: summary, alternative, model: fit.model });
  }
  const learned = targets.filter((t) => t.status === 'ok');
  let modelVersion: number | null = null;
  if (learned.length > 0) {
    const metrics: Record<string, unknown> = { labelledRows: read.rows.length, totalLabelled: read.total, withoutTerms };
    const model: Record<string, unknown> = {};
    for (const t of targets) {
      if (t.status === 'ok') {
        metrics[t.target] = { documents: t.documents, classCounts: t.classCounts, ...t.evaluation, alternative: t.alternative };
        model[t.target] = t.model;
      } else {
        metrics[t.target] = { status: 'insufficient', documents: t.documents, reason: t.reason };
        model[t.target] = null;
      }
    }
    modelVersion = await insertModel(db, {
      trainedBy: input.trainedBy,
      command: input.command,
      method: input.method,
      labelRule: TRUSTED_LABEL_RULE,
      trainingRows: read.rows.length,
      taxonomyVersion,
      tokenizerDigest: textWordLists().digest,
      metrics,
      model,
      servqVersion: input.servqVersion,
    });
  }
  return { modelVersion, method: input.method, labelledRows: read.rows.length, totalLabelled: read.total, withoutTerms, targets, taxonomyVersion };
}

/** No model to predict with: train one first. */
export class NoModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoModelError';
  }
}

/** How to classify. */
export interface ClassifyInput {
  readonly period: PeriodFilter | null;
  /** Default: the newest model. */
  readonly modelVersion?: number;
  readonly taxonomyFile?: string;
  readonly progress?: (message: string) => void;
}

/** What classifying did. */
export interface ClassifyOutcome {
  readonly modelVersion: number;
  readonly classified: number;
  /** Complaints whose description gave no term (empty, only numbers, emoji or masked data): no prediction. */
  readonly withoutTerms: number;
  /** Descriptions longer than the tokenizer's limit (only the start was read). */
  readonly truncated: number;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly byRootCause: Readonly<Record<string, number>>;
  /** Predictions of complaints whose batch was removed, deleted first. */
  readonly pruned: number;
}

/** Complaints written per statement. */
const WRITE_CHUNK = 2000;

/**
 * Predicts category and root cause for the current complaints (of the period) with a stored model.
 * @throws NoModelError when there is no model (or not the version asked for)
 */
export async function classifyComplaints(db: Database, input: ClassifyInput): Promise<ClassifyOutcome> {
  const progress = input.progress ?? (() => {});
  const stored = await findModel(db, input.modelVersion);
  if (!stored) {
    throw new NoModelError(input.modelVersion === undefined ? 'no classifier trained yet: run servq classify complaints --train' : `no model version ${input.modelVersion} (servq classify models lists them)`);
  }
  const models = stored.model as Partial<Record<TaxonomyTarget, TextClassifierModel | null>>;
  // Both targets' models predict together: each description's features are looked up once for both.
  const present = TAXONOMY_TARGETS.filter((target) => models[target]);
  const compiled = compileTextClassifiers(present.map((target) => models[target]!));
  const categoryAt = present.indexOf('category');
  const rootCauseAt = present.indexOf('root_cause');
  const tokenizer = catalogTokenizer();
  const { rules } = compiledRules(tokenizer, input.taxonomyFile);
  const pruned = await pruneRemovedClassifications(db);
  const byCategory: Record<string, number> = {};
  const byRootCause: Record<string, number> = {};
  let classified = 0;
  let withoutTerms = 0;
  let truncated = 0;
  for (const batchId of await complaintBatchIds(db, input.period)) {
    const texts = await complaintTextsOfBatch(db, batchId, input.period);
    progress(`batch ${batchId}: ${texts.length.toLocaleString('en-US')} complaints`);
    for (let start = 0; start < texts.length; start += WRITE_CHUNK) {
      const rows: ClassificationRow[] = texts.slice(start, start + WRITE_CHUNK).map((c) => {
        const t = tokenizer.tokenize(c.description);
        if (t.truncated) truncated++;
        if (t.terms.length === 0) {
          withoutTerms++;
          return { batchId: c.batchId, lineNo: c.lineNo, categoryPredicted: null, categoryConfidence: null, rootCausePredicted: null, rootCauseConfidence: null, categoryRule: null, rootCauseRule: null, terms: 0 };
        }
        const predictions = compiled.predictAll(t.terms, t.phrases);
        const category = categoryAt < 0 ? null : predictions[categoryAt]!;
        const rootCause = rootCauseAt < 0 ? null : predictions[rootCauseAt]!;
        if (category) byCategory[category.label] = (byCategory[category.label] ?? 0) + 1;
        if (rootCause) byRootCause[rootCause.label] = (byRootCause[rootCause.label] ?? 0) + 1;
        return {
          batchId: c.batchId,
          lineNo: c.lineNo,
          categoryPredicted: category?.label ?? null,
          categoryConfidence: category?.confidence ?? null,
          rootCausePredicted: rootCause?.label ?? null,
          rootCauseConfidence: rootCause?.confidence ?? null,
          categoryRule: applyKeywordRules(rules.category, t.cleaned, t.terms).code,
          rootCauseRule: applyKeywordRules(rules.root_cause, t.cleaned, t.terms).code,
          terms: t.terms.length,
        };
      });
      await writeClassifications(db, stored.modelVersion, rows);
      classified += rows.length;
    }
  }
  return { modelVersion: stored.modelVersion, classified, withoutTerms, truncated, byCategory, byRootCause, pruned };
}
