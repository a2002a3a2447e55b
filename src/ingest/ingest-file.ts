/**
 * Loads one file as one batch: all of it or none of it, exactly once.
 *
 * Stages:
 *   1. probe: one pass for SHA-256 and encoding evidence; content already loaded → `skipped`;
 *   2. layout: JSON or delimited; delimiter and header row; column mapping (errors name what was found);
 *   3. one transaction: an advisory lock per kind (a concurrent twin waits, then skips), batch row, then the
 *      streaming pass — transcode → scan bytes → standardize → binary COPY — with JavaScript and PostgreSQL
 *      working at the same time on their own cores (restarted when the file proves another day/month order,
 *      or a JSON key that maps to a field first appears late);
 *   4. rejected rows and survey items COPY from their spools; date-order and error-budget checks; duplicates
 *      (Bloom-filter candidates, overlapping earlier batches) recorded and removed;
 *   5. counts and decisions stored on the batch; COMMIT. Any failure (or Ctrl-C, or SIGKILL) rolls back the
 *      whole batch; a failure is then recorded as a `failed` batch in its own transaction.
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { SERVQ_VERSION } from '../paths.js';
import {
  finishBatch,
  clearPlaceholderKeys,
  ROW_KEY_VERSION,
  findLoadedBatch,
  insertBatch,
  loadedBatchOptions,
  lockKind,
  registerSurveyItems,
  removeDuplicates,
  type BatchStart,
} from '../db/ingest-queries.js';
import { FACT_TABLE } from '../db/schema.js';
import { BUSINESS_KEY, resolveBatchVersions } from '../db/record-versions.js';
import { addRollupZone, noteTableChange, refreshRollups } from '../db/rollups.js';
import { BatchRemovalError, recordBatchEvent, removeBatch, systemActor, type RemovedBatch } from '../db/batch-queries.js';
import { createHash } from 'node:crypto';
import { DEFAULT_MAX_DUPLICATE_RATE, DEFAULT_MAX_REJECT_RATE } from './defaults.js';
import { withSession, type Database, type Session } from '../db/session.js';
import type { KeyedHasher } from '../privacy/keyed-hash.js';
import { CsvScanner, CsvSyntaxError } from './csv-scanner.js';
import { FIELDS_BY_KIND, type SourceKind } from './fields.js';
import { JsonKeySampler, JsonRecordAdapter, JsonSplitter, LateKeysRestart } from './json-records.js';
import { headerScore, mapColumns, MappingError, type ColumnMapping } from './mapping.js';
import { columnFits, dropImplausibleColumns } from './mapping-evidence.js';
import { detectPreset, mergeProfiles, type PresetDetection } from './presets.js';
import { maskPersonalData } from '../privacy/mask.js';
import { NotTextError, probeFile, type Encoding, type FileProbe } from './probe.js';
import type { MappingProfile } from './profile.js';
import { buildRowPlan, durationUnitNotes, type RowPlan } from './row-plan.js';
import { DayOrderRestart, RowWriter, type DayOrder, type RowWriterOptions } from './row-writer.js';
import { delimiterName, sampleRecords, sniffCsv, sniffFormat, type Format } from './sniff.js';
import { Spool } from './spool.js';
import { utf8Chunks, Utf8Window } from './transcode.js';
import { VocabularyTables } from './vocabulary-lookup.js';
import { ZoneOffsets } from './zone-offsets.js';

export interface IngestOptions {
  readonly kind: SourceKind;
  readonly hasher: KeyedHasher;
  /** IANA time zone that offset-less timestamps are local to. */
  readonly timeZone: string;
  /** True when `timeZone` is only the default (no --time-zone, no profile's): a preset's zone then applies. */
  readonly timeZoneIsDefault?: boolean | undefined;
  /** "Now", epoch ms: timestamps after now + 1 day are rejected as future dates. */
  readonly nowMs: number;
  /** Timestamps before this (epoch ms) are rejected as implausible (default 2000-01-01). */
  readonly minEpochMs?: number;
  /** Share of rows (0–1) that may be rejected before the whole file is refused (default DEFAULT_MAX_REJECT_RATE). */
  readonly maxRejectRate?: number | undefined;
  /**
   * Share of rows (0–1) that may repeat another row of the same file before the whole file is refused
   * (default DEFAULT_MAX_DUPLICATE_RATE). Repeats of rows loaded by earlier batches (overlapping exports) do
   * not count: they are expected.
   */
  readonly maxDuplicateRate?: number | undefined;
  readonly encoding?: Encoding | undefined;
  /** Delimiter character, overriding detection. */
  readonly delimiter?: string | undefined;
  readonly dateFormat?: DayOrder | undefined;
  readonly profile?: MappingProfile | undefined;
  /** A vendor preset by id (`--preset`), `'none'` for no preset; default: detected from the header. */
  readonly preset?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /**
   * Replace a loaded batch by this load, in one transaction: the batch that loaded this same content
   * (`batchId` undefined), or the given batch (a corrected export of the same data). Without it, content
   * already loaded is skipped.
   */
  readonly replace?: { readonly batchId?: number | undefined } | undefined;
  /** Keep an identifier that repeats in a large share of rows as a customer (no placeholder detection). */
  readonly keepFrequentIdentifiers?: boolean | undefined;
  /** Why (for the batch history): `--reason`. */
  readonly reason?: string | undefined;
  /** Who (for the batch history); default the operating-system user@host. */
  readonly actor?: string | undefined;
  /** Called once when another process is loading this kind and this load waits for it. */
  readonly onLockWait?: (() => void) | undefined;
  /** Called when a stage of the load ends, with its wall time in seconds (`--debug` prints them). */
  readonly onPhase?: ((phase: string, seconds: number) => void) | undefined;
  /**
   * A time zone whose daily rollups are kept from now on (src/db/rollups.ts): the zone the analyses will use
   * (the CLI passes `--time-zone`/SERVQ_TIME_ZONE of `servq analyze`). Registered with the load.
   */
  readonly rollupZone?: string | undefined;
  /**
   * Bring the daily rollups up to date after the load commits (default true). The CLI passes false: the next
   * `servq analyze` (or `servq rollups --refresh`) recomputes the changed days once for every load since.
   */
  readonly refreshRollups?: boolean | undefined;
  /** Called as the file is read: bytes read so far of `totalBytes`, rows so far. */
  readonly onProgress?: ((bytesRead: number, totalBytes: number, rows: number) => void) | undefined;
}

