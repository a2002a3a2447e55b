/**
 * Compiles a column mapping into a flat plan the row writer runs per record: one `Op` per output column, in
 * COPY column order, so the hot loop is a `switch` over small integers with no lookups by name.
 *
 * Output row layout (binary COPY): `batch_id, line_no, <canonical columns…>, customer_key, <raw-label
 * columns…>, customer_key_source, row_key[, ratings]` (ratings: surveys only, sql/000012). The canonical
 * columns come first and contiguous so the row key (de-duplication hash) covers exactly them: two exports of
 * one call that differ only in labels ("电话" vs "phone") or duration format ("90" vs "1:30") are still the
 * same row. (The customer key is canonical content too: the same call keyed by phone in one export and by
 * e-mail in another is two rows.)
 *
 * Raw labels are stored per row for surveys and complaints (the complaint taxonomy keeps its raw labels); a
 * call log repeats a handful of labels millions of times, so there each batch records its label → code map
 * once instead (`decisions.labels`), and the row keeps its file and line.
 */
import { FACT_TABLE, TIME_COLUMN, type FactTable } from '../db/schema.js';
import { FIELDS_BY_KIND, type FieldType, type SourceKind } from './fields.js';
import type { ColumnMapping } from './mapping.js';
import type { MappingProfile } from './profile.js';
import { EASE_LABELS, EFFORT_LABELS, inferRatingScale, type RatingScaleId } from './standardize/rating.js';
import { DURATION_UNITS, durationUnitOfHeader, type DurationUnit } from './standardize/duration-unit.js';

export const OP = {
  text: 1,
  freeText: 2,
  timestamp: 3,
  duration: 4,
  boolean: 5,
  vocabulary: 6,
  /** A rating stored on the main row (complaint satisfaction): value, scale, canonical. */
  rating: 7,
  /** The raw label of a vocabulary or rating field. */
  raw: 8,
} as const;

export interface Op {
  readonly op: number;
  /** Canonical field name (for reasons). */
  readonly field: string;
  /** Source column index, or -1 when the field is not in the file (writes NULL). */
  readonly source: number;
  readonly type: FieldType;
  readonly required: boolean;
  /** Slot in the per-row value arrays (timestamps/durations), or -1. */
  readonly slot: number;
  /** For a timestamp split over two columns: the time-of-day column, else -1. */
  readonly timeSource: number;
  readonly scale: RatingScaleId | undefined;
  /** A profile constant (UTF-8) read in place of a column, or undefined. */
  readonly constant: Buffer | undefined;
  /** Answers that mean "no answer" here (profile `missingCodes`), trimmed UTF-8; empty when none. */
  readonly missing: readonly Buffer[];
  /** For a rating: labels of a label scale (normalised label → value on `scale`). */
  readonly labels: ReadonlyMap<string, number> | undefined;
  /** For a rating: higher answers are worse (effort): the canonical value is reversed. */
  readonly lowerIsBetter: boolean;
  /** For a duration: seconds per plain number (the column's declared unit; 1 = seconds). */
  readonly bareNumberSeconds: number;
}

export interface SurveyItemOp {
  readonly item: string;
  readonly source: number;
  readonly scale: RatingScaleId;
  readonly missing: readonly Buffer[];
  readonly labels: ReadonlyMap<string, number> | undefined;
  readonly lowerIsBetter: boolean;
}

/** The form label-scale labels are compared in: NFKC, lower case, runs of blanks, `_` and `-` as one space. */
export function normalizeScaleLabel(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_\-]+/g, ' ').trim();
}

