/**
 * The records of the benchmark (one per measured process, grouped per measurement) and their summary:
 * min / median / max wall seconds, median rows/s and MB/s, peak RSS, and the ratio to a reference measurement.
 */

/** The measurements of one benchmark run, in table order. */
export const MEASUREMENT_IDS = [
  'server-raw-copy',
  'server-servq-utf8',
  'server-servq-gb18030',
  'server-servq-overlap',
  'embedded-raw-copy',
  'embedded-servq-utf8',
  'embedded-servq-gb18030',
  'embedded-servq-overlap',
] as const;
export type MeasurementId = (typeof MEASUREMENT_IDS)[number];

/** One measured process. */
export interface RunRecord {
  /** 1-based repetition number. */
  readonly repetition: number;
  /** True when the process exited 0 and loaded every row. */
  readonly ok: boolean;
  /** Wall seconds of the whole process, start-up included. */
  readonly wallSeconds: number;
  /** Peak resident set size of the process in MiB (null without GNU time). */
  readonly peakRssMB: number | null;
  /** CPU seconds of the process, user + system (null without GNU time). */
  readonly cpuSeconds?: number | null;
  /** CPU seconds of the server's backends for the run (server runs on this machine only; see backend-cpu.ts). */
  readonly backendCpuSeconds?: number | null;
  readonly exitCode: number | null;
  /** Rows the process reports as loaded (servq's `rowsLoaded`, COPY's count), when known. */
  readonly rowsLoaded?: number;
  /** servq's own `seconds` for the file (wall − this ≈ start-up, migrations and shutdown), when reported. */
  readonly reportedSeconds?: number;
  /** Why the run is not ok (with the tail of the process's stderr). */
  readonly error?: string;
}

/** A measurement: what was run and its runs. */
export interface MeasurementPlan {
  readonly id: MeasurementId;
  /** Human label, e.g. `server: psql \copy (raw limit)`. */
  readonly label: string;
  readonly database: 'server' | 'embedded';
  readonly encoding: 'UTF-8' | 'GB18030';
  /** The measurement this one's rate is divided by (a raw limit), if any. */
  readonly ratioTo?: MeasurementId;
  readonly rows: number;
  /** Size of the input file in bytes. */
  readonly fileBytes: number;
}

/** A measurement with its runs and summary figures (the figures are null when no run succeeded). */
export interface MeasurementSummary extends MeasurementPlan {
  readonly status: 'ok' | 'failed' | 'skipped';
  /** Why skipped or failed. */
  readonly note?: string;
  readonly runs: readonly RunRecord[];
  readonly minSeconds: number | null;
  readonly medianSeconds: number | null;
  readonly maxSeconds: number | null;
  /** rows ÷ median seconds. */
  readonly medianRowsPerSecond: number | null;
  /** input MB (10^6 bytes) ÷ median seconds: comparable across data sets with other row widths. */
  readonly medianMBPerSecond: number | null;
  /** Largest peak RSS over the runs, MiB. */
  readonly peakRssMB: number | null;
  /** Median CPU seconds of the process (null when not measured). */
  readonly medianCpuSeconds: number | null;
  /** Median CPU seconds of the server's backends (null when not measured: embedded runs, a remote server). */
  readonly medianBackendCpuSeconds: number | null;
  /** medianRowsPerSecond ÷ that of `ratioTo` (null when either is missing). */
  readonly ratio: number | null;
}

/**
 * Median of a non-empty list (mean of the two middle values for an even count).
 *
 * @param values numbers, any order
 * @throws RangeError on an empty list
 * @example median([3, 1, 2, 10]) // => 2.5
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: expected at least one value, got an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/**
 * Summarises a measurement's runs. A measurement with any failed run is `failed` and has no figures: the
 * timing of a failing ingest means nothing. Ratios are filled in afterwards by `withRatios`.
 *
 * @param plan the measurement
 * @param runs its runs (empty when skipped)
 * @param skippedNote reason when the measurement was not run
 * @example summarizeMeasurement(plan, [{ repetition: 1, ok: true, wallSeconds: 2, peakRssMB: 90, exitCode: 0 }]).medianSeconds // => 2
 */
export function summarizeMeasurement(
  plan: MeasurementPlan,
  runs: readonly RunRecord[],
  skippedNote?: string,
): MeasurementSummary {
  const empty = { minSeconds: null, medianSeconds: null, maxSeconds: null, medianRowsPerSecond: null,
    medianMBPerSecond: null, peakRssMB: null, medianCpuSeconds: null, medianBackendCpuSeconds: null, ratio: null };
  if (runs.length === 0) {
    return { ...plan, ...empty, status: 'skipped', runs, note: skippedNote ?? 'not run' };
  }
  const failed = runs.find((run) => !run.ok);
  if (failed !== undefined) {
    const note = `repetition ${failed.repetition}: ${failed.error ?? 'failed'}`;
    return { ...plan, ...empty, status: 'failed', runs, note };
  }
  const seconds = runs.map((run) => run.wallSeconds);
  const medianSeconds = median(seconds);
  const rssValues = runs.flatMap((run) => (run.peakRssMB === null ? [] : [run.peakRssMB]));
  const cpu = runs.flatMap((run) => (typeof run.cpuSeconds === 'number' ? [run.cpuSeconds] : []));
  const backendCpu = runs.flatMap((run) => (typeof run.backendCpuSeconds === 'number' ? [run.backendCpuSeconds] : []));
  return {
    ...plan,
    status: 'ok',
    runs,
    minSeconds: Math.min(...seconds),
    medianSeconds,
    maxSeconds: Math.max(...seconds),
    medianRowsPerSecond: plan.rows / medianSeconds,
    medianMBPerSecond: plan.fileBytes / 1e6 / medianSeconds,
    peakRssMB: rssValues.length === 0 ? null : Math.max(...rssValues),
    // Only when every run has the figure: a median over some of the runs would not match the times beside it.
    medianCpuSeconds: cpu.length === runs.length ? median(cpu) : null,
    medianBackendCpuSeconds: backendCpu.length === runs.length ? median(backendCpu) : null,
    ratio: null,
  };
}

/**
 * Fills in each measurement's ratio of its median rate to that of its reference (`ratioTo`).
 *
 * @param summaries all measurements of the run
 * @example withRatios([rawAt600k, servqAt420k])[1]?.ratio // => 0.7
 */
export function withRatios(summaries: readonly MeasurementSummary[]): MeasurementSummary[] {
  return summaries.map((summary) => {
    const reference = summaries.find((other) => other.id === summary.ratioTo);
    const rate = summary.medianRowsPerSecond;
    const referenceRate = reference?.medianRowsPerSecond ?? null;
    return rate === null || referenceRate === null ? summary : { ...summary, ratio: rate / referenceRate };
  });
}
