/**
 * Turns grouped aggregates (one row per group × range from src/db/metrics) into metric rows: for each group
 * present in the period, each metric's figure and its comparisons with the previous period and the same period
 * last year.
 */
import type { GroupedRow } from '../db/metrics/grouped-query.js';
import type { MetricRow } from './document.js';
import { compare, figure, type MetricSpec } from './estimates.js';

/** Groups' aggregate values by range key, in a stable group order (dimension values ascending, nulls last). */
export function byGroup(rows: readonly GroupedRow[]): { group: Readonly<Record<string, string | null>>; ranges: Map<string, Readonly<Record<string, number | null>>> }[] {
  const groups = new Map<string, { group: Readonly<Record<string, string | null>>; ranges: Map<string, Readonly<Record<string, number | null>>> }>();
  for (const r of rows) {
    const key = JSON.stringify(r.dimensions);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group: r.dimensions, ranges: new Map() }));
    g.ranges.set(r.rangeKey, r.values);
  }
  return [...groups.values()].sort((a, b) => compareGroups(a.group, b.group));
}

function compareGroups(a: Readonly<Record<string, string | null>>, b: Readonly<Record<string, string | null>>): number {
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

export interface MetricRowsOptions {
  readonly minN: number;
  /** Labels of the earlier periods ('previous', 'last_year' range keys). */
  readonly labels: Readonly<Record<string, string>>;
  /** Compare with earlier periods (false for a series over grain dimensions, where each group is a period). */
  readonly compare: boolean;
}

/** The metric rows of every group with data in the period ('current' range). */
export function metricRows(rows: readonly GroupedRow[], specs: readonly MetricSpec[], o: MetricRowsOptions): MetricRow[] {
  const out: MetricRow[] = [];
  for (const { group, ranges } of byGroup(rows)) {
    const now = ranges.get('current');
    if (!now) continue;
    for (const spec of specs) {
      const e = spec.estimate(now);
      if (e === null) continue;
      const f = figure(e, o.minN);
      const extra = spec.extra?.(now);
      const row: MetricRow = { group, metric: spec.metric, ...f, unit: spec.unit, ...(extra ? { extra } : {}) };
      if (!o.compare) {
        out.push(row);
        continue;
      }
      const before = (key: string) => {
        const v = ranges.get(key);
        return v ? spec.estimate(v) : null;
      };
      out.push({
        ...row,
        previous: compare(e, f, before('previous'), o.labels['previous'] ?? 'previous', o.minN),
        ...(o.labels['last_year'] !== undefined ? { lastYear: compare(e, f, before('last_year'), o.labels['last_year'], o.minN) } : {}),
      });
    }
  }
  return out;
}
