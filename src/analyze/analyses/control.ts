/**
 * `servq analyze control`: Shewhart control charts over the period's days, per group — is the service
 * process stable, and which days are special causes?
 *
 * Stages:
 *   1. read   contacts per group and local day of the period (contact-day-series), phone only unless
 *             `--by channel` or a channel filter says otherwise;
 *   2. charts p-chart of service-level misses per day (subgroup = the day's counted contacts under the abandon
 *             rule), XmR of the daily ASA, XmR of the daily contacts adjusted for the weekday pattern
 *             (contacts ÷ the weekday's index, so Mondays are not flagged for being Mondays);
 *   3. rules  phase I limits from the period itself, Western Electric rules 1–4; each day row names the rules
 *             that fired on it, and each chart a summary row with its limits.
 */
import { controlChart, DEFAULT_RUN_RULES, type ControlChartResult } from '../../analysis/control-chart/index.js';
import type { InsufficientResult } from '../../analysis/result.js';
import { contactDaySeries } from '../../db/metrics/contact-day-series.js';
import type { AnalysisDefinition } from '../analysis.js';
import { contactMetricSpecs, contactVariants } from '../contact-metrics.js';
import type { MetricRow, MetricUnit } from '../document.js';
import { addDays } from '../period.js';
import { daysOf, loadedDays, seriesBy, seriesByGroup, WEEKDAYS, weekdayOf, withKeys, type Group, type Values } from './series-history.js';

/** Fewest charted days for phase I limits (Montgomery recommends 20–25 subgroups). */
export const CONTROL_MIN_DAYS = 20;

type ExtraValue = string | number | boolean | null;

interface Chart {
  /** The metric of the day rows, also the `chart` key of the summary row. */
  readonly metric: string;
  readonly unit: MetricUnit;
  readonly type: 'p' | 'xmr';
  /** Per day: the plotted value's input (misses for p, the value for xmr; null = missing) and the row's n. */
  readonly data: readonly (number | null)[];
  readonly sizes?: readonly number[];
  readonly n: readonly (number | null)[];
  /** Per-day fields added to the rows. */
  readonly extra?: (i: number) => Readonly<Record<string, ExtraValue>>;
  /** Why no chart can be drawn at all (checked before the day count). */
  readonly emptyReason?: string;
}

