/**
 * Value evidence for a mapping: a header can say a field and hold something else. A single generic word
 * ("State", "Type", "Source", "Result") may name something else than the field its alias says — a US "State"
 * column is not a complaint's status; a header matched only by its words ("Transfer Time" reads as
 * `transferred`, a yes/no) may hold another type. Such a column keeps its field only when its sampled values
 * can be read as that field.
 *
 * Method, over the sampled data rows: the share of non-empty values the field's parser accepts — its
 * vocabulary (with the profile's labels and the phrase rules) for labels and yes/no, the timestamp parser (any
 * day/month order; a two-digit year counts) for times, the duration parser for durations, the rating parser
 * for ratings. Below half, the column is unmapped and a note says why and how to map it anyway. Checked:
 * single-word headers mapped by alias to a vocabulary (at least 3 values), and every phrase-mapped column of a
 * typed field (at least 2 values). Columns named by a profile or preset, and required fields named by an alias
 * (their bad values are rejected rows with reasons), are left alone; a required field that loses its column
 * here stops the file with the note, as a missing one does.
 */
import { FIELDS_BY_KIND, type FieldSpec, type SourceKind } from './fields.js';
import { maskPersonalData } from '../privacy/mask.js';
import { headerWords } from './header-match.js';
import type { ColumnMapping } from './mapping.js';
import type { VocabularyTables } from './vocabulary-lookup.js';
import { parseDuration } from './standardize/duration.js';
import { parseTimestamp } from './standardize/timestamp.js';
import { parseRating, RATING_ERROR, type RatingResult } from './standardize/rating.js';

const VOCABULARY_TYPES = new Set(['channel', 'category', 'urgency', 'rootCause', 'outcome', 'priority', 'complaintStatus', 'surveyMethod', 'boolean']);
const rating: RatingResult = { raw: 0, canonical: 0, scale: 'likert5' };

/** True when `value` can be read as a value of `spec`, or undefined when the type has no check (text, identifiers). */
function readable(spec: FieldSpec, value: string, vocabulary: VocabularyTables): boolean | undefined {
  if (VOCABULARY_TYPES.has(spec.type)) return vocabulary.lookupText(spec.type, value).code !== null;
  switch (spec.type) {
    case 'timestamp':
      return parseTimestamp(value, 'DMY', 50) !== null || parseTimestamp(value, 'MDY', 50) !== null || parseTimestamp(value, 'YMD', 50) !== null;
    case 'duration':
      return !Number.isNaN(parseDuration(value));
    case 'rating':
      return parseRating(value, 'likert5', rating) !== RATING_ERROR.notANumber;
    default:
      return undefined;
  }
}

/**
 * Whether the sampled values of `column` can mostly (at least half) be read as `field`; undefined when there
 * are fewer than two values or the field's type has no check.
 */
export function columnFits(kind: SourceKind, rows: readonly (readonly string[])[], vocabulary: VocabularyTables, column: number, field: string): boolean | undefined {
  const spec = FIELDS_BY_KIND[kind].find((f) => f.name === field);
  if (spec === undefined) return undefined;
  const values = rows.map((r) => r[column] ?? '').filter((v) => v !== '');
  if (values.length < 2) return undefined;
  const verdicts = values.map((v) => readable(spec, v, vocabulary));
  if (verdicts[0] === undefined) return undefined;
  return verdicts.filter((v) => v === true).length / values.length >= 0.5;
}

/**
 * The mapping without the columns whose sampled values mostly cannot be read as their field (see the module
 * header).
 * @param rows sampled data rows (trimmed text per column)
 */
export function dropImplausibleColumns(kind: SourceKind, mapping: ColumnMapping, rows: readonly (readonly string[])[], vocabulary: VocabularyTables): ColumnMapping {
  const specs = new Map(FIELDS_BY_KIND[kind].map((f) => [f.name, f]));
  const dropped: { header: string; field: string; note: string }[] = [];
  for (const used of mapping.used) {
    const spec = specs.get(used.field);
    // A required field keeps an alias-named column (its bad values become rejected rows with reasons); a
    // column it got by phrase only must show it ("Submitter" is no answer time).
    if (spec === undefined || (spec.required && used.via !== 'phrase')) continue;
    const weakAlias = used.via === 'alias' && VOCABULARY_TYPES.has(spec.type) && spec.type !== 'boolean' && headerWords(used.header).length === 1;
    if (!weakAlias && used.via !== 'phrase') continue;
    const values = rows.map((r) => r[used.column] ?? '').filter((v) => v !== '');
    if (values.length < (weakAlias ? 3 : 2)) continue;
    const verdicts = values.map((v) => readable(spec, v, vocabulary));
    if (verdicts[0] === undefined) continue;
    const known = verdicts.filter((v) => v === true).length;
    if (known / values.length >= 0.5) continue;
    // Sampled values are source text: a phone number in a misnamed column must not reach a note.
    const examples = [...new Set(values)].slice(0, 4).map((v) => `'${maskPersonalData(v.slice(0, 24))}'`).join(', ');
    dropped.push({
      header: used.header,
      field: used.field,
      note:
        `column '${used.header}' not mapped to '${used.field}': ${values.length - known} of ${values.length} sampled values (${examples}) ` +
        `cannot be read as ${used.field}; if it is the ${used.field}, map it in a profile: {"columns": {"${used.header}": "${used.field}"}}`,
    });
  }
  if (dropped.length === 0) return mapping;
  const gone = new Set(dropped.map((d) => d.header));
  const columns = new Map(mapping.columns);
  for (const d of dropped) columns.delete(d.field);
  return {
    ...mapping,
    columns,
    used: mapping.used.filter((u) => !gone.has(u.header)),
    unmapped: [...mapping.unmapped, ...gone],
    notes: [...mapping.notes, ...dropped.map((d) => d.note)],
  };
}
