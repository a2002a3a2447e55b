/**
 * `servq analyze segments`: k-means segments of complaints, k chosen by the mean silhouette, each segment
 * profiled in original units.
 *
 * Stages:
 *   1. SQL (complaint-rows.ts): the period's complaints (a seeded sample above MODEL_ROW_CAP)
 *   2. per group of `--by`, features: ln(1 + first-response seconds), ln(1 + resolution seconds), urgency as an
 *      ordinal (low 1 … critical 4), each standardized (R `scale()`); category and channel one-hot as 0/1;
 *      complaints missing a time or the urgency (open ones have no resolution time) are left out
 *   3. chooseK over k = 2…8 (k-means, Hartigan–Wong, k-means++ starts seeded by the request's seed; the k with the
 *      highest mean silhouette), then kmeans at that k with the same seed (the same partition chooseK scored)
 *   4. rows: the silhouette per k; per segment (numbered by size, 1 = largest) its complaints, share, median
 *      first-response and resolution time, and its commonest category, channel, urgency, region and root cause
 */
import { chooseK, type ChooseKResult } from '../../analysis/choose-k.js';
import { kmeans } from '../../analysis/kmeans/index.js';
import { quantile } from '../../analysis/quantile.js';
import { standardize } from '../../analysis/standardize.js';
import { complaintRows, type ComplaintRow } from '../../db/metrics/complaint-rows.js';
import type { AnalysisDefinition } from '../analysis.js';
import type { MetricRow } from '../document.js';
import { belowMinimum, emptyRow, groupRows, MODEL_ROW_CAP, periodRange, sampleNotes } from './model-groups.js';

/** The k tried. */
export const SEGMENT_K_MIN = 2;
export const SEGMENT_K_MAX = 8;
/** Points the silhouettes are computed on (a seeded sample above it; exact O(n²) below). */
export const SEGMENT_SILHOUETTE_SAMPLE = 4000;

/** Urgency as an ordinal feature. */
export const URGENCY_ORDER: Readonly<Record<string, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

type Group = Readonly<Record<string, string | null>>;

/** The complaint-segment analysis (`servq analyze segments`); see the file header for its stages. */
export const segments: AnalysisDefinition = {
  name: 'segments',
  summary: 'k-means segments of complaints (response and resolution time, category, channel, urgency), k by silhouette, profiled in original units',
  sources: ['complaints'],
  async run(db, req) {
    const range = periodRange(req);
    req.progress?.('reading complaints');
    const read = await complaintRows(db, { range, timeZone: req.timeZone, by: req.by, filters: req.filters, cap: MODEL_ROW_CAP, seed: req.seed });
    const notes = sampleNotes('complaints', read.total, read.rows.length, req.seed);
    const rows: MetricRow[] = [];
    let leftOut = 0;
    for (const { group, rows: complaints } of groupRows(read.rows)) {
      req.progress?.(`segments of ${JSON.stringify(group)}`);
      const usable = complaints.filter(complete);
      leftOut += complaints.length - usable.length;
      rows.push(...groupSegments(group, usable, req.minN, req.seed));
    }
    if (leftOut > 0) notes.push(`${leftOut.toLocaleString('en-US')} of ${read.rows.length.toLocaleString('en-US')} complaints lack a first-response or resolution time (open), have a negative one, or lack the urgency, and are not segmented`);
    return { rows, variants: SEGMENT_VARIANTS, notes, ranges: [range], observed: { complaints: read.total } };
  },
};

function complete(k: ComplaintRow): boolean {
  return (
    k.firstResponseSeconds !== null && k.firstResponseSeconds >= 0 && k.resolutionSeconds !== null && k.resolutionSeconds >= 0 && k.urgency !== null && URGENCY_ORDER[k.urgency] !== undefined
  );
}

/** Distinct non-null values, sorted. */
function levels(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort();
}

/** Numeric features: log first response, log resolution, urgency ordinal (row-major, n × 3). */
const NUMERIC_FEATURES = 3;

