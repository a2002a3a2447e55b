/**
 * Schedule resolution with an injected clock (every "now" is an explicit Date, except in the one test that
 * compares with node-cron on the real clock): the instants a cron expression fires at in its zone
 * (`CronSchedule` in src/pipeline/cron-ticks.ts) across daylight-saving changes in both hemispheres, a
 * 30-minute shift and a zone without DST; quarter, month and year boundaries; the period a run for a tick
 * works on (`resolvePeriodRule`, `resolveParams` in src/pipeline/define.ts); the runs a scheduler that was
 * down missed (`missedRuns` in src/pipeline/scheduler.ts); agreement with node-cron, which fires the live
 * ticks; and the errors for expressions and zones that cannot be used.
 *
 * The semantics under test (cron-ticks.ts): fields match the local wall-clock time of the zone; a local time
 * skipped by spring-forward does not fire that day; a local time repeated by fall-back fires once, at its
 * first occurrence; day of month AND day of week must both match.
 *
 * Expected instants do not come from CronSchedule: they are Python 3.11.7 zoneinfo, tzdata 2025b-0+deb12u2
 * (Debian's /usr/share/zoneinfo; Node 20.20's ICU carries tz 2025c, with the same rules for the zones and
 * years here). `ticks(...)` beside a value is this brute force over every UTC minute, which encodes the
 * semantics directly (a skipped local time never appears; a repeated one appears with fold=1 the second
 * time):
 *
 *   python3 - <<'EOF'
 *   from datetime import datetime as D, timedelta as T, timezone as U, date
 *   from zoneinfo import ZoneInfo as Z
 *   u = lambda *a: D(*a, tzinfo=U.utc)
 *   hm = lambda h, m: lambda l: (l.hour, l.minute) == (h, m)
 *   def ticks(zone, a, b, match, n=None):   # the UTC minutes in (a, b] whose local time matches, first n
 *       t, out = a + T(minutes=1), []
 *       while t <= b and (n is None or len(out) < n):
 *           l = t.astimezone(Z(zone))
 *           if l.fold == 0 and match(l): out.append(t.strftime('%Y-%m-%dT%H:%MZ'))
 *           t += T(minutes=1)
 *       return out
 *   print(ticks('America/New_York', u(2026,3,6,12), u(2026,4,1), hm(2,30), 3))
 *   EOF
 *
 * Local days for periods are `t.astimezone(Z(zone)).date()` and ISO weeks `date.isocalendar()`, same Python.
 */
import { createTask } from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PIPELINES } from '../../pipelines/index.js';
import { CronSchedule, ScheduleError, cronProblem } from '../../src/pipeline/cron-ticks.js';
import { PERIOD_RULES, localDay, resolveParams, resolvePeriodRule, type PipelineDefinition } from '../../src/pipeline/define.js';
import { missedRuns, tickOf, type ScheduledPipeline } from '../../src/pipeline/scheduler.js';

/** An instant as the Python oracle prints it: '2026-03-09T06:30Z'. */
const iso = (d: Date) => `${d.toISOString().slice(0, 16)}Z`;
const at = (text: string) => new Date(text);
const pipeline = (name: string): PipelineDefinition => PIPELINES.find((p) => p.name === name)!;

