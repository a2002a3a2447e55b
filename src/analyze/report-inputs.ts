/**
 * Gathers what a report is built from: runs the report's analyses for its period (two at a time, as
 * `runAnalyses` does), `kpis` month by month over the twelve months ending with the period, and the data-quality
 * summary of the batches they read. Reports, pipelines and notebooks call this; `src/reports` turns the result
 * into files.
 */
import { batchesInRanges } from '../db/metrics/data-span.js';
import { UnknownDimensionError } from '../db/metrics/grouped-query.js';
import { reportBatches, topRejectReasons } from '../db/report-queries.js';
import type { Database } from '../db/session.js';
import { REPORT_ANALYSES, wantsMonthly } from '../reports/build-report.js';
import type { Lang } from '../reports/labels.js';
import type { DataQualitySummary, ReportInputs, ReportKind } from '../reports/report.js';
import { EmptyPeriodError, runAnalysis } from './analysis.js';
import type { AnalysisDocument } from './document.js';
import { ANALYSES, runAnalyses } from './index.js';
import { TARGET_KPI } from './analyses/targets.js';
import { addDays, addMonths, lastDayOf, rangePeriod, type Period } from './period.js';
import { REQUEST_DEFAULTS, type AnalyzeRequest } from './request.js';
import { maskPersonalData } from '../privacy/mask.js';

export interface ReportRequest {
  readonly kind: ReportKind;
  readonly lang: Lang;
  readonly period: Period;
  readonly timeZone: string;
  /** The time the report is stamped with (an input: the same data and time give the same files). */
  readonly madeAt: Date;
  readonly filters?: Readonly<Record<string, readonly string[]>>;
  readonly minN?: number;
  readonly seed?: number;
  /** Called as each analysis starts (progress). */
  readonly onAnalysis?: (name: string) => void;
}

/** Analyses that compute a period's figures from the history before it, whether or not the period has data. */
const PLANS_FROM_HISTORY: ReadonlySet<string> = new Set(['staffing']);

/** One error for a report none of whose analyses has data: the first of those naming the most sources. */
function mergedEmpty(errors: readonly EmptyPeriodError[]): EmptyPeriodError {
  return errors.reduce((best, e) => (e.sources.length > best.sources.length ? e : best));
}

/**
 * The inputs of one report.
 * @throws EmptyPeriodError when no analysis of the report has data in the period (the message names the loaded span)
 * @throws UnknownDimensionError when a filter names a dimension none of the report's analyses has
 */
