/**
 * One fast pass over a file before loading: its SHA-256 (a file already loaded is skipped without parsing),
 * the evidence for its encoding, and the signs of something that is not a text export at all.
 *
 * Encoding decision, recorded on the batch with its evidence: `--encoding` if given; else a BOM (UTF-8,
 * UTF-16 LE/BE); else UTF-8 when the whole file is valid UTF-8; else GB18030 when a sample decodes as
 * GB18030 without errors and the file holds little valid UTF-8 multi-byte text; else UTF-8 with the invalid
 * lines rejected (a mostly-UTF-8 file with a few foreign lines: mixed encodings).
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface FileProbe {
  readonly bytes: number;
  readonly sha256: string;
  /** The first bytes (up to 1 MiB), raw. */
  readonly head: Buffer;
  readonly encoding: Encoding;
  readonly encodingEvidence: string;
  /** Bytes of a BOM to skip at the start. */
  readonly bomBytes: number;
  /** True when some bytes are invalid in the chosen encoding: those lines are rejected, not loaded. */
  readonly hasInvalidBytes: boolean;
  readonly nulBytes: number;
}

/** A file that is not a text export servq can read; the message says what it looks like and what to do. */
export class NotTextError extends Error {
  override name = 'NotTextError';
}

const HEAD_BYTES = 1 << 20;

function describeBinary(head: Buffer): string | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'a gzip-compressed file; decompress it first (gunzip FILE)';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)
    return 'a ZIP archive (an .xlsx workbook?); export the sheet as CSV, or unzip it first';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'a PDF document, not a data export';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    return 'an old Excel/Office file (.xls); save it as CSV';
  return undefined;
}

/**
 * Counts invalid UTF-8 positions and non-ASCII bytes in `b`. In a GB18030 file nearly every Chinese character
 * breaks UTF-8 somewhere (dense errors); in a UTF-8 file with a few foreign lines errors are rare.
 */
function utf8Evidence(b: Buffer): { invalid: number; nonAscii: number } {
  let invalid = 0;
  let nonAscii = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    nonAscii++;
    const need = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
    let ok = need > 0 && i + need < b.length;
    for (let k = 1; ok && k <= need; k++) if ((b[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok) {
      nonAscii += need;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { invalid, nonAscii };
}

/** Share of control bytes (not tab, LF, CR) in the sample: text exports have almost none, binary data ~10 %. */
function controlShare(head: Buffer): number {
  let control = 0;
  for (const c of head) if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  return head.length === 0 ? 0 : control / head.length;
}

/**
 * Reads the file once.
 * @param forced an encoding the user named (`--encoding`), which skips detection
 * @throws NotTextError for gzip, zip, PDF, Office files and binary data
 */
export async function probeFile(path: string, forced?: Encoding): Promise<FileProbe> {
  const bytes = statSync(path).size;
  const hash = createHash('sha256');
  const headParts: Buffer[] = [];
  let headLength = 0;
  let utf8Valid = true;
  let carry: Buffer | undefined;
  let nulBytes = 0;
  let nonAscii = 0;
  let invalidSeq = 0;
  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk = raw as Buffer;
    hash.update(chunk);
    if (headLength < HEAD_BYTES) {
      headParts.push(chunk.subarray(0, HEAD_BYTES - headLength));
      headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
    }
    if (chunk.indexOf(0) >= 0) for (const byte of chunk) if (byte === 0) nulBytes++;
    // Check UTF-8 validity chunk by chunk; a sequence cut at the chunk's end is carried to the next chunk.
    let view = carry ? Buffer.concat([carry, chunk]) : chunk;
    let cut = view.length;
    for (let back = 1; back <= 3 && back <= view.length; back++) {
      const c = view[view.length - back]!;
      if (c >= 0xc0) {
        const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (need > back) cut = view.length - back;
        break;
      }
      if (c < 0x80) break;
    }
    carry = cut < view.length ? Buffer.from(view.subarray(cut)) : undefined;
    view = view.subarray(0, cut);
    if (!isUtf8(view)) {
      utf8Valid = false;
      const evidence = utf8Evidence(view);
      nonAscii += evidence.nonAscii;
      invalidSeq += evidence.invalid;
    }
  }
  if (carry) {
    utf8Valid = false;
    invalidSeq++;
  }
  const head = Buffer.concat(headParts);
  const binary = describeBinary(head);
  if (binary) throw new NotTextError(`this looks like ${binary}`);

  const decided = decideEncoding(head, utf8Valid, nonAscii, invalidSeq, forced);
  if (!decided.encoding.startsWith('utf-16') && controlShare(head) > 0.01) {
    throw new NotTextError(
      `this looks like binary data, not a text export (${(controlShare(head) * 100).toFixed(0)} % control bytes at the start)`,
    );
  }
  return { bytes, sha256: hash.digest('hex'), head, nulBytes, ...decided };
}

function decideEncoding(
  head: Buffer,
  utf8Valid: boolean,
  nonAscii: number,
  invalidSeq: number,
  forced: Encoding | undefined,
): Pick<FileProbe, 'encoding' | 'encodingEvidence' | 'bomBytes' | 'hasInvalidBytes'> {
  const utf8Bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (forced) {
    const bomBytes = forced === 'utf-8' && utf8Bom ? 3 : forced.startsWith('utf-16') && isUtf16Bom(head) ? 2 : 0;
    const hasInvalidBytes = forced === 'utf-8' ? !utf8Valid : !decodesCleanly(head, forced);
    return { encoding: forced, encodingEvidence: 'given with --encoding', bomBytes, hasInvalidBytes };
  }
  if (utf8Bom) {
    return {
      encoding: 'utf-8',
      encodingEvidence: utf8Valid ? 'UTF-8 byte-order mark; whole file valid UTF-8' : `UTF-8 byte-order mark; ${invalidSeq} invalid byte(s) (those lines are rejected)`,
      bomBytes: 3,
      hasInvalidBytes: !utf8Valid,
    };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', encodingEvidence: 'UTF-16 LE byte-order mark', bomBytes: 2, hasInvalidBytes: false };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', encodingEvidence: 'UTF-16 BE byte-order mark', bomBytes: 2, hasInvalidBytes: false };
  if (utf8Valid) return { encoding: 'utf-8', encodingEvidence: 'whole file is valid UTF-8', bomBytes: 0, hasInvalidBytes: false };
  // Not valid UTF-8. GB18030 when UTF-8 errors are dense (≥ 10 % of non-ASCII bytes) and the sample decodes
  // cleanly as GB18030; sparse errors mean a UTF-8 file with some foreign lines.
  if (invalidSeq >= nonAscii / 10 && decodesCleanly(head, 'gb18030')) {
    return {
      encoding: 'gb18030',
      encodingEvidence: `not UTF-8 (${invalidSeq} invalid sequences in ${nonAscii} non-ASCII bytes); decodes as GB18030`,
      bomBytes: 0,
      hasInvalidBytes: false,
    };
  }
  return {
    encoding: 'utf-8',
    encodingEvidence: `mostly UTF-8 (${invalidSeq} invalid sequences in ${nonAscii} non-ASCII bytes): mixed encodings; lines with invalid bytes are rejected`,
    bomBytes: 0,
    hasInvalidBytes: true,
  };
}

function isUtf16Bom(head: Buffer): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

function decodesCleanly(sample: Buffer, encoding: Encoding): boolean {
  try {
    // `stream: true`: a character cut at the sample's end is held back, not an error.
    new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}
