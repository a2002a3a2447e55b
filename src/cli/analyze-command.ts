/**
 * `servq analyze NAME`: runs one analysis over the database for a period and prints it as a table, one JSON
 * document or CSV (to stdout or --out). `servq analyze --list` lists the analyses.
 */
import { writeFileSync } from 'node:fs';
import { UnknownDimensionError } from '../db/metrics/grouped-query.js';
import { sourceSpans } from '../db/metrics/data-span.js';
import type { Database } from '../db/session.js';
import { ANALYSES, EmptyPeriodError, UnsupportedOptionError, latestFullMonth, latestFullQuarter, parsePeriod, rangePeriod, runAnalysis, type AbandonRule, type AnalysisDocument, type AnalyzeRequest, type Period } from '../analyze/index.js';
import { csvLines } from '../reports/csv-cell.js';
import { formatValue } from '../reports/format.js';
import { isTimeZone } from '../ingest/time-zone.js';
import { describeRefresh, refreshPendingRollups } from '../db/rollups.js';
import { CliError } from './cli-error.js';
import { table, withDatabase, type GlobalOptions } from './context.js';

export interface AnalyzeCommandOptions {
  readonly list?: boolean;
  readonly period?: string;
  readonly from?: string;
  readonly to?: string;
  readonly by?: string;
  readonly filter?: readonly string[];
  readonly format: 'table' | 'json' | 'csv';
  readonly out?: string;
  readonly timeZone: string;
  readonly minN: number;
  readonly abandonRule: AbandonRule;
  readonly repeatWindow: number;
  readonly seed: number;
  readonly progress: boolean;
}

/** `--filter channel=phone --filter team=T1,T2` → { channel: ['phone'], team: ['T1', 'T2'] }. */
export function parseFilters(filters: readonly string[] = []): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of filters) {
    const eq = f.indexOf('=');
    if (eq <= 0 || eq === f.length - 1) throw new CliError(`--filter: expected DIMENSION=VALUE[,VALUE…], got '${f}' (e.g. --filter channel=phone)`, 2);
    const name = f.slice(0, eq).trim();
    out[name] = [...(out[name] ?? []), ...f.slice(eq + 1).split(',').map((v) => v.trim()).filter((v) => v.length > 0)];
  }
  return out;
}

/** The period asked for, or the latest full quarter of the loaded data (with a note saying so). */
export async function resolvePeriod(db: Database, o: Pick<AnalyzeCommandOptions, 'period' | 'from' | 'to' | 'timeZone'>, grain: 'quarter' | 'month' = 'quarter'): Promise<{ period: Period; note?: string }> {
  try {
    if (o.period && (o.from || o.to)) throw new CliError('give either --period or --from/--to, not both', 2);
    if (o.period) return { period: parsePeriod(o.period) };
    if (o.from || o.to) {
      if (!o.from || !o.to) throw new CliError('--from and --to go together (both days inclusive)', 2);
      return { period: rangePeriod(o.from, o.to) };
    }
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(error.message.replace(/^period: /, '--period: '), 2);
    throw error;
  }
  const last = (await sourceSpans(db, o.timeZone)).map((s) => s.lastDay).filter((d): d is string => d !== null).sort().at(-1);
  if (!last) throw new CliError('no data loaded yet: load exports with servq ingest KIND FILE… (or try servq demo)');
  const period = grain === 'month' ? latestFullMonth(last) : latestFullQuarter(last);
  return { period, note: `period ${period.label} (the latest full ${grain} of the loaded data, which ends ${last}); choose another with --period` };
}