export type IngestStatus = 'loaded' | 'skipped' | 'failed';

/** The per-file result: the machine-readable contract of `servq ingest --json`. */
export interface IngestResult {
  readonly file: string;
  readonly kind: SourceKind;
  readonly batchId: number | null;
  readonly status: IngestStatus;
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly rowsDuplicate: number;
  readonly error?: string;
  readonly seconds: number;
  readonly encoding?: string;
  readonly format?: string;
  /** Reason code → count, for the summary. */
  readonly rejectReasons?: Record<string, number>;
  /** A note for the user beside the status (why a file was skipped, what a replace removed). */
  readonly message?: string;
  /** Every distinct label no vocabulary knew, per field, with the rows holding it (loaded and refused files). */
  readonly unknownLabels?: UnknownLabels;
  /** The vendor preset applied, if any. */
  readonly preset?: string;
  /** The time zone times without an offset were read in (the user's, else the preset's, else the default). */
  readonly timeZone?: string;
}

/** A file-level failure with a message for the user (file name is added by the caller). */
export class IngestError extends Error {
  override name = 'IngestError';
}

/**
 * Raised when the error budget is exceeded: the file is not loaded. It carries what the user needs to fix the
 * file in one go: the first rejected rows (kept on the failed batch, so `servq rejects` shows them) and every
 * distinct unknown label.
 */
class BudgetError extends IngestError {
  batchId: number | undefined;
  rejectSample: Buffer | undefined;
  unknownLabels: UnknownLabels | undefined;
}

/** Field → unknown label → rows holding it (`'(others)'`: rows of labels past the first MAX_UNKNOWN_LABELS). */
export type UnknownLabels = Record<string, Record<string, number>>;

/** Rejected rows kept for a refused file. */
const REFUSED_REJECT_SAMPLE = 1000;

function unknownLabelsOf(writer: RowWriter): UnknownLabels | undefined {
  if (writer.unknownLabels.size === 0) return undefined;
  const out: UnknownLabels = {};
  for (const [field, entry] of writer.unknownLabels) {
    const labels: Record<string, number> = {};
    for (const [label, n] of [...entry.labels].sort((a, b) => b[1] - a[1])) labels[maskPersonalData(label)] = n;
    if (entry.otherRows > 0) labels['(others)'] = entry.otherRows;
    out[field] = labels;
  }
  return out;
}

/** "channel: 'pigeon' ×120, 'fax' ×3 (map them in a profile: {"vocabulary": {"channel": {"pigeon": "…"}}})" */
function unknownLabelsSentence(writer: RowWriter): string {
  const parts: string[] = [];
  const snippet: Record<string, Record<string, string>> = {};
  for (const [field, entry] of writer.unknownLabels) {
    const labels = [...entry.labels].sort((a, b) => b[1] - a[1]);
    const shown = labels.slice(0, 20).map(([label, n]) => `'${maskPersonalData(label)}' ×${n}`);
    const more = labels.length - shown.length + (entry.otherRows > 0 ? 1 : 0);
    parts.push(`${field}: ${shown.join(', ')}${more > 0 ? `, and more (${labels.length - shown.length} more labels${entry.otherRows > 0 ? `, ${entry.otherRows} rows of others` : ''})` : ''}`);
    const section = (snippet[entry.vocabulary] ??= {});
    for (const [label] of labels.slice(0, 20)) section[maskPersonalData(label)] = '…';
  }
  return `unknown labels — ${parts.join('; ')}; map them in a profile (--map): ${JSON.stringify({ vocabulary: snippet })}`;
}

/** The COPY text of the first `max` rejected rows (whole lines), for a refused file. */
async function rejectSample(writer: RowWriter, max: number): Promise<Buffer> {
  writer.rejects.finish();
  const parts: Buffer[] = [];
  let lines = 0;
  for await (const chunk of writer.rejects.spool.chunks()) {
    const buf = Buffer.from(chunk);
    let end = 0;
    for (let i = buf.indexOf(10); i >= 0 && lines < max; i = buf.indexOf(10, i + 1)) {
      lines++;
      end = i + 1;
    }
    parts.push(buf.subarray(0, lines < max ? buf.length : end));
    if (lines >= max) break;
  }
  return Buffer.concat(parts);
}

/** Fills in what a refused file keeps (the batch id it ran as, the first rejected rows, unknown labels). */
async function refusal(error: BudgetError, writer: RowWriter, batchId: number): Promise<BudgetError> {
  error.batchId = batchId;
  error.unknownLabels = unknownLabelsOf(writer);
  error.rejectSample = await rejectSample(writer, REFUSED_REJECT_SAMPLE).catch(() => undefined);
  return error;
}

const DEFAULT_MIN_EPOCH_MS = Date.UTC(2000, 0, 1);

/** How a file is laid out and mapped, decided before loading (recorded on the batch). */
export interface Layout {
  readonly format: Format;
  readonly delimiter: number;
  readonly headerLine: number;
  readonly headers: readonly string[];
  readonly mapping: ColumnMapping;
  readonly plan: RowPlan;
  /** The profile in force: the preset's with the user's on top. */
  readonly profile: MappingProfile | undefined;
  readonly preset: PresetDetection;
  /** Data rows sampled from the start of the file: the mapping's value evidence, `inspect`'s item proposals. */
  readonly sample: readonly (readonly string[])[];
}

function utf8Head(probe: FileProbe): Buffer {
  const head = probe.head.subarray(probe.bomBytes);
  if (probe.encoding === 'utf-8' && !probe.hasInvalidBytes) return head;
  return Buffer.from(new TextDecoder(probe.encoding).decode(head, { stream: true }), 'utf8');
}

/** The preset of a header (named or detected) and the profile in force with it. */
function presetFor(headers: readonly string[], o: IngestOptions): { preset: PresetDetection; profile: MappingProfile | undefined } {
  let preset: PresetDetection;
  try {
    preset = detectPreset(o.kind, headers, o.preset);
  } catch (error) {
    throw new IngestError((error as Error).message);
  }
  return { preset, profile: preset.preset === undefined ? o.profile : mergeProfiles(preset.preset.profile, o.profile) };
}

