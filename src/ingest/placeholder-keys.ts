/**
 * Finds placeholder identifiers: one value standing for "no identifier" in a large share of rows (a form
 * that stores '0', 'N/A' or a hotline's own number for every anonymous caller). Keyed as a customer, it
 * would make one "customer" of thousands of people and wreck repeat-contact (FCR) and per-customer joins.
 *
 * Method: exact counts of the customer keys of the first SAMPLE_ROWS identified rows (by a 32-bit
 * fingerprint of the 16-byte key, with the full key kept for each fingerprint); a key holding at least
 * MIN_SHARE of them becomes a candidate, and candidates are counted over the whole file. A candidate is a
 * placeholder when it holds at least MIN_SHARE of all identified rows and at least MIN_ROWS rows. The loader
 * then clears those rows' customer key (the rest of each row loads) and records it on the batch; only when
 * the sample also holds more than PLACEHOLDER_MIN_DISTINCT other keys (many real customers), and never with
 * `--keep-frequent-identifiers`. A value
 * that becomes frequent only after the sample is not seen (a stated limit). Frequent real customers rarely
 * reach a fifth of a file; declared tokens ('0', 'unknown', 匿名 …) never become keys at all.
 */

/** Identified rows whose keys are counted exactly. */
export const PLACEHOLDER_SAMPLE_ROWS = 10_000;
/** Share of identified rows (0–1) that makes one key a placeholder. */
export const PLACEHOLDER_MIN_SHARE = 0.2;
/** Rows one key must hold to be a placeholder. */
export const PLACEHOLDER_MIN_ROWS = 50;
/**
 * Distinct keys the sample must hold besides: a placeholder stands out against many real customers; a file of
 * a few key accounts (four customers at 25 % each) has no placeholder, only frequent customers.
 */
export const PLACEHOLDER_MIN_DISTINCT = 20;

export class PlaceholderKeys {
  /** Identified rows seen. */
  rows = 0;
  private readonly sample = new Map<number, { count: number; key: string }>();
  private candidates: { fingerprint: number; key: string; count: number }[] | null = null;

  /** Counts the 16-byte key at `buf[at, at + 16)`. */
  observe(buf: Uint8Array, at: number): void {
    this.rows++;
    const fingerprint = (buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!;
    if (this.candidates === null) {
      const seen = this.sample.get(fingerprint);
      if (seen !== undefined) seen.count++;
      else this.sample.set(fingerprint, { count: 1, key: Buffer.from(buf.subarray(at, at + 16)).toString('hex') });
      if (this.rows === PLACEHOLDER_SAMPLE_ROWS) this.closeSample();
      return;
    }
    const candidates = this.candidates;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      if (c.fingerprint === fingerprint && Buffer.from(buf.subarray(at, at + 16)).toString('hex') === c.key) c.count++;
    }
  }

  private closeSample(): void {
    const threshold = this.sample.size > PLACEHOLDER_MIN_DISTINCT ? PLACEHOLDER_MIN_SHARE * this.rows : Infinity;
    this.candidates = [...this.sample]
      .filter(([, v]) => v.count >= threshold)
      .map(([fingerprint, v]) => ({ fingerprint, key: v.key, count: v.count }));
    this.sample.clear();
  }

  /** The placeholder keys (UUID text) and the rows each holds. */
  found(): { key: string; rows: number }[] {
    if (this.candidates === null) this.closeSample();
    return this.candidates!
      .filter((c) => c.count >= PLACEHOLDER_MIN_ROWS && c.count >= PLACEHOLDER_MIN_SHARE * this.rows)
      .map((c) => ({ key: `${c.key.slice(0, 8)}-${c.key.slice(8, 12)}-${c.key.slice(12, 16)}-${c.key.slice(16, 20)}-${c.key.slice(20)}`, rows: c.count }));
  }
}