/**
 * The clustering matrix (row-major): the numeric features standardized (R `scale()`), then the category and
 * channel one-hot columns as 0/1. A z-scored dummy would be divided by √(p(1 − p)), weighting a level the
 * rarer it is (a channel used by 2 % of complaints would count 7 SD apart); kept 0/1, two different levels of
 * one variable are √2 apart, about 1.4 SD of a numeric feature, whatever their frequencies.
 */
function features(complaints: readonly ComplaintRow[]): { values: Float64Array; columns: number } | { reason: string } {
  const n = complaints.length;
  const numeric = new Float64Array(n * NUMERIC_FEATURES);
  complaints.forEach((k, i) => {
    // Durations are right-skewed over orders of magnitude (minutes to days): on a log scale a day's difference
    // in a three-day backlog weighs like an hour's in a three-hour one.
    numeric[i * NUMERIC_FEATURES] = Math.log1p(k.firstResponseSeconds as number);
    numeric[i * NUMERIC_FEATURES + 1] = Math.log1p(k.resolutionSeconds as number);
    numeric[i * NUMERIC_FEATURES + 2] = URGENCY_ORDER[k.urgency as string] as number;
  });
  const scaled = standardize({ values: numeric, rows: n, columns: NUMERIC_FEATURES });
  if (scaled.status !== 'ok') return { reason: scaled.reason };
  const categories = levels(complaints.map((k) => k.category));
  const channels = levels(complaints.map((k) => k.channel));
  const p = NUMERIC_FEATURES + categories.length + channels.length;
  const values = new Float64Array(n * p);
  complaints.forEach((k, i) => {
    const row = i * p;
    values.set(scaled.data.values.subarray(i * NUMERIC_FEATURES, (i + 1) * NUMERIC_FEATURES), row);
    if (k.category !== null) values[row + NUMERIC_FEATURES + categories.indexOf(k.category)] = 1;
    if (k.channel !== null) values[row + NUMERIC_FEATURES + categories.length + channels.indexOf(k.channel)] = 1;
  });
  return { values, columns: p };
}

function groupSegments(group: Group, complaints: readonly ComplaintRow[], minN: number, seed: number): MetricRow[] {
  const n = complaints.length;
  if (n < minN) return [emptyRow(group, 'mean_silhouette', 'ratio', n, 'suppressed', belowMinimum(n, minN), { k: null, chosen: null })];
  const built = features(complaints);
  if ('reason' in built) return [emptyRow(group, 'mean_silhouette', 'ratio', n, 'insufficient', built.reason, { k: null, chosen: null })];
  const matrix = { values: built.values, rows: n, columns: built.columns };
  const choice = chooseK(matrix, { seed, kMin: SEGMENT_K_MIN, kMax: SEGMENT_K_MAX, silhouetteSampleSize: SEGMENT_SILHOUETTE_SAMPLE });
  if (choice.status !== 'ok') return [emptyRow(group, 'mean_silhouette', 'ratio', n, 'insufficient', choice.reason, { k: null, chosen: null })];
  // The same matrix, k and seed as chooseK's fit: the partition it scored.
  const fit = kmeans(matrix, choice.recommendedK, { seed });
  if (fit.status !== 'ok') return [emptyRow(group, 'mean_silhouette', 'ratio', n, 'insufficient', fit.reason, { k: choice.recommendedK, chosen: true })];
  return [...curveRows(group, choice, n), ...profileRows(group, complaints, fit.clusters, fit.k)];
}

function curveRows(group: Group, choice: ChooseKResult, n: number): MetricRow[] {
  return choice.curve.map((point) => ({
    group,
    metric: 'mean_silhouette',
    value: point.meanSilhouette,
    n,
    status: point.meanSilhouette === null ? 'insufficient' : 'ok',
    unit: 'ratio',
    ...(point.meanSilhouette === null ? { reason: 'no silhouette for this k' } : {}),
    extra: { k: point.k, chosen: point.k === choice.recommendedK, total_within_ss: point.totalWithinSS, between_share: point.betweenShare },
  }));
}

