/**
 * The trainings agents finished (sql/000006): the statements behind `servq trainings import|list` and the
 * rows the training-effectiveness analysis reads. One exported function per query.
 *
 * A training is one agent, one course, one day; that is the table's key, so importing the same file again, or
 * the same training from another file, inserts nothing (`ON CONFLICT DO NOTHING`) and the row keeps the
 * lineage of the file that brought it first. Rows are validated by the reader (src/cli/trainings-command.ts);
 * here they are stored as given.
 */
import { sql } from 'kysely';
import type { Database } from './session.js';
import { kyselyOf } from './kysely-dialect.js';

/** One training as read from a file. */
export interface TrainingRow {
  /** The agent's code as the contact, survey and complaint records carry it (trimmed). */
  readonly agentCode: string;
  readonly course: string;
  /** The day the course ended, `YYYY-MM-DD`. */
  readonly trainedOn: string;
  /** Physical line of the file the row starts on (1-based). */
  readonly lineNo: number;
}

/** Where the rows of one import came from. */
export interface TrainingLineage {
  /** The file's name, without its folder. */
  readonly fileName: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
  /** Who imports (e.g. `user@host`; the database role is appended). */
  readonly importedBy?: string;
}

export interface ImportTrainingsResult {
  /** Rows stored now. */
  readonly inserted: number;
  /** Rows whose agent, course and day were stored already (by an earlier import, or earlier in `rows`). */
  readonly alreadyPresent: number;
}

/** Rows per INSERT: 7 parameters each, far below PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Stores trainings, in one transaction: every row inserted or found present, or none on error.
 * @param rows validated rows (see `TrainingRow`)
 * @param lineage the file they came from
 * @example await importTrainings(db, [{ agentCode: 'A0101', course: '投诉处理', trainedOn: '2026-03-05', lineNo: 2 }], { fileName: 'trainings.csv', sha256: '…' })
 * // => { inserted: 1, alreadyPresent: 0 } (and { inserted: 0, alreadyPresent: 1 } the second time)
 */
export async function importTrainings(db: Database, rows: readonly TrainingRow[], lineage: TrainingLineage): Promise<ImportTrainingsResult> {
  if (rows.length === 0) return { inserted: 0, alreadyPresent: 0 };
  let inserted = 0;
  await kyselyOf(db).transaction().execute(async (trx) => {
    const by = sql<string>`coalesce(${lineage.importedBy ?? null}::text || ' as ', '') || current_user`;
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const result = await trx
        .insertInto('training')
        .values(
          chunk.map((r) => ({
            agent_code: r.agentCode,
            course: r.course,
            trained_on: r.trainedOn,
            source_file: lineage.fileName,
            source_sha256: lineage.sha256,
            line_no: r.lineNo,
            imported_by: by,
          })),
        )
        .onConflict((oc) => oc.columns(['agent_code', 'course', 'trained_on']).doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
  });
  return { inserted, alreadyPresent: rows.length - inserted };
}

/** A stored training with its lineage. */
export interface StoredTraining {
  readonly agentCode: string;
  readonly course: string;
  /** `YYYY-MM-DD`. */
  readonly trainedOn: string;
  readonly sourceFile: string;
  readonly sourceSha256: string;
  readonly lineNo: number;
  readonly importedAt: Date;
  readonly importedBy: string | null;
}

export interface ListTrainingsOptions {
  /** First day, `YYYY-MM-DD`, inclusive. */
  readonly from?: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  readonly to?: string;
}

/**
 * The stored trainings whose day falls in [from, to] (each bound optional), by day, agent and course.
 * @example await listTrainings(db, { from: '2026-01-01', to: '2026-06-30' }) // => [{ agentCode: 'A0101', course: '投诉处理', trainedOn: '2026-03-05', sourceFile: 'trainings.csv', lineNo: 2, … }]
 */
export async function listTrainings(db: Database, options: ListTrainingsOptions = {}): Promise<StoredTraining[]> {
  let query = kyselyOf(db)
    .selectFrom('training')
    .select([
      'agent_code',
      'course',
      sql<string>`to_char(trained_on, 'YYYY-MM-DD')`.as('trained_on'),
      'source_file',
      'source_sha256',
      'line_no',
      'imported_at',
      'imported_by',
    ])
    .orderBy(sql`training.trained_on`)
    .orderBy('agent_code')
    .orderBy('course');
  if (options.from !== undefined) query = query.where(sql<boolean>`training.trained_on >= ${options.from}::date`);
  if (options.to !== undefined) query = query.where(sql<boolean>`training.trained_on <= ${options.to}::date`);
  const rows = await query.execute();
  return rows.map((r) => ({
    agentCode: r.agent_code,
    course: r.course,
    trainedOn: r.trained_on,
    sourceFile: r.source_file,
    sourceSha256: r.source_sha256,
    lineNo: Number(r.line_no),
    importedAt: new Date(r.imported_at),
    importedBy: r.imported_by,
  }));
}

/**
 * When a file with this content was imported before (its earliest row's import time), or undefined: lets
 * `servq trainings import` say "imported before on …" for a file that brings nothing new.
 * @example await trainingFileImportedAt(db, sha256) // => 2026-04-01T08:00:00.000Z
 */
export async function trainingFileImportedAt(db: Database, sha256: string): Promise<Date | undefined> {
  const row = await kyselyOf(db)
    .selectFrom('training')
    .select((eb) => eb.fn.min('imported_at').as('first'))
    .where('source_sha256', '=', sha256)
    .executeTakeFirst();
  return row?.first == null ? undefined : new Date(row.first);
}
