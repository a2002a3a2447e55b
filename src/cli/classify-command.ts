/**
 * `servq taxonomy` and `servq classify complaints | review | correct | models`: the complaint taxonomy's keyword
 * rules, the trained classifier, its predictions and reviewers' corrections. This module only declares the
 * commands (main.ts loads it at start-up); the work is in classify-runner.ts, loaded when a command runs.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_TIME_ZONE } from '../ingest/defaults.js';
import type { GlobalOptions } from './context.js';

/** Options of `servq classify complaints`. */
export interface ClassifyComplaintsOptions {
  readonly train?: boolean;
  readonly method: 'naive_bayes' | 'logistic';
  readonly compare?: boolean;
  readonly folds: number;
  readonly seed: number;
  readonly period?: string;
  readonly timeZone: string;
  readonly below: number;
  readonly reviewLimit: number;
  readonly taxonomy?: string;
  readonly model?: number;
  readonly json?: boolean;
  readonly progress: boolean;
}

/** Options of `servq classify review`. */
export interface ClassifyReviewOptions {
  readonly period?: string;
  readonly timeZone: string;
  readonly below: number;
  readonly limit: number;
  readonly includeLabelled?: boolean;
  readonly format: 'table' | 'csv' | 'json';
}

/** Options of `servq classify correct`. */
export interface ClassifyCorrectOptions {
  readonly category?: string;
  readonly rootCause?: string;
  readonly reason?: string;
  /** A file of corrections, one complaint a row (instead of the `<complaint>` argument). */
  readonly file?: string;
  /** With `file`: store the good rows of a file with bad rows. */
  readonly skipBad?: boolean;
  readonly json?: boolean;
}

function parseShare(value: string): number {
  const n = Number(value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a probability from 0 to 1 (or a percent such as 60%)');
  return n;
}

function parseCount(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return n;
  };
}

/** The command line as typed, for the audit columns (who ran what). */
function commandLine(): string {
  return ['servq', ...process.argv.slice(2)].join(' ');
}

/**
 * Adds `servq taxonomy` and `servq classify …` to the program; actions read the global options from
 * `program.opts()`.
 */