describe('CronSchedule.nextTicks across daylight-saving changes', () => {
  // [what, cron, zone, after (UTC), the next three ticks]
  it.each([
    // ticks('America/New_York', u(2026,3,6,12), u(2026,4,1), hm(2,30), 3): 02:30 does not exist on 03-08
    ['New York spring-forward: 02:30 skipped on 03-08', '30 2 * * *', 'America/New_York', '2026-03-06T12:00Z', ['2026-03-07T07:30Z', '2026-03-09T06:30Z', '2026-03-10T06:30Z']],
    // ticks('America/New_York', u(2026,10,30,12), u(2026,12,1), hm(1,30), 3): 11-01 once, at 01:30 EDT (not 06:30Z, EST)
    ['New York fall-back: 01:30 once on 11-01, EDT', '30 1 * * *', 'America/New_York', '2026-10-30T12:00Z', ['2026-10-31T05:30Z', '2026-11-01T05:30Z', '2026-11-02T06:30Z']],
    // ticks('Europe/Berlin', u(2026,3,27,12), u(2026,5,1), hm(2,0), 3)
    ['Berlin spring-forward: 02:00 skipped on 03-29', '0 2 * * *', 'Europe/Berlin', '2026-03-27T12:00Z', ['2026-03-28T01:00Z', '2026-03-30T00:00Z', '2026-03-31T00:00Z']],
    // ticks('Europe/Berlin', u(2026,3,27,12), u(2026,5,1), hm(2,30), 3)
    ['Berlin spring-forward: 02:30 skipped on 03-29', '30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00Z', ['2026-03-28T01:30Z', '2026-03-30T00:30Z', '2026-03-31T00:30Z']],
    // ticks('Europe/Berlin', u(2026,10,23,12), u(2026,12,1), hm(2,0), 3): 10-25 once, at 02:00 CEST (00:00Z, not 01:00Z)
    ['Berlin fall-back: 02:00 once on 10-25, CEST', '0 2 * * *', 'Europe/Berlin', '2026-10-23T12:00Z', ['2026-10-24T00:00Z', '2026-10-25T00:00Z', '2026-10-26T01:00Z']],
    // ticks('Europe/Berlin', u(2026,10,23,12), u(2026,12,1), hm(2,30), 3)
    ['Berlin fall-back: 02:30 once on 10-25, CEST', '30 2 * * *', 'Europe/Berlin', '2026-10-23T12:00Z', ['2026-10-24T00:30Z', '2026-10-25T00:30Z', '2026-10-26T01:30Z']],
    // ticks('Europe/London', u(2026,3,27,12), u(2026,5,1), hm(1,30), 3)
    ['London spring-forward: 01:30 skipped on 03-29', '30 1 * * *', 'Europe/London', '2026-03-27T12:00Z', ['2026-03-28T01:30Z', '2026-03-30T00:30Z', '2026-03-31T00:30Z']],
    // ticks('Europe/London', u(2026,10,23,12), u(2026,12,1), hm(1,30), 3)
    ['London fall-back: 01:30 once on 10-25, BST', '30 1 * * *', 'Europe/London', '2026-10-23T12:00Z', ['2026-10-24T00:30Z', '2026-10-25T00:30Z', '2026-10-26T01:30Z']],
    // ticks('Australia/Sydney', u(2026,4,3,12), u(2026,5,1), hm(2,30), 3): local 04-04, 04-05 (AEDT, first), 04-06
    ['Sydney fall-back (April): 02:30 once on 04-05, AEDT', '30 2 * * *', 'Australia/Sydney', '2026-04-03T12:00Z', ['2026-04-03T15:30Z', '2026-04-04T15:30Z', '2026-04-05T16:30Z']],
    // ticks('Australia/Sydney', u(2026,10,2,12), u(2026,11,1), hm(2,30), 3): local 10-03, (10-04 skipped), 10-05, 10-06
    ['Sydney spring-forward (October): 02:30 skipped on 10-04', '30 2 * * *', 'Australia/Sydney', '2026-10-02T12:00Z', ['2026-10-02T16:30Z', '2026-10-04T15:30Z', '2026-10-05T15:30Z']],
    // ticks('Australia/Lord_Howe', u(2026,4,3), u(2026,5,1), hm(1,45), 3): 01:30–02:00 repeats on 04-05; first is +11:00
    ['Lord Howe fall-back (30 min): 01:45 once on 04-05, +11:00', '45 1 * * *', 'Australia/Lord_Howe', '2026-04-03T00:00Z', ['2026-04-03T14:45Z', '2026-04-04T14:45Z', '2026-04-05T15:15Z']],
    // ticks('Australia/Lord_Howe', u(2026,10,2), u(2026,11,1), hm(2,15), 3): 02:00–02:30 does not exist on 10-04
    ['Lord Howe spring-forward (30 min): 02:15 skipped on 10-04', '15 2 * * *', 'Australia/Lord_Howe', '2026-10-02T00:00Z', ['2026-10-02T15:45Z', '2026-10-04T15:15Z', '2026-10-05T15:15Z']],
  ] as const)('%s', (_what, cron, zone, after, expected) => {
    expect(new CronSchedule(cron, zone).nextTicks(at(after), 3).map(iso)).toEqual(expected);
  });

  it('does not fire at the repeat of a fall-back time it already fired at', () => {
    // Python: utc(2026,11,1,1,30,'America/New_York',fold=1) = 2026-11-01T06:30Z, the repeat (EST) of 05:30Z (EDT)
    const ny = new CronSchedule('30 1 * * *', 'America/New_York');
    expect(iso(ny.next(at('2026-11-01T05:30Z')))).toBe('2026-11-02T06:30Z');
    expect(iso(ny.next(at('2026-11-01T06:00Z')))).toBe('2026-11-02T06:30Z');
  });

  it('fires each minute of a repeated half hour once, and none of a skipped one (Lord Howe)', () => {
    const lordHowe = new CronSchedule('*/15 1-2 * * *', 'Australia/Lord_Howe');
    // Local day 2026-04-05, i.e. (13:00Z, 13:30Z next day]: 01:00–01:45 at +11:00, 02:00–02:45 at +10:30; the
    // repeats of 01:30 and 01:45 at +10:30 (15:00Z, 15:15Z) are not ticks.
    // ticks('Australia/Lord_Howe', u(2026,4,4,13), u(2026,4,5,13,30), lambda l: l.minute % 15 == 0 and l.hour in (1,2))
    expect(lordHowe.ticksBetween(at('2026-04-04T13:00Z'), at('2026-04-05T13:30Z')).ticks.map(iso)).toEqual([
      '2026-04-04T14:00Z', '2026-04-04T14:15Z', '2026-04-04T14:30Z', '2026-04-04T14:45Z',
      '2026-04-04T15:30Z', '2026-04-04T15:45Z', '2026-04-04T16:00Z', '2026-04-04T16:15Z',
    ]);
    // Local day 2026-10-04: 02:00 and 02:15 do not exist; 02:30 and 02:45 at +11:00 (hour 1 is +10:30).
    // ticks('Australia/Lord_Howe', u(2026,10,3,13,30), u(2026,10,4,13), lambda l: l.minute % 15 == 0 and l.hour == 2)
    const hour2 = new CronSchedule('*/15 2 * * *', 'Australia/Lord_Howe');
    expect(hour2.ticksBetween(at('2026-10-03T13:30Z'), at('2026-10-04T13:00Z')).ticks.map(iso)).toEqual(['2026-10-03T15:30Z', '2026-10-03T15:45Z']);
  });

  it('fires every day at the same UTC instant in a zone without daylight saving (Asia/Shanghai)', () => {
    // Local year 2026: ticks('Asia/Shanghai', u(2025,12,31,16), u(2026,12,31,16), hm(1,30)) → 365 ticks, all at 17:30Z
    const { ticks, more } = new CronSchedule('30 1 * * *', 'Asia/Shanghai').ticksBetween(at('2025-12-31T16:00Z'), at('2026-12-31T16:00Z'));
    expect(more).toBe(false);
    expect(ticks).toHaveLength(365);
    expect(new Set(ticks.map((t) => iso(t).slice(10)))).toEqual(new Set(['T17:30Z']));
    expect(iso(ticks[0]!)).toBe('2025-12-31T17:30Z');
    expect(iso(ticks.at(-1)!)).toBe('2026-12-30T17:30Z');
  });

  it('writes the local wall-clock time of a tick', () => {
    // t.astimezone(Z(zone)).strftime('%Y-%m-%d %H:%M')
    const ny = new CronSchedule('30 1 * * *', 'America/New_York');
    expect(ny.localText(at('2026-11-01T05:30Z'))).toBe('2026-11-01 01:30');
    expect(ny.localText(at('2026-11-01T06:30Z'))).toBe('2026-11-01 01:30');
    expect(new CronSchedule('*/15 2 * * *', 'Australia/Lord_Howe').localText(at('2026-10-03T15:30Z'))).toBe('2026-10-04 02:30');
    expect(new CronSchedule('30 7 1 1,4,7,10 *', 'Asia/Shanghai').localText(at('2026-12-31T23:30Z'))).toBe('2027-01-01 07:30');
  });
});