/** Decides the layout of a file: format, delimiter, header, preset, mapping (with value evidence) and plan. */
export function decideLayout(probe: FileProbe, file: string, o: IngestOptions, lenient = false): Layout {
  const head = utf8Head(probe);
  const format = sniffFormat(head, file);
  if (format !== 'csv') {
    const sampler = new JsonKeySampler();
    new JsonSplitter(sampler).push(head, false);
    if (sampler.objects === 0) throw new IngestError('no JSON object found at the start of the file');
    return jsonLayout(format, sampler.keys, o, lenient, sampler.rows());
  }
  const forced = o.delimiter ?? o.profile?.delimiter;
  const forcedByte = forced === undefined ? undefined : forced === '\\t' ? 9 : forced.charCodeAt(0);
  if (forced !== undefined && (forced.length !== 1 && forced !== '\\t' || forcedByte! > 126 || forcedByte! < 9)) {
    throw new IngestError(
      `the delimiter must be one ASCII character (',' ';' '|' or '\\t' for tab), got '${forced}'` +
        (forced === '，' ? ' (a full-width comma: export the file with an ASCII comma)' : ''),
    );
  }
  const wholeFile = probe.bytes <= probe.head.length;
  const layout = sniffCsv(head, o.kind, o.profile, forcedByte, wholeFile);
  if (layout.headers.length === 0) throw new IngestError('no rows: the file is empty or holds only blank lines');
  const { preset, profile } = presetFor(layout.headers, o);
  checkPivot(profile, o);
  const { rows: sample, skipped } = sampleRecords(head, layout.delimiter, layout.headerLine, profile?.skipLinesAfterHeader ?? 0, 200, wholeFile);
  const vocabulary = vocabularyOf(profile);
  const plausible = (column: number, field: string) => columnFits(o.kind, sample, vocabulary, column, field);
  let mapping: ColumnMapping;
  try {
    mapping = mapColumns(o.kind, layout.headers, o.profile, true, preset.preset, lenient, plausible);
  } catch (error) {
    // One column whose name holds another delimiter: the delimiter is wrong, not the mapping.
    const other = layout.headers.length === 1 ? ['\t', ';', ',', '|'].find((d) => layout.headers[0]!.includes(d)) : undefined;
    if (error instanceof MappingError && other !== undefined) {
      throw new MappingError(
        `with the ${delimiterName(layout.delimiter)} delimiter the header is one column ('${layout.headers[0]!.slice(0, 60)}'); ` +
          `the file looks ${delimiterName(other.charCodeAt(0))}-separated: drop --delimiter to detect it, or pass the right one`,
      );
    }
    throw error;
  }
  mapping = requireAfterEvidence(o.kind, dropImplausibleColumns(o.kind, mapping, sample, vocabulary), lenient);
  checkSkippedHeaderRows(o.kind, mapping, skipped, vocabulary);
  checkConstants(mapping, o.kind, vocabulary);
  return { format, ...layout, mapping, plan: buildRowPlan(o.kind, mapping, layout.headers, profile), profile, preset, sample };
}

/** The zone times without an offset are read in: the user's (option or profile), else the preset's, else the default. */
export function zoneOf(layout: Layout, o: IngestOptions): string {
  const preset = layout.preset.preset?.profile.timeZone;
  return o.timeZoneIsDefault === true && preset !== undefined && o.profile?.timeZone === undefined ? preset : o.timeZone;
}

/** A pivot without a date order would let `22-04-15` be read in whichever order the evidence suggests. */
function checkPivot(profile: MappingProfile | undefined, o: IngestOptions): void {
  if (profile?.twoDigitYearPivot !== undefined && profile.dateFormat === undefined && o.dateFormat === undefined) {
    throw new MappingError('the profile declares twoDigitYearPivot but no dateFormat: with two-digit years say the order too ("dateFormat": "DMY", "MDY" or "YMD")');
  }
}

/**
 * Records skipped as further header rows (`skipLinesAfterHeader`, e.g. Qualtrics' question-text and ImportId
 * rows) must not be data: an export without them (an API or legacy export) would lose its first responses
 * unseen. A skipped record whose required time column reads as a time stops the file.
 */
function checkSkippedHeaderRows(kind: SourceKind, mapping: ColumnMapping, skipped: readonly { lineNo: number; fields: readonly string[] }[], vocabulary: VocabularyTables): void {
  const time = FIELDS_BY_KIND[kind].find((f) => f.required && f.type === 'timestamp')!.name;
  const column = mapping.columns.get(time);
  if (column === undefined) return;
  for (const record of skipped) {
    if (columnFits(kind, [record.fields, record.fields], vocabulary, column, time) === true) {
      throw new MappingError(
        `line ${record.lineNo} holds data ('${maskPersonalData((record.fields[column] ?? '').slice(0, 30))}' in '${time}'), but the preset or profile ` +
          `says ${skipped.length} more header row(s) follow the header (skipLinesAfterHeader), which would drop it: this export has no ` +
          'second header row — pass --preset none, or set "skipLinesAfterHeader": 0 in your profile',
      );
    }
  }
}

/** A required field whose phrase-named column the values disowned: stop as for a missing one (inspect: note it). */
function requireAfterEvidence(kind: SourceKind, mapping: ColumnMapping, lenient: boolean): ColumnMapping {
  const lost = FIELDS_BY_KIND[kind].filter((f) => f.required && !mapping.columns.has(f.name) && !mapping.constants.has(f.name) && !mapping.missing.includes(f.name));
  if (lost.length === 0) return mapping;
  const names = lost.map((f) => f.name);
  const message = `no column for ${names.map((n) => `'${n}'`).join(', ')}: ${mapping.notes.filter((n) => names.some((f) => n.includes(`'${f}'`))).join('; ')}`;
  if (!lenient) throw new MappingError(message);
  return { ...mapping, missing: [...mapping.missing, ...names] };
}

