/**
 * Regular series from timestamped points: every day, ISO week, month or quarter of the zone-local calendar
 * between the first and last period, with empty periods filled explicitly, ready for trend tests and STL.
 */
import { insufficient, type AnalysisWarning, type InsufficientResult } from './result.js';

/** Warning codes of {@link fillSeries}. */
export const FILL_SERIES_WARNINGS = {
  /** Points before `from` or after `to` were left out. */
  outsideRange: 'fill-series-outside-range',
  /** Points with a missing value (NaN, null) did not enter a sum or mean. */
  missingValues: 'fill-series-missing-values',
} as const;

export type SeriesInterval = 'day' | 'week' | 'month' | 'quarter';
export type SeriesFill = 'zero' | 'missing';
export type SeriesAggregate = 'sum' | 'mean' | 'count';
/** A Date, epoch milliseconds, or an ISO 8601 string (without an offset it is wall time in `timeZone`). */
export type TimeInput = Date | number | string;

export interface SeriesPoint {
  readonly at: TimeInput;
  readonly value: number | null;
}

export interface FillSeriesOptions {
  /** Calendar period: 'day', 'week' (ISO 8601, Monday first), 'month' or 'quarter'. */
  readonly interval: SeriesInterval;
  /** IANA zone whose local calendar defines the periods, e.g. 'Asia/Shanghai', 'UTC'. */
  readonly timeZone: string;
  /** What an empty period holds: 0 ('zero') or NaN ('missing'). */
  readonly fill: SeriesFill;
  /** Per period: the sum or mean of the values, or the number of points ('count', values ignored). */
  readonly aggregate: SeriesAggregate;
  /** First period: the one containing this instant; default the period of the earliest point. */
  readonly from?: TimeInput;
  /** Last period (inclusive): the one containing this instant; default the period of the latest point. */
  readonly to?: TimeInput;
}

export interface FilledSeries {
  readonly status: 'ok';
  /** `<interval>-<aggregate>`, e.g. 'week-sum'. */
  readonly method: string;
  readonly warnings: readonly AnalysisWarning[];
  readonly interval: SeriesInterval;
  readonly timeZone: string;
  /** Period labels: '2026-03-31', '2026-W01' (ISO week-year), '2026-03', '2026-Q1'. */
  readonly labels: readonly string[];
  /** Epoch milliseconds of each period's first local midnight in the zone (or first instant after a DST gap). */
  readonly periodStartsMs: readonly number[];
  /** The aggregate per period; empty periods hold 0 or NaN as `fill` says. */
  readonly values: readonly number[];
  /** Points that entered each period's value (for 'count', every point; for sum/mean, those with a value). */
  readonly counts: readonly number[];
}

const INTERVALS: readonly string[] = ['day', 'week', 'month', 'quarter'];
const FILLS: readonly string[] = ['zero', 'missing'];
const AGGREGATES: readonly string[] = ['sum', 'mean', 'count'];
/** Most periods one call may produce (guards against a `from` decades away from `to`). */
export const FILL_SERIES_MAX_PERIODS = 100_000;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Inverse of {@link daysFromCivil} (Hinnant's civil_from_days). */
function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday, Monday = 1 … Sunday = 7, of a day number (1970-01-01 was a Thursday). */
function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

const US_WALL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{2}):(\d{2}):(\d{2})$/;

/**
 * UTC offsets of one zone, read from Intl.DateTimeFormat and cached per UTC day (a day whose two ends disagree
 * holds a transition and is resolved per instant; no zone changes its offset twice within a day and back).
 */
class ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  private readonly byDay = new Map<number, number>();

  constructor(timeZone: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`fillSeries: timeZone must be an IANA zone name such as 'Europe/Berlin', got '${timeZone}'`);
    }
  }

  /** Local wall time minus UTC, in ms, at instant t (whole seconds, as the zone database has them). */
  exact(t: number): number {
    // format() is ~4× cheaper than formatToParts(); en-US with these options reads "3/29/2026, 01:30:00"
    const m = US_WALL.exec(this.format.format(t));
    let wall: number;
    if (m !== null) {
      wall = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
    } else {
      const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
      for (const part of this.format.formatToParts(t)) {
        if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
      }
      wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
    }
    return wall - (t - (((t % 1000) + 1000) % 1000));
  }

  at(t: number): number {
    const utcDay = Math.floor(t / DAY_MS);
    let cached = this.byDay.get(utcDay);
    if (cached === undefined) {
      const start = this.exact(utcDay * DAY_MS);
      const end = this.exact(utcDay * DAY_MS + DAY_MS - 1000);
      cached = start === end ? start : Number.NaN;
      this.byDay.set(utcDay, cached);
    }
    return Number.isNaN(cached) ? this.exact(t) : cached;
  }

  /**
   * The instant of a zone-local wall time given as "wall clock read as UTC" ms. Ambiguous times (clocks set back)
   * take the earlier instant; times skipped by a spring-forward gap are moved forward by the gap, as Temporal's
   * 'compatible' disambiguation does.
   */
  instantOfWall(wallAsUtc: number): number {
    const before = this.at(wallAsUtc - DAY_MS);
    const after = this.at(wallAsUtc + DAY_MS);
    const early = wallAsUtc - before;
    const late = wallAsUtc - after;
    const earlyValid = this.at(early) === before;
    const lateValid = this.at(late) === after;
    if (earlyValid && lateValid) return Math.min(early, late);
    if (earlyValid) return early;
    if (lateValid) return late;
    return early;
  }
}

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const OFFSET_ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Epoch ms of a time input; strings without an offset are wall time in the zone. */
function toEpochMs(name: string, input: TimeInput, zone: ZoneOffsets): number {
  if (input instanceof Date) {
    const t = input.getTime();
    if (Number.isNaN(t)) throw new TypeError(`fillSeries: ${name} must be a valid Date, got an invalid Date`);
    return t;
  }
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new TypeError(`fillSeries: ${name} must be finite epoch milliseconds, got ${input}`);
    return input;
  }
  if (typeof input === 'string') {
    const local = LOCAL_ISO.exec(input);
    if (local !== null) {
      const [, y, mo, d, h, mi, s, frac] = local;
      const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
      const wall = daysFromCivil(Number(y), Number(mo), Number(d)) * DAY_MS +
        Number(h ?? 0) * HOUR_MS + Number(mi ?? 0) * 60_000 + Number(s ?? 0) * 1000 + ms;
      return zone.instantOfWall(wall);
    }
    if (OFFSET_ISO.test(input)) {
      const t = Date.parse(input);
      if (!Number.isNaN(t)) return t;
    }
  }
  throw new TypeError(
    `fillSeries: ${name} must be a Date, epoch milliseconds or an ISO 8601 string, got ${JSON.stringify(input)}`,
  );
}

/** Index of the period containing local day `days` (days since 1970-01-01 in the zone's calendar). */
function periodIndex(interval: SeriesInterval, days: number): number {
  if (interval === 'day') return days;
  // ISO weeks counted from Monday 1969-12-29 (day −3)
  if (interval === 'week') return (days - isoWeekday(days) + 1 + 3) / 7;
  const { year, month } = civilFromDays(days);
  return interval === 'month' ? year * 12 + month - 1 : year * 4 + Math.floor((month - 1) / 3);
}

