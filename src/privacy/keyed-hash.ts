/**
 * Pseudonymous keys for personal identifiers: HMAC-SHA-256 (RFC 2104) with a secret key, truncated to
 * 128 bits and printed as 32 hex digits. The same identifier always gives the same key, so one customer joins
 * across surveys, calls and complaints; without the secret the key cannot be reversed by trying all phone
 * numbers.
 *
 * The SHA-256 states after the key's ipad and opad blocks are computed once (midstates); each identifier then
 * costs two compressions in JavaScript (`sha256.ts`) and no native call. Results equal `createHmac`
 * (property-tested).
 */
import { hash } from 'node:crypto';
import { SHA256_INIT, sha256Compress } from './sha256.js';

const BLOCK = 64;
/** Longest identifier, in bytes, that fits the single inner block after the key block (64 − 9). */
export const MAX_IDENTIFIER_BYTES = 55;

const HEX_DIGITS = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

export class KeyedHasher {
  private readonly innerMid = new Int32Array(8);
  private readonly outerMid = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly block = new Uint8Array(BLOCK);
  private readonly encoder = new TextEncoder();

  /** @param key the secret, at least 16 bytes */
  constructor(key: Uint8Array) {
    if (key.length < 16) throw new RangeError(`KeyedHasher: key must be at least 16 bytes, got ${key.length}`);
    const k = key.length > BLOCK ? hash('sha256', key, 'buffer') : key;
    const ipad = new Uint8Array(BLOCK).fill(0x36);
    const opad = new Uint8Array(BLOCK).fill(0x5c);
    for (let i = 0; i < k.length; i++) {
      ipad[i] = 0x36 ^ k[i]!;
      opad[i] = 0x5c ^ k[i]!;
    }
    this.innerMid.set(SHA256_INIT);
    sha256Compress(this.innerMid, ipad, 0);
    this.outerMid.set(SHA256_INIT);
    sha256Compress(this.outerMid, opad, 0);
  }

  /**
   * Writes the 32 hex digits of HMAC(key, prefix ‖ bytes[start, end)) into `out` at `pos`; returns pos + 32.
   * The message must be at most 55 bytes (identifiers are: phone, e-mail local parts are checked by the caller).
   */
  hexInto(prefix: Uint8Array, bytes: Uint8Array, start: number, end: number, out: Uint8Array, pos: number): number {
    this.compute(prefix, bytes, start, end);
    const s = this.state;
    for (let i = 0; i < 4; i++) {
      const w = s[i]!;
      for (let shift = 28; shift >= 0; shift -= 4) out[pos++] = HEX_DIGITS[(w >>> shift) & 15]!;
    }
    return pos;
  }

  /** Like `hexInto`, but writes the 16 bytes themselves (a PostgreSQL uuid in binary COPY); returns pos + 16. */
  bytesInto(prefix: Uint8Array, bytes: Uint8Array, start: number, end: number, out: Uint8Array, pos: number): number {
    this.compute(prefix, bytes, start, end);
    const s = this.state;
    for (let i = 0; i < 4; i++) {
      const w = s[i]!;
      out[pos++] = w >>> 24;
      out[pos++] = (w >>> 16) & 255;
      out[pos++] = (w >>> 8) & 255;
      out[pos++] = w & 255;
    }
    return pos;
  }

  /** HMAC of prefix ‖ bytes (≤ 55 bytes) into `this.state`. */
  private compute(prefix: Uint8Array, bytes: Uint8Array, start: number, end: number): void {
    const block = this.block;
    const length = prefix.length + end - start;
    if (length > MAX_IDENTIFIER_BYTES) throw new RangeError(`KeyedHasher.hexInto: identifier longer than ${MAX_IDENTIFIER_BYTES} bytes`);
    block.set(prefix, 0);
    for (let i = start, j = prefix.length; i < end; i++, j++) block[j] = bytes[i]!;
    block[length] = 0x80;
    block.fill(0, length + 1, 56);
    writeLengthBits(block, BLOCK + length);
    const s = this.state;
    s.set(this.innerMid);
    sha256Compress(s, block, 0);
    // Outer: opad midstate, then the 32-byte inner digest, padded.
    for (let i = 0; i < 8; i++) {
      const w = s[i]!;
      block[i * 4] = w >>> 24;
      block[i * 4 + 1] = (w >>> 16) & 255;
      block[i * 4 + 2] = (w >>> 8) & 255;
      block[i * 4 + 3] = w & 255;
    }
    block[32] = 0x80;
    block.fill(0, 33, 56);
    writeLengthBits(block, BLOCK + 32);
    s.set(this.outerMid);
    sha256Compress(s, block, 0);
  }

  /**
   * HMAC-SHA-256 of `text` (UTF-8), first 16 bytes as hex.
   * @example new KeyedHasher(key).hex('phone:13812345678') // => 32 hex digits
   */
  hex(text: string): string {
    const bytes = this.encoder.encode(text);
    if (bytes.length > MAX_IDENTIFIER_BYTES) return this.longHex(bytes); // rare: long e-mail addresses
    const out = new Uint8Array(32);
    this.hexInto(EMPTY, bytes, 0, bytes.length, out, 0);
    return Buffer.from(out).toString('latin1');
  }

  /**
   * HMAC-SHA-256 of a message of any length, first 16 bytes as hex: a keyed digest of data that must count
   * (e.g. in a row's duplicate key) without being recoverable from what is stored.
   * @example new KeyedHasher(key).digestHex(Buffer.from('any length')) // => 32 hex digits
   */
  digestHex(message: Uint8Array): string {
    return this.longHex(message);
  }

  /** HMAC of a message longer than one block: continue from the inner midstate block by block. */
  private longHex(message: Uint8Array): string {
    const state = Int32Array.from(this.innerMid);
    const total = BLOCK + message.length;
    const padded = new Uint8Array(Math.ceil((message.length + 9) / BLOCK) * BLOCK);
    padded.set(message);
    padded[message.length] = 0x80;
    const tail = new DataView(padded.buffer, padded.length - BLOCK, BLOCK);
    tail.setUint32(56, Math.floor((total * 8) / 2 ** 32));
    tail.setUint32(60, (total * 8) >>> 0);
    for (let off = 0; off < padded.length; off += BLOCK) sha256Compress(state, padded, off);
    const block = new Uint8Array(BLOCK);
    const view = new DataView(block.buffer);
    for (let i = 0; i < 8; i++) view.setInt32(i * 4, state[i]!);
    block[32] = 0x80;
    view.setUint32(60, (BLOCK + 32) * 8);
    const s = Int32Array.from(this.outerMid);
    sha256Compress(s, block, 0);
    let hex = '';
    for (let i = 0; i < 4; i++) hex += (s[i]! >>> 0).toString(16).padStart(8, '0');
    return hex;
  }
}

const EMPTY = new Uint8Array(0);

function writeLengthBits(block: Uint8Array, bytes: number): void {
  const bits = bytes * 8;
  block[56] = 0;
  block[57] = 0;
  block[58] = 0;
  block[59] = 0;
  block[60] = (bits >>> 24) & 255;
  block[61] = (bits >>> 16) & 255;
  block[62] = (bits >>> 8) & 255;
  block[63] = bits & 255;
}
