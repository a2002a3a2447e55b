/**
 * `servq analyze targets`: every improvement target in effect at the period's end (improvement_target, with
 * history; `servq targets set` records new values) against the period's actual value, its 95 % interval, the
 * trend (Theil–Sen slope per month over the 12 months ending with the period), a status and the projected date
 * the trend reaches the target.
 *
 * Status (stated in `variants`): met — the actual meets the target and the trend does not cross it within
 * 3 months; at_risk — it meets it but the trend crosses within 3 months, or it misses it but the interval
 * reaches the target or the trend reaches it within 3 months; missed — otherwise. No figure (small n) → null.
 */
import type { MetricSource } from '../../db/metrics/dimensions.js';
import type { DateRange } from '../../db/metrics/grouped-query.js';
import { targetsInEffect, type TargetVersion } from '../../db/target-queries.js';
import type { Database } from '../../db/session.js';
import { senSlope } from '../../analysis/sen-slope.js';
import { UnsupportedOptionError, type AnalysisDefinition } from '../analysis.js';
import { COMPLAINT_RATE_SPEC, complaintMetricSpecs, withContactCounts } from '../complaint-metrics.js';
import { contactMetricSpecs } from '../contact-metrics.js';
import type { MetricRow } from '../document.js';
import { metricRows } from '../grouped-metrics.js';
import { addDays, addMonths, lastDayOf, periodOf } from '../period.js';
import type { AnalyzeRequest } from '../request.js';
import { itemRows, SURVEY_HEADLINE } from '../survey-metrics.js';
import { complaintAggregates } from '../../db/metrics/complaint-aggregates.js';
import { contactAggregates, contactCounts } from '../../db/metrics/contact-aggregates.js';
import { sourceSpans } from '../../db/metrics/data-span.js';
import { surveyItemAggregates } from '../../db/metrics/survey-aggregates.js';

/** Which KPI (and which channel) each target metric reads. */
export const TARGET_KPI: Readonly<Record<string, { readonly source: MetricSource; readonly metric: string; readonly channel?: string }>> = {
  csat: { source: 'surveys', metric: 'csat' },
  csat_transparency: { source: 'surveys', metric: 'transparency_satisfied' },
  nps: { source: 'surveys', metric: 'nps' },
  share_handled_within_24h: { source: 'complaints', metric: 'handled_within_24h' },
  first_reply_30min: { source: 'complaints', metric: 'first_reply_within_30min' },
  followup_within_48h: { source: 'complaints', metric: 'followup_within_48h' },
  complaint_rate_per_1000: { source: 'complaints', metric: 'complaints_per_1000_contacts' },
  service_level_phone: { source: 'contacts', metric: 'service_level', channel: 'phone' },
  service_level_chat: { source: 'contacts', metric: 'service_level', channel: 'chat' },
  service_level_email: { source: 'contacts', metric: 'service_level', channel: 'email' },
  fcr: { source: 'contacts', metric: 'fcr' },
  abandon_rate: { source: 'contacts', metric: 'abandon_rate' },
  asa_seconds: { source: 'contacts', metric: 'asa_seconds' },
  aht_seconds: { source: 'contacts', metric: 'aht_seconds' },
};

const HORIZON_MONTHS = 3;
const TREND_MONTHS = 12;
const DAYS_PER_MONTH = 365.2425 / 12;

/** The KPI rows of the three sources over one range, grouped by `by` (plus `channel` for contacts). */
async function kpiRows(db: Database, req: AnalyzeRequest, range: DateRange, by: readonly string[], sources: ReadonlySet<MetricSource>): Promise<MetricRow[]> {
  const base = { ranges: [range], timeZone: req.timeZone, filters: req.filters };
  const options = { minN: req.minN, labels: {}, compare: false };
  const rows: MetricRow[] = [];
  // No target measures a wait, handle, response or resolution quantile (TARGET_KPI): the quantile statements of
  // contacts and complaints are skipped, and
  // complaints alone need only the contacts offered.
  // Independent statements, run together (separate connections of a server's pool; in turn on PGlite).
  const [contacts, byChannel, items, complaints] = await Promise.all([
    sources.has('contacts')
      ? contactAggregates(db, { ...base, by, repeatWindowDays: req.repeatWindowDays, quantiles: false })
      : sources.has('complaints')
        ? contactCounts(db, { ...base, by })
        : [],
    sources.has('contacts') ? contactAggregates(db, { ...base, by: [...by, 'channel'], repeatWindowDays: req.repeatWindowDays, quantiles: false }) : [],
    sources.has('surveys') ? surveyItemAggregates(db, { ...base, by }) : [],
    sources.has('complaints')
      ? sourceSpans(db, req.timeZone).then((spans) => complaintAggregates(db, { ...base, by, asOf: spans.find((s) => s.source === 'complaints')?.last ?? new Date(0), quantiles: false }))
      : [],
  ]);
  if (sources.has('contacts')) {
    rows.push(...metricRows(contacts, contactMetricSpecs(req.abandonRule), options));
    rows.push(...metricRows(byChannel, contactMetricSpecs(req.abandonRule), options));
  }
  if (sources.has('surveys')) {
    for (const { item, spec } of SURVEY_HEADLINE) rows.push(...metricRows(itemRows(items, item), [spec], options));
  }
  if (sources.has('complaints')) {
    rows.push(...metricRows(withContactCounts(complaints, contacts), [...complaintMetricSpecs(), COMPLAINT_RATE_SPEC], options));
  }
  return rows;
}

const meets = (value: number, comparator: string, target: number): boolean =>
  comparator === '>=' ? value >= target : comparator === '<=' ? value <= target : comparator === '>' ? value > target : value < target;

