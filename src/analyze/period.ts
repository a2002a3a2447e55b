/**
 * Reporting periods as calendar dates in the deployment's time zone: a day, an ISO week, a month, a quarter,
 * a year or an explicit range, with the period before it and the same period a year earlier (the two
 * comparisons every KPI table shows). Dates here are plain `YYYY-MM-DD` strings (no clock, no zone): the SQL
 * turns them into instants with `AT TIME ZONE`, so a quarter in Asia/Shanghai starts at 16:00 UTC the day
 * before, and a day across a daylight-saving change has 23 or 25 hours.
 */

/** The calendar grains a period or a group can have. */
export const GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Grain = (typeof GRAINS)[number];

/** A half-open range of calendar days `[from, to)` in the deployment's time zone. */
export interface Period {
  /** What the user asked for, normalised: '2026-Q3', '2026-07', '2026-W05', '2026-07-14', '2026', or 'FROM..TO'. */
  readonly label: string;
  /** First day, inclusive (YYYY-MM-DD). */
  readonly from: string;
  /** Day after the last day (YYYY-MM-DD), exclusive. */
  readonly to: string;
  /** The period's grain; 'range' for an explicit --from/--to. */
  readonly grain: Grain | 'range';
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`period: expected a date YYYY-MM-DD, got '${date}'`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (formatDay(ms / DAY_MS) !== date) throw new RangeError(`period: '${date}' is not a calendar date`);
  return ms / DAY_MS;
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return formatDay(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** `date` plus `months` calendar months, day clamped to the month's end (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const d = new Date(dayNumber(date) * DAY_MS);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0)).getUTCDate();
  return formatDay(first / DAY_MS + Math.min(d.getUTCDate(), lastDay) - 1);
}

/** Monday of ISO week 1 of ISO year `year` (the week holding 4 January). */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4) / DAY_MS;
  const weekday = (new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - weekday;
}

/** The period of `grain` holding `date`. */
export function periodOf(date: string, grain: Grain): Period {
  const day = dayNumber(date);
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  switch (grain) {
    case 'day':
      return { label: date, from: date, to: formatDay(day + 1), grain };
    case 'week': {
      let isoYear = y + 1;
      while (isoWeekOneMonday(isoYear) > day) isoYear--;
      const monday = isoWeekOneMonday(isoYear);
      const week = Math.floor((day - monday) / 7) + 1;
      const from = formatDay(monday + (week - 1) * 7);
      return { label: `${isoYear}-W${String(week).padStart(2, '0')}`, from, to: addDays(from, 7), grain };
    }
    case 'month': {
      const from = formatDay(Date.UTC(y, mo, 1) / DAY_MS);
      return { label: from.slice(0, 7), from, to: addMonths(from, 1), grain };
    }
    case 'quarter': {
      const q = Math.floor(mo / 3);
      const from = formatDay(Date.UTC(y, q * 3, 1) / DAY_MS);
      return { label: `${y}-Q${q + 1}`, from, to: addMonths(from, 3), grain };
    }
    case 'year': {
      const from = `${String(y).padStart(4, '0')}-01-01`;
      return { label: String(y), from, to: addMonths(from, 12), grain };
    }
  }
}

/**
 * Parses a period as the command line writes it: `2026-Q3`, `2026-07`, `2026-W05` (ISO week), `2026-07-14`,
 * `2026`, or `2026-07-01..2026-09-30` (both days inclusive).
 * @throws RangeError naming the accepted forms
 * @example parsePeriod('2026-Q3') // => { label: '2026-Q3', from: '2026-07-01', to: '2026-10-01', grain: 'quarter' }
 */
export function parsePeriod(text: string): Period {
  const s = text.trim().toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-?Q([1-4])$/.exec(s))) return periodOf(`${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`, 'quarter');
  if ((m = /^(\d{4})-?W(\d{2})$/.exec(s))) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const from = formatDay(isoWeekOneMonday(year) + (week - 1) * 7);
    const p = periodOf(from, 'week');
    if (week < 1 || p.label !== `${year}-W${m[2]}`) throw new RangeError(`period: ${year} has no ISO week ${week}`);
    return p;
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
    if (Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`period: no month ${m[2]} in '${text}'`);
    return periodOf(`${m[1]}-${m[2]}-01`, 'month');
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return periodOf(s, 'day');
  if (/^\d{4}$/.test(s)) return periodOf(`${s}-01-01`, 'year');
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(s))) return rangePeriod(m[1]!, m[2]!);
  throw new RangeError(
    `period: cannot read '${text}'; write a quarter (2026-Q3), a month (2026-07), an ISO week (2026-W05), a day (2026-07-14), a year (2026) or a range (2026-07-01..2026-09-30)`,
  );
}

/** The period from `from` to `through`, both days inclusive. */
export function rangePeriod(from: string, through: string): Period {
  const to = addDays(through, 1);
  if (daysBetween(from, to) < 1) throw new RangeError(`period: the range ends (${through}) before it starts (${from})`);
  return { label: `${from}..${through}`, from, to, grain: 'range' };
}

/** The period just before `p`, of the same grain (a range: the same number of days before it). */
export function previousPeriod(p: Period): Period {
  if (p.grain === 'range') return rangePeriod(addDays(p.from, -daysBetween(p.from, p.to)), addDays(p.from, -1));
  if (p.grain === 'week' || p.grain === 'day') return periodOf(addDays(p.from, p.grain === 'week' ? -7 : -1), p.grain);
  return periodOf(addMonths(p.from, p.grain === 'month' ? -1 : p.grain === 'quarter' ? -3 : -12), p.grain);
}

/**
 * The same period a year earlier: the same quarter/month/year, the same ISO week number (52 weeks back, so
 * weekdays line up), the same weekday 52 weeks back for a day, and a range shifted by a calendar year.
 */
export function sameLastYear(p: Period): Period {
  switch (p.grain) {
    case 'day':
    case 'week':
      return periodOf(addDays(p.from, -364), p.grain);
    case 'range':
      return rangePeriod(addMonths(p.from, -12), addDays(addMonths(p.to, -12), -1));
    default:
      return periodOf(addMonths(p.from, -12), p.grain);
  }
}

/** The last whole quarter that ends on or before `lastDay` (the day after `lastDay` starts a quarter or later). */
export function latestFullQuarter(lastDay: string): Period {
  const q = periodOf(lastDay, 'quarter');
  return q.to === addDays(lastDay, 1) ? q : previousPeriod(q);
}

/** The last whole month that ends on or before `lastDay`. */
export function latestFullMonth(lastDay: string): Period {
  const m = periodOf(lastDay, 'month');
  return m.to === addDays(lastDay, 1) ? m : previousPeriod(m);
}

/** The last day of `p`, inclusive. */
export function lastDayOf(p: Period): string {
  return addDays(p.to, -1);
}