export async function gatherReportInputs(db: Database, r: ReportRequest): Promise<ReportInputs> {
  const filters = r.filters ?? {};
  const request: AnalyzeRequest = { ...REQUEST_DEFAULTS, period: r.period, by: [], filters, timeZone: r.timeZone, generatedAt: r.madeAt, ...(r.minN !== undefined ? { minN: r.minN } : {}), ...(r.seed !== undefined ? { seed: r.seed } : {}) };
  const names = REPORT_ANALYSES[r.kind];
  const entries = await runAnalyses(db, names.map((n) => ANALYSES[n]!), request, r.onAnalysis ? { onStart: r.onAnalysis } : {});
  const documents: Record<string, AnalysisDocument | null> = {};
  const errors: Record<string, string> = {};
  for (const e of entries) {
    documents[e.name] = e.document;
    if (e.error) errors[e.name] = e.error.message;
  }
  // No data of any source in the period: a report of empty sections would only hide a wrong --period. Staffing
  // plans a period from the history before it (a future quarter has its figures), so it does not count as data.
  const measured = entries.filter((e) => !PLANS_FROM_HISTORY.has(e.name));
  const empty = measured.map((e) => e.error).filter((e) => e instanceof EmptyPeriodError);
  if (measured.length > 0 && empty.length === measured.length) throw mergedEmpty(empty);
  // Likewise a filter on a dimension no analysis has (a typo): say so instead of a report of failed parts.
  const unknown = entries.map((e) => e.error).filter((e) => e instanceof UnknownDimensionError);
  if (entries.length > 0 && unknown.length === entries.length) throw unknown[0]!;
  let monthly: AnalysisDocument | null = null;
  if (wantsMonthly(r.kind)) {
    // Service level by priority against its standards (the set ran sla by channel).
    r.onAnalysis?.('sla by priority');
    try {
      documents['sla_by_priority'] = await runAnalysis(db, ANALYSES['sla']!, { ...request, by: ['priority'] });
    } catch (error) {
      documents['sla_by_priority'] = null;
      errors['sla_by_priority'] = error instanceof Error ? error.message : String(error);
    }
    const last = lastDayOf(r.period);
    const year: Period = rangePeriod(addMonths(addDays(last, 1), -12), last);
    r.onAnalysis?.('kpis by month');
    try {
      monthly = await runAnalysis(db, ANALYSES['kpis']!, { ...request, period: year, by: ['month'] });
    } catch (error) {
      errors['kpis_by_month'] = error instanceof Error ? error.message : String(error);
    }
  }
  const read = Object.values(documents).flatMap((d) => d?.dataBatches ?? []);
  const inPeriod = r.kind === 'data-quality' ? await batchesInRanges(db, ['contacts', 'surveys', 'complaints'], [{ from: r.period.from, to: r.period.to }], r.timeZone) : [];
  const batchIds = [...new Set([...read, ...(monthly?.dataBatches ?? []), ...inPeriod])].sort((a, b) => a - b);
  const batches = await reportBatches(db, batchIds, r.period.from, r.timeZone, r.madeAt);
  return {
    kind: r.kind,
    lang: r.lang,
    period: { label: r.period.label, from: r.period.from, to: lastDayOf(r.period), timeZone: r.timeZone },
    madeAt: r.madeAt.toISOString(),
    filters,
    documents,
    errors,
    targetKpis: Object.fromEntries(Object.entries(TARGET_KPI).filter(([, k]) => k.channel === undefined).map(([target, k]) => [target, k.metric])),
    emptyPeriod: entries.filter((e) => e.error instanceof EmptyPeriodError).map((e) => e.name),
    monthly,
    dataQuality: await summarise(db, batches),
  };
}

async function summarise(db: Database, batches: Awaited<ReturnType<typeof reportBatches>>): Promise<DataQualitySummary> {
  const loaded = batches.filter((b) => b.status === 'loaded');
  const kinds = [...new Set(loaded.map((b) => b.kind))].sort();
  return {
    sources: kinds.map((kind) => {
      const of = loaded.filter((b) => b.kind === kind);
      return {
        kind,
        batches: of.length,
        rowsRead: of.reduce((s, b) => s + b.rowsRead, 0),
        rowsLoaded: of.reduce((s, b) => s + b.rowsLoaded, 0),
        rowsRejected: of.reduce((s, b) => s + b.rowsRejected, 0),
        rowsDuplicate: of.reduce((s, b) => s + b.rowsDuplicate, 0),
      };
    }),
    // Reasons quote the values they refuse, and file names are whatever a user chose: masked like every text shown.
    topReasons: (await topRejectReasons(db, loaded.map((b) => b.batchId))).map((x) => ({ ...x, example: maskPersonalData(x.example) })),
    refusedFiles: batches.filter((b) => b.status === 'failed').map((b) => ({ batchId: b.batchId, kind: b.kind, file: maskPersonalData(b.file), error: maskPersonalData(b.error ?? '') })),
    batches: loaded.map(({ batchId, kind, file, rowsRead, rowsLoaded, rowsRejected, rowsDuplicate, encoding }) => ({ batchId, kind, file: maskPersonalData(file), rowsRead, rowsLoaded, rowsRejected, rowsDuplicate, encoding })),
  };
}
