/**
 * The unit a duration column's bare numbers are in, from its header: exports say "Queue Time (min)", "Full
 * resolution time in minutes" (Zendesk), "通话时长(秒)", "处理时长（小时）". A bare number in such a column is that
 * many minutes or hours; a value that carries its own form (`1:30`, `2分30秒`, `PT5M`) is read as written.
 * Without a unit in the header, bare numbers are seconds (what every built-in alias means).
 */

/** Seconds per bare number of each unit. */
export const DURATION_UNITS = { milliseconds: 0.001, seconds: 1, minutes: 60, hours: 3600 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;

// English unit words as whole words; single letters only inside brackets ("Wait (m)", "[h]"), where they
// cannot be part of a name.
const PATTERNS: readonly (readonly [DurationUnit, RegExp])[] = [
  ['milliseconds', /\b(?:ms|msec|millis|milliseconds?)\b|毫秒/],
  ['seconds', /\b(?:secs?|seconds?)\b|[([]\s*s\s*[)\]]|(?<!毫)秒/],
  ['minutes', /\b(?:mins?|minutes?)\b|[([]\s*m\s*[)\]]|分钟|[([]\s*分\s*[)\]]/],
  ['hours', /\b(?:hrs?|hours?)\b|[([]\s*h\s*[)\]]|小时|[([]\s*时\s*[)\]]/],
];

/**
 * The unit a header declares for its numbers, or undefined when it names none or more than one.
 * @param header the column's header as written
 * @example durationUnitOfHeader('Queue Time (min)') // => 'minutes'
 * @example durationUnitOfHeader('通话时长（秒）') // => 'seconds'
 * @example durationUnitOfHeader('wait_time') // => undefined
 */
export function durationUnitOfHeader(header: string): DurationUnit | undefined {
  const text = header.normalize('NFKC').toLowerCase().replace(/_/g, ' ');
  const found = PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([unit]) => unit);
  return found.length === 1 ? found[0] : undefined;
}
