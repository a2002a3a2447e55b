/**
 * Finds how a file is laid out before loading it: JSON or delimited text; for delimited text, the delimiter
 * and the header row (exports often put a title line or two above the header). Decided on the first MiB and
 * recorded on the batch.
 *
 * Method: for each candidate delimiter (`,` tab `;` `|`) scan the sample; in its first 10 non-blank records
 * the header is the first record with the most fields that map to the kind's known headers; the delimiter
 * whose header maps most fields wins (ties: the one splitting the header into more fields).
 */
import { CsvScanner, type FieldView, type RecordSink } from './csv-scanner.js';
import type { SourceKind } from './fields.js';
import { headerScore } from './mapping.js';
import type { MappingProfile } from './profile.js';

export type Format = 'csv' | 'json' | 'ndjson';

export interface CsvLayout {
  readonly delimiter: number;
  readonly headerLine: number;
  readonly headers: readonly string[];
  /** The header scored this many mapped fields (0: nothing recognised). */
  readonly score: number;
}

const CANDIDATES = [44, 9, 59, 124];
const NAMES: Record<number, string> = { 44: 'comma', 9: 'tab', 59: 'semicolon', 124: 'pipe' };

/** A readable name of a delimiter byte ("comma", "tab", …). */
export function delimiterName(byte: number): string {
  return NAMES[byte] ?? `'${String.fromCharCode(byte)}'`;
}

/** JSON when the text starts with `[` (an array of objects) or `{` (one object per line). */
export function sniffFormat(utf8Head: Buffer, fileName: string): Format {
  for (const byte of utf8Head) {
    if (byte === 32 || byte === 9 || byte === 10 || byte === 13) continue;
    if (byte === 91) return 'json';
    if (byte === 123) return 'ndjson';
    break;
  }
  if (/\.(json|ndjson|jsonl)$/i.test(fileName)) return utf8Head.length === 0 ? 'csv' : 'ndjson';
  return 'csv';
}

class SampleSink implements RecordSink {
  readonly records: { lineNo: number; fields: string[] }[] = [];
  onRecord(f: FieldView, buf: Buffer, _start: number, _end: number, lineNo: number): void {
    if (this.records.length >= 10) return;
    const fields: string[] = [];
    for (let i = 0; i < f.count; i++) fields.push(buf.toString('utf8', f.starts[i]!, f.ends[i]!).replaceAll('""', '"').trim());
    // Blank under any candidate delimiter (",,," read with tab is one field, but still not a header).
    if (fields.join('').replace(/[\s,;|]/g, '') === '') return;
    this.records.push({ lineNo, fields });
  }
}

/**
 * @param utf8Head the start of the file as UTF-8 (BOM removed)
 * @param forcedDelimiter a delimiter the user named
 * @param wholeFile true when the sample is the whole file (its last record may lack a line end)
 */
export function sniffCsv(
  utf8Head: Buffer,
  kind: SourceKind,
  profile?: MappingProfile,
  forcedDelimiter?: number,
  wholeFile = false,
): CsvLayout {
  let best: CsvLayout | undefined;
  for (const delimiter of forcedDelimiter === undefined ? CANDIDATES : [forcedDelimiter]) {
    const sink = new SampleSink();
    const scanner = new CsvScanner(delimiter, sink, Number.MAX_SAFE_INTEGER);
    try {
      scanner.scan(utf8Head, wholeFile);
    } catch {
      // A syntax error in the sample is the load's to report, with its line; the sample is only for layout.
    }
    let layout: CsvLayout | undefined;
    for (const record of sink.records) {
      const score = headerScore(kind, record.fields, profile);
      if (!layout || score > layout.score) layout = { delimiter, headerLine: record.lineNo, headers: record.fields, score };
    }
    if (!layout) continue;
    if (!best || layout.score > best.score || (layout.score === best.score && layout.headers.length > best.headers.length)) {
      best = layout;
    }
  }
  return best ?? { delimiter: forcedDelimiter ?? 44, headerLine: 1, headers: [], score: 0 };
}

class RowSink implements RecordSink {
  readonly rows: string[][] = [];
  /** The records skipped as further header rows, with their lines. */
  readonly skipped: { lineNo: number; fields: string[] }[] = [];
  constructor(
    private readonly headerLine: number,
    private skip: number,
    private readonly max: number,
  ) {}
  onRecord(f: FieldView, buf: Buffer, _start: number, _end: number, lineNo: number): void {
    if (lineNo <= this.headerLine || this.rows.length >= this.max) return;
    const fields: string[] = [];
    for (let i = 0; i < f.count; i++) fields.push(buf.toString('utf8', f.starts[i]!, f.ends[i]!).replaceAll('""', '"').trim());
    if (this.skip > 0) {
      this.skip--;
      this.skipped.push({ lineNo, fields });
      return;
    }
    if (fields.every((v) => v === '')) return;
    this.rows.push(fields);
  }
}

/**
 * The first data rows of the sample (after the header and `skip` further header rows), as trimmed text: the
 * evidence that a mapped column holds what its name says (mapping-evidence.ts) and `inspect`'s preview.
 */
export function sampleRows(utf8Head: Buffer, delimiter: number, headerLine: number, skip: number, max: number, wholeFile: boolean): string[][] {
  return sampleRecords(utf8Head, delimiter, headerLine, skip, max, wholeFile).rows;
}

/** `sampleRows`, with the records skipped as further header rows (and their lines) beside them. */
export function sampleRecords(
  utf8Head: Buffer,
  delimiter: number,
  headerLine: number,
  skip: number,
  max: number,
  wholeFile: boolean,
): { rows: string[][]; skipped: { lineNo: number; fields: string[] }[] } {
  const sink = new RowSink(headerLine, skip, max);
  try {
    new CsvScanner(delimiter, sink, Number.MAX_SAFE_INTEGER).scan(utf8Head, wholeFile);
  } catch {
    // A syntax error is the load's to report; the rows before it are evidence enough.
  }
  return { rows: sink.rows, skipped: sink.skipped };
}