export async function runAnalyze(name: string | undefined, o: AnalyzeCommandOptions, g: GlobalOptions): Promise<void> {
  if (o.list || name === undefined) {
    console.log(table(['analysis', 'what it computes'], Object.values(ANALYSES).map((a) => [a.name, a.summary])));
    if (!o.list) console.log('\nRun one: servq analyze NAME [--period 2026-Q1] [--by channel] (servq analyze --help)');
    return;
  }
  const definition = ANALYSES[name];
  if (!definition) throw new CliError(`unknown analysis '${name}'; choose one of: ${Object.keys(ANALYSES).join(', ')}`, 2);
  if (!isTimeZone(o.timeZone)) throw new CliError(`--time-zone: '${o.timeZone}' is not a time-zone name (e.g. Asia/Shanghai, UTC)`, 2);
  await withDatabase(g, async (db) => {
    const { period, note } = await resolvePeriod(db, o);
    const progress = o.progress && process.stderr.isTTY ? (m: string) => process.stderr.write(`servq: ${name}: ${m}…\n`) : undefined;
    const request: AnalyzeRequest = {
      period,
      by: (o.by ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0),
      filters: parseFilters(o.filter),
      timeZone: o.timeZone,
      minN: o.minN,
      abandonRule: o.abandonRule,
      repeatWindowDays: o.repeatWindow,
      generatedAt: new Date(),
      seed: o.seed,
      ...(progress ? { progress } : {}),
    };
    if (note && o.format === 'table') console.error(`servq: ${note}`);
    // `servq ingest` (and batch removals, and policies edited by hand) only note the days they change: bring the
    // daily rollups up to date once here, for every load since the last analysis, rather than read the rows.
    const refreshed = await refreshPendingRollups(db);
    if (refreshed !== null && refreshed.seconds >= 1) console.error(`servq: first the data loaded since the last analysis: ${describeRefresh(refreshed)}`);
    let doc: AnalysisDocument;
    try {
      doc = await runAnalysis(db, definition, request);
    } catch (error) {
      if (error instanceof UnknownDimensionError) throw new CliError(`${name}: unknown dimension '${error.dimension}'; valid: ${error.valid.join(', ')}`, 2);
      if (error instanceof EmptyPeriodError) throw new CliError(`${name}: ${error.message}`);
      if (error instanceof UnsupportedOptionError) throw new CliError(`${name}: ${error.message}`, 2);
      throw error;
    }
    const text = o.format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : o.format === 'csv' ? documentCsv(doc) : documentTable(doc);
    if (o.out) {
      writeFileSync(o.out, text);
      console.error(`servq: wrote ${doc.rows.length} rows to ${o.out}`);
    } else {
      process.stdout.write(text);
    }
  });
}

const FIXED = new Set(['metric', 'value', 'n', 'lower', 'upper', 'status', 'unit', 'reason', 'previous', 'lastYear']);

/** The dimension keys of the document's rows, in first-seen order. */
function dimensionKeys(doc: AnalysisDocument): string[] {
  const keys: string[] = [];
  for (const r of doc.rows) {
    for (const k of Object.keys(r)) {
      if (k === 'metric') break;
      if (!keys.includes(k)) keys.push(k);
    }
  }
  return keys;
}

/** Extra fields (after the fixed ones) in first-seen order. */
function extraKeys(doc: AnalysisDocument, dims: readonly string[]): string[] {
  const keys: string[] = [];
  for (const r of doc.rows) for (const k of Object.keys(r)) if (!FIXED.has(k) && !dims.includes(k) && !keys.includes(k)) keys.push(k);
  return keys;
}

/** Long-format CSV: dimensions, the fixed fields, the comparisons flattened, then the extras. */
export function documentCsv(doc: AnalysisDocument): string {
  const dims = dimensionKeys(doc);
  const extras = extraKeys(doc, dims);
  const cmp = ['period', 'value', 'n', 'change', 'pValue', 'qValue', 'test', 'status'] as const;
  const header = [...dims, 'metric', 'value', 'n', 'lower', 'upper', 'status', 'unit', 'reason', ...cmp.map((c) => `previous_${c}`), ...cmp.map((c) => `last_year_${c}`), ...extras];
  const cell = (v: unknown) => (v === undefined || v === null ? null : typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : JSON.stringify(v));
  return csvLines(
    header,
    doc.rows.map((r) => {
      const p = (r['previous'] ?? {}) as Record<string, unknown>;
      const l = (r['lastYear'] ?? {}) as Record<string, unknown>;
      return [...dims.map((d) => cell(r[d])), cell(r['metric']), cell(r['value']), cell(r['n']), cell(r['lower']), cell(r['upper']), cell(r['status']), cell(r['unit']), cell(r['reason']), ...cmp.map((c) => cell(p[c])), ...cmp.map((c) => cell(l[c])), ...extras.map((e) => cell(r[e]))];
    }),
  );
}