function vocabularyOf(profile: MappingProfile | undefined): VocabularyTables {
  try {
    return new VocabularyTables(profile);
  } catch (error) {
    throw new IngestError((error as Error).message);
  }
}

/** A constant whose value its field cannot take would reject every row: say so once, before loading. */
function checkConstants(mapping: ColumnMapping, kind: SourceKind, vocabulary: VocabularyTables): void {
  for (const [field, value] of mapping.constants) {
    const spec = FIELDS_BY_KIND[kind].find((f) => f.name === field)!;
    if (spec.type === 'channel' || spec.type === 'category' || spec.type === 'urgency' || spec.type === 'rootCause' || spec.type === 'outcome' || spec.type === 'priority' || spec.type === 'complaintStatus' || spec.type === 'surveyMethod' || spec.type === 'boolean') {
      if (vocabulary.lookupText(spec.type, value).code === null) {
        throw new MappingError(`the profile's constant ${field} = '${value}' is not a ${field} label; codes are ${vocabulary.known(spec.type)}`);
      }
    }
  }
}

/** The layout of a JSON file with the given keys as its header. */
export function jsonLayout(format: Format, keys: readonly string[], o: IngestOptions, lenient = false, sample: readonly (readonly string[])[] = []): Layout {
  const { preset, profile } = presetFor(keys, o);
  checkPivot(profile, o);
  const vocabulary = vocabularyOf(profile);
  const plausible = (column: number, field: string) => columnFits(o.kind, sample, vocabulary, column, field);
  const mapped = mapColumns(o.kind, keys, o.profile, false, preset.preset, lenient, plausible);
  const mapping = requireAfterEvidence(o.kind, dropImplausibleColumns(o.kind, mapped, sample, vocabulary), lenient);
  checkConstants(mapping, o.kind, vocabulary);
  return { format, delimiter: 0, headerLine: 0, headers: keys, mapping, plan: buildRowPlan(o.kind, mapping, keys, profile), profile, preset, sample };
}

/** The row writer's options for a pass over `layout` (a load's, or `inspect`'s dry run with batch 0). */
export function writerOptions(
  layout: Layout,
  probe: FileProbe,
  o: IngestOptions,
  batchId: number,
  dayOrder: DayOrder,
  dayOrderFixed: boolean,
  vocabulary: VocabularyTables,
): RowWriterOptions {
  return {
    batchId,
    plan: layout.plan,
    headerLine: layout.headerLine,
    dayOrder,
    dayOrderFixed,
    zone: new ZoneOffsets(zoneOf(layout, o)),
    minEpochMs: o.minEpochMs ?? DEFAULT_MIN_EPOCH_MS,
    maxEpochMs: o.nowMs + 86_400_000,
    hasher: o.hasher,
    vocabulary,
    skipRecordsAfterHeader: layout.format === 'csv' ? (layout.profile?.skipLinesAfterHeader ?? 0) : 0,
    ...(layout.profile?.twoDigitYearPivot !== undefined ? { twoDigitYearPivot: layout.profile.twoDigitYearPivot } : {}),
    rejectReplacementChars: probe.hasInvalidBytes,
    expectedRows: expectedRowsOf(probe),
  };
}

/** The JSON adapter of a pass: the mapped keys, and the test for a late key that maps to a field. */
export function jsonAdapter(layout: Layout, writer: RowWriter, o: IngestOptions): JsonRecordAdapter {
  const isField = (key: string) => headerScore(o.kind, [key], o.profile) > 0;
  return new JsonRecordAdapter(layout.headers, writer, new Set(layout.mapping.used.map((u) => u.column)), isField);
}

interface PassResult {
  readonly writer: RowWriter;
  readonly items: Spool;
}

/**
 * About how many records the file holds, to size the duplicate filter: the file's bytes times the line ends
 * per byte of its first MiB (exact when that is the whole file), 10 % over for longer rows later on; a
 * file whose head holds no line end (one-line JSON) counts a record every 40 bytes. The filter is sized
 * from this, and a right size matters: at 1M rows, sized for the 4.2M rows that `bytes / 40` guessed, its
 * 32 MiB took 0.43 µs a row in cache and TLB misses, against 0.08 µs at 8 MiB (bench, this machine); a guess
 * too low only raises its false-positive rate (more candidates for the database to check), never loses a
 * duplicate.
 */
export function expectedRowsOf(probe: FileProbe): number {
  const head = probe.head;
  let lines = 0;
  for (let i = head.indexOf(10); i >= 0; i = head.indexOf(10, i + 1)) lines++;
  if (head.length >= probe.bytes) return Math.max(1000, lines + 1);
  return Math.max(1000, Math.ceil(lines > 0 ? (probe.bytes * lines * 1.1) / head.length : probe.bytes / 40));
}