/** The day rows and the summary row of one chart. */
function chartRows(group: Group, days: readonly string[], chart: Chart): MetricRow[] {
  const summaryGroup = withKeys(group, { chart: chart.metric });
  const charted = chart.data.filter((v, i) => v !== null && (chart.sizes === undefined || chart.sizes[i]! > 0)).length;
  const fail = (reason: string): MetricRow[] => [{ group: summaryGroup, metric: 'control_limits', value: null, n: charted, status: 'insufficient', unit: chart.unit, reason }];
  if (chart.emptyReason !== undefined) return fail(chart.emptyReason);
  if (charted < CONTROL_MIN_DAYS) return fail(`control limits need at least ${CONTROL_MIN_DAYS} days with data, got ${charted}`);
  const result: ControlChartResult | InsufficientResult = controlChart(chart.data, chart.type === 'p' ? { type: 'p', sizes: chart.sizes!, rules: DEFAULT_RUN_RULES } : { type: 'xmr', rules: DEFAULT_RUN_RULES });
  if (result.status !== 'ok') return fail(result.reason);
  const signals = new Map<number, string[]>();
  const directions = new Map<number, Set<string>>();
  for (const v of result.violations) {
    signals.set(v.index, [...(signals.get(v.index) ?? []), v.rule]);
    directions.set(v.index, (directions.get(v.index) ?? new Set()).add(v.direction));
  }
  const flaggedWeekdays = new Map<string, number>();
  const rows: MetricRow[] = days.map((day, i) => {
    const fired = signals.get(i) ?? [];
    if (fired.length > 0) flaggedWeekdays.set(weekdayOf(day), (flaggedWeekdays.get(weekdayOf(day)) ?? 0) + 1);
    const value = result.statistics[i] ?? null;
    return {
      group: withKeys(group, { day }),
      metric: chart.metric,
      value,
      n: chart.n[i] ?? null,
      lower: result.lowerLimits[i] ?? null,
      upper: result.upperLimits[i] ?? null,
      status: value === null ? 'insufficient' : 'ok',
      unit: chart.unit,
      ...(value === null ? { reason: 'no data that day' } : {}),
      extra: {
        weekday: weekdayOf(day),
        centre: result.centre,
        out_of_control: fired.length > 0,
        signals: fired.length > 0 ? fired.join(',') : null,
        direction: fired.length > 0 ? [...directions.get(i)!].join(',') : null,
        ...(result.movingRange ? { moving_range: result.movingRange.values[i] ?? null } : {}),
        ...(chart.extra?.(i) ?? {}),
      },
    };
  });
  const sizes = chart.sizes?.filter((s) => s > 0) ?? [];
  const meanSize = sizes.length > 0 ? sizes.reduce((a, b) => a + b, 0) / sizes.length : null;
  // A p-chart's limits vary with the day's size; the summary states them at the mean size.
  const sigmaAtMean = chart.type === 'p' && meanSize !== null ? result.sigma / Math.sqrt(meanSize) : result.sigma;
  const lower = chart.type === 'p' ? Math.max(0, result.centre - 3 * sigmaAtMean) : result.centre - 3 * result.sigma;
  const upper = chart.type === 'p' ? Math.min(1, result.centre + 3 * sigmaAtMean) : result.centre + 3 * result.sigma;
  rows.push({
    group: summaryGroup,
    metric: 'control_limits',
    value: result.centre,
    n: result.n,
    lower,
    upper,
    status: 'ok',
    unit: chart.unit,
    extra: {
      type: chart.type,
      phase: result.phase,
      sigma: result.sigma,
      ...(chart.type === 'p' ? { limits_at_size: meanSize } : {}),
      ...(result.movingRange ? { moving_range_mean: result.movingRange.centre, moving_range_upper: result.movingRange.upperLimit } : {}),
      out_of_control_days: signals.size,
      signals: result.violations.length,
      flagged_weekdays: WEEKDAYS.filter((w) => flaggedWeekdays.has(w)).map((w) => `${w}:${flaggedWeekdays.get(w)}`).join(',') || null,
    },
  });
  return rows;
}

/** Weekday index of daily volume: the weekday's mean ÷ the mean over all days; null unless every weekday occurs twice. */
function weekdayIndex(days: readonly string[], volume: readonly number[]): Map<string, number> | null {
  const mean = volume.reduce((a, b) => a + b, 0) / volume.length;
  if (!(mean > 0)) return null;
  const out = new Map<string, number>();
  for (const w of WEEKDAYS) {
    const of = volume.filter((_, i) => weekdayOf(days[i]!) === w);
    if (of.length < 2) return null;
    out.set(w, of.reduce((a, b) => a + b, 0) / of.length / mean);
  }
  return out;
}

