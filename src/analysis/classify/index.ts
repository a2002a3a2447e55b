/**
 * Text classification for the complaint taxonomy: keyword rules kept as data, learned classifiers (multinomial
 * naive Bayes, softmax regression on TF-IDF), cross-validated evaluation against the majority class and the
 * rules. Pure functions over token lists; the database and the catalog files are read by the callers.
 */
export { classificationReport, type ClassificationReport, type ClassMetrics } from './classification-report.js';
export { compileTextClassifiers, type CompiledTextClassifiers } from './compile-text-classifiers.js';
export { crossValidateTextClassifier, type ClassifierEvaluation, type CrossValidationOptions } from './cross-validate-classifier.js';
export { FeatureCounts } from './feature-counts.js';
export { applyKeywordRules, compileKeywordRules, type CodeKeywords, type CompiledKeywordRules, type KeywordMatch, type TargetRules, type TaxonomyRules } from './keyword-rules.js';
export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from './lbfgs.js';
export { fitNaiveBayes, predictNaiveBayes, softmaxInPlace, type NaiveBayesModel, type NaiveBayesOptions } from './naive-bayes.js';
export { fitSoftmaxRegression, predictSoftmax, type SoftmaxModel, type SoftmaxOptions } from './softmax-regression.js';
export { countVector, type SparseVector } from './sparse-vector.js';
export { stratifiedFolds } from './stratified-folds.js';
export {
  compileTextClassifier,
  fitTextClassifier,
  TEXT_CLASSIFIER_METHODS,
  type CompiledTextClassifier,
  type TextClassifierFit,
  type TextClassifierMethod,
  type TextClassifierModel,
  type TextClassifierOptions,
  type TextPrediction,
} from './text-classifier.js';
export { inverseDocumentFrequency, tfIdfVector } from './tf-idf.js';
export { buildVocabulary, vocabularyOf, type Vocabulary, type VocabularyOptions } from './vocabulary.js';
