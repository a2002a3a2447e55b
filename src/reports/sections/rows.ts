/**
 * Reading analysis documents for a report: rows by metric, typed fields, a note for a part that has no data,
 * a table block from rows of values, and the one-sentence reading of a change against the previous period.
 */
import type { AnalysisDocument } from '../../analyze/document.js';
import { formatChange, formatP, formatSeconds, formatValue } from '../format.js';
import type { IntervalBar } from '../specs/interval-bars.js';
import { metricLabel, t, type Lang } from '../labels.js';
import type { NoteBlock, ReportInputs, TableBlock, TableColumn } from '../report.js';

export type Row = Readonly<Record<string, unknown>>;

/** The document's rows (of one metric when given). */
export function rowsOf(doc: AnalysisDocument | null | undefined, metric?: string): Row[] {
  if (!doc) return [];
  return metric === undefined ? [...doc.rows] : doc.rows.filter((r) => r['metric'] === metric);
}

export function num(r: Row | undefined, key: string): number | null {
  const v = r?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function str(r: Row | undefined, key: string): string | null {
  const v = r?.[key];
  return v === undefined || v === null ? null : String(v);
}

/** The row's figure when its status is ok. */
export function okValue(r: Row | undefined): number | null {
  return r?.['status'] === 'ok' ? num(r, 'value') : null;
}

/** A note explaining why an analysis gave nothing (its error, or its own notes). */
export function missingNote(lang: Lang, inputs: ReportInputs, name: string): NoteBlock {
  const error = inputs.errors[name];
  if (error) return { kind: 'note', text: t(lang, inputs.emptyPeriod?.includes(name) ? 'noData' : 'failed', { reason: error }) };
  const notes = inputs.documents[name]?.notes ?? [];
  return { kind: 'note', text: t(lang, 'noData', { reason: notes.length > 0 ? notes.join('; ') : '–' }) };
}

/** The document's own notes, as note blocks (what the analysis wants the reader to know). */
export function documentNotes(doc: AnalysisDocument | null | undefined): NoteBlock[] {
  return (doc?.notes ?? []).map((text) => ({ kind: 'note', text }));
}

/** `metric: definition` lines for the metrics named that the document defines. */
export function variantLines(doc: AnalysisDocument | null | undefined, metrics: readonly string[]): string[] {
  if (!doc) return [];
  return metrics.filter((m) => doc.variants[m] !== undefined).map((m) => `${m}: ${doc.variants[m]}`);
}

interface Comparison {
  readonly period: string;
  readonly value: number | null;
  readonly change: number | null;
  readonly pValue: number | null;
  readonly qValue: number | null;
  readonly status: string;
}

export function comparisonOf(r: Row | undefined, key: 'previous' | 'lastYear' = 'previous'): Comparison | null {
  const c = r?.[key];
  return c && typeof c === 'object' ? (c as Comparison) : null;
}

/** Significant after the Benjamini–Hochberg adjustment across the analysis's table (as `servq analyze` marks it). */
export function isSignificant(c: Comparison | null): boolean {
  return c !== null && c.status === 'ok' && c.qValue !== null && c.qValue < 0.05;
}

/** The row a reading should name: significant changes first, then the largest change. */
export function mostMoved(rows: readonly Row[]): Row | undefined {
  return [...rows].sort((a, b) => Number(isSignificant(comparisonOf(b))) - Number(isSignificant(comparisonOf(a))) || Math.abs(comparisonOf(b)?.change ?? 0) - Math.abs(comparisonOf(a)?.change ?? 0))[0];
}

/** The change against the previous period as printed, with ' *' when significant; null when there is none. */
export function deltaText(lang: Lang, r: Row | undefined): string | null {
  const c = comparisonOf(r);
  if (!c || c.status !== 'ok' || c.change === null) return null;
  return formatChange(c.change, r?.['unit'], lang);
}

/**
 * "Service level fell from 66.1% to 61.2% against 2025-Q4 (significant, adjusted p < 0.001)."
 */
export function changeReading(lang: Lang, r: Row | undefined, label?: string): string | null {
  const value = okValue(r);
  const c = comparisonOf(r);
  if (value === null || !r) return null;
  const name = label ?? metricLabel(lang, String(r['metric']));
  const unit = r['unit'];
  const now = formatValue(value, unit, lang);
  if (!c || c.status !== 'ok' || c.value === null || c.change === null) {
    return lang === 'zh' ? `${name}为 ${now}。` : `${name} was ${now}.`;
  }
  const before = formatValue(c.value, unit, lang);
  const p = c.qValue ?? c.pValue;
  const test = p === null ? '' : lang === 'zh' ? `（${isSignificant(c) ? t(lang, 'significant') : t(lang, 'notSignificant')}，校正后 p ${formatP(p)}）` : ` (${isSignificant(c) ? 'significant' : 'not significant'}, adjusted p ${formatP(p)})`;
  if (c.change === 0) return lang === 'zh' ? `${name}较 ${c.period} 持平，为 ${now}${test}。` : `${name} was unchanged against ${c.period} at ${now}${test}.`;
  const verb = t(lang, c.change > 0 ? 'rose' : 'fell');
  return lang === 'zh' ? `${name}较 ${c.period} 从 ${before} ${verb}至 ${now}${test}。` : `${name} ${verb} from ${before} to ${now} against ${c.period}${test}.`;
}

export interface ColumnDef<T> {
  readonly key: string;
  readonly label: string;
  readonly numeric?: boolean;
  /** The value for the CSV. */
  readonly value: (row: T) => string | number | null;
  /** The cell as printed (default: the value as text). */
  readonly text?: (row: T) => string;
}

/** A table block: printed cells and CSV values from the same column definitions. */
export function tableBlock<T>(id: string, title: string, items: readonly T[], columns: readonly ColumnDef<T>[], extra: { readonly reading?: string | null; readonly variants?: readonly string[] } = {}): TableBlock {
  const cols: TableColumn[] = columns.map((c) => ({ key: c.key, label: c.label, numeric: c.numeric ?? false }));
  return {
    kind: 'table',
    id,
    title,
    columns: cols,
    rows: items.map((item) => Object.fromEntries(columns.map((c) => [c.key, c.text ? c.text(item) : String(c.value(item) ?? '–')]))),
    values: items.map((item) => Object.fromEntries(columns.map((c) => [c.key, c.value(item)]))),
    reading: extra.reading ?? null,
    variants: extra.variants ?? [],
  };
}

/**
 * A share row as a bar of `intervalBars`: its value, 95 % interval, the previous period's value (when that
 * comparison is ok) and the tooltip's text (the interval in it when `withInterval`).
 */
export function shareBar(r: Row, group: string, lang: Lang, withInterval = false): IntervalBar {
  const c = comparisonOf(r);
  const interval = withInterval ? ` [${formatValue(num(r, 'lower'), 'share', lang)}, ${formatValue(num(r, 'upper'), 'share', lang)}]` : '';
  return { group, value: okValue(r)!, lower: num(r, 'lower'), upper: num(r, 'upper'), previous: c?.status === 'ok' ? c.value : null, detail: `${formatValue(okValue(r), 'share', lang)}${interval}, n = ${formatValue(num(r, 'n'), 'count')}` };
}

/** A group named with its answer-time standard: 'phone (≤ 60s)'. */
export function withStandard(r: Row, dimension: string, lang: Lang): string {
  const threshold = num(r, 'threshold_seconds');
  return `${str(r, dimension) ?? '–'}${threshold !== null ? ` (≤ ${formatSeconds(threshold, lang)})` : ''}`;
}

/** Text order by UTF-16 code units (not `localeCompare`, whose order is the machine's locale's). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The d3 format of an axis in a unit. */
export function axisFormat(unit: unknown): string {
  return unit === 'share' ? '%' : unit === 'count' ? ',d' : '~s';
}
