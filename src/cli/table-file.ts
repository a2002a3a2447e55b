/**
 * A small table file a person hands over (a sheet saved from Excel as CSV): read, laid out and checked row by
 * row, nothing stored. `servq trainings import` and `servq classify correct --file` read their files with it;
 * each names its columns (header names in tiers) and how one row is read.
 *
 * Stages:
 *   1. probe the file (src/ingest/probe.ts): SHA-256, encoding (BOM, UTF-8, GB18030, UTF-16), not a
 *      workbook or binary; decode to UTF-8;
 *   2. layout: an Excel `sep=;` first line names the delimiter, else the one among , ; tab | whose header
 *      (the first of the first 10 non-blank records naming the most of the columns) names most; headers match
 *      as ingest normalises them (`normalizeHeader`), an earlier tier winning over a later one;
 *   3. rows (src/ingest/csv-scanner.ts): each row read by the caller's `parseRow`, a repeat of an earlier
 *      line (when the caller gives a `key`), or rejected with one reason per bad field naming its line and
 *      column.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvScanner, CsvSyntaxError, FIELD_ESCAPED_QUOTE, FIELD_JUNK_AFTER_QUOTE, type FieldView, type RecordSink } from '../ingest/csv-scanner.js';
import { normalizeHeader } from '../ingest/fields.js';
import { NotTextError, probeFile, type Encoding } from '../ingest/probe.js';

/** Longest cell kept by default, in UTF-8 bytes (ingest's limit for short text). */
export const MAX_CELL_BYTES = 512;

/** One problem of a rejected row. */
export interface RowProblem<C extends string = string> {
  /** The canonical column, or `row` for the row as a whole. */
  readonly field: C | 'row';
  /** The column's header as the file spells it. */
  readonly column: string;
  readonly message: string;
}

export interface RejectedRow<C extends string = string> {
  readonly lineNo: number;
  readonly problems: readonly RowProblem<C>[];
  /** The row's text (UTF-8; at most 300 characters). */
  readonly text: string;
}

/** One data row as `parseRow` sees it. */
export interface TableRow<C extends string> {
  /** Physical line (1-based) the row starts on. */
  readonly lineNo: number;
  /** Whether the file has this column. */
  has(column: C): boolean;
  /**
   * The cell's text, trimmed (`""` unquoted); `''` when the file has no such column or the cell is empty. A
   * cell that cannot be used records its problem and gives undefined: text after a closing quote, bytes not
   * valid in the file's encoding, longer than `maxBytes`, or empty when `required`.
   */
  text(column: C, options?: { readonly required?: boolean; readonly maxBytes?: number }): string | undefined;
  /** Records a problem of the cell of `column` (named in the message by its header); the row is rejected. */
  problem(column: C, message: string): void;
}

/** What a table file holds and how one row of it is read. */
export interface TableSpec<C extends string, R> {
  /**
   * Header names per column, as ingest normalises them (`normalizeHeader`: NFKC, lower case, brackets dropped,
   * separators folded to `_`), in tiers: when two columns of a file match, the one of the earlier tier wins;
   * two of one tier are an error.
   */
  readonly columns: Readonly<Record<C, readonly (readonly string[])[]>>;
  /** The columns a file must have: each entry one column, or several of which one is enough. */
  readonly required: readonly (readonly C[])[];
  /** A few names of each column, for messages. */
  readonly examples: Readonly<Record<C, string>>;
  /** What an empty file should have held, e.g. `columns agent, course and date (e.g. 工号,培训课程,完成日期)`. */
  readonly expected: string;
  /** Reads one row; undefined (or any problem recorded) rejects it. */
  readonly parseRow: (row: TableRow<C>) => R | undefined;
  /** Rows of one key are one: a later row is counted as a repeat of the first and not kept. Default: no check. */
  readonly key?: (row: R) => string;
}

/** A table file read and checked; nothing stored. */
export interface TableFile<C extends string, R> {
  readonly path: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly encoding: Encoding;
  readonly encodingEvidence: string;
  /** The delimiter's name (comma, semicolon, tab, pipe). */
  readonly delimiter: string;
  readonly headerLine: number;
  /** The header of each column found. */
  readonly columns: Readonly<Partial<Record<C, string>>>;
  /** Headers of columns not used. */
  readonly ignoredColumns: readonly string[];
  /** Rows read, in file order (repeats left out). */
  readonly rows: readonly R[];
  readonly rejected: readonly RejectedRow<C>[];
  /** Rows repeating an earlier line's key. */
  readonly repeats: readonly { readonly lineNo: number; readonly firstLineNo: number }[];
}

/** A file that cannot be read as the table at all; the message starts with the file name and says what to do. */
export class TableFileError extends Error {
  override name = 'TableFileError';
}

const CANDIDATE_DELIMITERS = [44, 59, 9, 124];
const DELIMITER_NAMES: Readonly<Record<number, string>> = { 44: 'comma', 59: 'semicolon', 9: 'tab', 124: 'pipe' };
const delimiterName = (byte: number) => DELIMITER_NAMES[byte] ?? `'${String.fromCharCode(byte)}'`;

