/**
 * A file of reviewers' corrections (`servq classify correct --file`): one row per complaint with the right
 * category and/or root cause, as quality teams hand back a reviewed sheet.
 *
 * Stages:
 *   1. read the file with the table-file reader (src/cli/table-file.ts: encoding, delimiter, header tiers
 *      `CORRECTION_COLUMNS`); each row's category and root cause read as codes (`readCategory`,
 *      `readRootCause`), a row giving neither rejected;
 *   2. `checkCorrections`: each complaint found among the current complaints (src/db/classification-queries.ts
 *      `findComplaints`: BATCH:LINE or a ticket id); unknown, a ticket naming several, or a complaint an
 *      earlier line already corrects rejects the row naming its line and column.
 * Storing (one `insertReviews` call, one transaction) is the command's: src/cli/classify-runner.ts.
 */
import { findComplaints, type ReviewItem } from '../db/classification-queries.js';
import type { Database } from '../db/session.js';
import type { Encoding } from '../ingest/probe.js';
import { standardizeCategory, standardizeRootCause, type ComplaintCategory, type RootCause } from '../ingest/standardize/vocabulary.js';
import { readTableFile, type RejectedRow, type TableFile, type TableSpec } from './table-file.js';

export type CorrectionColumn = 'complaint' | 'category' | 'root_cause' | 'reason';

/**
 * Header names per column, in tiers (table-file.ts): BATCH:LINE (`complaint`, as `servq classify review
 * --format csv` writes it) wins over a ticket id column, so that review sheet can be handed back with
 * `category` and `root_cause` columns added. Its `category_predicted`, `category_given` … are not read.
 */
export const CORRECTION_COLUMNS: Readonly<Record<CorrectionColumn, readonly (readonly string[])[]>> = {
  complaint: [
    ['complaint', 'complaint_ref', 'ref', 'reference', 'batch_line', 'batch:line', '投诉记录', '批次行号', '批次:行'],
    ['ticket_id', 'ticket', 'ticket_no', 'ticket_number', 'case_id', 'complaint_id', '工单号', '投诉单号', '投诉编号', '工单编号', '单号'],
  ],
  category: [
    ['category', 'category_code', 'correct_category', 'reviewed_category', 'category_reviewed', 'new_category', '正确类别', '复核类别', '投诉类别', '投诉类型', '问题类型', '类别', '分类'],
  ],
  root_cause: [
    ['root_cause', 'root_cause_code', 'correct_root_cause', 'reviewed_root_cause', 'root_cause_reviewed', 'new_root_cause', 'cause', '正确原因', '复核原因', '根本原因', '根因', '原因分类', '责任原因', '原因'],
  ],
  reason: [['reason', 'note', 'notes', 'comment', 'comments', 'remark', 'remarks', '理由', '修改原因', '更正原因', '复核说明', '原因说明', '说明', '备注']],
};

const COLUMN_EXAMPLES: Readonly<Record<CorrectionColumn, string>> = {
  complaint: 'complaint (BATCH:LINE), ticket_id, 工单号, 投诉单号',
  category: 'category, 类别, 投诉类别',
  root_cause: 'root_cause, 根本原因, 原因',
  reason: 'reason, 理由, 备注',
};

/** Longest reason kept, in UTF-8 bytes. */
const MAX_REASON_BYTES = 2000;

/** One correction as the file gives it (codes read, complaint not yet looked up). */
export interface CorrectionRow {
  readonly lineNo: number;
  /** BATCH:LINE or a ticket id, as written. */
  readonly reference: string;
  readonly category: ComplaintCategory | null;
  readonly rootCause: RootCause | null;
  /** The row's reason, null when it gives none. */
  readonly reason: string | null;
}

const CATEGORY_HINT = 'service, product, technical or other (also 服务, 产品, 技术, 其他 and the labels ingest reads)';
const ROOT_CAUSE_HINT = 'process, staff_attitude, product_quality, technical_support or other (also 流程, 服务态度, 产品质量, 技术支持, 其他 and the labels ingest reads)';

/**
 * The category code a reviewer's cell names: the code itself (any case, `-` or blank for `_`) or a label
 * ingest reads as that category (src/ingest/standardize/vocabulary.ts: 服务, 资费 → product, 网络 → technical …).
 * @example readCategory('Technical') // => 'technical'
 * @example readCategory('服务') // => 'service'
 */
export function readCategory(text: string): ComplaintCategory | null {
  return standardizeCategory(text);
}

/**
 * The root-cause code a reviewer's cell names (as `readCategory`).
 * @example readRootCause('staff attitude') // => 'staff_attitude'
 * @example readRootCause('产品质量') // => 'product_quality'
 */
export function readRootCause(text: string): RootCause | null {
  return standardizeRootCause(text);
}

