/**
 * Writes PostgreSQL COPY data — binary format for the main row stream, text format for the side streams
 * (rejected rows, survey items) — into fresh 1 MiB buffers. Filling preallocated Buffers instead of growing strings is what keeps the hot path out of the
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
  /** Where the row being written began (`beginRow`); a row never straddles two chunks. */
  rowStart = 0;
  /** Completed chunks waiting to be sent. */
  readonly ready: Buffer[] = [];
  /**
   * Called before complete rows leave the current chunk for `ready` (a writer that fills parts of its rows
   * later, in batches, completes them here); the chunk and every position in it are still valid.
   */
  onSeal: (() => void) | undefined = undefined;

  constructor(private readonly chunkBytes: number = CHUNK_BYTES) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  /** Marks the start of a row (what `reserve` keeps together and `discardRow` drops). */
  beginRow(): void {
    this.rowStart = this.pos;
  }

  /** Drops the row begun at `beginRow`. */
  discardRow(): void {
    this.pos = this.rowStart;
  }

  /**
   * Makes room for `bytes` more bytes. When the chunk is full, the row in progress moves whole into the next
   * one, so it may be called anywhere inside a row.
   */
  reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    this.onSeal?.();
    const carried = this.pos - this.rowStart;
    const next = Buffer.allocUnsafe(Math.max(this.chunkBytes, carried + bytes));
    this.buf.copy(next, 0, this.rowStart, this.pos);
    if (this.rowStart > 0) this.ready.push(this.buf.subarray(0, this.rowStart));
    this.buf = next;
    this.pos = carried;
    this.rowStart = 0;
  }

  /** Moves every complete row written so far to `ready`. */
  flush(): void {
    if (this.pos === 0) return;
    this.onSeal?.();
    this.ready.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(this.chunkBytes);
    this.pos = 0;
    this.rowStart = 0;
  }

  /** Takes the chunks that are ready, leaving none. */
  take(): Buffer[] {
    return this.ready.splice(0, this.ready.length);
  }
}

/** Writes one byte (a separator). */
export function writeByte(out: CopyBuffer, byte: number): void {
  out.buf[out.pos++] = byte;
}

/**
 * Writes an ASCII string (codes, numbers) that needs no escaping. A plain loop: for strings this short it is
 * several times faster than `Buffer.write`, whose call overhead dominated the row writer's profile.
 */
export function writeAscii(out: CopyBuffer, text: string): void {
  const b = out.buf;
  let p = out.pos;
  for (let i = 0; i < text.length; i++) b[p++] = text.charCodeAt(i);
  out.pos = p;
}

/** Writes a small byte array (a precomputed code or prefix). */
export function writeBytes(out: CopyBuffer, bytes: Uint8Array): void {
  const b = out.buf;
  let p = out.pos;
  for (let i = 0; i < bytes.length; i++) b[p++] = bytes[i]!;
  out.pos = p;
}

/** Writes a non-negative safe integer in decimal without allocating. */
export function writeUint(out: CopyBuffer, n: number): void {
  const b = out.buf;
  if (n < 10) {
    b[out.pos++] = 48 + n;
    return;
  }
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  let p = out.pos + digits;
  out.pos = p;
  for (let x = n; p > out.pos - digits; x = Math.floor(x / 10)) b[--p] = 48 + (x % 10);
}


/**
 * Writes a UTF-8 string, escaped, for the side streams (rejected rows, reasons). Never drops text: a NUL
 * becomes ␀ (PostgreSQL text cannot hold NUL) and U+FFFD stays, since what a rejected row's bytes were is
 * exactly what its reader needs to see.
 */
export function writeText(out: CopyBuffer, text: string): void {
  const bytes = Buffer.from(text.includes('\u0000') ? text.replaceAll('\u0000', '\u2400') : text, 'utf8');
  out.reserve(2 * bytes.length + 2);
  const b = out.buf;
  let p = out.pos;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === BACKSLASH) {
      b[p++] = BACKSLASH;
      b[p++] = BACKSLASH;
    } else if (c === TAB) {
      b[p++] = BACKSLASH;
      b[p++] = 116;
    } else if (c === LF) {
      b[p++] = BACKSLASH;
      b[p++] = 110;
    } else if (c === CR) {
      b[p++] = BACKSLASH;
      b[p++] = 114;
    } else {
      b[p++] = c;
    }
  }
  out.pos = p;
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

