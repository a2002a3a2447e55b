/**
 * The statements behind `servq classify` (sql/000007): the complaints a classifier learns from and predicts,
 * the predictions, the model versions and the reviewers' corrections. One exported function per query.
 *
 * Trusted label (what a classifier learns from and is scored against), per complaint and target: the latest
 * reviewer's correction of that complaint or of an earlier or later version of its ticket (sql/000009), else the label the export gave (complaint.category / root_cause as ingest
 * standardised it). A prediction is never a trusted label.
 */
import { sql } from 'kysely';
import type { DateRange } from './metrics/grouped-query.js';
import { sampleOrderSql } from './metrics/sample-order.js';
import { withSession, type Database } from './session.js';
import { kyselyOf } from './kysely-dialect.js';

/** The rule above, in words, stored with each model. */
export const TRUSTED_LABEL_RULE =
  "the latest reviewer's correction (servq classify correct), else the label the export gave (complaint.category / root_cause as standardised at ingest); predictions never count";

/** A complaint's text and trusted labels. */
export interface LabelledComplaintText {
  readonly batchId: number;
  readonly lineNo: number;
  readonly description: string | null;
  readonly category: string | null;
  readonly rootCause: string | null;
}

/** A sample of labelled complaints and how many there were. */
export interface LabelledComplaintTexts {
  readonly rows: readonly LabelledComplaintText[];
  /** Current complaints with a trusted label for at least one target, before sampling. */
  readonly total: number;
}

// The latest correction of the row, or of any version of its ticket in its source system: the view
// complaint_label (sql/000009) is its one definition.
const LATEST_REVIEWS = `
  JOIN complaint_label rv ON rv.batch_id = k.batch_id AND rv.line_no = k.line_no`;

/**
 * Current complaints with a trusted category or root cause (TRUSTED_LABEL_RULE), at most `cap`: above it a
 * seeded sample ordered by uuid_hash_extended(row_key, seed) (metrics/sample-order.ts).
 */
export async function labelledComplaintTexts(db: Database, input: { readonly cap: number; readonly seed: number }): Promise<LabelledComplaintTexts> {
  const { rows } = await withSession(db, (s) =>
    s.query<Record<string, unknown>>(
      `SELECT k.batch_id, k.line_no, k.description,
              coalesce(rv.category_reviewed, k.category) AS category, coalesce(rv.root_cause_reviewed, k.root_cause) AS root_cause,
              count(*) OVER ()::float8 AS total_rows
       FROM complaint_current k ${LATEST_REVIEWS}
       WHERE coalesce(rv.category_reviewed, k.category) IS NOT NULL OR coalesce(rv.root_cause_reviewed, k.root_cause) IS NOT NULL
       ORDER BY ${sampleOrderSql('k.row_key', '$1')}, k.batch_id, k.line_no
       LIMIT $2`,
      [String(input.seed), input.cap],
    ),
  );
  return {
    total: rows.length > 0 ? Number(rows[0]!['total_rows']) : 0,
    rows: rows.map((r) => ({
      batchId: Number(r['batch_id']),
      lineNo: Number(r['line_no']),
      description: (r['description'] as string | null) ?? null,
      category: (r['category'] as string | null) ?? null,
      rootCause: (r['root_cause'] as string | null) ?? null,
    })),
  };
}

/** A period's instants for a received_at condition. */
export interface PeriodFilter {
  readonly range: DateRange;
  readonly timeZone: string;
}

/** Loaded complaint batches whose rows may fall in the period (all loaded complaint batches without one). */
export async function complaintBatchIds(db: Database, period: PeriodFilter | null): Promise<number[]> {
  const params: unknown[] = [];
  let where = '';
  if (period) {
    params.push(period.range.from, period.range.to, period.timeZone);
    where = `AND time_to >= ($1::timestamp AT TIME ZONE $3) AND time_from < ($2::timestamp AT TIME ZONE $3)`;
  }
  const { rows } = await withSession(db, (s) =>
    s.query<{ batch_id: number | string }>(`SELECT batch_id FROM ingest_batch WHERE source_kind = 'complaints' AND status = 'loaded' ${where} ORDER BY batch_id`, params),
  );
  return rows.map((r) => Number(r.batch_id));
}

/** A complaint to classify. */
export interface ComplaintText {
  readonly batchId: number;
  readonly lineNo: number;
  readonly description: string | null;
}

