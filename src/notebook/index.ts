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
import { connect } from '../db/connect.js';
import type { Database } from '../db/session.js';
import { withSession } from '../db/session.js';
import { ANALYSES, REQUEST_DEFAULTS, parsePeriod, runAnalysis, type AnalysisDocument } from '../analyze/index.js';
import { DEFAULT_TIME_ZONE } from '../ingest/defaults.js';

export * as stats from '../analysis/index.js';
export { ANALYSES, REQUEST_DEFAULTS, latestFullMonth, latestFullQuarter, parsePeriod, periodOf, previousPeriod, runAnalysis, type AnalysisDocument, type Period } from '../analyze/index.js';
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

/** The zone of the deployment: SERVQ_TIME_ZONE, else Asia/Shanghai (the demo's). */
export const TIME_ZONE = process.env['SERVQ_TIME_ZONE'] ?? DEFAULT_TIME_ZONE;

/**
 * Opens the database the environment selects: `DATABASE_URL` (a server), else the embedded one in
 * `.servq/pgdata` of the working folder (the repository root in the kernel; `npm start` fills it). Close it
 * (`await db.close()`) when done: the embedded database admits one process at a time, and the CLI waits while
 * a notebook holds it.
 */
export async function openDatabase(o: { databaseUrl?: string; dataDir?: string } = {}): Promise<Database> {
  return connect({ ...(o.databaseUrl !== undefined ? { databaseUrl: o.databaseUrl } : {}), ...(o.dataDir !== undefined ? { dataDir: o.dataDir } : {}), lockTimeoutMs: 60_000 });
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
