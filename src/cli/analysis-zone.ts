/** The time zone `servq analyze` uses when given no --time-zone, shared by the commands that keep rollups for it. */
import { DEFAULT_TIME_ZONE } from '../ingest/defaults.js';
import { isTimeZone } from '../ingest/time-zone.js';

/** SERVQ_TIME_ZONE if it names a zone, else DEFAULT_TIME_ZONE (Asia/Shanghai). */
export function analysisTimeZone(): string {
  const env = process.env['SERVQ_TIME_ZONE'];
  return env !== undefined && isTimeZone(env) ? env : DEFAULT_TIME_ZONE;
}