const CORRECTIONS_SPEC: TableSpec<CorrectionColumn, CorrectionRow> = {
  columns: CORRECTION_COLUMNS,
  required: [['complaint'], ['category', 'root_cause']],
  examples: COLUMN_EXAMPLES,
  expected: 'columns complaint (BATCH:LINE or ticket id), category and/or root_cause (e.g. 工单号,类别,根本原因)',
  parseRow(row) {
    const reference = row.text('complaint', { required: true });
    const categoryText = row.text('category');
    const rootCauseText = row.text('root_cause');
    const reasonText = row.text('reason', { maxBytes: MAX_REASON_BYTES });
    let category: ComplaintCategory | null = null;
    let rootCause: RootCause | null = null;
    if (categoryText) {
      category = readCategory(categoryText);
      if (category === null) row.problem('category', `'${categoryText}' is not a category: write ${CATEGORY_HINT}`);
    }
    if (rootCauseText) {
      rootCause = readRootCause(rootCauseText);
      if (rootCause === null) row.problem('root_cause', `'${rootCauseText}' is not a root cause: write ${ROOT_CAUSE_HINT}`);
    }
    if (categoryText === '' && rootCauseText === '') {
      const both = row.has('category') && row.has('root_cause');
      row.problem(row.has('category') ? 'category' : 'root_cause', both ? 'empty, and so is the root cause: give a category, a root cause or both' : 'empty, but required');
    }
    if (reference === undefined || categoryText === undefined || rootCauseText === undefined || reasonText === undefined) return undefined;
    return { lineNo: row.lineNo, reference, category, rootCause, reason: reasonText === '' ? null : reasonText };
  },
};

/**
 * Reads and checks a corrections file (stage 1 of the module header); looks nothing up, stores nothing.
 * @throws TableFileError when the file cannot be read as corrections (not text, no complaint column, neither
 *   a category nor a root-cause column, a column named twice, an unterminated quote); the message starts with
 *   the file name
 * @example await readCorrectionsFile('corrections.csv') // => { rows: [{ lineNo: 2, reference: '4:117', category: 'product', rootCause: null, reason: null }], rejected: [], … }
 */
export async function readCorrectionsFile(path: string, options: { readonly encoding?: Encoding } = {}): Promise<TableFile<CorrectionColumn, CorrectionRow>> {
  return readTableFile(path, CORRECTIONS_SPEC, options);
}

/** A correction whose complaint is found: ready to store. */
export interface CheckedCorrection extends CorrectionRow {
  /** The current complaint it names, with its labels before the correction. */
  readonly item: ReviewItem;
}

export interface CheckedCorrections {
  /** In file order. */
  readonly corrections: readonly CheckedCorrection[];
  /** The file's rejected rows and the rows whose complaint is unknown, ambiguous or repeated (these without `text`), by line. */
  readonly rejected: readonly RejectedRow<CorrectionColumn>[];
}

/**
 * Looks up each row's complaint among the current complaints (stage 2 of the module header); stores nothing.
 * Each distinct reference is looked up once.
 * @param db the database
 * @param file a corrections file as `readCorrectionsFile` read it
 * @example await checkCorrections(db, file) // => { corrections: [{ lineNo: 2, reference: 'T7', item: { batchId: 4, lineNo: 7, … }, … }], rejected: [] }
 */
export async function checkCorrections(db: Database, file: TableFile<CorrectionColumn, CorrectionRow>): Promise<CheckedCorrections> {
  const header = file.columns.complaint ?? 'complaint';
  const found = new Map<string, ReviewItem[]>();
  const corrections: CheckedCorrection[] = [];
  const rejected: RejectedRow<CorrectionColumn>[] = [...file.rejected];
  const firstLine = new Map<string, number>();
  for (const row of file.rows) {
    let items = found.get(row.reference);
    if (items === undefined) {
      items = await findComplaints(db, row.reference);
      found.set(row.reference, items);
    }
    const reject = (message: string) => rejected.push({ lineNo: row.lineNo, problems: [{ field: 'complaint', column: header, message }], text: '' });
    if (items.length === 0) {
      reject(`no current complaint '${row.reference}' (give BATCH:LINE as servq classify review prints it, or a ticket id)`);
      continue;
    }
    if (items.length > 1) {
      reject(`ticket '${row.reference}' names ${items.length} current complaints (${items.map((i) => `${i.batchId}:${i.lineNo}`).join(', ')}): give BATCH:LINE`);
      continue;
    }
    const item = items[0]!;
    const key = `${item.batchId}:${item.lineNo}`;
    const first = firstLine.get(key);
    if (first !== undefined) {
      reject(`complaint ${key} is corrected on line ${first} already`);
      continue;
    }
    firstLine.set(key, row.lineNo);
    corrections.push({ ...row, item });
  }
  rejected.sort((a, b) => a.lineNo - b.lineNo);
  return { corrections, rejected };
}
