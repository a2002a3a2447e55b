/**
 * The per-record hot path: standardizes one scanned record field by field, straight from the input bytes
 * into COPY text, and either completes the row or rolls it back and records a rejected row with every reason.
 *
 * Stages per record (all in `onRecord`):
 *   1. skip preamble, header and blank lines; check the field count against the header;
 *   2. canonical columns: parse each field by type, write its COPY text, collect reasons;
 *   3. customer key: the first identifier present, normalised and keyed-hashed (never stored raw);
 *   4. cross-field checks (answered before started, responses before receipt, …);
 *   5. raw-label columns, the row key (hash of the canonical columns), survey item rows;
 *   6. on any reason: rewind the output to the row's start and write a rejected row instead.
 *
 * Kept free of closures and exceptions per row (STACK.md: a closure inside the hot function cost ~40 %).
 */
import { isUtf8 } from 'node:buffer';
import { CopyBuffer, writeAscii, writeByte, writeEscaped, writeNull, writeText } from './copy-buffer.js';
import { FIELD_ESCAPED_QUOTE, FIELD_JUNK_AFTER_QUOTE, type FieldView, type RecordSink } from './csv-scanner.js';
import { OP, type Op, type RowPlan } from './row-plan.js';
import { rowKey } from './row-key.js';
import { parseDurationBytes } from './standardize/duration.js';
import { DAY_MONTH, formatTimestampCopy, newTimestampParts, parseTimestampBytes, partsToEpochMs } from './standardize/timestamp.js';
import { parseRating, RATING_ERROR, RATING_SCALES, type RatingResult, type RatingScaleId } from './standardize/rating.js';
import { lookupVocabulary, type VocabularyTables } from './vocabulary-lookup.js';
import { maskPersonalData } from '../privacy/mask.js';
import type { KeyedHasher } from '../privacy/keyed-hash.js';
import { RejectLog } from './reject-log.js';

const TAB = 9;
const LF = 10;

/** Longest value accepted in a short text field (ids, agent, team, region), in bytes. */
export const MAX_SHORT_TEXT_BYTES = 512;
/** Longest free text accepted (comments, complaint descriptions), in bytes. */
export const MAX_FREE_TEXT_BYTES = 64 * 1024;
/** Longest duration accepted, in seconds (30 days: e-mail backlogs can be long, a year cannot). */
export const MAX_DURATION_SECONDS = 30 * 86_400;

export type DayOrder = 'DMY' | 'MDY';

export interface RowWriterOptions {
  readonly batchId: number;
  readonly plan: RowPlan;
  /** Physical line of the header (records before it are preamble). */
  readonly headerLine: number;
  readonly dayOrder: DayOrder;
  /** True when the order was given (`--date-format`) or proven; a contradiction then rejects the row. */
  readonly dayOrderFixed: boolean;
  /** Minutes east of UTC of the configured time zone, for plausibility checks only. */
  readonly zoneOffsetMinutes: number;
  /** Earliest and latest plausible timestamps, epoch ms. */
  readonly minEpochMs: number;
  readonly maxEpochMs: number;
  readonly hasher: KeyedHasher;
  readonly vocabulary: VocabularyTables;
  /** Check each record's bytes for invalid UTF-8 (set when the probe found some). */
  readonly checkUtf8: boolean;
}

/** Thrown (once, not per row) when the file proves the other day/month order than assumed: restart the pass. */
export class DayOrderRestart extends Error {
  constructor(readonly order: DayOrder, readonly lineNo: number) {
    super(`restart with ${order}`);
  }
}

const parts = newTimestampParts();
const rating: RatingResult = { raw: 0, canonical: 0, scale: 'likert5' };
const ratingCache = new Map<string, number>();

function fieldText(buf: Buffer, start: number, end: number, flags: number): string {
  const text = buf.toString('utf8', start, end);
  return flags & FIELD_ESCAPED_QUOTE ? text.replaceAll('""', '"') : text;
}

