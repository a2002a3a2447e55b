/**
 * `servq analyze trend`: where the volume and the KPIs are heading, over the history that ends with the
 * period (up to 156 weeks, cut to the loaded data).
 *
 * Stages:
 *   1. read   daily aggregates per group of contacts (contact-day-series), survey items and complaints;
 *   2. series daily contacts (days without a contact count 0); complete ISO weeks of contacts, service level,
 *             ASA, CSAT and complaints (a week with fewer than minN contacts or answers is missing, not 0);
 *   3. trend  Theil–Sen slope with its interval and the Mann–Kendall test per series, BH q-values across them;
 *   4. season STL of daily contacts (weekly cycle): seasonal and trend strength, each weekday's effect; STL of
 *             weekly contacts (yearly cycle) once the history holds more than two years.
 */
import { describe } from '../../analysis/describe.js';
import { adjustPValues } from '../../analysis/adjust-p-values.js';
import { mannKendall } from '../../analysis/mann-kendall.js';
import { senSlope } from '../../analysis/sen-slope.js';
import { stl } from '../../analysis/stl/index.js';
import { complaintReceived } from '../../db/metrics/complaint-aggregates.js';
import { contactDaySeries } from '../../db/metrics/contact-day-series.js';
import type { MetricSource } from '../../db/metrics/dimensions.js';
import { surveyItemAggregates } from '../../db/metrics/survey-aggregates.js';
import type { AnalysisDefinition } from '../analysis.js';
import { contactMetricSpecs, contactVariants } from '../contact-metrics.js';
import type { MetricRow, MetricUnit } from '../document.js';
import { itemRows, SURVEY_VARIANTS } from '../survey-metrics.js';
import { usableSources } from './shared.js';
import {
  completeWeeks,
  historyWindow,
  loadedDays,
  seriesBy,
  seriesByGroup,
  sumOver,
  WEEKDAYS,
  type Weekday,
  weekdayOf,
  withKeys,
  type Group,
  type Values,
} from './series-history.js';

/** History length: 156 weeks ending with the period's last day (enough for a yearly STL after two years). */
export const TREND_HISTORY_DAYS = 1092;
/** Fewest days with a value for a daily trend (four weekly cycles). */
export const TREND_MIN_DAYS = 28;
/** Fewest weeks with a value for a weekly trend. */
export const TREND_MIN_WEEKS = 10;
/** STL of daily contacts: weekly cycle, seasonal window 13 cycles, robust to holidays and incidents. */
export const WEEKLY_STL = { period: 7, sWindow: 13, robust: true } as const;
/** Weeks per yearly cycle; the yearly STL needs more than two cycles (as R's stl). */
const WEEKS_PER_YEAR = 52;

interface Series {
  readonly series: string;
  readonly step: 'day' | 'week';
  readonly unit: MetricUnit;
  readonly labels: readonly string[];
  readonly values: readonly (number | null)[];
  /** Why a series has no values at all (e.g. no policy), for its insufficient rows. */
  readonly emptyReason?: string;
}

const insufficientRow = (group: Group, metric: string, unit: MetricUnit, reason: string): MetricRow => ({ group, metric, value: null, n: null, status: 'insufficient', unit, reason });

/** Sen slope and Mann–Kendall rows of one series (the MK q-value is filled in later, across the document). */
function trendRows(group: Group, s: Series): MetricRow[] {
  const g = withKeys(group, { series: s.series });
  const points = s.values.filter((v): v is number => v !== null);
  const min = s.step === 'day' ? TREND_MIN_DAYS : TREND_MIN_WEEKS;
  if (points.length < min) {
    const reason = s.emptyReason && points.length === 0 ? s.emptyReason : `needs at least ${min} ${s.step}s with a value, got ${points.length}`;
    return [insufficientRow(g, 'sen_slope', s.unit, reason), insufficientRow(g, 'mann_kendall_p', 'value', reason)];
  }
  const level = describe(points);
  const median = level.status === 'ok' ? level.median : null;
  const perYear = s.step === 'day' ? 365.25 : 365.25 / 7;
  const first = s.labels[s.values.findIndex((v) => v !== null)] ?? null;
  const last = s.labels[s.values.length - 1 - [...s.values].reverse().findIndex((v) => v !== null)] ?? null;
  const span = { step: s.step, from: first, to: last, median };
  const sen = senSlope(s.values);
  const mk = mannKendall(s.values);
  const rows: MetricRow[] = [];
  if (sen.status === 'ok') {
    const slopePerYear = sen.slope * perYear;
    rows.push({
      group: g,
      metric: 'sen_slope',
      value: sen.slope,
      n: sen.n,
      lower: sen.slopeLower,
      upper: sen.slopeUpper,
      status: 'ok',
      unit: s.unit,
      extra: { ...span, slope_per_year: slopePerYear, relative_slope_per_year: median !== null && median > 0 ? slopePerYear / median : null },
    });
  } else rows.push(insufficientRow(g, 'sen_slope', s.unit, sen.reason));
  if (mk.status === 'ok') {
    rows.push({ group: g, metric: 'mann_kendall_p', value: mk.pValue, n: mk.n, status: 'ok', unit: 'value', extra: { ...span, tau: mk.tau, z: mk.z, direction: mk.trend } });
  } else rows.push(insufficientRow(g, 'mann_kendall_p', 'value', mk.reason));
  return rows;
}

