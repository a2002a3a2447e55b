import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FILL_SERIES_WARNINGS,
  fillSeries,
  type FilledSeries,
  type FillSeriesOptions,
  type SeriesPoint,
} from '../../src/analysis/fill-series.js';

// Reference: the calendar facts below (local dates, ISO weeks, the UTC instants of local midnights across the
// 2026 DST changes) were checked with Python 3.11 zoneinfo (datetime.astimezone, date.isocalendar) on Debian 12's
// tzdata; the property tests compare against a second route that formats every instant with
// Intl.DateTimeFormat directly. Exact equality throughout (labels, counts, integer sums, epoch ms).

function ok(r: ReturnType<typeof fillSeries>): FilledSeries {
  if (r.status !== 'ok') throw new Error(r.reason);
  return r;
}

const iso = (ms: readonly number[]): string[] => ms.map((t) => new Date(t).toISOString());
const day = (zone: string): Pick<FillSeriesOptions, 'interval' | 'timeZone' | 'fill' | 'aggregate'> => ({
  interval: 'day',
  timeZone: zone,
  fill: 'zero',
  aggregate: 'count',
});

describe('fillSeries across DST changes', () => {
  it('Europe/Berlin spring forward (2026-03-29 has 23 hours)', () => {
    const points: SeriesPoint[] = [
      { at: '2026-03-28T22:59:59Z', value: 1 }, // 23:59:59 CET, 28th
      { at: '2026-03-28T23:00:00Z', value: 1 }, // 00:00 CET, 29th
      { at: '2026-03-29T21:59:59Z', value: 1 }, // 23:59:59 CEST, 29th
      { at: '2026-03-29T22:00:00Z', value: 1 }, // 00:00 CEST, 30th
    ];
    const r = ok(fillSeries(points, day('Europe/Berlin')));
    expect(r.labels).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(r.values).toEqual([1, 2, 1]);
    expect(iso(r.periodStartsMs)).toEqual(['2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
  });

  it('Europe/Berlin fall back (2026-10-25 has 25 hours; 02:30 happens twice)', () => {
    const points: SeriesPoint[] = [
      { at: '2026-10-25T00:30:00Z', value: 1 }, // 02:30 CEST
      { at: '2026-10-25T01:30:00Z', value: 1 }, // 02:30 CET
      { at: '2026-10-25T22:59:59Z', value: 1 }, // 23:59:59 CET, 25th
      { at: '2026-10-25T23:00:00Z', value: 1 }, // 00:00, 26th
      { at: '2026-10-25T02:30', value: 1 }, // ambiguous wall time: the earlier instant, 00:30Z
    ];
    const r = ok(fillSeries(points, day('Europe/Berlin')));
    expect(r.labels).toEqual(['2026-10-25', '2026-10-26']);
    expect(r.values).toEqual([4, 1]);
    expect(iso(r.periodStartsMs)).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    const hour = ok(fillSeries([{ at: '2026-10-25T02:30', value: 1 }], { ...day('Europe/Berlin'), from: '2026-10-25T00:29:59Z', to: '2026-10-25T00:30:00Z' }));
    expect(hour.values).toEqual([1]);
  });

  it('America/New_York spring forward and fall back (2026-03-08, 2026-11-01)', () => {
    const points: SeriesPoint[] = [
      { at: '2026-03-08T04:59:59Z', value: 2 }, // 23:59:59 EST, 7th
      { at: '2026-03-08T05:00:00Z', value: 3 }, // 00:00 EST, 8th
      { at: '2026-03-08T02:30', value: 5 }, // does not exist: moved forward to 03:30 EDT = 07:30Z, the 8th
      { at: '2026-11-01T05:30:00Z', value: 7 }, // 01:30 EDT
      { at: '2026-11-01T06:30:00Z', value: 11 }, // 01:30 EST
      { at: '2026-11-02T04:59:59Z', value: 13 }, // 23:59:59 EST, 1st
    ];
    const r = ok(fillSeries(points, { ...day('America/New_York'), aggregate: 'sum', fill: 'missing' }));
    expect(r.labels.length).toBe(240);
    expect(r.labels[0]).toBe('2026-03-07');
    expect(r.labels[239]).toBe('2026-11-01');
    expect(r.values.slice(0, 3)).toEqual([2, 8, Number.NaN]);
    expect(r.values[239]).toBe(31);
    expect(r.counts[239]).toBe(3);
    expect(iso(r.periodStartsMs.slice(1, 3))).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(iso(r.periodStartsMs.slice(239))).toEqual(['2026-11-01T04:00:00.000Z']);
    const wall = ok(fillSeries([{ at: '2026-03-08T02:30', value: 1 }], { ...day('America/New_York'), from: '2026-03-08T07:30:00Z', to: '2026-03-08T07:30:00Z' }));
    expect(wall.warnings).toEqual([]);
  });

  it('Asia/Shanghai (UTC+8) puts 16:00Z on the next local day, month and quarter', () => {
    const points: SeriesPoint[] = [
      { at: Date.parse('2026-03-31T15:59:59.999Z'), value: 1 },
      { at: new Date('2026-03-31T16:00:00Z'), value: 2 },
    ];
    const opts = { timeZone: 'Asia/Shanghai', fill: 'zero', aggregate: 'sum' } as const;
    expect(ok(fillSeries(points, { ...opts, interval: 'day' })).labels).toEqual(['2026-03-31', '2026-04-01']);
    const m = ok(fillSeries(points, { ...opts, interval: 'month' }));
    expect([m.labels, m.values, iso(m.periodStartsMs)]).toEqual([
      ['2026-03', '2026-04'],
      [1, 2],
      ['2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    ]);
    expect(ok(fillSeries(points, { ...opts, interval: 'quarter' })).labels).toEqual(['2026-Q1', '2026-Q2']);
    expect(ok(fillSeries(points, { ...opts, interval: 'week' })).labels).toEqual(['2026-W14']);
  });

  it('Europe/Berlin months start at the local midnight of the 1st', () => {
    const r = ok(fillSeries([{ at: '2026-03-15', value: 1 }, { at: '2026-04-15', value: 1 }], {
      interval: 'month', timeZone: 'Europe/Berlin', fill: 'zero', aggregate: 'count',
    }));
    expect(iso(r.periodStartsMs)).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
  });
});

describe('fillSeries ISO weeks', () => {
  const weekOf = (date: string): string =>
    ok(fillSeries([{ at: date, value: 1 }], { interval: 'week', timeZone: 'UTC', fill: 'zero', aggregate: 'count' })).labels[0] as string;

  it('labels the week-year at its edges', () => {
    expect(weekOf('2021-01-03')).toBe('2020-W53');
    expect(weekOf('2021-01-04')).toBe('2021-W01');
    expect(weekOf('2019-12-30')).toBe('2020-W01');
    expect(weekOf('2020-12-27')).toBe('2020-W52');
    expect(weekOf('2026-12-31')).toBe('2026-W53');
    expect(weekOf('2027-01-03')).toBe('2026-W53');
    expect(weekOf('2027-01-04')).toBe('2027-W01');
  });

  it('fills weeks across a year with 53 weeks, starting on Mondays', () => {
    const r = ok(fillSeries([{ at: '2020-12-21', value: 4 }, { at: '2021-01-10T23:59:59', value: 6 }], {
      interval: 'week', timeZone: 'Asia/Shanghai', fill: 'zero', aggregate: 'mean',
    }));
    expect(r.labels).toEqual(['2020-W52', '2020-W53', '2021-W01']);
    expect(r.values).toEqual([4, 0, 6]);
    expect(iso(r.periodStartsMs)).toEqual(['2020-12-20T16:00:00.000Z', '2020-12-27T16:00:00.000Z', '2021-01-03T16:00:00.000Z']);
  });
});

describe('fillSeries aggregation, range and missing values', () => {
  const base = { interval: 'day', timeZone: 'UTC' } as const;
  const points: SeriesPoint[] = [
    { at: '2026-01-01T10:00:00Z', value: 2 },
    { at: '2026-01-01T11:00:00Z', value: 4 },
    { at: '2026-01-01T12:00:00Z', value: Number.NaN },
    { at: '2026-01-03T00:00:00Z', value: null },
    { at: '2026-01-04T00:00:00Z', value: -1 },
  ];

  it('sums, means and counts; NaN and null skipped by sum/mean, counted by count', () => {
    const sum = ok(fillSeries(points, { ...base, fill: 'zero', aggregate: 'sum' }));
    expect(sum.labels).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
    expect(sum.values).toEqual([6, 0, 0, -1]);
    expect(sum.counts).toEqual([2, 0, 0, 1]);
    expect(sum.method).toBe('day-sum');
    expect(sum.warnings.map((w) => w.code)).toEqual([FILL_SERIES_WARNINGS.missingValues]);
    const mean = ok(fillSeries(points, { ...base, fill: 'missing', aggregate: 'mean' }));
    expect(mean.values).toEqual([3, Number.NaN, Number.NaN, -1]);
    const count = ok(fillSeries(points, { ...base, fill: 'zero', aggregate: 'count' }));
    expect(count.values).toEqual([3, 0, 1, 1]);
    expect(count.counts).toEqual([3, 0, 1, 1]);
    expect(count.warnings).toEqual([]);
  });

  it('from/to fix the periods; points outside are left out with a warning', () => {
    const r = ok(fillSeries(points, { ...base, fill: 'zero', aggregate: 'sum', from: '2025-12-31', to: new Date('2026-01-02T23:59:59Z') }));
    expect(r.labels).toEqual(['2025-12-31', '2026-01-01', '2026-01-02']);
    expect(r.values).toEqual([0, 6, 0]);
    expect(r.warnings.map((w) => w.code)).toContain(FILL_SERIES_WARNINGS.outsideRange);
  });

  it('empty input: a filled range with from and to, else insufficient', () => {
    const r = ok(fillSeries([], { ...base, fill: 'missing', aggregate: 'sum', from: '2026-01-01', to: '2026-01-03' }));
    expect(r.values).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(fillSeries([], { ...base, fill: 'zero', aggregate: 'sum' }).status).toBe('insufficient');
    expect(fillSeries([], { ...base, fill: 'zero', aggregate: 'sum', from: '2026-01-01' }).status).toBe('insufficient');
  });

  it('one point gives one period; huge values are summed as doubles', () => {
    const one = ok(fillSeries([{ at: 0, value: 1e308 }], { ...base, interval: 'quarter', fill: 'zero', aggregate: 'sum' }));
    expect([one.labels, one.values]).toEqual([['1970-Q1'], [1e308]]);
    const big = ok(fillSeries([{ at: 0, value: 1e308 }, { at: 1, value: 1e308 }], { ...base, fill: 'zero', aggregate: 'sum' }));
    expect(big.values).toEqual([Infinity]);
  });

  it('rejects invalid arguments', () => {
    const o = { ...base, fill: 'zero', aggregate: 'sum' } as const;
    expect(() => fillSeries(points, { ...o, timeZone: 'Mars/Olympus' })).toThrow(/^fillSeries: timeZone/);
    expect(() => fillSeries(points, { ...o, interval: 'year' as 'day' })).toThrow(RangeError);
    expect(() => fillSeries(points, { ...o, fill: 'linear' as 'zero' })).toThrow(RangeError);
    expect(() => fillSeries(points, { ...o, aggregate: 'max' as 'sum' })).toThrow(RangeError);
    expect(() => fillSeries([{ at: 'yesterday', value: 1 }], o)).toThrow(TypeError);
    expect(() => fillSeries([{ at: new Date(Number.NaN), value: 1 }], o)).toThrow(TypeError);
    expect(() => fillSeries([{ at: Number.NaN, value: 1 }], o)).toThrow(TypeError);
    expect(() => fillSeries([{ at: 0, value: '1' as unknown as number }], o)).toThrow(/value must be a number/);
    expect(() => fillSeries(points, { ...o, from: '2026-02-01', to: '2026-01-01' })).toThrow(/from must not be after to/);
    expect(() => fillSeries(points, { ...o, from: '1000-01-01', to: '9999-01-01', interval: 'week' })).toThrow(/at most/);
  });
});

const formats = new Map<string, Intl.DateTimeFormat>();

/** Second route: local y-m-d of an instant by formatting it in the zone. */
function localDate(t: number, timeZone: string): { year: number; month: number; day: number } {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(t);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

function isoWeekLabel(year: number, month: number, dayOfMonth: number): string {
  const d = new Date(Date.UTC(year, month - 1, dayOfMonth));
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - weekday + 3); // Thursday of the week
  const weekYear = d.getUTCFullYear();
  const week = Math.floor((d.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 / 7) + 1;
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

describe('fillSeries properties', () => {
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'Australia/Lord_Howe', 'America/Santiago'];
  const arb = fc.record({
    zone: fc.constantFrom(...zones),
    interval: fc.constantFrom('day' as const, 'week' as const, 'month' as const, 'quarter' as const),
    points: fc.array(
      fc.record({ at: fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2022, 0, 1) }), value: fc.integer({ min: -100, max: 100 }) }),
      { minLength: 1, maxLength: 40 },
    ),
  });

  it('each point lands in the period of its zone-local date; totals are kept; labels increase', () => {
    fc.assert(
      fc.property(arb, ({ zone, interval, points }) => {
        const r = ok(fillSeries(points, { interval, timeZone: zone, fill: 'zero', aggregate: 'sum' }));
        for (const p of points) {
          const { year, month, day: d } = localDate(p.at, zone);
          const label =
            interval === 'day' ? `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`
            : interval === 'month' ? `${year}-${String(month).padStart(2, '0')}`
            : interval === 'quarter' ? `${year}-Q${Math.floor((month - 1) / 3) + 1}`
            : isoWeekLabel(year, month, d);
          expect(r.labels).toContain(label);
          const k = r.labels.indexOf(label);
          expect(p.at).toBeGreaterThanOrEqual(r.periodStartsMs[k] as number);
          if (k + 1 < r.labels.length) expect(p.at).toBeLessThan(r.periodStartsMs[k + 1] as number);
        }
        expect(r.values.reduce((a, b) => a + b, 0)).toBe(points.reduce((a, p) => a + p.value, 0));
        expect(r.counts.reduce((a, b) => a + b, 0)).toBe(points.length);
        for (let k = 1; k < r.labels.length; k++) {
          expect((r.labels[k] as string) > (r.labels[k - 1] as string)).toBe(true);
          expect(r.periodStartsMs[k]).toBeGreaterThan(r.periodStartsMs[k - 1] as number);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('every period start is a local midnight on the first day of its period', () => {
    fc.assert(
      fc.property(arb, ({ zone, interval, points }) => {
        const r = ok(fillSeries(points, { interval, timeZone: zone, fill: 'zero', aggregate: 'count' }));
        for (let k = 0; k < Math.min(r.labels.length, 30); k++) {
          const t = r.periodStartsMs[k] as number;
          const { day: d } = localDate(t, zone);
          // one ms earlier is the previous local day: t is the first instant of its local date
          expect(localDate(t - 1, zone).day).not.toBe(d);
          if (interval === 'month' || interval === 'quarter') expect(d).toBe(1);
        }
      }),
      { numRuns: 60 },
    );
  });
});
