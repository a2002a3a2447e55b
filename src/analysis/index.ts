/**
 * `servq/analysis`: the statistics core and the models, as pure functions over arrays (no database, file
 * system, clock or randomness inside: seeds and "now" are parameters), so reports, notebooks and outside
 * scripts call exactly what servq's own analyses call.
 *
 * Every result is either `{ status: 'ok', method, warnings, … }` — `method` names the variant (e.g.
 * 'wilson-cc', 'welch', 'spearman-exact') so a report can print it — or `{ status: 'insufficient', reason }`
 * when the data cannot support the computation (a report prints "not enough data", never NaN). Invalid
 * arguments throw a RangeError/TypeError whose message starts with the function name.
 *
 * Sections: shared shapes · distributions · estimates and intervals · tests · correlation and multiplicity ·
 * control charts · queueing · time series and forecasts · clustering · decision trees · key drivers and effects ·
 * empirical Bayes shrinkage.
 * Each function is checked against R 4.2 / SciPy / statsmodels / scikit-learn reference values
 * (test/reference/: the scripts that computed them, with the call and version beside each value).
 *
 * @packageDocumentation
 */

// Shared shapes
export { insufficient, isOk, type AnalysisWarning, type InsufficientResult } from './result.js';

// Distributions (tails accurate far out; log-scale variants where p-values would underflow)
export {
  betaQuantile,
  chiSquareCdf,
  chiSquareLogSurvival,
  chiSquareQuantile,
  chiSquareSurvival,
  fCdf,
  fLogSurvival,
  fSurvival,
  logBeta,
  logGamma,
  normalCdf,
  normalDensity,
  normalLogCdf,
  normalLogSurvival,
  normalQuantile,
  normalQuantileFromLog,
  normalSurvival,
  normalUpperQuantile,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  studentTCdf,
  studentTDensity,
  studentTLogCdf,
  studentTLogSurvival,
  studentTQuantile,
  studentTSurvival,
} from './distributions/index.js';

// Descriptive statistics
export { describe, DESCRIBE_WARNINGS, type DescribeOptions, type DescribeResult, type MeanConfidenceInterval } from './describe.js';
export { quantile, QUANTILE_WARNINGS, type QuantileOptions, type QuantileType, type QuantileValueResult, type QuantilesResult } from './quantile.js';
export { histogram, prettyBreaks, HISTOGRAM_WARNINGS, type HistogramBinRule, type HistogramOptions, type HistogramResult } from './histogram.js';

// Proportions: intervals and tests
export { wilsonInterval, type IntervalAlternative, type WilsonIntervalOptions, type WilsonIntervalResult } from './wilson-interval.js';
export { newcombeDifference, type NewcombeDifferenceOptions, type NewcombeDifferenceResult } from './newcombe-difference.js';
export { twoProportionTest, type TwoProportionTestOptions, type TwoProportionTestResult } from './two-proportion-test.js';
export { proportionsTest, type ProportionsTestOptions, type ProportionsTestResult } from './proportions-test.js';
export {
  netPromoterDifference,
  netPromoterScore,
  type NetPromoterCounts,
  type NetPromoterDifferenceResult,
  type NetPromoterResult,
} from './net-promoter.js';
export { chiSquareTest, CHI_SQUARE_WARNINGS, type ChiSquareTestOptions, type ChiSquareTestResult } from './chi-square-test.js';

// Location tests
export { tTest, T_TEST_WARNINGS, type TTestMethod, type TTestOptions, type TTestResult, type TTestSample } from './t-test.js';
export {
  welchTestFromSummary,
  type SampleSummary,
  type WelchSummaryTestOptions,
  type WelchSummaryTestResult,
} from './welch-summary-test.js';
export {
  mannWhitneyTest,
  MANN_WHITNEY_WARNINGS,
  type MannWhitneyAlternative,
  type MannWhitneyOptions,
  type MannWhitneyResult,
  type ShiftInterval,
} from './mann-whitney-test.js';

// Correlation, ranks and multiplicity
export {
  correlation,
  correlationMatrix,
  CORRELATION_WARNINGS,
  type CorrelationAlternative,
  type CorrelationInterval,
  type CorrelationMatrixOptions,
  type CorrelationMatrixResult,
  type CorrelationMethod,
  type CorrelationOptions,
  type CorrelationResult,
  type CorrelationVariant,
} from './correlation/index.js';
export { averageRanks, sortOrder, type AverageRanks } from './ranks.js';
export { adjustPValues, P_ADJUST_METHODS, type AdjustedPValues, type PAdjustMethod } from './adjust-p-values.js';

// Control charts
export {
  controlChart,
  CONTROL_CHART_WARNINGS,
  D2,
  D4,
  DEFAULT_RUN_RULES,
  RUN_RULES,
  type ControlChartBaseline,
  type ControlChartOptions,
  type ControlChartResult,
  type ControlChartType,
  type MovingRangeChart,
  type RunRuleDirection,
  type RunRuleId,
  type RunRuleViolation,
} from './control-chart/index.js';