describe('CronSchedule at quarter, month and year boundaries', () => {
  // q = lambda l: (l.hour, l.minute, l.day) == (7, 30, 1) and l.month in (1, 4, 7, 10)
  const quarterStarts = {
    // ticks('Asia/Shanghai', u(2025,12,1), u(2027,5,1), q): 07:30 +08:00 is 23:30Z the day before
    'Asia/Shanghai': ['2025-12-31T23:30Z', '2026-03-31T23:30Z', '2026-06-30T23:30Z', '2026-09-30T23:30Z', '2026-12-31T23:30Z', '2027-03-31T23:30Z'],
    // ticks('America/New_York', u(2025,12,1), u(2027,5,1), q): EST in January, EDT in April, July, October
    'America/New_York': ['2026-01-01T12:30Z', '2026-04-01T11:30Z', '2026-07-01T11:30Z', '2026-10-01T11:30Z', '2027-01-01T12:30Z', '2027-04-01T11:30Z'],
  } as const;

  for (const [zone, starts] of Object.entries(quarterStarts)) {
    it(`quarterly '30 7 1 1,4,7,10 *' in ${zone}: just before a quarter start → it; at or just after → the next`, () => {
      const quarterly = new CronSchedule('30 7 1 1,4,7,10 *', zone);
      for (let i = 0; i + 1 < starts.length; i++) {
        const tick = at(starts[i]!);
        expect(iso(quarterly.next(new Date(tick.getTime() - 1000)))).toBe(starts[i]);
        expect(iso(quarterly.next(new Date(tick.getTime() - 1)))).toBe(starts[i]);
        expect(iso(quarterly.next(tick))).toBe(starts[i + 1]);
        expect(iso(quarterly.next(new Date(tick.getTime() + 1000)))).toBe(starts[i + 1]);
      }
      expect(quarterly.nextTicks(at('2025-12-01T00:00Z'), 6).map(iso)).toEqual(starts);
    });
  }

  it('quarterly in Shanghai: next after 2026-12-31T23:29:59Z is 2026-12-31T23:30Z, 2027-01-01 07:30 local', () => {
    const quarterly = new CronSchedule('30 7 1 1,4,7,10 *', 'Asia/Shanghai');
    const next = quarterly.next(at('2026-12-31T23:29:59Z'));
    expect(next.toISOString()).toBe('2026-12-31T23:30:00.000Z');
    expect(quarterly.localText(next)).toBe('2027-01-01 07:30');
  });

  // mo = lambda l: (l.hour, l.minute, l.day) == (7, 0, 1)
  it.each([
    // ticks('Asia/Shanghai', u(2026,12,15), u(2027,4,1), mo, 3): the 2027-01-01 tick is on 2026-12-31 in UTC
    ['Asia/Shanghai', '2026-12-15T00:00Z', ['2026-12-31T23:00Z', '2027-01-31T23:00Z', '2027-02-28T23:00Z']],
    // ticks('Asia/Shanghai', u(2028,1,15), u(2028,5,1), mo, 3): 2028-03-01 local is the leap day in UTC
    ['Asia/Shanghai', '2028-01-15T00:00Z', ['2028-01-31T23:00Z', '2028-02-29T23:00Z', '2028-03-31T23:00Z']],
    // ticks('America/New_York', u(2026,12,15), u(2027,4,1), mo, 3)
    ['America/New_York', '2026-12-15T00:00Z', ['2027-01-01T12:00Z', '2027-02-01T12:00Z', '2027-03-01T12:00Z']],
    // ticks('America/New_York', u(2028,1,15), u(2028,5,1), mo, 3): EDT from 2028-03-12
    ['America/New_York', '2028-01-15T00:00Z', ['2028-02-01T12:00Z', '2028-03-01T12:00Z', '2028-04-01T11:00Z']],
  ] as const)("monthly '0 7 1 * *' in %s after %s", (zone, after, expected) => {
    expect(new CronSchedule('0 7 1 * *', zone).nextTicks(at(after), 3).map(iso)).toEqual(expected);
  });

  // The walk's 8-year limit counts from the last tick found, not from `after` (it once stopped at 32 of 50).
  it('nextTicks gives all 50 quarterly ticks though they span 12 years', () => {
    // [D(y,m,1,7,30,tzinfo=Z('Asia/Shanghai')).astimezone(U.utc) for y in range(2027,2040) for m in (1,4,7,10)][:50]
    // → 2026-12-31T23:30Z … 2039-03-31T23:30Z
    const ticks = new CronSchedule('30 7 1 1,4,7,10 *', 'Asia/Shanghai').nextTicks(at('2026-12-04T00:00Z'), 50);
    expect(ticks).toHaveLength(50);
    expect(iso(ticks.at(-1)!)).toBe('2039-03-31T23:30Z');
  });

  it("reads node-cron's L (last day of the month): February 28, then the leap day", () => {
    // ticks('UTC', u(2027,1,1), u(2029,12,31), lambda l: (l.hour, l.minute) == (7, 0) and l.month == 2 and (l + T(days=1)).month == 3)
    expect(new CronSchedule('0 7 L 2 *', 'UTC').nextTicks(at('2027-01-01T00:00Z'), 3).map(iso)).toEqual(['2027-02-28T07:00Z', '2028-02-29T07:00Z', '2029-02-28T07:00Z']);
  });
});

