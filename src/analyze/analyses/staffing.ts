/**
 * `servq analyze staffing`: agents needed per hour of the week to meet the channel's answer standard, by
 * Erlang C, from the period's actual arrivals (a period with loaded contacts) or from the forecast (a period
 * after the loaded data).
 *
 * Stages:
 *   1. scope    phone unless `--by channel` or a channel filter says otherwise; the channel's standard from
 *               service_level_policy in effect on the period's first day (its target share, else 80 %);
 *   2. volume   actual: contacts per weekday × hour over the period's loaded days ÷ the number of those
 *               weekdays; forecast: the daily Holt-Winters forecast of `forecast` (mean per weekday over the
 *               period's days) spread over the hours by the last 12 weeks' hour-of-day profile per weekday;
 *   3. AHT      mean handle time of the group's handled contacts (the period, or the last 12 weeks);
 *   4. Erlang C smallest number of agents per hour meeting the target (staffing), with the service level and
 *               ASA it gives; per group the agent-hours per week and the peak.
 */
import { staffing as erlangStaffing, type StaffingOutcome } from '../../analysis/erlang/index.js';
import { channelPoliciesOn, type ChannelPolicy } from '../../db/metrics/channel-policies.js';
import { contactDaySeries } from '../../db/metrics/contact-day-series.js';
import { contactHourArrivals } from '../../db/metrics/contact-hour-arrivals.js';
import type { DateRange } from '../../db/metrics/grouped-query.js';
import type { Database } from '../../db/session.js';
import type { AnalysisDefinition } from '../analysis.js';
import type { AnalyzeRequest } from '../request.js';
import type { MetricRow } from '../document.js';
import { addDays, daysBetween } from '../period.js';
import { FORECAST_HISTORY_DAYS, forecastDailyVolume } from './forecast.js';
import { daysOf, loadedDays, seriesBy, seriesByGroup, WEEKDAYS, weekdayOf, withKeys, type Group, type GroupSeries, type Weekday } from './series-history.js';

/** Service-level target share when the policy states none. */
export const DEFAULT_TARGET_SHARE = 0.8;
/** Days of history behind the hour-of-day profile and the AHT of a forecast. */
export const PROFILE_DAYS = 84;
/** Farthest a forecast period may end after the loaded data, days. */
export const MAX_FORECAST_DAYS = 366;
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
const HOUR_SECONDS = 3600;

/** The arrivals and handling time one group is staffed for (stages 1–3). */
export interface StaffingPlan {
  readonly group: Group;
  readonly source: 'actual' | 'forecast';
  /** Arrivals per weekday × hour (7 × 24, Monday 00 first), or null with `reason`. */
  readonly arrivals: readonly number[] | null;
  /** Contacts behind each cell (actual only). */
  readonly counts: readonly number[] | null;
  readonly ahtSeconds: number | null;
  readonly handled: number;
  readonly reason?: string;
  /** The daily forecast behind a forecast plan: the history's days and values, and the forecast days after it. */
  readonly forecast?: {
    readonly historyDays: readonly string[];
    readonly history: readonly number[];
    readonly days: readonly string[];
    readonly result: Extract<ReturnType<typeof forecastDailyVolume>, { status: 'ok' }>;
  };
}

/** Stages 1–3 of the analysis for a request: what each group is staffed for, and the scope it was read in. */
export interface StaffingPlans {
  readonly plans: readonly StaffingPlan[];
  /** 'actual' (the period has loaded contacts), 'forecast' (it comes after them) or null (neither). */
  readonly source: 'actual' | 'forecast' | null;
  readonly phoneOnly: boolean;
  readonly by: readonly string[];
  readonly filters: Readonly<Record<string, readonly string[]>>;
  readonly notes: string[];
  readonly ranges: DateRange[];
  /** Contacts read (of the period, or of the history a forecast is made from). */
  readonly observed: number;
}

/** Per weekday × hour totals of a group's hour rows, and the sums of handle time. */
function cellTotals(series: GroupSeries | undefined): { totals: number[]; handleN: number; handleSum: number } {
  const totals = new Array<number>(7 * 24).fill(0);
  let handleN = 0;
  let handleSum = 0;
  for (const [key, v] of series?.at ?? []) {
    const [day, hour] = key.split(' ');
    const cell = WEEKDAYS.indexOf(weekdayOf(day!)) * 24 + Number(hour);
    totals[cell] = totals[cell]! + (v['offered'] ?? 0);
    handleN += v['handle_n'] ?? 0;
    handleSum += v['handle_sum'] ?? 0;
  }
  return { totals, handleN, handleSum };
}

