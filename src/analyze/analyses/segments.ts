/**
 * `servq analyze segments`: k-means segments of complaints, k chosen by the mean silhouette, each segment
 * profiled in original units.
 *
 * Stages:
 *   1. SQL (complaint-rows.ts): the period's complaints (a seeded sample above MODEL_ROW_CAP)
 *   2. per group of `--by`, features: ln(1 + first-response seconds), ln(1 + resolution seconds), urgency as an
 *      ordinal (low 1 … critical 4), each standardized (R `scale()`); category and channel one-hot as 0/1;
 *      complaints missing a time or the urgency (open ones have no resolution time) are left out
 *   3. segments-fit.ts: k-means for k = 2…8 (Hartigan–Wong, k-means++ starts seeded by the request's seed; above
 *      5,000 complaints fitted on a seeded sample of 5,000 with 2 starts, then every complaint assigned), the mean
 *      silhouette of every k in one pass over a shared seeded sample of 4,000 points, the k with the highest; its
 *      fit is the partition profiled (not refitted)
 *   4. rows: the silhouette per k; per segment (numbered by size, 1 = largest) its complaints, share, median
 *      first-response and resolution time, and its commonest category, channel, urgency, region and root cause
 */
import { quantile } from '../../analysis/quantile.js';
import { standardize } from '../../analysis/standardize.js';
import { complaintRows, type ComplaintRow } from '../../db/metrics/complaint-rows.js';
import type { AnalysisDefinition } from '../analysis.js';
import type { MetricRow } from '../document.js';
import { belowMinimum, emptyRow, groupRows, MODEL_ROW_CAP, periodRange, sampleNotes } from './model-groups.js';
import { SEGMENT_FIT_RESTARTS_SAMPLED, SEGMENT_FIT_SAMPLE, segmentFits, type SegmentFits } from './segments-fit.js';

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
  compute: true,
  summary: 'k-means segments of complaints (response and resolution time, category, channel, urgency), k by silhouette, profiled in original units',
  sources: ['complaints'],
  async run(db, req) {
    const range = periodRange(req);
    req.progress?.('reading complaints');
    const read = await complaintRows(db, { range, timeZone: req.timeZone, by: req.by, filters: req.filters, cap: MODEL_ROW_CAP, seed: req.seed });
    const notes = sampleNotes('complaints', read.total, read.rows.length, req.seed);
    const rows: MetricRow[] = [];
    let leftOut = 0;
    let fittedOnSample = 0;
    for (const { group, rows: complaints } of groupRows(read.rows)) {
      req.progress?.(`segments of ${JSON.stringify(group)}`);
      const usable = complaints.filter(complete);
      leftOut += complaints.length - usable.length;
      if (usable.length > SEGMENT_FIT_SAMPLE && usable.length >= req.minN) fittedOnSample++;
      rows.push(...groupSegments(group, usable, req.minN, req.seed));
    }
    if (fittedOnSample > 0) notes.push(`${fittedOnSample === 1 ? 'the group has' : `${fittedOnSample} groups have`} more than ${SEGMENT_FIT_SAMPLE.toLocaleString('en-US')} complaints segmented: each k-means was fitted on a seeded sample of ${SEGMENT_FIT_SAMPLE.toLocaleString('en-US')} (${SEGMENT_FIT_RESTARTS_SAMPLED} starts, seed ${req.seed}), then every complaint assigned to its nearest centre`);
    if (leftOut > 0) notes.push(`${leftOut.toLocaleString('en-US')} of ${read.rows.length.toLocaleString('en-US')} complaints lack a first-response or resolution time (open), have a negative one, or lack the urgency, and are not segmented`);
    return { rows, variants: SEGMENT_VARIANTS, notes, ranges: [range], observed: { complaints: read.total } };
  },
};

/** Whether a complaint can be segmented: both times known and ≥ 0, and a known urgency. */
export function complete(k: ComplaintRow): boolean {
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
export function segmentFeatures(complaints: readonly ComplaintRow[]): { values: Float64Array; columns: number } | { reason: string } {
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

/**
 * The rows of one group: the silhouette curve over k (segments-fit.ts) and the chosen k's segments profiled in
 * original units; one suppressed or insufficient row when the group is below `minN` or cannot be segmented.
 */
export function groupSegments(group: Group, complaints: readonly ComplaintRow[], minN: number, seed: number): MetricRow[] {
  const n = complaints.length;
  if (n < minN) return [emptyRow(group, 'mean_silhouette', 'ratio', n, 'suppressed', belowMinimum(n, minN), { k: null, chosen: null })];
  const built = segmentFeatures(complaints);
  if ('reason' in built) return [emptyRow(group, 'mean_silhouette', 'ratio', n, 'insufficient', built.reason, { k: null, chosen: null })];
  const matrix = { values: built.values, rows: n, columns: built.columns };
  const choice = segmentFits(matrix, { seed, kMin: SEGMENT_K_MIN, kMax: SEGMENT_K_MAX, silhouetteSampleSize: SEGMENT_SILHOUETTE_SAMPLE });
  if ('reason' in choice) return [emptyRow(group, 'mean_silhouette', 'ratio', n, 'insufficient', choice.reason, { k: null, chosen: null })];
  return [...curveRows(group, choice, n), ...profileRows(group, complaints, choice.fit.clusters, choice.fit.k)];
}

function curveRows(group: Group, choice: SegmentFits, n: number): MetricRow[] {
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
    `k-means (Hartigan–Wong, greedy k-means++ starts seeded by --seed: 10, or ${SEGMENT_FIT_RESTARTS_SAMPLED} on a sample as below; best within-SS kept) for k = ${SEGMENT_K_MIN}…${SEGMENT_K_MAX} on: ` +
    `ln(1 + first-response seconds), ln(1 + resolution seconds; resolved, else closed, − received) and urgency as 1 low … 4 critical, each standardized (R scale(): mean 0, sd 1; a constant one scaled by 1), and category and channel one-hot as 0/1 (not z-scored, which would weight rare levels most; a missing category or channel = all 0); ` +
    `complaints missing a time (still open) or the urgency are left out; above ${SEGMENT_FIT_SAMPLE} complaints in a group each k-means is fitted on a seeded sample of ${SEGMENT_FIT_SAMPLE} (the same for every k; ${SEGMENT_FIT_RESTARTS_SAMPLED} starts, no swap search), then every complaint assigned to its nearest centre and the sums of squares recomputed on all; ` +
    `mean silhouette (Rousseeuw 1987) on a seeded sample of ${SEGMENT_SILHOUETTE_SAMPLE} complaints when there are more (distances among the sampled complaints, as scikit-learn's silhouette_score(sample_size=${SEGMENT_SILHOUETTE_SAMPLE}); the same sample for every k); chosen = the k with the highest mean silhouette (Kaufman & Rousseeuw 1990), the smallest on ties`,
  complaints: 'complaints in the segment (segments numbered by size, 1 = largest), with the commonest category, channel, urgency, region and root cause and the share of the segment each holds (region and root cause describe, they are not features)',
  share: 'complaints in the segment ÷ complaints segmented in the group',
  first_response_median_seconds: 'median of first response − received over the segment (R quantile type 7)',
  resolution_median_seconds: 'median of resolved (else closed) − received over the segment (R quantile type 7)',
};
