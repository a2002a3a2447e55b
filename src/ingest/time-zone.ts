/**
 * Time-zone helpers. Conversion of offset-less timestamps to UTC is left to PostgreSQL (the load sets the
 * transaction's TimeZone), which knows every daylight-saving rule; JavaScript only needs an approximate
 * offset for the plausibility window (future dates), where an hour does not matter.
 */

/**
 * Minutes east of UTC of `timeZone` at the instant `atMs`.
 * @throws RangeError when `timeZone` is not an IANA time-zone name
 * @example zoneOffsetMinutes('Asia/Shanghai', Date.UTC(2026, 0, 1)) // => 480
 */
export function zoneOffsetMinutes(timeZone: string, atMs: number): number {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts = Object.fromEntries(formatter.formatToParts(new Date(atMs)).map((p) => [p.type, p.value]));
  const local = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  return Math.round((local - Math.floor(atMs / 1000) * 1000) / 60_000);
}

/** True when `timeZone` is a time-zone name this runtime (and so PostgreSQL, sharing the IANA names) knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
