/**
 * The targets of the ingest benchmark, checked against a run's summaries:
 * - server cleaned ingest ≥ 0.5× raw `\copy` (aim 0.8×); embedded ≥ 0.5× embedded raw COPY;
 * - GB18030 ≥ 0.7× the UTF-8 rate (server and embedded);
 * - server-path peak RSS < 300 MB; embedded peak RSS < 1.2 GB (the issue states it at 5M rows);
 * - a file loaded over three small overlapping batches takes ≤ 1.5× its time alone (rate ≥ 0.67×);
 * - every measured process loaded all N rows (a benchmark of a failing ingest is meaningless).
 */
import type { MeasurementId, MeasurementSummary } from './bench-results.js';

/** The targets: rate ratios (×) and peak resident set sizes (MiB). */
export const TARGETS = {
  serverVsRawCopy: 0.5,
  serverVsRawCopyAim: 0.8,
  embeddedVsRawCopy: 0.5,
  gb18030VsUtf8: 0.7,
  serverPeakRssMB: 300,
  embeddedPeakRssMB: 1200,
  /** A file loaded over overlapping earlier batches takes at most 1.5× as long as alone: rate ≥ 1/1.5. */
  overlapVsAlone: 1 / 1.5,
} as const;

/** One target and how the run fared. */
export interface TargetCheck {
  readonly name: string;
  /** The target in words, e.g. `≥ 0.5× (aim 0.8×)`. */
  readonly requirement: string;
  /** The measured figure in words, or why it is missing. */
  readonly value: string;
  readonly status: 'PASS' | 'FAIL' | 'SKIP';
}

type Lookup = ReadonlyMap<MeasurementId, MeasurementSummary>;

/** FAIL when an input failed, SKIP when one was not run; else null (the figures exist). */
function missingInput(lookup: Lookup, ids: readonly MeasurementId[]): { status: 'SKIP' | 'FAIL'; value: string } | null {
  // A failure outranks a skip: the figure is missing because something broke.
  for (const id of ids) {
    if (lookup.get(id)?.status === 'failed') return { status: 'FAIL', value: `${id} failed` };
  }
  for (const id of ids) {
    const summary = lookup.get(id);
    if (summary === undefined || summary.status === 'skipped') return { status: 'SKIP', value: `${id} not run` };
  }
  return null;
}

function ratioCheck(
  lookup: Lookup,
  name: string,
  numerator: MeasurementId,
  denominator: MeasurementId,
  minimum: number,
  aim?: number,
): TargetCheck {
  const requirement = aim === undefined ? `≥ ${minimum}×` : `≥ ${minimum}× (aim ${aim}×)`;
  const missing = missingInput(lookup, [numerator, denominator]);
  if (missing !== null) return { name, requirement, ...missing };
  const ratio = (lookup.get(numerator)?.medianRowsPerSecond ?? Number.NaN) /
    (lookup.get(denominator)?.medianRowsPerSecond ?? Number.NaN);
  const aimNote = aim === undefined ? '' : ratio >= aim ? ' (aim met)' : ' (aim not met)';
  return { name, requirement, value: `${ratio.toFixed(2)}×${aimNote}`, status: ratio >= minimum ? 'PASS' : 'FAIL' };
}

function rssCheck(lookup: Lookup, name: string, ids: readonly MeasurementId[], limitMB: number): TargetCheck {
  const requirement = `< ${limitMB} MB`;
  const measured = ids.filter((id) => lookup.get(id)?.status === 'ok');
  if (measured.length === 0) {
    return { name, requirement, ...(missingInput(lookup, ids) ?? { status: 'SKIP', value: 'not run' }) };
  }
  const values = measured.flatMap((id) => {
    const rss = lookup.get(id)?.peakRssMB ?? null;
    return rss === null ? [] : [rss];
  });
  if (values.length === 0) return { name, requirement, status: 'SKIP', value: 'no RSS (GNU time missing)' };
  const peak = Math.max(...values);
  return { name, requirement, value: `${peak.toFixed(0)} MB`, status: peak < limitMB ? 'PASS' : 'FAIL' };
}

/**
 * Checks every target against a run's summaries.
 *
 * @param summaries the measurements (ratios already filled in)
 * @param rows rows of the data set (for the completeness check's wording)
 * @example checkTargets(summaries, 1_000_000).map((check) => check.status) // => ['PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS', 'PASS']
 */
export function checkTargets(summaries: readonly MeasurementSummary[], rows: number): TargetCheck[] {
  const lookup: Lookup = new Map(summaries.map((summary) => [summary.id, summary]));
  const attempted = summaries.filter((summary) => summary.status !== 'skipped');
  const failed = attempted.filter((summary) => summary.status === 'failed');
  const completeness: TargetCheck = {
    name: 'every process loaded all rows',
    requirement: `${rows.toLocaleString('en-US')} rows, status loaded`,
    value: attempted.length === 0 ? 'nothing run' : failed.length === 0 ? `${attempted.length} measurements ok`
      : `failed: ${failed.map((summary) => summary.id).join(', ')}`,
    status: attempted.length === 0 ? 'SKIP' : failed.length === 0 ? 'PASS' : 'FAIL',
  };
  return [
    completeness,
    ratioCheck(lookup, 'server ingest vs raw \\copy', 'server-servq-utf8', 'server-raw-copy',
      TARGETS.serverVsRawCopy, TARGETS.serverVsRawCopyAim),
    ratioCheck(lookup, 'server GB18030 vs UTF-8 ingest', 'server-servq-gb18030', 'server-servq-utf8',
      TARGETS.gb18030VsUtf8),
    rssCheck(lookup, 'server ingest peak RSS', ['server-servq-utf8', 'server-servq-gb18030'], TARGETS.serverPeakRssMB),
    ratioCheck(lookup, 'server ingest over overlapping batches vs alone (≤ 1.5× the time)', 'server-servq-overlap', 'server-servq-utf8',
      Number(TARGETS.overlapVsAlone.toFixed(2))),
    ratioCheck(lookup, 'embedded ingest vs raw COPY', 'embedded-servq-utf8', 'embedded-raw-copy',
      TARGETS.embeddedVsRawCopy),
    ratioCheck(lookup, 'embedded GB18030 vs UTF-8 ingest', 'embedded-servq-gb18030', 'embedded-servq-utf8',
      TARGETS.gb18030VsUtf8),
    ratioCheck(lookup, 'embedded ingest over overlapping batches vs alone (≤ 1.5× the time)', 'embedded-servq-overlap', 'embedded-servq-utf8',
      Number(TARGETS.overlapVsAlone.toFixed(2))),
    rssCheck(lookup, 'embedded ingest peak RSS (target at 5M)', ['embedded-servq-utf8', 'embedded-servq-gb18030'],
      TARGETS.embeddedPeakRssMB),
  ];
}