export function registerClassifyCommands(program: Command): void {
  const globals = () => program.opts() as GlobalOptions;

  program
    .command('taxonomy')
    .description('show the complaint taxonomy: categories and root causes with the keyword rules that suggest them')
    .option('--taxonomy <file>', 'a taxonomy file of your own (default: catalog/taxonomy.json)')
    .option('--json', 'print the rules as JSON')
    .addHelpText(
      'after',
      `
Chinese keywords match as substrings of the cleaned description, English ones as whole words after stemming;
a code scores the number of its keywords found, the highest wins, a tie goes to the code listed first, none
found gives the fallback. Edit catalog/taxonomy.json (or pass your own file) to change them.`,
    )
    .action(async (options: { taxonomy?: string; json?: boolean }) => {
      const { runTaxonomy } = await import('./classify-runner.js');
      runTaxonomy(options);
    });

  const classify = program.command('classify').description('classify complaints into the taxonomy (category, root cause) from their description');

  classify
    .command('complaints')
    .description('predict category and root cause of complaints with the trained classifier (--train: learn a new model first)')
    .option('--train', 'learn a new model version from complaints with a trusted label, print its cross-validated evaluation, then predict')
    .addOption(new Option('--method <method>', 'learner for --train').choices(['naive_bayes', 'logistic']).default('naive_bayes'))
    .option('--compare', 'with --train: also cross-validate the other learner and print both')
    .option('--folds <k>', 'folds of the cross-validation', parseCount(2), 5)
    .option('--seed <n>', 'seed of the folds and of the training sample', parseCount(0), 1)
    .option('--period <period>', 'only complaints received in this period (2026-Q1, 2026-03, 2026-W05, 2026-03-14, 2026, FROM..TO); default all')
    .addOption(new Option('--time-zone <tz>', 'IANA time zone of the period').env('SERVQ_TIME_ZONE').default(DEFAULT_TIME_ZONE))
    .option('--below <p>', 'list predictions less confident than this for review', parseShare, 0.6)
    .option('--review-limit <n>', 'how many of them to list', parseCount(0), 20)
    .option('--model <version>', 'predict with this model version (default: the newest)', parseCount(1))
    .option('--taxonomy <file>', 'keyword rules to compare with (default: catalog/taxonomy.json)')
    .option('--json', 'print one JSON document (training, predictions, review list)')
    .option('--no-progress', 'no progress messages')
    .addHelpText(
      'after',
      `
Trusted labels (what a model learns from): a reviewer's correction (servq classify correct), else the label the
export gave. Predictions go to complaint_classification (with the model version and confidence); the export's
labels are never changed. The view complaint_label shows given, reviewed and predicted labels side by side.
Examples:
  servq classify complaints --train
  servq classify complaints --train --method logistic --compare
  servq classify complaints --period 2026-Q1 --below 0.7`,
    )
    .action(async (options: ClassifyComplaintsOptions) => {
      const { runClassifyComplaints } = await import('./classify-runner.js');
      process.exitCode = await runClassifyComplaints(options, globals(), commandLine());
    });

  classify
    .command('review')
    .description('list complaints whose predicted label is unsure (and not yet reviewed), least confident first')
    .option('--period <period>', 'only complaints received in this period')
    .addOption(new Option('--time-zone <tz>', 'IANA time zone of the period').env('SERVQ_TIME_ZONE').default(DEFAULT_TIME_ZONE))
    .option('--below <p>', 'confidence below which a prediction is unsure', parseShare, 0.6)
    .option('--limit <n>', 'at most N complaints', parseCount(1), 50)
    .option('--include-labelled', 'also complaints the export labelled, when the prediction disagrees with that label')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .addHelpText('after', `
Record a decision with: servq classify correct BATCH:LINE --category C --root-cause R --reason "…"`)
    .action(async (options: ClassifyReviewOptions) => {
      const { runClassifyReview } = await import('./classify-runner.js');
      await runClassifyReview(options, globals());
    });

  classify
    .command('correct')
    .description("record a reviewer's category and/or root cause for a complaint, or for each row of a file (kept with who, when and the command; used at the next --train)")
    .argument('[complaint]', 'BATCH:LINE as servq classify review prints it, or a ticket id (or give --file)')
    .addOption(new Option('--category <code>', 'the right category').choices(['service', 'product', 'technical', 'other']))
    .addOption(new Option('--root-cause <code>', 'the right root cause').choices(['process', 'staff_attitude', 'product_quality', 'technical_support', 'other']))
    .option('--reason <text>', 'why (kept with the correction; with --file, for rows without a reason of their own)')
    .option('--file <file>', "a reviewed sheet (CSV, or CSV saved from Excel): one complaint a row with its category and/or root cause")
    .option('--skip-bad', 'with --file: record the good rows of a file with bad rows (default: refuse the whole file)')
    .option('--json', 'print the recorded correction as JSON (with --file: one JSON line per row)')
    .addHelpText(
      'after',
      `
One complaint: servq classify correct 4:117 --category product --root-cause product_quality --reason "billing"
A file (--file, instead of the complaint): headers in English or Chinese, other columns ignored:
  complaint:  complaint (BATCH:LINE), or ticket_id, ticket, 工单号, 投诉单号 (a ticket naming several
              current complaints is refused: give BATCH:LINE)
  category:   category, 类别, 投诉类别: service, product, technical, other (or 服务, 产品, 技术, 其他 …)
  root cause: root_cause, 根本原因, 原因: process, staff_attitude, product_quality, technical_support,
              other (or 流程, 服务态度, 产品质量, 技术支持, 其他 …)
  reason:     reason, 理由, 备注 (optional; else --reason)
for example:
  complaint,category,root_cause,reason
  4:117,product,product_quality,billing dispute
  T-20260312-02,service,,agent was rude
The sheet servq classify review --format csv writes can be handed back with category and root_cause
columns added (its complaint column is used, its ticket_id and *_predicted columns are not).
UTF-8 (with or without BOM) or GB18030, delimiter , ; or tab (a sep=; first line is honoured). Every row is
checked before anything is stored: an unknown complaint, an unknown code, neither code given or a complaint
an earlier line corrects already is listed with its line and column and refuses the whole file (exit 1)
unless --skip-bad. The good rows are stored in one transaction, each with the command, the file's SHA-256
and its line.
Examples:
  servq classify correct --file reviewed-2026-03.csv
  servq classify correct --file 复核结果.csv --reason "monthly QA review" --skip-bad --json`,
    )
    .action(async (reference: string | undefined, options: ClassifyCorrectOptions) => {
      const { runClassifyCorrect } = await import('./classify-runner.js');
      process.exitCode = await runClassifyCorrect(reference, options, globals(), commandLine());
    });

  classify
    .command('models')
    .description('the trained model versions: when, by whom, on how many complaints, and their cross-validated macro-F1')
    .option('--json', 'print one JSON object per version (with the full evaluation)')
    .action(async (options: { json?: boolean }) => {
      const { runClassifyModels } = await import('./classify-runner.js');
      await runClassifyModels(options, globals());
    });
}
