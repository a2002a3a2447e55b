/**
 * `servq` command line. Every command has --help; success exits 0, failure exits non-zero with a one-line
 * reason on stderr (the stack only with --debug).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SERVQ_VERSION } from '../paths.js';
import { FIELDS_BY_KIND, SOURCE_KINDS } from '../ingest/fields.js';
import { CliError } from './cli-error.js';
import { DEFAULT_MAX_DUPLICATE_RATE, DEFAULT_MAX_REJECT_RATE, DEFAULT_TIME_ZONE } from '../ingest/defaults.js';
import { DEFAULT_DATA_DIR } from '../db/connect.js';
import type { IngestCommandOptions } from './ingest-command.js';
import type { InspectCommandOptions } from './inspect-command.js';
import { registerTargetsCommand } from './targets-command.js';
import { registerTrainingsCommand } from './trainings-command.js';
import { registerClassifyCommands } from './classify-command.js';
import { registerRollupsCommand } from './rollups-command.js';
import { handleClosedOutput } from './closed-output.js';

function parseRate(value: string): number {
  const rate = Number(value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : value);
  if (!(rate >= 0 && rate <= 1)) throw new InvalidArgumentError('expected a share from 0 to 1 (or a percent such as 5%)');
  return rate;
}

function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a batch id (a positive integer)');
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

const program = new Command('servq')
  .description('Customer-service quality analytics: ingest surveys, call logs and complaints into PostgreSQL.')
  .version(SERVQ_VERSION)
  .addOption(new Option('--database-url <url>', 'PostgreSQL server to use instead of the embedded database').env('DATABASE_URL'))
  .addOption(new Option('--data-dir <dir>', 'embedded database directory').env('SERVQ_DATA_DIR').default(DEFAULT_DATA_DIR))
  .option('--debug', 'print stack traces on errors')
  .showHelpAfterError('(run with --help for usage)')
  .configureHelp({ sortSubcommands: false })
  // Usage errors (unknown option, bad choice) exit 2 like every other usage error, not commander's 1: for
  // `inspect`, 1 means "ingest would refuse this file". Set before the commands so each inherits it.
  .exitOverride();

program
  .command('ingest')
  .description('load export files (CSV/TSV/JSON/NDJSON, UTF-8 or GB18030) as batches: all of a file or none of it, once')
  .argument('<kind>', `what the files hold: ${SOURCE_KINDS.join(' | ')}`)
  .argument('<files...>', 'files to load, each as its own batch')
  .option('--json', 'print one JSON result per file on stdout instead of a table')
  .option('--map <file>', 'mapping profile (JSON) for headers servq does not recognise')
  .addOption(new Option('--encoding <name>', 'file encoding (default: detected)').choices(['utf-8', 'gb18030', 'gbk', 'utf-16le', 'utf-16be']))
  .option('--delimiter <char>', "field delimiter (default: detected among , tab ; |; write '\\t' for tab)")
  .option('--preset <id>', "vendor preset (servq presets lists them; default: detected from the header; 'none': no preset)")
  .addOption(new Option('--date-format <order>', 'order of day and month (and a two-digit year) in dates like 03/05/2026').choices(['DMY', 'MDY', 'YMD']))
  .addOption(new Option('--time-zone <tz>', `IANA time zone of times without an offset (default: the profile's, else ${DEFAULT_TIME_ZONE})`).env('SERVQ_TIME_ZONE'))
  .option('--max-reject-rate <share>', 'refuse a file when more than this share of rows would be rejected', parseRate, DEFAULT_MAX_REJECT_RATE)
  .option(
    '--max-duplicate-rate <share>',
    'refuse a file when more than this share of rows repeat another row of the same file exactly (repeats of earlier batches do not count)',
    parseRate,
    DEFAULT_MAX_DUPLICATE_RATE,
  )
  .option('--replace', 'load the file again and remove the batch that loaded the same content, in one transaction')
  .option('--replace-batch <batch>', 'replace batch N (e.g. a corrected export of the same data) by this file, in one transaction', parsePositiveInteger)
  .option('--keep-frequent-identifiers', 'keep an identifier that repeats in ≥ 20 % of rows as a customer (no placeholder detection)')
  .option('--reason <text>', 'why (kept in the batch history with who and when)')
  .option('--min-date <date>', 'reject timestamps before this date as implausible', '2000-01-01')
  .option('--no-progress', 'no progress bar')
  .addHelpText(
    'after',
    `
Every input row ends up loaded, rejected (with reasons: servq rejects BATCH) or counted as a duplicate.
Re-ingesting a file already loaded changes nothing (status "skipped"); --replace loads it again with the
current options and removes the old batch in the same transaction (servq batches history shows it).
Examples:
  servq ingest calls exports/calls-2026-01.csv
  servq ingest surveys answers.ndjson --json
  servq ingest complaints 投诉.csv --encoding gb18030 --map profiles/vendor-x.json`,
  )
  .action(async (kind: string, files: string[], options: IngestCommandOptions) => {
    const { runIngest } = await import('./ingest-command.js');
    process.exitCode = await runIngest(kind, files, options, program.opts());
  });

program
  .command('inspect')
  .description('dry run: what ingest would decide and do with a file (encoding, header, preset, mapping, labels, rejects), loading nothing')
  .argument('<file>', 'an export file')
  .addOption(new Option('--kind <kind>', 'what the file holds (default: guessed from the header)').choices([...SOURCE_KINDS]))
  .option('--write-profile <file>', 'write a complete mapping profile (everything decided; what is left under "unresolved") to edit and pass to ingest --map')
  .option('--force', 'overwrite the --write-profile file')
  .option('--json', 'print the report as JSON')
  .option('--map <file>', 'mapping profile to apply, as ingest would')
  .option('--preset <id>', "vendor preset (default: detected; 'none': no preset)")
  .addOption(new Option('--encoding <name>', 'file encoding (default: detected)').choices(['utf-8', 'gb18030', 'gbk', 'utf-16le', 'utf-16be']))
  .option('--delimiter <char>', 'field delimiter (default: detected)')
  .addOption(new Option('--date-format <order>', 'order of day, month (and two-digit year) in numeric dates').choices(['DMY', 'MDY', 'YMD']))
  .addOption(new Option('--time-zone <tz>', `IANA time zone of times without an offset (default: ${DEFAULT_TIME_ZONE})`).env('SERVQ_TIME_ZONE'))
  .option('--max-reject-rate <share>', 'as for ingest', parseRate, DEFAULT_MAX_REJECT_RATE)
  .option('--max-duplicate-rate <share>', 'as for ingest', parseRate, DEFAULT_MAX_DUPLICATE_RATE)
  .option('--min-date <date>', 'reject timestamps before this date as implausible', '2000-01-01')
  .addHelpText(
    'after',
    `
Canonical fields per kind:
${SOURCE_KINDS.map((k) => `  ${k}: ${FIELDS_BY_KIND[k].map((f) => f.name).join(', ')}`).join('\n')}
Exit code 0 when ingest would load the file, 1 when it would refuse it.
Examples:
  servq inspect exports/tickets.csv
  servq inspect answers.csv --kind surveys --write-profile answers-profile.json`,
  )
  .action(async (file: string, options: InspectCommandOptions) => {
    const { runInspect } = await import('./inspect-command.js');
    process.exitCode = await runInspect(file, options);
  });

program
  .command('presets')
  .description('list the vendor presets (export formats servq recognises by their header)')
  .addOption(new Option('--kind <kind>', 'only presets of this kind').choices([...SOURCE_KINDS]))
  .option('--json', 'print one JSON object per preset')
  .action(async (options: { json?: boolean; kind?: string }) => {
    const { runPresets } = await import('./inspect-command.js');
    runPresets(options);
  });

const batches = program
  .command('batches')
  .description('list, remove and trace ingest batches (default: list)');

batches
  .command('list', { isDefault: true })
  .description('list ingest batches: file, status, counts, times')
  .option('--json', 'print JSON')
  .option('--limit <n>', 'newest N batches', parsePositive, 50)
  .action(async (options: { json?: boolean; limit: number }) => {
    const { runBatches } = await import('./batches-command.js');
    await runBatches(options, program.opts());
  });

batches
  .command('remove')
  .description("remove loaded batches: their rows go, the record stays (status removed) with who, when and why")
  .argument('<batch...>', 'batch ids (see servq batches)', (value: string, previous: number[] = []) => [...previous, parsePositiveInteger(value)])
  .option('--reason <text>', 'why (kept in the batch history)')
  .option('--json', 'print one JSON result per batch')
  .addHelpText(
    'after',
    `
Rows of later batches that were counted as duplicates of a removed batch's rows are not lost: they are
loaded in their place. To load a file again with other options in one step, use servq ingest … --replace.`,
  )
  .action(async (ids: number[], options: { reason?: string; json?: boolean }) => {
    const { runRemove } = await import('./batches-command.js');
    process.exitCode = await runRemove(ids, options, program.opts());
  });

batches
  .command('history')
  .description('the batch history: loads, failures, removals and replacements, with who, when and why')
  .argument('[batch]', 'only this batch', parsePositiveInteger)
  .option('--json', 'print JSON')
  .option('--limit <n>', 'newest N events', parsePositive, 100)
  .action(async (batch: number | undefined, options: { json?: boolean; limit: number }) => {
    const { runHistory } = await import('./batches-command.js');
    await runHistory(batch, options, program.opts());
  });

program
  .command('rejects')
  .description('show the rejected rows of a batch: line, every reason, raw text')
  .argument('<batch>', 'batch id (see servq batches)', parsePositive)
  .option('--csv', "print CSV (line_no, reasons, raw_text); cells starting with = + - @ get a leading ' so spreadsheets do not run them")
  .option('--limit <n>', 'at most N rows', parsePositive, 1000)
  .action(async (batch: number, options: { csv?: boolean; limit: number }) => {
    const { runRejects } = await import('./batches-command.js');
    await runRejects(batch, options, program.opts());
  });

program
  .command('summary')
  .description('a short text summary of the loaded data')
  .addOption(new Option('--time-zone <tz>', 'IANA time zone for days').env('SERVQ_TIME_ZONE').default(DEFAULT_TIME_ZONE))
  .action(async (options: { timeZone: string }) => {
    const { runSummary } = await import('./summary-command.js');
    await runSummary(options, program.opts());
  });

function parseNonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

program
  .command('analyze')
  .description('service-quality metrics and analyses over the loaded data, for a period, by any dimension')
  .argument('[name]', 'the analysis (servq analyze --list)')
  .option('--list', 'list the analyses')
  .option('--period <period>', 'a quarter 2026-Q1, month 2026-03, ISO week 2026-W05, day 2026-03-14 or year 2026 (default: the latest full quarter of the data)')
  .option('--from <date>', 'first day of a range (with --to)')
  .option('--to <date>', 'last day of a range, inclusive')
  .option('--by <dims>', 'group by these dimensions, comma-separated (e.g. channel,month; an unknown one lists the valid ones)')
  .option('--filter <dim=values>', 'keep only these values (repeatable; values comma-separated), e.g. --filter channel=phone,chat', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
  .option('--out <file>', 'write the output to FILE instead of stdout')
  .addOption(new Option('--time-zone <tz>', 'IANA time zone of days, weeks, months and quarters').env('SERVQ_TIME_ZONE').default(DEFAULT_TIME_ZONE))
  .option('--min-n <n>', 'groups with fewer observations show no figure (suppressed)', parseNonNegativeInteger, 30)
  .addOption(new Option('--abandon-rule <rule>', 'how abandoned contacts count in the service level').choices(['missed', 'excluded', 'met']).default('missed'))
  .option('--repeat-window <days>', 'FCR: no repeat contact from the customer within this many days', parseNonNegativeInteger, 7)
  .option('--seed <n>', 'random seed of analyses that draw random numbers', parseNonNegativeInteger, 1)
  .option('--no-progress', 'no progress messages')
  .addHelpText(
    'after',
    `
Output (--format json): one document with analysis, period, filters, by, variants, generatedAt, dataBatches,
notes and rows; each row is one group × metric with the group's dimensions, metric, value, n, lower, upper
(where an interval applies), status (ok | suppressed | insufficient), unit, and previous / lastYear comparisons
(value, change, pValue, qValue = Benjamini–Hochberg across the table, test). See README "Analysis output".
Abandon rules: missed = every abandon is a miss; excluded = abandons within the threshold are left out;
met = abandons within the threshold count as met.
Examples:
  servq analyze --list
  servq analyze kpis --period 2026-Q1
  servq analyze sla --period 2026-03 --by channel,priority --abandon-rule excluded
  servq analyze complaints --by category,month --format csv --out complaints.csv
  servq analyze surveys --filter channel=phone --format json`,
  )
  .action(async (name: string | undefined, options: import('./analyze-command.js').AnalyzeCommandOptions) => {
    (await import('./heap-growth.js')).limitHeapGrowthForAnalyses();
    const { runAnalyze } = await import('./analyze-command.js');
    await runAnalyze(name, options, program.opts());
  });

program
  .command('report')
  .description('write a report folder: report.html (interactive, offline), report.pdf, charts (.vl.json, .svg, .png), tables (.csv), manifest.json')
  .argument('<kind>', 'quarterly | monthly | scorecard | data-quality')
  .option('--period <period>', 'a quarter 2026-Q1 or month 2026-03 (default: the latest full quarter of the data; for monthly, the latest full month)')
  .addOption(new Option('--lang <lang>', 'language of every label').choices(['en', 'zh']).default('en'))
  .option('--out <dir>', 'parent folder of the report folder (<kind>-<period>[-zh])', 'reports')
  .addOption(new Option('--time-zone <tz>', 'IANA time zone of days, months and quarters').env('SERVQ_TIME_ZONE').default(DEFAULT_TIME_ZONE))
  .option('--made-at <time>', 'the time stamped on the report (ISO, default now): the same data and time give byte-identical files')
  .option('--filter <dim=values>', 'keep only these values (repeatable), e.g. --filter channel=phone', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--min-n <n>', 'groups with fewer observations show no figure', parseNonNegativeInteger, 30)
  .option('--json', 'print the folder and its files as one JSON line')
  .option('--no-progress', 'no progress messages')
  .addHelpText(
    'after',
    `
Every chart has a title, alt text, a one-sentence reading and the definition of its metrics; parts without data
say why. Fonts (Noto Sans SC, Latin and Chinese) come with servq: PNG and PDF render the same on any machine.
manifest.json records servq's version and commit, period, filters, language, batches and rows used, the
data-quality status, metric variants and the SHA-256 of every file.
Examples:
  servq report quarterly
  servq report quarterly --period 2026-Q1 --lang zh --out /srv/reports
  servq report scorecard --made-at 2026-04-01T08:00:00Z
  servq report data-quality --period 2026-03`,
  )
  .action(async (kind: string, options: import('./report-command.js').ReportCommandOptions) => {
    (await import('./heap-growth.js')).limitHeapGrowthForAnalyses();
    const { runReport } = await import('./report-command.js');
    await runReport(kind, options, program.opts());
  });

registerTargetsCommand(program);
registerTrainingsCommand(program);
registerClassifyCommands(program);
registerRollupsCommand(program);

const configOption = () => new Option('--config <file>', 'servq.config.json to use (default: ./servq.config.json when present, else the defaults)').env('SERVQ_CONFIG');

program
  .command('pipelines')
  .description('list the declared pipelines (pipelines/): schedule, time zone, next run, steps')
  .addOption(configOption())
  .option('--json', 'print one JSON object per pipeline')
  .action(async (options: import('./pipeline-command.js').PipelinesCommandOptions) => {
    const { runPipelines } = await import('./pipeline-command.js');
    runPipelines(options);
  });

program
  .command('run')
  .description('run one pipeline now (e.g. after fixing a failed run), recorded in the run history')
  .argument('<pipeline>', 'daily-ingest | weekly-service-levels | monthly-report | quarterly-report (servq pipelines)')
  .addOption(configOption())
  .option('--period <period>', "the period the steps work on, instead of the pipeline's (e.g. 2026-Q3 for quarterly-report)")
  .option('--json', 'print the run as one JSON line')
  .addHelpText(
    'after',
    `
Waits while another process runs the same pipeline. Exit codes: 0 succeeded, 3 finished with warnings (a refused
file, a period without data), 1 a step failed (earlier steps' work stays), 2 usage error, 69 database
unavailable, 130 interrupted (the running step rolled back).
Examples:
  servq run daily-ingest
  servq run quarterly-report --period 2026-Q3
  servq run monthly-report --config /etc/servq/servq.config.json`,
  )
  .action(async (name: string, options: import('./pipeline-command.js').RunCommandOptions) => {
    (await import('./heap-growth.js')).limitHeapGrowthForAnalyses();
    const { runRun } = await import('./pipeline-command.js');
    process.exitCode = await runRun(name, options, program.opts());
  });

program
  .command('schedule')
  .description('run the pipelines on their schedules until stopped (a long-running process: run it under systemd)')
  .addOption(configOption())
  .addHelpText(
    'after',
    `
Logs one line per event on stdout. Runs missed while no scheduler was running are reported at start and caught
up once each (for the latest missed tick). One run at a time; the embedded database is opened only while a run
executes, so other servq commands and notebooks can use it in between. SIGTERM / Ctrl-C: no new runs; a running
step stops at its next safe point and rolls back; exit 0 when no run was going, 143 (SIGTERM) or 130 (SIGINT)
when one was interrupted (it runs again at the next start). See README "Pipelines and scheduling".`,
  )
  .action(async (options: import('./pipeline-command.js').ScheduleCommandOptions) => {
    (await import('./heap-growth.js')).limitHeapGrowthForAnalyses();
    const { runSchedule } = await import('./pipeline-command.js');
    process.exitCode = await runSchedule(options, program.opts());
  });

program
  .command('jobs')
  .description('the pipeline run history: status, period, steps, durations, errors (newest first)')
  .argument('[run]', 'one run, with its steps', parsePositiveInteger)
  .option('--pipeline <name>', 'only this pipeline')
  .option('--limit <n>', 'newest N runs', parsePositive, 30)
  .option('--json', 'print one JSON object per run, with its steps')
  .action(async (run: number | undefined, options: import('./pipeline-command.js').JobsCommandOptions) => {
    const { runJobs } = await import('./pipeline-command.js');
    await runJobs(run, options, program.opts());
  });

program
  .command('demo')
  .description('generate a seeded sample data set (a year of calls, surveys, complaints), ingest it and summarise it')
  .option('--out <dir>', 'where to write the generated export files', '.servq/demo')
  .option('--seed <n>', 'random seed', parsePositive, 20260101)
  .option('--scale <x>', 'volume multiplier (1 ≈ 70k contacts)', parsePositive, 1)
  .option('--no-progress', 'no progress bar')
  .option('--reports <dir>', 'where to write the quarterly report and the scorecard of the latest full quarter', '.servq/reports')
  .option('--no-reports', 'write no reports')
  .action(async (options: { out: string; seed: number; scale: number; progress: boolean; reports: string | false }) => {
    const { runDemo } = await import('./demo-command.js');
    process.exitCode = await runDemo(options, program.opts());
  });

program
  .command('roles')
  .description('create the PostgreSQL roles servq_pipeline (loads, no superuser) and servq_reader (read-only); needs an administrator URL')
  .addHelpText('after', `
Then give each person or service its own login in one of them, e.g.
  CREATE ROLE etl LOGIN PASSWORD '…' IN ROLE servq_pipeline;
  CREATE ROLE analyst LOGIN PASSWORD '…' IN ROLE servq_reader;`)
  .action(async () => {
    const { runRoles } = await import('./batches-command.js');
    await runRoles(program.opts());
  });

program
  .command('migrate')
  .description('apply pending database migrations (every command also does this on start)')
  .action(async () => {
    const { runMigrate } = await import('./batches-command.js');
    await runMigrate(program.opts());
  });

// A reader that closes early (`servq batches --json | head`) stops a command that only prints; a command that
// loads or writes carries on without its output.
handleClosedOutput(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help, or the version) already.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    process.exit();
  }
  const debug = program.opts()['debug'] === true;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`servq: ${message}`);
  if (debug && error instanceof Error && error.stack) console.error(error.stack);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
