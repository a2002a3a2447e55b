/**
 * Child process of the analysis-at-scale benchmark, run under GNU time so its peak RSS is the analyses':
 * `node dist/bench/analysis/scale-run.js [--count-rounds K] [--only a,b] [--top N] [--no-set | --set-only | --report-only] [--out FILE]`.
 *
 * Opens the database servq would open (DATABASE_URL, else SERVQ_DATA_DIR) and, as `servq analyze NAME` does
 * with no options, asks every analysis in ANALYSES (whatever it holds at run time) for the latest full quarter of
 * the loaded data with the command line's defaults (REQUEST_DEFAULTS, the default time zone, no --by, no
 * filter). Stages:
 * 1. the period, as the CLI resolves it (latest full quarter of the loaded span);
 * 2. the baseline: one untimed `count(*)` per fact table (warms the cache), then K rounds of one `count(*)`
 *    per fact table, timed; the analyses' ratio is against the median round;
 * 3. each analysis once through `runAnalysis`, timed, every statement recorded (recording-database.ts), the
 *    process's peak RSS so far read after each (`process.resourceUsage().maxRSS`);
 * 3b. the same analyses once more as one set through runAnalyses (two at a time, at most one computing), timed
 *    as a whole (`--no-set` skips it, `--set-only` skips stage 3): how long the quarterly set takes when a report
 *    runs it (its peak RSS is a process's of its own: `--set-only`);
 * 3c. `--report-only` (instead of 3 and 3b): the quarterly report end to end, as `servq report quarterly` makes it
 *    (its analyses two at a time, `kpis` by month, building, rendering every file, writing the folder to a temporary
 *    directory), timed, and before it `kpis --by month` over the twelve months and `sla --by priority` alone — the
 *    calls the report makes that stage 3 does not — so the report can be set against the `servq analyze` calls it
 *    is built from;
 * 4. K more baseline rounds (drift between before and after shows in the spread).
 * Writes one JSON document (ScaleRunResult; the N slowest statements with their text and parameters, for
 * EXPLAIN) to FILE, else to stdout, and exits 0; an analysis that throws is reported with its error, not fatal.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ANALYSES, latestFullQuarter, REQUEST_DEFAULTS, runAnalyses, runAnalysis, SET_CONCURRENCY, type AnalyzeRequest } from '../../src/analyze/index.js';
import { addDays, addMonths, lastDayOf, rangePeriod } from '../../src/analyze/period.js';

import { connect } from '../../src/db/connect.js';
import { sourceSpans } from '../../src/db/metrics/data-span.js';
import { withSession, type Database } from '../../src/db/session.js';
import { DEFAULT_TIME_ZONE } from '../../src/ingest/defaults.js';
import { recordingDatabase } from './recording-database.js';
import { limitHeapGrowthForAnalyses } from '../../src/cli/heap-growth.js';
import { FACT_TABLES } from './scale-data.js';

/** One analysis's run. */
export interface AnalysisRun {
  readonly name: string;
  readonly seconds: number;
  /** Rows of the output document (null when it threw). */
  readonly rows: number | null;
  readonly error: string | null;
  /** Statements it ran, their summed time, and its slowest. */
  readonly queries: number;
  readonly querySeconds: number;
  readonly slowestQuerySeconds: number;
  /** The process's peak RSS after this analysis, MiB. */
  readonly peakRssMBAfter: number;
}

/** A statement to EXPLAIN. */
export interface SlowQuery {
  readonly label: string;
  readonly seconds: number;
  readonly rows: number;
  readonly text: string;
  readonly params: readonly unknown[];
}

export interface ScaleRunResult {
  readonly engine: string;
  readonly period: { readonly label: string; readonly from: string; readonly to: string };
  readonly timeZone: string;
  /** Rows per fact table. */
  readonly tableRows: Readonly<Record<string, number>>;
  /** Each round: seconds per table. */
  readonly baselineRounds: readonly Readonly<Record<string, number>>[];
  readonly analyses: readonly AnalysisRun[];
  readonly slowQueries: readonly SlowQuery[];
  readonly openSeconds: number;
  readonly peakRssMBBeforeAnalyses: number;
  /**
   * The same analyses once more as one set through runAnalyses (SET_CONCURRENCY at a time, at most one
   * computing), as a report runs them: its wall time, and the analyses that failed. Null with --no-set.
   */
  readonly set: { readonly concurrency: number; readonly seconds: number; readonly errors: readonly string[] } | null;
  /** The quarterly report end to end (stage 3c, `--report-only`); null otherwise. */
  readonly report: { readonly seconds: number; readonly extraCallsSeconds: number; readonly analyses: readonly string[]; readonly files: number; readonly errors: readonly string[] } | null;
  /** server_version and the settings that change these plans (jit, work_mem, shared_buffers, parallel workers). */
  readonly settings: Readonly<Record<string, string>>;
}