function findRow(rows: readonly MetricRow[], metric: string, channel: string | undefined, extra: Record<string, string> = {}): MetricRow | undefined {
  return rows.find(
    (r) => r.metric === metric && (channel === undefined ? r.group['channel'] === undefined : r.group['channel'] === channel) && Object.entries(extra).every(([k, v]) => r.group[k] === v),
  );
}

export const targets: AnalysisDefinition = {
  name: 'targets',
  summary: 'improvement targets: actual, trend (Sen slope per month), met / at risk / missed, projected date',
  sources: ['contacts', 'surveys', 'complaints'],
  async run(db, req) {
    if (req.by.length > 0) throw new UnsupportedOptionError(`targets are company-wide: --by is not supported (filters are: e.g. --filter region=华南)`);
    const end = lastDayOf(req.period);
    const inEffect: TargetVersion[] = await targetsInEffect(db, end);
    const known = inEffect.filter((t) => TARGET_KPI[t.metric] !== undefined);
    const notes = inEffect.filter((t) => TARGET_KPI[t.metric] === undefined).map((t) => `target ${t.targetId}: metric '${t.metric}' is not computed by servq analyze; left out`);
    const sources = new Set(known.map((t) => TARGET_KPI[t.metric]!.source));
    req.progress?.('actual values and monthly trend');
    const periodRange: DateRange = { key: 'current', from: req.period.from, to: req.period.to };
    const historyFrom = addMonths(periodOf(end, 'month').from, -(TREND_MONTHS - 1));
    const historyRange: DateRange = { key: 'current', from: historyFrom, to: periodOf(end, 'month').to };
    const [actual, monthly] = await Promise.all([kpiRows(db, req, periodRange, [], sources), kpiRows(db, req, historyRange, ['month'], sources)]);
    const months = Array.from({ length: TREND_MONTHS }, (_, i) => addMonths(historyFrom, i).slice(0, 7));

    const rows: MetricRow[] = known.map((t) => {
      const kpi = TARGET_KPI[t.metric]!;
      const row = findRow(actual, kpi.metric, kpi.channel);
      const series = months.map((m) => {
        const r = findRow(monthly, kpi.metric, kpi.channel, { month: m });
        return r?.status === 'ok' ? r.value : null;
      });
      const trend = senSlope(series);
      const value = row?.status === 'ok' ? row.value : null;
      const slope = trend.status === 'ok' ? trend.slope : null;
      let targetStatus: string | null = null;
      let projected: string | null = null;
      if (value !== null) {
        const gap = t.targetValue - value;
        const monthsToCross = slope !== null && slope !== 0 ? gap / slope : null;
        const within = monthsToCross !== null && monthsToCross > 0 && monthsToCross <= HORIZON_MONTHS;
        if (monthsToCross !== null && monthsToCross > 0) projected = addDays(end, Math.ceil(monthsToCross * DAYS_PER_MONTH));
        if (meets(value, t.comparator, t.targetValue)) {
          targetStatus = within ? 'at_risk' : 'met';
          if (!within) projected = null;
        } else {
          const reachable = row?.lower != null && row.upper != null && row.lower <= t.targetValue && t.targetValue <= row.upper;
          targetStatus = within || reachable ? 'at_risk' : 'missed';
        }
      }
      return {
        group: { target: t.targetId },
        metric: t.metric,
        value,
        n: row?.n ?? 0,
        lower: row?.lower ?? null,
        upper: row?.upper ?? null,
        status: row?.status ?? 'insufficient',
        unit: row?.unit ?? 'value',
        ...(row?.reason !== undefined ? { reason: row.reason } : row ? {} : { reason: 'no data for this metric in the period' }),
        extra: {
          description: t.description,
          comparator: t.comparator,
          target_value: t.targetValue,
          target_status: targetStatus,
          trend_per_month: slope,
          trend_lower: trend.status === 'ok' ? trend.slopeLower : null,
          trend_upper: trend.status === 'ok' ? trend.slopeUpper : null,
          trend_months: series.filter((s) => s !== null).length,
          projected_date: projected,
          target_valid_from: t.validFrom,
        },
      } satisfies MetricRow;
    });
    const observed: Partial<Record<MetricSource, number>> = {};
    for (const s of sources) observed[s] = actual.filter((r) => TARGET_KPI_SOURCE_METRIC[s] === r.metric && r.group['channel'] === undefined).reduce((sum, r) => sum + (r.n ?? 0), 0);
    return {
      rows,
      variants: {
        target_status: `met: the actual meets the target and the trend does not cross it within ${HORIZON_MONTHS} months; at_risk: it meets it but the trend crosses within ${HORIZON_MONTHS} months, or it misses it but the 95 % interval reaches the target or the trend reaches it within ${HORIZON_MONTHS} months; missed: otherwise`,
        trend_per_month: `Theil–Sen slope of the monthly values over the ${TREND_MONTHS} months ending with the period (${historyFrom} to ${end}), per month, with its 95 % interval; months below the minimum n are left out`,
        projected_date: 'the day the trend line from the period\'s actual value reaches the target (only when moving toward it, or when a met target is projected to be lost within the horizon)',
        ...Object.fromEntries(known.map((t) => [t.metric, `${TARGET_KPI[t.metric]!.metric}${TARGET_KPI[t.metric]!.channel ? ` of channel ${TARGET_KPI[t.metric]!.channel}` : ''} as in servq analyze kpis/sla/surveys/complaints (abandon rule '${req.abandonRule}')`])),
      },
      notes,
      ranges: [historyRange, periodRange],
      observed,
    };
  },
};

/** The count metric that says whether a source had data. */
const TARGET_KPI_SOURCE_METRIC: Readonly<Record<MetricSource, string>> = { contacts: 'contacts_offered', surveys: 'csat', complaints: 'complaints_received' };
