/**
 * The per-record hot path: standardizes one scanned record field by field, straight from the input bytes
 * into a PostgreSQL binary COPY row, and either completes the row or rolls it back and records a rejected row
 * with every reason. (Binary COPY: the server parses no text; timestamps go as UTC µs, computed here with
 * the time zone's rules.)
 *
 * Stages per record (all in `onRecord`):
 *   1. skip preamble, header and blank lines; check the field count against the header;
 *   2. canonical columns: parse each field by type, write its binary COPY field, collect reasons;
 *   3. customer key: the first identifier present, normalised and keyed-hashed (never stored raw);
 *   4. cross-field checks (answered before started, responses before receipt, …);
 *   5. raw-label columns, the row key (hash of the canonical columns), survey item rows;
 *   6. on any reason: rewind the output to the row's start and write a rejected row instead.
 * Where the row key covers only the canonical row (no unmapped, extra identifier or free-text columns), a
 * phone's key and the row key are left as holes and filled a batch of rows at a time (`completeRows`, before
 * any chunk leaves): the HMACs four at a time in SIMD lanes, the cache and duplicate-filter lookups together
 * so their memory misses overlap. Row keys reach the duplicate filter in batches either way. Timestamps that
 * repeat a column's date and shape skip the parser (`templateEpoch`). The rows are the same bytes as one at a
 * time (tested against the full parsers and HMAC).
 *
 * Kept free of closures and exceptions per row (STACK.md: a closure inside the hot function cost ~40 %).
 */
import {
  CopyBuffer,
  writeAscii,
  writeBinaryBool,
  writeBinaryBytes,
  writeBinaryFloat8,
  writeBinaryInt8,
  writeBinaryNull,
  writeBinaryText,
  writeBinaryTimestamp,
  writeBytes,
  writeEscaped,
  writeInt16,
  writeInt32,
} from './copy-buffer.js';
import { FIELD_ESCAPED_QUOTE, FIELD_JUNK_AFTER_QUOTE, type FieldView, type RecordSink } from './csv-scanner.js';
import { normalizeScaleLabel, OP, type Op, type RowPlan } from './row-plan.js';
import { H, writeRowKeyBytes } from './row-key.js';
import { BloomFilter } from './bloom-filter.js';
import { BusinessKeyRepeats } from './business-keys.js';
import { BUSINESS_KEY } from '../db/record-versions.js';
import { FACT_TABLE } from '../db/schema.js';
import { parseDurationBytes } from './standardize/duration.js';
import { trimEndBytes, trimStartBytes } from './standardize/byte-text.js';
import { DAY_MONTH, newTimestampParts, NO_TWO_DIGIT_YEAR_PIVOT, parseTimestampBytes, partsToEpochMs, type DateOrder } from './standardize/timestamp.js';
import type { ZoneOffsets } from './zone-offsets.js';
import { canonicalRating, parseRating, RATING_ERROR, RATING_SCALES, type RatingResult, type RatingScaleId } from './standardize/rating.js';
import { lookupVocabulary, profileVocabularyKey, type VocabularyTables } from './vocabulary-lookup.js';
import { maskPersonalData } from '../privacy/mask.js';
import { HASH_BATCH, type KeyedHasher } from '../privacy/keyed-hash.js';
import { RejectLog } from './reject-log.js';
import { PlaceholderKeys } from './placeholder-keys.js';


/** Longest value accepted in a short text field (ids, agent, team, region), in bytes. */
export const MAX_SHORT_TEXT_BYTES = 512;
/** Longest free text accepted (comments, complaint descriptions), in bytes. */
export const MAX_FREE_TEXT_BYTES = 64 * 1024;
/** Longest duration accepted, in seconds (30 days: e-mail backlogs can be long, a year cannot). */
export const MAX_DURATION_SECONDS = 30 * 86_400;

export type DayOrder = DateOrder;

export interface RowWriterOptions {
  readonly batchId: number;
  readonly plan: RowPlan;
  /** Physical line of the header (records before it are preamble). */
  readonly headerLine: number;
  readonly dayOrder: DayOrder;
  /** True when the order was given (`--date-format`) or proven; a contradiction then rejects the row. */
  readonly dayOrderFixed: boolean;
  /** The configured time zone's rules (times without an offset are local to it). */
  readonly zone: ZoneOffsets;
  /** Earliest and latest plausible timestamps, epoch ms. */
  readonly minEpochMs: number;
  readonly maxEpochMs: number;
  readonly hasher: KeyedHasher;
  readonly vocabulary: VocabularyTables;
  /**
   * Reject whole records holding U+FFFD: set when the probe found bytes invalid in the file's encoding, which
   * the decoder turned into U+FFFD (mixed encodings); such a line is rejected as a whole, never half-read.
   */
  readonly rejectReplacementChars: boolean;
  /** About how many rows the file holds (sizes the duplicate filter). */
  readonly expectedRows: number;
  /** Records after the header that are more header (a second row of question labels): skipped, counted. */
  readonly skipRecordsAfterHeader?: number;
  /** Two-digit years: yy below this are 20yy, else 19yy; NO_TWO_DIGIT_YEAR_PIVOT: such dates are rejected. */
  readonly twoDigitYearPivot?: number;
}

/** Distinct unknown labels kept per field for the message (the rows of the rest are counted together). */
export const MAX_UNKNOWN_LABELS = 100;

/** At most this many candidate duplicate keys are listed; past it the database checks the whole batch. */
export const MAX_DUPLICATE_CANDIDATES = 100_000;

/** Thrown (once, not per row) when the file proves the other day/month order than assumed: restart the pass. */
export class DayOrderRestart extends Error {
  constructor(readonly order: DayOrder, readonly lineNo: number) {
    super(`restart with ${order}`);
  }
}

const parts = newTimestampParts();
const rating: RatingResult = { raw: 0, canonical: 0, scale: 'likert5' };
/**
 * The value of `text` on a label scale, memoised per scale and distinct text (normalising a label is string
 * work that a file repeats on every row; a survey export has a handful of distinct answers).
 */
const scaleLabelMemo = new WeakMap<ReadonlyMap<string, number>, Map<string, number | undefined>>();
function scaleLabelValue(labels: ReadonlyMap<string, number>, text: string): number | undefined {
  let memo = scaleLabelMemo.get(labels);
  if (memo === undefined) scaleLabelMemo.set(labels, (memo = new Map()));
  if (memo.has(text)) return memo.get(text);
  const value = labels.get(normalizeScaleLabel(text));
  if (memo.size < 10_000) memo.set(text, value);
  return value;
}

const ratingCache = new Map<string, number>();

function fieldText(buf: Buffer, start: number, end: number, flags: number): string {
  const text = buf.toString('utf8', start, end);
  return flags & FIELD_ESCAPED_QUOTE ? text.replaceAll('""', '"') : text;
}

/** True when `buf[start, end)` holds U+FFFD (EF BF BD), the decoder's mark for invalid input bytes. */
function hasReplacementChar(buf: Buffer, start: number, end: number): boolean {
  for (let i = buf.indexOf(0xef, start); i >= 0 && i + 2 < end; i = buf.indexOf(0xef, i + 1)) {
    if (buf[i + 1] === 0xbf && buf[i + 2] === 0xbd) return true;
  }
  return false;
}

