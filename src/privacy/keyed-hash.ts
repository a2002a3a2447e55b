/**
 * Pseudonymous keys for personal identifiers: HMAC-SHA-256 (RFC 2104) with a secret key, truncated to
 * 128 bits and printed as 32 hex digits. The same identifier always gives the same key, so one customer joins
 * across surveys, calls and complaints; without the secret the key cannot be reversed by trying all phone
 * numbers.
 *
 * The SHA-256 states after the key's ipad and opad blocks are computed once (midstates); each identifier then
 * costs two compressions in JavaScript and no native call. Results equal `createHmac` (property-tested).
 *
 * The two per-identifier compressions run in `compressWords`, SHA-256's compression function (FIPS 180-4,
 * §6.2.2) with its 64 rounds and message schedule unrolled into straight-line code over local variables,
 * generated once at load from the round template below. Unrolled, V8 keeps the working variables and the
 * 16-word schedule window in registers and folds each round constant into its instruction: measured here
 * 0.18 µs a block against 0.29 µs for the loop over typed arrays in `sha256.ts` (which stays for long
 * messages), so ~0.4 µs instead of ~0.6 µs an identifier — where a call log's callers are mostly distinct,
 * the keyed hash was the largest single cost of a row.
 *
 * The row writer hashes phone numbers in batches (`addToBatch`, `runBatch`, `batchBytesInto`): four at a
 * time in WebAssembly SIMD lanes (below), ~0.2 µs an identifier. The construction is the same everywhere —
 * HMAC-SHA-256 truncated to 128 bits, so keys stay equal to those already stored — only its evaluation
 * differs, and every path is tested against `createHmac`.
 */
import { hash } from 'node:crypto';
import { SHA256_INIT, SHA256_ROUND_CONSTANTS, sha256Compress } from './sha256.js';

const ROUND_CONSTANTS = SHA256_ROUND_CONSTANTS;

/** `x` rotated right by `n` bits, as JavaScript source (V8 compiles the pattern to one rotate instruction). */
function rotr(x: string, n: number): string {
  return `((${x} >>> ${n}) | (${x} << ${32 - n}))`;
}

/**
 * Source of the unrolled compression: round t works on the eight variables a…h renamed by t mod 8 instead of
 * moving them, and the schedule keeps W[t − 16 … t − 1] in sixteen locals w0…w15, W[t] overwriting W[t − 16]
 * (FIPS 180-4, §6.2.2 steps 1–4, the same arithmetic; only the bookkeeping is unrolled).
 */
function compressSource(): string {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const lines: string[] = [
    'let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];',
    `let ${Array.from({ length: 16 }, (_, i) => `w${i} = w[${i}]`).join(', ')};`,
    'let t1 = 0;',
  ];
  for (let t = 0; t < 64; t++) {
    const v = (k: number) => names[(k - (t % 8) + 8) % 8]!;
    const [a, b, c, d, e, f, g, h] = [v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7)];
    const w = `w${t % 16}`;
    if (t >= 16) {
      const w15 = `w${(t - 15) % 16}`;
      const w2 = `w${(t - 2) % 16}`;
      const w7 = `w${(t - 7) % 16}`;
      lines.push(`${w} = (${w} + (${rotr(w15, 7)} ^ ${rotr(w15, 18)} ^ (${w15} >>> 3)) + ${w7} + (${rotr(w2, 17)} ^ ${rotr(w2, 19)} ^ (${w2} >>> 10))) | 0;`);
    }
    lines.push(`t1 = (${h} + (${rotr(e, 6)} ^ ${rotr(e, 11)} ^ ${rotr(e, 25)}) + ((${e} & ${f}) ^ (~${e} & ${g})) + ${ROUND_CONSTANTS[t]! | 0} + ${w}) | 0;`);
    lines.push(`${d} = (${d} + t1) | 0;`);
    lines.push(`${h} = (t1 + (${rotr(a, 2)} ^ ${rotr(a, 13)} ^ ${rotr(a, 22)}) + ((${a} & ${b}) ^ (${a} & ${c}) ^ (${b} & ${c}))) | 0;`);
  }
  names.forEach((n, i) => lines.push(`state[${i}] = (state[${i}] + ${n}) | 0;`));
  return lines.join('\n');
}

/**
 * SHA-256's compression of one block given as 16 big-endian words `w` into `state` (8 words), in place.
 * Generated once (see `compressSource`): the code is constant, built from no input.
 */