describe('CronSchedule: day of month AND day of week', () => {
  it("'0 9 13 * 5' fires on Friday the 13th only", () => {
    // ticks('Europe/Berlin', u(2026,1,1), u(2027,2,1), lambda l: (l.hour, l.minute, l.day) == (9, 0, 13) and l.isoweekday() % 7 == 5, 3)
    // (Vixie cron's OR would start 2026-01-02T08:00Z, a Friday, then 01-09 and 01-13.)
    expect(new CronSchedule('0 9 13 * 5', 'Europe/Berlin').nextTicks(at('2026-01-01T00:00Z'), 3).map(iso)).toEqual(['2026-02-13T08:00Z', '2026-03-13T08:00Z', '2026-11-13T08:00Z']);
  });

  it('an expression that fires only beyond the 8-year look-ahead throws ScheduleError', () => {
    // Feb 29 on a Monday: [y for y in range(2026, 2060) if y % 4 == 0 and date(y,2,29).isoweekday() == 1] → [2044]
    const leapMonday = new CronSchedule('0 0 29 2 1', 'UTC');
    expect(() => leapMonday.next(at('2026-01-01T00:00Z'))).toThrow(ScheduleError);
    expect(() => leapMonday.next(at('2026-01-01T00:00Z'))).toThrow(/does not fire within 8 years/);
    expect(iso(leapMonday.next(at('2040-01-01T00:00Z')))).toBe('2044-02-29T00:00Z');
  });
});

describe('CronSchedule.ticksBetween', () => {
  const daily0230 = new CronSchedule('30 2 * * *', 'America/New_York');

  it('counts a daily 02:30 New York schedule over two weeks with spring-forward as 13, not 14', () => {
    // ticks('America/New_York', u(2026,3,1), u(2026,3,15), hm(2,30)) → 13 (no 03-08)
    const { ticks, more } = daily0230.ticksBetween(at('2026-03-01T00:00Z'), at('2026-03-15T00:00Z'));
    expect(more).toBe(false);
    expect(ticks.map(iso)).toEqual([
      '2026-03-01T07:30Z', '2026-03-02T07:30Z', '2026-03-03T07:30Z', '2026-03-04T07:30Z', '2026-03-05T07:30Z', '2026-03-06T07:30Z', '2026-03-07T07:30Z',
      '2026-03-09T06:30Z', '2026-03-10T06:30Z', '2026-03-11T06:30Z', '2026-03-12T06:30Z', '2026-03-13T06:30Z', '2026-03-14T06:30Z',
    ]);
  });

  it('counts a daily 01:30 New York schedule over two weeks with fall-back as 14, not 15', () => {
    // len(ticks('America/New_York', u(2026,10,25), u(2026,11,8), hm(1,30))) → 14
    expect(new CronSchedule('30 1 * * *', 'America/New_York').ticksBetween(at('2026-10-25T00:00Z'), at('2026-11-08T00:00Z')).ticks).toHaveLength(14);
  });

  it('is half-open (from, to]: a tick at `from` is left out, a tick at `to` is in', () => {
    const { ticks } = daily0230.ticksBetween(at('2026-03-01T07:30Z'), at('2026-03-03T07:30Z'));
    expect(ticks.map(iso)).toEqual(['2026-03-02T07:30Z', '2026-03-03T07:30Z']);
    expect(daily0230.ticksBetween(at('2026-03-01T07:30Z'), at('2026-03-01T07:30Z')).ticks).toEqual([]);
    expect(daily0230.ticksBetween(at('2026-03-01T07:30:00.001Z'), at('2026-03-02T07:29:59.999Z')).ticks).toEqual([]);
  });

  it('stops at `limit` and says `more`; exactly `limit` ticks is not more', () => {
    const from = at('2026-03-01T00:00Z');
    const to = at('2026-03-15T00:00Z');
    const five = daily0230.ticksBetween(from, to, 5);
    expect(five.more).toBe(true);
    expect(five.ticks.map(iso)).toEqual(['2026-03-01T07:30Z', '2026-03-02T07:30Z', '2026-03-03T07:30Z', '2026-03-04T07:30Z', '2026-03-05T07:30Z']);
    expect(daily0230.ticksBetween(from, to, 13)).toMatchObject({ more: false });
    expect(daily0230.ticksBetween(from, to, 13).ticks).toHaveLength(13);
    expect(daily0230.ticksBetween(from, to, 12)).toMatchObject({ more: true });
  });

  it('latestAtOrBefore: a tick exactly at `at` counts; none within the look-back is null', () => {
    expect(iso(daily0230.latestAtOrBefore(at('2026-03-09T06:30Z'), 7 * 86_400_000)!)).toBe('2026-03-09T06:30Z');
    // 03-08 has no tick: the latest on 03-09 05:00Z (before 02:30 EDT) is 03-07's
    expect(iso(daily0230.latestAtOrBefore(at('2026-03-09T05:00Z'), 7 * 86_400_000)!)).toBe('2026-03-07T07:30Z');
    expect(daily0230.latestAtOrBefore(at('2026-03-09T05:00Z'), 86_400_000)).toBeNull();
  });
});

