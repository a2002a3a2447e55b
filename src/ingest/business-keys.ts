/**
 * Whether a file may hold two rows with the same business key (ticket_id, response_id, contact_id): two
 * versions of one record, which the load must rank (src/db/record-versions.ts). Answering that in SQL means
 * grouping every key of the batch (2.5 s of a 1M-row load's 12 s); here each key goes through a Bloom filter
 * as the row is written (~0.1 µs), and only a file where the filter says "maybe" is grouped in SQL. A "no" is
 * certain (a Bloom filter has no false negatives); a false "maybe" costs only that GROUP BY.
 *
 * The filter's test of one key is a cache miss (~0.25 µs at 1M rows: an 8.8 MiB filter sits in no cache), so keys
 * are hashed as they come and tested 256 at a time after their blocks are touched together (`BloomFilter.addAndTestAll`).
 *
 * Keys are hashed as stored: the field's trimmed bytes. A field with an escaped quote is stored unescaped, so
 * its raw bytes are not what the database compares: such a file is answered "maybe". Placeholder ids ('-',
 * 'N/A', 无 …) are no business keys (`servq_is_business_key`, sql/000004) and are skipped: a file of calls
 * without ids would otherwise always be "maybe".
 */
import { BloomFilter } from './bloom-filter.js';

/**
 * The values servq_is_business_key (sql/000004) treats as "no id", lower-cased; test/ingest/business-keys.test.ts
 * checks the two lists agree on the database.
 */
export const PLACEHOLDER_IDS: readonly string[] = ['', '-', '--', '0', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '?', '无', '空', '暂无', '未知'];
const PLACEHOLDERS = new Set(PLACEHOLDER_IDS);
/** Longest placeholder in UTF-8 bytes (暂无, 未知: 6). */
const MAX_PLACEHOLDER_BYTES = 6;

/** Keys hashed before they go through the filter together. */
const KEY_BATCH = 256;

export class BusinessKeyRepeats {
  private readonly bloom: BloomFilter;
  private repeated = false;
  /** Hashed keys (four words each) not yet tested, in row order. */
  private readonly pending = new Int32Array(KEY_BATCH * 4);
  private pendingCount = 0;

  /** @param expectedRows about how many rows the file has (sizes the filter) */
  constructor(expectedRows: number) {
    this.bloom = new BloomFilter(expectedRows);
  }

  /** True when two rows may share a business key (false: certainly not). */
  get maybeRepeated(): boolean {
    if (this.pendingCount > 0) this.testPending();
    return this.repeated;
  }

  /**
   * Adds the key in `buf[start, end)` (trimmed, non-empty). `escaped`: the field had a doubled quote, so the
   * stored text differs from these bytes.
   */
  add(buf: Uint8Array, start: number, end: number, escaped: boolean): void {
    if (this.repeated) return;
    if (escaped) {
      this.repeated = true;
      return;
    }
    if (end - start <= MAX_PLACEHOLDER_BYTES && PLACEHOLDERS.has(Buffer.from(buf.subarray(start, end)).toString('utf8').trim().toLowerCase())) return;
    // Two independent 32-bit hashes of the bytes (FNV-1a and a multiplicative mix), the four words the
    // filter needs derived from them (Kirsch & Mitzenmacher 2006: g_i = h1 + i·h2 loses nothing asymptotically).
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      h1 = Math.imul(h1 ^ b, 0x01000193);
      h2 = Math.imul(h2 ^ b, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35) | 1;
    const pending = this.pending;
    const at = 4 * this.pendingCount;
    pending[at] = h1;
    pending[at + 1] = h2;
    pending[at + 2] = (h1 + Math.imul(2, h2)) | 0;
    pending[at + 3] = (h1 + Math.imul(3, h2)) | 0;
    if (++this.pendingCount === KEY_BATCH) this.testPending();
  }

  /** Tests the pending keys in order (`BloomFilter.addAndTestAll`: their cache misses overlap). */
  private testPending(): void {
    const count = this.pendingCount;
    this.pendingCount = 0;
    this.bloom.addAndTestAll(this.pending, count, this.repeat);
  }

  private readonly repeat = (): void => {
    this.repeated = true;
  };
}
