/**
 * Byte-level helpers shared by the standardizers that read UTF-8 fields straight from the input buffer:
 * trimming by moving bounds, and matching three-byte UTF-8 characters (every CJK ideograph and the full-width
 * forms are three bytes) as one integer, so a parser can switch on a character without decoding a string.
 */

const encoder = new TextEncoder();

/**
 * Encodes text as UTF-8 bytes (for the string conveniences and tests; not for the hot path).
 *
 * @param text any string
 * @example utf8('秒').length // => 3
 */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * The 24-bit code `b0 << 16 | b1 << 8 | b2` of a three-byte UTF-8 character, computed once at module load.
 * Method: UTF-8 encodes U+0800–U+FFFF in exactly three bytes (RFC 3629 §3).
 *
 * @param char one character of the Basic Multilingual Plane at or above U+0800
 * @throws TypeError when the character is not three bytes in UTF-8
 * @example cjkCode('秒') // => 0xe7a792
 */
export function cjkCode(char: string): number {
  const bytes = encoder.encode(char);
  if (bytes.length !== 3) throw new TypeError(`cjkCode: expected one three-byte UTF-8 character, got '${char}'`);
  return (bytes[0]! << 16) | (bytes[1]! << 8) | bytes[2]!;
}

/**
 * The 24-bit code of the three bytes at `p` (see `cjkCode`), or -1 when fewer than three bytes remain.
 *
 * @param buf UTF-8 bytes
 * @param p index of the first byte
 * @param end exclusive end of the field
 * @example code3(utf8('秒'), 0, 3) // => 0xe7a792
 */
export function code3(buf: Uint8Array, p: number, end: number): number {
  if (p + 3 > end) return -1;
  return (buf[p]! << 16) | (buf[p + 1]! << 8) | buf[p + 2]!;
}

const NBSP_LEAD = 0xc2; // U+00A0 is C2 A0
const IDEOGRAPHIC_SPACE = 0xe38080; // U+3000, the full-width space of CJK exports

/**
 * True when the byte is an ASCII blank a field may be padded with (space, tab, CR, LF).
 *
 * @param b one byte
 * @example isBlankByte(0x20) // => true
 */
export function isBlankByte(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/**
 * Index of the first byte of `buf[start, end)` that is not padding: ASCII blanks, U+00A0 (no-break space,
 * common in spreadsheet exports) and U+3000 (ideographic space).
 *
 * @param buf UTF-8 bytes
 * @param start inclusive start
 * @param end exclusive end
 * @example trimStartBytes(utf8('  9'), 0, 3) // => 2
 */
export function trimStartBytes(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  while (p < end) {
    const b = buf[p]!;
    if (isBlankByte(b)) p++;
    else if (b === NBSP_LEAD && p + 1 < end && buf[p + 1] === 0xa0) p += 2;
    else if (b === 0xe3 && code3(buf, p, end) === IDEOGRAPHIC_SPACE) p += 3;
    else break;
  }
  return p;
}

/**
 * Exclusive end of `buf[start, end)` without trailing padding (see `trimStartBytes`).
 *
 * @param buf UTF-8 bytes
 * @param start inclusive start (the result never goes below it)
 * @param end exclusive end
 * @example trimEndBytes(utf8('9 \t'), 0, 3) // => 1
 */
export function trimEndBytes(buf: Uint8Array, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const b = buf[e - 1]!;
    if (isBlankByte(b)) e--;
    else if (b === 0xa0 && e - 2 >= start && buf[e - 2] === NBSP_LEAD) e -= 2;
    else if (b === 0x80 && e - 3 >= start && code3(buf, e - 3, e) === IDEOGRAPHIC_SPACE) e -= 3;
    else break;
  }
  return e;
}

/**
 * True when `buf[p]` is an ASCII letter.
 *
 * @param buf bytes
 * @param p index (must be inside the buffer)
 * @example isAsciiLetterAt(utf8('h'), 0) // => true
 */
export function isAsciiLetterAt(buf: Uint8Array, p: number): boolean {
  const b = buf[p]! | 0x20;
  return b >= 0x61 && b <= 0x7a;
}

/**
 * True when the ASCII letters `buf[p, q)` spell `word` (lower-case ASCII), ignoring case.
 *
 * @param buf bytes
 * @param p start of the letters
 * @param q exclusive end of the letters
 * @param word lower-case ASCII word
 * @example asciiWordEquals(utf8('Min'), 0, 3, 'min') // => true
 */
export function asciiWordEquals(buf: Uint8Array, p: number, q: number, word: string): boolean {
  if (q - p !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((buf[p + i]! | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

let foldScratch = new Uint8Array(256);

/**
 * Copies `buf[start, end)` with full-width ASCII forms (U+FF01–U+FF5E: `１２：３０`) folded to ASCII and
 * U+3000 to a space, into a shared scratch buffer; the NFKC mapping of those characters (Unicode UAX #15),
 * done on bytes. Returns the folded length, or -1 when the field has no full-width form (nothing to retry).
 * The scratch buffer is reused: read it (`foldedBytes()`) before the next call.
 *
 * @param buf UTF-8 bytes
 * @param start inclusive start
 * @param end exclusive end
 * @example foldFullWidthBytes(utf8('１２'), 0, 6) // => 2 (foldedBytes() starts with '12')
 */
export function foldFullWidthBytes(buf: Uint8Array, start: number, end: number): number {
  let found = false;
  for (let p = start; p < end; p++) {
    if (buf[p] === 0xef || buf[p] === 0xe3) {
      found = true;
      break;
    }
  }
  if (!found) return -1;
  if (foldScratch.length < end - start) foldScratch = new Uint8Array(2 * (end - start));
  let folded = false;
  let n = 0;
  let p = start;
  while (p < end) {
    const b = buf[p]!;
    if (b === 0xef && p + 2 < end) {
      const b1 = buf[p + 1]!;
      const b2 = buf[p + 2]!;
      if (b1 === 0xbc && b2 >= 0x81 && b2 <= 0xbf) {
        foldScratch[n++] = 0x21 + (b2 - 0x81);
        p += 3;
        folded = true;
        continue;
      }
      if (b1 === 0xbd && b2 >= 0x80 && b2 <= 0x9e) {
        foldScratch[n++] = 0x60 + (b2 - 0x80);
        p += 3;
        folded = true;
        continue;
      }
    } else if (b === 0xe3 && code3(buf, p, end) === IDEOGRAPHIC_SPACE) {
      foldScratch[n++] = 0x20;
      p += 3;
      folded = true;
      continue;
    }
    foldScratch[n++] = b;
    p++;
  }
  return folded ? n : -1;
}

/**
 * The scratch buffer `foldFullWidthBytes` wrote into (valid up to the length it returned).
 *
 * @example foldedBytes()[0] // => 0x31 after folding '１'
 */
export function foldedBytes(): Uint8Array {
  return foldScratch;
}