const compressWords = new Function('state', 'w', compressSource()) as (state: Int32Array, w: Int32Array) => void;

// --- Four identifiers at once: HMAC-SHA-256 in WebAssembly SIMD lanes ------------------------------------
// A load of mostly distinct callers needs one HMAC a row. WebAssembly's 128-bit SIMD runs four SHA-256
// computations side by side, one in each 32-bit lane (the "multi-buffer" method: one instruction stream,
// four messages), with v128.bitselect for Ch and Maj and each rotation as two shifts and an or (SIMD has no
// rotate). Measured here: 0.20 µs an HMAC against 0.55 µs for the unrolled JavaScript one at a time (and
// ~0.5 µs for the first ~50,000 while V8 runs its baseline compiler, before the optimised code is ready).
// The module (33 kB) is generated below from the same round template, no binary blob in the source; its
// memory holds the key's two midstates (splatted to four lanes) at 0 and 128, then groups of four messages.

/** Bytes of one group of four messages in the module's memory: 16 words × 4 lanes, interleaved (word j of lane l at 16j + 4l). */
const GROUP_BYTES = 256;
/** Where the first group starts (after the inner and outer midstates, 8 words × 4 lanes each). */
const GROUPS_AT = 256;
/** Messages one batch holds (64 groups: the module's single 64 KiB page has room for 255). */
export const HASH_BATCH = 256;

/** Appends `n` as an unsigned LEB128 number (the WebAssembly binary format's integers). */
function uleb(out: number[], n: number): void {
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

/** Appends `n` as a signed LEB128 number. */
function sleb(out: number[], n: number): void {
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/**
 * The WebAssembly module (binary format, WebAssembly Core Specification 2.0 with fixed-width SIMD): memory
 * `mem` (one page) and `hmac4(at, groups)`, which for each group at `at`, `at + 256`, … reads 16 message
 * words per lane, runs the inner compression from the inner midstate and the outer one over the padded inner
 * digest, and writes the first four words of each lane's HMAC over the group's first 64 bytes.
 */
function hmac4Module(): Uint8Array {
  // Locals: 0 = at, 1 = groups (i32); 2–17 = w0…w15, 18–25 = a…h, 26 = t1 (v128).
  const AT = 0;
  const GROUPS = 1;
  const W = 2;
  const A = 18;
  const T1 = 26;
  // Built by pushing bytes one at a time (spreading arrays of this size made the build take ~50 ms).
  const code: number[] = [];
  const get = (i: number) => (code.push(0x20), uleb(code, i)); // local.get
  const set = (i: number) => (code.push(0x21), uleb(code, i)); // local.set
  const simd = (op: number) => (code.push(0xfd), uleb(code, op));
  const i32 = (v: number) => (code.push(0x41), sleb(code, v | 0)); // i32.const
  const splat = (v: number) => {
    code.push(0xfd, 0x0c); // v128.const
    for (let lane = 0; lane < 4; lane++) code.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  };
  const load = (offset: number) => (simd(0x00), code.push(0), uleb(code, offset)); // v128.load align=1 offset
  const store = (offset: number) => (simd(0x0b), code.push(0), uleb(code, offset)); // v128.store
  const add = () => simd(0xae); // i32x4.add
  const xor = () => simd(0x51); // v128.xor
  const bitselect = () => simd(0x52); // v128.bitselect: (v1 & c) | (v2 & ~c)
  const shl = (n: number) => (i32(n), simd(0xab)); // i32x4.shl
  const shr = (n: number) => (i32(n), simd(0xad)); // i32x4.shr_u
  const rotr = (x: number, n: number) => (get(x), shr(n), get(x), shl(32 - n), simd(0x50)); // … v128.or
  // The 64 rounds are the same bytes for the inner and the outer compression: emitted once, copied.
  let rounds: number[] | undefined;
  const compress = () => {
    if (rounds !== undefined) {
      for (const byte of rounds) code.push(byte);
      return;
    }
    const from = code.length;
    for (let t = 0; t < 64; t++) {
      const v = (k: number) => A + ((k - (t % 8) + 8) % 8);
      const [a, b, c, d, e, f, g, h] = [v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7)];
      const w = W + (t % 16);
      if (t >= 16) {
        const w15 = W + ((t - 15) % 16);
        const w2 = W + ((t - 2) % 16);
        const w7 = W + ((t - 7) % 16);
        get(w), rotr(w15, 7), rotr(w15, 18), xor(), get(w15), shr(3), xor(), add(), get(w7), add();
        rotr(w2, 17), rotr(w2, 19), xor(), get(w2), shr(10), xor(), add(), set(w);
      }
      // t1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]; Ch = bitselect(f, g, e)
      get(h), rotr(e, 6), rotr(e, 11), xor(), rotr(e, 25), xor(), add(), get(f), get(g), get(e), bitselect(), add();
      splat(ROUND_CONSTANTS[t]!), add(), get(w), add(), set(T1);
      get(d), get(T1), add(), set(d);
      // h = t1 + Σ0(a) + Maj(a, b, c); Maj = bitselect(c, a, a ^ b) (where a and b differ, c decides)
      get(T1), rotr(a, 2), rotr(a, 13), xor(), rotr(a, 22), xor(), add(), get(c), get(a), get(a), get(b), xor(), bitselect(), add(), set(h);
    }
    rounds = code.slice(from);
  };
  code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  get(GROUPS), code.push(0x45, 0x0d, 1); // i32.eqz, br_if 1: no group left
  for (let j = 0; j < 16; j++) get(AT), load(j * 16), set(W + j);
  for (let i = 0; i < 8; i++) i32(0), load(i * 16), set(A + i);
  compress();
  // The inner digest is the outer block's first 8 words, then 0x80 padding and the length, 96 bytes in bits.
  for (let i = 0; i < 8; i++) i32(0), load(i * 16), get(A + i), add(), set(W + i);
  splat(0x80000000), set(W + 8);
  for (let j = 9; j < 15; j++) splat(0), set(W + j);
  splat((BLOCK + 32) * 8), set(W + 15);
  for (let i = 0; i < 8; i++) i32(0), load(128 + i * 16), set(A + i);
  compress();
  for (let i = 0; i < 4; i++) get(AT), i32(0), load(128 + i * 16), get(A + i), add(), store(i * 16);
  get(AT), i32(GROUP_BYTES), code.push(0x6a), set(AT); // i32.add
  get(GROUPS), i32(1), code.push(0x6b), set(GROUPS); // i32.sub
  code.push(0x0c, 0, 0x0b, 0x0b, 0x0b); // br 0, end loop, end block, end function
  const module: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]; // magic, version 1
  const section = (id: number, bytes: readonly number[]) => {
    module.push(id);
    uleb(module, bytes.length);
    for (const byte of bytes) module.push(byte);
  };
  const name = (text: string) => [text.length, ...Array.from(text, (ch) => ch.charCodeAt(0))];
  section(1, [1, 0x60, 2, 0x7f, 0x7f, 0]); // type: (i32, i32) → ()
  section(3, [1, 0]); // function 0 has type 0
  section(5, [1, 0x00, 1]); // memory: min 1 page
  section(7, [2, ...name('mem'), 0x02, 0, ...name('hmac4'), 0x00, 0]); // exports
  const body = [1, 25, 0x7b]; // one local declaration: 25 × v128
  for (const byte of code) body.push(byte);
  const functions = [1];
  uleb(functions, body.length);
  for (const byte of body) functions.push(byte);
  section(10, functions); // code
  return Uint8Array.from(module);
}