describe('the period a run for a tick works on', () => {
  const quarterly = pipeline('quarterly-report');
  const weekly = pipeline('weekly-service-levels');
  const monthly = pipeline('monthly-report');
  const daily = pipeline('daily-ingest');

  it('the declared pipelines declare the rules tested here', () => {
    expect([quarterly.period, weekly.period, monthly.period, daily.period]).toEqual(['previous-quarter', 'previous-week', 'previous-month', undefined]);
    expect(PERIOD_RULES).toEqual(['previous-day', 'previous-week', 'previous-month', 'previous-quarter', 'previous-year']);
  });

  // [rule, reference (UTC), zone, local day (Python), period]; local day: u(...).astimezone(Z(zone)).date()
  it.each([
    // The quarterly tick 2026-10-01 07:30 Shanghai: local 2026-10-01 (Q4) → Q3
    ['previous-quarter', '2026-09-30T23:30Z', 'Asia/Shanghai', '2026-10-01', '2026-Q3'],
    // The same instant read in UTC is 2026-09-30 (Q3) → Q2
    ['previous-quarter', '2026-09-30T23:30Z', 'UTC', '2026-09-30', '2026-Q2'],
    // 2026-10-01T00:30Z is still 09-30 17:30 in Los Angeles (Q3) → Q2, but 10-01 in UTC (Q4) → Q3
    ['previous-quarter', '2026-10-01T00:30Z', 'America/Los_Angeles', '2026-09-30', '2026-Q2'],
    ['previous-quarter', '2026-10-01T00:30Z', 'UTC', '2026-10-01', '2026-Q3'],
    // The quarterly tick 2027-01-01 07:30 Shanghai → 2026-Q4 (in UTC: 2026-12-31 → Q3)
    ['previous-quarter', '2026-12-31T23:30Z', 'Asia/Shanghai', '2027-01-01', '2026-Q4'],
    ['previous-quarter', '2026-12-31T23:30Z', 'UTC', '2026-12-31', '2026-Q3'],
    // Monday 2027-01-04 06:00 Shanghai: date(2027,1,4).isocalendar() = (2027, 1, 1); the week before,
    // date(2026,12,28).isocalendar() = (2026, 53, 1). In UTC it is Sunday 2027-01-03 = (2026, 53, 7) → W52.
    ['previous-week', '2027-01-03T22:00Z', 'Asia/Shanghai', '2027-01-04', '2026-W53'],
    ['previous-week', '2027-01-03T22:00Z', 'UTC', '2027-01-03', '2026-W52'],
    // The monthly tick 2026-03-01 07:00 Shanghai → February (in UTC: 02-28 → January)
    ['previous-month', '2026-02-28T23:00Z', 'Asia/Shanghai', '2026-03-01', '2026-02'],
    ['previous-month', '2026-02-28T23:00Z', 'UTC', '2026-02-28', '2026-01'],
    // Previous day around New York midnight on the spring-forward day
    ['previous-day', '2026-03-08T07:00Z', 'America/New_York', '2026-03-08', '2026-03-07'],
    ['previous-day', '2026-03-08T04:59Z', 'America/New_York', '2026-03-07', '2026-03-06'],
    // Previous year across Shanghai's New Year (16:00Z)
    ['previous-year', '2026-12-31T16:00Z', 'Asia/Shanghai', '2027-01-01', '2026'],
    ['previous-year', '2026-12-31T15:59Z', 'Asia/Shanghai', '2026-12-31', '2025'],
  ] as const)('%s at %s in %s (local %s) → %s', (rule, reference, zone, day, period) => {
    expect(localDay(at(reference), zone)).toBe(day);
    expect(resolvePeriodRule(rule, at(reference), zone).label).toBe(period);
  });

  it('resolveParams: the declared rule against the tick, the reference and the zone', () => {
    expect(resolveParams(quarterly, at('2026-09-30T23:30Z'), 'Asia/Shanghai')).toEqual({ reference: '2026-09-30T23:30:00.000Z', timeZone: 'Asia/Shanghai', period: '2026-Q3' });
    expect(resolveParams(weekly, at('2027-01-03T22:00Z'), 'Asia/Shanghai').period).toBe('2026-W53');
    expect(resolveParams(monthly, at('2026-02-28T23:00Z'), 'Asia/Shanghai').period).toBe('2026-02');
    // A pipeline without a period rule gets none
    expect(resolveParams(daily, at('2026-03-08T07:00Z'), 'America/New_York')).toEqual({ reference: '2026-03-08T07:00:00.000Z', timeZone: 'America/New_York' });
  });

  it('resolveParams: a period override wins (normalised), and a bad one throws RangeError', () => {
    expect(resolveParams(quarterly, at('2026-09-30T23:30Z'), 'Asia/Shanghai', '2025q4').period).toBe('2025-Q4');
    // A pipeline without a period takes none; another grain than the pipeline's is refused.
    expect(() => resolveParams(daily, at('2026-09-30T23:30Z'), 'Asia/Shanghai', '2026-07')).toThrow(/works on no period/);
    expect(() => resolveParams(quarterly, at('2026-09-30T23:30Z'), 'Asia/Shanghai', '2026-07')).toThrow(/works on a quarter/);
    expect(() => resolveParams(quarterly, at('2026-09-30T23:30Z'), 'Asia/Shanghai', '2026-Q5')).toThrow(RangeError);
    expect(() => resolveParams(weekly, at('2026-09-30T23:30Z'), 'Asia/Shanghai', '2025-W53')).toThrow(/2025 has no ISO week 53/);
  });

  it("each declared pipeline's first tick after 2026-12-31T00:00Z in Shanghai, and the period it runs for", () => {
    // ticks('Asia/Shanghai', u(2026,12,31), u(2027,2,1), match, 1) with match: hm(2,0) (daily);
    // (l.hour, l.minute) == (6, 0) and l.isoweekday() == 1 (weekly); (l.hour, l.minute, l.day) == (7, 0, 1)
    // (monthly); (7, 30, 1) and l.month in (1, 4, 7, 10) (quarterly)
    const expected = {
      'daily-ingest': ['2026-12-31T18:00Z', undefined],
      'weekly-service-levels': ['2027-01-03T22:00Z', '2026-W53'],
      'monthly-report': ['2026-12-31T23:00Z', '2026-12'],
      'quarterly-report': ['2026-12-31T23:30Z', '2026-Q4'],
    };
    const actual = Object.fromEntries(
      PIPELINES.map((p) => {
        const tick = new CronSchedule(p.schedule, 'Asia/Shanghai').next(at('2026-12-31T00:00Z'));
        return [p.name, [iso(tick), resolveParams(p, tick, 'Asia/Shanghai').period]];
      }),
    );
    expect(actual).toEqual(expected);
  });
});

