/**
 * The work behind `servq taxonomy` and `servq classify …` (declared in classify-command.ts): reading options,
 * calling src/classify and src/db/classification-queries.ts, printing tables or JSON.
 */
import { parsePeriod } from '../analyze/period.js';
import type { ClassificationReport } from '../analysis/classify/classification-report.js';
import { compileKeywordRules } from '../analysis/classify/keyword-rules.js';
import { TEXT_CLASSIFIER_METHODS } from '../analysis/classify/text-classifier.js';
import { classifyComplaints, NoModelError, trainComplaintClassifier, type TargetTraining, type TrainingOutcome } from '../classify/classify-complaints.js';
import { catalogTokenizer, loadTaxonomy, TAXONOMY_TARGETS, TaxonomyFileError } from '../classify/text-catalog.js';
import { systemActor } from '../db/batch-queries.js';
import { findComplaints, insertReviews, listModels, reviewQueue, TRUSTED_LABEL_RULE, type PeriodFilter, type ReviewItem } from '../db/classification-queries.js';
import type { Database } from '../db/session.js';
import { SERVQ_VERSION } from '../paths.js';
import { csvLines } from '../reports/csv-cell.js';
import type { ClassifyComplaintsOptions, ClassifyCorrectOptions, ClassifyReviewOptions } from './classify-command.js';
import { CliError } from './cli-error.js';
import { count, displayWidth, table, withDatabase, type GlobalOptions } from './context.js';
import { checkCorrections, readCorrectionsFile } from './corrections-file.js';
import { rejectLines, TableFileError } from './table-file.js';

/** Runs `work` with the database open (the command's; a test passes its own database). */
export type WithDatabase = <T>(work: (db: Database) => Promise<T>) => Promise<T>;

function defaultWithDb(g: GlobalOptions): WithDatabase {
  return (work) => withDatabase(g, work);
}

function periodFilter(period: string | undefined, timeZone: string): PeriodFilter | null {
  if (period === undefined) return null;
  try {
    const p = parsePeriod(period);
    return { range: { key: 'current', from: p.from, to: p.to }, timeZone };
  } catch (error) {
    throw new CliError((error as Error).message.replace(/^period: /, '--period: '), 2);
  }
}

function taxonomyOrUsageError(file: string | undefined) {
  try {
    return loadTaxonomy(file);
  } catch (error) {
    if (error instanceof TaxonomyFileError) throw new CliError(error.message, 2);
    throw error;
  }
}

/** `text` in lines of at most `columns` display columns, broken at spaces. */
function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && displayWidth(line) + 1 + displayWidth(word) > columns) {
      lines.push(line);
      line = `    ${word}`;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);