/** Start of a field without padding (spaces, tabs, NBSP, U+3000 — `trimStartBytes`) or a stray BOM. */
function trimStart(buf: Buffer, start: number, end: number): number {
  let p = trimStartBytes(buf, start, end);
  while (p + 2 < end && buf[p] === 0xef && buf[p + 1] === 0xbb && buf[p + 2] === 0xbf) p = trimStartBytes(buf, p + 3, end);
  return p;
}

const trimEnd = trimEndBytes;

export class RowWriter implements RecordSink {
  readonly out = new CopyBuffer();
  readonly items = new CopyBuffer();
  readonly rejects: RejectLog;
  rowsRead = 0;
  rowsWritten = 0;
  blankLines = 0;
  preambleLines = 0;
  /** Records after the header skipped as further header rows (profile `skipLinesAfterHeader`). */
  headerRecords = 0;
  /** Day/month evidence over all timestamp fields. */
  ambiguousDates = 0;
  dmyEvidence = 0;
  mdyEvidence = 0;
  firstAmbiguous: { lineNo: number; field: string; text: string } | undefined;
  /** Row keys that may repeat an earlier row of this file (Bloom filter positives), or null when too many. */
  duplicateCandidates: string[] | null = [];
  /** Whether two rows may carry the same business key (two versions of a record: business-keys.ts). */
  readonly businessKeys: BusinessKeyRepeats;
  /** The op that writes the business key (ticket_id, response_id, contact_id), if the file has one. */
  private readonly businessKeyOp: Op | undefined;
  /** Earliest and latest value of the table's time column among written rows, UTC epoch ms. */
  minTimeMs = Infinity;
  maxTimeMs = -Infinity;
  private readonly bloom: BloomFilter;
  private readonly timeSlot: number;
  /**
   * Source columns whose content the canonical row does not hold but that tell records apart (see keyBytes),
   * each with a name: unmapped columns, identifier columns (all of them: only the first present becomes the
   * customer key), free-text columns (stored masked).
   */
  private readonly privateColumns: readonly { readonly source: number; readonly name: Buffer }[];
  /** True when the row key must cover more than the canonical columns. */
  private readonly wholeRecordKey: boolean;
  /** Identifiers repeated across a large share of rows ('0', 'unknown' in another spelling): see PlaceholderKeys. */
  readonly placeholders = new PlaceholderKeys();
  /** Labels met and the codes they became, for the batch record. */
  labels(): Record<string, Record<string, string | null>> {
    return this.o.vocabulary.labels();
  }

  /** Rows decided by each label phrase rule, for the batch record. */
  ruleHits(): Record<string, Record<string, number>> {
    return this.o.vocabulary.ruleHits();
  }

  private readonly prefix: Buffer;
  private readonly epochs: Float64Array;
  private readonly itemResults: { raw: number; canonical: number; scale: RatingScaleId; ok: boolean }[];
  /** Each survey item's JSON key and colon, for the ratings field. */
  private readonly ratingKeys: readonly string[];
  /** Most bytes the ratings field of a row takes (0 for calls and complaints). */
  private readonly ratingsBytes: number;
  private readonly customerColumns: readonly number[];
  // Per-record reason lists (reused).
  private codes: string[] = [];
  private reasons: string[] = [];

  private readonly pivot: number;

  constructor(private readonly o: RowWriterOptions) {
    this.pivot = o.twoDigitYearPivot ?? NO_TWO_DIGIT_YEAR_PIVOT;
    this.prefix = Buffer.from(`${o.batchId}\t`, 'latin1');
    this.epochs = new Float64Array(o.plan.slotCount);
    const templates = o.plan.slotCount * TEMPLATES;
    this.templateBytes = new Uint8Array(templates * TEMPLATE_BYTES);
    this.templateFields = new Int32Array(templates * 4);
    this.templateBase = new Float64Array(templates);
    this.templateHour = new Float64Array(templates).fill(NaN);
    this.templateOffset = new Float64Array(templates);
    this.itemResults = o.plan.surveyItems.map((i) => ({ raw: 0, canonical: 0, scale: i.scale, ok: false }));
    this.ratingKeys = o.plan.surveyItems.map((i) => `${JSON.stringify(i.item)}:`);
    // Room for the ratings field: every key, a number of at most 24 characters and a comma each, the braces,
    // the jsonb version byte and the length word.
    this.ratingsBytes = o.plan.kind === 'surveys' ? this.ratingKeys.reduce((n, k) => n + Buffer.byteLength(k) + 25, 8) : 0;
    this.rejects = new RejectLog(o.batchId);
    const c = o.plan.customer;
    this.customerColumns = [c.customerId, c.phone, c.email, c.idCard];
    this.bloom = new BloomFilter(o.expectedRows);
    const keyField = BUSINESS_KEY[FACT_TABLE[o.plan.kind]];
    this.businessKeyOp = o.plan.canonical.find((op) => op.op === OP.text && op.field === keyField);
    this.businessKeys = new BusinessKeyRepeats(this.businessKeyOp === undefined ? 0 : o.expectedRows);
    const identifiers = this.customerColumns.filter((col) => col >= 0);
    this.privateColumns = [
      ...o.plan.extraColumns,
      ...(identifiers.length > 1 ? identifiers.map((source) => ({ source, name: Buffer.from(`identifier ${source}`) })) : []),
      ...o.plan.canonical.filter((op) => op.op === OP.freeText && op.source >= 0).map((op) => ({ source: op.source, name: Buffer.from(op.field) })),
    ];
    this.wholeRecordKey = o.plan.kind === 'surveys' || this.privateColumns.length > 0;
    this.timeSlot = o.plan.slots.get(o.plan.timeField)!;
    this.out.onSeal = () => this.completeRows();
  }

  private reject(code: string, field: string, message: string): void {
    this.codes.push(code);
    this.reasons.push(field ? `${field}: ${message}` : message);
  }