/** Hour rows keyed 'YYYY-MM-DD HH' per group. */
function hourSeries(rows: Awaited<ReturnType<typeof contactHourArrivals>>, by: readonly string[]): GroupSeries[] {
  return seriesByGroup(
    rows.map((r) => ({ ...r, dimensions: { ...r.dimensions, slot: `${r.dimensions['day']} ${r.dimensions['hour']}` } })),
    by,
    'slot',
  );
}

const keyOf = (group: Group) => JSON.stringify(group);

/**
 * Stages 1–3 of `servq analyze staffing`: the scope (phone unless the request says otherwise), and per group
 * the arrivals per weekday × hour and the AHT it is staffed for — the period's actual arrivals, or the daily
 * forecast spread over the hours for a period after the loaded data. Exported for notebooks, which staff the
 * plan with `stats.staffing` step by step.
 */
export async function staffingPlans(db: Database, req: Pick<AnalyzeRequest, 'period' | 'by' | 'filters' | 'timeZone'>): Promise<StaffingPlans> {
  const { by, notes } = seriesBy(req, 'staffing runs per weekday × hour');
  const phoneOnly = !by.includes('channel') && req.filters['channel'] === undefined;
  const filters = phoneOnly ? { ...req.filters, channel: ['phone'] } : req.filters;
  const loaded = await loadedDays(db, 'contacts', req.timeZone);
  const base = { timeZone: req.timeZone, by, filters };
  const ranges: DateRange[] = [];
  const plans = new Map<string, StaffingPlan>();
  let observed = 0;
  let source: 'actual' | 'forecast' | null = null;

  if (loaded && loaded.from < req.period.to && loaded.to > req.period.from) {
    // Actual arrivals over the period's loaded days.
    source = 'actual';
    const from = loaded.from > req.period.from ? loaded.from : req.period.from;
    const to = loaded.to < req.period.to ? loaded.to : req.period.to;
    if (from > req.period.from || to < req.period.to) notes.push(`arrivals of ${from} to ${addDays(to, -1)}: the loaded contacts cover only these days of the period`);
    const days = daysOf(from, to);
    const weekdayCount = WEEKDAYS.map((w) => days.filter((d) => weekdayOf(d) === w).length);
    ranges.push({ key: 'period', from, to });
    for (const s of hourSeries(await contactHourArrivals(db, { ...base, ranges }), by)) {
      const { totals, handleN, handleSum } = cellTotals(s);
      observed += totals.reduce((a, b) => a + b, 0);
      plans.set(keyOf(s.group), {
        group: s.group,
        source,
        arrivals: totals.map((t, i) => (weekdayCount[Math.floor(i / 24)]! > 0 ? t / weekdayCount[Math.floor(i / 24)]! : 0)),
        counts: totals,
        ahtSeconds: handleN > 0 ? handleSum / handleN : null,
        handled: handleN,
      });
    }
  } else if (loaded && req.period.from >= loaded.to) {
    // A period after the loaded data: forecast the days, spread them over the hours.
    source = 'forecast';
    const horizon = daysBetween(loaded.to, req.period.to);
    const historyFrom = addDays(loaded.to, -FORECAST_HISTORY_DAYS) > loaded.from ? addDays(loaded.to, -FORECAST_HISTORY_DAYS) : loaded.from;
    const profileFrom = addDays(loaded.to, -PROFILE_DAYS) > loaded.from ? addDays(loaded.to, -PROFILE_DAYS) : loaded.from;
    const historyDays = daysOf(historyFrom, loaded.to);
    const periodDays = daysOf(req.period.from, req.period.to);
    ranges.push({ key: 'history', from: historyFrom, to: loaded.to });
    notes.push(`the period starts after the loaded contacts (which end on ${addDays(loaded.to, -1)}): arrivals are forecast from the ${daysBetween(historyFrom, loaded.to)} days before`);
    const daily = seriesByGroup(await contactDaySeries(db, { ...base, ranges }), by, 'day');
    const profiles = new Map(hourSeries(await contactHourArrivals(db, { ...base, ranges: [{ key: 'profile', from: profileFrom, to: loaded.to }] }), by).map((s) => [keyOf(s.group), s]));
    for (const { group, at } of daily) {
      // Nothing is observed in a future period: the contacts read are those of the history.
      observed += historyDays.reduce((sum, d) => sum + (at.get(d)?.['offered'] ?? 0), 0);
      const { totals, handleN, handleSum } = cellTotals(profiles.get(keyOf(group)));
      const aht = handleN > 0 ? handleSum / handleN : null;
      if (horizon > MAX_FORECAST_DAYS) {
        plans.set(keyOf(group), { group, source, arrivals: null, counts: null, ahtSeconds: aht, handled: handleN, reason: `the period ends ${horizon} days after the loaded contacts; forecasts reach at most ${MAX_FORECAST_DAYS}` });
        continue;
      }
      const history = historyDays.map((d) => at.get(d)?.['offered'] ?? 0);
      const f = forecastDailyVolume(history, horizon);
      if (f.status !== 'ok') {
        plans.set(keyOf(group), { group, source, arrivals: null, counts: null, ahtSeconds: aht, handled: handleN, reason: f.reason });
        continue;
      }
      const offset = horizon - periodDays.length;
      const perWeekday = WEEKDAYS.map((w) => {
        const of = periodDays.map((d, i) => (weekdayOf(d) === w ? f.mean[offset + i]! : null)).filter((v): v is number => v !== null);
        return of.length > 0 ? of.reduce((a, b) => a + b, 0) / of.length : 0;
      });
      const arrivals = totals.map((t, i) => {
        const w = Math.floor(i / 24);
        const dayTotal = totals.slice(w * 24, w * 24 + 24).reduce((a, b) => a + b, 0);
        return dayTotal > 0 ? (perWeekday[w]! * t) / dayTotal : 0;
      });
      plans.set(keyOf(group), { group, source, arrivals, counts: null, ahtSeconds: aht, handled: handleN, forecast: { historyDays, history, days: daysOf(loaded.to, req.period.to), result: f } });
    }
  }

  return { plans: [...plans.values()], source, phoneOnly, by, filters, notes, ranges, observed };
}

