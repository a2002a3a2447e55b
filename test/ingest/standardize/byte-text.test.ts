import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cjkCode, code3, foldedBytes, foldFullWidthBytes, trimEndBytes, trimStartBytes, utf8 } from '../../../src/ingest/standardize/byte-text.js';

describe('trimStartBytes / trimEndBytes', () => {
  it.each([
    ['90', '90'],
    ['  90\t', '90'],
    ['\r\n90\r\n', '90'],
    ['\u00a090\u00a0', '90'],
    ['\u3000９０\u3000', '９０'],
    ['   ', ''],
    ['', ''],
    ['a b', 'a b'],
  ])('trims %j to %j', (text, expected) => {
    const bytes = utf8(text);
    const s = trimStartBytes(bytes, 0, bytes.length);
    const e = trimEndBytes(bytes, s, bytes.length);
    expect(Buffer.from(bytes.subarray(s, e)).toString('utf8')).toBe(expected);
  });

  it('agrees with String#trim restricted to the characters it trims', () => {
    const pad = fc.string({ unit: fc.constantFrom(' ', '\t', '\r', '\n', '\u00a0', '\u3000'), maxLength: 4 });
    fc.assert(
      fc.property(pad, fc.string({ unit: 'grapheme', maxLength: 8 }), pad, (before, core, after) => {
        const text = before + core + after;
        const bytes = utf8(text);
        const s = trimStartBytes(bytes, 0, bytes.length);
        const e = trimEndBytes(bytes, s, bytes.length);
        expect(s).toBeLessThanOrEqual(e);
        const trimmed = Buffer.from(bytes.subarray(s, e)).toString('utf8');
        expect(text.includes(trimmed)).toBe(true);
        if (core.trim() === core && core.length > 0 && !/^[\s\u00a0\u3000]|[\s\u00a0\u3000]$/.test(core)) expect(trimmed).toBe(core);
      }),
    );
  });
});

describe('code3 / cjkCode', () => {
  it('reads three-byte characters as one integer', () => {
    expect(cjkCode('秒')).toBe(0xe7a792);
    expect(code3(utf8('秒'), 0, 3)).toBe(cjkCode('秒'));
    expect(code3(utf8('秒'), 1, 3)).toBe(-1);
  });

  it('refuses characters that are not three bytes', () => {
    expect(() => cjkCode('a')).toThrow(TypeError);
    expect(() => cjkCode('😀')).toThrow(/cjkCode/);
  });
});

describe('foldFullWidthBytes', () => {
  it('folds full-width ASCII forms and the ideographic space, as NFKC does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'０１２９：．－／ＡｚＺ　年月日秒分abc1 '), maxLength: 16 }), (text) => {
        const bytes = utf8(text);
        const n = foldFullWidthBytes(bytes, 0, bytes.length);
        const expected = text.normalize('NFKC');
        if (n < 0) expect(expected).toBe(text);
        else expect(Buffer.from(foldedBytes().subarray(0, n)).toString('utf8')).toBe(expected);
      }),
    );
  });

  it('returns -1 when there is nothing to fold', () => {
    const bytes = utf8('12:30 分');
    expect(foldFullWidthBytes(bytes, 0, bytes.length)).toBe(-1);
  });
});
