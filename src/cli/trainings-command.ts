/**
 * `servq trainings import FILE` and `servq trainings list`: the trainings agents took (agent, course, the day
 * the course ended), for the training-effectiveness analysis.
 *
 * Stages of an import (1–3 are the table-file reader's, src/cli/table-file.ts):
 *   1. probe the file (src/ingest/probe.ts): SHA-256, encoding (BOM, UTF-8, GB18030, UTF-16), not a
 *      workbook or binary; decode to UTF-8;
 *   2. layout: an Excel `sep=;` first line names the delimiter, else the one among , ; tab | whose header
 *      (the first of the first 10 non-blank records naming the most of the three columns) names most;
 *      headers match case-insensitively, English and Chinese (`TRAINING_COLUMNS`);
 *   3. rows (src/ingest/csv-scanner.ts): each row imported, a repeat of an earlier line, or rejected with one
 *      reason per bad field naming its line and column;
 *   4. any rejected row refuses the whole file, listing them all (`--skip-bad` imports the good rows and
 *      still lists the bad); then one transaction stores the rows (src/db/training-queries.ts): a training
 *      already stored, from this file or another, is counted as present and changes nothing.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { systemActor } from '../db/batch-queries.js';
import type { Database } from '../db/session.js';
import type { TrainingRow } from '../db/training-queries.js';
// The query layer (Kysely) only when a command runs, not for every `servq` start-up.
const queries = () => import('../db/training-queries.js');
import type { Encoding } from '../ingest/probe.js';
import { CliError } from './cli-error.js';
import { count, table, withDatabase, type GlobalOptions } from './context.js';
import {
  readTableFile,
  rejectLines as tableRejectLines,
  TableFileError,
  type RejectedRow,
  type RowProblem as TableRowProblem,
  type TableFile,
  type TableSpec,
} from './table-file.js';

export type TrainingColumn = 'agent_code' | 'course' | 'trained_on';

/**
 * Header names per column, normalised as ingest does (`normalizeHeader`: NFKC, lower case, brackets dropped,
 * separators folded to `_`), in tiers: when two columns of a file match, the one of the earlier tier wins
 * (`完成日期` over a generic `日期`; `工号` over `坐席`, which may hold a name); two of one tier are an error.
 */
export const TRAINING_COLUMNS: Readonly<Record<TrainingColumn, readonly (readonly string[])[]>> = {
  agent_code: [
    ['agent_code', 'agent_id', 'staff_id', 'staff_code', 'employee_id', 'employee_no', 'employee_code', '工号', '坐席工号', '客服工号', '员工工号', '员工编号', '坐席号', '坐席编号'],
    ['agent', 'staff', 'employee', 'operator', '坐席', '客服', '员工'],
  ],
  course: [
    ['course', 'course_name', 'course_title', 'training_course', '课程', '课程名称', '培训课程', '培训课程名称'],
    ['training', 'training_name', 'program', '培训名称', '培训项目', '培训内容', '培训'],
  ],
  trained_on: [
    ['trained_on', 'completed_on', 'completion_date', 'completed', 'finished_on', 'end_date', '完成日期', '结业日期', '培训结束日期', '结束日期', '完成时间'],
    ['date', 'training_date', 'course_date', '日期', '培训日期', '培训时间'],
  ],
};

/** A few of each column's names, for messages. */
const COLUMN_EXAMPLES: Readonly<Record<TrainingColumn, string>> = {
  agent_code: 'agent_code, agent, 工号, 坐席工号',
  course: 'course, 课程, 培训课程',
  trained_on: 'completed_on, date, 完成日期, 培训日期',
};

/** Longest agent code or course kept, in UTF-8 bytes (ingest's limit for short text). */
const MAX_TEXT_BYTES = 512;
/** Dates outside this span are taken as mistakes (a year typed wrong, a serial number that is not a date). */
const FIRST_DAY = '1990-01-01';
const LAST_DAY = '2099-12-31';
const DAY_MS = 86_400_000;
/** Excel's day 0 in its 1900 date system (serial 1 = 1900-01-01, counting Lotus's 1900-02-29). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?`;
const YMD = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`);
const YMD_CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
const YMD_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DMY_DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`);
const SLASHED = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`);
const EXCEL_SERIAL = /^(\d{5})(?:\.\d+)?$/;

export type DateOrder = 'DMY' | 'MDY';

/** A day read from text, or why not. */
export type DayReading = { readonly day: string } | { readonly problem: string };

