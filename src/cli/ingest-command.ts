/**
 * `servq ingest KIND FILE…`: loads each file as a batch and prints a table (or JSON lines with --json).
 * Ctrl-C (SIGINT) or SIGTERM rolls the current batch back and stops.
 */
import { existsSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { SOURCE_KINDS, type SourceKind } from '../ingest/fields.js';
import { ingestFile, type IngestOptions, type IngestResult } from '../ingest/ingest-file.js';
import type { Encoding } from '../ingest/probe.js';
import { readProfile } from '../ingest/profile.js';
import { loadPresets } from '../ingest/presets.js';
import { didYouMean } from '../ingest/nearest-name.js';
import { isTimeZone } from '../ingest/time-zone.js';
import { DEFAULT_TIME_ZONE } from '../ingest/defaults.js';
import { analysisTimeZone } from './analysis-zone.js';
import { KeyedHasher } from '../privacy/keyed-hash.js';
import { loadPseudonymKey } from '../privacy/key-store.js';
import type { Database } from '../db/session.js';
import { CliError } from './cli-error.js';
import { count, noteLockWait, table, withDatabase, type GlobalOptions } from './context.js';
import { interruptOnSignals } from './interrupt.js';

/** Files above this size get a progress bar on a terminal. */
const PROGRESS_BYTES = 4 << 20;

export interface IngestCommandOptions {
  readonly json?: boolean;
  readonly map?: string;
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly dateFormat?: 'DMY' | 'MDY' | 'YMD';
  readonly preset?: string;
  /** From --time-zone or SERVQ_TIME_ZONE; else the profile's; else DEFAULT_TIME_ZONE. */
  readonly timeZone?: string;
  readonly maxRejectRate: number;
  readonly maxDuplicateRate?: number;
  readonly minDate: string;
  readonly progress: boolean;
  /** `--replace`: the batch of the same content; `--replace-batch N`: batch N. */
  readonly replace?: boolean;
  readonly replaceBatch?: number;
  readonly keepFrequentIdentifiers?: boolean;
  readonly reason?: string;
  /** The zone of times without an offset when neither --time-zone nor the profile names one (a pipeline's zone). */
  readonly defaultTimeZone?: string;
}

/** Validates options into IngestOptions (minus the kind); throws CliError with the fix. */
export function ingestOptions(kind: SourceKind, o: IngestCommandOptions, signal: AbortSignal, debug = false): Omit<IngestOptions, 'onProgress'> {
  const profile = o.map ? readProfile(o.map) : undefined;
  const timeZone = o.timeZone ?? profile?.timeZone ?? o.defaultTimeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    const where = o.timeZone ? '--time-zone' : `${o.map}: timeZone`;
    throw new CliError(`${where}: '${timeZone}' is not a time-zone name (e.g. Asia/Shanghai, UTC)`, 2);
  }
  const minEpochMs = Date.parse(`${o.minDate}T00:00:00Z`);
  if (Number.isNaN(minEpochMs)) throw new CliError(`--min-date: '${o.minDate}' is not a date like 2000-01-01`, 2);
  if (o.preset !== undefined && o.preset !== 'none') {
    const presets = loadPresets();
    const preset = presets.find((p) => p.id === o.preset);
    if (preset === undefined) throw new CliError(`--preset: unknown preset ${didYouMean(o.preset, presets.map((p) => p.id))}; servq presets lists them`, 2);
    if (preset.kind !== kind) throw new CliError(`--preset ${o.preset} is for ${preset.kind} exports, not ${kind}`, 2);
  }
  const key = loadPseudonymKey();
  if (key.created) {
    console.error(`servq: created the pseudonymisation key ${key.source}; keep it safe and back it up: customer keys of new data join old data only with the same key`);
  }
  return {
    kind,
    hasher: new KeyedHasher(key.key),
    timeZone,
    timeZoneIsDefault: o.timeZone === undefined && profile?.timeZone === undefined,
    nowMs: Date.now(),
    minEpochMs,
    maxRejectRate: o.maxRejectRate,
    maxDuplicateRate: o.maxDuplicateRate,
    replace: o.replaceBatch !== undefined ? { batchId: o.replaceBatch } : o.replace === true ? {} : undefined,
    keepFrequentIdentifiers: o.keepFrequentIdentifiers,
    reason: o.reason,
    encoding: o.encoding === 'gbk' ? 'gb18030' : (o.encoding as Encoding | undefined),
    delimiter: o.delimiter,
    dateFormat: o.dateFormat,
    profile,
    preset: o.preset,
    signal,
    onLockWait: () => noteLockWait(kind),
    onPhase: debug ? (phase, seconds) => console.error(`servq: ${phase}: ${seconds.toFixed(3)} s`) : undefined,
    // The daily rollups are kept in the zone `servq analyze` uses by default. A load notes the days it changed;
    // the next `servq analyze` (or `servq rollups --refresh`) recomputes them once for every file loaded since,
    // so a load costs what it did (README, "Daily rollups").
    rollupZone: analysisTimeZone(),
    refreshRollups: false,
  };
}

