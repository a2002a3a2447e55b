/**
 * Value evidence for a mapping: a column whose header is a single generic word ("State", "Type", "Source",
 * "Result") may name something else than the field its alias or phrase says — a US "State" column is not a
 * complaint's status. Such a column keeps its field only when its values look like that field's labels.
 *
 * Method: over the sampled data rows, the share of non-empty values the field's vocabulary (with the
 * profile's labels and the phrase rules) knows. Below half, with at least 5 values, the column is unmapped
 * and a note says why and how to map it anyway. Columns named by a profile or preset, multi-word headers
 * ("Complaint Type": the user gets the unknown labels to map instead) and required fields are left alone.
 */
import { FIELDS_BY_KIND, type SourceKind } from './fields.js';
import { headerWords } from './header-match.js';
import type { ColumnMapping } from './mapping.js';
import type { VocabularyTables } from './vocabulary-lookup.js';

const VOCABULARY_TYPES = new Set(['channel', 'category', 'urgency', 'rootCause', 'outcome', 'priority', 'complaintStatus', 'surveyMethod']);

/** Least sampled values for the evidence to count. */
const MIN_VALUES = 5;

/**
 * The mapping without the single-word vocabulary columns whose sampled values mostly are not labels of
 * their field.
 * @param rows sampled data rows (trimmed text per column)
 */
export function dropImplausibleColumns(kind: SourceKind, mapping: ColumnMapping, rows: readonly (readonly string[])[], vocabulary: VocabularyTables): ColumnMapping {
  const specs = new Map(FIELDS_BY_KIND[kind].map((f) => [f.name, f]));
  const dropped: { header: string; field: string; note: string }[] = [];
  for (const used of mapping.used) {
    const spec = specs.get(used.field);
    if (spec === undefined || spec.required || !VOCABULARY_TYPES.has(spec.type)) continue;
    if ((used.via !== 'alias' && used.via !== 'phrase') || headerWords(used.header).length !== 1) continue;
    const values = rows.map((r) => r[used.column] ?? '').filter((v) => v !== '');
    if (values.length < MIN_VALUES) continue;
    const known = values.filter((v) => vocabulary.lookupText(spec.type, v).code !== null).length;
    if (known / values.length >= 0.5) continue;
    const examples = [...new Set(values)].slice(0, 4).map((v) => `'${v.slice(0, 24)}'`).join(', ');
    dropped.push({
      header: used.header,
      field: used.field,
      note:
        `column '${used.header}' not mapped to '${used.field}': ${values.length - known} of ${values.length} sampled values (${examples}) ` +
        `are not ${used.field} labels; if it is the ${used.field}, map it in a profile: {"columns": {"${used.header}": "${used.field}"}}`,
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
