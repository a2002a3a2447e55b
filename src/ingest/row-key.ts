/**
 * The de-duplication key of a standardized row: MurmurHash3 x86_128 (Austin Appleby, public domain) over the
 * row's canonical COPY bytes, printed as a UUID. Non-cryptographic on purpose: one `crypto.hash` call costs
 * ~1 µs a row here, this loop ~0.1 µs; with 128 bits an accidental collision is out of reach (p ≈ n²/2¹²⁹).
 *
 * @example rowKey(Buffer.from('abc'), 0, 3) // => a 36-character UUID string, the same for the same bytes
 */

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
}

function word(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/** The four 32-bit words of the last key computed (for the Bloom filter). */
export const H = new Int32Array(4);
const HEX_BYTES = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

/** MurmurHash3_x86_128 of `b[start, end)` with `seed`, as a UUID-formatted string. */
export function rowKey(b: Uint8Array, start: number, end: number, seed = 0): string {
  murmur128(b, start, end, seed);
  const a = hex32(H[0]! >>> 0);
  const c = hex32(H[1]! >>> 0);
  const d = hex32(H[2]! >>> 0);
  return `${a}-${c.slice(0, 4)}-${c.slice(4)}-${d.slice(0, 4)}-${d.slice(4)}${hex32(H[3]! >>> 0)}`;
}

/** Writes the row key of `b[start, end)` as its 16 bytes (a uuid in binary COPY); returns pos + 16. */
export function writeRowKeyBytes(b: Uint8Array, start: number, end: number, out: Uint8Array, pos: number): number {
  murmur128(b, start, end, 0);
  for (let w = 0; w < 4; w++) {
    const x = H[w]!;
    out[pos++] = x >>> 24;
    out[pos++] = (x >>> 16) & 255;
    out[pos++] = (x >>> 8) & 255;
    out[pos++] = x & 255;
  }
  return pos;
}

function murmur128(b: Uint8Array, start: number, end: number, seed: number): void {
  const len = end - start;
  let h1 = seed,
    h2 = seed,
    h3 = seed,
    h4 = seed;
  const blocksEnd = start + (len & ~15);
  let i = start;
  for (; i < blocksEnd; i += 16) {
    let k1 = word(b, i),
      k2 = word(b, i + 4),
      k3 = word(b, i + 8),
      k4 = word(b, i + 12);
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = rotl(h1, 19) + h2;
    h1 = (Math.imul(h1, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = rotl(h2, 17) + h3;
    h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = rotl(h3, 15) + h4;
    h3 = (Math.imul(h3, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = rotl(h4, 13) + h1;
    h4 = (Math.imul(h4, 5) + 0x32ac3b17) | 0;
  }
  let k1 = 0,
    k2 = 0,
    k3 = 0,
    k4 = 0;
  const tail = len & 15;
  const t = blocksEnd;
  // The tail's bytes, little-endian into k1..k4 (the reference code's fall-through switch, unrolled).
  if (tail > 12) {
    for (let j = tail - 1; j >= 12; j--) k4 ^= b[t + j]! << ((j - 12) * 8);
    h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1);
  }
  if (tail > 8) {
    for (let j = Math.min(tail, 12) - 1; j >= 8; j--) k3 ^= b[t + j]! << ((j - 8) * 8);
    h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4);
  }
  if (tail > 4) {
    for (let j = Math.min(tail, 8) - 1; j >= 4; j--) k2 ^= b[t + j]! << ((j - 4) * 8);
    h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3);
  }
  if (tail > 0) {
    for (let j = Math.min(tail, 4) - 1; j >= 0; j--) k1 ^= b[t + j]! << (j * 8);
    h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2);
  }
  h1 ^= len; h2 ^= len; h3 ^= len; h4 ^= len;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
  h1 = fmix(h1); h2 = fmix(h2); h3 = fmix(h3); h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
  H[0] = h1;
  H[1] = h2;
  H[2] = h3;
  H[3] = h4;
}
