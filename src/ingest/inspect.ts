/**
 * `servq inspect`: a dry run of ingest that loads nothing and needs no database. It decides everything
 * `ingest` would — encoding, delimiter, header, preset, column mapping with its evidence, label maps — runs
 * every row through the same row writer, and reports what `ingest` would do (load, or refuse and why), with
 * the first rows standardized, a preview of the rejects, and a complete profile to edit (`--write-profile`).
 *
 * Stages: probe → layout (ingest-file.ts `decideLayout`) → the row writer over the whole file (restarted when
 * the file proves the other day/month order, as a load is) → decode the first rows of its binary COPY output
 * → verdict with the load's own budgets. Repeats of rows loaded by earlier batches need the database: only
 * repeats inside the file are counted here (exactly over the first million distinct rows; past them, repeats of
 * later rows are not counted).
 */
import { basename } from 'node:path';
import { CsvScanner } from './csv-scanner.js';
import { FIELDS_BY_KIND, type SourceKind } from './fields.js';
import { decideLayout, jsonAdapter, jsonLayout, writerOptions, zoneOf, type IngestOptions } from './ingest-file.js';
import { JsonSplitter, LateKeysRestart } from './json-records.js';
import { probeFile } from './probe.js';
import type { MappingProfile } from './profile.js';
import { durationUnitNotes, OP, type RowPlan } from './row-plan.js';
import { DayOrderRestart, RowWriter, type DayOrder } from './row-writer.js';
import { delimiterName } from './sniff.js';
import { utf8Chunks } from './transcode.js';
import { profileVocabularyKey, VocabularyTables, type LabelVia } from './vocabulary-lookup.js';
import { DEFAULT_MAX_DUPLICATE_RATE, DEFAULT_MAX_REJECT_RATE } from './defaults.js';
import { maskPersonalData } from '../privacy/mask.js';
import { proposeItems, type ItemProposals } from './item-proposals.js';

/** What `inspect` found; the machine-readable contract of `servq inspect --json`. */
export interface InspectReport {
  readonly file: string;
  readonly kind: SourceKind;
  readonly bytes: number;
  readonly encoding: { readonly name: string; readonly evidence: string };
  readonly format: string;
  readonly delimiter: string | null;
  readonly headerLine: number | null;
  readonly headerRecordsSkipped: number;
  readonly preset: { readonly id: string | null; readonly evidence: string; readonly matched: readonly string[] };
  /** Every source column: the field it feeds (null: unmapped) and why. */
  readonly columns: readonly { column: number; header: string; field: string | null; via: string | null; evidence?: string }[];
  readonly constants: Record<string, string>;
  readonly notes: readonly string[];
  /** Per field: every label met, the code it became (null: unknown), how, and its rows. */
  readonly labels: Record<string, { label: string; code: string | null; via: LabelVia; rows: number }[]>;
  readonly dayOrder: { readonly order: string; readonly source: string };
  /** The zone times without an offset are read in. */
  readonly timeZone: string;
  /** The first rows as they would be stored (field → value; survey items as item → canonical). */
  readonly preview: readonly { line: number; values: Record<string, string | number | boolean | null> }[];
  readonly rows: { readonly read: number; readonly wouldLoad: number; readonly rejected: number; readonly duplicateInFile: number; readonly blankLines: number; readonly preambleLines: number };
  readonly rejects: { readonly reasons: Record<string, number>; readonly examples: readonly { line: number; reason: string }[] };
  readonly verdict: { readonly action: 'load' | 'refuse'; readonly reasons: readonly string[] };
  /** A complete profile: everything decided, with what is left to decide under `unresolved`. */
  readonly profile: MappingProfile;
}

/** Rows shown standardized. */
const PREVIEW_ROWS = 5;

/**
 * Inspects `path` as an export of `o.kind` (no database, nothing loaded).
 * @throws Error for a file that cannot be read, is not text, or has no usable header (the message says why)
 */
