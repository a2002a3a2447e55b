/**
 * `servq analyze` as a library: the analyses over the database (metrics in SQL per period and dimension, the
 * statistics of `servq/analysis` on the aggregates), each returning the documented output document. The
 * command line, reports and notebooks call these, so every number has one definition.
 */
import type { AnalysisDefinition } from './analysis.js';
import { complaints } from './analyses/complaints.js';
import { kpis } from './analyses/kpis.js';
import { sla } from './analyses/sla.js';
import { surveys } from './analyses/surveys.js';
import { targets } from './analyses/targets.js';
import { training } from './analyses/training.js';
import { scorecards } from './analyses/scorecards.js';
import { drivers } from './analyses/drivers.js';
import { correlation } from './analyses/correlation.js';
import { segments } from './analyses/segments.js';
import { tree } from './analyses/tree.js';
import { trend } from './analyses/trend.js';
import { forecast } from './analyses/forecast.js';
import { control } from './analyses/control.js';
import { staffing } from './analyses/staffing.js';
import { commentThemes, themes } from './analyses/themes.js';

export { runAnalysis, EmptyPeriodError, UnsupportedOptionError, type AnalysisDefinition, type AnalysisResult } from './analysis.js';
export { runAnalyses, SET_CONCURRENCY, type AnalysisSetEntry, type RunAnalysesOptions } from './run-set.js';
export type { AnalysisDocument, Comparison, MetricRow, MetricUnit, RowStatus } from './document.js';
export { ABANDON_RULES, REQUEST_DEFAULTS, type AbandonRule, type AnalyzeRequest } from './request.js';
export { latestFullMonth, latestFullQuarter, parsePeriod, periodOf, previousPeriod, rangePeriod, sameLastYear, type Grain, type Period } from './period.js';

/** Every analysis by name, in the order `servq analyze --list` shows them. */
export const ANALYSES: Readonly<Record<string, AnalysisDefinition>> = Object.fromEntries(
  [kpis, sla, surveys, complaints, targets, scorecards, training, drivers, correlation, segments, tree, trend, forecast, control, staffing, themes, commentThemes].map((a) => [a.name, a]),
);