/** Local day number of the first day of period `index`. */
function periodFirstDay(interval: SeriesInterval, index: number): number {
  if (interval === 'day') return index;
  if (interval === 'week') return index * 7 - 3;
  if (interval === 'month') return daysFromCivil(Math.floor(index / 12), (index % 12 + 12) % 12 + 1, 1);
  return daysFromCivil(Math.floor(index / 4), ((index % 4 + 4) % 4) * 3 + 1, 1);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function periodLabel(interval: SeriesInterval, index: number): string {
  const first = periodFirstDay(interval, index);
  if (interval === 'week') {
    // the ISO week-year is the calendar year of the week's Thursday; week 1 holds the year's first Thursday
    const thursday = civilFromDays(first + 3);
    const week = Math.floor((first + 3 - daysFromCivil(thursday.year, 1, 1)) / 7) + 1;
    return `${pad(thursday.year, 4)}-W${pad(week, 2)}`;
  }
  const { year, month, day } = civilFromDays(first);
  if (interval === 'day') return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (interval === 'month') return `${pad(year, 4)}-${pad(month, 2)}`;
  return `${pad(year, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

function localDay(zone: ZoneOffsets, t: number): number {
  return Math.floor((t + zone.at(t)) / DAY_MS);
}

/**
 * Aggregates timestamped points into a regular calendar series in a time zone, filling empty periods.
 *
 * Method: each instant is mapped to its zone-local calendar date with the zone's UTC offset at that instant
 * (IANA data through `Intl.DateTimeFormat`, so DST changes move no point into a wrong day); dates are grouped
 * into days, ISO 8601 weeks (Monday–Sunday, numbered in the ISO week-year: 2021-01-03 is in 2020-W53), months or
 * quarters; every period from the first to the last is emitted, empty ones as 0 or NaN.
 * Missing values: a point whose value is NaN or null adds nothing to a sum or mean (warning
 * `fill-series-missing-values`) but is counted by 'count'.
 *
 * @param points observations; `at` is a Date, epoch ms, or ISO 8601 string (with Z/offset an instant; without,
 *   wall time in `timeZone`); `value` in any unit.
 * @param options interval, timeZone, fill, aggregate, and optional from/to (inclusive by period).
 * @returns labels, period starts (epoch ms), values (same unit as the points' values, or a count) and counts;
 *   `insufficient` when there are no points and no from/to to fix the range.
 * @throws {TypeError} when an `at`, `from` or `to` is not a valid time, or a value is not a number/null.
 * @throws {RangeError} for an unknown interval/fill/aggregate/time zone, from after to, or more than
 *   {@link FILL_SERIES_MAX_PERIODS} periods.
 * @example
 * fillSeries(
 *   [{ at: '2026-03-29T01:30:00Z', value: 2 }, { at: '2026-03-31T23:30:00+02:00', value: 5 }],
 *   { interval: 'day', timeZone: 'Europe/Berlin', fill: 'zero', aggregate: 'sum' },
 * )
 * // => { labels: ['2026-03-29', '2026-03-30', '2026-03-31'], values: [2, 0, 5], counts: [1, 0, 1], … }
 */
export function fillSeries(
  points: readonly SeriesPoint[],
  options: FillSeriesOptions,
): FilledSeries | InsufficientResult {
  const { interval, fill, aggregate, timeZone } = options;
  if (!INTERVALS.includes(interval)) {
    throw new RangeError(`fillSeries: interval must be 'day', 'week', 'month' or 'quarter', got ${String(interval)}`);
  }
  if (!FILLS.includes(fill)) throw new RangeError(`fillSeries: fill must be 'zero' or 'missing', got ${String(fill)}`);
  if (!AGGREGATES.includes(aggregate)) {
    throw new RangeError(`fillSeries: aggregate must be 'sum', 'mean' or 'count', got ${String(aggregate)}`);
  }
  if (!Array.isArray(points)) throw new TypeError(`fillSeries: points must be an array, got ${typeof points}`);
  const method = `${interval}-${aggregate}`;
  const zone = new ZoneOffsets(timeZone);

  const n = points.length;
  const pointPeriod = new Float64Array(n);
  let minPeriod = Infinity;
  let maxPeriod = -Infinity;
  for (let i = 0; i < n; i++) {
    const point = points[i] as SeriesPoint;
    if (point === null || typeof point !== 'object') {
      throw new TypeError(`fillSeries: points[${i}] must be an object { at, value }, got ${point === null ? 'null' : typeof point}`);
    }
    if (point.value !== null && typeof point.value !== 'number') {
      throw new TypeError(`fillSeries: points[${i}].value must be a number or null, got ${typeof point.value}`);
    }
    const p = periodIndex(interval, localDay(zone, toEpochMs(`points[${i}].at`, point.at, zone)));
    pointPeriod[i] = p;
    if (p < minPeriod) minPeriod = p;
    if (p > maxPeriod) maxPeriod = p;
  }
  const first = options.from === undefined ? minPeriod : periodIndex(interval, localDay(zone, toEpochMs('from', options.from, zone)));
  const last = options.to === undefined ? maxPeriod : periodIndex(interval, localDay(zone, toEpochMs('to', options.to, zone)));
  if (!Number.isFinite(first) || !Number.isFinite(last)) {
    return insufficient(method, 'fillSeries: no points, and no from and to to define the periods');
  }
  if (first > last) {
    throw new RangeError(`fillSeries: from must not be after to, got periods ${periodLabel(interval, first)} > ${periodLabel(interval, last)}`);
  }
  const count = last - first + 1;
  if (count > FILL_SERIES_MAX_PERIODS) {
    throw new RangeError(`fillSeries: at most ${FILL_SERIES_MAX_PERIODS} periods, got ${count} from ${periodLabel(interval, first)}`);
  }

  const sums = new Float64Array(count);
  const counts = new Float64Array(count);
  let outside = 0;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const k = (pointPeriod[i] as number) - first;
    if (k < 0 || k >= count) {
      outside++;
      continue;
    }
    const value = (points[i] as SeriesPoint).value;
    if (aggregate === 'count') {
      counts[k] = (counts[k] as number) + 1;
    } else if (value === null || Number.isNaN(value)) {
      missing++;
    } else {
      sums[k] = (sums[k] as number) + value;
      counts[k] = (counts[k] as number) + 1;
    }
  }

  const empty = fill === 'zero' ? 0 : Number.NaN;
  const labels = new Array<string>(count);
  const starts = new Array<number>(count);
  const values = new Array<number>(count);
  for (let k = 0; k < count; k++) {
    const index = first + k;
    labels[k] = periodLabel(interval, index);
    starts[k] = zone.instantOfWall(periodFirstDay(interval, index) * DAY_MS);
    const c = counts[k] as number;
    if (c === 0) values[k] = empty;
    else if (aggregate === 'count') values[k] = c;
    else if (aggregate === 'sum') values[k] = sums[k] as number;
    else values[k] = (sums[k] as number) / c;
  }

  const warnings: AnalysisWarning[] = [];
  if (outside > 0) {
    warnings.push({
      code: FILL_SERIES_WARNINGS.outsideRange,
      message: `fillSeries: ${outside} point(s) outside ${labels[0]} … ${labels[count - 1]} left out`,
    });
  }
  if (missing > 0) {
    warnings.push({
      code: FILL_SERIES_WARNINGS.missingValues,
      message: `fillSeries: ${missing} point(s) with a missing value not aggregated`,
    });
  }
  return {
    status: 'ok',
    method,
    warnings,
    interval,
    timeZone,
    labels,
    periodStartsMs: starts,
    values,
    counts: Array.from(counts),
  };
}