// Queueing: Erlang B, C, A and staffing
export {
  erlangA,
  erlangB,
  erlangC,
  staffing,
  ERLANG_A_WARNINGS,
  type AbandonCounting,
  type ErlangAOptions,
  type ErlangAOutcome,
  type ErlangAResult,
  type ErlangCOptions,
  type ErlangCOutcome,
  type ErlangCResult,
  type StaffingBinding,
  type StaffingModel,
  type StaffingOptions,
  type StaffingOutcome,
  type StaffingResult,
  type TrafficOptions,
} from './erlang/index.js';

// Time series: regular series, trend, decomposition, forecasts, backtests
export {
  fillSeries,
  FILL_SERIES_MAX_PERIODS,
  FILL_SERIES_WARNINGS,
  type FilledSeries,
  type FillSeriesOptions,
  type SeriesAggregate,
  type SeriesFill,
  type SeriesInterval,
  type SeriesPoint,
  type TimeInput,
} from './fill-series.js';
export { mannKendall, MANN_KENDALL_WARNINGS, type MannKendallAlternative, type MannKendallOptions, type MannKendallResult, type MannKendallTrend } from './mann-kendall.js';
export { senSlope, SEN_SLOPE_MAX_PAIRS, SEN_SLOPE_WARNINGS, type SenSlopeOptions, type SenSlopeResult } from './sen-slope.js';
export { stl, STL_WARNINGS, type StlOptions, type StlParameters, type StlResult } from './stl/index.js';
export { decompose, DECOMPOSE_WARNINGS, type DecomposeOptions, type DecomposeResult, type DecomposeType } from './decompose.js';
export {
  forecast,
  holtWinters,
  HOLT_WINTERS_WARNINGS,
  type ForecastOptions,
  type HoltWintersForecast,
  type HoltWintersModel,
  type HoltWintersOptions,
  type HoltWintersSeasonal,
  type HoltWintersState,
} from './holt-winters/index.js';
export {
  backtest,
  holtWintersForecaster,
  seasonalNaiveForecast,
  BACKTEST_WARNINGS,
  type AccuracyMetrics,
  type BacktestOptions,
  type BacktestOrigin,
  type BacktestResult,
  type Forecaster,
  type ForecasterContext,
  type ForecastPoints,
  type OriginForecast,
} from './backtest.js';

// Clustering: standardization, k-means (Hartigan–Wong or Lloyd, k-means++ restarts), silhouette, choice of k
export { standardize, STANDARDIZE_WARNINGS, type StandardizeOptions, type StandardizeResult } from './standardize.js';
export {
  kmeans,
  KMEANS_ALGORITHMS,
  KMEANS_WARNINGS,
  LOCAL_SEARCH_LIMIT,
  type FlatMatrix,
  type KMeansAlgorithm,
  type KMeansOptions,
  type KMeansProfile,
  type KMeansResult,
  type MatrixInput,
  type RowsMatrix,
} from './kmeans/index.js';
export { silhouette, SILHOUETTE_EXACT_LIMIT, SILHOUETTE_WARNINGS, type SilhouetteCluster, type SilhouetteOptions, type SilhouetteResult } from './silhouette.js';
export { silhouettes } from './silhouettes.js';
export { chooseK, CHOOSE_K_WARNINGS, type ChooseKOptions, type ChooseKPoint, type ChooseKResult } from './choose-k.js';

// Decision trees: CART with rpart semantics (cp table, surrogates, pruning), prediction, rules, cross-validation
export * from './cart/index.js';

// Key drivers and effects: relative importance (LMG / relative weights) with quadrants; difference-in-differences
export {
  keyDrivers,
  KEY_DRIVER_QUADRANTS,
  KEY_DRIVERS_LMG_DEFAULT_LIMIT,
  KEY_DRIVERS_MAX_LMG_DRIVERS,
  KEY_DRIVERS_WARNINGS,
  type KeyDriver,
  type KeyDriverQuadrant,
  type KeyDriversImportance,
  type KeyDriversInput,
  type KeyDriversOptions,
  type KeyDriversResult,
  type KeyDriversScale,
} from './key-drivers.js';
export {
  differenceInDifferences,
  DID_FEW_CLUSTERS,
  DID_WARNINGS,
  type DidCell,
  type DidDistribution,
  type DidPreTrend,
  type DidStandardError,
  type DidTerm,
  type DifferenceInDifferencesInput,
  type DifferenceInDifferencesOptions,
  type DifferenceInDifferencesResult,
} from './difference-in-differences.js';

// Empirical Bayes shrinkage for scorecards: per-agent rates (beta-binomial) and means (REML random intercept)
export {
  shrinkMeans,
  shrinkProportions,
  SHRINK_MEANS_WARNINGS,
  SHRINK_PROPORTIONS_WARNINGS,
  type MeanGroup,
  type ProportionGroup,
  type ShrinkMeansResult,
  type ShrinkProportionsOptions,
  type ShrinkProportionsResult,
  type ShrunkMean,
  type ShrunkProportion,
} from './empirical-bayes/index.js';
