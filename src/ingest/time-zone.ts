/** Validation of time-zone names (conversion is `zone-offsets.ts`). */

/** True when `timeZone` is a time-zone name this runtime (and so PostgreSQL, sharing the IANA names) knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