/** The commonest value and its share (ties: the first in code-unit order). */
function top(values: readonly (string | null)[]): { value: string | null; share: number } {
  const counts = new Map<string | null, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = -1;
  for (const [v, c] of [...counts].sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))) {
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return { value: best, share: values.length === 0 ? 0 : bestCount / values.length };
}

function median(values: readonly number[]): number | null {
  const q = quantile(values, 0.5);
  return q.status === 'ok' ? q.value : null;
}

function profileRows(group: Group, complaints: readonly ComplaintRow[], clusters: readonly number[], k: number): MetricRow[] {
  const members: ComplaintRow[][] = Array.from({ length: k }, () => []);
  clusters.forEach((c, i) => {
    if (c >= 0) (members[c] as ComplaintRow[]).push(complaints[i] as ComplaintRow);
  });
  const total = complaints.length;
  // Segments numbered by size, largest first (k-means' own labels follow the row order, which is arbitrary).
  const ordered = members.filter((m) => m.length > 0).sort((a, b) => b.length - a.length);
  const rows: MetricRow[] = [];
  ordered.forEach((m, i) => {
    const g = { ...group, segment: String(i + 1) };
    const size = m.length;
    const profile: Record<string, string | number | null> = {};
    for (const [name, read] of [
      ['category', (x: ComplaintRow) => x.category],
      ['channel', (x: ComplaintRow) => x.channel],
      ['urgency', (x: ComplaintRow) => x.urgency],
      ['region', (x: ComplaintRow) => x.region],
      ['root_cause', (x: ComplaintRow) => x.rootCause],
    ] as const) {
      const t = top(m.map(read));
      profile[`top_${name}`] = t.value;
      profile[`top_${name}_share`] = t.share;
    }
    rows.push({ group: g, metric: 'complaints', value: size, n: size, status: 'ok', unit: 'count', extra: profile });
    rows.push({ group: g, metric: 'share', value: size / total, n: total, status: 'ok', unit: 'share' });
    rows.push({ group: g, metric: 'first_response_median_seconds', value: median(m.map((x) => x.firstResponseSeconds as number)), n: size, status: 'ok', unit: 'seconds' });
    rows.push({ group: g, metric: 'resolution_median_seconds', value: median(m.map((x) => x.resolutionSeconds as number)), n: size, status: 'ok', unit: 'seconds' });
  });
  return rows;
}

/** The variants a segments document states (keyed by the metrics they define). */
export const SEGMENT_VARIANTS: Readonly<Record<string, string>> = {
  mean_silhouette:
    `k-means (Hartigan–Wong, 10 greedy k-means++ starts seeded by --seed, best within-SS kept) for k = ${SEGMENT_K_MIN}…${SEGMENT_K_MAX} on: ` +
    `ln(1 + first-response seconds), ln(1 + resolution seconds; resolved, else closed, − received) and urgency as 1 low … 4 critical, each standardized (R scale(): mean 0, sd 1; a constant one scaled by 1), and category and channel one-hot as 0/1 (not z-scored, which would weight rare levels most; a missing category or channel = all 0); ` +
    `complaints missing a time (still open) or the urgency are left out; mean silhouette (Rousseeuw 1987) on a seeded sample of ${SEGMENT_SILHOUETTE_SAMPLE} complaints when there are more; chosen = the k with the highest mean silhouette (Kaufman & Rousseeuw 1990), the smallest on ties`,
  complaints: 'complaints in the segment (segments numbered by size, 1 = largest), with the commonest category, channel, urgency, region and root cause and the share of the segment each holds (region and root cause describe, they are not features)',
  share: 'complaints in the segment ÷ complaints segmented in the group',
  first_response_median_seconds: 'median of first response − received over the segment (R quantile type 7)',
  resolution_median_seconds: 'median of resolved (else closed) − received over the segment (R quantile type 7)',
};