  onRecord(s: FieldView, buf: Buffer, recordStart: number, recordEnd: number, lineNo: number): void {
    if (lineNo < this.o.headerLine) {
      this.preambleLines++;
      return;
    }
    if (lineNo === this.o.headerLine) return;
    if (this.headerRecords < (this.o.skipRecordsAfterHeader ?? 0)) {
      this.headerRecords++;
      return;
    }
    if (s.problem !== undefined) {
      this.rowsRead++;
      this.codes.length = 0;
      this.reasons.length = 0;
      this.reject('invalid_record', '', s.problem);
      this.rejects.add(buf, recordStart, recordEnd, lineNo, this.codes, this.reasons);
      return;
    }
    const n = s.count;
    // Blank line (or only delimiters and spaces): not a row.
    let blank = true;
    for (let i = 0; i < n && blank; i++) if (trimStart(buf, s.starts[i]!, s.ends[i]!) < s.ends[i]!) blank = false;
    if (blank) {
      this.blankLines++;
      return;
    }
    this.rowsRead++;
    // Cleared only when used: setting an array's length is a runtime call, a cost on every row.
    if (this.codes.length !== 0) {
      this.codes.length = 0;
      this.reasons.length = 0;
    }
    const plan = this.o.plan;
    const width = plan.headerWidth;
    if (n !== width) {
      let extraFilled = n < width;
      for (let i = width; i < n && !extraFilled; i++) if (trimStart(buf, s.starts[i]!, s.ends[i]!) < s.ends[i]!) extraFilled = true;
      if (extraFilled) {
        this.reject(
          'ragged_row',
          '',
          n < width ? `${n} fields where the header has ${width} (missing columns)` : `${n} fields where the header has ${width} (extra columns)`,
        );
        this.rejects.add(buf, recordStart, recordEnd, lineNo, this.codes, this.reasons);
        return;
      }
    }
    if (this.o.rejectReplacementChars && hasReplacementChar(buf, recordStart, recordEnd)) {
      this.reject('invalid_encoding', '', 'bytes that are not valid in the file encoding (mixed encodings?)');
      this.rejects.add(buf, recordStart, recordEnd, lineNo, this.codes, this.reasons);
      return;
    }

    const out = this.out;
    out.beginRow();
    out.reserve(2 * (recordEnd - recordStart) + 32 * (plan.canonical.length + plan.raw.length) + 256 + this.ratingsBytes);
    writeInt16(out, plan.fieldCount);
    writeBinaryInt8(out, this.o.batchId);
    writeBinaryInt8(out, lineNo);
    const dataStart = out.pos;

    const canonical = plan.canonical;
    this.rowPhone = -1;
    for (let c = 0; c < canonical.length; c++) this.writeCanonical(canonical[c]!, s, buf, lineNo);
    const keyAt = out.pos;
    this.writeCustomerKey(s, buf);
    const hashEnd = out.pos;
    if (plan.kind === 'surveys') this.parseItems(s, buf);
    this.checkRow();

    if (this.codes.length > 0) {
      out.discardRow();
      if (this.rowPhone >= 0) this.phoneCount = this.rowPhone; // its pending phone key goes with it (the last one queued)
      this.rejects.add(buf, recordStart, recordEnd, lineNo, this.codes, this.reasons);
      return;
    }
    const raw = plan.raw;
    for (let c = 0; c < raw.length; c++) this.writeRawText(raw[c]!, s, buf);
    if (this.customerSource === null) writeBinaryNull(out);
    else writeBinaryBytes(out, this.customerSource);
    writeInt32(out, 16);
    if (this.wholeRecordKey) {
      if (this.customerSource !== null) this.placeholders.observe(out.buf, keyAt + 4);
      const length = this.keyBytes(out.buf, dataStart, hashEnd, s, buf);
      out.pos = writeRowKeyBytes(this.keyBuffer, 0, length, out.buf, out.pos);
      this.queueKey();
    } else {
      // The customer key (when a phone's) and so the row key are filled in later, a batch of rows at a time
      // (see completeRows); the row's place is kept.
      const r = this.rowCount * 4;
      const rows = this.pendingRows;
      rows[r] = dataStart;
      rows[r + 1] = hashEnd;
      rows[r + 2] = out.pos;
      rows[r + 3] = this.customerSource === null ? -1 : keyAt;
      out.pos += 16;
      if (++this.rowCount === ROW_BATCH) this.completeRows();
    }
    if (plan.kind === 'surveys') this.writeRatings();
    const time = this.epochs[this.timeSlot]!;
    if (time < this.minTimeMs) this.minTimeMs = time;
    if (time > this.maxTimeMs) this.maxTimeMs = time;
    if (plan.kind === 'surveys') this.writeItems(s, buf, lineNo);
    this.rowsWritten++;
  }

  private customerSource: Uint8Array | null = null;
  /** Row keys (4 words each) not yet through the duplicate filter, in row order. */
  private readonly pendingKeys = new Int32Array(KEY_BATCH * 4);
  private pendingCount = 0;

  /** Adds the row key just computed (in `H`) to the duplicate filter's batch. */
  private queueKey(): void {
    const pending = this.pendingKeys;
    const at = this.pendingCount * 4;
    pending[at] = H[0]!;
    pending[at + 1] = H[1]!;
    pending[at + 2] = H[2]!;
    pending[at + 3] = H[3]!;
    if (++this.pendingCount === KEY_BATCH) this.testKeys();
  }

  /** Runs the pending row keys through the Bloom filter, in row order (`BloomFilter.addAndTestAll`). */
  private testKeys(): void {
    const count = this.pendingCount;
    this.pendingCount = 0;
    this.bloom.addAndTestAll(this.pendingKeys, count, this.candidate);
  }

  /** A row key the filter may have seen: a duplicate candidate the database verifies (past the cap, none are kept). */
  private readonly candidate = (at: number): void => {
    if (this.duplicateCandidates === null) return;
    if (this.duplicateCandidates.length < MAX_DUPLICATE_CANDIDATES) this.duplicateCandidates.push(keyHex(this.pendingKeys, at));
    else this.duplicateCandidates = null;
  };

  // Rows whose phone key and row key are still to be written (the canonical row key covers the customer key):
  // per row its canonical bytes [dataStart, hashEnd), where its row key goes, and where its customer key
  // field is (−1: none). Per phone: where its key goes, the cache key and slot, and its digits.
  private readonly pendingRows = new Int32Array(ROW_BATCH * 4);
  private rowCount = 0;
  private readonly phoneHoles = new Int32Array(ROW_BATCH);
  private readonly phoneValues = new Float64Array(ROW_BATCH);
  private readonly phoneSlots = new Int32Array(ROW_BATCH);
  private readonly phoneLengths = new Int32Array(ROW_BATCH);
  private readonly phoneDigitBytes = new Uint8Array(ROW_BATCH * 16);
  private readonly phoneBatchIndex = new Int32Array(ROW_BATCH);
  private phoneCount = 0;
  /** The pending phone of the row being written, or −1 (none, or already completed by a chunk seal). */
  private rowPhone = -1;

  /**
   * Completes the pending rows, in row order, exactly as one at a time would: phone keys (the cache first,
   * then the HMACs of the numbers it lacks, four at a time: `KeyedHasher.addToBatch`), then per row the
   * placeholder count and the row key, queued for the duplicate filter. Batched because a load of mostly
   * distinct callers misses the key cache on every row, and lookups made together overlap their cache
   * misses where one per row waits for each; and because the SIMD hash needs four numbers at once.
   * Runs every ROW_BATCH rows and before any chunk leaves (`CopyBuffer.onSeal`), so no row is sent incomplete.
   */
  private completeRows(): void {
    const buf = this.out.buf;
    const phones = this.phoneCount;
    this.rowPhone = -1;
    if (phones > 0) {
      this.phoneCount = 0;
      const numbers = this.phoneNumbers;
      const values = this.phoneValues;
      const slots = this.phoneSlots;
      let sink = 0;
      for (let i = 0; i < phones; i++) sink += numbers[slots[i]! * 4]!;
      this.touched ^= sink | 0;
      const hasher = this.o.hasher;
      const cache = this.phoneCache;
      const holes = this.phoneHoles;
      const batchIndex = this.phoneBatchIndex;
      hasher.clearBatch();
      for (let i = 0; i < phones; i++) {
        const slot = slots[i]!;
        if (values[i]! >= 0 && numbers[slot * 4] === values[i]) {
          const from = slot * 32 + 8;
          const hole = holes[i]!;
          for (let k = 0; k < 16; k++) buf[hole + k] = cache[from + k]!;
          batchIndex[i] = -1;
        } else {
          batchIndex[i] = hasher.batched;
          hasher.addToBatch(PHONE_PREFIX, this.phoneDigitBytes, i * 16, i * 16 + this.phoneLengths[i]!);
        }
      }
      hasher.runBatch();
      for (let i = 0; i < phones; i++) {
        const index = batchIndex[i]!;
        if (index < 0) continue;
        const hole = holes[i]!;
        hasher.batchBytesInto(index, buf, hole);
        if (values[i]! >= 0) {
          const slot = slots[i]!;
          const to = slot * 32 + 8;
          for (let k = 0; k < 16; k++) cache[to + k] = buf[hole + k]!;
          numbers[slot * 4] = values[i]!;
        }
      }
    }
    const rows = this.pendingRows;
    const count = this.rowCount;
    this.rowCount = 0;
    for (let i = 0; i < count; i++) {
      const r = i * 4;
      const keyAt = rows[r + 3]!;
      if (keyAt >= 0) this.placeholders.observe(buf, keyAt + 4);
      writeRowKeyBytes(buf, rows[r]!, rows[r + 1]!, buf, rows[r + 2]!);
      this.queueKey();
    }
  }

