/**
 * The instants a cron schedule fires at, in its time zone, computed from any given "now" (tests inject the
 * clock; the scheduler uses it for catch-up, for the next run it prints, and to check node-cron's ticks).
 *
 * Semantics are node-cron 4's (the library that fires the live ticks; its `getNextMatch` walker): fields
 * are matched against the local wall-clock time of the zone; a local time that does not exist (the hour
 * skipped when daylight saving starts) does not fire that day; a local time that happens twice (the hour
 * repeated when it ends) fires once, at its first occurrence. Day of month and day of week must both match
 * (node-cron ANDs them, unlike Vixie cron). Field expansion and validation are node-cron's own (`parse`,
 * `validateDetailed`); special day tokens (`L`, `1#2`) are checked by node-cron's matcher.
 */
import { createTask, parse, validateDetailed, type ParsedFields, type ScheduledTask } from 'node-cron';
import { ZoneOffsets } from '../ingest/zone-offsets.js';
import { isTimeZone } from '../ingest/time-zone.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** How far past the last tick found the walk looks for the next (`0 0 30 2 *` never fires): 8 years of days. */
const MAX_DAYS = 366 * 8;

/** A cron expression or time zone that cannot be used, with what is wrong. */
export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** Why `cron` cannot be a pipeline's schedule, or undefined when it can. */
export function cronProblem(cron: string): string | undefined {
  const check = validateDetailed(cron);
  // node-cron's wording ("61 is a invalid expression for minute") tidied.
  if (!check.valid) return check.errors.map((e) => e.message.replace(/ is a invalid expression for /, ' is not a valid ')).join('; ');
  const fields = parse(cron);
  // A pipeline runs minutes to hours: second-level schedules would start runs faster than they end.
  if (fields.second.length !== 1 || fields.second[0] !== 0) return 'a pipeline runs at most once a minute: use five fields (minute hour day-of-month month day-of-week)';
  return undefined;
}

/** One pipeline's schedule: a cron expression read in an IANA time zone. */
export class CronSchedule {
  private readonly fields: ParsedFields;
  private readonly matcher: ScheduledTask;
  private readonly zone: ZoneOffsets;

  /** @throws ScheduleError naming what is wrong with the expression or the zone */
  constructor(
    readonly cron: string,
    readonly timeZone: string,
  ) {
    const problem = cronProblem(cron);
    if (problem !== undefined) throw new ScheduleError(`'${cron}' is not a usable cron expression: ${problem}`);
    if (!isTimeZone(timeZone)) throw new ScheduleError(`'${timeZone}' is not a time-zone name (e.g. Asia/Shanghai, Europe/Berlin, UTC)`);
    this.fields = parse(cron);
    // A task that is never started: only its matcher is used (node-cron's own reading of the fields).
    this.matcher = createTask(cron, () => undefined, { timezone: timeZone });
    this.zone = new ZoneOffsets(timeZone);
  }

  /** The first tick strictly after `after`. @throws ScheduleError when the expression never fires */
  next(after: Date): Date {
    for (const tick of this.ticksAfter(after.getTime())) return new Date(tick);
    throw new ScheduleError(`'${this.cron}' does not fire within ${MAX_DAYS / 366} years`);
  }

  /** The next `count` ticks after `after`. */
  nextTicks(after: Date, count: number): Date[] {
    const out: Date[] = [];
    if (count <= 0) return out;
    for (const tick of this.ticksAfter(after.getTime())) if (out.push(new Date(tick)) === count) break;
    return out;
  }

  /**
   * The ticks in `(from, to]`, at most `limit` of them (`more` says some were left out): what a scheduler that
   * was down from `from` to `to` missed.
   */
  ticksBetween(from: Date, to: Date, limit = 10_000): { ticks: Date[]; more: boolean } {
    const ticks: Date[] = [];
    for (const tick of this.ticksAfter(from.getTime(), to.getTime())) {
      if (tick > to.getTime()) break;
      if (ticks.length === limit) return { ticks, more: true };
      ticks.push(new Date(tick));
    }
    return { ticks, more: false };
  }

  /** The latest tick at or before `at` within `lookbackMs`, or null. */
  latestAtOrBefore(at: Date, lookbackMs: number): Date | null {
    const { ticks } = this.ticksBetween(new Date(at.getTime() - lookbackMs), at, Number.MAX_SAFE_INTEGER);
    return ticks.at(-1) ?? null;
  }

  /**
   * The latest tick at or before `at`, looking back as far as needed (a day, a month, a year, 8 years): cheap
   * for frequent schedules, complete for rare ones.
   */
  latestTick(at: Date): Date | null {
    for (const lookbackMs of [HOUR_MS, DAY_MS, 32 * DAY_MS, 367 * DAY_MS, MAX_DAYS * DAY_MS]) {
      const found = this.latestAtOrBefore(at, lookbackMs);
      if (found !== null) return found;
    }
    return null;
  }

  /** The wall-clock time of `instant` in the schedule's zone, as "2026-03-08 03:30". */
  localText(instant: Date): string {
    const local = instant.getTime() + this.zone.offsetAtInstant(instant.getTime());
    return new Date(local).toISOString().slice(0, 16).replace('T', ' ');
  }

  /** The ticks after `afterMs` in ascending order (one walk over the local days, candidates in clock order). */
  private *ticksAfter(afterMs: number, untilMs = Infinity): Generator<number> {
    const { minute, hour, month } = this.fields;
    const minutes = [...minute].sort((a, b) => a - b);
    const hours = [...hour].sort((a, b) => a - b);
    // Start on the local day of `after` (the day before too: an instant just after midnight UTC may be the
    // previous local day in a zone west of UTC, and the walk below only moves forward).
    const localAfter = afterMs + this.zone.offsetAtInstant(afterMs);
    let day = Math.floor(localAfter / DAY_MS) - 1;
    for (let sinceTick = 0; sinceTick < MAX_DAYS; sinceTick++, day++) {
      const dayMs = day * DAY_MS;
      // Past the caller's horizon by more than a day's worth of offsets: nothing more to find.
      if (dayMs - 2 * DAY_MS > untilMs) return;
      const date = new Date(dayMs);
      if (!month.includes(date.getUTCMonth() + 1)) continue;
      let dayMatches: boolean | undefined;
      times: for (const h of hours) {
        for (const m of minutes) {
          const instant = this.instantOf(dayMs + h * HOUR_MS + m * 60_000);
          if (instant === null) continue; // a local time skipped by a daylight-saving change: no tick that day
          // The first real time of the day answers for the day (its hour and minute are in the lists): day of
          // month, day of week and the special tokens, as node-cron's matcher reads them.
          dayMatches ??= this.matcher.match(new Date(instant));
          if (!dayMatches) break times;
          if (instant > afterMs) {
            yield instant;
            sinceTick = 0;
          }
        }
      }
    }
  }

  /** The first instant whose local wall-clock time is `localMs` (as Date.UTC fields), or null when none is. */
  private instantOf(localMs: number): number | null {
    const guess = localMs - this.zone.offsetAtInstant(localMs);
    const offsets = new Set([this.zone.offsetAtInstant(guess - 3 * HOUR_MS), this.zone.offsetAtInstant(guess), this.zone.offsetAtInstant(guess + 3 * HOUR_MS)]);
    let best: number | null = null;
    for (const offset of offsets) {
      const instant = localMs - offset;
      if (this.zone.offsetAtInstant(instant) === offset && (best === null || instant < best)) best = instant;
    }
    return best;
  }
}
