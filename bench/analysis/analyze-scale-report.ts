/**
 * The report of the analysis-at-scale part: one table (a column per database and scale, a row per analysis,
 * seconds and share of the column's total), the baseline, total, ratio, peak RSS and growth against their goals,
 * the analyses that dominate, and where the slowest statements spend their time (plan-summary.ts).
 */
import type { AnalyzeScaleReport, ScaleMeasurement } from './analyze-scale.js';
import { renderPlan, topNodes } from './plan-summary.js';

/** The goals of the issue. */
export const ANALYZE_GOALS = {
  /** Total of the analyses ÷ one round of count(*) over the fact tables. */
  ratio: 20,
  /** Peak RSS of the process running the analyses, MiB. */
  peakRssMB: 400,
  /** time(k×) ÷ time(1×) ≤ k: no worse than linear. */
  growthPerScale: 1,
} as const;

/** An analysis's share of the total at or above which the report names it as dominating. */
const DOMINANT_SHARE = 0.2;

/** Issue goal: the quarterly report in at most this many times the `servq analyze` calls it is built from. */
export const REPORT_GOAL_RATIO = 2;

/**
 * What the report's analyses take as `servq analyze` calls one after another: the one-by-one seconds of the
 * analyses the report reads (stage 3 of the main run) plus `kpis` by month (timed in the report's process).
 */
export function reportCallsSeconds(m: ScaleMeasurement): number | null {
  if (m.report === null || m.run === null) return null;
  let sum = m.report.extraCallsSeconds;
  for (const name of m.report.analyses) {
    const a = m.run.analyses.find((x) => x.name === name && x.error === null);
    if (a === undefined) return null;
    sum += a.seconds;
  }
  return sum;
}
/** Plan nodes below this share of the statement are left out of the printed tree. */
const PLAN_MIN_SHARE = 0.03;

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Per measurement: baseline (median round, seconds), total, ratio. */
export interface ScaleFigures {
  readonly baselineSeconds: number;
  readonly baselineMin: number;
  readonly baselineMax: number;
  readonly totalSeconds: number;
  readonly ratio: number;
  readonly failed: readonly string[];
}

/**
 * The figures of one measurement (null when its run failed).
 *
 * @example scaleFigures(measurement)?.ratio // => 332.4
 */
export function scaleFigures(m: ScaleMeasurement): ScaleFigures | null {
  if (m.run === null || m.run.baselineRounds.length === 0) return null;
  const rounds = m.run.baselineRounds.map((r) => Object.values(r).reduce((a, b) => a + b, 0));
  const baselineSeconds = median(rounds);
  const totalSeconds = m.run.analyses.reduce((s, a) => s + a.seconds, 0);
  return {
    baselineSeconds,
    baselineMin: Math.min(...rounds),
    baselineMax: Math.max(...rounds),
    totalSeconds,
    ratio: totalSeconds / baselineSeconds,
    failed: m.run.analyses.filter((a) => a.error !== null).map((a) => `${a.name}: ${a.error}`),
  };
}

const fmt = (x: number, digits = 2) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const int = (x: number) => Math.round(x).toLocaleString('en-US');

