import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from './arbitraries.js';
import { utf8 } from '../../../src/ingest/standardize/byte-text.js';
import {
  DAY_MONTH,
  formatTimestampCopy,
  newTimestampParts,
  parseTimestamp,
  parseTimestampBytes,
  partsToEpochMs,
  type TimestampParts,
} from '../../../src/ingest/standardize/timestamp.js';

/** The parts as COPY text (`formatTimestampCopy`), the readable form of expected values below. */
function copyText(p: TimestampParts): string {
  const out = new Uint8Array(40);
  return Buffer.from(out.subarray(0, formatTimestampCopy(p, out, 0))).toString('latin1');
}

function parsedText(text: string, order: 'DMY' | 'MDY' = 'DMY'): string | null {
  const p = parseTimestamp(text, order);
  return p === null ? null : copyText(p);
}

// Expected values written by hand from the input. Excel serial days: Python 3.11
// `datetime.date(1899, 12, 30) + datetime.timedelta(n)` gives 2024-01-01 for 45292, 1954-10-03 for 20000 and
// 2119-01-11 for 80000 (Excel's =DATE(2024,1,1) is 45292 in the 1900 date system).
const ACCEPTED: readonly (readonly [string, string])[] = [
  // ISO 8601 and year-first
  ['2026-01-05', '2026-01-05 00:00:00'],
  ['2026-01-05T13:00', '2026-01-05 13:00:00'],
  ['2026-01-05t13:00', '2026-01-05 13:00:00'],
  ['2026-01-05 13:00:05', '2026-01-05 13:00:05'],
  ['2026-01-05T13:00:05.123Z', '2026-01-05 13:00:05.123+00:00'],
  ['2026-01-05T13:00:05.1Z', '2026-01-05 13:00:05.100+00:00'],
  ['2026-01-05T13:00:05.123456789Z', '2026-01-05 13:00:05.123+00:00'],
  ['2026-01-05T13:00:05,5Z', '2026-01-05 13:00:05.500+00:00'],
  ['2026-01-05T13:00:05+08:00', '2026-01-05 13:00:05+08:00'],
  ['2026-01-05T13:00:05+0800', '2026-01-05 13:00:05+08:00'],
  ['2026-01-05T13:00:05+08', '2026-01-05 13:00:05+08:00'],
  ['2026-01-05T13:00:05-05:30', '2026-01-05 13:00:05-05:30'],
  ['2026-01-05 13:00:05 +08:00', '2026-01-05 13:00:05+08:00'],
  ['2026-01-05 13:00:05 UTC', '2026-01-05 13:00:05+00:00'],
  ['2026-01-05 13:00 UTC+8', '2026-01-05 13:00:00+08:00'],
  ['2026-01-05T130005', '2026-01-05 13:00:05'],
  ['2026/01/05 13:00', '2026-01-05 13:00:00'],
  ['2026/1/5 9:05', '2026-01-05 09:05:00'],
  ['2026/1/5 9:05:07', '2026-01-05 09:05:07'],
  ['2026.01.05', '2026-01-05 00:00:00'],
  ['2026-Jan-05', '2026-01-05 00:00:00'],
  // 12-hour clocks
  ['2026/1/5 1:05 PM', '2026-01-05 13:05:00'],
  ['2026/1/5 1:05PM', '2026-01-05 13:05:00'],
  ['2026/1/5 12:05 AM', '2026-01-05 00:05:00'],
  ['2026/1/5 12:05 PM', '2026-01-05 12:05:00'],
  ['2026/1/5 11:59:59 p.m.', '2026-01-05 23:59:59'],
  ['2026/1/5 9:00 am', '2026-01-05 09:00:00'],
  ['2026/1/5 下午 1:05', '2026-01-05 13:05:00'],
  ['2026/1/5 下午1:05:00', '2026-01-05 13:05:00'],
  ['2026/1/5 上午 12:30', '2026-01-05 00:30:00'],
  ['2026/1/5 上午 9:30', '2026-01-05 09:30:00'],
  ['2026/1/5 下午 15:00', '2026-01-05 15:00:00'],
  ['2026/1/5 晚上 8:00', '2026-01-05 20:00:00'],
  ['2026/1/5 中午 12:10', '2026-01-05 12:10:00'],
  ['2026/1/5 凌晨 2:00', '2026-01-05 02:00:00'],
  // Chinese
  ['2026年1月5日', '2026-01-05 00:00:00'],
  ['2026年01月05日', '2026-01-05 00:00:00'],
  ['2026年1月5日 13:00', '2026-01-05 13:00:00'],
  ['2026年1月5日13:00', '2026-01-05 13:00:00'],
  ['2026年1月5日13时5分', '2026-01-05 13:05:00'],
  ['2026年1月5日 13时5分3秒', '2026-01-05 13:05:03'],
  ['2026年1月5日 13点', '2026-01-05 13:00:00'],
  ['2026年1月5日 下午1点30分', '2026-01-05 13:30:00'],
  ['2026年1月5号', '2026-01-05 00:00:00'],
  ['2026 年 1 月 5 日', '2026-01-05 00:00:00'],
  ['２０２６年１月５日　１３：００', '2026-01-05 13:00:00'],
  // year last (DMY here)
  ['05-01-2026', '2026-01-05 00:00:00'],
  ['05/01/2026 13:00:00', '2026-01-05 13:00:00'],
  ['5.1.2026', '2026-01-05 00:00:00'],
  ['5/1/2026 1:05 PM', '2026-01-05 13:05:00'],
  ['31/12/2026 23:59:59', '2026-12-31 23:59:59'],
  // textual
  ['5 Jan 2026', '2026-01-05 00:00:00'],
  ['05-Jan-2026', '2026-01-05 00:00:00'],
  ['5 January 2026 13:00', '2026-01-05 13:00:00'],
  ['Jan 5, 2026', '2026-01-05 00:00:00'],
  ['January 5 2026 1:05 PM', '2026-01-05 13:05:00'],
  ['Sept. 5, 2026', '2026-09-05 00:00:00'],
  ['Mon, 05 Jan 2026 13:00:00 GMT', '2026-01-05 13:00:00+00:00'],
  ['Mon Jan 05 2026 13:00:00 GMT+0800 (China Standard Time)', '2026-01-05 13:00:00+08:00'],
  ['2026-01-05T13:00:05+08:00[Asia/Shanghai]', '2026-01-05 13:00:05+08:00'],
  // compact
  ['20260105', '2026-01-05 00:00:00'],
  ['20260105 130005', '2026-01-05 13:00:05'],
  ['20260105 1300', '2026-01-05 13:00:00'],
  ['20260105T130005', '2026-01-05 13:00:05'],
  ['20260105130005', '2026-01-05 13:00:05'],
  ['202601051300', '2026-01-05 13:00:00'],
  ['20260105 13:00:05', '2026-01-05 13:00:05'],
  // Excel serial days (local wall time)
  ['45292', '2024-01-01 00:00:00'],
  ['45292.5', '2024-01-01 12:00:00'],
  ['45292.75', '2024-01-01 18:00:00'],
  ['45292.5416666667', '2024-01-01 13:00:00'],
  ['20000', '1954-10-03 00:00:00'],
  ['80000', '2119-01-11 00:00:00'],
  // Unix epochs (UTC): `date -u -d @1767225600` = 2026-01-01 00:00:00
  ['1767225600', '2026-01-01 00:00:00+00:00'],
  ['1767225600.5', '2026-01-01 00:00:00.500+00:00'],
  ['1767225600123', '2026-01-01 00:00:00.123+00:00'],
  // calendar edges
  ['2024-02-29', '2024-02-29 00:00:00'],
  ['2000-02-29', '2000-02-29 00:00:00'],
  ['1000-01-01 00:00:00', '1000-01-01 00:00:00'],
  ['9999-12-31 23:59:59.999', '9999-12-31 23:59:59.999'],
  // padding
  ['  2026-01-05 13:00  ', '2026-01-05 13:00:00'],
  ['\u00a02026-01-05\u00a0', '2026-01-05 00:00:00'],
];