/** max(0, 1 − Var(remainder) / Var(component + remainder)) (Wang, Smith & Hyndman 2006), or null without variation. */
function strength(component: readonly number[], remainder: readonly number[]): number | null {
  const r = describe(remainder);
  const both = describe(component.map((c, i) => c + remainder[i]!));
  if (r.status !== 'ok' || both.status !== 'ok' || r.variance === null || both.variance === null || !(both.variance > 0)) return null;
  return Math.max(0, 1 - r.variance / both.variance);
}

/**
 * The weekly component's mean per weekday (Monday first): contacts per day above (+) or below (−) the trend.
 * @param days the series' days, oldest first; @param seasonal STL's seasonal component of the same days
 */
export function weekdayEffects(days: readonly string[], seasonal: readonly number[]): { readonly weekday: Weekday; readonly effect: number; readonly n: number }[] {
  return WEEKDAYS.map((w) => {
    const at = days.map((d, i) => (weekdayOf(d) === w ? seasonal[i]! : null)).filter((v): v is number => v !== null);
    return { weekday: w, effect: at.length > 0 ? at.reduce((a, b) => a + b, 0) / at.length : Number.NaN, n: at.length };
  });
}

/** STL of daily volume: seasonal and trend strength, and the weekly component's mean per weekday. */
function weeklySeasonRows(group: Group, days: readonly string[], volume: readonly number[]): MetricRow[] {
  const g = withKeys(group, { series: 'contacts_per_day', season: 'weekly' });
  const weekdayGroups = WEEKDAYS.map((w) => withKeys(group, { series: 'contacts_per_day', weekday: w }));
  const fail = (reason: string) => [
    insufficientRow(g, 'seasonal_strength', 'share', reason),
    insufficientRow(g, 'trend_strength', 'share', reason),
    ...weekdayGroups.map((wg) => insufficientRow(wg, 'weekday_effect', 'count', reason)),
  ];
  if (days.length < TREND_MIN_DAYS) return fail(`needs at least ${TREND_MIN_DAYS} days, got ${days.length}`);
  const fit = stl(volume, WEEKLY_STL);
  if (fit.status !== 'ok') return fail(fit.reason);
  const seasonal = strength(fit.seasonal, fit.remainder);
  const trendShare = strength(fit.trend, fit.remainder);
  if (seasonal === null || trendShare === null) return fail('the daily volume does not vary: no seasonality or trend to measure');
  const mean = volume.reduce((a, b) => a + b, 0) / volume.length;
  const extra = { method: fit.method, period: 7, s_window: WEEKLY_STL.sWindow, days: days.length };
  const effects = weekdayEffects(days, fit.seasonal);
  const ranked = [...effects].sort((a, b) => b.effect - a.effect).map((e) => e.weekday);
  return [
    { group: g, metric: 'seasonal_strength', value: seasonal, n: days.length, status: 'ok', unit: 'share', extra },
    { group: g, metric: 'trend_strength', value: trendShare, n: days.length, status: 'ok', unit: 'share', extra },
    ...effects.map((e, i): MetricRow => ({
      group: weekdayGroups[i]!,
      metric: 'weekday_effect',
      value: e.effect,
      n: e.n,
      status: 'ok',
      unit: 'count',
      extra: { relative: mean > 0 ? e.effect / mean : null, rank: ranked.indexOf(e.weekday) + 1 },
    })),
  ];
}