  /** What the phone numbers' touch loop read, kept (in a field) so the compiler cannot drop the loads. */
  private touched = 0;

  /**
   * Distinct unknown labels per field with the rows holding each (at most MAX_UNKNOWN_LABELS per field, the
   * rest counted together), so one message can name them all instead of one per run.
   */
  readonly unknownLabels = new Map<string, { readonly vocabulary: string; readonly labels: Map<string, number>; otherRows: number }>();

  private countUnknownLabel(op: Op, text: string): void {
    let entry = this.unknownLabels.get(op.field);
    if (entry === undefined) {
      entry = { vocabulary: profileVocabularyKey(op.type), labels: new Map(), otherRows: 0 };
      this.unknownLabels.set(op.field, entry);
    }
    const label = text.trim();
    const seen = entry.labels.get(label);
    if (seen !== undefined) entry.labels.set(label, seen + 1);
    else if (entry.labels.size < MAX_UNKNOWN_LABELS) entry.labels.set(label, 1);
    else entry.otherRows++;
  }

  private writeCanonical(op: Op, s: FieldView, buf: Buffer, lineNo: number): void {
    const out = this.out;
    let src = buf;
    let start: number;
    let end: number;
    let flags = 0;
    if (op.constant !== undefined) {
      // A profile constant stands in for a column the export lacks: read as the column would be.
      src = op.constant;
      start = 0;
      end = src.length;
    } else if (op.source < 0 || op.source >= s.count) {
      if (op.slot >= 0) this.epochs[op.slot] = NaN;
      writeNulls(out, op.op === OP.rating ? 3 : 1);
      return;
    } else {
      flags = s.flags[op.source]!;
      start = trimStart(buf, s.starts[op.source]!, s.ends[op.source]!);
      end = trimEnd(buf, start, s.ends[op.source]!);
      if (flags & FIELD_JUNK_AFTER_QUOTE) this.reject('malformed_quote', op.field, 'text after the closing quote');
      if (op.missing.length > 0 && isMissingCode(buf, start, end, op.missing)) end = start;
    }
    if (start === end) {
      if (op.slot >= 0) this.epochs[op.slot] = NaN;
      if (op.required) this.reject('missing_required', op.field, 'empty, but required');
      writeNulls(out, op.op === OP.rating ? 3 : 1);
      return;
    }
    switch (op.op) {
      case OP.text: {
        if (end - start > MAX_SHORT_TEXT_BYTES) {
          this.reject('value_too_long', op.field, `${end - start} bytes; at most ${MAX_SHORT_TEXT_BYTES}`);
          writeBinaryNull(out);
        } else if (!writeBinaryText(out, src, start, end, (flags & FIELD_ESCAPED_QUOTE) !== 0)) {
          this.rejectBadBytes(op.field, src, start, end);
          writeBinaryNull(out);
        } else if (op === this.businessKeyOp) {
          this.businessKeys.add(src, start, end, (flags & FIELD_ESCAPED_QUOTE) !== 0);
        }
        return;
      }
      case OP.freeText: {
        if (end - start > MAX_FREE_TEXT_BYTES) {
          this.reject('value_too_long', op.field, `${end - start} bytes; at most ${MAX_FREE_TEXT_BYTES}`);
          writeBinaryNull(out);
          return;
        }
        const bytes = Buffer.from(maskPersonalData(fieldText(src, start, end, flags)), 'utf8');
        out.reserve(bytes.length + 16);
        if (!writeBinaryText(out, bytes, 0, bytes.length, false)) {
          this.rejectBadBytes(op.field, bytes, 0, bytes.length);
          writeBinaryNull(out);
        }
        return;
      }
      case OP.timestamp:
        if (op.timeSource >= 0 && op.timeSource < s.count) {
          // Date and time in two columns: read "date time" from a scratch buffer.
          const t0 = trimStart(buf, s.starts[op.timeSource]!, s.ends[op.timeSource]!);
          const t1 = trimEnd(buf, t0, s.ends[op.timeSource]!);
          const scratch = this.scratch(end - start + t1 - t0 + 1);
          scratch.set(src.subarray(start, end), 0);
          scratch[end - start] = 32;
          scratch.set(buf.subarray(t0, t1), end - start + 1);
          this.writeTimestamp(op, scratch, 0, end - start + 1 + t1 - t0, lineNo);
          return;
        }
        this.writeTimestamp(op, src, start, end, lineNo);
        return;
      case OP.duration: {
        const seconds = parseDurationBytes(src, start, end, op.bareNumberSeconds);
        if (Number.isNaN(seconds)) {
          this.reject('invalid_duration', op.field, `'${fieldText(src, start, end, flags)}' is not a duration (e.g. 90, 1:30, 00:01:30, 2分30秒)`);
          writeBinaryNull(out);
        } else if (seconds < 0) {
          this.reject('negative_duration', op.field, `${seconds} seconds is negative`);
          writeBinaryNull(out);
        } else if (seconds > MAX_DURATION_SECONDS) {
          this.reject('duration_out_of_range', op.field, `${seconds} seconds is more than 30 days`);
          writeBinaryNull(out);
        } else {
          writeBinaryFloat8(out, seconds);
        }
        return;
      }
      case OP.boolean:
      case OP.vocabulary: {
        const code = lookupVocabulary(this.o.vocabulary, op.type, src, start, end);
        if (code === null) {
          const text = fieldText(src, start, end, flags);
          if (op.op === OP.boolean) this.reject('invalid_boolean', op.field, `'${text}' is not yes/no (是/否, Y/N, true/false, 1/0)`);
          else {
            this.reject('unknown_label', op.field, `unknown label '${text}'; known: ${this.o.vocabulary.known(op.type)}; map it in a profile's "vocabulary"`);
            this.countUnknownLabel(op, text);
          }
          writeBinaryNull(out);
        } else if (op.op === OP.boolean) {
          writeBinaryBool(out, code[0] === 116); // 't'
        } else {
          writeBinaryBytes(out, code);
        }
        return;
      }
      case OP.rating: {
        const error = this.rate(src, start, end, flags, op.scale!, op.labels, op.lowerIsBetter);
        if (error !== RATING_ERROR.ok) {
          this.rejectRating(op.field, error, fieldText(src, start, end, flags), op.scale!);
          writeNulls(out, 3);
        } else {
          writeBinaryFloat8(out, rating.raw);
          writeBinaryBytes(out, SCALE_BYTES[rating.scale]);
          writeBinaryFloat8(out, rating.canonical);
        }
        return;
      }
    }
  }

  private scratchBuffer = Buffer.alloc(256);

  private scratch(bytes: number): Buffer {
    if (this.scratchBuffer.length < bytes) this.scratchBuffer = Buffer.alloc(bytes * 2);
    return this.scratchBuffer;
  }