const REJECTED: readonly string[] = [
  '',
  '   ',
  'garbage',
  'now',
  '2026',
  '2026-01',
  '2026-02-30',
  '2026-02-29',
  '2100-02-29',
  '1900-02-29',
  '2026-04-31',
  '2026-13-01',
  '2026-00-10',
  '2026-01-00',
  '2026-01-32',
  '2026-01-05 24:00:00',
  '2026-01-05 24:00',
  '2026-01-05 23:60',
  '2026-01-05 13:60',
  '2026-01-05 13:00:60',
  '2026-01-05 13',
  '2026-01-05 1:2:3:4',
  '2026-01-05 13:00:05.',
  '2026-01-05 13:00 XYZ',
  '2026-01-05 13:00 CST',
  '2026-01-05 13:00 (China Standard Time)',
  '2026-01-05 13:00+15:00',
  '2026-01-05 13:00+08:75',
  '2026-01-05 13:00 PM',
  '2026-01-05 0:30 PM PM',
  '2026-1-05-01',
  '2026/01-05',
  '2026-001-05',
  '0999-12-31',
  '10000-01-01',
  '26-01-05',
  '05/01/26',
  '13/13/2026',
  '2026年13月1日',
  '2026年1月',
  '19999',
  '80000.5',
  '123456',
  '123456789',
  '12345678901',
  '20261305',
  '20260105 250000',
  '1767225600123.5',
  '45292.5.5',
  '5 Foo 2026',
  'Jan 2026',
  'Funday, 5 Jan 2026',
  '2026-01-05T',
];