interface Layout<C extends string> {
  readonly delimiter: number;
  readonly headerLine: number;
  readonly headers: readonly string[];
  /** Column index → canonical column, for the columns used. */
  readonly used: ReadonlyMap<number, C>;
}

function cellText(f: FieldView, buf: Buffer, i: number): string {
  const text = buf.toString('utf8', f.starts[i]!, f.ends[i]!);
  return ((f.flags[i]! & FIELD_ESCAPED_QUOTE) !== 0 ? text.replaceAll('""', '"') : text).trim();
}

function columnTiers<C extends string>(columns: Readonly<Record<C, readonly (readonly string[])[]>>): Map<string, { column: C; tier: number }> {
  const tiers = new Map<string, { column: C; tier: number }>();
  for (const [column, names] of Object.entries(columns) as [C, readonly (readonly string[])[]][]) {
    names.forEach((list, tier) => list.forEach((name) => tiers.set(normalizeHeader(name), { column, tier })));
  }
  return tiers;
}

/** The columns a header names, by tier; `conflict` names two columns of one tier for one field. */
function mapHeader<C extends string>(headers: readonly string[], tiers: ReadonlyMap<string, { column: C; tier: number }>): { used: Map<number, C>; conflict?: string } {
  const best = new Map<C, { index: number; tier: number }>();
  let conflict: string | undefined;
  headers.forEach((header, index) => {
    const hit = tiers.get(normalizeHeader(header));
    if (!hit) return;
    const seen = best.get(hit.column);
    if (seen === undefined || hit.tier < seen.tier) best.set(hit.column, { index, tier: hit.tier });
    else if (hit.tier === seen.tier) conflict ??= `columns '${headers[seen.index]}' and '${header}' both name ${hit.column}; keep one`;
  });
  return { used: new Map([...best].map(([column, { index }]) => [index, column])), ...(conflict ? { conflict } : {}) };
}

class FirstRecords implements RecordSink {
  readonly records: { lineNo: number; fields: string[] }[] = [];
  onRecord(f: FieldView, buf: Buffer, _s: number, _e: number, lineNo: number): void {
    if (this.records.length >= 10) return;
    const fields = Array.from({ length: f.count }, (_, i) => cellText(f, buf, i));
    if (fields.every((v) => v === '')) return;
    this.records.push({ lineNo, fields });
  }
}

function findLayout<C extends string, R>(text: Buffer, fileName: string, spec: TableSpec<C, R>): Layout<C> {
  const tiers = columnTiers(spec.columns);
  // Excel reads (and some tools write) a first line `sep=;` naming the delimiter.
  const sep = /^sep=(.)\r?\n/i.exec(text.subarray(0, 16).toString('utf8'));
  const head = text.subarray(0, 1 << 16);
  const whole = head.length === text.length;
  let best: (Layout<C> & { score: number; conflict?: string }) | undefined;
  for (const delimiter of sep ? [sep[1]!.charCodeAt(0)] : CANDIDATE_DELIMITERS) {
    const sink = new FirstRecords();
    try {
      new CsvScanner(delimiter, sink, Number.MAX_SAFE_INTEGER).scan(head, whole);
    } catch {
      // A syntax error is reported with its line when the rows are read.
    }
    for (const record of sink.records) {
      if (sep && record.lineNo === 1) continue;
      const { used, conflict } = mapHeader(record.fields, tiers);
      const candidate = { delimiter, headerLine: record.lineNo, headers: record.fields, used, score: used.size, ...(conflict ? { conflict } : {}) };
      if (!best || candidate.score > best.score || (candidate.score === best.score && candidate.headers.length > best.headers.length && best.score > 0)) best = candidate;
    }
  }
  if (!best) throw new TableFileError(`${fileName}: no header and no rows; expected ${spec.expected}`);
  if (best.conflict) throw new TableFileError(`${fileName} line ${best.headerLine}: ${best.conflict}`);
  const found = new Set(best.used.values());
  const missing = spec.required.filter((group) => !group.some((c) => found.has(c)));
  if (missing.length > 0) {
    const wanted = missing.map((group) => group.map((c) => `${c} (e.g. ${spec.examples[c]} …)`).join(' or '));
    throw new TableFileError(
      `${fileName}: no column for ${wanted.join('; ')}; the header on line ${best.headerLine} has: ${best.headers.map((h) => `'${h}'`).join(', ')}`,
    );
  }
  return best;
}

class TableRows<C extends string, R> implements RecordSink {
  readonly rows: R[] = [];
  readonly rejected: RejectedRow<C>[] = [];
  readonly repeats: { lineNo: number; firstLineNo: number }[] = [];
  private readonly firstLine = new Map<string, number>();
  private readonly index = new Map<C, number>();

  constructor(
    private readonly layout: Layout<C>,
    private readonly spec: TableSpec<C, R>,
    private readonly decoded: Encoding | undefined,
  ) {
    for (const [i, column] of layout.used) this.index.set(column, i);
  }