  private writeTimestamp(op: Op, buf: Buffer, start: number, end: number, lineNo: number): void {
    const out = this.out;
    let epoch = this.templateEpoch(op.slot, buf, start, end);
    let ok: boolean;
    let evidence: number;
    if (epoch === epoch) {
      ok = true;
      evidence = this.templateDayMonth;
    } else {
      ok = this.parseTimestamp(op.slot, buf, start, end);
      evidence = parts.dayMonth;
      // Times with an offset are absolute; the others are local to the configured zone.
      if (ok) epoch = parts.hasOffset ? partsToEpochMs(parts, 0) : this.o.zone.toUtc(partsToEpochMs(parts, 0));
    }
    if (evidence === DAY_MONTH.ambiguous) {
      this.ambiguousDates++;
      this.firstAmbiguous ??= { lineNo, field: op.field, text: buf.toString('utf8', start, end) };
    } else if (evidence === DAY_MONTH.dmyOnly) this.dmyEvidence++;
    else if (evidence === DAY_MONTH.mdyOnly) this.mdyEvidence++;
    const contradicts =
      (evidence === DAY_MONTH.dmyOnly && this.o.dayOrder === 'MDY') || (evidence === DAY_MONTH.mdyOnly && this.o.dayOrder === 'DMY');
    if (contradicts && !this.o.dayOrderFixed && (this.o.dayOrder === 'DMY' ? this.dmyEvidence : this.mdyEvidence) === 0) {
      // The order was only assumed, and this value proves the other one: start the pass again with it.
      throw new DayOrderRestart(this.o.dayOrder === 'DMY' ? 'MDY' : 'DMY', lineNo);
    }
    this.epochs[op.slot] = NaN;
    if (!ok) {
      const text = buf.toString('utf8', start, end);
      if (parts.twoDigitYear) {
        this.reject(
          'two_digit_year',
          op.field,
          `'${text}' has a two-digit year; declare the century and the order of the parts in a profile: {"twoDigitYearPivot": 70, "dateFormat": "DMY"} (yy < 70 → 20yy; the order DMY, MDY or YMD as the file writes it)`,
        );
      } else if (contradicts) this.reject('date_order_mismatch', op.field, `'${text}' does not fit this file's ${this.o.dayOrder} day/month order`);
      else this.reject('invalid_timestamp', op.field, `'${text}' is not a valid date/time`);
      writeBinaryNull(out);
      return;
    }
    if (epoch < this.o.minEpochMs) {
      this.reject('implausible_date', op.field, `${buf.toString('utf8', start, end)} is before ${new Date(this.o.minEpochMs).toISOString().slice(0, 10)}`);
      writeBinaryNull(out);
      return;
    }
    if (epoch > this.o.maxEpochMs) {
      this.reject('future_date', op.field, `${buf.toString('utf8', start, end)} is in the future`);
      writeBinaryNull(out);
      return;
    }
    this.epochs[op.slot] = epoch;
    writeBinaryTimestamp(out, epoch);
  }

  // Timestamps of one column repeat their date and shape, row after row: `2024-01-08 13:00:05`, then
  // `2024-01-08 13:00:07`. Per timestamp column a few templates are kept: a value that the full parser read,
  // with its clock digits (H H : M M : S S at bytes 11–18) masked, and what the parser made of it. A later
  // value equal to a template outside those six digits is the template's date and shape with another clock,
  // and when its clock is valid (hour < 24, minute < 60, second < 60: what the parser accepts) it is the
  // template's instant moved by the clock — without running the parser, which tries its forms one by one.
  // Only plain numeric shapes become templates (`isTemplateShape`: a numeric date, a blank or `T`, the clock,
  // then nothing, `Z` or `±HH:MM`), where the clock's digits mean the same whatever the date (no AM/PM after
  // them: `12:05 AM` is hour 0), and only when the parser's own parts show it read bytes 11–18 as that
  // clock. The UTC instant is then `partsToEpochMs` of the parts, linear in the clock: the template keeps it
  // at 00:00:00 (`base`); a local time goes through the zone, whose offset `ZoneOffsets.toUtc` fixes per
  // local hour, so the template keeps the last hour's offset. Measured: ~0.2 µs a timestamp saved.
  private readonly templateBytes: Uint8Array;
  /** Per template: length (0: empty), has an offset (1/0), day/month evidence. */
  private readonly templateFields: Int32Array;
  /** Per template: `partsToEpochMs` of its date at 00:00:00 (its own offset applied when it has one). */
  private readonly templateBase: Float64Array;
  /** Per template: the last local hour (`floor(local ms / 1 h)`) converted, and that hour's offset in ms. */
  private readonly templateHour: Float64Array;
  private readonly templateOffset: Float64Array;
  /** The day/month evidence of the template `templateEpoch` last matched. */
  private templateDayMonth = 0;

  /**
   * The UTC epoch ms of the value at `buf[start, end)` when it matches a template of its column (see above),
   * with `templateDayMonth` set; NaN when none matches.
   */
  private templateEpoch(slot: number, buf: Buffer, start: number, end: number): number {
    const length = end - start;
    if (length < 19 || length > 25) return NaN;
    const entry = slot * TEMPLATES + templateIndex(buf, start, length);
    const fields = this.templateFields;
    if (fields[entry * 4] !== length) return NaN;
    const template = this.templateBytes;
    const from = entry * TEMPLATE_BYTES;
    for (let i = 0; i < 11; i++) if (template[from + i] !== buf[start + i]) return NaN;
    if (template[from + 13] !== buf[start + 13] || template[from + 16] !== buf[start + 16]) return NaN;
    for (let i = 19; i < length; i++) if (template[from + i] !== buf[start + i]) return NaN;
    const hour = twoDigits(buf, start + 11);
    const minute = twoDigits(buf, start + 14);
    const second = twoDigits(buf, start + 17);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
    this.templateDayMonth = fields[entry * 4 + 2]!;
    const at = this.templateBase[entry]! + ((hour * 60 + minute) * 60 + second) * 1000;
    if (fields[entry * 4 + 1] === 1) return at;
    const localHour = Math.floor(at / HOUR_MS);
    if (this.templateHour[entry] !== localHour) {
      this.templateOffset[entry] = at - this.o.zone.toUtc(at);
      this.templateHour[entry] = localHour;
    }
    return at - this.templateOffset[entry]!;
  }

  /** The full parse (`parseTimestampBytes`) of a value into `parts`; a valid one of template shape becomes its column's template. */
  private parseTimestamp(slot: number, buf: Buffer, start: number, end: number): boolean {
    const ok = parseTimestampBytes(buf, start, end, this.o.dayOrder, parts, this.pivot);
    const length = end - start;
    if (
      ok &&
      isTemplateShape(buf, start, length) &&
      parts.hour === twoDigits(buf, start + 11) &&
      parts.minute === twoDigits(buf, start + 14) &&
      parts.second === twoDigits(buf, start + 17) &&
      parts.millisecond === 0
    ) {
      const entry = slot * TEMPLATES + templateIndex(buf, start, length);
      const template = this.templateBytes;
      for (let i = 0, to = entry * TEMPLATE_BYTES; i < length; i++) template[to + i] = buf[start + i]!;
      const fields = this.templateFields;
      fields[entry * 4] = length;
      fields[entry * 4 + 1] = parts.hasOffset ? 1 : 0;
      fields[entry * 4 + 2] = parts.dayMonth;
      this.templateBase[entry] = partsToEpochMs(parts, 0) - ((parts.hour * 60 + parts.minute) * 60 + parts.second) * 1000;
      this.templateHour[entry] = NaN;
    }
    return ok;
  }