describe('parseTimestamp', () => {
  it.each(ACCEPTED)('reads %j', (text, expected) => {
    expect(parsedText(text)).toBe(expected);
  });

  it.each(REJECTED)('rejects %j', (text) => {
    expect(parseTimestamp(text, 'DMY')).toBeNull();
    expect(parseTimestamp(text, 'MDY')).toBeNull();
  });

  it('reads year-last numeric dates in the given order', () => {
    expect(parsedText('05/01/2026', 'DMY')).toBe('2026-01-05 00:00:00');
    expect(parsedText('05/01/2026', 'MDY')).toBe('2026-05-01 00:00:00');
    expect(parsedText('1/5/2026 1:05 PM', 'MDY')).toBe('2026-01-05 13:05:00');
    expect(parsedText('3.5.2026', 'MDY')).toBe('2026-03-05 00:00:00');
  });

  it('ignores the order for year-first, textual, compact and numeric forms', () => {
    for (const text of ['2026-01-05', '2026/1/5', '5 Jan 2026', 'Jan 5, 2026', '20260105', '2026年1月5日']) {
      expect(parsedText(text, 'MDY')).toBe(parsedText(text, 'DMY'));
    }
  });
});

describe('day/month evidence', () => {
  const CASES: readonly (readonly [string, number])[] = [
    ['03/05/2026', DAY_MONTH.ambiguous],
    ['05-01-2026', DAY_MONTH.ambiguous],
    ['3.5.2026', DAY_MONTH.ambiguous],
    ['13/05/2026', DAY_MONTH.dmyOnly],
    ['31.12.2026 08:00', DAY_MONTH.dmyOnly],
    ['05/13/2026', DAY_MONTH.mdyOnly],
    ['12/31/2026 8:00 PM', DAY_MONTH.mdyOnly],
    ['05/05/2026', DAY_MONTH.equal],
    ['12.12.2026', DAY_MONTH.equal],
    ['13/13/2026', DAY_MONTH.notApplicable],
    ['31/02/2026', DAY_MONTH.notApplicable],
    ['2026-01-05', DAY_MONTH.notApplicable],
    ['2026/13/05', DAY_MONTH.notApplicable],
    ['5 Jan 2026', DAY_MONTH.notApplicable],
    ['05-Jan-2026', DAY_MONTH.notApplicable],
    ['45292', DAY_MONTH.notApplicable],
    ['1767225600', DAY_MONTH.notApplicable],
    ['20260105', DAY_MONTH.notApplicable],
  ];

  it.each(CASES)('%j gives evidence %i in both orders', (text, evidence) => {
    const bytes = utf8(text);
    for (const order of ['DMY', 'MDY'] as const) {
      const p = newTimestampParts();
      parseTimestampBytes(bytes, 0, bytes.length, order, p);
      expect(p.dayMonth).toBe(evidence);
    }
  });

  it('sets the evidence even when the value contradicts the order (and so fails)', () => {
    const p = newTimestampParts();
    const bytes = utf8('13/05/2026');
    expect(parseTimestampBytes(bytes, 0, bytes.length, 'MDY', p)).toBe(false);
    expect(p.dayMonth).toBe(DAY_MONTH.dmyOnly);
    expect(parseTimestampBytes(bytes, 0, bytes.length, 'DMY', p)).toBe(true);
    expect(p.dayMonth).toBe(DAY_MONTH.dmyOnly);
  });

  it('sets the evidence when the time after a valid date is invalid', () => {
    const p = newTimestampParts();
    const bytes = utf8('05/13/2026 25:00');
    expect(parseTimestampBytes(bytes, 0, bytes.length, 'MDY', p)).toBe(false);
    expect(p.dayMonth).toBe(DAY_MONTH.mdyOnly);
  });

  it('resets the evidence of a previous call', () => {
    const p = newTimestampParts();
    const a = utf8('13/05/2026');
    const b = utf8('garbage');
    parseTimestampBytes(a, 0, a.length, 'DMY', p);
    parseTimestampBytes(b, 0, b.length, 'DMY', p);
    expect(p.dayMonth).toBe(DAY_MONTH.notApplicable);
  });
});

