/**
 * From a measured process to a run record: finds what the process reported (servq's JSON line, COPY's row
 * count) and decides whether the run counts. A run that did not load every row is a failure, never a time.
 */
import type { RunRecord } from './bench-results.js';
import type { ProcessMeasurement } from './measure-process.js';

/** Lines of a failing process's stderr kept in its error. */
const STDERR_TAIL_LINES = 40;

/** servq's per-file JSON report (`servq ingest … --json`). */
export interface IngestReport {
  readonly status?: unknown;
  readonly rowsRead?: unknown;
  readonly rowsLoaded?: unknown;
  readonly rowsRejected?: unknown;
  readonly rowsDuplicate?: unknown;
  readonly error?: unknown;
  readonly seconds?: unknown;
}

/** The last `count` lines of a text. */
function tailLines(text: string, count: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(Math.max(0, lines.length - count)).join('\n');
}

/** Describes how a process ended with the tail of the process's output. */
function exitFailure(run: ProcessMeasurement): string {
  const how = run.signal === null ? `exit code ${run.exitCode ?? 'none'}` : `killed by ${run.signal}`;
  const stderr = tailLines(run.stderr, STDERR_TAIL_LINES);
  const stdout = tailLines(run.stdout, 10);
  return `${how}${stderr === '' ? '' : `\nstderr:\n${stderr}`}${stdout === '' ? '' : `\nstdout:\n${stdout}`}`;
}

/**
 * Finds servq's JSON report on stdout: the last line holding an object with a `status`, or else the whole
 * output as one (possibly pretty-printed) object or array of objects.
 *
 * @param stdout the process's standard output
 * @returns the report, or null when there is none
 * @example parseIngestReport('loading…\n{"status":"loaded","rowsLoaded":3}\n')?.rowsLoaded // => 3
 */
export function parseIngestReport(stdout: string): IngestReport | null {
  let found: IngestReport | null = null;
  for (const line of stdout.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (typeof value === 'object' && value !== null && 'status' in value) found = value as IngestReport;
    } catch {
      // not a JSON line (a log line that starts with a brace): keep looking
    }
  }
  if (found !== null) return found;
  try {
    const value: unknown = JSON.parse(stdout);
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return typeof first === 'object' && first !== null ? (first as IngestReport) : null;
  } catch {
    return null;
  }
}

/**
 * The `rows` of pglite-raw-copy's JSON summary line (its last line), or null when there is none.
 *
 * @example parseRawCopyRows('{"rows":1000,"copySeconds":0.2}\n') // => 1000
 */
export function parseRawCopyRows(stdout: string): number | null {
  const lastLine = stdout.trim().split('\n').pop() ?? '';
  try {
    const value: unknown = JSON.parse(lastLine);
    if (typeof value === 'object' && value !== null && 'rows' in value && typeof value.rows === 'number') {
      return value.rows;
    }
  } catch {
    // no summary line: the process failed before printing it
  }
  return null;
}

/** The figures every run record carries from its measured process. */
function runBase(run: ProcessMeasurement, repetition: number) {
  return {
    repetition,
    wallSeconds: run.wallSeconds,
    peakRssMB: run.peakRssMB,
    cpuSeconds: run.cpuSeconds,
    ...(run.backendCpuSeconds !== undefined ? { backendCpuSeconds: run.backendCpuSeconds } : {}),
    exitCode: run.exitCode,
  };
}

/**
 * Turns a measured `servq ingest … --json` process into a run record: ok only when it exited 0 and its
 * JSON report says `status: 'loaded'` with `rowsLoaded === rows`; otherwise the error carries the report's
 * counts and the tail of the process's stderr.
 *
 * @param run the measured process
 * @param repetition 1-based repetition number
 * @param rows rows in the input file
 * @example
 * const run = { exitCode: 0, signal: null, wallSeconds: 2, peakRssMB: 90, cpuSeconds: 2.5, stdout: '{"status":"loaded","rowsLoaded":5}', stderr: '' };
 * servqRunRecord(run, 1, 5).ok // => true
 */
export function servqRunRecord(run: ProcessMeasurement, repetition: number, rows: number): RunRecord {
  const base = runBase(run, repetition);
  if (run.exitCode !== 0) return { ...base, ok: false, error: exitFailure(run) };
  const report = parseIngestReport(run.stdout);
  if (report === null) {
    return { ...base, ok: false, error: `no JSON report on stdout\n${exitFailure(run)}` };
  }
  const rowsLoaded = typeof report.rowsLoaded === 'number' ? report.rowsLoaded : Number.NaN;
  if (report.status !== 'loaded' || rowsLoaded !== rows) {
    const detail =
      `status ${String(report.status)}, rowsRead ${String(report.rowsRead)}, ` +
      `rowsLoaded ${String(report.rowsLoaded)}, ` +
      `rowsRejected ${String(report.rowsRejected)}, rowsDuplicate ${String(report.rowsDuplicate)}` +
      (report.error === undefined ? '' : `, error ${String(report.error)}`);
    return { ...base, ok: false, ...(Number.isNaN(rowsLoaded) ? {} : { rowsLoaded }),
      error: `expected status loaded and rowsLoaded ${rows}: ${detail}\n${exitFailure(run)}` };
  }
  return {
    ...base,
    ok: true,
    rowsLoaded,
    ...(typeof report.seconds === 'number' ? { reportedSeconds: report.seconds } : {}),
  };
}

/**
 * Turns a measured raw-copy process (`psql \copy`, pglite-raw-copy) into a run record: ok only when it
 * exited 0 and copied exactly `rows` rows.
 *
 * @param run the measured process
 * @param repetition 1-based repetition number
 * @param rows rows in the input file
 * @param loadedRows rows the process reported copying (`COPY n`), or null when it printed no count
 * @example
 * const run = { exitCode: 0, signal: null, wallSeconds: 1, peakRssMB: 9, cpuSeconds: 0.2, stdout: 'COPY 5\n', stderr: '' };
 * rawRunRecord(run, 1, 5, 5).ok // => true
 */
export function rawRunRecord(
  run: ProcessMeasurement,
  repetition: number,
  rows: number,
  loadedRows: number | null,
): RunRecord {
  const base = runBase(run, repetition);
  if (run.exitCode !== 0) return { ...base, ok: false, error: exitFailure(run) };
  if (loadedRows !== rows) {
    return { ...base, ok: false, ...(loadedRows === null ? {} : { rowsLoaded: loadedRows }),
      error: `expected ${rows} rows copied, got ${loadedRows ?? 'no count'}\n${exitFailure(run)}` };
  }
  return { ...base, ok: true, rowsLoaded: loadedRows };
}
