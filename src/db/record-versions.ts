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
import { KIND_OF_TABLE, TIME_COLUMN, type FactTable } from './schema.js';
import type { Session } from './session.js';

/** The business-key column of each fact table. */
export const BUSINESS_KEY: Readonly<Record<FactTable, string>> = {
  contact: 'contact_id',
  survey_response: 'response_id',
  complaint: 'ticket_id',
};

export interface VersionKeyOptions {
  /** Whether the batches may hold a key twice (default true; false only when certain). */
  readonly keysRepeat?: boolean;
}

/** The versions that changed state: newly superseded, and (after a removal) current again. */
export interface VersionChanges {
  readonly superseded: number;
  readonly restored: number;
  /** The earliest and latest record time (the table's time column) among the changed rows; null when none. */
  readonly timeFrom: Date | null;
  readonly timeTo: Date | null;
}

/**
 * Collects into `pg_temp.servq_version_keys` the business keys of `batchIds`' rows of `table` that have more
 * than one version — several rows in these batches, or a row in another loaded batch of the same source system
 * — the only keys whose current version can change (dropped by `resolveVersions`, or by the rollback of a
 * failed transaction). Call before the rows go (a removal), or after they are written (a load). The batches'
 * rows are found through their recorded time span (the BRIN index on the time column; the table has no index
 * on batch_id), other batches' versions through the index on the key, probed only when another batch of the
 * source system exists (a first load of a large file pays for one GROUP BY of its keys, nothing more).
 * With `keysRepeat: false` (the loader's Bloom filter saw no key twice: src/ingest/business-keys.ts) the
 * batch's keys are not grouped, a first load of its source system reads nothing at all, and when the other
 * batches hold fewer rows than these, their keys are looked up among these rows instead of the other way round.
 * @returns the number of keys to rank again
 */
export async function collectVersionKeys(s: Session, table: FactTable, batchIds: readonly number[], o: VersionKeyOptions = {}): Promise<number> {
  const key = BUSINESS_KEY[table];
  const time = TIME_COLUMN[table];
  await s.query('DROP TABLE IF EXISTS pg_temp.servq_version_keys');
  // Grouping a large batch's keys spills to disk at the default 4 MB (inside the load's transaction only).
  await s.query("SET LOCAL work_mem = '64MB'");
  const { rows: spans } = await s.query<{ time_from: Date | null; time_to: Date | null }>(
    'SELECT min(time_from) AS time_from, max(time_to) AS time_to FROM ingest_batch WHERE batch_id = ANY ($1::bigint[])',
    [batchIds],
  );
  const span = spans[0];
  // Other loaded batches whose ids can name the same records (servq_batch_key_scope).
  const { rows: others } = await s.query<{ batch_id: string; rows: number; time_from: Date | null; time_to: Date | null }>(
    `SELECT b.batch_id::text, b.rows_loaded::float8 AS rows, b.time_from, b.time_to
     FROM ingest_batch b JOIN servq_batch_key_scope sc USING (batch_id)
     WHERE b.status = 'loaded' AND b.source_kind = $2 AND NOT b.batch_id = ANY ($1::bigint[])
       AND sc.scope IN (SELECT scope FROM servq_batch_key_scope WHERE batch_id = ANY ($1::bigint[]))`,
    [batchIds, KIND_OF_TABLE[table]],
  );
  const repeat = o.keysRepeat !== false;
  const { rows: own } = await s.query<{ rows: number }>('SELECT coalesce(sum(rows_loaded), 0)::float8 AS rows FROM ingest_batch WHERE batch_id = ANY ($1::bigint[])', [batchIds]);
  const otherRows = others.reduce((n, b) => n + Number(b.rows), 0);
  if (!repeat && others.length > 0 && otherRows < Number(own[0]?.rows ?? 0)) {
    // The batches' keys are distinct, and the other batches hold fewer rows: a key has two versions exactly
    // when one of the others' keys is among the batches' rows. Probing the others' keys (found through their
    // time spans) costs their rows, where probing every key of a large batch cost ~2 s per 1M rows (a file
    // loaded over a few small earlier batches, the ingest benchmark's overlap run).
    const from = others.reduce<Date | null>((m, b) => (b.time_from === null ? m : m === null || b.time_from < m ? b.time_from : m), null);
    const to = others.reduce<Date | null>((m, b) => (b.time_to === null ? m : m === null || b.time_to > m ? b.time_to : m), null);
    await s.query(
      `CREATE TEMP TABLE servq_version_keys AS
       SELECT o.key, 2 AS n FROM (
         SELECT DISTINCT t.${key} AS key FROM ${table} t
         WHERE t.batch_id = ANY ($2::bigint[]) AND t.${time} BETWEEN $3 AND $4 AND servq_is_business_key(t.${key})) o
       WHERE EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = o.key AND t.batch_id = ANY ($1::bigint[]))`,
      [batchIds, others.map((b) => b.batch_id), from, to],
    );
    await s.query('ANALYZE pg_temp.servq_version_keys');
    const { rows } = await s.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_temp.servq_version_keys');
    return Number(rows[0]?.n ?? 0);
  }
  const scan = repeat || others.length > 0;
  await s.query(
    `CREATE TEMP TABLE servq_version_keys AS
     SELECT ${key} AS key, ${repeat ? 'count(*)::int' : '1'} AS n FROM ${table}
     WHERE ${scan ? '' : 'FALSE AND '}batch_id = ANY ($1::bigint[]) AND ${time} BETWEEN $2 AND $3 AND servq_is_business_key(${key})
     ${repeat ? `GROUP BY ${key}` : ''}`,
    [batchIds, span?.time_from ?? null, span?.time_to ?? null],
  );
  if (others.length === 0) {
    await s.query('DELETE FROM pg_temp.servq_version_keys WHERE n = 1');
  } else {
    await s.query('ANALYZE pg_temp.servq_version_keys');
    await s.query(
      `DELETE FROM pg_temp.servq_version_keys k
       WHERE k.n = 1 AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = k.key AND t.batch_id = ANY ($1::bigint[]))`,
      [others.map((o) => o.batch_id)],
    );
  }
  await s.query('ANALYZE pg_temp.servq_version_keys');
  const { rows } = await s.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_temp.servq_version_keys');
  return Number(rows[0]?.n ?? 0);
}

