/**
 * The order of servq's seeded samples (models, texts, classifier training rows): rows sorted by a seeded hash
 * of their row_key (a uuid), ties by batch and line, and the first `cap` taken. The same data and seed give the
 * same rows on every run and on both engines.
 *
 * The hash is PostgreSQL's own `uuid_hash_extended(row_key, seed)` (an int8; the hash family PostgreSQL's hash
 * partitioning relies on, computed by the same C code in PGlite): sorting int8 keys is cheaper than hashing
 * to text and sorting text — a quarter's 214k survey responses ordered for the top 50,000 took 386–490 ms with
 * `md5(row_key::text ‖ seed)`, 148–184 ms with this (PostgreSQL 15, 2M-call bench database).
 */

/** The SQL sort key of a seeded sample: `rowKey` a uuid column, `seedParam` the seed's placeholder (an integer). */
export function sampleOrderSql(rowKey: string, seedParam: string): string {
  return `uuid_hash_extended(${rowKey}, ${seedParam}::int8)`;
}

/** How a sample's order reads in notes and docstrings. */
export const SAMPLE_ORDER_TEXT = 'uuid_hash_extended(row_key, seed)';