// --- PostgreSQL binary COPY (the main row stream) --------------------------------------------------------
// Row: int16 field count, then per field int32 byte length (−1 for NULL) and the value in the type's binary
// send format (big-endian). PostgreSQL then parses no text at all: measured here, text parsing of our typed
// rows, not the heap insert, was most of its COPY time.

export { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from '../db/schema.js';

const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01 (UTC), in ms. */
const PG_EPOCH_MS = 946_684_800_000;

/** Writes a big-endian int16 (the row's field count). */
export function writeInt16(out: CopyBuffer, v: number): void {
  const b = out.buf;
  b[out.pos] = (v >>> 8) & 255;
  b[out.pos + 1] = v & 255;
  out.pos += 2;
}

/** Writes a big-endian int32. */
export function writeInt32(out: CopyBuffer, v: number): void {
  const b = out.buf;
  const p = out.pos;
  b[p] = (v >>> 24) & 255;
  b[p + 1] = (v >>> 16) & 255;
  b[p + 2] = (v >>> 8) & 255;
  b[p + 3] = v & 255;
  out.pos = p + 4;
}

/** A NULL field. */
export function writeBinaryNull(out: CopyBuffer): void {
  writeInt32(out, -1);
}

function writeInt64Body(out: CopyBuffer, v: number): void {
  const hi = Math.floor(v / 4_294_967_296);
  writeInt32(out, hi | 0);
  writeInt32(out, (v - hi * 4_294_967_296) >>> 0);
}

/** An int8 field from a safe integer. */
export function writeBinaryInt8(out: CopyBuffer, v: number): void {
  writeInt32(out, 8);
  writeInt64Body(out, v);
}

/** A float8 field. */
export function writeBinaryFloat8(out: CopyBuffer, v: number): void {
  writeInt32(out, 8);
  F64[0] = v;
  const b = out.buf;
  const p = out.pos;
  if (LITTLE_ENDIAN) for (let i = 0; i < 8; i++) b[p + i] = F64_BYTES[7 - i]!;
  else for (let i = 0; i < 8; i++) b[p + i] = F64_BYTES[i]!;
  out.pos = p + 8;
}

/** A timestamptz field from UTC epoch ms (sent as µs since 2000-01-01 UTC). */
export function writeBinaryTimestamp(out: CopyBuffer, utcMs: number): void {
  writeInt32(out, 8);
  writeInt64Body(out, (utcMs - PG_EPOCH_MS) * 1000);
}

/** A boolean field. */
export function writeBinaryBool(out: CopyBuffer, v: boolean): void {
  writeInt32(out, 1);
  out.buf[out.pos++] = v ? 1 : 0;
}

/** A text field from bytes that need no checks (codes, ASCII). */
export function writeBinaryBytes(out: CopyBuffer, bytes: Uint8Array): void {
  writeInt32(out, bytes.length);
  writeBytes(out, bytes);
}

/**
 * A text field copied from source bytes, collapsing `""` when `unquote` is set.
 * @returns false, leaving `out.pos` where it was, when the bytes hold a NUL or U+FFFD (see `writeEscaped`)
 */
export function writeBinaryText(out: CopyBuffer, src: Uint8Array, start: number, end: number, unquote: boolean): boolean {
  const b = out.buf;
  const lengthAt = out.pos;
  let p = lengthAt + 4;
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c === 0 || c === 34 || c === 0xef) {
      if (c === 0) return false;
      if (c === 0xef && src[i + 1] === 0xbf && src[i + 2] === 0xbd) return false;
      if (c === 34 && unquote && i + 1 < end && src[i + 1] === 34) i++;
    }
    b[p++] = c;
  }
  const length = p - lengthAt - 4;
  b[lengthAt] = (length >>> 24) & 255;
  b[lengthAt + 1] = (length >>> 16) & 255;
  b[lengthAt + 2] = (length >>> 8) & 255;
  b[lengthAt + 3] = length & 255;
  out.pos = p;
  return true;
}