/** A value in its unit, for people (the reports print the same text). */
export { formatValue };

/** A change in the metric's unit: shares in percentage points; a * when the BH-adjusted p < 0.05. */
function formatChange(c: unknown, unit: unknown): string {
  if (!c || typeof c !== 'object') return '';
  const { change, qValue, status } = c as { change: number | null; qValue: number | null; status: string };
  if (status !== 'ok' || change === null) return status === 'suppressed' ? 'n<min' : '–';
  const mark = qValue !== null && qValue < 0.05 ? '*' : '';
  const sign = change > 0 ? '+' : change < 0 ? '' : '±';
  if (unit === 'share') return `${sign}${(change * 100).toFixed(1)} pp${mark}`;
  return `${sign}${formatValue(change, unit)}${mark}`;
}

/** An extra field for people: durations and shares in their units, a target's values in the row's unit. */
function formatExtra(key: string, value: unknown, unit: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'number') return String(value);
  if (key.endsWith('_seconds')) return formatValue(value, 'seconds');
  if (key.endsWith('_share')) return formatValue(value, 'share');
  if (key === 'target_value' || key.startsWith('trend_') && key !== 'trend_months') return unit === 'share' && key.startsWith('trend_') ? `${(value * 100).toFixed(2)} pp` : formatValue(value, unit);
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** The document as a terminal table, with its notes and the variants of the metrics shown. */
export function documentTable(doc: AnalysisDocument): string {
  const dims = dimensionKeys(doc);
  const first = doc.rows.find((r) => r['previous']) as { previous?: { period: string }; lastYear?: { period: string } } | undefined;
  const extras = extraKeys(doc, dims);
  const headers = [...dims, 'metric', 'value', 'n', '95% interval', ...(first?.previous ? [`vs ${first.previous.period}`] : []), ...(first?.lastYear ? [`vs ${first.lastYear.period}`] : []), ...extras];
  const rows = doc.rows.map((r) => {
    const unit = r['unit'];
    const status = r['status'];
    const value = status === 'ok' ? formatValue(r['value'], unit) : status === 'suppressed' ? `(n<min)` : '(no data)';
    const interval = typeof r['lower'] === 'number' && typeof r['upper'] === 'number' ? `${formatValue(r['lower'], unit)} – ${formatValue(r['upper'], unit)}` : '';
    return [
      ...dims.map((d) => (r[d] === undefined ? '' : r[d] === null ? '(none)' : String(r[d]))),
      String(r['metric']),
      value,
      typeof r['n'] === 'number' ? Math.round(r['n']).toLocaleString('en-US') : '',
      interval,
      ...(first?.previous ? [formatChange(r['previous'], unit)] : []),
      ...(first?.lastYear ? [formatChange(r['lastYear'], unit)] : []),
      ...extras.map((e) => formatExtra(e, r[e], unit)),
    ];
  });
  const lines = [
    `${doc.analysis} — ${doc.period.label} (${doc.period.from} to ${doc.period.to}, ${doc.period.timeZone})${Object.keys(doc.filters).length > 0 ? `, filters ${Object.entries(doc.filters).map(([k, v]) => `${k}=${v.join('|')}`).join(' ')}` : ''}`,
    '',
    doc.rows.length > 0 ? table(headers, rows) : '(no rows)',
  ];
  if (first?.previous) lines.push('', 'Changes: shares in percentage points; * = significant after Benjamini–Hochberg adjustment across the table (q < 0.05).');
  const shown = new Set(doc.rows.map((r) => String(r['metric'])));
  const variants = Object.entries(doc.variants).filter(([k]) => shown.has(k) || k.startsWith('estimate:'));
  if (variants.length > 0) lines.push('', 'Definitions:', ...variants.map(([k, v]) => `  ${k.replace(/^estimate:/, '')}: ${v}`));
  if (doc.notes.length > 0) lines.push('', ...doc.notes.map((n) => `Note: ${n}`));
  lines.push('', `Batches read: ${doc.dataBatches.length > 0 ? doc.dataBatches.join(', ') : 'none'}`);
  return `${lines.join('\n')}\n`;
}
