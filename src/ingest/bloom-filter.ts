/**
 * A fixed-size blocked Bloom filter (Putze, Sanders & Singler 2007, "Cache-, hash- and space-efficient Bloom
 * filters") over 128-bit row keys: the first key word picks a 512-bit block (one cache line), the other three
 * words give k = 8 bit positions inside it, so each test costs one cache miss. The row writer asks whether a
 * key was seen earlier in the file: "no" is certain, "maybe" makes the key a candidate that the database
 * verifies. Memory is fixed (sized from the file, 8 KiB … 32 MiB), so de-duplication inside a batch never
 * grows with the file.
 *
 * Sized at ≥ 64 bits a key; the blocked filter's false-positive rate there is ~10⁻⁷ a key, so a 1M-row file
 * almost never produces a candidate that is not a real duplicate.
 */
export class BloomFilter {
  private readonly words: Uint32Array;
  private readonly blockMask: number;

  /** @param expectedKeys about how many keys will be added */
  constructor(expectedKeys: number) {
    let blocks = 128;
    while (blocks * 512 < expectedKeys * 64 && blocks < 1 << 19) blocks *= 2;
    this.words = new Uint32Array(blocks * 16);
    this.blockMask = blocks - 1;
  }

  /** Adds the key (h1…h4); returns true when all its bits were already set (a possible repeat). */
  addAndTest(h1: number, h2: number, h3: number, h4: number): boolean {
    const words = this.words;
    const base = (h1 & this.blockMask) << 4;
    let seen = true;
    for (let i = 0; i < 8; i++) {
      // Nine bits per position: from h2 (3 positions), h3 (3) and h4 (2).
      const source = i < 3 ? h2 : i < 6 ? h3 : h4;
      const bit = (source >>> ((i % 3) * 9)) & 511;
      const w = base + (bit >>> 5);
      const mask = 1 << (bit & 31);
      if ((words[w]! & mask) === 0) {
        seen = false;
        words[w] = words[w]! | mask;
      }
    }
    return seen;
  }
}