/** `servq taxonomy`: the keyword rules per target and code. */
export function runTaxonomy(options: { taxonomy?: string; json?: boolean }): void {
  const taxonomy = taxonomyOrUsageError(options.taxonomy);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(taxonomy, null, 2)}\n`);
    return;
  }
  const tokenizer = catalogTokenizer();
  console.log(`taxonomy ${taxonomy.version} (${taxonomy.file})`);
  for (const target of TAXONOMY_TARGETS) {
    const rules = taxonomy.targets[target]!;
    const compiled = compileKeywordRules(rules, (t) => tokenizer.tokenize(t).terms);
    console.log(`\n${target} (in priority order; no keyword found → ${rules.fallback}):`);
    const width = Math.max(...rules.codes.map((c) => displayWidth(c.code)));
    for (const c of rules.codes) {
      const lines = [...wrap(`zh: ${c.zh.join(' ') || '–'}`, 90), ...wrap(`en: ${c.en.join(', ') || '–'}`, 90)];
      lines.forEach((line, i) => console.log(`  ${(i === 0 ? c.code : '').padEnd(width)}  ${line}`));
    }
    if (compiled.unusable.length > 0) console.log(`warning: these English keywords are only stop words and can never match: ${compiled.unusable.join(', ')}`);
  }
}

function reportRows(label: string, r: ClassificationReport): string[] {
  return [label, f3(r.macroF1), f3(r.accuracy)];
}

function printTarget(t: TargetTraining): void {
  if (t.status !== 'ok') {
    console.log(`\n${t.target}: not learned — ${t.reason}`);
    return;
  }
  const e = t.evaluation;
  console.log(`\n${t.target}: ${e.folds}-fold cross-validation over ${count(t.documents)} complaints (stratified, seed ${e.seed})`);
  const rows = [reportRows(`classifier (${t.model.method})`, e.classifier)];
  if (t.alternative) rows.push(reportRows(`classifier (${t.alternative.method})`, t.alternative.classifier));
  if (e.rules) rows.push(reportRows('keyword rules alone', e.rules));
  rows.push(reportRows('majority class', e.baseline));
  console.log(table(['predictor', 'macro-F1', 'accuracy'], rows));
  if (e.rules) {
    const gain = e.classifier.macroF1 - e.rules.macroF1;
    console.log(`→ macro-F1 ${gain >= 0 ? 'above' : 'BELOW'} the keyword rules by ${Math.abs(gain).toFixed(3)} (${f3(e.rules.macroF1)} → ${f3(e.classifier.macroF1)})`);
  }
  const rules = new Map((e.rules?.perClass ?? []).map((c) => [c.label, c]));
  console.log(
    table(
      ['class', 'n', 'precision', 'recall', 'F1', 'rules P', 'rules R', 'rules F1'],
      e.classifier.perClass.map((c) => {
        const r = rules.get(c.label);
        return [c.label, count(c.support), f3(c.precision), f3(c.recall), f3(c.f1), f3(r?.precision), f3(r?.recall), f3(r?.f1)];
      }),
    ),
  );
  console.log('confusion matrix of the classifier (rows: trusted label, columns: predicted):');
  const labels = e.classifier.labels;
  console.log(table(['', ...labels], labels.map((l, i) => [l, ...e.classifier.confusion[i]!.map((n) => count(n))])));
}

function printTraining(o: TrainingOutcome): void {
  if (o.modelVersion === null) {
    console.log(`no model stored: nothing could be learned from ${count(o.labelledRows)} labelled complaints`);
  } else {
    console.log(`model version ${o.modelVersion}: ${TEXT_CLASSIFIER_METHODS[o.method]}`);
  }
  const sampled = o.totalLabelled > o.labelledRows ? ` (a seeded sample of the ${count(o.totalLabelled)} labelled)` : '';
  console.log(`learned from ${count(o.labelledRows)} complaints with a trusted label${sampled}; ${count(o.withoutTerms)} of them have no usable term in their description and are left out`);
  console.log(`trusted label: ${TRUSTED_LABEL_RULE}`);
  for (const t of o.targets) printTarget(t);
}

function reviewRows(items: readonly ReviewItem[]): string[][] {
  const excerpt = (s: string | null) => (s === null ? '' : s.replace(/\s+/g, ' ').slice(0, 40));
  return items.map((i) => [
    `${i.batchId}:${i.lineNo}`,
    i.ticketId ?? '',
    i.categoryPredicted === null ? '–' : `${i.categoryPredicted} ${pct(i.categoryConfidence)}`,
    i.rootCausePredicted === null ? '–' : `${i.rootCausePredicted} ${pct(i.rootCauseConfidence)}`,
    `${i.categoryGiven ?? '–'} / ${i.rootCauseGiven ?? '–'}`,
    `${i.categoryRule ?? '–'} / ${i.rootCauseRule ?? '–'}`,
    excerpt(i.description),
  ]);
}

const REVIEW_HEADERS = ['complaint', 'ticket', 'category (confidence)', 'root cause (confidence)', 'given', 'rules', 'description'];

/**
 * `servq classify complaints [--train]`.
 * @returns the exit code: 0, or 1 when --train could learn nothing
 */
export async function runClassifyComplaints(o: ClassifyComplaintsOptions, g: GlobalOptions, command: string, withDb: WithDatabase = defaultWithDb(g)): Promise<number> {
  const period = periodFilter(o.period, o.timeZone);
  if (o.taxonomy !== undefined) taxonomyOrUsageError(o.taxonomy);
  const progress = o.progress && !o.json ? (m: string) => console.error(`servq: ${m}`) : undefined;
  return withDb(async (db) => {
    let training: TrainingOutcome | null = null;
    if (o.train) {
      training = await trainComplaintClassifier(db, {
        method: o.method,
        folds: o.folds,
        seed: o.seed,
        compare: o.compare === true,
        ...(o.taxonomy !== undefined ? { taxonomyFile: o.taxonomy } : {}),
        trainedBy: systemActor(),
        command,
        servqVersion: SERVQ_VERSION,
        ...(progress ? { progress } : {}),
      });
      if (!o.json) printTraining(training);
      if (training.modelVersion === null) {
        if (o.json) process.stdout.write(`${JSON.stringify({ training, classification: null, review: null })}\n`);
        return 1;
      }
    }
    let outcome;
    try {
      outcome = await classifyComplaints(db, {
        period,
        ...(training?.modelVersion ? { modelVersion: training.modelVersion } : o.model !== undefined ? { modelVersion: o.model } : {}),
        ...(o.taxonomy !== undefined ? { taxonomyFile: o.taxonomy } : {}),
        ...(progress ? { progress } : {}),
      });
    } catch (error) {
      if (error instanceof NoModelError) throw new CliError(error.message, 1);
      throw error;
    }
    const review = await reviewQueue(db, { period, below: o.below, limit: o.reviewLimit, includeLabelled: false });
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ training, classification: outcome, review })}\n`);
      return 0;
    }
    const scope = o.period === undefined ? 'current complaints (all periods)' : `complaints received in ${o.period} (${o.timeZone})`;
    console.log(`\nclassified ${count(outcome.classified)} ${scope} with model version ${outcome.modelVersion}`);
    if (outcome.withoutTerms > 0) console.log(`${count(outcome.withoutTerms)} have no usable term in their description (empty, numbers, emoji or masked data only): no prediction`);
    if (outcome.truncated > 0) console.log(`${count(outcome.truncated)} descriptions are longer than 64 Ki characters: only their start was read`);
    if (outcome.pruned > 0) console.log(`${count(outcome.pruned)} predictions of complaints in removed batches deleted`);
    const dist = (d: Readonly<Record<string, number>>) => Object.entries(d).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${count(n)}`).join(', ');
    console.log(`predicted category: ${dist(outcome.byCategory) || '–'}`);
    console.log(`predicted root cause: ${dist(outcome.byRootCause) || '–'}`);
    if (review.total === 0) {
      console.log(`no unlabelled complaint has a prediction below ${pct(o.below)} confidence`);
    } else {
      console.log(`\n${count(review.total)} unlabelled complaints have a prediction below ${pct(o.below)} confidence; ${review.items.length < review.total ? `the ${review.items.length} least confident` : 'all'}:`);
      if (review.items.length > 0) console.log(table(REVIEW_HEADERS, reviewRows(review.items)));
      console.log('record a decision: servq classify correct BATCH:LINE --category … --root-cause … (servq classify review lists them again)');
    }
    return 0;
  });
}

/** `servq classify review`: the unsure predictions. */
export async function runClassifyReview(o: ClassifyReviewOptions, g: GlobalOptions, withDb: WithDatabase = defaultWithDb(g)): Promise<void> {
  const period = periodFilter(o.period, o.timeZone);
  const review = await withDb((db) => reviewQueue(db, { period, below: o.below, limit: o.limit, includeLabelled: o.includeLabelled === true }));
  if (o.format === 'json') {
    process.stdout.write(`${JSON.stringify(review)}\n`);
    return;
  }
  if (o.format === 'csv') {
    process.stdout.write(
      csvLines(
        ['complaint', 'ticket_id', 'received_at', 'category_predicted', 'category_confidence', 'root_cause_predicted', 'root_cause_confidence', 'category_given', 'root_cause_given', 'category_rule', 'root_cause_rule', 'model_version', 'description'],
        review.items.map((i) => [
          `${i.batchId}:${i.lineNo}`, i.ticketId, i.receivedAt.toISOString(), i.categoryPredicted, i.categoryConfidence, i.rootCausePredicted, i.rootCauseConfidence,
          i.categoryGiven, i.rootCauseGiven, i.categoryRule, i.rootCauseRule, i.modelVersion, i.description,
        ]),
      ),
    );
    return;
  }
  if (review.total === 0) {
    console.log(`nothing to review: no ${o.includeLabelled ? '' : 'unlabelled '}complaint has an unreviewed prediction below ${pct(o.below)} confidence`);
    return;
  }
  console.log(`${count(review.total)} complaints to review (prediction below ${pct(o.below)} confidence); ${review.items.length < review.total ? `the ${review.items.length} least confident` : 'all'}:`);
  console.log(table(REVIEW_HEADERS, reviewRows(review.items)));
}

/** A label before a correction: the latest review, else the export's, else the prediction. */
function labelBefore(reviewed: string | null, given: string | null, predicted: string | null): string {
  return reviewed ?? given ?? predicted ?? '–';
}

/**
 * `servq classify correct REF --category … --root-cause …`: records one reviewer decision; with `--file`
 * (instead of REF), `runClassifyCorrectFile`.
 * @returns the exit code: 0 recorded, 1 (a file) refused
 * @throws CliError exit 2 when neither or both of REF and --file are given; exit 1 when REF names no current
 *   complaint or several
 */
export async function runClassifyCorrect(reference: string | undefined, o: ClassifyCorrectOptions, g: GlobalOptions, command: string, withDb: WithDatabase = defaultWithDb(g)): Promise<number> {
  const exactlyOne = (given: string) => new CliError(`give exactly one of the complaint (BATCH:LINE or a ticket id) and --file FILE (${given} given)`, 2);
  if (o.file !== undefined) {
    if (reference !== undefined) throw exactlyOne('both');
    return runClassifyCorrectFile(o.file, o, g, command, withDb);
  }
  if (reference === undefined) throw exactlyOne('neither');
  if (o.skipBad) throw new CliError('--skip-bad goes with --file', 2);
  if (o.category === undefined && o.rootCause === undefined) throw new CliError('give --category and/or --root-cause', 2);
  const { item, reviewId } = await withDb(async (db) => {
    const found = await findComplaints(db, reference);
    if (found.length === 0) throw new CliError(`no current complaint '${reference}': give BATCH:LINE as servq classify review prints it, or a ticket id`, 1);
    if (found.length > 1) {
      throw new CliError(`'${reference}' names ${found.length} current complaints (${found.map((f) => `${f.batchId}:${f.lineNo}`).join(', ')}): give BATCH:LINE`, 1);
    }
    const item = found[0]!;
    const [reviewId] = await insertReviews(db, [
      {
        batchId: item.batchId,
        lineNo: item.lineNo,
        category: o.category ?? null,
        rootCause: o.rootCause ?? null,
        reviewedBy: systemActor(),
        command,
        reason: o.reason ?? null,
        modelVersion: item.modelVersion,
        categoryPredicted: item.categoryPredicted,
        rootCausePredicted: item.rootCausePredicted,
      },
    ]);
    return { item, reviewId: reviewId! };
  });
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ reviewId, batchId: item.batchId, lineNo: item.lineNo, ticketId: item.ticketId, category: o.category ?? null, rootCause: o.rootCause ?? null, was: { categoryGiven: item.categoryGiven, rootCauseGiven: item.rootCauseGiven, categoryPredicted: item.categoryPredicted, rootCausePredicted: item.rootCausePredicted } })}\n`);
    return 0;
  }
  const parts = [
    o.category !== undefined ? `category ${labelBefore(item.categoryReviewed, item.categoryGiven, item.categoryPredicted)} → ${o.category}` : '',
    o.rootCause !== undefined ? `root cause ${labelBefore(item.rootCauseReviewed, item.rootCauseGiven, item.rootCausePredicted)} → ${o.rootCause}` : '',
  ].filter((p) => p !== '');
  console.log(`complaint ${item.batchId}:${item.lineNo}${item.ticketId ? ` (${item.ticketId})` : ''}: ${parts.join('; ')} (review ${reviewId})`);
  console.log('recorded with who, when and this command; the next servq classify complaints --train learns from it');
  return 0;
}