export const staffing: AnalysisDefinition = {
  name: 'staffing',
  summary: 'Erlang C agents per weekday × hour to meet the channel standard, from actual (or forecast) arrivals and AHT',
  sources: ['contacts'],
  async run(db, req) {
    const { plans, source, phoneOnly, filters, notes, ranges, observed } = await staffingPlans(db, req);
    const policies = new Map<string, ChannelPolicy>((await channelPoliciesOn(db, req.period.from)).map((p) => [p.channel, p]));
    const rows: MetricRow[] = [];
    for (const plan of plans) {
      const { group } = plan;
      const channel = group['channel'] ?? (filters['channel']?.length === 1 ? filters['channel'][0]! : null);
      const policy = channel === null ? undefined : policies.get(channel);
      const reason =
        plan.reason ??
        (channel === null
          ? 'staffing needs one channel per group (its standard): add --by channel or filter one channel'
          : policy === undefined
            ? `no service-level policy for channel '${channel}' in effect on ${req.period.from}`
            : plan.ahtSeconds === null || plan.handled < req.minN
              ? `AHT needs at least ${req.minN} handled contacts, got ${plan.handled}`
              : undefined);
      if (reason !== undefined || plan.arrivals === null || policy === undefined || plan.ahtSeconds === null) {
        rows.push({ group, metric: 'agents_required', value: null, n: null, status: 'insufficient', unit: 'agents', reason: reason ?? 'no arrivals' });
        continue;
      }
      const target = policy.targetShare ?? DEFAULT_TARGET_SHARE;
      const aht = plan.ahtSeconds;
      const result: readonly StaffingOutcome[] = erlangStaffing({ arrivals: plan.arrivals, intervalSeconds: HOUR_SECONDS, ahtSeconds: aht, serviceLevelTarget: target, targetAnswerSeconds: policy.thresholdSeconds });
      const standard = { threshold_seconds: policy.thresholdSeconds, target_share: target };
      let agentHours = 0;
      let peak: { agents: number; weekday: Weekday; hour: string } | null = null;
      result.forEach((r, i) => {
        const weekday = WEEKDAYS[Math.floor(i / 24)]!;
        const hour = HOURS[i % 24]!;
        const g = withKeys(group, { weekday, hour });
        rows.push({ group: g, metric: 'contacts_per_hour', value: plan.arrivals![i]!, n: plan.counts ? plan.counts[i]! : null, status: 'ok', unit: 'count', extra: { source: plan.source } });
        if (r.status !== 'ok') {
          for (const [metric, unit] of [['agents_required', 'agents'], ['expected_service_level', 'share'], ['expected_asa_seconds', 'seconds']] as const) rows.push({ group: g, metric, value: null, n: null, status: 'insufficient', unit, reason: r.reason });
          return;
        }
        agentHours += r.agents;
        if (peak === null || r.agents > peak.agents) peak = { agents: r.agents, weekday, hour };
        rows.push(
          { group: g, metric: 'agents_required', value: r.agents, n: null, status: 'ok', unit: 'agents', extra: { traffic_erlangs: r.trafficErlangs, occupancy: r.agents > 0 ? r.occupancy : null, prob_wait: r.probWait, binding: r.binding } },
          { group: g, metric: 'expected_service_level', value: r.serviceLevel, n: null, status: 'ok', unit: 'share', extra: standard },
          { group: g, metric: 'expected_asa_seconds', value: r.asaSeconds, n: null, status: 'ok', unit: 'seconds' },
        );
      });
      const p = peak as { agents: number; weekday: Weekday; hour: string } | null;
      rows.push(
        { group, metric: 'aht_seconds', value: aht, n: plan.handled, status: 'ok', unit: 'seconds', extra: { source: plan.source } },
        { group, metric: 'agent_hours_per_week', value: agentHours, n: null, status: 'ok', unit: 'agents', extra: { ...standard, source: plan.source } },
        { group, metric: 'peak_agents_required', value: p?.agents ?? null, n: null, status: p ? 'ok' : 'insufficient', unit: 'agents', ...(p ? { extra: { weekday: p.weekday, hour: p.hour } } : { reason: 'no interval could be staffed' }) },
      );
    }

    return {
      rows,
      variants: {
        scope: phoneOnly ? 'phone contacts only (give --by channel or --filter channel=… for other channels)' : 'the channels of --by / --filter, each against its own standard',
        source: source === 'forecast'
          ? `forecast: daily contacts by the forecast analysis's model (Holt-Winters, additive weekly season, no trend) from the loaded history, averaged per weekday over the period's days, spread over the hours by each weekday's hour-of-day shares of the last ${PROFILE_DAYS} days`
          : 'actual: contacts that started in each weekday × hour over the period\'s loaded days ÷ the number of those weekdays (mean arrivals per hour)',
        interval: 'one hour of the local clock per weekday (168 intervals); a weekday × hour holds the mean of that hour over the period, so peaks on single days (holidays, incidents) are averaged out',
        standard: `the channel's policy in service_level_policy in effect on ${req.period.from} (threshold); target share = the policy's target_share, else ${DEFAULT_TARGET_SHARE * 100} %`,
        aht_seconds: `mean of talk + hold + after-contact work over handled contacts with a talk time (${source === 'forecast' ? `last ${PROFILE_DAYS} days of loaded data` : 'the period'}); at least minN = ${req.minN} handled contacts`,
        agents_required: 'Erlang C (M/M/N, no abandonment; Gans, Koole & Mandelbaum 2003): smallest N with P(wait ≤ threshold) ≥ target share, arrivals Poisson within the hour, AHT exponential; no shrinkage (agents on the queue, not rostered heads); 0 agents where no contact arrives. E-mail is not answered from a live queue: its figures are a rough guide only',
        expected_service_level: 'Erlang C P(wait ≤ threshold) at the staffed N: 1 − C(N, A)·e^(−(N − A)·t/AHT)',
        expected_asa_seconds: 'Erlang C mean wait at the staffed N: C(N, A)·AHT/(N − A)',
        agent_hours_per_week: 'sum of agents_required over the 168 hours of the week',
      },
      notes,
      ranges,
      observed: { contacts: observed },
    };
  },
};