/** Loads `files` one after another, reporting each; returns the results. */
export async function ingestFiles(
  db: Database,
  files: readonly string[],
  options: Omit<IngestOptions, 'onProgress'>,
  show: { json: boolean; progress: boolean },
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const file of files) {
    if (options.signal?.aborted) break;
    let bar: SingleBar | undefined;
    const onProgress = (bytes: number, total: number, rows: number) => {
      if (!bar) {
        if (!show.progress || show.json || !process.stderr.isTTY || total < PROGRESS_BYTES) return;
        bar = new SingleBar({
          format: `${file} [{bar}] {percentage}% | {rows} rows | {eta_formatted} left`,
          stream: process.stderr,
          hideCursor: true,
        });
        bar.start(total, 0, { rows: '0' });
      }
      bar.update(bytes, { rows: count(rows) });
    };
    const result = existsSync(file)
      ? await ingestFile(db, file, { ...options, onProgress }).finally(() => bar?.stop())
      : ({ file, kind: options.kind, batchId: null, status: 'failed', rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsDuplicate: 0, error: 'no such file', seconds: 0 } satisfies IngestResult);
    results.push(result);
    if (show.json) {
      const { rejectReasons: _omit, ...line } = result;
      process.stdout.write(`${JSON.stringify({ ...line, error: line.error ?? null, timeZone: line.timeZone ?? options.timeZone })}\n`);
    }
    // Errors go to stderr as one line in both modes: scripts read stdout, people read stderr.
    if (result.status === 'failed') console.error(`servq: ${result.file}: ${result.error}`);
    else if (result.message !== undefined) console.error(`servq: ${result.file}: note: ${result.message}`);
  }
  return results;
}

/** Prints the summary table of a run. */
export function printSummary(results: readonly IngestResult[]): void {
  console.log(
    table(
      ['file', 'kind', 'status', 'batch', 'read', 'loaded', 'rejected', 'duplicate', 'seconds'],
      results.map((r) => [
        r.file,
        r.kind,
        r.status,
        r.batchId === null ? '-' : String(r.batchId),
        count(r.rowsRead),
        count(r.rowsLoaded),
        count(r.rowsRejected),
        count(r.rowsDuplicate),
        r.seconds.toFixed(2),
      ]),
    ),
  );
  const withRejects = results.filter((r) => r.rowsRejected > 0);
  for (const r of withRejects) {
    const reasons = Object.entries(r.rejectReasons ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${count(n)}`)
      .join(', ');
    console.log(`  ${r.file}: rejected ${reasons} — see: servq rejects ${r.batchId}`);
  }
  for (const r of results.filter((x) => x.status === 'loaded' && x.unknownLabels !== undefined)) {
    const fields = Object.entries(r.unknownLabels!).map(
      ([field, labels]) => `${field}: ${Object.entries(labels).slice(0, 10).map(([label, n]) => `'${label}' ×${count(n)}`).join(', ')}`,
    );
    console.log(`  ${r.file}: unknown labels (rows rejected) — ${fields.join('; ')}; map them in a profile's "vocabulary"`);
  }
}

export async function runIngest(kindArg: string, files: string[], o: IngestCommandOptions, g: GlobalOptions): Promise<number> {
  if (!(SOURCE_KINDS as readonly string[]).includes(kindArg)) {
    throw new CliError(`unknown kind '${kindArg}'; expected one of: ${SOURCE_KINDS.join(', ')}`, 2);
  }
  if (o.replaceBatch !== undefined && files.length > 1) {
    throw new CliError(`--replace-batch ${o.replaceBatch} replaces one batch by one file; got ${files.length} files`, 2);
  }
  const interrupt = interruptOnSignals();
  try {
    const options = ingestOptions(kindArg as SourceKind, o, interrupt.signal, g.debug === true);
    const zoneSource = o.timeZone !== undefined ? 'from --time-zone or SERVQ_TIME_ZONE' : options.profile?.timeZone !== undefined ? `from ${o.map}` : 'the default; change it with --time-zone';

    const results = await withDatabase(g, async (db) => {
      interrupt.watch(db);
      try {
        return await ingestFiles(db, files, options, { json: o.json === true, progress: o.progress });
      } finally {
        interrupt.settle();
      }
    });
    if (!o.json) {
      printSummary(results);
      // Scripts get the zone in each JSON result; people read it under the table (when rows were read).
      const loaded = results.filter((r) => r.status === 'loaded');
      const zones = [...new Set(loaded.map((r) => r.timeZone ?? options.timeZone))];
      if (zones.length === 1 && zones[0] === options.timeZone) {
        console.log(`Times without a UTC offset were read as ${options.timeZone} time (${zoneSource}).`);
      } else if (loaded.length > 0) {
        console.log(`Times without a UTC offset were read as ${loaded.map((r) => `${r.timeZone ?? options.timeZone} time in ${r.file}`).join(', ')} (a preset's zone where you gave none; change it with --time-zone).`);
      }
    }
    if (interrupt.signal.aborted) return 130;
    return results.every((r) => r.status !== 'failed') && results.length === files.length ? 0 : 1;
  } finally {
    interrupt.dispose();
  }
}
