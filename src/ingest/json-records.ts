/**
 * JSON and NDJSON input: splits the stream into top-level objects at the byte level (tracking strings and
 * depth, so memory holds one object at a time, not the file), parses each with `JSON.parse`, and presents its
 * values to the row writer as fields in header order — the same path CSV rows take.
 *
 * Nested objects are flattened into dotted keys (`Agent.Username`). The "header" is the union of the keys of
 * the first objects (sample), in first-seen order; a key that maps to
 * a field and first appears later restarts the load with it (`LateKeysRestart`). A value that is not a JSON
 * object, text that is not valid JSON, or an object with no key servq reads becomes a rejected row.
 *
 * `line_no` of a JSON record is its ordinal in the file (1, 2, …): several objects may share a physical
 * line (minified arrays), and every record needs its own number.
 * Integers too long for a double (more than 15 digits: ids, account numbers, ID-card numbers written as
 * numbers) are read as their source digits, not rounded.
 */
import { FIELD_QUOTED, type FieldView, type RecordSink } from './csv-scanner.js';

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN = 123;
const CLOSE = 125;
const LF = 10;

/** Receives each top-level JSON value's bytes and its ordinal (1-based). */
export interface JsonValueSink {
  onValue(buf: Buffer, start: number, end: number, recordNo: number): void;
}

/** Thrown when a key that maps to a field first appears after the sampled objects: load again with it. */
export class LateKeysRestart extends Error {
  constructor(readonly keys: readonly string[]) {
    super(`restart with keys ${keys.join(', ')}`);
  }
}

/**
 * `JSON.parse` of `text` with integers longer than 15 digits kept exact: such a number token (outside strings)
 * is quoted first, so it arrives as its digits.
 */
