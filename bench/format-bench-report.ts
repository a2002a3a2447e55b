/**
 * The benchmark's printed report: one table row per measurement, then the target checks and notes.
 */
import type { MeasurementSummary } from './bench-results.js';
import type { TargetCheck } from './bench-targets.js';

function formatNumber(value: number | null, fractionDigits: number): string {
  return value === null
    ? '–'
    : value.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}

/** Pads each column to its widest cell; with `numeric`, all columns but the first are right-aligned. */
function alignColumns(rows: readonly (readonly string[])[], numeric: boolean): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === 0 || !numeric ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * Formats the measurements as a fixed-width text table (one row per measurement; failed and skipped
 * measurements show why, below the table).
 *
 * @param summaries measurements with ratios filled in
 * @example formatMeasurementTable(summaries).split('\n')[0]?.startsWith('measurement') // => true
 */
export function formatMeasurementTable(summaries: readonly MeasurementSummary[]): string {
  const header = ['measurement', 'rows', 'min s', 'median s', 'max s', 'rows/s', 'MB/s', 'ratio', 'peak RSS MB', 'CPU s', 'server CPU s'];
  const body = summaries.map((summary) => {
    if (summary.status !== 'ok') {
      const status = summary.status === 'failed' ? 'FAILED' : 'skipped';
      return [summary.label, formatNumber(summary.rows, 0), status, '', '', '', '', '', '', '', ''];
    }
    return [
      summary.label,
      formatNumber(summary.rows, 0),
      formatNumber(summary.minSeconds, 2),
      formatNumber(summary.medianSeconds, 2),
      formatNumber(summary.maxSeconds, 2),
      formatNumber(summary.medianRowsPerSecond, 0),
      formatNumber(summary.medianMBPerSecond, 1),
      summary.ratio === null ? '' : `${summary.ratio.toFixed(2)}×`,
      formatNumber(summary.peakRssMB, 0),
      formatNumber(summary.medianCpuSeconds, 2),
      formatNumber(summary.medianBackendCpuSeconds, 2),
    ];
  });
  const lines = alignColumns([header, ...body], true);
  const rule = '-'.repeat(Math.max(...lines.map((line) => line.length)));
  const notes = summaries
    .filter((summary) => summary.status === 'failed')
    .map((summary) => `  FAILED ${summary.label}: ${firstLines(summary.note ?? '', 12)}`);
  // Skips share their reason (`--only`, an unreachable server): one line per reason.
  const skipReasons = new Map<string, string[]>();
  for (const summary of summaries) {
    if (summary.status !== 'skipped') continue;
    const reason = summary.note ?? 'not run';
    skipReasons.set(reason, [...(skipReasons.get(reason) ?? []), summary.id]);
  }
  for (const [reason, ids] of skipReasons) notes.push(`  skipped ${ids.join(', ')}: ${reason}`);
  return [lines[0] ?? '', rule, ...lines.slice(1), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

/** The first `count` lines of a text, indented for the report. */
function firstLines(text: string, count: number): string {
  const lines = text.trim().split('\n');
  const kept = lines.slice(0, count).join('\n    ');
  return lines.length > count ? `${kept}\n    … (${lines.length - count} more lines)` : kept;
}

/**
 * Formats the target checks as `PASS|FAIL|SKIP  name  requirement  value` lines.
 *
 * @example formatTargetChecks([{ name: 'x', requirement: '≥ 0.5×', value: '0.62×', status: 'PASS' }]) // => 'PASS  x  ≥ 0.5×  0.62×'
 */
export function formatTargetChecks(checks: readonly TargetCheck[]): string {
  return alignColumns(
    checks.map((check) => [check.status, check.name, check.requirement, check.value]),
    false,
  ).join('\n');
}