describe('missedRuns', () => {
  const scheduled = (name: string, cron: string, zone: string, enabled = true): ScheduledPipeline => ({ definition: pipeline(name), schedule: new CronSchedule(cron, zone), enabled });
  const dailyShanghai = scheduled('daily-ingest', '0 2 * * *', 'Asia/Shanghai');

  it('a pipeline with no recorded tick has missed nothing', () => {
    expect(missedRuns([dailyShanghai], new Map(), at('2026-07-04T09:00Z'))).toEqual([]);
  });

  it('a daily pipeline last run 3 days ago missed 3 runs; catch-up is for the latest', () => {
    // ticks('Asia/Shanghai', u(2026,6,30,18), u(2026,7,4,9), hm(2,0)) → 07-01T18:00Z, 07-02T18:00Z, 07-03T18:00Z
    const now = at('2026-07-04T09:00Z');
    const [m, ...rest] = missedRuns([dailyShanghai], new Map([['daily-ingest', at('2026-06-30T18:00Z')]]), now);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ count: 3, more: false });
    expect(iso(m!.first)).toBe('2026-07-01T18:00Z');
    expect(iso(m!.latest)).toBe('2026-07-03T18:00Z');
    expect(m!.latest).toEqual(dailyShanghai.schedule.latestAtOrBefore(now, 7 * 86_400_000));
    expect(m!.pipeline).toBe(dailyShanghai);
  });

  it('counts a skipped spring-forward time as no run (New York daily 02:00 over 03-08)', () => {
    // ticks('America/New_York', u(2026,3,6,7), u(2026,3,9,12), hm(2,0)) → 03-07T07:00Z, 03-09T06:00Z
    const ny = scheduled('daily-ingest', '0 2 * * *', 'America/New_York');
    const [m] = missedRuns([ny], new Map([['daily-ingest', at('2026-03-06T07:00Z')]]), at('2026-03-09T12:00Z'));
    expect(m).toMatchObject({ count: 2, more: false });
    expect([iso(m!.first), iso(m!.latest)]).toEqual(['2026-03-07T07:00Z', '2026-03-09T06:00Z']);
  });

  it('a monthly report down for three months catches up once, for the latest month', () => {
    // ticks('Asia/Shanghai', u(2025,12,31,23), u(2026,4,15), mo) → 01-31T23:00Z, 02-28T23:00Z, 03-31T23:00Z (mo as above)
    const monthly = scheduled('monthly-report', '0 7 1 * *', 'Asia/Shanghai');
    const [m] = missedRuns([monthly], new Map([['monthly-report', at('2025-12-31T23:00Z')]]), at('2026-04-15T00:00Z'));
    expect(m).toMatchObject({ count: 3, more: false });
    expect(iso(m!.latest)).toBe('2026-03-31T23:00Z');
    expect(resolveParams(monthly.definition, m!.latest, 'Asia/Shanghai').period).toBe('2026-03');
  });

  // ticksBetween once stopped 8 years after `from`: a short count, and a catch-up for a quarter years ago.
  it('a quarterly report whose last tick is over 8 years old catches up for the latest quarter', () => {
    // [t for t in (D(y,m,1,7,30,tzinfo=Z('Asia/Shanghai')).astimezone(U.utc) for y in range(2017,2027) for m in (1,4,7,10))
    //  if u(2016,12,31,23,30) < t <= u(2026,12,1)] → 39 ticks, 2017-03-31T23:30Z … 2026-09-30T23:30Z (→ 2026-Q3)
    const quarterly = scheduled('quarterly-report', '30 7 1 1,4,7,10 *', 'Asia/Shanghai');
    const [m] = missedRuns([quarterly], new Map([['quarterly-report', at('2016-12-31T23:30Z')]]), at('2026-12-01T00:00Z'));
    expect(iso(m!.latest)).toBe('2026-09-30T23:30Z');
    expect(m).toMatchObject({ count: 39, more: false });
  });

  it('nothing is missed when now is at or before the last tick', () => {
    const last = new Map([['daily-ingest', at('2026-07-03T18:00Z')]]);
    expect(missedRuns([dailyShanghai], last, at('2026-07-03T18:00Z'))).toEqual([]);
    expect(missedRuns([dailyShanghai], last, at('2026-07-04T17:59Z'))).toEqual([]);
    expect(missedRuns([dailyShanghai], last, at('2026-07-01T00:00Z'))).toEqual([]);
  });

  it('a disabled pipeline is skipped; the others are still reported', () => {
    const monthly = scheduled('monthly-report', '0 7 1 * *', 'Asia/Shanghai', false);
    const last = new Map([['daily-ingest', at('2026-06-30T18:00Z')], ['monthly-report', at('2025-12-31T23:00Z')]]);
    const missed = missedRuns([monthly, dailyShanghai], last, at('2026-07-04T09:00Z'));
    expect(missed.map((m) => m.pipeline.definition.name)).toEqual(['daily-ingest']);
  });

  it('stops counting at 10,000 (`more`) and still catches up for the last minute at or before now', () => {
    // Every minute for 7 days: len(ticks('America/New_York', u(2026,6,1), u(2026,6,8,0,0,30), lambda l: True)) → 10080;
    // the 10,000th is 2026-06-07T22:40Z, the last 2026-06-08T00:00Z
    const everyMinute = scheduled('daily-ingest', '* * * * *', 'America/New_York');
    const [m] = missedRuns([everyMinute], new Map([['daily-ingest', at('2026-06-01T00:00Z')]]), at('2026-06-08T00:00:30Z'));
    expect(m).toMatchObject({ count: 10_000, more: true });
    expect(iso(m!.first)).toBe('2026-06-01T00:01Z');
    expect(iso(m!.latest)).toBe('2026-06-08T00:00Z');
  });
});

