/**
 * Record versions resolved per batch (sql/000004 defines them, sql/000008 stores the answer): every version of
 * a business record stays in its fact table; `superseded` marks the versions that are not the current one, and
 * the `*_current` views are the rows where it is false — a plain filter, so an analysis reads a fact table
 * the way it reads `count(*)` (before, each query anti-joined every version of every key: 40 % of the
 * analyses' time at 2M calls, README "Analyze at scale").
 *
 * Current = no other version of the key in its scope (`servq_batch_key_scope`: one source system) is newer;
 * newer = has an update time where the other has none, else a later update time, else a later batch, else a
 * later line. Rows without a business key (`servq_is_business_key`) are records of their own.
 *
 * Only the keys a batch brings (or takes away) can change state, so after a load, a removal or a replace
 * those keys' versions are ranked again: a temporary table of the keys, analysed (its real size decides
 * between index probes and one hash join — a guess about rows written moments ago once ran for hours, see
 * ingest-queries.ts), then one window over their versions, and an UPDATE of the rows whose state changed.
 */
import type { FactTable } from './schema.js';
import type { Session } from './session.js';

/** The business-key column of each fact table. */
export const BUSINESS_KEY: Readonly<Record<FactTable, string>> = {
  contact: 'contact_id',
  survey_response: 'response_id',
  complaint: 'ticket_id',
};

/** The versions that changed state: newly superseded, and (after a removal) current again. */
export interface VersionChanges {
  readonly superseded: number;
  readonly restored: number;
}

/**
 * Collects the business keys of `batchIds`' rows of `table` into `pg_temp.servq_version_keys` (dropped by
 * `resolveVersions`, or by the rollback of a failed transaction). Call before the rows go (a removal), or after they are written (a load); then `resolveVersions`.
 */
export async function collectVersionKeys(s: Session, table: FactTable, batchIds: readonly number[]): Promise<number> {
  const key = BUSINESS_KEY[table];
  await s.query('DROP TABLE IF EXISTS pg_temp.servq_version_keys');
  const created = await s.query(
    `CREATE TEMP TABLE servq_version_keys AS
     SELECT DISTINCT ${key} AS key FROM ${table} WHERE batch_id = ANY ($1::bigint[]) AND servq_is_business_key(${key})`,
    [batchIds],
  );
  await s.query('ANALYZE pg_temp.servq_version_keys');
  return created.rowCount;
}

/**
 * Ranks again every version of the keys collected by `collectVersionKeys` and updates `superseded` where it
 * changed. Inside the caller's transaction, after `ingest_batch` says which batches are loaded and their
 * scope (decisions.preset, rowKeyVersion).
 */
export async function resolveVersions(s: Session, table: FactTable): Promise<VersionChanges> {
  const key = BUSINESS_KEY[table];
  const { rows } = await s.query<{ superseded: number; restored: number }>(
    `WITH ranked AS (
       SELECT t.batch_id, t.line_no, t.superseded,
              row_number() OVER (PARTITION BY sc.scope, t.${key}
                                 ORDER BY t.updated_at IS NOT NULL DESC, t.updated_at DESC, t.batch_id DESC, t.line_no DESC) > 1 AS older
       FROM ${table} t
       JOIN pg_temp.servq_version_keys k ON k.key = t.${key}
       JOIN servq_batch_key_scope sc ON sc.batch_id = t.batch_id),
     changed AS (
       UPDATE ${table} t SET superseded = r.older
       FROM ranked r
       WHERE r.superseded <> r.older AND t.batch_id = r.batch_id AND t.line_no = r.line_no
       RETURNING t.superseded)
     SELECT count(*) FILTER (WHERE superseded)::int AS superseded, count(*) FILTER (WHERE NOT superseded)::int AS restored FROM changed`,
  );
  await s.query('DROP TABLE pg_temp.servq_version_keys');
  return { superseded: Number(rows[0]?.superseded ?? 0), restored: Number(rows[0]?.restored ?? 0) };
}

/** `collectVersionKeys` then `resolveVersions`: the versions of every key `batchIds` hold, ranked again. */
export async function resolveBatchVersions(s: Session, table: FactTable, batchIds: readonly number[]): Promise<VersionChanges> {
  await collectVersionKeys(s, table, batchIds);
  return resolveVersions(s, table);
}