export const control: AnalysisDefinition = {
  name: 'control',
  summary: 'control charts over the period\'s days: p-chart of service-level misses, XmR of ASA and of weekday-adjusted volume',
  sources: ['contacts'],
  async run(db, req) {
    const { by, notes } = seriesBy(req, 'the charts run over the period\'s days');
    const phoneOnly = !by.includes('channel') && req.filters['channel'] === undefined;
    const filters = phoneOnly ? { ...req.filters, channel: ['phone'] } : req.filters;
    const loaded = await loadedDays(db, 'contacts', req.timeZone);
    const from = loaded && loaded.from > req.period.from ? loaded.from : req.period.from;
    const to = loaded && loaded.to < req.period.to ? loaded.to : req.period.to;
    const days = loaded && from < to ? daysOf(from, to) : [];
    if (days.length > 0 && (from > req.period.from || to < req.period.to)) notes.push(`charted days ${from} to ${addDays(to, -1)}: the loaded contacts cover only these days of the period`);
    const ranges = days.length > 0 ? [{ key: 'period', from, to }] : [];
    const groups = ranges.length > 0 ? seriesByGroup(await contactDaySeries(db, { ranges, timeZone: req.timeZone, by, filters }), by, 'day') : [];
    const slSpec = contactMetricSpecs(req.abandonRule).find((s) => s.metric === 'service_level')!;
    const rows: MetricRow[] = [];
    let observed = 0;
    let unadjusted = false;
    for (const { group, at } of groups) {
      const values: Values[] = days.map((d) => at.get(d) ?? {});
      observed += values.reduce((s, v) => s + (v['offered'] ?? 0), 0);
      // p-chart of misses: the day's counted contacts under the abandon rule, misses = counted − met.
      const sl = values.map((v) => {
        const e = slSpec.estimate(v);
        return e?.kind === 'proportion' ? e : null;
      });
      const threshold = values.reduce<number | null>((m, v) => (v['sl_threshold'] != null && (m === null || v['sl_threshold'] > m) ? v['sl_threshold'] : m), null);
      rows.push(
        ...chartRows(group, days, {
          metric: 'service_level_miss_share',
          unit: 'share',
          type: 'p',
          data: sl.map((e) => (e === null ? null : e.n - e.x)),
          sizes: sl.map((e) => e?.n ?? 0),
          n: sl.map((e) => e?.n ?? null),
          extra: (i) => ({ misses: sl[i] ? sl[i]!.n - sl[i]!.x : null, threshold_seconds: threshold }),
          ...(threshold === null ? { emptyReason: 'no service-level policy covers these contacts' } : {}),
        }),
      );
      // XmR of the daily ASA.
      const waitN = values.map((v) => v['wait_n'] ?? 0);
      rows.push(
        ...chartRows(group, days, {
          metric: 'asa_seconds',
          unit: 'seconds',
          type: 'xmr',
          data: values.map((v, i) => (waitN[i]! > 0 ? (v['wait_sum'] ?? 0) / waitN[i]! : null)),
          n: waitN,
        }),
      );
      // XmR of the daily volume, divided by the weekday's index.
      const offered = values.map((v) => v['offered'] ?? 0);
      const index = weekdayIndex(days, offered);
      if (index === null) unadjusted = true;
      rows.push(
        ...chartRows(group, days, {
          metric: 'contacts_offered_adjusted',
          unit: 'count',
          type: 'xmr',
          data: offered.map((o, i) => {
            const k = index ? index.get(weekdayOf(days[i]!))! : 1;
            return k > 0 ? o / k : null;
          }),
          n: offered,
          extra: (i) => ({ offered: offered[i]!, weekday_index: index ? index.get(weekdayOf(days[i]!))! : null }),
        }),
      );
    }
    if (unadjusted) notes.push('contacts_offered_adjusted: some groups have fewer than two of each weekday (or no contacts): their volume is charted unadjusted');
    return {
      rows,
      variants: {
        scope: phoneOnly ? 'phone contacts only (give --by channel or --filter channel=… for other channels)' : 'the channels of --by / --filter',
        days: 'the local days of the period that lie within the loaded contacts; a day without contacts is a missing point (ASA, service level) or 0 contacts',
        service_level_miss_share: `p-chart (Montgomery ch. 7; R qcc "p"): per day, contacts not meeting the channel's standard ÷ contacts counted under abandon rule '${req.abandonRule}'; ${contactVariants(req.abandonRule, req.repeatWindowDays)['service_level']}; limits p̄ ± 3√(p̄(1 − p̄)/n_day), so they vary with the day's size (the summary row states them at the mean size). Extra-binomial day-to-day variation (busy weekdays queue longer) flags many days: read the weekday of each flag`,
        asa_seconds: 'XmR chart (individuals, σ̂ = MR̄/1.128) of the day\'s mean queue wait of answered contacts',
        contacts_offered_adjusted: 'XmR chart of contacts per day ÷ the weekday index (the weekday\'s mean ÷ the mean day over the charted days, needing two of each weekday; unadjusted otherwise), so the weekly pattern does not raise signals; `offered` keeps the raw count',
        limits: `phase I: limits from the charted days themselves (at least ${CONTROL_MIN_DAYS}); run rules Western Electric 1–4 (1 beyond 3σ; 2 of 3 beyond 2σ; 4 of 5 beyond 1σ, same side; 8 in a row on one side); signals = the rules whose pattern ends on that day, direction = above or below the centre line`,
      },
      notes,
      ranges,
      observed: { contacts: observed },
    };
  },
};