describe('agreement with node-cron (which fires the live ticks)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** node-cron's next runs as seen at `now` (its getNextRuns reads `new Date()`: only Date is faked). */
  function nodeCronRuns(cron: string, zone: string, now: Date, count: number): string[] {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    try {
      return createTask(cron, () => undefined, { timezone: zone }).getNextRuns(count).map(iso);
    } finally {
      vi.useRealTimers();
    }
  }

  // The DST cases above where CronSchedule and node-cron agree: every skipped time, and repeated times west of
  // UTC (node-cron's localTimeToTimestamp lands on the first occurrence there).
  it.each([
    ['30 2 * * *', 'America/New_York', '2026-03-06T12:00Z'],
    ['30 1 * * *', 'America/New_York', '2026-10-30T12:00Z'],
    ['*/15 * * * *', 'America/New_York', '2026-11-01T04:00Z'],
    ['*/15 * * * *', 'America/New_York', '2026-03-08T05:00Z'],
    ['0 2 * * *', 'Europe/Berlin', '2026-03-27T12:00Z'],
    ['30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00Z'],
    ['30 1 * * *', 'Europe/London', '2026-03-27T12:00Z'],
    ['30 2 * * *', 'Australia/Sydney', '2026-10-02T12:00Z'],
    ['15 2 * * *', 'Australia/Lord_Howe', '2026-10-02T00:00Z'],
    ['30 1 * * *', 'Asia/Shanghai', '2026-10-23T12:00Z'],
    ['30 7 1 1,4,7,10 *', 'Asia/Shanghai', '2026-12-31T23:29:59Z'],
    ['30 7 1 1,4,7,10 *', 'America/New_York', '2025-12-01T00:00Z'],
    ['0 7 1 * *', 'Asia/Shanghai', '2028-01-15T00:00Z'],
    ['0 9 13 * 5', 'Europe/Berlin', '2026-01-01T00:00Z'],
    ['0 7 L 2 *', 'UTC', '2027-01-01T00:00Z'],
    ['0 6 * * 1', 'Asia/Shanghai', '2026-12-20T00:00Z'],
  ] as const)("'%s' in %s from %s (Date faked at that instant)", (cron, zone, now) => {
    const count = cron.startsWith('*/15') ? 30 : 5;
    expect(new CronSchedule(cron, zone).nextTicks(at(now), count).map(iso)).toEqual(nodeCronRuns(cron, zone, at(now), count));
  });

  // East of UTC, node-cron 4.6.0 fires a repeated local time at its SECOND occurrence (Berlin 02:30 on
  // 2026-10-25: 01:30Z, CET), while CronSchedule gives the first (00:30Z, CEST; Python fold=0). The scheduler
  // maps each firing to CronSchedule's tick (tickOf), so catch-up and the run history see one tick per local
  // time; these cases pin node-cron's behaviour (if a node-cron release changes it, revisit tickOf's note).
  it.each([
    ['30 2 * * *', 'Europe/Berlin', '2026-10-23T12:00Z', '2026-10-25T01:30Z', '2026-10-25T00:30Z'],
    ['30 1 * * *', 'Europe/London', '2026-10-23T12:00Z', '2026-10-25T01:30Z', '2026-10-25T00:30Z'],
    ['30 2 * * *', 'Australia/Sydney', '2026-04-03T12:00Z', '2026-04-04T16:30Z', '2026-04-04T15:30Z'],
    ['45 1 * * *', 'Australia/Lord_Howe', '2026-04-03T00:00Z', '2026-04-04T15:15Z', '2026-04-04T14:45Z'],
  ] as const)("'%s' in %s over fall-back from %s: node-cron fires %s, the scheduler records tick %s", (cron, zone, now, fired, tick) => {
    const runs = nodeCronRuns(cron, zone, at(now), 3);
    const ours = new CronSchedule(cron, zone).nextTicks(at(now), 3).map(iso);
    expect(runs[1]).toBe(fired);
    expect(ours[1]).toBe(tick);
    // The other days agree; the repeated one maps back to the schedule's tick.
    expect([runs[0], runs[2]]).toEqual([ours[0], ours[2]]);
    expect(iso(tickOf(new CronSchedule(cron, zone), at(fired)))).toBe(tick);
  });

  it('tickOf: an ordinary firing is its own tick (to the minute), also for frequent schedules', () => {
    expect(iso(tickOf(new CronSchedule('0 2 * * *', 'America/New_York'), at('2026-11-02T07:00Z')))).toBe('2026-11-02T07:00Z');
    expect(iso(tickOf(new CronSchedule('* * * * *', 'UTC'), new Date('2026-11-02T07:03:00.400Z')))).toBe('2026-11-02T07:03Z');
    // A firing no tick stands for (not the schedule's): its own minute.
    expect(iso(tickOf(new CronSchedule('0 2 1 1 *', 'UTC'), at('2026-06-01T12:00Z')))).toBe('2026-06-01T12:00Z');
  });

  // On the real clock (as the scheduler runs). Times of day that are never repeated east of UTC (see above).
  it.each([
    ['0 2 * * *', 'America/New_York', 50],
    ['*/10 * * * *', 'America/Los_Angeles', 50],
    ['30 7 1 1,4,7,10 *', 'Asia/Shanghai', 50],
    ['30 7 1 1,4,7,10 *', 'America/New_York', 50],
    ['0 7 1 * *', 'Europe/Berlin', 50],
    ['0 6 * * 1', 'Asia/Shanghai', 50],
    ['15 9 * * 1-5', 'Australia/Sydney', 50],
    ['0 12 * * *', 'Australia/Lord_Howe', 50],
    ['5 */3 * * *', 'UTC', 50],
  ] as const)("'%s' in %s: the next %i ticks from now", (cron, zone, count) => {
    const schedule = new CronSchedule(cron, zone);
    const before = new Date();
    const runs = createTask(cron, () => undefined, { timezone: zone }).getNextRuns(count).map(iso);
    const after = new Date();
    // node-cron read the clock between `before` and `after`: when a tick falls in between, its answer is the
    // one from either side of the tick (ticks are whole minutes, so at most one can).
    const fromBefore = schedule.nextTicks(before, count).map(iso);
    const fromAfter = schedule.nextTicks(after, count).map(iso);
    expect(fromBefore).toHaveLength(count);
    expect([fromBefore, fromAfter]).toContainEqual(runs);
  });
});