export function parseJsonExact(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  let out = '';
  let inString = false;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if ((c >= 48 && c <= 57) || c === 45) {
      let j = i + (c === 45 ? 1 : 0);
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const next = text.charCodeAt(j);
      const integer = next !== 46 && next !== 101 && next !== 69; // not followed by . e E
      if (integer && j - i > 15) {
        out += `${text.slice(last, i)}"${text.slice(i, j)}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return JSON.parse(out + text.slice(last));
}

/**
 * The entries of a JSON object with nested objects flattened into dotted keys (`{"Agent": {"Username": "a"}}`
 * → `Agent.Username`), as contact-center records (Amazon Connect, Genesys) nest them. Arrays and objects
 * deeper than four levels stay one value (their JSON text).
 */
export function flattenEntries(value: Record<string, unknown>, prefix = '', depth = 0, out: [string, unknown][] = []): [string, unknown][] {
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 4 && Object.keys(v).length > 0) {
      flattenEntries(v as Record<string, unknown>, `${prefix}${key}.`, depth + 1, out);
    } else {
      out.push([`${prefix}${key}`, v]);
    }
  }
  return out;
}

/** Finds top-level `{…}` values in a stream of UTF-8 chunks; anything between them (`[`, `,`, `]`, spaces) is skipped. */
export class JsonSplitter {
  private line = 1;
  private records = 0;
  private pending: Buffer | undefined;

  constructor(
    private readonly sink: JsonValueSink,
    private readonly maxValueBytes = 64 << 20,
  ) {}

  /** Feeds a chunk; complete values go to the sink. */
  push(chunk: Buffer, final: boolean): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let pos = 0;
    while (pos < buf.length) {
      const c = buf[pos]!;
      if (c === LF) {
        this.line++;
        pos++;
        continue;
      }
      if (c !== OPEN) {
        if (c > 32 && c !== 91 && c !== 93 && c !== 44) {
          // Stray text at the top level: hand the rest of its line to the sink as an invalid value.
          let end = buf.indexOf(LF, pos);
          if (end < 0) {
            if (!final) break;
            end = buf.length;
          }
          this.sink.onValue(buf, pos, end, ++this.records);
          pos = end;
          continue;
        }
        pos++;
        continue;
      }
      const end = this.objectEnd(buf, pos);
      if (end < 0) {
        if (final) {
          throw new Error(`line ${this.line}: a JSON object opens here and never closes (truncated file?)`);
        }
        if (buf.length - pos > this.maxValueBytes) {
          throw new Error(`line ${this.line}: a JSON object longer than ${this.maxValueBytes >> 20} MiB`);
        }
        break;
      }
      for (let i = pos; i < end; i++) if (buf[i] === LF) this.line++;
      this.sink.onValue(buf, pos, end, ++this.records);
      pos = end;
    }
    if (pos < buf.length) this.pending = Buffer.from(buf.subarray(pos));
  }

  /** Index after the object starting at `start`, or -1 when it is not complete in `buf`. */
  private objectEnd(buf: Buffer, start: number): number {
    let depth = 0;
    let inString = false;
    for (let i = start; i < buf.length; i++) {
      const c = buf[i]!;
      if (inString) {
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN || c === 91) depth++;
      else if (c === CLOSE || c === 93) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
}

/** Collects the keys of the first objects, to serve as the header, and their values as a sample. */
export class JsonKeySampler implements JsonValueSink {
  readonly keys: string[] = [];
  private readonly seen = new Set<string>();
  objects = 0;
  /** The sampled objects' values as text, by (flattened) key: the mapping's value evidence. */
  readonly samples: Map<string, string>[] = [];

  /** The sampled values as rows in `keys` order (trimmed text, '' when absent). */
  rows(keys: readonly string[] = this.keys): string[][] {
    return this.samples.map((m) => keys.map((k) => m.get(k) ?? ''));
  }

  onValue(buf: Buffer, start: number, end: number): void {
    if (this.objects >= 200) return;
    try {
      const value: unknown = parseJsonExact(buf.toString('utf8', start, end));
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
      this.objects++;
      const sample = new Map<string, string>();
      this.samples.push(sample);
      for (const [key, v] of flattenEntries(value as Record<string, unknown>)) {
        sample.set(key, v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v).trim());
        if (!this.seen.has(key)) {
          this.seen.add(key);
          this.keys.push(key);
        }
      }
    } catch {
      /* invalid values are the loader's business, not the sampler's */
    }
  }
}

/**
 * Turns each JSON object into a record of fields in `keys` order and hands it to a RecordSink (the row
 * writer). The record's raw text (for rejected rows) is the object's JSON.
 */
export class JsonRecordAdapter implements JsonValueSink, FieldView {
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  count: number;
  private readonly index: Map<string, number>;

  /**
   * @param mapped positions in `keys` of the keys that feed a field (an object with none of them is rejected)
   * @param isField tells whether a key (not in `keys`) maps to a field: such a key restarts the load
   */
  constructor(
    private readonly keys: readonly string[],
    private readonly sink: RecordSink,
    private readonly mapped: ReadonlySet<number> = new Set(keys.map((_, i) => i)),
    private readonly isField: (key: string) => boolean = () => false,
  ) {
    this.count = keys.length;
    this.starts = new Int32Array(keys.length);
    this.ends = new Int32Array(keys.length);
    this.flags = new Uint8Array(keys.length);
    this.index = new Map(keys.map((k, i) => [k, i]));
  }

  onValue(buf: Buffer, start: number, end: number, lineNo: number): void {
    const raw = buf.toString('utf8', start, end);
    let value: unknown;
    let problem: string | undefined;
    try {
      value = parseJsonExact(raw);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) problem = 'not a JSON object';
    } catch (error) {
      problem = `not valid JSON (${(error as Error).message})`;
    }
    const texts: string[] = new Array<string>(this.keys.length).fill('');
    if (problem === undefined) {
      let late: string[] | undefined;
      let filled = false;
      for (const [key, v] of flattenEntries(value as Record<string, unknown>)) {
        const i = this.index.get(key);
        if (i === undefined) {
          if (this.isField(key)) (late ??= []).push(key);
          else if (v !== null && v !== undefined && v !== '') this.lateUnmapped.add(key);
          continue;
        }
        texts[i] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
        if (texts[i] !== '' && this.mapped.has(i)) filled = true;
      }
      if (late) throw new LateKeysRestart(late);
      // An object is a row even when empty: it is rejected, never skipped as a blank line.
      if (!filled) problem = `no value under any key servq reads (keys: ${Object.keys(value as object).slice(0, 8).join(', ') || 'none'})`;
    }
    // Lay the values out one after another, then the raw JSON, in one buffer.
    const parts = texts.map((t) => Buffer.from(t, 'utf8'));
    const rawBytes = Buffer.from(raw, 'utf8');
    const record = Buffer.allocUnsafe(parts.reduce((n, p) => n + p.length, 0) + rawBytes.length);
    let pos = 0;
    parts.forEach((p, i) => {
      this.starts[i] = pos;
      p.copy(record, pos);
      pos += p.length;
      this.ends[i] = pos;
      this.flags[i] = FIELD_QUOTED;
    });
    rawBytes.copy(record, pos);
    this.count = problem === undefined ? this.keys.length : 0;
    this.problem = problem;
    this.sink.onRecord(this, record, pos, record.length, lineNo);
  }

  /** Why the current value could not be read as an object, if it could not. */
  problem: string | undefined;

  /**
   * Keys with a value that were not among the sampled keys and feed no field. They are part of the whole
   * record, so of the row key: the load reads the file again with them (once, at the end of the pass) rather
   * than file two records that differ only there as duplicates.
   */
  readonly lateUnmapped = new Set<string>();
}