describe('offsets and epochs', () => {
  it('marks epochs and explicit offsets as carrying an offset, others not', () => {
    expect(parseTimestamp('1767225600', 'DMY')).toMatchObject({ hasOffset: true, offsetMinutes: 0 });
    expect(parseTimestamp('2026-01-05T13:00:05+05:45', 'DMY')).toMatchObject({ hasOffset: true, offsetMinutes: 345 });
    expect(parseTimestamp('2026-01-05T13:00:05-03:30', 'DMY')).toMatchObject({ hasOffset: true, offsetMinutes: -210 });
    expect(parseTimestamp('2026-01-05 13:00:05', 'DMY')).toMatchObject({ hasOffset: false, offsetMinutes: 0 });
    expect(parseTimestamp('45292.5', 'DMY')).toMatchObject({ hasOffset: false });
  });

  it('partsToEpochMs uses the parts offset, else the default', () => {
    // Reference: JavaScript Date.parse of the same instants in ISO 8601 with explicit offsets.
    expect(partsToEpochMs(parseTimestamp('2026-01-05 08:00', 'DMY')!, 480)).toBe(Date.parse('2026-01-05T08:00:00+08:00'));
    expect(partsToEpochMs(parseTimestamp('2026-01-05 08:00', 'DMY')!, 0)).toBe(Date.parse('2026-01-05T08:00:00Z'));
    expect(partsToEpochMs(parseTimestamp('2026-01-05T08:00-05:00', 'DMY')!, 480)).toBe(Date.parse('2026-01-05T08:00:00-05:00'));
    expect(partsToEpochMs(parseTimestamp('1767225600123', 'DMY')!, 480)).toBe(1767225600123);
    expect(partsToEpochMs(parseTimestamp('45292', 'DMY')!, 0)).toBe(Date.UTC(2024, 0, 1));
  });

  it('writes offsets with sign, hours and minutes', () => {
    expect(parsedText('2026-01-05T13:00:05.010-09:30')).toBe('2026-01-05 13:00:05.010-09:30');
    expect(parsedText('2026-01-05T13:00:05+00:00')).toBe('2026-01-05 13:00:05+00:00');
  });
});

describe('parseTimestampBytes bounds', () => {
  it('reads only buf[start, end)', () => {
    const buf = utf8('x,2026-01-05 13:00,2027');
    const p = newTimestampParts();
    expect(parseTimestampBytes(buf, 2, 18, 'DMY', p)).toBe(true);
    expect(copyText(p)).toBe('2026-01-05 13:00:00');
    expect(parseTimestampBytes(buf, 2, 2, 'DMY', p)).toBe(false);
  });

  it('writes at the given position and returns the new one', () => {
    const out = new Uint8Array(50).fill(0x23);
    const pos = formatTimestampCopy(parseTimestamp('2026-01-05T13:00:05.123+08:00', 'DMY')!, out, 5);
    expect(pos).toBe(5 + 29);
    expect(Buffer.from(out.subarray(0, pos + 1)).toString('latin1')).toBe('#####2026-01-05 13:00:05.123+08:00#');
  });
});

// ---- properties ----------------------------------------------------------------------------------------

function daysIn(year: number, month: number): number {
  // Reference: JavaScript's Date (proleptic Gregorian): day 0 of the next month is the last of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const validParts = fc
  .record({
    year: fc.integer({ min: 1000, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    dayFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    millisecond: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999 })),
    hasOffset: fc.boolean(),
    offsetMinutes: fc.integer({ min: -720, max: 840 }),
  })
  .map((r): TimestampParts => ({
    year: r.year,
    month: r.month,
    day: 1 + Math.floor(r.dayFraction * daysIn(r.year, r.month)),
    hour: r.hour,
    minute: r.minute,
    second: r.second,
    millisecond: r.millisecond,
    hasOffset: r.hasOffset,
    offsetMinutes: r.hasOffset ? r.offsetMinutes : 0,
    dayMonth: DAY_MONTH.notApplicable,
  }));

