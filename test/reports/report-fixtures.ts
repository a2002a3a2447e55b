/**
 * Hand-made analysis documents for report tests that need no database: a few rows of the shapes the analyses
 * return (README "Analysis output"), with text fields that can carry hostile data.
 */
import type { AnalysisDocument } from '../../src/analyze/document.js';
import type { DataQualitySummary, ReportInputs, ReportKind } from '../../src/reports/report.js';
import type { Lang } from '../../src/reports/labels.js';

export const PERIOD = { label: '2026-Q1', from: '2026-01-01', to: '2026-03-31', timeZone: 'Asia/Shanghai' } as const;

export function doc(analysis: string, rows: Record<string, unknown>[], extra: Partial<AnalysisDocument> = {}): AnalysisDocument {
  return { analysis, period: PERIOD, filters: {}, by: [], variants: {}, generatedAt: '2026-04-01T08:00:00.000Z', dataBatches: [1, 2], notes: [], rows, ...extra };
}

const cmp = (period: string, value: number, change: number, q: number) => ({ period, value, n: 1000, change, pValue: q / 2, qValue: q, test: 'two-proportion-z-yates', status: 'ok' });

export const EMPTY_QUALITY: DataQualitySummary = { sources: [], topReasons: [], refusedFiles: [], batches: [] };

/** Inputs with KPIs, service level by channel, complaints, themes and team scorecards; `text` goes into every text field from data. */
export function sampleInputs(kind: ReportKind, lang: Lang, text = 'plain'): ReportInputs {
  const months = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
  return {
    kind,
    lang,
    period: PERIOD,
    madeAt: '2026-04-01T08:00:00.000Z',
    filters: {},
    errors: {},
    targetKpis: { csat: 'csat', fcr: 'fcr' },
    documents: {
      kpis: doc('kpis', [
        { metric: 'contacts_offered', value: 14853, n: 14853, status: 'ok', unit: 'count', previous: cmp('2025-Q4', 14044, 809, 1) },
        { metric: 'service_level', value: 0.6118, n: 11885, lower: 0.603, upper: 0.6205, status: 'ok', unit: 'share', previous: cmp('2025-Q4', 0.6614, -0.0496, 1.3e-13) },
        { metric: 'csat', value: 0.778, n: 1609, lower: 0.757, upper: 0.798, status: 'ok', unit: 'share', previous: cmp('2025-Q4', 0.783, -0.005, 0.88) },
        { metric: 'fcr', value: 0.562, n: 13963, lower: 0.553, upper: 0.57, status: 'ok', unit: 'share', previous: cmp('2025-Q4', 0.565, -0.003, 0.88) },
      ]),
      sla: doc('sla', [
        { channel: 'phone', metric: 'service_level', value: 0.61, n: 8313, lower: 0.6, upper: 0.62, status: 'ok', unit: 'share', threshold_seconds: 60, previous: cmp('2025-Q4', 0.63, -0.02, 0.001) },
        { channel: text, metric: 'service_level', value: 0.75, n: 2571, lower: 0.73, upper: 0.77, status: 'ok', unit: 'share', threshold_seconds: 30, previous: cmp('2025-Q4', 0.8, -0.05, 0.0003) },
        { channel: 'phone', metric: 'contacts_offered', value: 9000, n: 9000, status: 'ok', unit: 'count' },
      ]),
      targets: doc('targets', [
        { target: 'fcr_goal', metric: 'fcr', value: 0.562, n: 13963, lower: 0.553, upper: 0.57, status: 'ok', unit: 'share', description: 'first-contact resolution', comparator: '>=', target_value: 0.6, target_status: 'at_risk', trend_per_month: 0.004, projected_date: '2026-12-01' },
        { target: 'csat', metric: 'csat', value: 0.778, n: 1609, lower: 0.757, upper: 0.798, status: 'ok', unit: 'share', description: 'satisfaction', comparator: '>=', target_value: 0.9, target_status: 'missed', trend_per_month: 0.0013, projected_date: '2034-05-02' },
      ]),
      complaints: doc('complaints', [
        { category: text, metric: 'pareto_share', value: 0.6, n: 60, status: 'ok', unit: 'share', pareto_of: 'category', rank: 1, cumulative_share: 0.6 },
        { category: 'billing', metric: 'pareto_share', value: 0.4, n: 40, status: 'ok', unit: 'share', pareto_of: 'category', rank: 2, cumulative_share: 1 },
        { metric: 'handled_within_24h', value: 0.656, n: 410, lower: 0.61, upper: 0.7, status: 'ok', unit: 'share', previous: cmp('2025-Q4', 0.516, 0.14, 0.0005) },
        { metric: 'resolution_median_seconds', value: 64800, n: 400, status: 'ok', unit: 'seconds' },
        { metric: 'resolution_p90_seconds', value: 259200, n: 400, status: 'ok', unit: 'seconds' },
        { metric: 'resolution_mean_seconds', value: 100800, n: 400, status: 'ok', unit: 'seconds' },
        { metric: 'first_response_median_seconds', value: 0, n: 410, status: 'ok', unit: 'seconds' },
      ]),
      themes: doc('themes', [{ metric: 'theme', value: 1.2, n: 416, status: 'ok', unit: 'score', term: text, kind: 'term', rank: 1, count_now: 34, count_before: 21, share_now: 0.08, share_before: 0.05, examples: `=HYPERLINK("x") ${text}` }]),
      trend: doc('trend', [{ series: 'service_level', metric: 'sen_slope', value: 0.0001, n: 60, status: 'ok', unit: 'share', step: 'week', from: '2025-04-07', to: '2026-03-30', slope_per_year: 0.02, relative_slope_per_year: 0.033 }]),
      scorecards: doc('scorecards', [{ team: text, metric: 'service_level', value: 0.67, n: 1993, lower: 0.65, upper: 0.69, status: 'ok', unit: 'share', flag: null }]),
    },
    monthly: doc(
      'kpis',
      months.flatMap((m, i) => [
        { month: m, metric: 'service_level', value: 0.6 + 0.01 * Math.sin(i), n: 3000, status: 'ok', unit: 'share' },
        { month: m, metric: 'csat', value: 0.78 + 0.01 * Math.cos(i), n: 500, status: 'ok', unit: 'share' },
      ]),
    ),
    dataQuality: {
      sources: [{ kind: 'calls', batches: 1, rowsRead: 100, rowsLoaded: 98, rowsRejected: 2, rowsDuplicate: 0 }],
      topReasons: [{ kind: 'calls', code: 'invalid_timestamp', rows: 2, example: `line 5: started_at '${text}' is not a time` }],
      refusedFiles: [{ batchId: 3, kind: 'complaints', file: `${text}.csv`, error: 'unterminated quote on line 5' }, { batchId: 4, kind: 'calls', file: 'Cafe\u0301-Mu\u0308ller.csv', error: 'empty file' }],
      batches: [{ batchId: 1, kind: 'calls', file: 'calls.csv', rowsRead: 100, rowsLoaded: 98, rowsRejected: 2, rowsDuplicate: 0, encoding: 'utf-8' }],
    },
  };
}