function calendarDay(text: string, y: number, m: number, d: number): DayReading {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { problem: `'${text}' is not a calendar date` };
  const day = date.toISOString().slice(0, 10);
  if (day < FIRST_DAY || day > LAST_DAY) return { problem: `'${text}' is outside ${FIRST_DAY.slice(0, 4)}–${LAST_DAY.slice(0, 4)}` };
  return { day };
}

/**
 * The day a text names: `YYYY-MM-DD` (also with `/` or `.`, one-digit month and day, a time after it),
 * `2026年3月5日`, `20260305`, `DD.MM.YYYY`, an Excel date number (days since 1899-12-30, as a date column
 * formatted as a number exports) and, given `dateOrder`, `DD/MM/YYYY` or `MM/DD/YYYY`.
 * @param text the cell, trimmed (full-width digits are read, NFKC)
 * @param dateOrder the order of `03/05/2026`; without it such a date is refused as ambiguous
 * @example parseTrainingDay('2026/3/5') // => { day: '2026-03-05' }
 * @example parseTrainingDay('46086') // => { day: '2026-03-05' }
 * @example parseTrainingDay('03/05/2026') // => { problem: "'03/05/2026': day and month order unknown; …" }
 */
export function parseTrainingDay(text: string, dateOrder?: DateOrder): DayReading {
  const t = text.normalize('NFKC').trim();
  let m = YMD.exec(t) ?? YMD_CHINESE.exec(t) ?? YMD_COMPACT.exec(t);
  if (m) return calendarDay(text, Number(m[1]), Number(m[2]), Number(m[3]));
  m = DMY_DOTTED.exec(t);
  if (m) return calendarDay(text, Number(m[3]), Number(m[2]), Number(m[1]));
  m = SLASHED.exec(t);
  if (m) {
    if (dateOrder === undefined) {
      return { problem: `'${text}': day and month order unknown; write YYYY-MM-DD, or give --date-format DMY or MDY` };
    }
    const [first, second] = [Number(m[1]), Number(m[2])];
    return dateOrder === 'DMY' ? calendarDay(text, Number(m[3]), second, first) : calendarDay(text, Number(m[3]), first, second);
  }
  m = EXCEL_SERIAL.exec(t);
  if (m) {
    const date = new Date(EXCEL_EPOCH_MS + Number(m[1]) * DAY_MS);
    return calendarDay(text, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }
  return { problem: `'${text}' is not a date (write YYYY-MM-DD; also read: YYYY/MM/DD, DD.MM.YYYY, 2026年3月5日, Excel date numbers)` };
}

/** One problem of a rejected row (`field`: agent_code, course, trained_on, or `row` for the row as a whole). */
export type RowProblem = TableRowProblem<TrainingColumn>;

export type RejectedTraining = RejectedRow<TrainingColumn>;

/** What a trainings file holds, read and validated; nothing stored yet. */
export interface TrainingFile extends Omit<TableFile<TrainingColumn, TrainingRow>, 'columns'> {
  /** The header of each column used. */
  readonly columns: Readonly<Record<TrainingColumn, string>>;
}

export interface ReadTrainingsOptions {
  /** Skip encoding detection. */
  readonly encoding?: Encoding;
  /** Order of day and month in `03/05/2026`. */
  readonly dateOrder?: DateOrder;
}

/** A file that cannot be read as a trainings file at all; the message names the file and what to do. */
export class TrainingFileError extends TableFileError {
  override name = 'TrainingFileError';
}

/** The trainings table (src/cli/table-file.ts): every column required, a row's key its agent, course and day. */
function trainingsSpec(dateOrder: DateOrder | undefined): TableSpec<TrainingColumn, TrainingRow> {
  return {
    columns: TRAINING_COLUMNS,
    required: [['agent_code'], ['course'], ['trained_on']],
    examples: COLUMN_EXAMPLES,
    expected: 'columns agent, course and date (e.g. 工号,培训课程,完成日期)',
    parseRow(row) {
      const agentCode = row.text('agent_code', { required: true, maxBytes: MAX_TEXT_BYTES });
      const course = row.text('course', { required: true, maxBytes: MAX_TEXT_BYTES });
      const day = row.text('trained_on', { required: true, maxBytes: MAX_TEXT_BYTES });
      let trainedOn: string | undefined;
      if (day !== undefined) {
        const reading = parseTrainingDay(day, dateOrder);
        if ('day' in reading) trainedOn = reading.day;
        else row.problem('trained_on', reading.problem);
      }
      if (agentCode === undefined || course === undefined || trainedOn === undefined) return undefined;
      return { agentCode, course: course.replace(/\s+/g, ' '), trainedOn, lineNo: row.lineNo };
    },
    key: (r) => `${r.agentCode}\u0000${r.course}\u0000${r.trainedOn}`,
  };
}

/**
 * Reads and validates a trainings file (stages 1–3 of the module header); stores nothing.
 * @throws TrainingFileError when the file is not a readable trainings file (not text, no header, a column
 *   missing or named twice, an unterminated quote); the message starts with the file name
 * @example await readTrainingsFile('trainings.csv') // => { rows: [{ agentCode: 'A0101', course: '投诉处理', trainedOn: '2026-03-05', lineNo: 2 }], rejected: [], … }
 */
export async function readTrainingsFile(path: string, options: ReadTrainingsOptions = {}): Promise<TrainingFile> {
  try {
    const file = await readTableFile(path, trainingsSpec(options.dateOrder), options.encoding ? { encoding: options.encoding } : {});
    // Every column is required: a file read has them all.
    return file as TrainingFile;
  } catch (error) {
    if (error instanceof TableFileError && !(error instanceof TrainingFileError)) throw new TrainingFileError(error.message);
    throw error;
  }
}

/** One line per rejected row: `FILE line N: column (field): reason; …`. */
export function rejectLines(file: TrainingFile): string[] {
  return tableRejectLines(file);
}

export interface TrainingsImportOptions {
  readonly json?: boolean;
  readonly skipBad?: boolean;
  readonly encoding?: 'utf-8' | 'gb18030' | 'gbk' | 'utf-16le' | 'utf-16be';
  readonly dateFormat?: DateOrder;
}

/** Runs `work` with the database open (the command's `withDatabase`; a test passes its own database). */
export type WithDatabase = <T>(work: (db: Database) => Promise<T>) => Promise<T>;

/**
 * `servq trainings import FILE`: reads the file (no database is opened for a file refused), then stores it.
 * @returns the exit code: 0 imported (or nothing new), 1 refused
 * @throws CliError when the file cannot be read as a trainings file
 */
export async function runTrainingsImport(path: string, o: TrainingsImportOptions, withDb: WithDatabase): Promise<number> {
  let file: TrainingFile;
  try {
    file = await readTrainingsFile(path, {
      ...(o.encoding ? { encoding: o.encoding === 'gbk' ? 'gb18030' : o.encoding } : {}),
      ...(o.dateFormat ? { dateOrder: o.dateFormat } : {}),
    });
  } catch (error) {
    if (error instanceof TrainingFileError) throw new CliError(error.message);
    throw error;
  }
  const rowsRead = file.rows.length + file.repeats.length + file.rejected.length;
  const summary = {
    file: file.fileName,
    sha256: file.sha256,
    encoding: file.encoding,
    delimiter: file.delimiter,
    headerLine: file.headerLine,
    columns: file.columns,
    ignoredColumns: file.ignoredColumns,
    rowsRead,
    repeatedInFile: file.repeats.length,
    rejected: file.rejected.length,
    rejects: file.rejected.map((r) => ({ lineNo: r.lineNo, problems: r.problems })),
  };
  for (const line of rejectLines(file)) console.error(line);
  if (rowsRead === 0) throw new CliError(`${file.fileName}: no rows under the header on line ${file.headerLine}`);
  if (file.rejected.length > 0 && !o.skipBad) {
    if (o.json) process.stdout.write(`${JSON.stringify({ ...summary, status: 'refused', inserted: 0, alreadyPresent: 0 })}\n`);
    console.error(
      `servq: ${file.fileName}: refused, nothing imported: ${count(file.rejected.length)} of ${count(rowsRead)} row(s) are bad (listed above); ` +
        `correct them, or import the other ${count(rowsRead - file.rejected.length)} with --skip-bad`,
    );
    return 1;
  }
  const { result, importedBefore } = await withDb(async (db) => {
    const { importTrainings, trainingFileImportedAt } = await queries();
    const result = await importTrainings(db, file.rows, { fileName: file.fileName, sha256: file.sha256, importedBy: systemActor() });
    const importedBefore = result.inserted === 0 ? await trainingFileImportedAt(db, file.sha256) : undefined;
    return { result, importedBefore };
  });
  const status = result.inserted === 0 ? 'nothing_new' : 'imported';
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ ...summary, status, inserted: result.inserted, alreadyPresent: result.alreadyPresent })}\n`);
    return 0;
  }
  const how = `${file.encoding.toUpperCase()}, ${file.delimiter}, header on line ${file.headerLine}`;
  const parts = [`${count(result.inserted)} imported`, `${count(result.alreadyPresent)} already present`];
  if (file.repeats.length > 0) parts.push(`${count(file.repeats.length)} repeating an earlier line`);
  if (file.rejected.length > 0) parts.push(`${count(file.rejected.length)} bad row(s) skipped (listed above)`);
  console.log(`${file.fileName} (${how}): ${count(rowsRead)} row(s): ${parts.join(', ')}`);
  if (status === 'nothing_new') {
    const when = importedBefore ? `; this file was imported on ${importedBefore.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
    console.log(`nothing new: every training in it is stored already${when}`);
  }
  if (file.ignoredColumns.length > 0) console.log(`columns not used: ${file.ignoredColumns.join(', ')}`);
  return 0;
}