describe('timestamp properties', () => {
  it('never throws on arbitrary strings, and false always comes with valid evidence', () => {
    const evidence = new Set<number>(Object.values(DAY_MONTH));
    fc.assert(
      fc.property(anyText, fc.constantFrom('DMY', 'MDY' as const), (text, order) => {
        const bytes = utf8(text);
        const p = newTimestampParts();
        parseTimestampBytes(bytes, 0, bytes.length, order as 'DMY' | 'MDY', p);
        expect(evidence.has(p.dayMonth)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary bytes, and accepted parts are always a valid calendar time', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (buf) => {
        const p = newTimestampParts();
        if (parseTimestampBytes(buf, 0, buf.length, 'DMY', p)) {
          expect(p.year).toBeGreaterThanOrEqual(1000);
          expect(p.year).toBeLessThanOrEqual(9999);
          expect(p.day).toBeLessThanOrEqual(daysIn(p.year, p.month));
          expect(p.hour).toBeLessThan(24);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts digit-and-separator noise only as valid calendar times', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789-/:. T'), maxLength: 24 }), (text) => {
        const p = parseTimestamp(text, 'MDY');
        if (p !== null) {
          expect(p.month).toBeGreaterThanOrEqual(1);
          expect(p.month).toBeLessThanOrEqual(12);
          expect(p.day).toBeLessThanOrEqual(daysIn(p.year, p.month));
          expect(p.minute).toBeLessThan(60);
          expect(p.second).toBeLessThan(60);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips valid parts: format → parse gives the same parts', () => {
    fc.assert(
      fc.property(validParts, (parts) => {
        const out = new Uint8Array(40);
        const end = formatTimestampCopy(parts, out, 0);
        const again = newTimestampParts();
        expect(parseTimestampBytes(out, 0, end, 'DMY', again)).toBe(true);
        expect(again).toEqual(parts);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent: parse → format → parse → format gives the same text', () => {
    const texts = fc.constantFrom(...ACCEPTED.map(([t]) => t));
    fc.assert(
      fc.property(texts, fc.constantFrom('DMY', 'MDY' as const), (text, order) => {
        const first = parseTimestamp(text, order as 'DMY' | 'MDY');
        if (first === null) return;
        const once = copyText(first);
        expect(parsedText(once, order as 'DMY' | 'MDY')).toBe(once);
      }),
    );
  });

  it('partsToEpochMs agrees with Date.UTC (the reference) on valid parts', () => {
    fc.assert(
      fc.property(validParts, fc.integer({ min: -720, max: 840 }), (p, zone) => {
        const offset = p.hasOffset ? p.offsetMinutes : zone;
        const d = new Date(0);
        d.setUTCFullYear(p.year, p.month - 1, p.day);
        d.setUTCHours(p.hour, p.minute, p.second, p.millisecond);
        expect(partsToEpochMs(p, zone)).toBe(d.getTime() - offset * 60_000);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips Unix epoch seconds and milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000_000_000, max: 9_999_999_999_999 }), (ms) => {
        const fromMs = parseTimestamp(String(ms), 'DMY')!;
        expect(partsToEpochMs(fromMs, 480)).toBe(ms);
        const seconds = Math.floor(ms / 1000);
        if (seconds >= 1_000_000_000) expect(partsToEpochMs(parseTimestamp(String(seconds), 'DMY')!, 480)).toBe(seconds * 1000);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads every Excel serial day 20000–80000 as (serial − 25569) days after 1970-01-01', () => {
    // 25569 is the serial of 1970-01-01 in Excel's 1900 date system (=DATE(1970,1,1)).
    fc.assert(
      fc.property(fc.integer({ min: 20_000, max: 80_000 }), fc.integer({ min: 0, max: 86_399 }), (serial, secondOfDay) => {
        expect(partsToEpochMs(parseTimestamp(String(serial), 'DMY')!, 0)).toBe((serial - 25_569) * 86_400_000);
        if (serial < 80_000) {
          // 10 fraction digits resolve the millisecond; rounding to whole seconds recovers the clock.
          const text = (serial + secondOfDay / 86_400).toFixed(10);
          const p = parseTimestamp(text, 'DMY')!;
          expect(Math.round(partsToEpochMs(p, 0) / 1000)).toBe((serial - 25_569) * 86_400 + secondOfDay);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts exactly the leap days of the Gregorian rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), (year) => {
        const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
        expect(parseTimestamp(`${year}-02-29`, 'DMY') !== null).toBe(leap);
      }),
      { numRuns: 1000 },
    );
  });
});