/** STL of weekly volume with a yearly cycle, once there are more than two years of complete weeks. */
function yearlySeasonRows(group: Group, weeks: readonly string[], volume: readonly number[]): MetricRow[] {
  const g = withKeys(group, { series: 'contacts_per_week', season: 'yearly' });
  if (weeks.length <= 2 * WEEKS_PER_YEAR) {
    return [insufficientRow(g, 'seasonal_strength', 'share', `a yearly cycle needs more than ${2 * WEEKS_PER_YEAR} complete weeks (two years), got ${weeks.length}`)];
  }
  const fit = stl(volume, { period: WEEKS_PER_YEAR, sWindow: 'periodic', robust: true });
  if (fit.status !== 'ok') return [insufficientRow(g, 'seasonal_strength', 'share', fit.reason)];
  const value = strength(fit.seasonal, fit.remainder);
  if (value === null) return [insufficientRow(g, 'seasonal_strength', 'share', 'the weekly volume does not vary')];
  let peak = 0;
  for (let i = 1; i < WEEKS_PER_YEAR; i++) if (fit.seasonal[i]! > fit.seasonal[peak]!) peak = i;
  return [{ group: g, metric: 'seasonal_strength', value, n: weeks.length, status: 'ok', unit: 'share', extra: { method: fit.method, period: WEEKS_PER_YEAR, peak_week: weeks[peak]!.slice(-3) } }];
}

/** A share or mean per week, missing below minN. */
const ratioOrNull = (x: number, n: number, minN: number): number | null => (n >= minN && n > 0 ? x / n : null);