export async function inspectFile(path: string, o: IngestOptions): Promise<InspectReport> {
  const probe = await probeFile(path, o.encoding ?? (o.profile?.encoding === 'gbk' ? 'gb18030' : o.profile?.encoding));
  let layout = decideLayout(probe, basename(path), o, true);
  let dayOrder: DayOrder = o.dateFormat ?? layout.profile?.dateFormat ?? 'DMY';
  let dayOrderFixed = o.dateFormat !== undefined || o.profile?.dateFormat !== undefined;
  const dayOrderDeclared = dayOrderFixed || layout.profile?.dateFormat !== undefined;
  let vocabulary: VocabularyTables;
  let writer: RowWriter;
  let decoded: DecodedRows;
  for (;;) {
    vocabulary = new VocabularyTables(layout.profile);
    writer = new RowWriter(writerOptions(layout, probe, o, 0, dayOrder, dayOrderFixed, vocabulary));
    decoded = new DecodedRows(layout.plan);
    try {
      await readAll(path, probe, layout, writer, decoded, o);
      break;
    } catch (error) {
      if (error instanceof DayOrderRestart) {
        dayOrder = error.order;
        dayOrderFixed = true;
      } else if (error instanceof LateKeysRestart) {
        layout = jsonLayout(layout.format, [...layout.headers, ...error.keys], o, true);
      } else {
        throw error;
      }
    }
  }
  writer.rejects.spool.dispose();
  const rowsRead = writer.rowsRead;
  const rejected = writer.rejects.count;
  const duplicateInFile = decoded.duplicates;
  const reasons: string[] = layout.mapping.missing.length > 0 ? [`no column or constant for ${layout.mapping.missing.join(', ')} (see the notes)`] : [];
  const maxReject = o.maxRejectRate ?? DEFAULT_MAX_REJECT_RATE;
  const maxDuplicate = o.maxDuplicateRate ?? DEFAULT_MAX_DUPLICATE_RATE;
  if (!dayOrderFixed && !dayOrderDeclared && writer.firstAmbiguous && writer.dmyEvidence === 0) {
    reasons.push(`line ${writer.firstAmbiguous.lineNo}: dates like '${writer.firstAmbiguous.text}' could be day-first or month-first and nothing settles it; pass --date-format DMY or MDY`);
  }
  if (rowsRead === 0) reasons.push('no data rows');
  if (rowsRead > 0 && rejected > maxReject * rowsRead) {
    reasons.push(`${rejected} of ${rowsRead} rows would be rejected (${pct(rejected / rowsRead)}, more than the ${pct(maxReject)} of --max-reject-rate); most common: ${writer.rejects.dominantReasons()}`);
  }
  if (rowsRead > 0 && duplicateInFile > maxDuplicate * rowsRead) {
    reasons.push(`${duplicateInFile} rows repeat another row of the file (${pct(duplicateInFile / rowsRead)}, more than the ${pct(maxDuplicate)} of --max-duplicate-rate)`);
  }
  const labels = labelEvidence(layout.plan, vocabulary);
  const taken = new Set(layout.mapping.used.map((u) => u.column));
  const ignored = new Set(layout.mapping.ignored);
  const proposals = proposeItems(layout.plan, layout.headers, new Set(layout.headers.map((_, i) => i).filter((i) => !taken.has(i))), layout.sample, ignored);
  const used = new Map(layout.mapping.used.map((u) => [u.column, u]));
  const report: Omit<InspectReport, 'profile'> = {
    file: path,
    kind: o.kind,
    bytes: probe.bytes,
    encoding: { name: probe.encoding, evidence: probe.encodingEvidence },
    format: layout.format,
    delimiter: layout.format === 'csv' ? delimiterName(layout.delimiter) : null,
    headerLine: layout.format === 'csv' ? layout.headerLine : null,
    headerRecordsSkipped: writer.headerRecords,
    preset: { id: layout.preset.preset?.id ?? null, evidence: layout.preset.evidence, matched: layout.preset.matched },
    columns: layout.headers.map((header, column) => {
      const u = used.get(column);
      return { column: column + 1, header: header.trim(), field: u?.field ?? null, via: u?.via ?? null, ...(u?.evidence ? { evidence: u.evidence } : {}) };
    }),
    constants: Object.fromEntries(layout.mapping.constants),
    notes: [...layout.mapping.notes, ...durationUnitNotes(layout.plan), ...proposals.notes],
    labels,
    timeZone: zoneOf(layout, o),
    dayOrder: {
      order: dayOrder,
      source: o.dateFormat ? '--date-format' : o.profile?.dateFormat ? 'profile' : writer.dmyEvidence + writer.mdyEvidence > 0 ? 'evidence in the dates' : layout.profile?.dateFormat ? `preset ${layout.preset.preset!.id}` : 'default (no date decides it)',
    },
    preview: decoded.preview,
    rows: { read: rowsRead, wouldLoad: writer.rowsWritten - duplicateInFile, rejected, duplicateInFile, blankLines: writer.blankLines, preambleLines: writer.preambleLines },
    rejects: {
      reasons: Object.fromEntries([...writer.rejects.tally].map(([code, t]) => [code, t.count])),
      examples: [...writer.rejects.tally.values()].flatMap((t) => t.examples.map((e) => ({ line: e.lineNo, reason: e.reason }))).slice(0, 10),
    },
    verdict: { action: reasons.length === 0 ? 'load' : 'refuse', reasons },
  };
  return { ...report, profile: completeProfile(layout.plan, layout.profile, o, report, dayOrder, dayOrderFixed || writer.dmyEvidence + writer.mdyEvidence > 0, proposals) };
}

