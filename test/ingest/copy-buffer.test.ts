import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CopyBuffer,
  writeBinaryFloat8,
  writeBinaryInt8,
  writeBinaryText,
  writeBinaryTimestamp,
  writeEscaped,
  writeUint,
} from '../../src/ingest/copy-buffer.js';

function bytesOf(write: (out: CopyBuffer) => void): Buffer {
  const out = new CopyBuffer(1024);
  write(out);
  return Buffer.from(out.buf.subarray(0, out.pos));
}

describe('binary COPY writers (PostgreSQL send formats)', () => {
  it('int8: length 8, big-endian two’s complement', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const b = bytesOf((out) => writeBinaryInt8(out, n));
        expect(b.readInt32BE(0)).toBe(8);
        expect(b.readBigInt64BE(4)).toBe(BigInt(n));
      }),
    );
  });

  it('float8: IEEE 754 big-endian', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const b = bytesOf((out) => writeBinaryFloat8(out, x));
        expect(b.readInt32BE(0)).toBe(8);
        expect(Object.is(b.readDoubleBE(4), x)).toBe(true);
      }),
    );
  });

  it('timestamptz: microseconds since 2000-01-01 UTC, before and after that epoch', () => {
    const cases: [number, bigint][] = [
      [Date.UTC(2000, 0, 1), 0n],
      [Date.UTC(2026, 0, 5, 1, 0, 0, 123), BigInt(Date.UTC(2026, 0, 5, 1, 0, 0, 123) - Date.UTC(2000, 0, 1)) * 1000n],
      [Date.UTC(1999, 11, 31, 23, 59, 59), -1_000_000n],
    ];
    for (const [ms, micros] of cases) expect(bytesOf((out) => writeBinaryTimestamp(out, ms)).readBigInt64BE(4)).toBe(micros);
  });

  it('text: length-prefixed UTF-8, "" collapsed when unquoting, NUL and U+FFFD refused', () => {
    const src = Buffer.from('say ""hi"" 中文');
    const b = bytesOf((out) => expect(writeBinaryText(out, src, 0, src.length, true)).toBe(true));
    expect(b.readInt32BE(0)).toBe(b.length - 4);
    expect(b.toString('utf8', 4)).toBe('say "hi" 中文');
    const out = new CopyBuffer(64);
    expect(writeBinaryText(out, Buffer.from('a\u0000b'), 0, 3, false)).toBe(false);
    expect(writeBinaryText(out, Buffer.from('a\uFFFDb'), 0, 5, false)).toBe(false);
    expect(out.pos).toBe(0);
  });
});

describe('text COPY writers', () => {
  it('escapes backslash, tab, LF and CR', () => {
    const src = Buffer.from('a\\b\tc\nd\re');
    expect(bytesOf((out) => writeEscaped(out, src, 0, src.length, false)).toString()).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('writes unsigned integers like String()', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(bytesOf((out) => writeUint(out, n)).toString()).toBe(String(n));
      }),
    );
  });
});

describe('CopyBuffer.reserve', () => {
  it('moves a row in progress to the next chunk whole, so no row straddles two chunks', () => {
    const out = new CopyBuffer(16);
    out.buf.write('0123456789', 0);
    out.pos = 10;
    out.reserve(4); // fits: nothing moves
    out.beginRow();
    out.buf.write('ab', 10);
    out.pos = 12;
    out.reserve(10); // the row begun at 10 ("ab") must move, mid-row
    expect(out.take().map((c) => c.toString())).toEqual(['0123456789']);
    expect(out.buf.toString('latin1', 0, out.pos)).toBe('ab');
    out.discardRow();
    expect(out.pos).toBe(0);
  });
});