/**
 * The `command` stored with a correction from a file: the command line, the file (when the command line does
 * not name it), its SHA-256 prefix and the line, e.g. `servq classify correct --file c.csv (sha256 1a2b3c4d…, line 7)`.
 */
export function fileCorrectionCommand(command: string, fileName: string, sha256: string, lineNo: number): string {
  return `${command} (${command.includes(fileName) ? '' : `${fileName}, `}sha256 ${sha256.slice(0, 8)}…, line ${lineNo})`;
}

/**
 * `servq classify correct --file FILE`: reads the file (no database is opened for a file that cannot be read),
 * looks up every row's complaint, then stores the good rows in one `insertReviews` call — only when no row is
 * bad, or with `--skip-bad`. Bad rows are listed on stderr (and as JSON lines with --json).
 * @returns the exit code: 0 recorded, 1 refused (a bad row without --skip-bad, or no good row at all)
 * @throws CliError exit 2 with --category or --root-cause (the file gives them); exit 1 when the file cannot
 *   be read as corrections
 */
export async function runClassifyCorrectFile(path: string, o: ClassifyCorrectOptions, g: GlobalOptions, command: string, withDb: WithDatabase = defaultWithDb(g)): Promise<number> {
  if (o.category !== undefined || o.rootCause !== undefined) throw new CliError('with --file, the category and root cause come from the file: leave out --category and --root-cause', 2);
  let file;
  try {
    file = await readCorrectionsFile(path);
  } catch (error) {
    if (error instanceof TableFileError) throw new CliError(error.message);
    throw error;
  }
  const rowsRead = file.rows.length + file.rejected.length;
  if (rowsRead === 0) throw new CliError(`${file.fileName}: no rows under the header on line ${file.headerLine}`);
  const actor = systemActor();
  const { checked, reviewIds } = await withDb(async (db) => {
    const checked = await checkCorrections(db, file);
    if (checked.corrections.length === 0 || (checked.rejected.length > 0 && !o.skipBad)) return { checked, reviewIds: null };
    const reviewIds = await insertReviews(
      db,
      checked.corrections.map((c) => ({
        batchId: c.item.batchId,
        lineNo: c.item.lineNo,
        category: c.category,
        rootCause: c.rootCause,
        reviewedBy: actor,
        command: fileCorrectionCommand(command, file.fileName, file.sha256, c.lineNo),
        reason: c.reason ?? o.reason ?? null,
        modelVersion: c.item.modelVersion,
        categoryPredicted: c.item.categoryPredicted,
        rootCausePredicted: c.item.rootCausePredicted,
      })),
    );
    return { checked, reviewIds };
  });
  const bad = checked.rejected;
  for (const line of rejectLines({ fileName: file.fileName, rejected: bad })) console.error(line);
  if (o.json) {
    for (const r of bad) process.stdout.write(`${JSON.stringify({ file: file.fileName, line: r.lineNo, status: 'rejected', problems: r.problems })}\n`);
  }
  if (reviewIds === null) {
    const why =
      checked.corrections.length === 0
        ? `no row of ${count(rowsRead)} can be recorded (listed above)`
        : `${count(bad.length)} of ${count(rowsRead)} row(s) are bad (listed above); correct them, or record the other ${count(checked.corrections.length)} with --skip-bad`;
    console.error(`servq: ${file.fileName}: refused, nothing recorded: ${why}`);
    return 1;
  }
  if (o.json) {
    checked.corrections.forEach((c, i) => {
      const item = c.item;
      process.stdout.write(
        `${JSON.stringify({
          file: file.fileName,
          line: c.lineNo,
          status: 'recorded',
          reviewId: reviewIds[i],
          batchId: item.batchId,
          lineNo: item.lineNo,
          ticketId: item.ticketId,
          category: c.category,
          rootCause: c.rootCause,
          reason: c.reason ?? o.reason ?? null,
          was: { categoryReviewed: item.categoryReviewed, rootCauseReviewed: item.rootCauseReviewed, categoryGiven: item.categoryGiven, rootCauseGiven: item.rootCauseGiven, categoryPredicted: item.categoryPredicted, rootCausePredicted: item.rootCausePredicted },
        })}\n`,
      );
    });
    return 0;
  }
  const change = (before: string, after: string | null) => (after === null ? `${before} (unchanged)` : `${before} → ${after}`);
  console.log(
    table(
      ['line', 'complaint', 'ticket', 'category', 'root cause'],
      checked.corrections.map((c) => [
        String(c.lineNo),
        `${c.item.batchId}:${c.item.lineNo}`,
        c.item.ticketId ?? '',
        change(labelBefore(c.item.categoryReviewed, c.item.categoryGiven, c.item.categoryPredicted), c.category),
        change(labelBefore(c.item.rootCauseReviewed, c.item.rootCauseGiven, c.item.rootCausePredicted), c.rootCause),
      ]),
    ),
  );
  const skipped = bad.length > 0 ? `; ${count(bad.length)} bad row(s) skipped (listed above)` : '';
  console.log(`${file.fileName} (${file.encoding.toUpperCase()}, ${file.delimiter}, sha256 ${file.sha256.slice(0, 8)}…): ${count(reviewIds.length)} correction(s) recorded${skipped}`);
  console.log('recorded with who, when, this command and the file\'s line; the next servq classify complaints --train learns from them');
  return 0;
}

