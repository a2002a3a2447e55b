import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CsvScanner,
  CsvSyntaxError,
  FIELD_ESCAPED_QUOTE,
  FIELD_JUNK_AFTER_QUOTE,
  type FieldView,
  type RecordSink,
} from '../../src/ingest/csv-scanner.js';

class Collect implements RecordSink {
  readonly records: { line: number; fields: string[]; flags: number[] }[] = [];
  onRecord(f: FieldView, buf: Buffer, _s: number, _e: number, lineNo: number): void {
    const fields: string[] = [];
    const flags: number[] = [];
    for (let i = 0; i < f.count; i++) {
      const text = buf.toString('utf8', f.starts[i]!, f.ends[i]!);
      fields.push(f.flags[i]! & FIELD_ESCAPED_QUOTE ? text.replaceAll('""', '"') : text);
      flags.push(f.flags[i]!);
    }
    this.records.push({ line: lineNo, fields, flags });
  }
}

/** Feeds `text` to a scanner in pieces cut at `cuts` (byte offsets), as the streaming loader does. */
function scanInPieces(text: string | Buffer, cuts: readonly number[], delimiter = 44): Collect {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const sink = new Collect();
  const scanner = new CsvScanner(delimiter, sink);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let pending: Buffer | undefined;
  let previous = 0;
  for (const point of [...points, bytes.length]) {
    const chunk = bytes.subarray(previous, point);
    previous = point;
    const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    const used = scanner.scan(buf, false);
    pending = used < buf.length ? Buffer.from(buf.subarray(used)) : undefined;
  }
  if (pending) scanner.scan(pending, true);
  return sink;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) || field === '' ? `"${field.replaceAll('"', '""')}"` : field;
}

describe('CsvScanner', () => {
  it('reads quoted fields, escaped quotes, embedded newlines and empty fields', () => {
    const { records } = scanInPieces('a,b,c\n1,"x, y","he said ""hi"""\n2,"multi\nline",\n3,,z', []);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'he said "hi"'],
      ['2', 'multi\nline', ''],
      ['3', '', 'z'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('accepts LF, CRLF and CR-only line ends and counts physical lines', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { records } = scanInPieces(['h1,h2', '1,2', '', '3,4'].join(eol) + eol, [3, 7]);
      expect(records.map((r) => r.fields)).toEqual([['h1', 'h2'], ['1', '2'], [''], ['3', '4']]);
      expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    }
  });

  it('reads tab-, semicolon- and pipe-separated text', () => {
    for (const d of ['\t', ';', '|']) {
      const { records } = scanInPieces(`a${d}b\n"1${d}x"${d}2\n`, [], d.charCodeAt(0));
      expect(records.map((r) => r.fields)).toEqual([['a', 'b'], [`1${d}x`, '2']]);
    }
  });

  it('flags text after a closing quote instead of guessing', () => {
    const { records } = scanInPieces('"abc"def,g\n', []);
    expect(records[0]!.fields[0]).toBe('abc');
    expect(records[0]!.flags[0]! & FIELD_JUNK_AFTER_QUOTE).toBeTruthy();
  });

  it('reports an unterminated quote with the line it opens on', () => {
    expect(() => scanInPieces('a,b\n1,2\n3,"open\n4,5\n', [])).toThrow(CsvSyntaxError);
    expect(() => scanInPieces('a,b\n1,2\n3,"open\n4,5\n', [])).toThrow(/line 3: unterminated quoted field 2/);
  });

  it('refuses a record longer than its limit (bounded memory on a runaway quote)', () => {
    const sink = new Collect();
    const scanner = new CsvScanner(44, sink, 1024);
    expect(() => scanner.scan(Buffer.from(`"${'x'.repeat(2000)}`), false)).toThrow(/longer than/);
  });

  it('splits any generated CSV back into its fields, however the input is chunked (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', '中', ',', '"', '\n', '\r', ' ', '1'), maxLength: 8 });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(400), { maxLength: 6 }),
        (rows, eol, cuts) => {
          const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
          const got = scanInPieces(text, cuts).records.map((r) => r.fields);
          expect(got).toEqual(rows);
          // csv-parse 7 (the reference parser) agrees on the same bytes.
          expect(parse(text, { relax_column_count: true })).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws anything but CsvSyntaxError on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 4 }), (bytes, cuts) => {
        try {
          scanInPieces(Buffer.from(bytes), cuts);
        } catch (error) {
          expect(error).toBeInstanceOf(CsvSyntaxError);
        }
      }),
    );
  });
});
