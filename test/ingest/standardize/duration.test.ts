import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from './arbitraries.js';
import { utf8 } from '../../../src/ingest/standardize/byte-text.js';
import { parseDuration, parseDurationBytes } from '../../../src/ingest/standardize/duration.js';

// Expected seconds are worked by hand from the unit definitions (1 min = 60 s, 1 h = 3600 s, 1 d = 86 400 s).
const ACCEPTED: readonly (readonly [string, number])[] = [
  // plain seconds
  ['90', 90],
  ['0', 0],
  ['90.5', 90.5],
  ['.5', 0.5],
  ['-5', -5],
  ['+7', 7],
  ['-0', 0],
  ['007', 7],
  ['123456789012345', 123456789012345],
  // clocks
  ['1:30', 90],
  ['0:05', 5],
  ['1:5', 65],
  ['90:00', 5400],
  ['00:01:30', 90],
  ['1:02:03', 3723],
  ['25:00:00', 90000],
  ['00:01:30.5', 90.5],
  ['-1:30', -90],
  ['1：30', 90],
  // units
  ['1.5 min', 90],
  ['1.5min', 90],
  ['90s', 90],
  ['90 sec', 90],
  ['90 secs', 90],
  ['90 Seconds', 90],
  ['2 m', 120],
  ['2 MIN', 120],
  ['3 minutes', 180],
  ['1h 2m 3s', 3723],
  ['1h2m', 3720],
  ['1 hr 30 min', 5400],
  ['2 hours', 7200],
  ['1d 2h', 93600],
  ['500ms', 0.5],
  ['1m 30', 90],
  ['1h30', 5400],
  ['1.1 min', 66],
  // Chinese units
  ['2分30秒', 150],
  ['2分钟30秒', 150],
  ['2 分 30 秒', 150],
  ['1小时2分3秒', 3723],
  ['1个小时', 3600],
  ['1时2分', 3720],
  ['30秒', 30],
  ['30秒钟', 30],
  ['1.5分钟', 90],
  ['2分30', 150],
  ['1天', 86400],
  ['500毫秒', 0.5],
  // ISO 8601
  ['PT1M30S', 90],
  ['pt1m30s', 90],
  ['PT90S', 90],
  ['PT1.5S', 1.5],
  ['PT2H', 7200],
  ['P1DT2H', 93600],
  ['P1D', 86400],
  ['P1W', 604800],
  ['-PT5S', -5],
  // padding and full-width forms
  ['  90 \t', 90],
  ['\u00a090\u00a0', 90],
  ['\u300090\u3000', 90],
  ['１２', 12],
  ['１：３０', 90],
  ['２分３０秒', 150],
];

const REJECTED: readonly string[] = [
  '',
  '   ',
  '1e308',
  '1E3',
  'NaN',
  'Infinity',
  '-Infinity',
  'abc',
  '1:75',
  '1:60',
  '1:02:60',
  '1:60:00',
  '1:2:3:4',
  '1:',
  ':30',
  '1::30',
  '1:030',
  '1.5:30',
  '1:30.5:10',
  '12345678901234567890',
  '1234567890123456',
  '--5',
  '+-5',
  '-+5',
  '5-',
  '1..5',
  '5.',
  '.',
  '-',
  '1.2.3',
  '1 2',
  '2m 1h',
  '1m 1m',
  '1s 30',
  '30 lightyears',
  'min',
  '5 min ago',
  'P',
  'PT',
  'P1Y',
  'P1M',
  'PT1D',
  'P1DT',
  'PT1S2M',
  '0x10',
  '1,000',
  '分',
  '秒30',
];

describe('parseDuration', () => {
  it.each(ACCEPTED)('reads %j as %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(REJECTED)('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNaN();
  });

  it('returns +0, never -0', () => {
    expect(Object.is(parseDuration('-0'), 0)).toBe(true);
    expect(Object.is(parseDuration('-0:00'), 0)).toBe(true);
  });
});

describe('parseDurationBytes', () => {
  it('reads only buf[start, end) of a larger buffer', () => {
    const buf = utf8('xx,1:30,yy');
    expect(parseDurationBytes(buf, 3, 7)).toBe(90);
    expect(parseDurationBytes(buf, 3, 4)).toBe(1);
    expect(parseDurationBytes(buf, 3, 3)).toBeNaN();
  });

  it('is NaN for an empty or inverted range', () => {
    const buf = utf8('90');
    expect(parseDurationBytes(buf, 2, 2)).toBeNaN();
    expect(parseDurationBytes(buf, 2, 1)).toBeNaN();
  });
});

describe('parseDuration properties', () => {
  it('never throws and returns NaN or a finite number, on any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const seconds = parseDuration(text);
        expect(Number.isNaN(seconds) || Number.isFinite(seconds)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary bytes and arbitrary bounds inside them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.nat(), (buf, a, b) => {
        const start = buf.length === 0 ? 0 : a % (buf.length + 1);
        const end = start + (buf.length === 0 ? 0 : b % (buf.length - start + 1));
        const seconds = parseDurationBytes(buf, start, end);
        expect(Number.isNaN(seconds) || Number.isFinite(seconds)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('depends only on the bytes between start and end', () => {
    const field = fc.oneof(
      fc.constantFrom(...ACCEPTED.map(([t]) => t), ...REJECTED),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), field, fc.uint8Array({ maxLength: 8 }), (before, text, after) => {
        const inner = utf8(text);
        const buf = new Uint8Array(before.length + inner.length + after.length);
        buf.set(before, 0);
        buf.set(inner, before.length);
        buf.set(after, before.length + inner.length);
        expect(parseDurationBytes(buf, before.length, before.length + inner.length)).toBe(parseDuration(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips integer seconds 0…10^6 through plain, clock, unit and Chinese forms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (s) => {
        const h = Math.floor(s / 3600);
        const m = Math.floor((s % 3600) / 60);
        const sec = s % 60;
        const mm = String(m).padStart(2, '0');
        const ss = String(sec).padStart(2, '0');
        expect(parseDuration(String(s))).toBe(s);
        expect(parseDuration(`${h}:${mm}:${ss}`)).toBe(s);
        expect(parseDuration(`${Math.floor(s / 60)}:${ss}`)).toBe(s);
        expect(parseDuration(`${h}h ${m}m ${sec}s`)).toBe(s);
        expect(parseDuration(`${h}小时${m}分${sec}秒`)).toBe(s);
        expect(parseDuration(`PT${h}H${m}M${sec}S`)).toBe(s);
        expect(parseDuration(`-${s}`)).toBe(s === 0 ? 0 : -s);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads decimals of seconds as Number() does, to the millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 999 }), (whole, ms) => {
        const text = `${whole}.${String(ms).padStart(3, '0')}`;
        expect(parseDuration(text)).toBe(Number(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('is NaN for any number with more than 15 integer digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 16, maxLength: 30 }), (digits) => {
        expect(parseDuration(digits)).toBeNaN();
      }),
      { numRuns: 300 },
    );
  });
});