function columnName(m: ScaleMeasurement): string {
  return `${m.database} ${m.scale}×`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The 1× measurement of the same database, for growth. */
function baseOf(report: AnalyzeScaleReport, m: ScaleMeasurement): ScaleMeasurement | undefined {
  return report.measurements.find((o) => o.database === m.database && o.scale === 1 && o.run !== null);
}

/**
 * The report as text.
 *
 * @example formatAnalyzeScaleReport(report).split('\n')[0] // => 'analyze at scale — every analysis in ANALYSES …'
 */
export function formatAnalyzeScaleReport(report: AnalyzeScaleReport): string {
  // The verdict against a goal; none in smoke mode, which makes no timing claim.
  const mark = (met: boolean): string => (report.options.smoke ? '' : met ? 'ok' : 'MISSED');
  const ok = report.measurements.filter((m) => m.run !== null);
  const lines: string[] = [];
  const names = [...new Set(ok.flatMap((m) => m.run!.analyses.map((a) => a.name)))];
  const first = ok[0]?.run;
  lines.push(
    `analyze at scale — every analysis in ANALYSES (${names.length}) as \`servq analyze NAME\` runs it with no options: ` +
      `${first ? `${first.period.label} (the latest full quarter), ${first.timeZone}` : 'latest full quarter'}, REQUEST_DEFAULTS, no --by`,
  );
  for (const m of ok) {
    const rows = m.run!.tableRows;
    const s = m.run!.settings;
    const engine = m.database === 'server' ? `PostgreSQL ${s['server_version'] ?? '?'} (jit ${s['jit'] ?? '?'}, work_mem ${s['work_mem'] ?? '?'}, shared_buffers ${s['shared_buffers'] ?? '?'}, parallel workers ${s['max_parallel_workers_per_gather'] ?? '?'})` : `PGlite (PostgreSQL ${s['server_version'] ?? '?'}, work_mem ${s['work_mem'] ?? '?'}, shared_buffers ${s['shared_buffers'] ?? '?'})`;
    const prep = m.preparation === null ? '' : `; ${m.scale === 1 ? 'generated' : 'grown'} in ${fmt(m.preparation.seconds, 0)} s`;
    lines.push(
      `  ${columnName(m).padEnd(12)} ${int(rows['contact'] ?? 0)} calls, ${int(rows['survey_response'] ?? 0)} survey responses (${int(rows['survey_answer'] ?? 0)} answers), ` +
        `${int(rows['complaint'] ?? 0)} complaint rows — ${engine}${prep}`,
    );
  }
  const whatIf = [
    report.options.serverOptions === undefined ? '' : `server sessions with PGOPTIONS '${report.options.serverOptions}'`,
    report.options.setupSql === undefined ? '' : `${report.options.setupSql} run on each database before measuring`,
    report.options.vacuum ? '' : 'no VACUUM (ANALYZE) after loading',
  ].filter((w) => w !== '');
  if (whatIf.length > 0) lines.push(`  WHAT-IF (not servq as shipped): ${whatIf.join('; ')}`);
  lines.push('');
  if (ok.length > 0) {
    const figures = new Map(ok.map((m) => [m, scaleFigures(m)!]));
    const grown = ok.filter((m) => m.scale > 1 && baseOf(report, m) !== undefined);
    const header = ['seconds (share of total)', ...ok.map(columnName), ...grown.map((m) => `growth ${m.database} ${m.scale}×÷1×`)];
    const cell = (m: ScaleMeasurement, name: string) => {
      const a = m.run!.analyses.find((x) => x.name === name);
      if (a === undefined) return '–';
      if (a.error !== null) return 'FAIL';
      return `${fmt(a.seconds)} (${(100 * a.seconds / figures.get(m)!.totalSeconds).toFixed(0)} %)`;
    };
    const growth = (m: ScaleMeasurement, pick: (x: ScaleMeasurement) => number | undefined) => {
      const b = baseOf(report, m)!;
      const num = pick(m);
      const den = pick(b);
      return num === undefined || den === undefined || den === 0 ? '–' : `${fmt(num / den)}`;
    };
    const secondsOf = (name: string) => (x: ScaleMeasurement) => x.run!.analyses.find((a) => a.name === name && a.error === null)?.seconds;
    const rows: string[][] = [
      ['count(*) of the fact tables (median round)', ...ok.map((m) => `${fmt(figures.get(m)!.baselineSeconds, 3)}`), ...grown.map((m) => growth(m, (x) => figures.get(x)!.baselineSeconds))],
      ...names.map((name) => [name, ...ok.map((m) => cell(m, name)), ...grown.map((m) => growth(m, secondsOf(name)))]),
      ['total', ...ok.map((m) => fmt(figures.get(m)!.totalSeconds)), ...grown.map((m) => {
        const g = figures.get(m)!.totalSeconds / figures.get(baseOf(report, m)!)!.totalSeconds;
        return `${fmt(g)} ${mark(g <= ANALYZE_GOALS.growthPerScale * m.scale)}`;
      })],
      [`ratio total ÷ count(*) (goal ≤ ${ANALYZE_GOALS.ratio}×)`, ...ok.map((m) => `${int(figures.get(m)!.ratio)}× ${mark(figures.get(m)!.ratio <= ANALYZE_GOALS.ratio)}`), ...grown.map(() => '')],
      [`peak RSS, MB (goal < ${ANALYZE_GOALS.peakRssMB})`, ...ok.map((m) => (m.peakRssMB === null ? '–' : `${int(m.peakRssMB)} ${mark(m.peakRssMB < ANALYZE_GOALS.peakRssMB)}`)), ...grown.map((m) => growth(m, (x) => x.peakRssMB ?? undefined))],
      ['process wall (open, baseline, analyses)', ...ok.map((m) => fmt(m.wallSeconds, 1)), ...grown.map(() => '')],
      ['the set, 2 at a time (runAnalyses; own process)', ...ok.map((m) => (m.set === null ? 'FAIL' : `${fmt(m.set.seconds)}${m.set.errors.length > 0 ? ' (errors)' : ''}`)), ...grown.map((m) => (m.set === null || baseOf(report, m)?.set == null ? '–' : fmt(m.set.seconds / baseOf(report, m)!.set!.seconds)))],
      [`  ratio set ÷ its count(*) (goal ≤ ${ANALYZE_GOALS.ratio}×)`, ...ok.map((m) => (m.set === null ? '–' : `${int(m.set.seconds / m.set.baselineSeconds)}× ${mark(m.set.seconds / m.set.baselineSeconds <= ANALYZE_GOALS.ratio)} (of ${fmt(m.set.baselineSeconds, 3)})`)), ...grown.map(() => '')],
      ['quarterly report end to end (servq report; own process)', ...ok.map((m) => (m.report === null ? 'FAIL' : `${fmt(m.report.seconds)}${m.report.errors.length > 0 ? ' (errors)' : ''}`)), ...grown.map((m) => (m.report === null || baseOf(report, m)?.report == null ? '–' : fmt(m.report.seconds / baseOf(report, m)!.report!.seconds)))],
      [`  ratio report ÷ its analyze calls one by one (goal ≤ ${REPORT_GOAL_RATIO}×)`, ...ok.map((m) => {
        const calls = reportCallsSeconds(m);
        return m.report === null || calls === null ? '–' : `${fmt(m.report.seconds / calls)}× ${mark(m.report.seconds / calls <= REPORT_GOAL_RATIO)} (of ${fmt(calls)})`;
      }), ...grown.map(() => '')],
      [`  peak RSS of the report's process, MB`, ...ok.map((m) => (m.report?.peakRssMB == null ? '–' : int(m.report.peakRssMB))), ...grown.map(() => '')],
      [`  peak RSS of the set's process, MB (goal < ${ANALYZE_GOALS.peakRssMB})`, ...ok.map((m) => (m.set?.peakRssMB == null ? '–' : `${int(m.set.peakRssMB)} ${mark(m.set.peakRssMB < ANALYZE_GOALS.peakRssMB)}`)), ...grown.map(() => '')],
    ];
    lines.push(table(header, rows), '');
    lines.push(`growth = time at k× ÷ time at 1× on the same database (goal ≤ k: no worse than linear); count(*) rounds: ${ok[0]!.run!.baselineRounds.length} (half before, half after the analyses), min–max ${ok.map((m) => `${columnName(m)} ${fmt(figures.get(m)!.baselineMin, 3)}–${fmt(figures.get(m)!.baselineMax, 3)}`).join(', ')}`);
    for (const m of ok) {
      const f = figures.get(m)!;
      const dominant = m.run!.analyses.filter((a) => a.error === null && a.seconds >= DOMINANT_SHARE * f.totalSeconds).sort((a, b) => b.seconds - a.seconds);
      if (dominant.length > 0) lines.push(`dominant in ${columnName(m)}: ${dominant.map((a) => `${a.name} ${(100 * a.seconds / f.totalSeconds).toFixed(0)} % (${fmt(a.seconds)} s: SQL ${fmt(a.querySeconds)} s in ${a.queries} statements, slowest ${fmt(a.slowestQuerySeconds)} s; JavaScript and the rest ${fmt(a.seconds - a.querySeconds)} s)`).join('; ')}`);
      for (const failure of f.failed) lines.push(`FAIL in ${columnName(m)}: ${failure}`);
      const rss = m.run!.analyses.reduce<{ name: string; grew: number } | null>((best, a, i, all) => {
        const before = i === 0 ? m.run!.peakRssMBBeforeAnalyses : all[i - 1]!.peakRssMBAfter;
        const grew = a.peakRssMBAfter - before;
        return best === null || grew > best.grew ? { name: a.name, grew } : best;
      }, null);
      if (rss !== null && m.peakRssMB !== null) lines.push(`peak RSS in ${columnName(m)}: ${int(m.run!.peakRssMBBeforeAnalyses)} MB after opening and the baseline; the largest step, +${int(rss.grew)} MB, in ${rss.name}`);
    }
  }
  for (const m of report.measurements.filter((x) => x.run === null)) lines.push(`FAIL ${m.database}${m.scale > 0 ? ` ${m.scale}×` : ''}: ${m.error ?? 'unknown error'}`);
  for (const s of report.skipped) lines.push(`skipped ${s}`);
  const explained = ok.filter((m) => m.explains.length > 0);
  if (explained.length > 0) {
    lines.push('', 'slowest statements — EXPLAIN (ANALYZE, BUFFERS) run again after the measurement (self = exclusive time summed over parallel workers):');
    for (const m of explained) {
      for (const [i, e] of m.explains.entries()) {
        const measured = m.run!.slowQueries[i];
        lines.push('', `${columnName(m)} #${i + 1}: ${e.label}${measured ? `, ${fmt(measured.seconds)} s in the run, ${int(measured.rows)} rows` : ''}`);
        if (e.summary === null) {
          lines.push(`  EXPLAIN failed: ${e.error ?? '?'}`);
          continue;
        }
        const top = topNodes(e.summary, 4).map((n) => `${n.label} ${int(n.exclusiveMs)} ms`);
        lines.push(`  most self time: ${top.join('; ')}`);
        lines.push(...renderPlan(e.summary, PLAN_MIN_SHARE).split('\n').map((l) => `  ${l}`));
      }
    }
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `note: ${n}`));
  if (report.options.smoke) lines.push('smoke: every analysis ran on a small generated database; no timing claims (the goals need the full sizes)');
  lines.push(`analyze at scale took ${fmt(report.seconds / 60, 1)} min (generation included)`);
  return `${lines.join('\n')}\n`;
}