export interface RowPlan {
  readonly kind: SourceKind;
  readonly table: FactTable;
  /** The required time column that dates a row (and bounds where its duplicates can be). */
  readonly timeField: string;
  /** Ops for the canonical columns, then for the raw columns. */
  readonly canonical: readonly Op[];
  readonly raw: readonly Op[];
  readonly surveyItems: readonly SurveyItemOp[];
  /** Source columns of the customer identifiers, in priority order, -1 when absent. */
  readonly customer: { readonly customerId: number; readonly phone: number; readonly email: number; readonly idCard: number };
  /** Slots holding each timestamp field's epoch ms (NaN when empty). */
  readonly slots: ReadonlyMap<string, number>;
  readonly slotCount: number;
  /** The COPY statement for the main table (binary format). */
  readonly copySql: string;
  /** Fields per COPY row. */
  readonly fieldCount: number;
  /** Number of source columns in the header. */
  readonly headerWidth: number;
  /**
   * Source columns no field takes, sorted by header name, each with its name's bytes: part of the row key,
   * so two rows are duplicates only when the whole source record is the same (a ticket number or a note
   * that servq does not store still tells two complaints apart).
   */
  readonly extraColumns: readonly ExtraColumn[];
  /** Duration fields whose plain numbers are not seconds: the unit, and whether the profile or the header said so. */
  readonly durationUnits: Readonly<Record<string, { readonly unit: DurationUnit; readonly from: 'profile' | 'header'; readonly header: string }>>;
}

export interface ExtraColumn {
  readonly source: number;
  readonly name: Buffer;
}

const CUSTOMER_TYPES = new Set<FieldType>(['customerId', 'phone', 'email', 'idCard']);
const VOCABULARY_TYPES = new Set<FieldType>([
  'channel',
  'category',
  'urgency',
  'rootCause',
  'outcome',
  'priority',
  'complaintStatus',
  'surveyMethod',
]);

function extraColumns(mapping: ColumnMapping, headers: readonly string[]): ExtraColumn[] {
  const taken = new Set(mapping.used.map((u) => u.column));
  const extra: ExtraColumn[] = [];
  headers.forEach((header, source) => {
    if (!taken.has(source)) extra.push({ source, name: Buffer.from(header.trim(), 'utf8') });
  });
  // By name, so the same columns in another order give the same key.
  return extra.sort((a, b) => Buffer.compare(a.name, b.name));
}