/** The streaming pass: file → rows in the database (COPY), rejects and survey items into spools. */
async function runPass(
  session: Session,
  path: string,
  probe: FileProbe,
  layout: Layout,
  batchId: number,
  dayOrder: DayOrder,
  dayOrderFixed: boolean,
  o: IngestOptions,
): Promise<PassResult> {
  const maxRejectRate = o.maxRejectRate ?? DEFAULT_MAX_REJECT_RATE;
  const writer = new RowWriter(writerOptions(layout, probe, o, batchId, dayOrder, dayOrderFixed, vocabularyOf(layout.profile)));
  const items = new Spool();
  const earlyStop = Math.max(0.5, maxRejectRate);
  async function* produce(): AsyncGenerator<Uint8Array> {
    let bytesRead = probe.bomBytes;
    if (layout.format === 'csv') {
      // UTF-8 bytes (decoded first when the file is in another encoding) scanned in place, in one window
      // reused from read to read.
      const scanner = new CsvScanner(layout.delimiter, writer);
      const window = await Utf8Window.open(path, probe, o.signal);
      try {
        for (;;) {
          const { view, bytesRead: read, final } = await window.read();
          window.consume(scanner.scan(view, final));
          bytesRead += read;
          yield* drain();
          o.onProgress?.(Math.min(bytesRead, probe.bytes), probe.bytes, writer.rowsRead);
          if (final) break;
        }
      } finally {
        await window.close();
      }
    } else {
      const adapter = jsonAdapter(layout, writer, o);
      const splitter = new JsonSplitter(adapter);
      for await (const chunk of utf8Chunks(path, probe, o.signal)) {
        splitter.push(chunk, false);
        bytesRead += chunk.length;
        yield* drain();
        o.onProgress?.(Math.min(bytesRead, probe.bytes), probe.bytes, writer.rowsRead);
      }
      splitter.push(Buffer.alloc(0), true);
      if (adapter.lateUnmapped.size > 0) throw new LateKeysRestart([...adapter.lateUnmapped]);
    }
    writer.finish();
    yield* drain();
  }
  function* drain(): Generator<Uint8Array> {
    for (const chunk of writer.items.take()) items.write(chunk);
    if (writer.rowsRead >= 1000 && writer.rejects.count > earlyStop * writer.rowsRead) {
      throw new BudgetError(
        `stopped after ${writer.rowsRead} rows: ${writer.rejects.count} rejected (${pct(writer.rejects.count / writer.rowsRead)}); ` +
          `most common: ${writer.rejects.dominantReasons()}` +
          (writer.unknownLabels.size > 0
            ? `; in these first ${writer.rowsRead} rows (the rest was not read), ${unknownLabelsSentence(writer)}`
            : '; is the mapping or the export wrong?'),
      );
    }
    yield* writer.out.take();
  }
  try {
    await session.copyFrom(layout.plan.copySql, produce(), 'binary');
  } catch (error) {
    if (error instanceof BudgetError) await refusal(error, writer, batchId);
    items.dispose();
    writer.rejects.spool.dispose();
    throw error;
  }
  return { writer, items };
}

/**
 * The refusal of a file whose rows repeat each other implausibly often: usually the columns that tell rows
 * apart are not in the canonical content, or the export really repeats itself.
 */
function duplicateBudgetMessage(inFile: number, rowsRead: number, rate: number, layout: Layout): string {
  const unmapped = layout.mapping.unmapped;
  return (
    `${inFile} of ${rowsRead} rows (${pct(inFile / rowsRead)}) repeat another row of this file exactly, more than the ` +
    `${pct(rate)} allowed by --max-duplicate-rate, so nothing was loaded. ` +
    (unmapped.length > 0
      ? `Every column counts (unmapped ones too: ${unmapped.map((c) => `'${c}'`).join(', ')}), so these rows are identical in all of them. `
      : 'Every column counts, so these rows are identical in all of them. ') +
    'If the export really repeats rows, pass --max-duplicate-rate 1 to load each once (every repeat is then recorded in duplicate_row)'
  );
}