/**
 * Ranks again every version of the keys collected by `collectVersionKeys` and updates `superseded` where it
 * changed. Inside the caller's transaction, after `ingest_batch` says which batches are loaded and their
 * scope (decisions.preset, rowKeyVersion).
 *
 * No keys (the common first load): nothing is ranked. Else the changed rows are updated by their ctid, found
 * by the window's read, so the UPDATE never looks a row up again: joined on (key, batch, line) the planner,
 * without statistics on rows written moments ago, sorted the whole table for a merge join (1.2–1.3 s at
 * 1M contacts, measured with auto_explain, for an empty key list). The load holds the kind's lock
 * (ingest-queries.ts lockKind), so no other transaction moves these rows between the read and the update.
 */
export async function resolveVersions(s: Session, table: FactTable): Promise<VersionChanges> {
  const key = BUSINESS_KEY[table];
  const time = TIME_COLUMN[table];
  const { rows: keys } = await s.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_temp.servq_version_keys) AS any');
  if (keys[0]?.any !== true) {
    await s.query('DROP TABLE pg_temp.servq_version_keys');
    return { superseded: 0, restored: 0, timeFrom: null, timeTo: null };
  }
  const { rows } = await s.query<{ superseded: number; restored: number; time_from: Date | null; time_to: Date | null }>(
    `WITH ranked AS (
       SELECT t.ctid AS tid, t.superseded,
              row_number() OVER (PARTITION BY sc.scope, t.${key}
                                 ORDER BY t.updated_at IS NOT NULL DESC, t.updated_at DESC, t.batch_id DESC, t.line_no DESC) > 1 AS older
       FROM ${table} t
       JOIN pg_temp.servq_version_keys k ON k.key = t.${key}
       JOIN servq_batch_key_scope sc ON sc.batch_id = t.batch_id),
     changed AS (
       UPDATE ${table} t SET superseded = r.older
       FROM ranked r
       WHERE r.superseded <> r.older AND t.ctid = r.tid
       RETURNING t.superseded, t.${time} AS at)
     SELECT count(*) FILTER (WHERE superseded)::int AS superseded, count(*) FILTER (WHERE NOT superseded)::int AS restored,
            min(at) AS time_from, max(at) AS time_to
     FROM changed`,
  );
  await s.query('DROP TABLE pg_temp.servq_version_keys');
  const r = rows[0];
  return { superseded: Number(r?.superseded ?? 0), restored: Number(r?.restored ?? 0), timeFrom: r?.time_from ?? null, timeTo: r?.time_to ?? null };
}

/** `collectVersionKeys` then `resolveVersions`: the versions of every key `batchIds` hold, ranked again. */
export async function resolveBatchVersions(s: Session, table: FactTable, batchIds: readonly number[], o: VersionKeyOptions = {}): Promise<VersionChanges> {
  await collectVersionKeys(s, table, batchIds, o);
  return resolveVersions(s, table);
}