async function readAll(path: string, probe: Awaited<ReturnType<typeof probeFile>>, layout: ReturnType<typeof decideLayout>, writer: RowWriter, decoded: DecodedRows, o: IngestOptions): Promise<void> {
  const drain = () => {
    for (const chunk of writer.out.take()) decoded.push(chunk);
    for (const chunk of writer.items.take()) decoded.pushItems(chunk);
  };
  if (layout.format === 'csv') {
    const scanner = new CsvScanner(layout.delimiter, writer);
    let pending: Buffer | undefined;
    for await (const chunk of utf8Chunks(path, probe, o.signal)) {
      const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
      const used = scanner.scan(buf, false);
      pending = used < buf.length ? Buffer.from(buf.subarray(used)) : undefined;
      drain();
    }
    if (pending) scanner.scan(pending, true);
  } else {
    const adapter = jsonAdapter(layout, writer, o);
    const splitter = new JsonSplitter(adapter);
    for await (const chunk of utf8Chunks(path, probe, o.signal)) {
      splitter.push(chunk, false);
      drain();
    }
    splitter.push(Buffer.alloc(0), true);
  }
  writer.finish();
  drain();
}

/** Every label met per field, with its code and how it was decided. */
function labelEvidence(plan: RowPlan, vocabulary: VocabularyTables): InspectReport['labels'] {
  const byType = vocabulary.evidence();
  const out: InspectReport['labels'] = {};
  for (const op of plan.canonical) {
    if (op.op !== OP.vocabulary || op.source < 0) continue;
    const list = byType[op.type];
    if (list !== undefined) out[op.field] = list;
  }
  return out;
}

/**
 * Decodes the binary COPY rows the writer produced: the first few as field → value for the preview, and the
 * row key of every row to count repeats inside the file.
 */
class DecodedRows {
  readonly preview: { line: number; values: Record<string, string | number | boolean | null> }[] = [];
  duplicates = 0;
  private readonly keys = new Set<string>();
  private readonly columns: readonly { name: string; type: 'int8' | 'float8' | 'timestamp' | 'bool' | 'uuid' | 'text' | 'jsonb' }[];

  constructor(plan: RowPlan) {
    const types: { name: string; type: 'int8' | 'float8' | 'timestamp' | 'bool' | 'uuid' | 'text' | 'jsonb' }[] = [
      { name: 'batch_id', type: 'int8' },
      { name: 'line_no', type: 'int8' },
    ];
    for (const op of plan.canonical) {
      if (op.op === OP.rating) types.push({ name: `${op.field}_value`, type: 'float8' }, { name: `${op.field}_scale`, type: 'text' }, { name: `${op.field}_canonical`, type: 'float8' });
      else types.push({ name: op.field, type: op.op === OP.timestamp ? 'timestamp' : op.op === OP.duration ? 'float8' : op.op === OP.boolean ? 'bool' : 'text' });
    }
    types.push({ name: 'customer_key', type: 'uuid' });
    for (const op of plan.raw) types.push({ name: `${op.field}_raw`, type: 'text' });
    types.push({ name: 'customer_key_source', type: 'text' }, { name: 'row_key', type: 'uuid' });
    // A survey row's ratings repeat its item answers, which the preview shows from their own rows (pushItems).
    if (plan.kind === 'surveys') types.push({ name: 'ratings', type: 'jsonb' });
    this.columns = types;
  }

  /** Survey item rows (text COPY: batch, line, item, raw, value, scale, canonical) of the preview's lines. */
  pushItems(chunk: Buffer): void {
    if (this.preview.length === 0) return;
    const last = this.preview.at(-1)!.line;
    for (const line of chunk.toString('utf8').split('\n')) {
      const [, lineNo, item, , raw, scale, canonical] = line.split('\t');
      if (item === undefined || canonical === undefined) continue;
      const row = Number(lineNo) <= last ? this.preview.find((p) => p.line === Number(lineNo)) : undefined;
      if (row !== undefined) row.values[item] = `${raw} on ${scale} → ${canonical}`;
    }
  }

  push(chunk: Buffer): void {
    let p = 0;
    while (p < chunk.length) {
      const count = chunk.readInt16BE(p);
      p += 2;
      const wantPreview = this.preview.length < PREVIEW_ROWS;
      const values: Record<string, string | number | boolean | null> = {};
      let line = 0;
      for (let i = 0; i < count; i++) {
        const length = chunk.readInt32BE(p);
        p += 4;
        const column = this.columns[i]!;
        if (length < 0) {
          if (wantPreview) values[column.name] = null;
          continue;
        }
        if (column.name === 'row_key') {
          const key = chunk.toString('hex', p, p + length);
          if (this.keys.has(key)) this.duplicates++;
          else if (this.keys.size < 1_000_000) this.keys.add(key);
        } else if (column.name === 'line_no') {
          line = Number(chunk.readBigInt64BE(p));
        } else if (wantPreview && column.name !== 'batch_id' && column.name !== 'customer_key_source' && column.type !== 'jsonb') {
          values[column.name] = decodeValue(chunk, p, length, column.type);
        }
        p += length;
      }
      if (wantPreview) this.preview.push({ line, values });
    }
  }
}