  /**
   * Parses a rating into `rating`: a label of the item's label scale first, then `parseRating`. An item where
   * higher is worse (effort) keeps its raw value and gets the reversed canonical value (6 − c), so that a
   * canonical 5 is always the best answer.
   */
  private rate(buf: Buffer, start: number, end: number, flags: number, scale: RatingScaleId, labels: ReadonlyMap<string, number> | undefined, lowerIsBetter: boolean): number {
    const text = fieldText(buf, start, end, flags);
    let error: number;
    const labelled = labels === undefined ? undefined : scaleLabelValue(labels, text);
    if (labelled !== undefined) {
      const { min, max } = RATING_SCALES[scale];
      if (labelled < min || labelled > max) return RATING_ERROR.outOfRange;
      rating.raw = labelled;
      rating.scale = scale;
      rating.canonical = canonicalRating(labelled, scale);
      error = RATING_ERROR.ok;
    } else {
      const key = `${scale}\u0000${text}`;
      const cached = ratingCache.get(key);
      if (cached !== undefined && cached < 0) return -cached;
      error = parseRating(text, scale, rating);
      if (error !== RATING_ERROR.ok && ratingCache.size < 10_000) ratingCache.set(key, -error);
    }
    if (error === RATING_ERROR.ok && lowerIsBetter) rating.canonical = Math.round((6 - rating.canonical) * 10_000) / 10_000;
    return error;
  }

  private rejectRating(field: string, error: number, text: string, scale: RatingScaleId): void {
    const range = `${RATING_SCALES[scale].min}–${RATING_SCALES[scale].max}`;
    if (error === RATING_ERROR.outOfRange) this.reject('rating_out_of_range', field, `${text} is outside the ${scale} scale (${range}); declare the scale in a profile's "scales" if it differs`);
    else if (error === RATING_ERROR.notOnScale) this.reject('invalid_rating', field, `${text} is not a point of the ${scale} scale (${range})`);
    else this.reject('invalid_rating', field, `'${text}' is not a rating (a number on ${range}, or a label such as 满意 / satisfied)`);
  }

  private rejectBadBytes(field: string, buf: Uint8Array, start: number, end: number): void {
    if (buf.subarray(start, end).includes(0)) this.reject('nul_byte', field, 'contains a NUL byte');
    else this.reject('invalid_encoding', field, 'bytes that are not valid in the file encoding (mixed encodings?)');
  }

