/**
 * Writes PostgreSQL COPY text format (tab-separated, `\N` for NULL, backslash escapes) into fresh 1 MiB
 * buffers. Filling preallocated Buffers instead of growing strings is what keeps the hot path out of the
 * garbage collector (STACK.md, "Ingest speed": GC 34 % → 5 %); handing out ≥ 16 KiB chunks keeps the COPY
 * stream's per-write overhead negligible.
 */

const TAB = 9;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;

/** Default size of one output chunk, in bytes. */
export const CHUNK_BYTES = 1 << 20;

export class CopyBuffer {
  buf: Buffer;
  pos = 0;
  /** Completed chunks waiting to be sent. */
  readonly ready: Buffer[] = [];
  /** Total bytes handed out, for progress. */
  bytesOut = 0;

  constructor(private readonly chunkBytes: number = CHUNK_BYTES) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  /**
   * Makes room for `bytes` more bytes, moving the row begun at `rowStart` (if any) into the next buffer so a
   * row never straddles two chunks. Returns the new start of that row.
   */
  reserve(bytes: number, rowStart: number): number {
    if (this.pos + bytes <= this.buf.length) return rowStart;
    const carried = this.pos - rowStart;
    const next = Buffer.allocUnsafe(Math.max(this.chunkBytes, carried + bytes));
    this.buf.copy(next, 0, rowStart, this.pos);
    if (rowStart > 0) this.hand(this.buf.subarray(0, rowStart));
    this.buf = next;
    this.pos = carried;
    return 0;
  }

  /** Moves every complete row written so far to `ready`. */
  flush(): void {
    if (this.pos === 0) return;
    this.hand(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(this.chunkBytes);
    this.pos = 0;
  }

  /** Takes the chunks that are ready, leaving none. */
  take(): Buffer[] {
    return this.ready.splice(0, this.ready.length);
  }

  private hand(chunk: Buffer): void {
    this.ready.push(chunk);
    this.bytesOut += chunk.length;
  }
}

/** Writes `\N` (NULL). Caller has reserved room. */
export function writeNull(out: CopyBuffer): void {
  const b = out.buf;
  b[out.pos] = BACKSLASH;
  b[out.pos + 1] = 78; // 'N'
  out.pos += 2;
}

/** Writes one byte (a separator). */
export function writeByte(out: CopyBuffer, byte: number): void {
  out.buf[out.pos++] = byte;
}

/** Writes an ASCII string (numbers, codes) that needs no escaping. */
export function writeAscii(out: CopyBuffer, text: string): void {
  out.pos += out.buf.write(text, out.pos, 'latin1');
}

/** Writes a UTF-8 string, escaped. */
export function writeText(out: CopyBuffer, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  writeEscaped(out, bytes, 0, bytes.length, false);
}

/**
 * Copies source bytes as one COPY text field, escaping backslash, tab, LF and CR. When `unquote` is set, a
 * doubled quote `""` (CSV escape inside a quoted field) is written once.
 * @returns false, writing nothing durable, when the bytes hold a NUL (PostgreSQL text cannot store it) or a
 *   U+FFFD replacement character (the decoder met bytes invalid in the file's encoding); the caller rejects the row.
 */
export function writeEscaped(out: CopyBuffer, src: Uint8Array, start: number, end: number, unquote: boolean): boolean {
  const b = out.buf;
  let p = out.pos;
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c <= CR || c === BACKSLASH || c === 34 || c === 0xef) {
      if (c === BACKSLASH) {
        b[p++] = BACKSLASH;
        b[p++] = BACKSLASH;
        continue;
      }
      if (c === TAB) {
        b[p++] = BACKSLASH;
        b[p++] = 116; // t
        continue;
      }
      if (c === LF) {
        b[p++] = BACKSLASH;
        b[p++] = 110; // n
        continue;
      }
      if (c === CR) {
        b[p++] = BACKSLASH;
        b[p++] = 114; // r
        continue;
      }
      if (c === 0) return false;
      if (c === 34 && unquote && i + 1 < end && src[i + 1] === 34) {
        b[p++] = 34;
        i++;
        continue;
      }
      if (c === 0xef && src[i + 1] === 0xbf && src[i + 2] === 0xbd) return false;
    }
    b[p++] = c;
  }
  out.pos = p;
  return true;
}
