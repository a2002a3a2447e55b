import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from './arbitraries.js';
import { utf8 } from '../../../src/ingest/standardize/byte-text.js';
import {
  DAY_MONTH,
  formatTimestampCopy,
  isTwoDigitYearPivot,
  newTimestampParts,
  NO_TWO_DIGIT_YEAR_PIVOT,
  parseTimestamp,
  parseTimestampBytes,
  partsToEpochMs,
  type DateOrder,
  type TimestampParts,
} from '../../../src/ingest/standardize/timestamp.js';

/** The parts as COPY text (`formatTimestampCopy`), the readable form of expected values below. */
function copyText(p: TimestampParts): string {
  const out = new Uint8Array(40);
  return Buffer.from(out.subarray(0, formatTimestampCopy(p, out, 0))).toString('latin1');
}

function parsedText(text: string, order: DateOrder = 'DMY', pivot: number = NO_TWO_DIGIT_YEAR_PIVOT): string | null {
  const p = parseTimestamp(text, order, pivot);
  return p === null ? null : copyText(p);
}

/** Parses with `parseTimestampBytes` into fresh parts, for the evidence and flags a failed parse leaves. */
function parseInto(text: string, order: DateOrder, pivot: number = NO_TWO_DIGIT_YEAR_PIVOT): { ok: boolean; parts: TimestampParts } {
  const bytes = utf8(text);
  const parts = newTimestampParts();
  const ok = parseTimestampBytes(bytes, 0, bytes.length, order, parts, pivot);
  return { ok, parts };
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
  ['20260105 13:15', '2026-01-05 13:15:00'],
  ['20260105 131500', '2026-01-05 13:15:00'],
  ['20240229', '2024-02-29 00:00:00'],
  ['19000101', '1900-01-01 00:00:00'],
  ['20991231235959', '2099-12-31 23:59:59'],
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
  '20261332',
  '20260230',
  '20230229',
  '18991231', // compact dates: years 1900–2099 only
  '21000101',
  '30001231',
  '202601051360',
  '20260105240000',
  '20260105.5',
  '20260105 250000',
  '20260105 13:15:60',
  '220415', // YYMMDD: under YMD only
  '990103 7:12:05',
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

// ---- two-digit years -------------------------------------------------------------------------------------

// Expected values written by hand: pivot 50 reads yy < 50 as 20yy and yy ≥ 50 as 19yy.
const TWO_DIGIT_ACCEPTED: readonly (readonly [string, DateOrder, string])[] = [
  // numeric, year last
  ['15-04-22', 'DMY', '2022-04-15 00:00:00'],
  ['15.04.22', 'DMY', '2022-04-15 00:00:00'],
  ['15/4/22 13:05', 'DMY', '2022-04-15 13:05:00'],
  ['22-04-15', 'DMY', '2015-04-22 00:00:00'],
  ['04/15/22 3:53 PM', 'MDY', '2022-04-15 15:53:00'],
  ['4/5/22', 'MDY', '2022-04-05 00:00:00'],
  ['12/31/99 11:59:59 p.m.', 'MDY', '1999-12-31 23:59:59'],
  ['04/15/22T08:00:00+08:00', 'MDY', '2022-04-15 08:00:00+08:00'],
  // numeric, year first
  ['22-04-15', 'YMD', '2022-04-15 00:00:00'],
  ['22/4/5 13:00:05', 'YMD', '2022-04-05 13:00:05'],
  ['22.04.15 3:53 PM', 'YMD', '2022-04-15 15:53:00'],
  ['99-12-31', 'YMD', '1999-12-31 00:00:00'],
  ['00-01-01', 'YMD', '2000-01-01 00:00:00'],
  // a month name fixes the month; the order places the year among the two numbers
  ['22-Apr-15 3:53:50 PM', 'DMY', '2015-04-22 15:53:50'],
  ['22-Apr-15 3:53:50 PM', 'MDY', '2015-04-22 15:53:50'],
  // Month names are always day first (Oracle's DD-MON-YY), even under YMD (a file's YY-MM-DD columns).
  ['22-Apr-15 3:53:50 PM', 'YMD', '2015-04-22 15:53:50'],
  ['15-APR-22', 'DMY', '2022-04-15 00:00:00'],
  ['5-Apr-22', 'DMY', '2022-04-05 00:00:00'],
  ['15 Apr 22', 'DMY', '2022-04-15 00:00:00'],
  ['15/Apr/99', 'MDY', '1999-04-15 00:00:00'],
  ['Fri, 15 Apr 22 13:00:00 GMT', 'DMY', '2022-04-15 13:00:00+00:00'],
  ['15-四月-22', 'DMY', '2022-04-15 00:00:00'],
  ['01-十二月-99', 'DMY', '1999-12-01 00:00:00'],
  ['22-十一月-15', 'YMD', '2015-11-22 00:00:00'],
  ['15-4月 -22', 'DMY', '2022-04-15 00:00:00'],
  ['15-04月-22 下午 3:53', 'DMY', '2022-04-15 15:53:00'],
  // full-width digits are folded as for four-digit years
  ['１５/０４/２２', 'DMY', '2022-04-15 00:00:00'],
];

describe('two-digit years', () => {
  it.each(TWO_DIGIT_ACCEPTED)('reads %j in %s with pivot 50', (text, order, expected) => {
    expect(parsedText(text, order, 50)).toBe(expected);
  });

  it.each(TWO_DIGIT_ACCEPTED)('without a pivot rejects %j in %s and flags the two-digit year', (text, order) => {
    const { ok, parts } = parseInto(text, order);
    expect(ok).toBe(false);
    expect(parts.twoDigitYear).toBe(true);
    expect(parseTimestamp(text, order)).toBeNull();
  });

  it('reads yy < pivot as 20yy and yy ≥ pivot as 19yy, with the edge years 00 and 99', () => {
    expect(parsedText('49-06-01', 'YMD', 50)).toBe('2049-06-01 00:00:00');
    expect(parsedText('50-06-01', 'YMD', 50)).toBe('1950-06-01 00:00:00');
    // pivot 0: nothing is below it, so every two-digit year is 19yy
    expect(parsedText('00-06-01', 'YMD', 0)).toBe('1900-06-01 00:00:00');
    expect(parsedText('99-06-01', 'YMD', 0)).toBe('1999-06-01 00:00:00');
    // pivot 99: 00–98 are 20yy, 99 stays 1999
    expect(parsedText('01/06/98', 'DMY', 99)).toBe('2098-06-01 00:00:00');
    expect(parsedText('01/06/99', 'DMY', 99)).toBe('1999-06-01 00:00:00');
    expect(parsedText('01/06/00', 'DMY', 1)).toBe('2000-06-01 00:00:00');
  });

  it('validates leap days in the century the pivot gives (2000 is a leap year, 1900 is not)', () => {
    expect(parsedText('29/02/00', 'DMY', 50)).toBe('2000-02-29 00:00:00');
    const in1900 = parseInto('29/02/00', 'DMY', 0);
    expect(in1900.ok).toBe(false);
    expect(in1900.parts.twoDigitYear).toBe(false);
    // The evidence judges the readings in that year too: no valid reading in 1900.
    expect(in1900.parts.dayMonth).toBe(DAY_MONTH.notApplicable);
    expect(parseInto('29/02/00', 'DMY', 50).parts.dayMonth).toBe(DAY_MONTH.dmyOnly);
    expect(parsedText('29/02/23', 'DMY', 50)).toBeNull();
  });

  it('treats a pivot outside 0–99 (100, -5, 2.5, NaN) as none: rejected and flagged, never clamped', () => {
    for (const pivot of [100, 150, -5, 2.5, Number.NaN]) {
      const { ok, parts } = parseInto('15/04/22', 'DMY', pivot);
      expect(ok).toBe(false);
      expect(parts.twoDigitYear).toBe(true);
    }
  });

  it('isTwoDigitYearPivot accepts exactly the integers 0–99', () => {
    expect([0, 1, 50, 99].map(isTwoDigitYearPivot)).toEqual([true, true, true, true]);
    expect([NO_TWO_DIGIT_YEAR_PIVOT, 100, -5, 2.5, Number.NaN, Infinity].map(isTwoDigitYearPivot)).toEqual([false, false, false, false, false, false]);
  });

  it('flags only values that a pivot would make valid', () => {
    // The rest of the value is invalid: an ordinary rejection, not a request for a pivot.
    for (const [text, order] of [
      ['15/04/22 25:00', 'DMY'],
      ['32/04/22', 'DMY'],
      ['15/04/22 13:00 CST', 'DMY'],
      ['13/05/22', 'MDY'],
      ['98-04-15', 'DMY'],
      ['22-13-15', 'YMD'],
    ] as const) {
      const { ok, parts } = parseInto(text, order);
      expect(ok).toBe(false);
      expect(parts.twoDigitYear).toBe(false);
    }
    // With a pivot the flag stays false, failed parse or not.
    expect(parseInto('32/04/22', 'DMY', 50).parts.twoDigitYear).toBe(false);
    expect(parseInto('15/04/22', 'DMY', 50).parts.twoDigitYear).toBe(false);
  });

  it('resets the flag of a previous call', () => {
    const p = newTimestampParts();
    const a = utf8('15/04/22');
    const b = utf8('garbage');
    expect(parseTimestampBytes(a, 0, a.length, 'DMY', p)).toBe(false);
    expect(p.twoDigitYear).toBe(true);
    parseTimestampBytes(b, 0, b.length, 'DMY', p);
    expect(p.twoDigitYear).toBe(false);
  });

  const NOT_TWO_DIGIT_DATES: readonly string[] = [
    '2204151', // seven digits: not an epoch, serial or compact date (`220415` is one under YMD, below)
    '22:04:15', // a clock
    '22:04',
    '22.04',
    '22-04',
    '1-2-3', // one-digit year in every order
    '15-04-202', // three-digit year
    '150-04-22',
    '15-04-22-01',
    '15-04/22',
    '15 04 22',
    'Apr 15, 22', // month first: four-digit years only
    'Apr 15 22',
    '5 Jan 13:00',
    '15-Apr-222',
    '15-13月-22',
    '15-十三月-22',
    '15-月-22',
    '4月15日',
  ];

  it.each(NOT_TWO_DIGIT_DATES)('never reads %j as a two-digit-year date, in any order or pivot', (text) => {
    for (const order of ['DMY', 'MDY', 'YMD'] as const) {
      for (const pivot of [NO_TWO_DIGIT_YEAR_PIVOT, 0, 50, 99]) {
        const { ok, parts } = parseInto(text, order, pivot);
        expect(ok).toBe(false);
        expect(parts.twoDigitYear).toBe(false);
      }
    }
  });

  it('YMD needs a two-digit first number, DMY/MDY a two-digit last one; month names a two-digit last one', () => {
    expect(parsedText('2-04-15', 'YMD', 50)).toBeNull();
    expect(parsedText('2-04-15', 'DMY', 50)).toBe('2015-04-02 00:00:00');
    expect(parsedText('5-Apr-22', 'YMD', 50)).toBe('2022-04-05 00:00:00');
    expect(parsedText('5-Apr-22', 'MDY', 50)).toBe('2022-04-05 00:00:00');
    expect(parsedText('22-04-5', 'DMY', 50)).toBeNull();
    expect(parsedText('22-04-5', 'YMD', 50)).toBe('2022-04-05 00:00:00');
    expect(parsedText('22-Apr-5', 'MDY', 50)).toBeNull();
    expect(parsedText('22-Apr-5', 'YMD', 50)).toBeNull();
  });

  it('keeps four-digit years where they are, whatever the order and the pivot', () => {
    for (const text of ['2026-01-05', '2026/1/5 13:00', '2026-Jan-05', '05-Jan-2026', '5 Jan 2026', 'Jan 5, 2026', '20260105', '2026年1月5日', '45292', '1767225600']) {
      const expected = parsedText(text, 'DMY');
      expect(expected).not.toBeNull();
      expect(parsedText(text, 'YMD')).toBe(expected);
      expect(parsedText(text, 'YMD', 50)).toBe(expected);
      expect(parsedText(text, 'MDY', 0)).toBe(expected);
    }
  });

  it('reads Chinese month words with four-digit years too', () => {
    expect(parsedText('15-四月-2022')).toBe('2022-04-15 00:00:00');
    expect(parsedText('15-4月 -2022 13:00', 'MDY')).toBe('2022-04-15 13:00:00');
    expect(parsedText('15 十二月 2022', 'YMD')).toBe('2022-12-15 00:00:00');
  });

  it('rejects a year-last numeric date with a four-digit year under YMD, keeping its evidence', () => {
    const ambiguous = parseInto('05/01/2026', 'YMD', 50);
    expect(ambiguous.ok).toBe(false);
    expect(ambiguous.parts.dayMonth).toBe(DAY_MONTH.ambiguous);
    expect(ambiguous.parts.twoDigitYear).toBe(false);
    expect(parseInto('13/05/2026', 'YMD').parts.dayMonth).toBe(DAY_MONTH.dmyOnly);
  });

  // Evidence of two-digit-year values: the declared order places the year; the other two numbers are judged
  // day versus month as for four-digit years; year-first (YMD) and month-name values give none.
  const EVIDENCE: readonly (readonly [string, DateOrder, number])[] = [
    ['04/15/22', 'MDY', DAY_MONTH.mdyOnly],
    ['04/15/22', 'DMY', DAY_MONTH.mdyOnly],
    ['22-04-15', 'DMY', DAY_MONTH.dmyOnly],
    ['22-04-15', 'MDY', DAY_MONTH.dmyOnly],
    ['22-04-15', 'YMD', DAY_MONTH.notApplicable],
    ['03/05/22', 'DMY', DAY_MONTH.ambiguous],
    ['03/05/22 13:00', 'MDY', DAY_MONTH.ambiguous],
    ['05.05.22', 'DMY', DAY_MONTH.equal],
    ['13/13/22', 'DMY', DAY_MONTH.notApplicable],
    ['98-04-15', 'DMY', DAY_MONTH.notApplicable],
    ['31/02/22', 'DMY', DAY_MONTH.notApplicable],
    ['22-Apr-15', 'DMY', DAY_MONTH.notApplicable],
    ['15-4月 -22', 'DMY', DAY_MONTH.notApplicable],
  ];

  it.each(EVIDENCE)('%j in %s gives evidence %i, with or without a pivot', (text, order, evidence) => {
    for (const pivot of [NO_TWO_DIGIT_YEAR_PIVOT, 0, 50]) {
      expect(parseInto(text, order, pivot).parts.dayMonth).toBe(evidence);
    }
  });

  it('sets the evidence when the value contradicts the order, without a pivot too', () => {
    for (const pivot of [NO_TWO_DIGIT_YEAR_PIVOT, 50]) {
      const { ok, parts } = parseInto('13/05/22', 'MDY', pivot);
      expect(ok).toBe(false);
      expect(parts.dayMonth).toBe(DAY_MONTH.dmyOnly);
    }
  });

  it('rejects two-digit years without a pivot as the parser always did (existing rejections)', () => {
    expect(parseTimestamp('26-01-05', 'DMY')).toBeNull();
    expect(parseTimestamp('05/01/26', 'MDY')).toBeNull();
    expect(parsedText('26-01-05', 'DMY', 50)).toBe('2005-01-26 00:00:00');
    expect(parsedText('05/01/26', 'MDY', 50)).toBe('2026-05-01 00:00:00');
  });
});

// ---- compact dates --------------------------------------------------------------------------------------

const ORDERS: readonly DateOrder[] = ['DMY', 'MDY', 'YMD'];
const PIVOTS: readonly number[] = [NO_TWO_DIGIT_YEAR_PIVOT, 0, 50, 99];

describe('compact dates', () => {
  // Expected values written by hand from the input.
  const FOUR_DIGIT: readonly (readonly [string, string])[] = [
    ['20260105', '2026-01-05 00:00:00'],
    ['20260105 13:15', '2026-01-05 13:15:00'],
    ['20260105 13:15:00', '2026-01-05 13:15:00'],
    ['20260105 131500', '2026-01-05 13:15:00'],
    ['20260105 1315', '2026-01-05 13:15:00'],
    ['20260105131500', '2026-01-05 13:15:00'],
    ['202601051315', '2026-01-05 13:15:00'],
    ['19000101', '1900-01-01 00:00:00'],
    ['20991231', '2099-12-31 00:00:00'],
    ['20000229', '2000-02-29 00:00:00'],
  ];

  it.each(FOUR_DIGIT)('reads %j the same in every order, with or without a pivot', (text, expected) => {
    for (const order of ORDERS) {
      for (const pivot of PIVOTS) {
        const { ok, parts } = parseInto(text, order, pivot);
        expect(ok).toBe(true);
        expect(copyText(parts)).toBe(expected);
        expect(parts.dayMonth).toBe(DAY_MONTH.notApplicable);
        expect(parts.twoDigitYear).toBe(false);
      }
    }
  });

  const NEVER: readonly string[] = [
    '20261332', // month 13, day 32
    '20261301',
    '20260132',
    '20260230',
    '19000229', // 1900 is no leap year
    '18991231', // years outside 1900–2099
    '21000101',
    '30001231',
    '10000101',
    '202601052400',
    '20260105136000',
    '20260105 24:00',
    '20260105 13:15:60',
    '20260105,13:15',
    '20260105.5', // a fraction makes no compact date
    '123456', // six digits: no date in any order (12-34-56 is none under YMD either)
    '1234567', // seven and nine digits: no reading at all
    '123456789',
    '2204150',
    '220415.5',
    '2204 15',
  ];

  it.each(NEVER)('never reads %j, in any order or pivot', (text) => {
    for (const order of ORDERS) {
      for (const pivot of PIVOTS) {
        const { ok, parts } = parseInto(text, order, pivot);
        expect(ok).toBe(false);
        expect(parts.twoDigitYear).toBe(false);
        expect(parts.dayMonth).toBe(DAY_MONTH.notApplicable);
      }
    }
  });

  it('keeps years outside 1900–2099 for the separated forms (the window is for digits-only dates)', () => {
    expect(parsedText('1899-12-31')).toBe('1899-12-31 00:00:00');
    expect(parsedText('2100-01-01 13:15')).toBe('2100-01-01 13:15:00');
    expect(parsedText('18991231')).toBeNull();
    expect(parsedText('21000101 13:15')).toBeNull();
  });

  // Digits-only fields that are not compact dates keep their reading, whatever the order and the pivot.
  // Expected values as for ACCEPTED above (Python's date(1899, 12, 30) + timedelta(n); `date -u -d @n`).
  const NUMERIC: readonly (readonly [string, string])[] = [
    ['45292', '2024-01-01 00:00:00'],
    ['45292.5', '2024-01-01 12:00:00'],
    ['20000', '1954-10-03 00:00:00'],
    ['80000', '2119-01-11 00:00:00'],
    ['1767225600', '2026-01-01 00:00:00+00:00'],
    ['1767225600.5', '2026-01-01 00:00:00.500+00:00'],
    ['1767225600123', '2026-01-01 00:00:00.123+00:00'],
  ];

  it.each(NUMERIC)('keeps the serial or epoch reading of %j in every order and pivot', (text, expected) => {
    for (const order of ORDERS) {
      for (const pivot of PIVOTS) {
        const { ok, parts } = parseInto(text, order, pivot);
        expect(ok).toBe(true);
        expect(copyText(parts)).toBe(expected);
        expect(parts.twoDigitYear).toBe(false);
      }
    }
  });

  // YYMMDD under YMD with pivot 50 (yy < 50 is 20yy, else 19yy).
  const SIX_DIGIT: readonly (readonly [string, string])[] = [
    ['990103', '1999-01-03 00:00:00'], // the Technion call-center data's date column
    ['990103 7:12:05', '1999-01-03 07:12:05'], // joined with its time column
    ['220415', '2022-04-15 00:00:00'],
    ['220415 13:15', '2022-04-15 13:15:00'],
    ['220415 131500', '2022-04-15 13:15:00'],
    ['220415T1315', '2022-04-15 13:15:00'],
    ['000229', '2000-02-29 00:00:00'],
    ['491231', '2049-12-31 00:00:00'],
    ['500101', '1950-01-01 00:00:00'],
  ];

  it.each(SIX_DIGIT)('reads %j as YYMMDD under YMD with a pivot', (text, expected) => {
    const { ok, parts } = parseInto(text, 'YMD', 50);
    expect(ok).toBe(true);
    expect(copyText(parts)).toBe(expected);
    expect(parts.dayMonth).toBe(DAY_MONTH.notApplicable);
    expect(parts.twoDigitYear).toBe(false);
  });

  it.each(SIX_DIGIT)('rejects %j under YMD without a pivot and flags the two-digit year', (text) => {
    const { ok, parts } = parseInto(text, 'YMD');
    expect(ok).toBe(false);
    expect(parts.twoDigitYear).toBe(true);
    expect(parts.dayMonth).toBe(DAY_MONTH.notApplicable);
  });

  it.each(SIX_DIGIT)('never reads %j under DMY or MDY, with or without a pivot', (text) => {
    for (const order of ['DMY', 'MDY'] as const) {
      for (const pivot of PIVOTS) {
        const { ok, parts } = parseInto(text, order, pivot);
        expect(ok).toBe(false);
        expect(parts.twoDigitYear).toBe(false);
        expect(parts.dayMonth).toBe(DAY_MONTH.notApplicable);
      }
    }
  });

  it('takes the century of YYMMDD from the pivot, validating leap days in it', () => {
    expect(parsedText('220415', 'YMD', 0)).toBe('1922-04-15 00:00:00');
    expect(parsedText('220415', 'YMD', 99)).toBe('2022-04-15 00:00:00');
    expect(parsedText('990103', 'YMD', 99)).toBe('1999-01-03 00:00:00');
    // 1900 (pivot 0) has no 29 February: an ordinary rejection, and no flag since a pivot was given.
    const in1900 = parseInto('000229', 'YMD', 0);
    expect(in1900.ok).toBe(false);
    expect(in1900.parts.twoDigitYear).toBe(false);
  });

  it('flags a YYMMDD without a pivot only when the rest of it is valid', () => {
    for (const text of ['221315', '220432', '230229', '220415 25:00', '220415 13:15 CST']) {
      const { ok, parts } = parseInto(text, 'YMD');
      expect(ok).toBe(false);
      expect(parts.twoDigitYear).toBe(false);
    }
  });

  const two = (n: number): string => String(n).padStart(2, '0');
  const isDate = (year: number, month: number, day: number): boolean => month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);

  it('reads generated YYYYMMDD[hhmm[ss]] values with or without a separated time, alike in every order and pivot', () => {
    const compact = fc.record({
      year: fc.integer({ min: 1900, max: 2099 }),
      month: fc.integer({ min: 1, max: 12 }),
      dayFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      time: fc.constantFrom('none', 'hhmm', 'hhmmss', ' hh:mm', ' hh:mm:ss', ' hhmmss', ' hhmm', 'Thhmmss'),
      order: fc.constantFrom(...ORDERS),
      pivot: fc.constantFrom(...PIVOTS),
    });
    fc.assert(
      fc.property(compact, (r) => {
        const day = 1 + Math.floor(r.dayFraction * daysIn(r.year, r.month));
        const [h, m, sec] = [two(r.hour), two(r.minute), two(r.second)];
        const time = r.time.replace('hh', h).replace('mm', m).replace('ss', sec).replace('none', '');
        const text = `${r.year}${two(r.month)}${two(day)}${time}`;
        const { ok, parts } = parseInto(text, r.order, r.pivot);
        expect(ok).toBe(true);
        const hasTime = r.time !== 'none';
        const hasSeconds = r.time.endsWith('ss');
        expect([parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second]).toEqual([
          r.year,
          r.month,
          day,
          hasTime ? r.hour : 0,
          hasTime ? r.minute : 0,
          hasSeconds ? r.second : 0,
        ]);
        expect(parts.hasOffset).toBe(false);
        expect(parts.dayMonth).toBe(DAY_MONTH.notApplicable);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads an 8-digit field exactly when it is a valid date of 1900–2099, in every order and pivot', () => {
    // Reference: the calendar from JavaScript's Date (`daysIn`), the year window as stated.
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 18_990_000, max: 21_010_000 })),
        fc.constantFrom(...ORDERS),
        fc.constantFrom(...PIVOTS),
        (n, order, pivot) => {
          const text = String(n).padStart(8, '0');
          const [year, month, day] = [Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8))];
          const expected = year >= 1900 && year <= 2099 && isDate(year, month, day);
          const { ok, parts } = parseInto(text, order, pivot);
          expect(ok).toBe(expected);
          if (ok) expect([parts.year, parts.month, parts.day, parts.hour]).toEqual([year, month, day, 0]);
          expect(parts.twoDigitYear).toBe(false);
          expect(parts.dayMonth).toBe(DAY_MONTH.notApplicable);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads a 6-digit field as YYMMDD under YMD with a pivot only, flagged without one, never in DMY/MDY', () => {
    // Reference: the pivot's window as stated (yy < pivot → 20yy, else 19yy), days per month from Date.
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 99 }).chain((yy) => fc.integer({ min: 101, max: 1231 }).map((md) => yy * 10_000 + md))),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('', ' 7:12:05', ' 131500', ' 25:00'),
        (n, pivot, time) => {
          const digits = String(n).padStart(6, '0');
          const text = digits + time;
          const [yy, month, day] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4)), Number(digits.slice(4, 6))];
          const timeOk = time !== ' 25:00';
          const year = yy < pivot ? 2000 + yy : 1900 + yy;
          const withPivot = parseInto(text, 'YMD', pivot);
          expect(withPivot.ok).toBe(timeOk && isDate(year, month, day));
          if (withPivot.ok) expect([withPivot.parts.year, withPivot.parts.month, withPivot.parts.day]).toEqual([year, month, day]);
          expect(withPivot.parts.twoDigitYear).toBe(false);
          const without = parseInto(text, 'YMD');
          expect(without.ok).toBe(false);
          expect(without.parts.twoDigitYear).toBe(timeOk && isDate(2000 + yy, month, day));
          for (const order of ['DMY', 'MDY'] as const) {
            for (const p of [NO_TWO_DIGIT_YEAR_PIVOT, pivot]) {
              const other = parseInto(text, order, p);
              expect(other.ok).toBe(false);
              expect(other.parts.twoDigitYear).toBe(false);
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('keeps every Excel serial and epoch reading whatever the order and pivot', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 20_000, max: 80_000 }), fc.integer({ min: 1_000_000_000, max: 9_999_999_999 }), fc.integer({ min: 1_000_000_000_000, max: 9_999_999_999_999 })),
        fc.constantFrom(...ORDERS),
        fc.constantFrom(...PIVOTS),
        (n, order, pivot) => {
          const text = String(n);
          const reference = parseInto(text, 'DMY');
          expect(reference.ok).toBe(true);
          expect(parseInto(text, order, pivot)).toEqual(reference);
        },
      ),
      { numRuns: 2000 },
    );
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
    twoDigitYear: false,
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

  const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number): string => String(n).padStart(2, '0');

  const twoDigitDates = fc.record({
    pivot: fc.integer({ min: 0, max: 99 }),
    yy: fc.integer({ min: 0, max: 99 }),
    month: fc.integer({ min: 1, max: 12 }),
    dayFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    order: fc.constantFrom<DateOrder>('DMY', 'MDY', 'YMD'),
    sep: fc.constantFrom('-', '/', '.'),
    pad: fc.boolean(),
    monthName: fc.boolean(),
    time: fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))),
  });

  it('reads generated two-digit-year dates in every order into the pivot’s century, and none without a pivot', () => {
    fc.assert(
      fc.property(twoDigitDates, (r) => {
        // Reference: the sliding window as stated (yy < pivot → 20yy, else 19yy), days per month from Date.
        const year = r.yy < r.pivot ? 2000 + r.yy : 1900 + r.yy;
        const day = 1 + Math.floor(r.dayFraction * daysIn(year, r.month));
        const d = r.pad ? two(day) : String(day);
        const m = r.monthName ? MONTH_ABBREVIATIONS[r.month - 1]! : r.pad ? two(r.month) : String(r.month);
        const y = two(r.yy);
        // `15.Apr.22`: the parser takes the dot after a month name as the abbreviation's (`Sept.`), for
        // four-digit years too, so month names get `-` or `/` here.
        const sep = r.monthName && r.sep === '.' ? '-' : r.sep;
        let date: string;
        if (r.order === 'YMD' && !r.monthName) date = `${y}${sep}${m}${sep}${d}`;
        else if (r.order === 'DMY' || r.monthName) date = `${d}${sep}${m}${sep}${y}`;
        else date = `${m}${sep}${d}${sep}${y}`;
        const text = r.time === null ? date : `${date} ${r.time[0]}:${two(r.time[1])}:${two(r.time[2])}`;

        const withPivot = parseInto(text, r.order, r.pivot);
        expect(withPivot.ok).toBe(true);
        expect([withPivot.parts.year, withPivot.parts.month, withPivot.parts.day]).toEqual([year, r.month, day]);
        expect(withPivot.parts.hour).toBe(r.time === null ? 0 : r.time[0]);
        expect(withPivot.parts.twoDigitYear).toBe(false);
        // Evidence: as the same day and month before a four-digit year (already tested above); none for YMD and names.
        const numbers = date.split(sep);
        const fourDigit = r.order === 'YMD' || r.monthName ? null : parseInto(`${numbers[0]}/${numbers[1]}/${year}`, r.order);
        expect(withPivot.parts.dayMonth).toBe(fourDigit === null ? DAY_MONTH.notApplicable : fourDigit.parts.dayMonth);

        const withoutPivot = parseInto(text, r.order);
        expect(withoutPivot.ok).toBe(false);
        expect(withoutPivot.parts.twoDigitYear).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  // Date-shaped text: numbers of 1–4 digits between separators, a month word or not, a time tail valid or not.
  const dateNumber = fc.oneof(
    fc.integer({ min: 0, max: 99 }).map(String),
    fc.integer({ min: 0, max: 99 }).map(two),
    fc.integer({ min: 0, max: 9999 }).map(String),
  );
  const dateLike = fc
    .tuple(
      dateNumber,
      fc.constantFrom('-', '/', '.', ' ', ':'),
      fc.oneof(dateNumber, fc.constantFrom('Apr', 'APR', 'Sept.', '四月', '十二月', '4月 ', '13月')),
      fc.constantFrom('-', '/', '.', ' ', ':', ', '),
      dateNumber,
      fc.constantFrom('', ' 13:05', ' 3:53:50 PM', 'T08:00Z', ' 25:00', ' 下午 3:53', 'x'),
    )
    .map((parts) => parts.join(''));

  it('a pivot only adds: what parses without one parses the same with any, and what only a pivot parses is flagged', () => {
    fc.assert(
      fc.property(fc.oneof({ arbitrary: dateLike, weight: 4 }, { arbitrary: anyText, weight: 1 }), fc.constantFrom<DateOrder>('DMY', 'MDY', 'YMD'), fc.integer({ min: 0, max: 99 }), (text, order, pivot) => {
        const without = parseInto(text, order);
        const withPivot = parseInto(text, order, pivot);
        if (without.ok) {
          expect(without.parts.twoDigitYear).toBe(false);
          expect(withPivot.ok).toBe(true);
          expect(withPivot.parts).toEqual(without.parts);
        } else if (withPivot.ok) {
          expect(without.parts.twoDigitYear).toBe(true);
        }
        // Conversely a flagged value parses with any pivot ≥ 1 (only 1900, under pivot 0, lacks 2000's leap day).
        if (without.parts.twoDigitYear) expect(parseInto(text, order, Math.max(pivot, 1)).ok).toBe(true);
        expect(withPivot.parts.twoDigitYear).toBe(false);
        if (withPivot.ok) {
          expect(withPivot.parts.year).toBeGreaterThanOrEqual(1000);
          expect(withPivot.parts.day).toBeLessThanOrEqual(daysIn(withPivot.parts.year, withPivot.parts.month));
        }
      }),
      { numRuns: 3000 },
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