/** Builds the plan for one file. */
export function buildRowPlan(
  kind: SourceKind,
  mapping: ColumnMapping,
  headers: readonly string[],
  profile?: MappingProfile,
): RowPlan {
  const canonical: Op[] = [];
  const raw: Op[] = [];
  const surveyItems: SurveyItemOp[] = [];
  const slots = new Map<string, number>();
  const durationUnits: Record<string, { unit: DurationUnit; from: 'profile' | 'header'; header: string }> = {};
  const columnNames: string[] = ['batch_id', 'line_no'];
  const rawNames: string[] = [];
  const sourceOf = (name: string): number => mapping.columns.get(name) ?? -1;
  const declaredScale = (name: string) => profile?.scales?.[name] ?? profile?.items?.[name]?.scale;
  const scaleOf = (name: string, source: number): RatingScaleId => {
    const declared = declaredScale(name);
    if (declared === undefined) return inferRatingScale(source >= 0 ? headers[source]! : '', name);
    return (typeof declared === 'string' ? declared : declared.scale) as RatingScaleId;
  };
  const labelsOf = (name: string, lowerIsBetter = false): ReadonlyMap<string, number> | undefined => {
    const declared = declaredScale(name);
    if (declared !== undefined && typeof declared !== 'string') return new Map(Object.entries(declared.labels).map(([label, value]) => [normalizeScaleLabel(label), value]));
    // An effort item answered in words: effort words as they are, ease words reversed ("Very easy" is the
    // least effort, 1 of 5).
    const scale = declared ?? 'likert5';
    if (lowerIsBetter && (scale === 'likert5' || scale === 'verbal5')) return new Map([...EFFORT_LABELS, ...[...EASE_LABELS].map(([label, value]) => [label, 6 - value] as const)]);
    return undefined;
  };
  const missingOf = (name: string, rated: boolean): Buffer[] =>
    [...(profile?.missingCodes?.[name] ?? []), ...(rated ? (profile?.missingCodes?.['*'] ?? []) : [])].map((code) => Buffer.from(code.trim(), 'utf8'));
  const constantOf = (name: string): Buffer | undefined => {
    const value = mapping.constants.get(name);
    return value === undefined ? undefined : Buffer.from(value.trim(), 'utf8');
  };

  const keepRawLabels = kind !== 'calls';
  for (const field of FIELDS_BY_KIND[kind]) {
    if (CUSTOMER_TYPES.has(field.type)) continue;
    const source = sourceOf(field.name);
    const rated = field.type === 'rating';
    const base = {
      field: field.name,
      source,
      type: field.type,
      required: field.required === true,
      slot: -1,
      scale: undefined,
      timeSource: mapping.timeColumns.get(field.name) ?? -1,
      constant: constantOf(field.name),
      missing: missingOf(field.name, rated),
      labels: rated ? labelsOf(field.name, field.lowerIsBetter === true) : undefined,
      lowerIsBetter: field.lowerIsBetter === true,
      bareNumberSeconds: 1,
    };
    if (rated && kind === 'surveys') {
      if (source >= 0) surveyItems.push({ item: field.name, source, scale: scaleOf(field.name, source), missing: base.missing, labels: base.labels, lowerIsBetter: base.lowerIsBetter });
      continue;
    }
    if (rated) {
      canonical.push({ ...base, op: OP.rating, scale: scaleOf(field.name, source) });
      columnNames.push(`${field.name}_value`, `${field.name}_scale`, `${field.name}_canonical`);
      raw.push({ ...base, op: OP.raw });
      rawNames.push(`${field.name}_raw`);
      continue;
    }
    if (VOCABULARY_TYPES.has(field.type)) {
      canonical.push({ ...base, op: OP.vocabulary });
      columnNames.push(field.name);
      if (keepRawLabels) {
        raw.push({ ...base, op: OP.raw });
        rawNames.push(`${field.name}_raw`);
      }
      continue;
    }
    let op: number;
    let slot = -1;
    switch (field.type) {
      case 'timestamp':
        op = OP.timestamp;
        slot = slots.size;
        slots.set(field.name, slot);
        break;
      case 'duration': {
        op = OP.duration;
        const declared = profile?.durationUnits?.[field.name];
        const unit = declared ?? (source >= 0 ? durationUnitOfHeader(headers[source]!) : undefined);
        if (unit !== undefined && unit !== 'seconds') {
          durationUnits[field.name] = { unit, from: declared !== undefined ? 'profile' : 'header', header: source >= 0 ? headers[source]! : '' };
          canonical.push({ ...base, op, slot, bareNumberSeconds: DURATION_UNITS[unit] });
          columnNames.push(field.name);
          continue;
        }
        break;
      }
      case 'boolean':
        op = OP.boolean;
        break;
      default:
        op = field.freeText ? OP.freeText : OP.text;
    }
    canonical.push({ ...base, op, slot });
    columnNames.push(field.name);
  }
  // Items the profile declares beyond the built-in ones.
  for (const [item, spec] of Object.entries(kind === 'surveys' ? (profile?.items ?? {}) : {})) {
    const source = sourceOf(item);
    if (source < 0) continue;
    surveyItems.push({ item, source, scale: scaleOf(item, source), missing: missingOf(item, true), labels: labelsOf(item, spec.direction === 'lower_better'), lowerIsBetter: spec.direction === 'lower_better' });
  }
  const table = FACT_TABLE[kind];
  // A survey row ends with its ratings (jsonb {item: canonical}, sql/000012): the answers the row writer accepted.
  const columns = [...columnNames, 'customer_key', ...rawNames, 'customer_key_source', 'row_key', ...(kind === 'surveys' ? ['ratings'] : [])];
  return {
    kind,
    table,
    timeField: TIME_COLUMN[table],
    canonical,
    raw,
    surveyItems,
    customer: {
      customerId: sourceOf('customer_id'),
      phone: sourceOf('customer_phone'),
      email: sourceOf('customer_email'),
      idCard: sourceOf('customer_id_card'),
    },
    slots,
    slotCount: slots.size,
    copySql: `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT binary)`,
    fieldCount: columns.length,
    headerWidth: headers.length,
    extraColumns: extraColumns(mapping, headers),
    durationUnits,
  };
}

/** One note per duration column read in a unit other than seconds, for the load's messages. */
export function durationUnitNotes(plan: RowPlan): string[] {
  return Object.entries(plan.durationUnits).map(([field, u]) =>
    u.from === 'profile' ? `${field}: plain numbers read as ${u.unit} (profile durationUnits)` : `${field}: plain numbers in '${u.header}' read as ${u.unit} (the header says so; a profile's durationUnits overrides)`,
  );
}