export const trend: AnalysisDefinition = {
  name: 'trend',
  summary: 'Sen slope and Mann–Kendall of daily volume and weekly KPIs over up to 156 weeks to the period end; STL seasonality',
  sources: ['contacts', 'surveys', 'complaints'],
  async run(db, req) {
    const { by, notes } = seriesBy(req, 'the trend runs over days and weeks');
    const { usable, notes: sourceNotes } = usableSources(this.sources, { ...req, by });
    notes.push(...sourceNotes);
    const window = await historyWindow(db, req, TREND_HISTORY_DAYS);
    notes.push(...window.notes);
    const ranges = window.days.length > 0 ? [{ key: 'history', from: window.from, to: window.to }] : [];
    const base = { ranges, timeZone: req.timeZone, by: [...by, 'day'], filters: req.filters };
    const weeks = completeWeeks(window.from, window.to);
    const weekDays = weeks.map((w) => window.days.filter((d) => d >= w.from && d < w.to));
    const inPeriod = (day: string) => day >= req.period.from && day < req.period.to;
    const rows: MetricRow[] = [];
    const observed: Partial<Record<MetricSource, number>> = {};
    // The complaints' statement (the slowest here) starts now and runs on its own connection while the contact
    // and survey series are read and fitted (in turn on PGlite); awaited below, its failure is handled there.
    const complaintRead = usable.includes('complaints')
      ? Promise.all([
          loadedDays(db, 'complaints', req.timeZone),
          // only the counts: the measures and thresholds of complaintAggregates were 0.6–0.9 s over 15 months
          ranges.length > 0 ? complaintReceived(db, base) : Promise.resolve([]),
        ])
      : undefined;
    complaintRead?.catch(() => undefined);

    if (usable.includes('contacts')) {
      req.progress?.('contacts');
      const daily = ranges.length > 0 ? seriesByGroup(await contactDaySeries(db, { ...base, by }), by, 'day') : [];
      observed.contacts = daily.reduce((sum, g) => sum + [...g.at].filter(([d]) => inPeriod(d)).reduce((s, [, v]) => s + (v['offered'] ?? 0), 0), 0);
      const slSpec = contactMetricSpecs(req.abandonRule).find((s) => s.metric === 'service_level')!;
      for (const { group, at } of daily) {
        const volume = window.days.map((d) => at.get(d)?.['offered'] ?? 0);
        const weekly = weekDays.map((days) => sumOver(at, days));
        const weekLabels = weeks.map((w) => w.label);
        const sl = weekly.map((v) => {
          const e = slSpec.estimate(v);
          return e?.kind === 'proportion' ? ratioOrNull(e.x, e.n, req.minN) : null;
        });
        rows.push(
          ...trendRows(group, { series: 'contacts_per_day', step: 'day', unit: 'count', labels: window.days, values: volume }),
          ...weeklySeasonRows(group, window.days, volume),
          ...trendRows(group, { series: 'contacts_per_week', step: 'week', unit: 'count', labels: weekLabels, values: weekly.map((v) => v['offered'] ?? 0) }),
          ...yearlySeasonRows(group, weekLabels, weekly.map((v) => v['offered'] ?? 0)),
          ...trendRows(group, {
            series: 'service_level',
            step: 'week',
            unit: 'share',
            labels: weekLabels,
            values: sl,
            ...(weekly.every((v) => v['sl_threshold'] === null || v['sl_threshold'] === undefined) ? { emptyReason: 'no service-level policy covers these contacts' } : {}),
          }),
          ...trendRows(group, { series: 'asa_seconds', step: 'week', unit: 'seconds', labels: weekLabels, values: weekly.map((v) => ratioOrNull(v['wait_sum'] ?? 0, v['wait_n'] ?? 0, req.minN)) }),
        );
      }
    }
    if (usable.includes('surveys')) {
      req.progress?.('surveys');
      const overall = ranges.length > 0 ? seriesByGroup(itemRows(await surveyItemAggregates(db, base), 'overall'), by, 'day') : [];
      observed.surveys = overall.reduce((sum, g) => sum + [...g.at].filter(([d]) => inPeriod(d)).reduce((s, [, v]) => s + (v['n'] ?? 0), 0), 0);
      for (const { group, at } of overall) {
        const values = weekDays.map((days) => {
          const v = sumOver(at, days);
          return ratioOrNull(v['top2'] ?? 0, v['n'] ?? 0, req.minN);
        });
        rows.push(...trendRows(group, { series: 'csat', step: 'week', unit: 'share', labels: weeks.map((w) => w.label), values }));
      }
    }
    if (complaintRead !== undefined) {
      req.progress?.('complaints');
      const [loaded, complaintRows] = await complaintRead;
      const received = seriesByGroup(complaintRows, by, 'day');
      observed.complaints = received.reduce((sum, g) => sum + [...g.at].filter(([d]) => inPeriod(d)).reduce((s, [, v]) => s + (v['received'] ?? 0), 0), 0);
      for (const { group, at } of received) {
        // A week outside the loaded complaints is unknown, not a week without complaints.
        const values = weeks.map((w, i) => (loaded && w.from >= loaded.from && w.to <= loaded.to ? (sumOver(at, weekDays[i]!)['received'] ?? 0) : null));
        rows.push(...trendRows(group, { series: 'complaints_per_week', step: 'week', unit: 'count', labels: weeks.map((w) => w.label), values }));
      }
    }

    const history = `history: up to ${TREND_HISTORY_DAYS} days (156 weeks) ending on the period's last day, cut to the loaded contacts (here ${window.days.length > 0 ? `${window.from} to ${window.days.at(-1)}, ${window.days.length} days, ${weeks.length} complete weeks` : 'no loaded day'})`;
    return {
      rows: withQValues(rows),
      variants: {
        history,
        contacts_per_day: 'contacts started per local day (every outcome); a day without a contact counts 0',
        weekly_series: `complete ISO weeks (Monday–Sunday) inside the history; a week with fewer than minN = ${req.minN} contacts (answered contacts for ASA, answers for CSAT) is missing, not 0; complaints_per_week counts complaints received, weeks outside the loaded complaints missing`,
        service_level: contactVariants(req.abandonRule, req.repeatWindowDays)['service_level']!,
        asa_seconds: contactVariants(req.abandonRule, req.repeatWindowDays)['asa_seconds']!,
        csat: SURVEY_VARIANTS['csat']!,
        sen_slope: `Theil–Sen median pairwise slope per step (per day for contacts_per_day, per week otherwise) with Sen's 95 % interval (R trend::sens.slope); missing points keep their place; slope_per_year = slope × 365.25 (daily) or × 365.25/7 (weekly); relative_slope_per_year = slope_per_year ÷ the series' median; needs ${TREND_MIN_DAYS} days or ${TREND_MIN_WEEKS} weeks with a value`,
        mann_kendall_p: 'two-sided Mann–Kendall test, tie-corrected variance with continuity correction (R trend::mk.test); q_value = Benjamini–Hochberg across every series of the document. It assumes independent points: autocorrelation (and the weekly cycle of daily volume) makes p-values too small',
        seasonal_strength: `weekly: STL of daily contacts (R stl, period 7, s.window ${WEEKLY_STL.sWindow}, robust); strength = max(0, 1 − Var(remainder) ÷ Var(seasonal + remainder)) (Wang, Smith & Hyndman 2006), trend_strength the same with the trend; yearly: STL of complete-week contacts (period ${WEEKS_PER_YEAR}, periodic, robust) when there are more than ${2 * WEEKS_PER_YEAR} weeks`,
        weekday_effect: 'mean of the STL weekly component on that weekday, contacts per day above (+) or below (−) the trend; relative = ÷ mean daily contacts; rank 1 = busiest',
      },
      notes,
      ranges,
      observed,
    };
  },
};

/** Adds each Mann–Kendall row's Benjamini–Hochberg q-value across the document. */
function withQValues(rows: readonly MetricRow[]): MetricRow[] {
  const p = rows.map((r) => (r.metric === 'mann_kendall_p' && r.status === 'ok' ? r.value : null));
  const q = adjustPValues(p, 'BH').adjusted;
  return rows.map((r, i) => (p[i] === null ? r : { ...r, extra: { ...r.extra, q_value: q[i] ?? null } }));
}