/** `servq classify models`: the stored model versions. */
export async function runClassifyModels(o: { json?: boolean }, g: GlobalOptions, withDb: WithDatabase = defaultWithDb(g)): Promise<void> {
  const models = await withDb((db) => listModels(db));
  if (o.json) {
    for (const m of models) process.stdout.write(`${JSON.stringify({ ...m, model: undefined })}\n`);
    return;
  }
  if (models.length === 0) {
    console.log('no model trained yet: servq classify complaints --train');
    return;
  }
  const macro = (metrics: unknown, target: string, key: 'classifier' | 'rules' | 'baseline') => {
    const t = (metrics as Record<string, Record<string, { macroF1?: number } | null> | undefined>)[target];
    return f3(t?.[key]?.macroF1);
  };
  console.log(
    table(
      ['version', 'trained (UTC)', 'by', 'method', 'complaints', 'category F1', 'rules', 'root cause F1', 'rules'],
      models.map((m) => [
        String(m.modelVersion),
        m.trainedAt.toISOString().slice(0, 16).replace('T', ' '),
        m.trainedBy,
        m.method,
        count(m.trainingRows),
        macro(m.metrics, 'category', 'classifier'),
        macro(m.metrics, 'category', 'rules'),
        macro(m.metrics, 'root_cause', 'classifier'),
        macro(m.metrics, 'root_cause', 'rules'),
      ]),
    ),
  );
  console.log('macro-F1: k-fold cross-validated at training (servq classify models --json for every figure)');
}