/** The current complaints of one batch (received in the period, when given), in line order. */
export async function complaintTextsOfBatch(db: Database, batchId: number, period: PeriodFilter | null): Promise<ComplaintText[]> {
  const params: unknown[] = [batchId];
  let where = '';
  if (period) {
    params.push(period.range.from, period.range.to, period.timeZone);
    where = `AND k.received_at >= ($2::timestamp AT TIME ZONE $4) AND k.received_at < ($3::timestamp AT TIME ZONE $4)`;
  }
  const { rows } = await withSession(db, (s) =>
    s.query<{ batch_id: number | string; line_no: number | string; description: string | null }>(
      `SELECT k.batch_id, k.line_no, k.description FROM complaint_current k WHERE k.batch_id = $1 ${where} ORDER BY k.line_no`,
      params,
    ),
  );
  return rows.map((r) => ({ batchId: Number(r.batch_id), lineNo: Number(r.line_no), description: r.description }));
}

/** One prediction to store. */
export interface ClassificationRow {
  readonly batchId: number;
  readonly lineNo: number;
  readonly categoryPredicted: string | null;
  readonly categoryConfidence: number | null;
  readonly rootCausePredicted: string | null;
  readonly rootCauseConfidence: number | null;
  readonly categoryRule: string | null;
  readonly rootCauseRule: string | null;
  readonly terms: number;
}

/**
 * Stores predictions of one model version, replacing earlier ones of the same complaints (one statement: the
 * rows travel as arrays and are unnested in the database).
 */
export async function writeClassifications(db: Database, modelVersion: number, rows: readonly ClassificationRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: ClassificationRow) => T) => rows.map(f);
  await withSession(db, (s) =>
    s.query(
      `INSERT INTO complaint_classification (batch_id, line_no, model_version, category_predicted, category_confidence,
         root_cause_predicted, root_cause_confidence, category_rule, root_cause_rule, terms, classified_at)
       SELECT b, l, $1, cp, cc, rp, rcf, cr, rr, t, clock_timestamp()
       FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::float8[], $6::text[], $7::float8[], $8::text[], $9::text[], $10::int[])
         AS u(b, l, cp, cc, rp, rcf, cr, rr, t)
       ON CONFLICT (batch_id, line_no) DO UPDATE SET
         model_version = excluded.model_version, category_predicted = excluded.category_predicted,
         category_confidence = excluded.category_confidence, root_cause_predicted = excluded.root_cause_predicted,
         root_cause_confidence = excluded.root_cause_confidence, category_rule = excluded.category_rule,
         root_cause_rule = excluded.root_cause_rule, terms = excluded.terms, classified_at = excluded.classified_at`,
      [
        modelVersion,
        col((r) => r.batchId),
        col((r) => r.lineNo),
        col((r) => r.categoryPredicted),
        col((r) => r.categoryConfidence),
        col((r) => r.rootCausePredicted),
        col((r) => r.rootCauseConfidence),
        col((r) => r.categoryRule),
        col((r) => r.rootCauseRule),
        col((r) => r.terms),
      ],
    ),
  );
}

/** Removes the predictions of complaints whose batch is no longer loaded (removed or replaced); returns how many. */
export async function pruneRemovedClassifications(db: Database): Promise<number> {
  const { rowCount } = await withSession(db, (s) =>
    s.query(`DELETE FROM complaint_classification p USING ingest_batch b WHERE b.batch_id = p.batch_id AND b.status <> 'loaded'`),
  );
  return rowCount;
}

/** A model version as stored. */
export interface StoredModel {
  readonly modelVersion: number;
  readonly trainedAt: Date;
  readonly trainedBy: string;
  readonly command: string;
  readonly method: 'naive_bayes' | 'logistic';
  readonly labelRule: string;
  readonly trainingRows: number;
  readonly taxonomyVersion: string;
  readonly tokenizerDigest: string;
  readonly metrics: unknown;
  readonly model: unknown;
  readonly servqVersion: string;
}

/** What a new model version records. */
export type NewModel = Omit<StoredModel, 'modelVersion' | 'trainedAt'>;

/** Stores a trained model; returns its version. */
export async function insertModel(db: Database, m: NewModel): Promise<number> {
  const row = await kyselyOf(db)
    .insertInto('classifier_model')
    .values({
      trained_by: m.trainedBy,
      command: m.command,
      method: m.method,
      label_rule: m.labelRule,
      training_rows: m.trainingRows,
      taxonomy_version: m.taxonomyVersion,
      tokenizer_digest: m.tokenizerDigest,
      metrics: JSON.stringify(m.metrics),
      model: JSON.stringify(m.model),
      servq_version: m.servqVersion,
    })
    .returning('model_version')
    .executeTakeFirstOrThrow();
  return Number(row.model_version);
}

