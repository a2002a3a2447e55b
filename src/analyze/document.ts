/**
 * What every analysis returns: one document with the analysis name, the period, the filters, the metric
 * variants it used, the batches it read and its rows in long format — one row per group × metric, the group's
 * dimensions as top-level keys, then `metric`, `value`, `n`, `lower`, `upper`, `status` (see the README's
 * "Analysis output" section, which scripts rely on: keep the names).
 */

/** `ok`: a figure; `suppressed`: n below the minimum (no figure); `insufficient`: the data cannot support it. */
export type RowStatus = 'ok' | 'suppressed' | 'insufficient';

/** How a value is to be read (proportions are 0–1; percent only when printed). */
export type MetricUnit = 'count' | 'share' | 'seconds' | 'points' | 'score' | 'per_1000' | 'ratio' | 'agents' | 'days' | 'value';

/** A KPI against an earlier period: the same metric there, the change, and the test of the change. */
export interface Comparison {
  /** The earlier period's label, e.g. '2026-Q2'. */
  readonly period: string;
  readonly value: number | null;
  readonly n: number | null;
  /** This period's value − that period's (null when either is missing or suppressed). */
  readonly change: number | null;
  /** The test's p-value, and its Benjamini–Hochberg adjustment across all comparisons of the document. */
  readonly pValue: number | null;
  readonly qValue: number | null;
  /** The test (e.g. 'two-proportion-z', 'welch', 'nps-difference-z'), or null when none applies. */
  readonly test: string | null;
  readonly status: RowStatus;
}

/** One group × metric, as an analysis builds it (the group kept apart from the fields). */
export interface MetricRow {
  readonly group: Readonly<Record<string, string | null>>;
  readonly metric: string;
  readonly value: number | null;
  readonly n: number | null;
  readonly lower?: number | null;
  readonly upper?: number | null;
  readonly status: RowStatus;
  readonly unit: MetricUnit;
  /** Why a row is suppressed or insufficient. */
  readonly reason?: string;
  readonly previous?: Comparison;
  readonly lastYear?: Comparison;
  /** Further named fields of this analysis (e.g. a target's comparator, a rule's text). */
  readonly extra?: Readonly<Record<string, string | number | boolean | null>>;
}

/** The analysis output (`--format json`). */
export interface AnalysisDocument {
  readonly analysis: string;
  readonly period: { readonly label: string; readonly from: string; readonly to: string; readonly timeZone: string };
  readonly filters: Readonly<Record<string, readonly string[]>>;
  readonly by: readonly string[];
  /** Metric → the variant used (how abandons count, which scale, which test). */
  readonly variants: Readonly<Record<string, string>>;
  /** An input of the caller (the CLI passes the clock), never read inside: the same data gives the same document. */
  readonly generatedAt: string;
  readonly dataBatches: readonly number[];
  /** Messages for the reader (e.g. "no complaints between … and …"). */
  readonly notes: readonly string[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/** A row in the document's long format: dimensions first, then the fixed fields, then comparisons and extras. */
export function flattenRow(row: MetricRow): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row.group, metric: row.metric, value: row.value, n: row.n };
  if (row.lower !== undefined) out['lower'] = row.lower;
  if (row.upper !== undefined) out['upper'] = row.upper;
  out['status'] = row.status;
  out['unit'] = row.unit;
  if (row.reason !== undefined) out['reason'] = row.reason;
  if (row.previous) out['previous'] = row.previous;
  if (row.lastYear) out['lastYear'] = row.lastYear;
  if (row.extra) Object.assign(out, row.extra);
  return out;
}
