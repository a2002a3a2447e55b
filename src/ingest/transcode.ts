/**
 * Turns a file's bytes into UTF-8 byte chunks for the scanner. UTF-8 input passes through untouched (the fast
 * path never decodes rows to strings); GB18030 and UTF-16 go through `TextDecoder` (Node's built-in GB18030
 * is 1.5× faster than iconv-lite here, STACK.md) chunk by chunk, so memory does not grow with the file.
 * Bytes invalid in the encoding become U+FFFD, which the row writer rejects with a reason naming the field.
 */
import { createReadStream } from 'node:fs';
import type { FileProbe } from './probe.js';

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