describe('expressions and zones that cannot be used', () => {
  it.each([
    ['four fields', '* * * *', /expected 5 or 6 fields but got 4/],
    ['minute 61', '61 * * * *', /61 is not a valid minute/],
    ['hour 24', '0 24 * * *', /24 is not a valid hour/],
    ['seconds other than 0', '30 0 2 * * *', /at most once a minute: use five fields/],
    ['every 30 seconds', '*/30 * * * * *', /at most once a minute/],
    ['no 30 February', '0 0 30 2 *', /impossible day of month/],
  ])('%s: %s', (_what, cron, message) => {
    expect(cronProblem(cron)).toMatch(message);
    expect(() => new CronSchedule(cron, 'UTC')).toThrow(ScheduleError);
    expect(() => new CronSchedule(cron, 'UTC')).toThrow(`'${cron}' is not a usable cron expression: `);
  });

  it('accepts five fields, and six whose seconds field is 0 (the same ticks)', () => {
    expect(cronProblem('30 7 1 1,4,7,10 *')).toBeUndefined();
    expect(cronProblem('0 30 2 * * *')).toBeUndefined();
    const six = new CronSchedule('0 30 2 * * *', 'America/New_York').nextTicks(at('2026-03-06T12:00Z'), 3);
    expect(six.map(iso)).toEqual(['2026-03-07T07:30Z', '2026-03-09T06:30Z', '2026-03-10T06:30Z']);
  });

  it('a zone that is not an IANA name', () => {
    for (const zone of ['Mars/Olympus', 'Europe/Berlln', '']) {
      expect(() => new CronSchedule('0 7 * * *', zone)).toThrow(ScheduleError);
      expect(() => new CronSchedule('0 7 * * *', zone)).toThrow(`'${zone}' is not a time-zone name (e.g. Asia/Shanghai, Europe/Berlin, UTC)`);
    }
  });
});
