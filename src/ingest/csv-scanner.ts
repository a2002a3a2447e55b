/**
 * A byte-level CSV/TSV record scanner (RFC 4180 quoting; any one-byte delimiter; LF, CRLF or CR-only line
 * ends) that finds field boundaries without decoding to strings: the standardizers read the bytes in place.
 * Library parsers that build strings capped the whole pipeline near 0.3× raw COPY here (STACK.md); working on
 * bytes is what reaches ~0.6×.
 *
 * Input must be UTF-8 (or ASCII-compatible and transcoded): every delimiter, quote and line-end byte is ASCII
 * and never appears inside a UTF-8 multi-byte sequence, so scanning bytes is safe. (Not so for raw GB18030:
 * it is transcoded first.)
 *
 * Leniency, each visible to the caller through field flags rather than silently "fixed": a quote inside an
 * unquoted field is literal; text after a closing quote sets FIELD_JUNK_AFTER_QUOTE.
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** The field was quoted (bounds exclude the quotes). */
export const FIELD_QUOTED = 1;
/** The quoted field holds `""` escapes: copy it with unquoting. */
export const FIELD_ESCAPED_QUOTE = 2;
/** Text followed the closing quote before the delimiter (`"abc"def`). */
export const FIELD_JUNK_AFTER_QUOTE = 4;

/** The fields of the current record: byte bounds in the record's buffer and FIELD_* flags. */
export interface FieldView {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly flags: Uint8Array;
  readonly count: number;
  /** Set when the record could not be read at all (invalid JSON): the writer rejects it with this reason. */
  readonly problem?: string | undefined;
}

/** Receives each complete record; the field bounds are valid until the next record. */
export interface RecordSink {
  onRecord(fields: FieldView, buf: Buffer, recordStart: number, recordEnd: number, lineNo: number): void;
}

/** A file-level problem (not one row's): the file cannot be read as CSV. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly lineNo: number,
    /** 0-based field index where the problem starts, when known. */
    readonly field?: number,
    /** What the user can do about it, when there is something (`describe` appends it). */
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }

  /** The message for a user: with the column's name when the caller knows it, and the fix when there is one. */
  describe(column?: string): string {
    return `${this.message}${column === undefined ? '' : `, column '${column}'`}${this.fix === undefined ? '' : `; ${this.fix}`}`;
  }
}

export class CsvScanner implements FieldView {
  starts: Int32Array = new Int32Array(64);
  ends: Int32Array = new Int32Array(64);
  flags: Uint8Array = new Uint8Array(64);
  /** Number of fields in the current record. */
  count = 0;
  /** Physical line number (1-based) where the next record starts. */
  line = 1;

  /**
   * @param delimiter the delimiter byte (`,` 44, tab 9, `;` 59, `|` 124)
   * @param maxRecordBytes a record longer than this is a file error (an unterminated quote swallowing the file)
   */
  constructor(
    readonly delimiter: number,
    private readonly sink: RecordSink,
    private readonly maxRecordBytes: number = 64 << 20,
  ) {}

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const flags = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    flags.set(this.flags);
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
  }

  private incomplete(recordStart: number, end: number): number {
    if (end - recordStart > this.maxRecordBytes) {
      throw new CsvSyntaxError(
        `line ${this.line}: a record longer than ${this.maxRecordBytes >> 20} MiB (an unterminated quote?)`,
        this.line,
      );
    }
    return recordStart;
  }

  /**
   * Scans every complete record of `buf`, calling the sink for each.
   * @param final true when no more input follows (the last record may lack a line end)
   * @returns the offset of the first byte not consumed (the start of an incomplete record), or `buf.length`
   * @throws CsvSyntaxError on an unterminated quote at end of input, or a record over `maxRecordBytes`
   */
  scan(buf: Buffer, final: boolean): number {
    const end = buf.length;
    const delim = this.delimiter;
    let pos = 0;
    while (pos < end) {
      const recordStart = pos;
      let lines = 0;
      let n = 0;
      let recordEnd = -1;
      for (;;) {
        if (n === this.starts.length) this.grow();
        let flag = 0;
        // A byte-order mark at the start of a line (files concatenated from several exports): not data.
        if (n === 0 && pos + 3 < end && buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) pos += 3;
        let fieldStart = pos;
        let fieldEnd: number;
        if (pos < end && buf[pos] === QUOTE) {
          let q = pos + 1;
          for (;;) {
            if (q >= end) {
              if (!final) return this.incomplete(recordStart, end);
              throw new CsvSyntaxError(
                `line ${this.line}: unterminated quoted field ${n + 1} (a '"' opens it and nothing closes it)`,
                this.line,
                n,
                `every line after it would be that one field's text: close the quote on line ${this.line} ` +
                  `(or write it twice, "", if it is part of the text) and run again`,
              );
            }
            const d = buf[q]!;
            if (d === QUOTE) {
              if (q + 1 < end) {
                if (buf[q + 1] === QUOTE) {
                  flag |= FIELD_ESCAPED_QUOTE;
                  q += 2;
                  continue;
                }
              } else if (!final) {
                return this.incomplete(recordStart, end);
              }
              break;
            }
            if (d === LF) lines++;
            else if (d === CR && (q + 1 >= end || buf[q + 1] !== LF)) lines++;
            q++;
          }
          fieldStart = pos + 1;
          fieldEnd = q;
          flag |= FIELD_QUOTED;
          pos = q + 1;
          while (pos < end) {
            const c = buf[pos]!;
            if (c === delim || c === LF || c === CR) break;
            flag |= FIELD_JUNK_AFTER_QUOTE;
            pos++;
          }
        } else {
          while (pos < end) {
            const c = buf[pos]!;
            if (c === delim || c === LF || c === CR) break;
            pos++;
          }
          fieldEnd = pos;
        }
        this.starts[n] = fieldStart;
        this.ends[n] = fieldEnd;
        this.flags[n] = flag;
        n++;
        if (pos >= end) {
          if (!final) return this.incomplete(recordStart, end);
          recordEnd = pos;
          break;
        }
        const c = buf[pos]!;
        if (c === delim) {
          pos++;
          continue;
        }
        recordEnd = pos;
        if (c === LF) {
          pos++;
        } else if (pos + 1 < end) {
          pos += buf[pos + 1] === LF ? 2 : 1;
        } else if (!final) {
          return this.incomplete(recordStart, end); // a CR at the chunk's end: an LF may follow
        } else {
          pos++;
        }
        lines++;
        break;
      }
      this.count = n;
      this.sink.onRecord(this, buf, recordStart, recordEnd, this.line);
      this.line += lines;
    }
    return end;
  }
}