const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

function decodeValue(buf: Buffer, p: number, length: number, type: string): string | number | boolean {
  switch (type) {
    case 'int8':
      return Number(buf.readBigInt64BE(p));
    case 'float8':
      return buf.readDoubleBE(p);
    case 'bool':
      return buf[p] === 1;
    case 'timestamp':
      return new Date(PG_EPOCH_MS + Number(buf.readBigInt64BE(p)) / 1000).toISOString();
    case 'uuid':
      return 'pseudonym';
    default:
      return maskPersonalData(buf.toString('utf8', p, p + length));
  }
}

/** The profile `ingest --map` would accept, with everything decided and the rest under `unresolved`. */
function completeProfile(
  plan: RowPlan,
  profile: MappingProfile | undefined,
  o: IngestOptions,
  report: Omit<InspectReport, 'profile'>,
  dayOrder: DayOrder,
  dayOrderKnown: boolean,
  proposals: ItemProposals,
): MappingProfile {
  const columns: Record<string, string> = {};
  for (const c of report.columns) if (c.field !== null) columns[c.header] = c.field;
  Object.assign(columns, proposals.columns);
  const items = { ...(profile?.items ?? {}), ...proposals.items };
  const missingCodes = { ...(profile?.missingCodes ?? {}), ...proposals.missingCodes };
  for (const [header, target] of Object.entries(profile?.columns ?? {})) if (target === 'ignore' && report.columns.some((c) => c.header === header)) columns[header] = 'ignore';
  const scales: Record<string, NonNullable<MappingProfile['scales']>[string]> = {};
  // A label scale is written as declared (its labels as spelled); a plain scale as decided.
  const declared = (name: string) => profile?.scales?.[name] ?? profile?.items?.[name]?.scale;
  for (const item of plan.surveyItems) scales[item.item] = declared(item.item) ?? item.scale;
  for (const op of plan.canonical) if (op.op === OP.rating && op.source >= 0) scales[op.field] = declared(op.field) ?? op.scale!;
  const vocabulary: Record<string, Record<string, string>> = {};
  const unknown: Record<string, string[]> = Object.fromEntries(Object.entries(proposals.unknownAnswers).map(([item, answers]) => [`scales.${item}`, answers]));
  const fields = new Map(FIELDS_BY_KIND[o.kind].map((f) => [f.name, f]));
  for (const [field, labels] of Object.entries(report.labels)) {
    const section = profileVocabularyKey(fields.get(field)!.type);
    for (const l of labels.slice(0, 200)) {
      if (l.code === null) (unknown[section] ??= []).push(l.label);
      else if (l.via !== 'built-in') (vocabulary[section] ??= {})[l.label] = l.code;
    }
  }
  const merged: MappingProfile = {
    columns,
    ...(Object.keys(report.constants).length > 0 ? { constants: report.constants } : {}),
    ...(Object.keys(items).length > 0 ? { items } : {}),
    ...(Object.keys(scales).length > 0 ? { scales } : {}),
    ...(Object.keys(missingCodes).length > 0 ? { missingCodes } : {}),
    ...(Object.keys(plan.durationUnits).length > 0 ? { durationUnits: Object.fromEntries(Object.entries(plan.durationUnits).map(([field, u]) => [field, u.unit])) } : {}),
    ...(dayOrderKnown ? { dateFormat: dayOrder } : {}),
    ...(profile?.twoDigitYearPivot !== undefined ? { twoDigitYearPivot: profile.twoDigitYearPivot } : {}),
    ...(report.headerRecordsSkipped > 0 ? { skipLinesAfterHeader: report.headerRecordsSkipped } : {}),
    timeZone: report.timeZone,
    ...(Object.keys(vocabulary).length > 0 || profile?.vocabulary ? { vocabulary: { ...vocabulary, ...(profile?.vocabulary ?? {}) } } : {}),
    ...(profile?.labelRules ? { labelRules: profile.labelRules } : {}),
  };
  const unmapped = report.columns.filter((c) => c.field === null && columns[c.header] === undefined).map((c) => c.header);
  const notes = [...new Set([...report.notes, ...report.verdict.reasons])];
  if (unmapped.length > 0 || Object.keys(unknown).length > 0 || notes.length > 0) {
    merged.unresolved = {
      ...(unmapped.length > 0 ? { columns: unmapped } : {}),
      ...(Object.keys(unknown).length > 0 ? { labels: unknown } : {}),
      ...(notes.length > 0 ? { notes } : {}),
    };
  }
  return merged;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