  private parseItems(s: FieldView, buf: Buffer): void {
    const items = this.o.plan.surveyItems;
    let any = false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const result = this.itemResults[i]!;
      result.ok = false;
      if (item.source >= s.count) continue;
      const start = trimStart(buf, s.starts[item.source]!, s.ends[item.source]!);
      const end = trimEnd(buf, start, s.ends[item.source]!);
      if (start === end) continue;
      // A missing-value code (0 = not applicable, 99 = don't know): no answer to this item, the others load.
      if (item.missing.length > 0 && isMissingCode(buf, start, end, item.missing)) continue;
      const flags = s.flags[item.source]!;
      const error = this.rate(buf, start, end, flags, item.scale, item.labels, item.lowerIsBetter);
      if (error !== RATING_ERROR.ok) {
        this.rejectRating(item.item, error, fieldText(buf, start, end, flags), item.scale);
        continue;
      }
      result.ok = true;
      result.raw = rating.raw;
      result.canonical = rating.canonical;
      result.scale = rating.scale;
      any = true;
    }
    if (!any && this.codes.length === 0) this.reject('no_rating', '', 'no rating in any item column');
  }

  private keyBuffer = Buffer.alloc(1024);
  private privateBuffer = Buffer.alloc(1024);

  /**
   * The bytes a row key covers when the canonical columns are not the whole record: the canonical row, then
   * each accepted survey item's (item, scale, raw value) — a survey's ratings live in survey_answer — then a
   * keyed digest (HMAC with the pseudonym key) of what the canonical row does not hold: every unmapped
   * column's name and trimmed raw text (empty ones left out, so a column empty everywhere changes nothing),
   * the identifier columns beyond the one that became the customer key, and free text before masking (two
   * descriptions that differ only in a masked phone number are two complaints). Keyed, so a row key reveals
   * nothing of raw identifiers that may sit in those columns. Written into `keyBuffer`; returns the length.
   */
  private keyBytes(row: Buffer, start: number, end: number, s: FieldView, buf: Buffer): number {
    let length = end - start;
    let items = '';
    if (this.o.plan.kind === 'surveys') {
      const plan = this.o.plan.surveyItems;
      for (let i = 0; i < plan.length; i++) {
        const result = this.itemResults[i]!;
        if (result.ok) items += `\t${plan[i]!.item}=${result.scale}:${result.raw}`;
      }
    }
    const need = length + 3 * items.length + 64;
    if (this.keyBuffer.length < need) this.keyBuffer = Buffer.alloc(need * 2);
    const key = this.keyBuffer;
    row.copy(key, 0, start, end);
    if (items.length > 0) length += key.write(items, length, 'utf8');
    const privateLength = this.privateBytes(s, buf);
    if (privateLength > 0) length += key.write(this.o.hasher.digestHex(this.privateBuffer.subarray(0, privateLength)), length, 'latin1');
    return length;
  }

  /** Unmapped columns, further identifiers and raw free text of the record, for the keyed digest; returns the length. */
  private privateBytes(s: FieldView, buf: Buffer): number {
    const columns = this.privateColumns;
    let need = 0;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      if (c.source < s.count) need += c.name.length + s.ends[c.source]! - s.starts[c.source]! + 2;
    }
    if (this.privateBuffer.length < need) this.privateBuffer = Buffer.alloc(need * 2);
    const out = this.privateBuffer;
    let length = 0;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      if (c.source >= s.count) continue;
      const from = trimStart(buf, s.starts[c.source]!, s.ends[c.source]!);
      const to = trimEnd(buf, from, s.ends[c.source]!);
      if (from === to) continue;
      out[length++] = 0x1e; // record separator, then name, unit separator, value
      length += c.name.copy(out, length);
      out[length++] = 0x1f;
      length += buf.copy(out, length, from, to);
    }
    return length;
  }

  /**
   * The row's last field, `ratings` (jsonb, sql/000012): {item: canonical} of the answers accepted, the same
   * values writeItems sends to survey_answer. Binary jsonb is a version byte (1) and the JSON text.
   */
  private writeRatings(): void {
    let json = '{';
    for (let i = 0; i < this.itemResults.length; i++) {
      const result = this.itemResults[i]!;
      if (!result.ok) continue;
      if (json.length > 1) json += ',';
      json += this.ratingKeys[i]! + String(result.canonical);
    }
    json += '}';
    const out = this.out;
    const lengthAt = out.pos;
    out.buf[lengthAt + 4] = 1;
    const length = 1 + out.buf.write(json, lengthAt + 5, 'utf8');
    writeInt32(out, length);
    out.pos = lengthAt + 4 + length;
  }

  private writeItems(s: FieldView, buf: Buffer, lineNo: number): void {
    const out = this.items;
    const items = this.o.plan.surveyItems;
    for (let i = 0; i < items.length; i++) {
      const result = this.itemResults[i]!;
      if (!result.ok) continue;
      const item = items[i]!;
      const start = trimStart(buf, s.starts[item.source]!, s.ends[item.source]!);
      const end = trimEnd(buf, start, s.ends[item.source]!);
      out.beginRow();
      out.reserve(2 * (end - start) + 128);
      writeBytes(out, this.prefix);
      writeAscii(out, `${lineNo}\t${item.item}\t`);
      writeEscaped(out, buf, start, end, (s.flags[item.source]! & FIELD_ESCAPED_QUOTE) !== 0);
      writeAscii(out, `\t${result.raw}\t${result.scale}\t${result.canonical}\n`);
    }
  }

  private writeRawText(op: Op, s: FieldView, buf: Buffer): void {
    if (op.source < 0 || op.source >= s.count) {
      writeBinaryNull(this.out);
      return;
    }
    const start = trimStart(buf, s.starts[op.source]!, s.ends[op.source]!);
    const end = trimEnd(buf, start, s.ends[op.source]!);
    if (start === end || end - start > MAX_SHORT_TEXT_BYTES) writeBinaryNull(this.out);
    else if (!writeBinaryText(this.out, buf, start, end, (s.flags[op.source]! & FIELD_ESCAPED_QUOTE) !== 0)) writeBinaryNull(this.out);
  }

  /** Writes the pseudonymous customer key (a uuid) from the first identifier present: id, phone, e-mail, ID card. */
  private writeCustomerKey(s: FieldView, buf: Buffer): void {
    const sources = this.customerColumns;
    const out = this.out;
    this.customerSource = null;
    for (let k = 0; k < 4; k++) {
      const column = sources[k]!;
      if (column < 0 || column >= s.count) continue;
      const start = trimStart(buf, s.starts[column]!, s.ends[column]!);
      const end = trimEnd(buf, start, s.ends[column]!);
      if (start === end) continue;
      // Phone numbers, by far the most common identifier, take a byte path with no string at all.
      if (k === 1 && phoneDigits(buf, start, end, this.digits)) {
        if (digitsValue >= 0 && digitsValue < 16) continue; // all zeros ('00000000000'): a placeholder, no identifier
        writeInt32(out, 16);
        if (!this.wholeRecordKey) {
          // Written later with the row's batch (completeRows): the place and what to hash.
          const i = this.phoneCount++;
          this.rowPhone = i;
          this.phoneHoles[i] = out.pos;
          this.phoneValues[i] = digitsValue;
          this.phoneSlots[i] = digitsSlot;
          this.phoneLengths[i] = digitsTo - digitsFrom;
          const digitBytes = this.phoneDigitBytes;
          for (let d = digitsFrom, to = i * 16; d < digitsTo; d++, to++) digitBytes[to] = this.digits[d]!;
          out.pos += 16;
          this.customerSource = SOURCE_BYTES[1]!;
          return;
        }
        // Callers repeat: a direct-mapped cache keyed by the number (≤ 13 digits and the count: exact as a
        // double). A slot is 32 bytes, the number and its key side by side, so a lookup touches one cache
        // line.
        const cache = this.phoneCache;
        const slot = digitsSlot;
        const b = out.buf;
        let p = out.pos;
        if (digitsValue >= 0 && this.phoneNumbers[slot * 4] === digitsValue) {
          const from = slot * 32 + 8;
          for (let i = 0; i < 16; i++) b[p + i] = cache[from + i]!;
          out.pos = p + 16;
        } else {
          out.pos = this.o.hasher.bytesInto(PHONE_PREFIX, this.digits, digitsFrom, digitsTo, b, p);
          if (digitsValue >= 0) {
            const to = slot * 32 + 8;
            for (let i = 0; i < 16; i++) cache[to + i] = b[p++]!;
            this.phoneNumbers[slot * 4] = digitsValue;
          }
        }
        this.customerSource = SOURCE_BYTES[1]!;
        return;
      }
      const text = buf.toString('utf8', start, end);
      if (WITHHELD.has(text.normalize('NFKC').toLowerCase())) continue; // no identifier given: try the next one
      const normalized = normalizeIdentifier(k, text);
      if (normalized === null) {
        this.reject(IDENTIFIER_CODES[k]!, IDENTIFIER_FIELDS[k]!, 'not a valid ' + IDENTIFIER_NAMES[k]!);
        writeBinaryNull(out);
        return;
      }
      writeInt32(out, 16);
      writeBytes(out, Buffer.from(this.o.hasher.hex(`${IDENTIFIER_SOURCES[k]}:${normalized}`), 'hex'));
      this.customerSource = SOURCE_BYTES[k]!;
      return;
    }
    writeBinaryNull(out);
  }

  private readonly digits = new Uint8Array(32);
  /** The phone-key cache: per 32-byte slot, the number (a double, −1 when empty), then its 16-byte key. */
  private readonly phoneBytes = new ArrayBuffer(PHONE_CACHE_SLOTS * 32);
  private readonly phoneNumbers = new Float64Array(this.phoneBytes).fill(-1);
  private readonly phoneCache = new Uint8Array(this.phoneBytes);

  /** Cross-field checks on the parsed timestamps. */
  private checkRow(): void {
    const slots = this.o.plan.slots;
    const e = this.epochs;
    const kind = this.o.plan.kind;
    if (kind === 'calls') {
      const started = e[slots.get('started_at')!]!;
      this.notBefore('answered_at', slots, started, 'started_at');
      this.notBefore('ended_at', slots, started, 'started_at');
    } else if (kind === 'complaints') {
      const received = e[slots.get('received_at')!]!;
      this.notBefore('first_response_at', slots, received, 'received_at');
      this.notBefore('resolved_at', slots, received, 'received_at');
      this.notBefore('closed_at', slots, received, 'received_at');
      this.notBefore('reopened_at', slots, received, 'received_at');
    }
  }

  private notBefore(field: string, slots: ReadonlyMap<string, number>, reference: number, referenceName: string): void {
    const value = this.epochs[slots.get(field)!]!;
    // One minute of tolerance: exports round times differently.
    if (value + 60_000 < reference) this.reject('times_out_of_order', field, `before ${referenceName}`);
  }

  /** Ends the input: moves the last rows to the ready chunks. */
  finish(): void {
    this.completeRows();
    this.testKeys();
    this.out.flush();
    this.items.flush();
    this.rejects.finish();
  }
}

/** Templates kept per timestamp column (see templateEpoch and templateIndex): a column may mix shapes. */
const TEMPLATES = 24;
/** Room for the longest template, `2024-01-08T13:00:05+08:00` (25 bytes). */
const TEMPLATE_BYTES = 32;
const HOUR_MS = 3_600_000;

/**
 * True for `YYYY-MM-DD hh:mm:ss` or `DD-MM-YYYY hh:mm:ss` (separators `-`, `/` or `.`, then a blank or `T`),
 * alone or followed by `Z` or `±hh:mm`: the shapes whose clock digits a template may vary (see
 * `RowWriter.templateEpoch`).
 */
