/**
 * `servq/notebook`: what an analyst's notebook needs in one import — the statistics (`stats`, the whole of
 * `servq/analysis`), the database and the query functions the analyses use, `analyze` (one analysis as
 * `servq analyze` computes it) and charts/tables as Jupyter outputs. Nothing here is a second copy of the
 * logic: every function is the one the command line and the reports call.
 *
 * In the TypeScript kernel (tslab compiles cells to CommonJS), load it with
 *   const servq: typeof import('./dist/src/notebook/index.js') = await require('servq/notebook').load();
 * (see notebooks/README.md).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect, DEFAULT_DATA_DIR } from '../db/connect.js';
import { loadMigrations } from '../db/migrate.js';
import type { Database } from '../db/session.js';
import { withSession } from '../db/session.js';
import { sourceSpans } from '../db/metrics/data-span.js';
import type { MetricSource } from '../db/metrics/dimensions.js';
import { ANALYSES, REQUEST_DEFAULTS, latestFullQuarter, parsePeriod, runAnalysis, type AnalysisDocument, type Period } from '../analyze/index.js';
import { analysisTimeZone } from '../cli/analysis-zone.js';

export * as stats from '../analysis/index.js';
export { ANALYSES, REQUEST_DEFAULTS, latestFullMonth, latestFullQuarter, parsePeriod, periodOf, previousPeriod, runAnalysis, type AnalysisDocument, type Period } from '../analyze/index.js';
export { addDays, daysBetween, lastDayOf } from '../analyze/period.js';
export { daysOf, weekdayOf, WEEKDAYS } from '../analyze/analyses/series-history.js';
export { DAILY_MODEL, forecastDailyVolume } from '../analyze/analyses/forecast.js';
export { DEFAULT_TARGET_SHARE, PROFILE_DAYS, staffingPlans, type StaffingPlan } from '../analyze/analyses/staffing.js';
export { itemModel, MIN_ITEM_COVERAGE } from '../analyze/analyses/drivers.js';
export { weekdayEffects, WEEKLY_STL } from '../analyze/analyses/trend.js';
export { MODEL_ROW_CAP } from '../analyze/analyses/model-groups.js';
export { channelPoliciesOn } from '../db/metrics/channel-policies.js';
export { contactDaySeries } from '../db/metrics/contact-day-series.js';
export { contactHourArrivals } from '../db/metrics/contact-hour-arrivals.js';
export { contactAggregates } from '../db/metrics/contact-aggregates.js';
export { complaintAggregates, complaintReceived } from '../db/metrics/complaint-aggregates.js';
export { complaintRows } from '../db/metrics/complaint-rows.js';
export { ratedResponseRows } from '../db/metrics/rated-response-rows.js';
export { sourceSpans } from '../db/metrics/data-span.js';
export { sourceSummary } from '../db/summary-queries.js';
export type { Database } from '../db/session.js';
export { chartBundle, display, show, showTable, VEGA_LITE_MIME, type MimeBundle } from './display.js';

/** The zone `servq analyze` uses: SERVQ_TIME_ZONE when it names a zone, else Asia/Shanghai (the demo's). */
export const TIME_ZONE = analysisTimeZone();

/**
 * Opens the database the environment selects: `DATABASE_URL` (a server), else the embedded one in
 * `.servq/pgdata` of the working folder (the repository root in the kernel; `npm start` fills it). It is not
 * migrated (a notebook reads; a read-only role such as servq_reader could not): a database older than this
 * servq is an error saying to run `servq migrate`. Close it (`await db.close()`) when done: the embedded
 * database admits one process at a time, and the CLI waits while a notebook holds it.
 * @throws Error when there is no embedded database yet, or its schema is behind
 */
export async function openDatabase(o: { databaseUrl?: string; dataDir?: string } = {}): Promise<Database> {
  const databaseUrl = o.databaseUrl ?? (process.env['DATABASE_URL'] || undefined); // an empty DATABASE_URL means none
  const dataDir = resolve(o.dataDir ?? process.env['SERVQ_DATA_DIR'] ?? DEFAULT_DATA_DIR);
  if (databaseUrl === undefined && !existsSync(dataDir)) {
    throw new Error(`no embedded database at ${dataDir}: run npm start (the demo data) or load exports with servq ingest, or set DATABASE_URL to a server`);
  }
  const db = await connect({ ...(databaseUrl !== undefined ? { databaseUrl } : { dataDir }), lockTimeoutMs: 60_000, migrate: false });
  try {
    const latest = loadMigrations().at(-1)?.version ?? 0;
    const [row] = await sql<{ version: number | null }>(db, `SELECT max(version) AS version FROM schema_migration`).catch(() => [{ version: null }]);
    if ((row?.version ?? 0) < latest) throw new Error(`the database's schema is behind this servq (migration ${row?.version ?? 'none'} of ${latest}): run servq migrate (with a role allowed to change the schema)`);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * The latest full quarter of the loaded data (of one source, or of all): the period `servq analyze` takes by
 * default. @throws Error saying what to load when there is no data
 */
export async function latestQuarter(db: Database, source?: MetricSource): Promise<Period> {
  const last = (await sourceSpans(db, TIME_ZONE))
    .filter((s) => source === undefined || s.source === source)
    .map((s) => s.lastDay)
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1);
  if (last === undefined) throw new Error(`no ${source ?? 'data'} loaded yet: run npm start (the demo data) or load exports with servq ingest`);
  return latestFullQuarter(last);
}

/** Runs `work` with the database open and closes it whatever happens. */
export async function withDatabase<T>(work: (db: Database) => Promise<T>, o: { databaseUrl?: string; dataDir?: string } = {}): Promise<T> {
  const db = await openDatabase(o);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/**
 * One analysis as `servq analyze NAME` computes it (the same document as `--format json`).
 * @example await analyze(db, 'kpis', { period: '2026-Q1' })
 */
export async function analyze(
  db: Database,
  name: string,
  o: { period: string; by?: readonly string[]; filters?: Readonly<Record<string, readonly string[]>>; timeZone?: string; minN?: number; seed?: number },
): Promise<AnalysisDocument> {
  const definition = ANALYSES[name];
  if (!definition) throw new Error(`unknown analysis '${name}'; choose one of: ${Object.keys(ANALYSES).join(', ')}`);
  return runAnalysis(db, definition, {
    ...REQUEST_DEFAULTS,
    period: parsePeriod(o.period),
    by: o.by ?? [],
    filters: o.filters ?? {},
    timeZone: o.timeZone ?? TIME_ZONE,
    ...(o.minN !== undefined ? { minN: o.minN } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    generatedAt: new Date(),
  });
}

/** Rows of any read-only SQL (parameters $1, $2 …), for what no query function covers. */
export async function sql<R = Record<string, unknown>>(db: Database, text: string, params: readonly unknown[] = []): Promise<R[]> {
  return withSession(db, async (s) => (await s.query<R>(text, params)).rows);
}

/** The loaded batches, newest first: what `servq batches` lists. */
export async function batches(db: Database, limit = 20): Promise<{ batch_id: number; source_kind: string; file_name: string; status: string; rows_loaded: number; rows_rejected: number; finished_at: Date | null }[]> {
  return sql(db, `SELECT batch_id, source_kind, file_name, status, rows_loaded, rows_rejected, finished_at FROM ingest_batch ORDER BY batch_id DESC LIMIT $1`, [limit]);
}