/** The part of the WebAssembly JavaScript API used here (the compiler's libraries for Node declare none). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
let simdModule: object | null | undefined;

/** The compiled module, once per process; null where WebAssembly SIMD is unavailable (then JavaScript hashes). */
function hmac4(): object | null {
  if (simdModule === undefined) {
    const bytes = hmac4Module();
    simdModule = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return simdModule ?? null;
}

const BLOCK = 64;
/** Longest identifier, in bytes, that fits the single inner block after the key block (64 − 9). */
export const MAX_IDENTIFIER_BYTES = 55;

const HEX_DIGITS = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

export class KeyedHasher {
  private readonly innerMid = new Int32Array(8);
  private readonly outerMid = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly block = new Uint8Array(BLOCK);
  /** The block being compressed, as 16 big-endian words. */
  private readonly words = new Int32Array(16);
  private readonly encoder = new TextEncoder();
  /** The SIMD module's memory as words, or null (JavaScript fallback); `hmac4` runs it. */
  private readonly lanes: Int32Array | null = null;
  private readonly run: ((at: number, groups: number) => void) | null = null;
  /** Results of the batch when hashed in JavaScript (4 words each). */
  private readonly fallback = new Int32Array(HASH_BATCH * 4);
  /** Messages in the current batch. */
  batched = 0;

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
    const module = hmac4();
    if (module !== null && wasm !== undefined) {
      const instance = new wasm.Instance(module);
      const lanes = new Int32Array((instance.exports['mem'] as { readonly buffer: ArrayBuffer }).buffer);
      for (let i = 0; i < 8; i++) {
        for (let lane = 0; lane < 4; lane++) {
          lanes[i * 4 + lane] = this.innerMid[i]!;
          lanes[32 + i * 4 + lane] = this.outerMid[i]!;
        }
      }
      this.lanes = lanes;
      this.run = instance.exports['hmac4'] as (at: number, groups: number) => void;
    }
  }

  /**
   * Adds HMAC(key, prefix ‖ bytes[start, end)) (≤ 55 bytes) to the batch as message number `batched`; at
   * most HASH_BATCH. `runBatch` computes them, `batchBytesInto` reads each. Four at a time in SIMD lanes where
   * WebAssembly has them, else at once in JavaScript. Results equal `bytesInto` (tested).
   */
  addToBatch(prefix: Uint8Array, bytes: Uint8Array, start: number, end: number): void {
    const n = this.batched;
    if (n >= HASH_BATCH) throw new RangeError(`KeyedHasher.addToBatch: at most ${HASH_BATCH} messages a batch`);
    this.batched = n + 1;
    const lanes = this.lanes;
    if (lanes === null) {
      this.compute(prefix, bytes, start, end);
      this.fallback.set(this.state.subarray(0, 4), n * 4);
      return;
    }
    this.pad(prefix, bytes, start, end);
    // Word j of message n: group n >> 2, lane n & 3.
    const base = (GROUPS_AT >> 2) + (n >> 2) * (GROUP_BYTES >> 2) + (n & 3);
    const w = this.words;
    for (let j = 0; j < 16; j++) lanes[base + j * 4] = w[j]!;
  }

  /** Computes the batch's HMACs (a no-op in the JavaScript fallback, which computed each as it came). */
  runBatch(): void {
    if (this.run !== null && this.batched > 0) this.run(GROUPS_AT, (this.batched + 3) >> 2);
  }

  /** Writes the first 16 bytes of message `i`'s HMAC (after `runBatch`) into `out` at `pos`; returns pos + 16. */
  batchBytesInto(i: number, out: Uint8Array, pos: number): number {
    const lanes = this.lanes;
    const words = lanes ?? this.fallback;
    const base = lanes === null ? i * 4 : (GROUPS_AT >> 2) + (i >> 2) * (GROUP_BYTES >> 2) + (i & 3);
    const step = lanes === null ? 1 : 4;
    for (let k = 0; k < 4; k++) {
      const w = words[base + k * step]!;
      out[pos++] = w >>> 24;
      out[pos++] = (w >>> 16) & 255;
      out[pos++] = (w >>> 8) & 255;
      out[pos++] = w & 255;
    }
    return pos;
  }

  /** Starts a new batch. */
  clearBatch(): void {
    this.batched = 0;
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
    this.pad(prefix, bytes, start, end);
    const w = this.words;
    const s = this.state;
    s.set(this.innerMid);
    compressWords(s, w);
    // Outer: opad midstate, then the 32-byte inner digest, padded (0x80, zeros, length 64 + 32 bytes in bits).
    for (let i = 0; i < 8; i++) w[i] = s[i]!;
    w[8] = 0x80000000 | 0;
    for (let i = 9; i < 15; i++) w[i] = 0;
    w[15] = (BLOCK + 32) * 8;
    s.set(this.outerMid);
    compressWords(s, w);
  }

  /** The inner block of prefix ‖ bytes (≤ 55 bytes), padded (FIPS 180-4, §5.1.1), as 16 words in `this.words`. */
  private pad(prefix: Uint8Array, bytes: Uint8Array, start: number, end: number): void {
    const block = this.block;
    const length = prefix.length + end - start;
    if (length > MAX_IDENTIFIER_BYTES) throw new RangeError(`KeyedHasher.hexInto: identifier longer than ${MAX_IDENTIFIER_BYTES} bytes`);
    block.set(prefix, 0);
    for (let i = start, j = prefix.length; i < end; i++, j++) block[j] = bytes[i]!;
    block[length] = 0x80;
    block.fill(0, length + 1, 56);
    writeLengthBits(block, BLOCK + length);
    const w = this.words;
    for (let i = 0; i < 16; i++) w[i] = (block[i * 4]! << 24) | (block[i * 4 + 1]! << 16) | (block[i * 4 + 2]! << 8) | block[i * 4 + 3]!;
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