function storedModel(r: Record<string, unknown>): StoredModel {
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
  return {
    modelVersion: Number(r['model_version']),
    trainedAt: new Date(r['trained_at'] as string | Date),
    trainedBy: String(r['trained_by']),
    command: String(r['command']),
    method: r['method'] as StoredModel['method'],
    labelRule: String(r['label_rule']),
    trainingRows: Number(r['training_rows']),
    taxonomyVersion: String(r['taxonomy_version']),
    tokenizerDigest: String(r['tokenizer_digest']),
    metrics: json(r['metrics']),
    model: json(r['model']),
    servqVersion: String(r['servq_version']),
  };
}

/** The newest model (or a given version), with its serialized classifiers; null when none. */
export async function findModel(db: Database, version?: number): Promise<StoredModel | null> {
  const { rows } = await withSession(db, (s) =>
    version === undefined
      ? s.query<Record<string, unknown>>('SELECT * FROM classifier_model ORDER BY model_version DESC LIMIT 1')
      : s.query<Record<string, unknown>>('SELECT * FROM classifier_model WHERE model_version = $1', [version]),
  );
  return rows.length > 0 ? storedModel(rows[0]!) : null;
}

/** Every model version, newest first, without the serialized classifiers. */
export async function listModels(db: Database): Promise<StoredModel[]> {
  const { rows } = await withSession(db, (s) =>
    s.query<Record<string, unknown>>(`SELECT model_version, trained_at, trained_by, command, method, label_rule, training_rows, taxonomy_version,
       tokenizer_digest, metrics, NULL AS model, servq_version FROM classifier_model ORDER BY model_version DESC`),
  );
  return rows.map(storedModel);
}

/** A complaint as a reviewer sees it. */
export interface ReviewItem {
  readonly batchId: number;
  readonly lineNo: number;
  readonly ticketId: string | null;
  readonly receivedAt: Date;
  readonly description: string | null;
  readonly categoryGiven: string | null;
  readonly rootCauseGiven: string | null;
  readonly categoryReviewed: string | null;
  readonly rootCauseReviewed: string | null;
  readonly categoryPredicted: string | null;
  readonly categoryConfidence: number | null;
  readonly rootCausePredicted: string | null;
  readonly rootCauseConfidence: number | null;
  readonly categoryRule: string | null;
  readonly rootCauseRule: string | null;
  readonly modelVersion: number | null;
}

const REVIEW_SELECT = `
  SELECT k.batch_id, k.line_no, k.ticket_id, k.received_at, k.description, k.category AS category_given,
         k.root_cause AS root_cause_given, rv.category_reviewed AS category_reviewed, rv.root_cause_reviewed AS root_cause_reviewed,
         p.category_predicted, p.category_confidence, p.root_cause_predicted, p.root_cause_confidence,
         p.category_rule, p.root_cause_rule, p.model_version`;

function reviewItem(r: Record<string, unknown>): ReviewItem {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    batchId: Number(r['batch_id']),
    lineNo: Number(r['line_no']),
    ticketId: str(r['ticket_id']),
    receivedAt: new Date(r['received_at'] as string | Date),
    description: str(r['description']),
    categoryGiven: str(r['category_given']),
    rootCauseGiven: str(r['root_cause_given']),
    categoryReviewed: str(r['category_reviewed']),
    rootCauseReviewed: str(r['root_cause_reviewed']),
    categoryPredicted: str(r['category_predicted']),
    categoryConfidence: num(r['category_confidence']),
    rootCausePredicted: str(r['root_cause_predicted']),
    rootCauseConfidence: num(r['root_cause_confidence']),
    categoryRule: str(r['category_rule']),
    rootCauseRule: str(r['root_cause_rule']),
    modelVersion: num(r['model_version']),
  };
}

/** What the review queue lists. */
export interface ReviewQueueInput {
  readonly period: PeriodFilter | null;
  /** Predictions with a confidence below this (either target) are listed. */
  readonly below: number;
  readonly limit: number;
  /** Also list complaints the export labelled (whose prediction disagrees with the given label); default: only unlabelled ones. */
  readonly includeLabelled: boolean;
}

/**
 * Current complaints whose latest prediction is unsure (category or root-cause confidence below `below`) and that
 * no reviewer has labelled for that target, least confident first; with `includeLabelled`, also complaints whose
 * prediction disagrees with the export's label. Returns the items and how many qualify in all.
 */
