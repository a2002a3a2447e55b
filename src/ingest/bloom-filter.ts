/**
 * A fixed-size Bloom filter (Bloom 1970) over 128-bit row keys, using the key's four 32-bit words as the k = 4
 * hash functions. The row writer asks it whether a key was seen earlier in the file: "no" is certain, "maybe"
 * makes the key a candidate that the database verifies. Memory is fixed (sized from the file, at most
 * 16 MiB), so de-duplication inside a batch never grows with the file.
 *
 * False-positive rate with m bits and n keys: (1 − e^(−4n/m))^4; at m = 16·n it is about 2.4·10⁻³.
 */
export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /** @param expectedKeys about how many keys will be added (sizes the filter: 16 bits a key, 2^16…2^27 bits) */
  constructor(expectedKeys: number) {
    let size = 1 << 16;
    while (size < expectedKeys * 16 && size < 1 << 27) size *= 2;
    this.bits = new Uint32Array(size >>> 5);
    this.mask = size - 1;
  }

  /** Adds the key (h1…h4); returns true when all its bits were already set (a possible repeat). */
  addAndTest(h1: number, h2: number, h3: number, h4: number): boolean {
    const bits = this.bits;
    const mask = this.mask;
    let seen = true;
    for (let i = 0; i < 4; i++) {
      const h = (i === 0 ? h1 : i === 1 ? h2 : i === 2 ? h3 : h4) & mask;
      const word = h >>> 5;
      const bit = 1 << (h & 31);
      if ((bits[word]! & bit) === 0) {
        seen = false;
        bits[word] = bits[word]! | bit;
      }
    }
    return seen;
  }
}