const SETTINGS = ['server_version', 'jit', 'work_mem', 'shared_buffers', 'max_parallel_workers_per_gather', 'effective_cache_size'] as const;

const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

async function countRound(db: Database): Promise<Record<string, number>> {
  const round: Record<string, number> = {};
  for (const table of FACT_TABLES) {
    const start = performance.now();
    await withSession(db, (s) => s.query(`SELECT count(*) FROM ${table}`));
    round[table] = (performance.now() - start) / 1000;
  }
  return round;
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  // As `servq analyze` does (src/cli/heap-growth.ts): the peak RSS measured is the CLI's.
  limitHeapGrowthForAnalyses();
  const rounds = Number(option(argv, '--count-rounds') ?? 3);
  const top = Number(option(argv, '--top') ?? 5);
  const only = option(argv, '--only')?.split(',').filter((s) => s.length > 0);
  const opened = performance.now();
  const inner = await connect();
  const openSeconds = (performance.now() - opened) / 1000;
  const recorder = recordingDatabase(inner);
  const db = recorder.db;
  try {
    // 1. The period, as `servq analyze` resolves it without --period.
    const timeZone = DEFAULT_TIME_ZONE;
    const last = (await sourceSpans(db, timeZone)).map((s) => s.lastDay).filter((d): d is string => d !== null).sort().at(-1);
    if (last === undefined) throw new Error('no data loaded');
    const period = latestFullQuarter(last);

    // 2. Baseline.
    const { rows: countRows } = await withSession(inner, (s) =>
      s.query<Record<string, unknown>>(`SELECT ${FACT_TABLES.map((t) => `(SELECT count(*) FROM ${t})::float8 AS ${t}`).join(', ')}`),
    );
    const { rows: settingRows } = await withSession(inner, (s) =>
      s.query<Record<string, string>>(`SELECT ${SETTINGS.map((name) => `current_setting('${name}') AS ${name}`).join(', ')}`),
    );
    const settings = settingRows[0] ?? {};
    const tableRows = Object.fromEntries(Object.entries(countRows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
    const baselineRounds: Record<string, number>[] = [];
    for (let k = 0; k < rounds; k++) baselineRounds.push(await countRound(inner));
    const peakRssMBBeforeAnalyses = peakRssMB();

    // 3. Every analysis, once, as the CLI asks it.
    const analyses: AnalysisRun[] = [];
    for (const [name, definition] of Object.entries(ANALYSES)) {
      if (only !== undefined && !only.includes(name)) continue;
      if (argv.includes('--set-only') || argv.includes('--report-only')) break;
      process.stderr.write(`    ${name}…`);
      const request: AnalyzeRequest = { ...REQUEST_DEFAULTS, period, by: [], filters: {}, timeZone, generatedAt: new Date() };
      recorder.label = name;
      const firstQuery = recorder.log.length;
      const start = performance.now();
      let rows: number | null = null;
      let error: string | null = null;
      try {
        rows = (await runAnalysis(db, definition, request)).rows.length;
      } catch (e) {
        error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
      const seconds = (performance.now() - start) / 1000;
      const queries = recorder.log.slice(firstQuery);
      analyses.push({
        name,
        seconds,
        rows,
        error,
        queries: queries.length,
        querySeconds: queries.reduce((s, q) => s + q.milliseconds, 0) / 1000,
        slowestQuerySeconds: queries.reduce((m, q) => Math.max(m, q.milliseconds), 0) / 1000,
        peakRssMBAfter: peakRssMB(),
      });
      process.stderr.write(` ${seconds.toFixed(2)} s${error === null ? '' : ` (${error.slice(0, 200)})`}\n`);
    }

    // 3b. The same analyses as one set, two at a time (runAnalyses), through a wrapper of their own: nothing the
    //     first pass kept for the next analysis (the drivers' sample) is reused.
    let set: ScaleRunResult['set'] = null;
    if (!argv.includes('--no-set') && !argv.includes('--report-only')) {
      const definitions = Object.entries(ANALYSES).filter(([name]) => only === undefined || only.includes(name)).map(([, d]) => d);
      const request: AnalyzeRequest = { ...REQUEST_DEFAULTS, period, by: [], filters: {}, timeZone, generatedAt: new Date() };
      process.stderr.write(`    the set, ${SET_CONCURRENCY} at a time…`);
      const start = performance.now();
      const entries = await runAnalyses(recordingDatabase(inner).db, definitions, request);
      const seconds = (performance.now() - start) / 1000;
      const errors = entries.filter((e) => e.error !== null).map((e) => `${e.name}: ${e.error!.message}`);
      set = { concurrency: SET_CONCURRENCY, seconds, errors };
      process.stderr.write(` ${seconds.toFixed(2)} s${errors.length > 0 ? ` (${errors.join('; ').slice(0, 200)})` : ''}\n`);
    }

    // 3c. The quarterly report, in a process of its own.
    let report: ScaleRunResult['report'] = null;
    if (argv.includes('--report-only')) {
      // Imported here only: vega, pdfkit, resvg and the font subsetter would add ~45 MB to the RSS of the processes
      // that measure the analyses.
      const { gatherReportInputs } = await import('../../src/analyze/report-inputs.js');
      const { reportAssets } = await import('../../src/cli/report-assets.js');
      const { writeReportFiles } = await import('../../src/cli/report-command.js');
      const { buildReport, REPORT_ANALYSES, renderReportFiles } = await import('../../src/reports/index.js');
      const names = REPORT_ANALYSES.quarterly;
      const request: AnalyzeRequest = { ...REQUEST_DEFAULTS, period, by: ['month'], filters: {}, timeZone, generatedAt: new Date() };
      const last = lastDayOf(period);
      process.stderr.write('    kpis by month, sla by priority…');
      let start = performance.now();
      await runAnalysis(db, ANALYSES['kpis']!, { ...request, period: rangePeriod(addMonths(addDays(last, 1), -12), last) });
      await runAnalysis(db, ANALYSES['sla']!, { ...request, by: ['priority'] });
      const extraCallsSeconds = (performance.now() - start) / 1000;
      process.stderr.write(` ${extraCallsSeconds.toFixed(2)} s\n    the quarterly report…`);
      const dir = mkdtempSync(join(tmpdir(), 'servq-bench-report-'));
      try {
        start = performance.now();
        const inputs = await gatherReportInputs(inner, { kind: 'quarterly', lang: 'en', period, timeZone, madeAt: new Date() });
        const files = await renderReportFiles(buildReport(inputs), reportAssets());
        writeReportFiles(join(dir, 'quarterly'), files);
        const seconds = (performance.now() - start) / 1000;
        report = { seconds, extraCallsSeconds, analyses: names, files: files.length, errors: Object.entries(inputs.errors).map(([k, v]) => `${k}: ${v}`) };
        process.stderr.write(` ${seconds.toFixed(2)} s (${files.length} files)\n`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    // 4. Baseline again.
    for (let k = 0; k < rounds; k++) baselineRounds.push(await countRound(inner));

    const slowQueries = [...recorder.log]
      .filter((q) => q.label !== '')
      .sort((a, b) => b.milliseconds - a.milliseconds)
      .slice(0, top)
      .map((q) => ({ label: q.label, seconds: q.milliseconds / 1000, rows: q.rows, text: q.text, params: q.params }));
    const result: ScaleRunResult = {
      engine: db.kind,
      period: { label: period.label, from: period.from, to: period.to },
      timeZone,
      tableRows,
      baselineRounds,
      analyses,
      slowQueries,
      openSeconds,
      peakRssMBBeforeAnalyses,
      set,
      report,
      settings,
    };
    const out = option(argv, '--out');
    if (out === undefined) process.stdout.write(`${JSON.stringify(result)}\n`);
    else writeFileSync(out, `${JSON.stringify(result)}\n`);
  } finally {
    await inner.close();
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`scale-run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
