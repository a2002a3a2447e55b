/**
 * Pieces the time-series analyses (trend, forecast, control, staffing) share: the history window that ends
 * with the requested period and stays inside the loaded data, the calendar of its days and complete ISO weeks,
 * the grouping (calendar grains in `--by` make no sense for a series over days and are dropped with a note),
 * and the regrouping of day rows from SQL into one series per group.
 */
import { sourceSpans } from '../../db/metrics/data-span.js';
import { GRAIN_DIMENSIONS, type MetricSource } from '../../db/metrics/dimensions.js';
import type { GroupedRow } from '../../db/metrics/grouped-query.js';
import type { Database } from '../../db/session.js';
import { byGroup } from '../grouped-metrics.js';
import { addDays, daysBetween, periodOf } from '../period.js';
import type { AnalyzeRequest } from '../request.js';

/** Weekday keys, Monday first (as PLANTED_EFFECTS and ISO 8601). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Group values of the dimensions a row is grouped by. */
export type Group = Readonly<Record<string, string | null>>;
/** One aggregate row's values. */
export type Values = Readonly<Record<string, number | null>>;

/**
 * The weekday of a calendar day (YYYY-MM-DD).
 * @example weekdayOf('2026-01-05') // => 'mon'
 */
export function weekdayOf(day: string): Weekday {
  return WEEKDAYS[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

/** The days of `[from, to)`, oldest first. */
export function daysOf(from: string, to: string): string[] {
  const n = Math.max(0, daysBetween(from, to));
  return Array.from({ length: n }, (_, i) => addDays(from, i));
}

/**
 * The ISO weeks (Monday–Sunday) lying wholly inside `[from, to)`, oldest first.
 * @example completeWeeks('2026-01-01', '2026-01-19') // => [{ label: '2026-W02', from: '2026-01-05', to: '2026-01-12' }, { label: '2026-W03', … }]
 */
export function completeWeeks(from: string, to: string): { readonly label: string; readonly from: string; readonly to: string }[] {
  const first = periodOf(from, 'week');
  let week = first.from === from ? first : periodOf(first.to, 'week');
  const out: { label: string; from: string; to: string }[] = [];
  while (daysBetween(week.to, to) >= 0) {
    out.push({ label: week.label, from: week.from, to: week.to });
    week = periodOf(week.to, 'week');
  }
  return out;
}

/** The `--by` dimensions a series analysis groups by (calendar grains dropped) and the note saying so. */
export function seriesBy(req: Pick<AnalyzeRequest, 'by'>, what: string): { readonly by: string[]; readonly notes: string[] } {
  const grains = req.by.filter((d) => (GRAIN_DIMENSIONS as readonly string[]).includes(d));
  const by = req.by.filter((d) => !grains.includes(d));
  return { by, notes: grains.length > 0 ? [`--by ${grains.join(', ')} ignored: ${what}`] : [] };
}

/** The loaded data of one source in local days: `[from, to)`, or null when nothing is loaded. */
export async function loadedDays(db: Database, source: MetricSource, timeZone: string): Promise<{ readonly from: string; readonly to: string } | null> {
  const span = (await sourceSpans(db, timeZone)).find((s) => s.source === source);
  return span?.firstDay && span.lastDay ? { from: span.firstDay, to: addDays(span.lastDay, 1) } : null;
}

/** A history of days ending with the requested period, cut to the loaded contacts. */
export interface HistoryWindow {
  /** First day (inclusive) and the day after the last; `from >= to` when no loaded day falls in it. */
  readonly from: string;
  readonly to: string;
  readonly days: readonly string[];
  /** The days asked for (the full length), before cutting to the loaded data. */
  readonly wantedFrom: string;
  /** The loaded span of contacts (null: none loaded). */
  readonly loaded: { readonly from: string; readonly to: string } | null;
  readonly notes: readonly string[];
}

/**
 * The `lengthDays` days ending with the period's last day, cut to the days of loaded contacts (days before
 * the first loaded day are unknown, not zero; days after the last loaded day are not there yet).
 */
export async function historyWindow(db: Database, req: AnalyzeRequest, lengthDays: number): Promise<HistoryWindow> {
  const wantedFrom = addDays(req.period.to, -lengthDays);
  const loaded = await loadedDays(db, 'contacts', req.timeZone);
  if (!loaded) return { from: wantedFrom, to: wantedFrom, days: [], wantedFrom, loaded, notes: [] };
  const from = loaded.from > wantedFrom ? loaded.from : wantedFrom;
  const to = loaded.to < req.period.to ? loaded.to : req.period.to;
  const notes: string[] = [];
  if (from > wantedFrom && from < to) notes.push(`history starts on ${from}, the first day of loaded contacts (${daysBetween(from, to)} of the ${lengthDays} days asked for)`);
  if (to < req.period.to && from < to) notes.push(`the loaded contacts end on ${addDays(to, -1)}, before the period does: the history ends there`);
  return { from, to, days: from < to ? daysOf(from, to) : [], wantedFrom, loaded, notes };
}

/** Rows of one group: its dimension values (without the calendar ones) and its values per day (or week, hour…). */
export interface GroupSeries {
  readonly group: Group;
  readonly at: Map<string, Values>;
}

/**
 * Regroups SQL rows grouped by `[...by, key]` (one range) into one series per group of `by`, keyed by the
 * `key` dimension's value; groups in a stable order (values ascending, nulls last).
 */
export function seriesByGroup(rows: readonly GroupedRow[], by: readonly string[], key: string): GroupSeries[] {
  const outer = rows.map((r) => ({
    ...r,
    dimensions: Object.fromEntries(by.map((b) => [b, r.dimensions[b] ?? null])) as Group,
    inner: r.dimensions[key] ?? null,
  }));
  const groups = byGroup(outer.map((r) => ({ dimensions: r.dimensions, rangeKey: 'group', values: {} })));
  const index = new Map(groups.map((g) => [JSON.stringify(g.group), new Map<string, Values>()]));
  for (const r of outer) {
    if (r.inner === null) continue;
    const m = index.get(JSON.stringify(r.dimensions))!;
    const prev = m.get(r.inner);
    m.set(r.inner, prev ? addValues(prev, r.values) : r.values);
  }
  return groups.map((g) => ({ group: g.group, at: index.get(JSON.stringify(g.group))! }));
}

/** Thresholds combine by their maximum (as the SQL reports a group's); means, variances and quantiles do not add. */
const NOT_ADDITIVE = /(_threshold|mean|var|_p50|_p90)$/;

/**
 * Two value records combined key by key: counts and sums add (null + x = x), `*_threshold` takes the larger,
 * and means, variances and quantiles become null (recompute them from sums and counts).
 */
export function addValues(a: Values, b: Values): Values {
  const out: Record<string, number | null> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const x = out[k];
    if (x === undefined) out[k] = v;
    else if (k.endsWith('_threshold')) out[k] = x === null ? v : v === null ? x : Math.max(x, v);
    else if (NOT_ADDITIVE.test(k)) out[k] = null;
    else out[k] = x === null ? v : v === null ? x : x + v;
  }
  return out;
}

/** The values of `days` summed (an empty sum is an empty record). */
export function sumOver(at: ReadonlyMap<string, Values>, days: readonly string[]): Values {
  let total: Values = {};
  for (const d of days) {
    const v = at.get(d);
    if (v) total = addValues(total, v);
  }
  return total;
}

/** The dimension values as a row group, with `extra` keys after them. */
export function withKeys(group: Group, extra: Readonly<Record<string, string | null>>): Group {
  return { ...group, ...extra };
}