/** What a replace did, in one sentence. */
export function replacedMessage(r: RemovedBatch): string {
  const promoted = r.promoted.map((p) => `${p.rows} row(s) of batch ${p.batchId}`).join(', ');
  return `replaced batch ${r.batchId} (${r.fileName}, ${r.rowsRemoved} row(s) removed)` + (promoted ? `; ${promoted} that repeated its rows are now loaded in their place` : '');
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** Loads `path` as a batch of `o.kind`. Never throws for a bad file: returns a `failed` result with the reason. */
export async function ingestFile(db: Database, path: string, o: IngestOptions): Promise<IngestResult> {
  const t0 = performance.now();
  const file = basename(path);
  const seconds = () => Math.round(performance.now() - t0) / 1000;
  const empty = { rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsDuplicate: 0 };
  let probe: FileProbe;
  try {
    probe = await probeFile(path, o.encoding ?? (o.profile?.encoding === 'gbk' ? 'gb18030' : o.profile?.encoding));
  } catch (error) {
    if (!(error instanceof NotTextError)) {
      return { file, kind: o.kind, batchId: null, status: 'failed', ...empty, error: `cannot read the file (${(error as Error).message})`, seconds: seconds() };
    }
    // Not a text export: recorded as a failed batch like any other refusal, so `servq batches` shows it.
    const start = { kind: o.kind, fileName: file, filePath: resolve(path), fileBytes: error.bytes, sha256: error.sha256, startedAt: new Date(), version: SERVQ_VERSION, actor: actorOf(o) };
    const batchId = await withSession(db, (s) => insertBatch(s, start, 'failed', error.message)).catch(() => null);
    return { file, kind: o.kind, batchId, status: 'failed', ...empty, error: error.message, seconds: seconds() };
  }
  const batchStart: BatchStart = {
    kind: o.kind,
    fileName: file,
    filePath: resolve(path),
    fileBytes: probe.bytes,
    sha256: probe.sha256,
    startedAt: new Date(o.nowMs),
    version: SERVQ_VERSION,
    actor: actorOf(o),
  };
  const common = { file, kind: o.kind, encoding: probe.encoding };
  if (o.replace === undefined) {
    const already = await withSession(db, (s) => loadedBatchOptions(s, o.kind, probe.sha256));
    if (already !== undefined) {
      return { ...common, batchId: already.batchId, status: 'skipped', ...empty, message: skipMessage(already, o, path), seconds: seconds() };
    }
  }

  let failure: string;
  let refused: BudgetError | undefined;
  let headers: readonly string[] = [];
  try {
    const layout = decideLayout(probe, file, o);
    headers = layout.headers;
    const outcome = await withSession(db, (s) => loadInTransaction(s, path, probe, layout, batchStart, o));
    // PGlite runs no autovacuum: without statistics its planner guesses the size of every table an analysis
    // joins (measured: 20 % slower, and joins of the survey answers planned as nested loops). Refreshed after
    // each load that wrote rows; ANALYZE samples at most 30,000 rows, so its cost does not grow with the table.
    if (db.kind === 'pglite' && outcome.status === 'loaded' && outcome.rowsLoaded > 0) {
      const table = FACT_TABLE[o.kind];
      await withSession(db, (s) => s.query(`ANALYZE ${table}${table === 'survey_response' ? ', survey_answer' : ''}`));
    }
    let rollupNote: string | undefined;
    if (outcome.status === 'loaded' && o.refreshRollups !== false) {
      // The load has committed: a failed refresh must not turn it into a failure. Its days stay pending, and the
      // next refresh (or analysis) recomputes them; until then the analyses read the rows.
      try {
        const refresh = await refreshRollups(db);
        o.onPhase?.('daily rollups', refresh.seconds);
      } catch (error) {
        rollupNote = `loaded, but the daily rollups were not updated (${error instanceof Error ? error.message : String(error)}); servq rollups --refresh retries`;
      }
    }
    const message = rollupNote === undefined ? outcome.message : outcome.message === undefined ? rollupNote : `${outcome.message}; ${rollupNote}`;
    return { ...common, format: layout.format, ...outcome, ...(message === undefined ? {} : { message }), ...(layout.preset.preset ? { preset: layout.preset.preset.id } : {}), timeZone: zoneOf(layout, o), seconds: seconds() };
  } catch (error) {
    failure = describeFailure(error, o.signal, headers);
    if (error instanceof BudgetError) refused = error;
  }
  // Record the failure in its own transaction, so `servq batches` shows it; the data itself was rolled back.
  // A refused file keeps the batch id it ran as and its first rejected rows, so `servq rejects` shows them.
  let batchId: number | null = null;
  try {
    batchId = await withSession(db, async (s) => {
      await s.query('BEGIN');
      const id = await insertBatch(s, batchStart, 'failed', failure, refused?.batchId);
      if (refused?.rejectSample !== undefined && refused.rejectSample.length > 0) {
        await s.copyFrom('COPY rejected_row (batch_id, line_no, raw_text, reason_codes, reasons) FROM STDIN', oneChunk(refused.rejectSample));
      }
      await s.query('COMMIT');
      return id;
    });
  } catch {
    /* the database itself is the problem; the message below still says what happened */
  }
  const unknownLabels = refused?.unknownLabels;
  return { ...common, batchId, status: 'failed', ...empty, error: failure, ...(unknownLabels ? { unknownLabels } : {}), seconds: seconds() };
}

async function* oneChunk(buf: Buffer): AsyncGenerator<Uint8Array> {
  yield buf;
}

function describeFailure(error: unknown, signal: AbortSignal | undefined, headers: readonly string[]): string {
  if (signal?.aborted) return 'interrupted: the batch was rolled back, nothing of this file was loaded';
  if (error instanceof CsvSyntaxError) {
    const column = error.field === undefined ? undefined : headers[error.field];
    return error.describe(column || undefined);
  }
  if (error instanceof MappingError || error instanceof IngestError || error instanceof BatchRemovalError) return error.message;
  const pgError = error as { code?: string; message?: string; where?: string };
  if (pgError.code) return `the database refused the load: ${pgError.message} (SQLSTATE ${pgError.code}); nothing was loaded`;
  return (error as Error).message ?? String(error);
}

type LoadOutcome = Pick<IngestResult, 'batchId' | 'status' | 'rowsRead' | 'rowsLoaded' | 'rowsRejected' | 'rowsDuplicate' | 'rejectReasons' | 'message' | 'unknownLabels'>;

/** Who loads (for the batch history): the caller's `actor`, else the operating-system user@host. */
function actorOf(o: IngestOptions): string {
  return o.actor ?? systemActor();
}

/**
 * The options that decide what a load stores, recorded on the batch: a later run of the same file with other
 * options is told so (and how to replace the batch) instead of a bare "skipped".
 */
export function loadOptionsRecord(o: IngestOptions): Record<string, unknown> {
  return {
    profile: o.profile === undefined ? null : createHash('sha256').update(JSON.stringify(o.profile)).digest('hex').slice(0, 16),
    preset: o.preset ?? null,
    encoding: o.encoding ?? null,
    delimiter: o.delimiter ?? null,
    dateFormat: o.dateFormat ?? null,
    timeZone: o.timeZone,
    minDate: new Date(o.minEpochMs ?? DEFAULT_MIN_EPOCH_MS).toISOString().slice(0, 10),
    maxRejectRate: o.maxRejectRate ?? DEFAULT_MAX_REJECT_RATE,
    maxDuplicateRate: o.maxDuplicateRate ?? DEFAULT_MAX_DUPLICATE_RATE,
  };
}

const OPTION_NAMES: Record<string, string> = {
  profile: 'mapping profile (--map)',
  preset: '--preset',
  encoding: '--encoding',
  delimiter: '--delimiter',
  dateFormat: '--date-format',
  timeZone: '--time-zone',
  minDate: '--min-date',
  maxRejectRate: '--max-reject-rate',
  maxDuplicateRate: '--max-duplicate-rate',
};

function skipMessage(already: { batchId: number; options: Record<string, unknown> | null }, o: IngestOptions, path: string): string {
  const base = `already loaded as batch ${already.batchId} (same content)`;
  if (already.options === null) return base;
  const now = loadOptionsRecord(o);
  const differ = Object.keys(now).filter((k) => JSON.stringify(now[k] ?? null) !== JSON.stringify(already.options![k] ?? null));
  if (differ.length === 0) return `${base}; nothing changed`;
  const show = (v: unknown) => (v === null || v === undefined ? 'none' : typeof v === 'string' && /^[0-9a-f]{16}$/.test(v) ? 'a profile' : String(v));
  const changes = differ.map((k) => `${OPTION_NAMES[k] ?? k}: ${show(already.options![k])} → ${show(now[k])}`).join('; ');
  return `${base} with other options (${changes}); to load it again with these, add --replace: servq ingest ${o.kind} ${path} … --replace`;
}

async function loadInTransaction(
  s: Session,
  path: string,
  probe: FileProbe,
  layout: Layout,
  batchStart: BatchStart,
  o: IngestOptions,
): Promise<LoadOutcome> {
  await s.query('BEGIN');
  try {
    const outcome = await load(s, path, probe, layout, batchStart, o);
    await s.query('COMMIT');
    return outcome;
  } catch (error) {
    await s.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function load(
  s: Session,
  path: string,
  probe: FileProbe,
  initialLayout: Layout,
  batchStart: BatchStart,
  o: IngestOptions,
): Promise<LoadOutcome> {
  let layout = initialLayout;
  await lockKind(s, o.kind, o.signal, o.onLockWait);
  const twin = await findLoadedBatch(s, o.kind, probe.sha256);
  let replaced: RemovedBatch | undefined;
  let nothingReplaced = false;
  if (o.replace !== undefined) {
    // The removal and the new load commit together or not at all.
    const target = o.replace.batchId ?? twin;
    if (twin !== undefined && target !== twin) {
      throw new IngestError(`this content is already loaded as batch ${twin}: replace that batch (--replace-batch ${twin}), or remove it first`);
    }
    if (target !== undefined) {
      replaced = await removeBatch(s, target, batchStart.actor, o.reason ?? null, { kind: o.kind, replacement: true });
    } else {
      nothingReplaced = true;
    }
  } else if (twin !== undefined) {
    return { batchId: twin, status: 'skipped', rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsDuplicate: 0, message: `already loaded as batch ${twin} (same content, loaded meanwhile by another process)` };
  }
  const batchId = await insertBatch(s, batchStart, 'loaded');
  if (replaced !== undefined) await s.query('UPDATE ingest_batch SET replaced_by = $2 WHERE batch_id = $1', [replaced.batchId, batchId]);
  const table = layout.plan.table;
  let lateKeys: readonly string[] = [];

  const passStart = performance.now();
  // A preset's date order is where reading starts; evidence in the dates can overrule it (the vendor's
  // export follows the exporting user's locale). The user's order (--date-format, --map) is fixed.
  let dayOrder: DayOrder = o.dateFormat ?? layout.profile?.dateFormat ?? 'DMY';
  let dayOrderFixed = o.dateFormat !== undefined || o.profile?.dateFormat !== undefined;
  const dayOrderDeclared = dayOrderFixed || layout.profile?.dateFormat !== undefined;
  const declaredItems = layout.plan.surveyItems.filter((i) => layout.profile?.items?.[i.item] !== undefined);
  if (declaredItems.length > 0) {
    const conflict = await registerSurveyItems(
      s,
      batchId,
      declaredItems.map((i) => {
        const spec = layout.profile!.items![i.item]!;
        return { item: i.item, label: spec.label ?? i.item, servqual: spec.servqual ?? null, direction: spec.direction ?? 'higher_better' };
      }),
    );
    if (conflict !== undefined) throw new IngestError(conflict);
  }
  let pass: PassResult;
  for (;;) {
    await s.query('SAVEPOINT servq_pass');
    try {
      pass = await runPass(s, path, probe, layout, batchId, dayOrder, dayOrderFixed, o);
      await s.query('RELEASE SAVEPOINT servq_pass');
      break;
    } catch (error) {
      if (error instanceof DayOrderRestart) {
        dayOrder = error.order;
        dayOrderFixed = true;
      } else if (error instanceof LateKeysRestart) {
        // A JSON key that maps to a field appeared after the sampled objects: read the file again with it.
        lateKeys = [...lateKeys, ...error.keys];
        layout = jsonLayout(layout.format, [...layout.headers, ...error.keys], o);
      } else {
        throw error;
      }
      await s.query('ROLLBACK TO SAVEPOINT servq_pass');
    }
  }
  const { writer, items } = pass;
  let mark = passStart;
  const phase = (name: string) => {
    const now = performance.now();
    o.onPhase?.(name, (now - mark) / 1000);
    mark = now;
  };
  phase('scan, standardize and COPY');
  try {
    const firstAmbiguous = writer.firstAmbiguous;
    if (!dayOrderFixed && !dayOrderDeclared && firstAmbiguous && writer.dmyEvidence === 0) {
      throw new IngestError(
        `line ${firstAmbiguous.lineNo}, field ${firstAmbiguous.field}: dates like '${firstAmbiguous.text}' could be day-first or ` +
          `month-first and no date in the file settles it (${writer.ambiguousDates} such values); pass --date-format DMY or MDY`,
      );
    }
    const rowsRead = writer.rowsRead;
    const rowsRejected = writer.rejects.count;
    const maxRejectRate = o.maxRejectRate ?? DEFAULT_MAX_REJECT_RATE;
    if (rowsRead === 0) {
      throw new IngestError(layout.format === 'csv' ? `no data rows: the file has a header (line ${layout.headerLine}) and nothing else` : 'no data rows: the file holds no JSON object');
    }
    if (rowsRejected > maxRejectRate * rowsRead) {
      throw await refusal(
        new BudgetError(
          `${rowsRejected} of ${rowsRead} rows rejected (${pct(rowsRejected / rowsRead)}, more than the ${pct(maxRejectRate)} allowed ` +
            `by --max-reject-rate), so nothing was loaded; most common: ${writer.rejects.dominantReasons()}` +
            (writer.unknownLabels.size > 0 ? `; ${unknownLabelsSentence(writer)}` : ''),
        ),
        writer,
        batchId,
      );
    }
    if (rowsRejected > 0) {
      await s.copyFrom('COPY rejected_row (batch_id, line_no, raw_text, reason_codes, reasons) FROM STDIN', writer.rejects.spool.chunks());
    }
    if (items.bytes > 0) {
      await s.copyFrom('COPY survey_answer (batch_id, line_no, item, raw_text, raw_value, scale_id, canonical) FROM STDIN', items.chunks());
    }
    phase('rejects and survey items');
    // Identifiers that stand for "none" in a large share of rows are no customer (see placeholder-keys.ts).
    const placeholders = o.keepFrequentIdentifiers === true ? [] : writer.placeholders.found();
    const placeholderRows =
      placeholders.length === 0
        ? 0
        : await clearPlaceholderKeys(s, table, batchId, { fromMs: writer.minTimeMs, toMs: writer.maxTimeMs }, placeholders.map((p) => p.key));
    const duplicates = await removeDuplicates(s, table, batchId, { fromMs: writer.minTimeMs, toMs: writer.maxTimeMs }, writer.duplicateCandidates);
    const rowsDuplicate = duplicates.earlier + duplicates.inFile;
    phase('duplicates');
    const maxDuplicateRate = o.maxDuplicateRate ?? DEFAULT_MAX_DUPLICATE_RATE;
    if (duplicates.inFile > maxDuplicateRate * rowsRead) {
      throw new BudgetError(duplicateBudgetMessage(duplicates.inFile, rowsRead, maxDuplicateRate, layout));
    }
    const rowsLoaded = writer.rowsWritten - rowsDuplicate;
    const rejectReasons = Object.fromEntries([...writer.rejects.tally].map(([code, t]) => [code, t.count]));
    const loadedAny = Number.isFinite(writer.minTimeMs);
    await finishBatch(s, batchId, {
      timeFrom: loadedAny ? new Date(writer.minTimeMs) : null,
      timeTo: loadedAny ? new Date(writer.maxTimeMs) : null,
      rowsRead,
      rowsLoaded,
      rowsRejected,
      rowsDuplicate,
      format: layout.format,
      encoding: probe.encoding,
      encodingEvidence: probe.encodingEvidence,
      delimiter: layout.format === 'csv' ? delimiterName(layout.delimiter) : null,
      headerLine: layout.format === 'csv' ? layout.headerLine : null,
      columnMapping: {
        used: layout.mapping.used,
        unmapped: layout.mapping.unmapped,
        ...(layout.mapping.constants.size > 0 ? { constants: Object.fromEntries(layout.mapping.constants) } : {}),
        ...(layout.mapping.notes.length > 0 ? { notes: layout.mapping.notes } : {}),
      },
      decisions: {
        rowKeyVersion: ROW_KEY_VERSION,
        options: loadOptionsRecord(o),
        timeZone: zoneOf(layout, o),
        dayOrder: { order: dayOrder, source: o.dateFormat ? '--date-format' : o.profile?.dateFormat ? 'profile' : writer.dmyEvidence + writer.mdyEvidence > 0 ? 'evidence' : layout.profile?.dateFormat ? 'preset' : 'default (no ambiguous dates)', dmyEvidence: writer.dmyEvidence, mdyEvidence: writer.mdyEvidence, ambiguous: writer.ambiguousDates },
        ...(Object.keys(layout.plan.durationUnits).length > 0 ? { durationUnits: layout.plan.durationUnits } : {}),
        preambleLines: writer.preambleLines,
        headerRecordsSkipped: writer.headerRecords,
        preset: layout.preset.preset === undefined ? { id: null, evidence: layout.preset.evidence } : { id: layout.preset.preset.id, vendor: layout.preset.preset.vendor, evidence: layout.preset.evidence, matched: layout.preset.matched },
        labelRules: writer.ruleHits(),
        placeholderIdentifiers: placeholders.map((p) => ({ rows: p.rows, share: p.rows / writer.placeholders.rows, cleared: placeholderRows })),
        lateJsonKeys: lateKeys,
        blankLines: writer.blankLines,
        maxRejectRate,
        maxDuplicateRate,
        duplicates,
        rejectReasons,
        ratingScales: Object.fromEntries(layout.plan.surveyItems.map((i) => [i.item, i.labels === undefined ? i.scale : { scale: i.scale, labels: Object.fromEntries(i.labels) }])),
        ...(layout.profile?.missingCodes !== undefined ? { missingCodes: layout.profile.missingCodes } : {}),
        labels: writer.labels(),
      },
    });
    phase('batch record');
    // Which loaded rows are now older versions of a record (a ticket exported open, then resolved): resolved
    // here, once per batch, for the keys this batch brings; the *_current views filter on the answer.
    const versions = await resolveBatchVersions(s, table, [batchId], { keysRepeat: writer.businessKeys.maybeRepeated });
    phase('record versions');
    // The days this batch and the changed versions cover are pending for the daily rollups, in this
    // transaction (src/db/rollups.ts); the refresh runs after the commit.
    if (o.rollupZone !== undefined) await addRollupZone(s, o.rollupZone);
    if (loadedAny) await noteTableChange(s, table, new Date(writer.minTimeMs), new Date(writer.maxTimeMs));
    await noteTableChange(s, table, versions.timeFrom, versions.timeTo);
    // Ctrl-C during the steps after the pass must still roll back, as the message promises.
    o.signal?.throwIfAborted();
    // The content was hashed in the probe and read again here: a file replaced or still being written in
    // between must not commit under the old hash.
    const now = statSync(path);
    if (now.size !== probe.bytes || now.mtimeMs !== probe.mtimeMs) {
      throw new IngestError('the file changed while it was being loaded (still being written?); nothing was loaded, run again when it is complete');
    }
    await recordBatchEvent(s, batchId, 'loaded', batchStart.actor, o.reason ?? null, {
      options: loadOptionsRecord(o),
      ...(replaced === undefined ? {} : { replaces: replaced.batchId }),
    });
    const notes: string[] = [];
    if (layout.preset.preset !== undefined) notes.push(`preset ${layout.preset.preset.id} (${layout.preset.evidence})`);
    notes.push(...layout.mapping.notes, ...durationUnitNotes(layout.plan));
    if (replaced !== undefined) notes.push(replacedMessage(replaced));
    if (versions.superseded > 0) {
      notes.push(
        `${versions.superseded} row(s) are now older versions of a record (same ${BUSINESS_KEY[table]}, newer update time or later load): ` +
          'analyses read the newest version; the older ones stay as history',
      );
    }
    if (nothingReplaced) notes.push('--replace: no loaded batch holds this content, so nothing was replaced; loaded as a new batch');
    if (duplicates.olderKeyBatches !== undefined) {
      notes.push(
        `earlier batches ${duplicates.olderKeyBatches.join(', ')} in the same days were loaded by an older servq whose duplicate keys ` +
          'differ, so repeats of their rows cannot be recognised; reload them with servq ingest KIND FILE --replace to compare',
      );
    }
    for (const p of placeholders) {
      notes.push(
        `one customer identifier repeats in ${p.rows} of ${writer.placeholders.rows} identified rows (${pct(p.rows / writer.placeholders.rows)}): ` +
          'taken as a placeholder for "no identifier", those rows load without a customer key',
      );
    }
    const message = notes.length > 0 ? notes.join('; ') : undefined;
    const unknownLabels = unknownLabelsOf(writer);
    return {
      batchId,
      status: 'loaded',
      rowsRead,
      rowsLoaded,
      rowsRejected,
      rowsDuplicate,
      rejectReasons,
      ...(message ? { message } : {}),
      ...(unknownLabels ? { unknownLabels } : {}),
    };
  } finally {
    items.dispose();
    writer.rejects.spool.dispose();
  }
}