function trimStart(buf: Buffer, start: number, end: number): number {
  while (start < end) {
    const c = buf[start]!;
    if (c === 32 || c === TAB) start++;
    else if (c === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3; // a stray BOM
    else break;
  }
  return start;
}

function trimEnd(buf: Buffer, start: number, end: number): number {
  while (end > start && (buf[end - 1] === 32 || buf[end - 1] === TAB)) end--;
  return end;
}

export class RowWriter implements RecordSink {
  readonly out = new CopyBuffer();
  readonly items = new CopyBuffer();
  readonly rejects: RejectLog;
  rowsRead = 0;
  rowsWritten = 0;
  blankLines = 0;
  preambleLines = 0;
  /** Day/month evidence over all timestamp fields. */
  ambiguousDates = 0;
  dmyEvidence = 0;
  mdyEvidence = 0;
  firstAmbiguous: { lineNo: number; field: string; text: string } | undefined;

  private readonly prefix: Buffer;
  private readonly epochs: Float64Array;
  private readonly itemResults: { raw: number; canonical: number; scale: RatingScaleId; ok: boolean }[];
  private readonly customerCache = new Map<string, string>();
  private readonly customerColumns: readonly number[];
  // Per-record reason lists (reused).
  private codes: string[] = [];
  private reasons: string[] = [];

  constructor(private readonly o: RowWriterOptions) {
    this.prefix = Buffer.from(`${o.batchId}\t`, 'latin1');
    this.epochs = new Float64Array(o.plan.slotCount);
    this.itemResults = o.plan.surveyItems.map((i) => ({ raw: 0, canonical: 0, scale: i.scale, ok: false }));
    this.rejects = new RejectLog(o.batchId);
    const c = o.plan.customer;
    this.customerColumns = [c.customerId, c.phone, c.email, c.idCard];
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
    this.codes.length = 0;
    this.reasons.length = 0;
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
    if (this.o.checkUtf8 && !isUtf8(buf.subarray(recordStart, recordEnd))) {
      this.reject('invalid_encoding', '', 'bytes that are not valid in the file encoding (mixed encodings?)');
      this.rejects.add(buf, recordStart, recordEnd, lineNo, this.codes, this.reasons);
      return;
    }

    const out = this.out;
    let rowStart = out.reserve(2 * (recordEnd - recordStart) + 64 * (plan.canonical.length + plan.raw.length) + 256, out.pos);
    out.buf.set(this.prefix, out.pos);
    out.pos += this.prefix.length;
    writeAscii(out, String(lineNo));
    writeByte(out, TAB);
    const dataStart = out.pos;

    const canonical = plan.canonical;
    for (let c = 0; c < canonical.length; c++) {
      const op = canonical[c]!;
      this.writeCanonical(op, s, buf, lineNo);
      writeByte(out, TAB);
    }
    this.writeCustomerKey(s, buf);
    const hashEnd = out.pos;
    if (plan.kind === 'surveys') this.parseItems(s, buf);
    this.checkRow();

    if (this.codes.length > 0) {
      out.pos = rowStart;
      this.rejects.add(buf, recordStart, recordEnd, lineNo, this.codes, this.reasons);
      return;
    }
    const raw = plan.raw;
    for (let c = 0; c < raw.length; c++) {
      const op = raw[c]!;
      writeByte(out, TAB);
      this.writeRawText(op, s, buf);
    }
    writeByte(out, TAB);
    if (this.customerSource === '') writeNull(out);
    else writeAscii(out, this.customerSource);
    writeByte(out, TAB);
    const key = rowKey(out.buf, dataStart, hashEnd);
    writeAscii(out, key);
    writeByte(out, LF);
    if (plan.kind === 'surveys') this.writeItems(s, buf, lineNo);
    this.rowsWritten++;
    rowStart = out.pos;
  }

  private customerSource = '';

  private writeCanonical(op: Op, s: FieldView, buf: Buffer, lineNo: number): void {
    const out = this.out;
    if (op.source < 0 || op.source >= s.count) {
      if (op.slot >= 0) this.epochs[op.slot] = NaN;
      if (op.op === OP.rating) {
        writeNull(out);
        writeByte(out, TAB);
        writeNull(out);
        writeByte(out, TAB);
      }
      writeNull(out);
      return;
    }
    const flags = s.flags[op.source]!;
    const start = trimStart(buf, s.starts[op.source]!, s.ends[op.source]!);
    const end = trimEnd(buf, start, s.ends[op.source]!);
    if (flags & FIELD_JUNK_AFTER_QUOTE) this.reject('malformed_quote', op.field, 'text after the closing quote');
    if (start === end) {
      if (op.slot >= 0) this.epochs[op.slot] = NaN;
      if (op.required) this.reject('missing_required', op.field, 'empty, but required');
      if (op.op === OP.rating) {
        writeNull(out);
        writeByte(out, TAB);
        writeNull(out);
        writeByte(out, TAB);
      }
      writeNull(out);
      return;
    }
    switch (op.op) {
      case OP.text: {
        if (end - start > MAX_SHORT_TEXT_BYTES) {
          this.reject('value_too_long', op.field, `${end - start} bytes; at most ${MAX_SHORT_TEXT_BYTES}`);
          writeNull(out);
        } else if (!writeEscaped(out, buf, start, end, (flags & FIELD_ESCAPED_QUOTE) !== 0)) {
          this.rejectBadBytes(op.field, buf, start, end);
          writeNull(out);
        }
        return;
      }
      case OP.freeText: {
        if (end - start > MAX_FREE_TEXT_BYTES) {
          this.reject('value_too_long', op.field, `${end - start} bytes; at most ${MAX_FREE_TEXT_BYTES}`);
          writeNull(out);
          return;
        }
        const masked = maskPersonalData(fieldText(buf, start, end, flags));
        const before = out.pos;
        const bytes = Buffer.from(masked, 'utf8');
        out.reserve(2 * bytes.length + 16, out.pos);
        if (!writeEscaped(out, bytes, 0, bytes.length, false)) {
          out.pos = before;
          this.rejectBadBytes(op.field, bytes, 0, bytes.length);
          writeNull(out);
        }
        return;
      }
      case OP.timestamp:
        this.writeTimestamp(op, buf, start, end, lineNo);
        return;
      case OP.duration: {
        const seconds = parseDurationBytes(buf, start, end);
        if (Number.isNaN(seconds)) {
          this.reject('invalid_duration', op.field, `'${fieldText(buf, start, end, flags)}' is not a duration (e.g. 90, 1:30, 00:01:30, 2分30秒)`);
          writeNull(out);
        } else if (seconds < 0) {
          this.reject('negative_duration', op.field, `${seconds} seconds is negative`);
          writeNull(out);
        } else if (seconds > MAX_DURATION_SECONDS) {
          this.reject('duration_out_of_range', op.field, `${seconds} seconds is more than 30 days`);
          writeNull(out);
        } else {
          writeAscii(out, String(seconds));
        }
        return;
      }
      case OP.boolean:
      case OP.vocabulary: {
        const code = lookupVocabulary(this.o.vocabulary, op.type, buf, start, end);
        if (code === null) {
          const text = fieldText(buf, start, end, flags);
          if (op.op === OP.boolean) this.reject('invalid_boolean', op.field, `'${text}' is not yes/no (是/否, Y/N, true/false, 1/0)`);
          else this.reject('unknown_label', op.field, `unknown label '${text}'; known: ${this.o.vocabulary.known(op.type)}; map it in a profile's "vocabulary"`);
          writeNull(out);
        } else {
          writeAscii(out, code);
        }
        return;
      }
      case OP.rating: {
        const error = this.rate(buf, start, end, flags, op.scale!);
        if (error !== RATING_ERROR.ok) {
          this.rejectRating(op.field, error, fieldText(buf, start, end, flags), op.scale!);
          writeNull(out);
          writeByte(out, TAB);
          writeNull(out);
          writeByte(out, TAB);
          writeNull(out);
        } else {
          writeAscii(out, String(rating.raw));
          writeByte(out, TAB);
          writeAscii(out, rating.scale);
          writeByte(out, TAB);
          writeAscii(out, String(rating.canonical));
        }
        return;
      }
    }
  }

  private writeTimestamp(op: Op, buf: Buffer, start: number, end: number, lineNo: number): void {
    const out = this.out;
    const ok = parseTimestampBytes(buf, start, end, this.o.dayOrder, parts);
    const evidence = parts.dayMonth;
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
      if (contradicts) this.reject('date_order_mismatch', op.field, `'${text}' does not fit this file's ${this.o.dayOrder} day/month order`);
      else this.reject('invalid_timestamp', op.field, `'${text}' is not a valid date/time`);
      writeNull(out);
      return;
    }
    const epoch = partsToEpochMs(parts, this.o.zoneOffsetMinutes);
    if (epoch < this.o.minEpochMs) {
      this.reject('implausible_date', op.field, `${buf.toString('utf8', start, end)} is before ${new Date(this.o.minEpochMs).toISOString().slice(0, 10)}`);
      writeNull(out);
      return;
    }
    if (epoch > this.o.maxEpochMs) {
      this.reject('future_date', op.field, `${buf.toString('utf8', start, end)} is in the future`);
      writeNull(out);
      return;
    }
    this.epochs[op.slot] = epoch;
    out.pos = formatTimestampCopy(parts, out.buf, out.pos);
  }

  private rate(buf: Buffer, start: number, end: number, flags: number, scale: RatingScaleId): number {
    const text = fieldText(buf, start, end, flags);
    const key = `${scale}\u0000${text}`;
    const cached = ratingCache.get(key);
    if (cached !== undefined && cached < 0) return -cached;
    const error = parseRating(text, scale, rating);
    if (error !== RATING_ERROR.ok && ratingCache.size < 10_000) ratingCache.set(key, -error);
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
      const flags = s.flags[item.source]!;
      const error = this.rate(buf, start, end, flags, item.scale);
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

  private writeItems(s: FieldView, buf: Buffer, lineNo: number): void {
    const out = this.items;
    const items = this.o.plan.surveyItems;
    for (let i = 0; i < items.length; i++) {
      const result = this.itemResults[i]!;
      if (!result.ok) continue;
      const item = items[i]!;
      const start = trimStart(buf, s.starts[item.source]!, s.ends[item.source]!);
      const end = trimEnd(buf, start, s.ends[item.source]!);
      out.reserve(2 * (end - start) + 128, out.pos);
      out.buf.set(this.prefix, out.pos);
      out.pos += this.prefix.length;
      writeAscii(out, `${lineNo}\t${item.item}\t`);
      writeEscaped(out, buf, start, end, (s.flags[item.source]! & FIELD_ESCAPED_QUOTE) !== 0);
      writeAscii(out, `\t${result.raw}\t${result.scale}\t${result.canonical}\n`);
    }
  }

  private writeRawText(op: Op, s: FieldView, buf: Buffer): void {
    if (op.source < 0 || op.source >= s.count) {
      writeNull(this.out);
      return;
    }
    const start = trimStart(buf, s.starts[op.source]!, s.ends[op.source]!);
    const end = trimEnd(buf, start, s.ends[op.source]!);
    if (start === end || end - start > MAX_SHORT_TEXT_BYTES) writeNull(this.out);
    else writeEscaped(this.out, buf, start, end, (s.flags[op.source]! & FIELD_ESCAPED_QUOTE) !== 0);
  }

  /** Writes the pseudonymous customer key from the first identifier present (id, phone, e-mail, ID card). */
  private writeCustomerKey(s: FieldView, buf: Buffer): void {
    const sources = this.customerColumns;
    this.customerSource = '';
    for (let k = 0; k < 4; k++) {
      const column = sources[k]!;
      if (column < 0 || column >= s.count) continue;
      const start = trimStart(buf, s.starts[column]!, s.ends[column]!);
      const end = trimEnd(buf, start, s.ends[column]!);
      if (start === end) continue;
      const cacheKey = buf.toString('latin1', start, end) + k;
      let key = this.customerCache.get(cacheKey);
      if (key === undefined) {
        const normalized = normalizeIdentifier(k, buf.toString('utf8', start, end));
        if (normalized === null) {
          this.reject(IDENTIFIER_CODES[k]!, IDENTIFIER_FIELDS[k]!, 'not a valid ' + IDENTIFIER_NAMES[k]!);
          break;
        }
        key = this.o.hasher.hex(`${IDENTIFIER_SOURCES[k]}:${normalized}`);
        if (this.customerCache.size > 100_000) this.customerCache.clear();
        this.customerCache.set(cacheKey, key);
      }
      writeAscii(this.out, key);
      this.customerSource = IDENTIFIER_SOURCES[k]!;
      return;
    }
    writeNull(this.out);
  }

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
    }
  }

  private notBefore(field: string, slots: ReadonlyMap<string, number>, reference: number, referenceName: string): void {
    const value = this.epochs[slots.get(field)!]!;
    // One minute of tolerance: exports round times differently.
    if (value + 60_000 < reference) this.reject('times_out_of_order', field, `before ${referenceName}`);
  }

  /** Ends the input: moves the last rows to the ready chunks. */
  finish(): void {
    this.out.flush();
    this.items.flush();
    this.rejects.finish();
  }
}

const IDENTIFIER_SOURCES = ['customer_id', 'phone', 'email', 'id_card'] as const;
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
      let digits = value.replace(/[\s\-().]/g, '');
      if (digits.startsWith('+')) digits = digits.slice(1);
      if (!/^\d{5,15}$/.test(digits)) return null;
      if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
      else if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
      return digits;
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