/** `servq trainings list`. */
export async function runTrainingsList(o: { json?: boolean; from?: string; to?: string }, withDb: WithDatabase): Promise<void> {
  const { listTrainings } = await queries();
  const rows = await withDb((db) => listTrainings(db, { ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) }));
  if (o.json) {
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  if (rows.length === 0) {
    console.log('no trainings stored yet: import them with servq trainings import FILE');
    return;
  }
  console.log(
    table(
      ['agent', 'course', 'finished', 'file', 'line', 'imported (UTC)'],
      rows.map((r) => [r.agentCode, r.course, r.trainedOn, r.sourceFile, String(r.lineNo), r.importedAt.toISOString().slice(0, 16).replace('T', ' ')]),
    ),
  );
  const agents = new Set(rows.map((r) => r.agentCode)).size;
  console.log(`${count(rows.length)} training(s) of ${count(agents)} agent(s)`);
}

function parseDay(value: string): string {
  const reading = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseTrainingDay(value) : undefined;
  if (!reading || !('day' in reading)) throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  return reading.day;
}

/** Adds `servq trainings import|list` to the program; actions read the global options from `program.opts()`. */
export function registerTrainingsCommand(program: Command): void {
  const trainings = program.command('trainings').description('the trainings agents took (agent, course, day finished), for the training-effectiveness analysis');
  const withDb: WithDatabase = (work) => withDatabase(program.opts() as GlobalOptions, work);

  trainings
    .command('import')
    .description('import a trainings file (CSV, or CSV saved from Excel; UTF-8 or GB18030): one row per agent, course and day finished')
    .argument('<file>', 'the file: columns agent (工号), course (培训课程) and date (完成日期); other columns are ignored')
    .option('--skip-bad', 'import the good rows of a file with bad rows (default: refuse the whole file)')
    .option('--json', 'print the result as one JSON object')
    .addOption(new Option('--encoding <name>', 'file encoding (default: detected)').choices(['utf-8', 'gb18030', 'gbk', 'utf-16le', 'utf-16be']))
    .addOption(new Option('--date-format <order>', 'order of day and month in dates like 03/05/2026').choices(['DMY', 'MDY']))
    .addHelpText(
      'after',
      `
Headers are matched case-insensitively, in English or Chinese:
  agent:  agent_code, agent_id, staff_id, employee_id, 工号, 坐席工号, 员工编号, agent, 坐席 …
  course: course, course_name, 课程, 培训课程, training, 培训名称, 培训项目 …
  date:   the day the course ended: completed_on, completion_date, end_date, 完成日期, 结业日期,
          or date, training_date, 日期, 培训日期 …
The delimiter (, ; tab |) and encoding are detected (a sep=; first line, as Excel writes, is honoured).
Dates: 2026-03-05, 2026/3/5, 2026年3月5日, 20260305, 05.03.2026, Excel date numbers (46086); 03/05/2026
only with --date-format. Every row is imported, a repeat of an earlier line, or bad: bad rows are listed
with their line and column, and refuse the whole file unless --skip-bad is given. A training already
stored (same agent, course and day, from this file or another) is counted as present and changes
nothing, so importing a file again imports nothing new.
Examples:
  servq trainings import exports/培训记录.csv
  servq trainings import trainings-2026Q1.csv --skip-bad --json`,
    )
    .action(async (file: string, options: TrainingsImportOptions) => {
      process.exitCode = await runTrainingsImport(file, options, withDb);
    });

  trainings
    .command('list')
    .description('list the stored trainings with the file and line each came from')
    .option('--from <date>', 'first day finished (YYYY-MM-DD)', parseDay)
    .option('--to <date>', 'last day finished (YYYY-MM-DD)', parseDay)
    .option('--json', 'print one JSON object per training')
    .addHelpText('after', `
Examples:
  servq trainings list
  servq trainings list --from 2026-01-01 --to 2026-03-31 --json`)
    .action(async (options: { json?: boolean; from?: string; to?: string }) => {
      await runTrainingsList(options, withDb);
    });
}
