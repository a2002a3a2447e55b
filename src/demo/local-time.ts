/**
 * Wall-clock time in the demo's time zone (Asia/Shanghai, UTC+8 all year). The simulation keeps times as
 * "local milliseconds": the epoch milliseconds a UTC clock would show for the same wall-clock reading, so the
 * `getUTC*` accessors give Shanghai wall-clock fields without any time-zone database. True epoch milliseconds
 * are `localMs - SHANGHAI_OFFSET_MS`.
 */

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
/** Asia/Shanghai's offset from UTC in milliseconds (no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const scratch = new Date(0);

/**
 * The local midnight of a `YYYY-MM-DD` calendar date, as local milliseconds.
 * @param date calendar date `YYYY-MM-DD`
 * @throws RangeError when the text is not a real calendar date
 * @example parseLocalDate('2025-01-02') // => 1735776000000
 */
export function parseLocalDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`parseLocalDate: expected a date YYYY-MM-DD, got '${date}'`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  scratch.setTime(ms);
  if (scratch.getUTCFullYear() !== y || scratch.getUTCMonth() !== mo - 1 || scratch.getUTCDate() !== d) {
    throw new RangeError(`parseLocalDate: '${date}' is not a calendar date`);
  }
  return ms;
}

/**
 * Day of the week with Monday = 0 … Sunday = 6.
 * @param localMs local milliseconds
 * @example weekdayMondayFirst(parseLocalDate('2025-01-06')) // => 0
 */
export function weekdayMondayFirst(localMs: number): number {
  scratch.setTime(localMs);
  return (scratch.getUTCDay() + 6) % 7;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * `YYYY-MM-DD` of a local time.
 * @param localMs local milliseconds
 * @example formatLocalDate(parseLocalDate('2025-03-04')) // => '2025-03-04'
 */
export function formatLocalDate(localMs: number): string {
  scratch.setTime(localMs);
  return `${scratch.getUTCFullYear()}-${pad2(scratch.getUTCMonth() + 1)}-${pad2(scratch.getUTCDate())}`;
}

/**
 * Date and time with a chosen date separator: `YYYY{sep}MM{sep}DD{mid}HH:MM:SS`.
 * @param localMs local milliseconds (sub-second part dropped)
 * @param dateSep `-` or `/` @param mid `T` or a space
 * @example formatLocalDateTime(parseLocalDate('2025-07-05') + 46_800_000, '/', ' ') // => '2025/07/05 13:00:00'
 */
export function formatLocalDateTime(localMs: number, dateSep: string, mid: string): string {
  scratch.setTime(localMs);
  return (
    scratch.getUTCFullYear() +
    dateSep +
    pad2(scratch.getUTCMonth() + 1) +
    dateSep +
    pad2(scratch.getUTCDate()) +
    mid +
    pad2(scratch.getUTCHours()) +
    ':' +
    pad2(scratch.getUTCMinutes()) +
    ':' +
    pad2(scratch.getUTCSeconds())
  );
}

/**
 * ISO 8601 with the Shanghai offset: `2025-01-05T13:00:00+08:00`.
 * @param localMs local milliseconds
 * @example formatIsoShanghai(parseLocalDate('2025-01-05') + 46_800_000) // => '2025-01-05T13:00:00+08:00'
 */
export function formatIsoShanghai(localMs: number): string {
  return formatLocalDateTime(localMs, '-', 'T') + '+08:00';
}

/**
 * ISO 8601 in UTC: `2025-01-05T05:00:00Z` for 13:00 in Shanghai.
 * @param localMs local milliseconds
 * @example formatIsoUtc(parseLocalDate('2025-01-05') + 46_800_000) // => '2025-01-05T05:00:00Z'
 */
export function formatIsoUtc(localMs: number): string {
  return formatLocalDateTime(localMs - SHANGHAI_OFFSET_MS, '-', 'T') + 'Z';
}

/**
 * `YYMMDD` of a local time (for record ids).
 * @param localMs local milliseconds
 * @example compactDate(parseLocalDate('2025-03-04')) // => '250304'
 */
export function compactDate(localMs: number): string {
  scratch.setTime(localMs);
  return pad2(scratch.getUTCFullYear() % 100) + pad2(scratch.getUTCMonth() + 1) + pad2(scratch.getUTCDate());
}

/**
 * The first day (local midnight) of the month `months` calendar months after `localMs`'s month.
 * @param localMs local milliseconds @param months whole months to add (may be 0)
 * @example formatLocalDate(addMonths(parseLocalDate('2025-01-01'), 6)) // => '2025-07-01'
 */
export function addMonths(localMs: number, months: number): number {
  scratch.setTime(localMs);
  return Date.UTC(scratch.getUTCFullYear(), scratch.getUTCMonth() + months, 1);
}