  onRecord(f: FieldView, buf: Buffer, start: number, end: number, lineNo: number): void {
    if (lineNo <= this.layout.headerLine) return;
    const cells = Array.from({ length: f.count }, (_, i) => cellText(f, buf, i));
    if (cells.every((c) => c === '')) return;
    const problems: RowProblem<C>[] = [];
    const headerCount = this.layout.headers.length;
    const extra = cells.slice(headerCount).filter((c) => c !== '').length;
    if (extra > 0) {
      problems.push({ field: 'row', column: '', message: `${f.count} fields where the header has ${headerCount} (an unquoted delimiter in a value?)` });
    }
    const { index, decoded } = this;
    const headers = this.layout.headers;
    const problem = (column: C, message: string) => {
      const i = index.get(column);
      problems.push({ field: column, column: i === undefined ? column : headers[i]!, message });
    };
    const row: TableRow<C> = {
      lineNo,
      has: (column) => index.has(column),
      problem,
      text(column, options = {}) {
        const i = index.get(column);
        if (i === undefined) return options.required ? void problem(column, 'no such column, but required') : '';
        const text = cells[i] ?? '';
        if (i < f.count && (f.flags[i]! & FIELD_JUNK_AFTER_QUOTE) !== 0) return void problem(column, 'text after the closing quote');
        if (text === '') return options.required ? void problem(column, 'empty, but required') : '';
        if (decoded !== undefined && text.includes('\uFFFD')) return void problem(column, `bytes that are not valid ${decoded}`);
        const maxBytes = options.maxBytes ?? MAX_CELL_BYTES;
        if (Buffer.byteLength(text) > maxBytes) return void problem(column, `${Buffer.byteLength(text)} bytes; at most ${maxBytes}`);
        return text;
      },
    };
    const parsed = this.spec.parseRow(row);
    if (problems.length > 0 || parsed === undefined) {
      const text = buf.toString('utf8', start, end);
      this.rejected.push({ lineNo, problems, text: text.length > 300 ? `${text.slice(0, 300)}…` : text });
      return;
    }
    if (this.spec.key) {
      const key = this.spec.key(parsed);
      const first = this.firstLine.get(key);
      if (first !== undefined) {
        this.repeats.push({ lineNo, firstLineNo: first });
        return;
      }
      this.firstLine.set(key, lineNo);
    }
    this.rows.push(parsed);
  }
}

/**
 * Reads and checks a table file (stages 1–3 of the module header); stores nothing.
 * @param path the file
 * @param spec its columns and how a row is read
 * @param options.encoding skip encoding detection
 * @throws TableFileError when the file is not a readable table of this kind (missing, not text, no header, a
 *   required column missing or one named twice, an unterminated quote); the message starts with the file name
 * @example await readTableFile('trainings.csv', TRAININGS_SPEC) // => { rows: [{ agentCode: 'A0101', … }], rejected: [], … }
 */
export async function readTableFile<C extends string, R>(path: string, spec: TableSpec<C, R>, options: { readonly encoding?: Encoding } = {}): Promise<TableFile<C, R>> {
  const fileName = basename(path);
  let probe;
  try {
    probe = await probeFile(path, options.encoding);
  } catch (error) {
    if (error instanceof NotTextError) throw new TableFileError(`${fileName}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new TableFileError(`${fileName}: no such file (${path})`);
    throw error;
  }
  const raw = (await readFile(path)).subarray(probe.bomBytes);
  const plain = probe.encoding === 'utf-8' && !probe.hasInvalidBytes;
  // Invalid bytes become U+FFFD, which the row check rejects naming the column.
  const text = plain ? raw : Buffer.from(new TextDecoder(probe.encoding, { fatal: false }).decode(raw), 'utf8');
  const layout = findLayout(text, fileName, spec);
  const sink = new TableRows(layout, spec, plain ? undefined : probe.encoding);
  try {
    new CsvScanner(layout.delimiter, sink).scan(text, true);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new TableFileError(`${fileName} ${error.describe()}`);
    throw error;
  }
  const columns: Partial<Record<C, string>> = {};
  for (const [i, column] of layout.used) columns[column] = layout.headers[i]!;
  return {
    path,
    fileName,
    sha256: probe.sha256,
    encoding: probe.encoding,
    encodingEvidence: probe.encodingEvidence,
    delimiter: delimiterName(layout.delimiter),
    headerLine: layout.headerLine,
    columns,
    ignoredColumns: layout.headers.filter((h, i) => !layout.used.has(i) && h !== ''),
    rows: sink.rows,
    rejected: sink.rejected,
    repeats: sink.repeats,
  };
}

/**
 * One line per rejected row: `FILE line N: header (column): reason; …`.
 * @example rejectLines(file) // => ['bad.csv line 3: 培训课程 (course): empty, but required']
 */
export function rejectLines(file: { readonly fileName: string; readonly rejected: readonly RejectedRow[] }): string[] {
  return file.rejected.map(
    (r) =>
      `${file.fileName} line ${r.lineNo}: ` +
      r.problems.map((p) => (p.field === 'row' ? p.message : `${p.column === p.field ? p.field : `${p.column} (${p.field})`}: ${p.message}`)).join('; '),
  );
}