function isTemplateShape(b: Uint8Array, s: number, length: number): boolean {
  if (length !== 19 && length !== 20 && length !== 25) return false;
  if ((b[s + 10] !== 32 && b[s + 10] !== 84) || b[s + 13] !== 58 || b[s + 16] !== 58) return false;
  const yearFirst = isDigits(b, s, 4) && isDateSeparator(b[s + 4]!) && b[s + 7] === b[s + 4] && isDigits(b, s + 5, 2) && isDigits(b, s + 8, 2);
  const yearLast = isDigits(b, s, 2) && isDateSeparator(b[s + 2]!) && b[s + 5] === b[s + 2] && isDigits(b, s + 3, 2) && isDigits(b, s + 6, 4);
  if (!yearFirst && !yearLast) return false;
  if (length === 19) return true;
  if (length === 20) return b[s + 19] === 90; // Z
  return (b[s + 19] === 43 || b[s + 19] === 45) && isDigits(b, s + 20, 2) && b[s + 22] === 58 && isDigits(b, s + 23, 2);
}

function isDigits(b: Uint8Array, p: number, n: number): boolean {
  for (let i = p; i < p + n; i++) if (b[i]! < 48 || b[i]! > 57) return false;
  return true;
}

function isDateSeparator(c: number): boolean {
  return c === 45 || c === 47 || c === 46;
}

/**
 * Which of a column's templates a value would be: one per combination of length (19, 20, 25), date separator
 * and `T` or blank, so a column mixing shapes (`2024-01-08 …`, `2024/01/08 …`, `…T…+08:00`) keeps each.
 */
function templateIndex(buf: Uint8Array, start: number, length: number): number {
  const separator = buf[start + 4]!;
  const separatorClass = separator === 45 ? 0 : separator === 47 ? 1 : separator === 46 ? 2 : 3;
  const lengthClass = length === 19 ? 0 : length === 20 ? 1 : 2;
  return (lengthClass * 4 + separatorClass) * 2 + (buf[start + 10] === 84 ? 1 : 0);
}

/** The two ASCII digits at `p` as a number, or −1. */
function twoDigits(buf: Uint8Array, p: number): number {
  const a = buf[p]! - 48;
  const b = buf[p + 1]! - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Row keys per batch through the duplicate filter: enough misses to overlap, few enough to stay in L1. */
const KEY_BATCH = 256;
/** Rows completed together (see completeRows): at most one phone each, so at most a hash batch of phones. */
const ROW_BATCH = HASH_BATCH;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The 32 hex digits of the row key `keys[k … k + 3]` (its bytes big-endian, as written to the row). */
function keyHex(keys: Int32Array, k: number): string {
  let hex = '';
  for (let w = k; w < k + 4; w++) {
    const x = keys[w]!;
    hex += HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
  }
  return hex;
}

const PHONE_PREFIX = new TextEncoder().encode('phone:');
/** Slots of the phone-key cache (a power of two: the slot is the top bits of a multiplicative hash). */
const PHONE_CACHE_BITS = 16;
const PHONE_CACHE_SLOTS = 1 << PHONE_CACHE_BITS;
let digitsFrom = 0;
let digitsTo = 0;
/** The normalised number's digits as a number (the cache key). */
let digitsValue = 0;
/** The cache slot of `digitsValue`. */
let digitsSlot = 0;

/**
 * The byte fast path of `normalizeIdentifier` for phones: ASCII digits with optional '+', spaces, dashes,
 * dots and parentheses; 5–15 digits; a +86/0086 prefix on a mainland number dropped. Fills `digits` and sets
 * `digitsFrom`/`digitsTo`; false sends the value to the string path (full-width digits, or invalid).
 */
function phoneDigits(buf: Uint8Array, start: number, end: number, digits: Uint8Array): boolean {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      if (n === 20) return false;
      digits[n++] = c;
    } else if (c === 43 ? i !== start : c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41) {
      return false;
    }
  }
  if (n < 5 || n > 15) return false;
  digitsFrom = 0;
  if (n === 13 && digits[0] === 56 && digits[1] === 54) digitsFrom = 2;
  else if (n === 15 && digits[0] === 48 && digits[1] === 48 && digits[2] === 56 && digits[3] === 54) digitsFrom = 4;
  digitsTo = n;
  // The cache key: digits and their count ("0123" ≠ "123"), exact in a double up to 13 digits; longer
  // numbers are not cached (−1).
  if (n - digitsFrom > 13) {
    digitsValue = -1;
    return true;
  }
  let value = 0;
  // Beside the value, a 32-bit FNV-1a hash of the same digits and their count picks the slot (its top bits,
  // after a final multiply to mix them), so no division of a double per row.
  let hash = 0x811c9dc5 ^ (n - digitsFrom);
  for (let i = digitsFrom; i < n; i++) {
    const d = digits[i]! - 48;
    value = value * 10 + d;
    hash = Math.imul(hash ^ d, 0x01000193);
  }
  digitsValue = value * 16 + (n - digitsFrom);
  digitsSlot = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> (32 - PHONE_CACHE_BITS);
  return true;
}

/** Values exports use for "no identifier" (withheld or unknown caller): not an identifier, not an error. */
const WITHHELD = new Set([
  'anonymous', 'unknown', 'private', 'withheld', 'restricted', 'n/a', 'na', '#n/a', 'nan', 'null', 'none', 'nil', '-', '--', '?',
  'not provided', 'not available', 'undisclosed', '0', '匿名', '未知', '私人号码', '隐藏号码', '无', '无号码', '未提供', '空',
]);

const IDENTIFIER_SOURCES = ['customer_id', 'phone', 'email', 'id_card'] as const;
const SOURCE_BYTES = IDENTIFIER_SOURCES.map((source) => new TextEncoder().encode(source));
const SCALE_BYTES = Object.fromEntries(Object.keys(RATING_SCALES).map((id) => [id, new TextEncoder().encode(id)])) as Record<RatingScaleId, Uint8Array>;

/** True when `buf[start, end)` equals one of `codes` (trimmed bytes). */
function isMissingCode(buf: Buffer, start: number, end: number, codes: readonly Buffer[]): boolean {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code.length === end - start && buf.compare(code, 0, code.length, start, end) === 0) return true;
  }
  return false;
}

function writeNulls(out: CopyBuffer, n: number): void {
  for (let i = 0; i < n; i++) writeBinaryNull(out);
}
const IDENTIFIER_FIELDS = ['customer_id', 'customer_phone', 'customer_email', 'customer_id_card'] as const;
const IDENTIFIER_CODES = ['invalid_customer_id', 'invalid_phone', 'invalid_email', 'invalid_id_card'] as const;
const IDENTIFIER_NAMES = ['customer id', 'phone number', 'e-mail address', 'ID-card number (18 characters, GB 11643 check digit)'] as const;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * Normalises a customer identifier so the same person gives the same key in every export, or null when it is
 * not valid: phone → digits without a +86/0086 country prefix; e-mail → lower case; ID card → upper-case X with
 * the GB 11643 check digit verified.
 */
export function normalizeIdentifier(kind: number, text: string): string | null {
  const value = text.normalize('NFKC').trim();
  switch (kind) {
    case 0:
      return value.length > 0 && value.length <= 128 ? value : null;
    case 1: {
      // The byte path's rule (`phoneDigits`), after NFKC and with any whitespace removed.
      const bytes = Buffer.from(value.replace(/\s/g, ''), 'utf8');
      const digits = new Uint8Array(32);
      return phoneDigits(bytes, 0, bytes.length, digits) ? Buffer.from(digits.subarray(digitsFrom, digitsTo)).toString('latin1') : null;
    }
    case 2: {
      const email = value.toLowerCase();
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? email : null;
    }
    default: {
      const id = value.toUpperCase();
      if (!/^\d{17}[\dX]$/.test(id)) return null;
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
      return ID_CHECK[sum % 11] === id[17] ? id : null;
    }
  }
}
