/**
 * Pieces the model analyses (drivers, segments, tree, correlation) share: the period as the one date range they
 * read, the row cap and its note, grouping row-level data by the request's dimensions in the order every
 * document uses (values ascending, nulls last), and rows for a group too small to model.
 */
import type { DateRange } from '../../db/metrics/grouped-query.js';
import { SAMPLE_ORDER_TEXT } from '../../db/metrics/sample-order.js';
import type { MetricRow, MetricUnit } from '../document.js';
import type { AnalyzeRequest } from '../request.js';

/** Most rows a model reads; above it a seeded sample of this many (the SQL orders by a hash of row_key). */
export const MODEL_ROW_CAP = 50_000;

/** The request's period as the one range the models read. */
export function periodRange(req: AnalyzeRequest): DateRange {
  return { key: 'current', from: req.period.from, to: req.period.to };
}

/** The note for a sampled read (empty when every row was read). */
export function sampleNotes(what: string, total: number, read: number, seed: number): string[] {
  return total > read
    ? [`${what}: ${total.toLocaleString('en-US')} in the period, more than the cap of ${read.toLocaleString('en-US')}; the model uses a seeded sample of ${read.toLocaleString('en-US')} (ordered by ${SAMPLE_ORDER_TEXT}, seed ${seed}): figures are estimates from the sample`]
    : [];
}

/** Orders groups as the metric documents do: each dimension's values ascending, nulls last. */
export function compareGroups(a: Readonly<Record<string, string | null>>, b: Readonly<Record<string, string | null>>): number {
  for (const k of Object.keys(a)) {
    const x = a[k] ?? null;
    const y = b[k] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Rows split by their group (the request's dimensions), groups in document order. */
export function groupRows<T extends { readonly dimensions: Readonly<Record<string, string | null>> }>(
  rows: readonly T[],
): { readonly group: Readonly<Record<string, string | null>>; readonly rows: readonly T[] }[] {
  const groups = new Map<string, { group: Readonly<Record<string, string | null>>; rows: T[] }>();
  for (const r of rows) {
    const key = JSON.stringify(r.dimensions);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group: r.dimensions, rows: [] }));
    g.rows.push(r);
  }
  return [...groups.values()].sort((a, b) => compareGroups(a.group, b.group));
}

/** A row with no figure: too few rows (`suppressed`) or data that cannot support the model (`insufficient`). */
export function emptyRow(
  group: Readonly<Record<string, string | null>>,
  metric: string,
  unit: MetricUnit,
  n: number,
  status: 'suppressed' | 'insufficient',
  reason: string,
  extra?: Readonly<Record<string, string | number | boolean | null>>,
): MetricRow {
  return { group, metric, value: null, n, status, unit, reason, ...(extra ? { extra } : {}) };
}

/** The reason of a suppressed row. */
export function belowMinimum(n: number, minN: number): string {
  return `n = ${n} < minimum ${minN}`;
}
