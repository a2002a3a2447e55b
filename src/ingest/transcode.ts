/**
 * Turns a file's bytes into UTF-8 byte chunks for the scanner. UTF-8 input passes through untouched (the fast
 * path never decodes rows to strings); GB18030 and UTF-16 go through `TextDecoder` (Node's built-in GB18030
 * is 1.5× faster than iconv-lite here, STACK.md) chunk by chunk, so memory does not grow with the file.
 * Bytes invalid in the encoding become U+FFFD, which the row writer rejects with a reason naming the field.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { FileProbe } from './probe.js';

/** True when the file's bytes are already the UTF-8 the scanner reads (valid UTF-8, no decoder needed). */
export function isPlainUtf8(probe: FileProbe): boolean {
  return probe.encoding === 'utf-8' && !probe.hasInvalidBytes;
}

/** Bytes read at a time into a `Utf8Window`. */
const READ_BYTES = 1 << 20;

/**
 * A file's text as UTF-8 bytes in one window that is reused: each `read` moves the bytes the scanner left
 * (an incomplete last record) to the front and puts the next MiB of the file after them — as is for plain
 * UTF-8 (`isPlainUtf8`), else decoded (`TextDecoder`, as `utf8Chunks`) and encoded straight into the window
 * (`TextEncoder.encodeInto`). So a pass allocates no buffer per chunk: the stream of `utf8Chunks` allocated
 * a 1 MiB buffer per read (and a decoded copy per chunk) and the pass another to join the left-over record
 * to it — ~340 MB per 1M call rows of short-lived external memory, which V8 answered with a full garbage
 * collection every ~12 MB (measured: 27 mark-compacts, ~0.3 s, per 1M rows; 9 with the window). The window
 * grows (doubling) only when one record, or one chunk's text, does not fit.
 */
export class Utf8Window {
  private buf = Buffer.allocUnsafe(4 * READ_BYTES);
  /** Bytes of the window holding data: the left-over of the last view, then what was read. */
  private filled = 0;
  private position: number;
  /** For text that must be decoded: the decoder (streaming) and the buffer raw bytes are read into. */
  private readonly decoder: InstanceType<typeof TextDecoder> | undefined;
  private readonly raw: Buffer | undefined;
  private readonly encoder = new TextEncoder();

  private constructor(
    private readonly handle: FileHandle,
    probe: FileProbe,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.position = probe.bomBytes;
    if (!isPlainUtf8(probe)) {
      // Invalid bytes become U+FFFD, which the row writer rejects with a reason (see `utf8Chunks`).
      this.decoder = new TextDecoder(probe.encoding, { fatal: false });
      this.raw = Buffer.allocUnsafe(READ_BYTES);
    }
  }

  /** Opens `path` past its byte-order mark. */
  static async open(path: string, probe: FileProbe, signal?: AbortSignal): Promise<Utf8Window> {
    return new Utf8Window(await open(path, 'r'), probe, signal);
  }

  /**
   * Reads on. The view is valid until the next `read`: the left-over bytes (see `consume`), then the new ones.
   * @returns the view, the file's bytes newly read (0 at its end) and whether the file has ended
   */
  async read(): Promise<{ readonly view: Buffer; readonly bytesRead: number; readonly final: boolean }> {
    this.signal?.throwIfAborted();
    if (this.decoder === undefined) {
      this.ensureRoom(READ_BYTES);
      const { bytesRead } = await this.handle.read(this.buf, this.filled, this.buf.length - this.filled, this.position);
      this.position += bytesRead;
      this.filled += bytesRead;
      return { view: this.buf.subarray(0, this.filled), bytesRead, final: bytesRead === 0 };
    }
    const raw = this.raw!;
    const { bytesRead } = await this.handle.read(raw, 0, raw.length, this.position);
    this.position += bytesRead;
    const text = bytesRead === 0 ? this.decoder.decode() : this.decoder.decode(raw.subarray(0, bytesRead), { stream: true });
    // At most 3 UTF-8 bytes per UTF-16 code unit.
    this.ensureRoom(3 * text.length);
    const { written } = this.encoder.encodeInto(text, this.buf.subarray(this.filled));
    this.filled += written;
    return { view: this.buf.subarray(0, this.filled), bytesRead, final: bytesRead === 0 };
  }

  /** The first `used` bytes of the last view are done with; the rest is kept for the next `read`. */
  consume(used: number): void {
    this.buf.copy(this.buf, 0, used, this.filled);
    this.filled -= used;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private ensureRoom(bytes: number): void {
    if (this.buf.length - this.filled >= bytes) return;
    let size = this.buf.length * 2;
    while (size - this.filled < bytes) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.buf.copy(bigger, 0, 0, this.filled);
    this.buf = bigger;
  }
}

/** Reads the file as UTF-8 chunks (BOM removed). */
export async function* utf8Chunks(path: string, probe: FileProbe, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20, start: probe.bomBytes });
  // UTF-8 with invalid bytes also goes through the decoder, so the invalid bytes surface as U+FFFD per row
  // instead of making PostgreSQL reject the whole COPY.
  const decoder =
    probe.encoding === 'utf-8' && !probe.hasInvalidBytes ? undefined : new TextDecoder(probe.encoding, { fatal: false });
  try {
    for await (const raw of stream) {
      signal?.throwIfAborted();
      const chunk = raw as Buffer;
      yield decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk;
    }
    if (decoder) {
      const rest = decoder.decode();
      if (rest.length > 0) yield Buffer.from(rest, 'utf8');
    }
  } finally {
    stream.destroy();
  }
}