export async function reviewQueue(db: Database, input: ReviewQueueInput): Promise<{ readonly items: ReviewItem[]; readonly total: number }> {
  const params: unknown[] = [input.below, input.limit];
  let periodWhere = '';
  if (input.period) {
    params.push(input.period.range.from, input.period.range.to, input.period.timeZone);
    periodWhere = `AND k.received_at >= ($3::timestamp AT TIME ZONE $5) AND k.received_at < ($4::timestamp AT TIME ZONE $5)`;
  }
  const unsureCategory = `(p.category_confidence < $1 AND rv.category_reviewed IS NULL AND ${input.includeLabelled ? '(k.category IS NULL OR k.category <> p.category_predicted)' : 'k.category IS NULL'})`;
  const unsureRoot = `(p.root_cause_confidence < $1 AND rv.root_cause_reviewed IS NULL AND ${input.includeLabelled ? '(k.root_cause IS NULL OR k.root_cause <> p.root_cause_predicted)' : 'k.root_cause IS NULL'})`;
  const { rows } = await withSession(db, (s) =>
    s.query<Record<string, unknown>>(
      `${REVIEW_SELECT}, count(*) OVER ()::float8 AS total_rows
       FROM complaint_current k JOIN complaint_classification p ON p.batch_id = k.batch_id AND p.line_no = k.line_no ${LATEST_REVIEWS}
       WHERE (${unsureCategory} OR ${unsureRoot}) ${periodWhere}
       ORDER BY least(CASE WHEN ${unsureCategory} THEN p.category_confidence END, CASE WHEN ${unsureRoot} THEN p.root_cause_confidence END),
                k.batch_id, k.line_no
       LIMIT $2`,
      params,
    ),
  );
  return { items: rows.map(reviewItem), total: rows.length > 0 ? Number(rows[0]!['total_rows']) : 0 };
}

/**
 * The current complaints a reference names: `BATCH:LINE` (e.g. `4:117`), or a ticket id (every current
 * complaint with that id: one per source system).
 */
export async function findComplaints(db: Database, reference: string): Promise<ReviewItem[]> {
  const m = /^(\d+):(\d+)$/.exec(reference.trim());
  const where = m ? 'k.batch_id = $1 AND k.line_no = $2' : 'k.ticket_id = $1';
  const params = m ? [Number(m[1]), Number(m[2])] : [reference.trim()];
  const { rows } = await withSession(db, (s) =>
    s.query<Record<string, unknown>>(
      `${REVIEW_SELECT}
       FROM complaint_current k LEFT JOIN complaint_classification p ON p.batch_id = k.batch_id AND p.line_no = k.line_no ${LATEST_REVIEWS}
       WHERE ${where} ORDER BY k.batch_id, k.line_no LIMIT 20`,
      params,
    ),
  );
  return rows.map(reviewItem);
}

/** A correction to record. */
export interface NewReview {
  readonly batchId: number;
  readonly lineNo: number;
  readonly category: string | null;
  readonly rootCause: string | null;
  /** Who (user@host; the database role is appended). */
  readonly reviewedBy: string;
  readonly command: string;
  readonly reason: string | null;
  readonly modelVersion: number | null;
  readonly categoryPredicted: string | null;
  readonly rootCausePredicted: string | null;
}

/** Records corrections in one transaction; returns their review ids. */
export async function insertReviews(db: Database, reviews: readonly NewReview[]): Promise<number[]> {
  if (reviews.length === 0) return [];
  return kyselyOf(db).transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (let i = 0; i < reviews.length; i += 1000) {
      const rows = await trx
        .insertInto('complaint_label_review')
        .values(
          reviews.slice(i, i + 1000).map((r) => ({
            batch_id: r.batchId,
            line_no: r.lineNo,
            category: r.category,
            root_cause: r.rootCause,
            reviewed_by: sql<string>`${r.reviewedBy}::text || ' as ' || current_user`,
            command: r.command,
            reason: r.reason,
            model_version: r.modelVersion,
            category_predicted: r.categoryPredicted,
            root_cause_predicted: r.rootCausePredicted,
            // The ticket and source system it belongs to: the correction follows the ticket's later versions.
            ticket_id: sql<string | null>`(SELECT k.ticket_id FROM complaint k WHERE k.batch_id = ${r.batchId} AND k.line_no = ${r.lineNo} AND servq_is_business_key(k.ticket_id))`,
            key_scope: sql<string | null>`(SELECT sc.scope FROM complaint k JOIN servq_batch_key_scope sc ON sc.batch_id = k.batch_id WHERE k.batch_id = ${r.batchId} AND k.line_no = ${r.lineNo} AND servq_is_business_key(k.ticket_id))`,
          })),
        )
        .returning('review_id')
        .execute();
      ids.push(...rows.map((r) => Number(r.review_id)));
    }
    return ids;
  });
}
