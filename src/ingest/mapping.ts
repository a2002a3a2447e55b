/**
 * Column mapping: which source column feeds which canonical field. Recognised header names (English and
 * Chinese aliases in `fields.ts`) map by themselves; a mapping profile names the rest. Every decision is
 * returned so it can be recorded on the batch; nothing is guessed silently.
 */
import { FIELDS_BY_KIND, normalizeHeader, type FieldSpec, type SourceKind } from './fields.js';
import type { MappingProfile } from './profile.js';
import { maskPersonalData } from '../privacy/mask.js';
import { didYouMean, nearestNames } from './nearest-name.js';

export interface ColumnMapping {
  /** Field name → source column index. */
  readonly columns: ReadonlyMap<string, number>;
  /** Timestamp fields split over two columns (a date column and a time column): field → the time column. */
  readonly timeColumns: ReadonlyMap<string, number>;
  /** For the batch record: source header → field, and how it was matched. */
  readonly used: readonly { header: string; column: number; field: string; via: 'alias' | 'profile' | 'time part' }[];
  readonly unmapped: readonly string[];
}

const DATE_WORDS = /日期|date|day/i;
const TIME_WORDS = /时间|time|时刻/i;

/** True when one header names a date and the other a time of day (日期 + 时间, date + time). */
function isDateTimePair(dateHeader: string, timeHeader: string): boolean {
  return DATE_WORDS.test(dateHeader) && TIME_WORDS.test(timeHeader) && !DATE_WORDS.test(timeHeader);
}

/** A mapping problem that stops the file: the message lists what was found and how to fix it. */
export class MappingError extends Error {
  override name = 'MappingError';
}

function aliasIndex(fields: readonly FieldSpec[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const field of fields) {
    for (const alias of [field.name, ...field.aliases]) {
      const key = normalizeHeader(alias);
      if (!index.has(key)) index.set(key, field.name);
    }
  }
  return index;
}

const ALIAS_INDEX = new Map<SourceKind, Map<string, string>>(
  (Object.keys(FIELDS_BY_KIND) as SourceKind[]).map((kind) => [kind, aliasIndex(FIELDS_BY_KIND[kind])]),
);

/** How many of `headers` map to a field of `kind` (used to find the header row and the delimiter). */
export function headerScore(kind: SourceKind, headers: readonly string[], profile?: MappingProfile): number {
  const index = ALIAS_INDEX.get(kind)!;
  const fromProfile = profile?.columns ?? {};
  let score = 0;
  for (const header of headers) if (Object.hasOwn(fromProfile, header.trim()) || index.has(normalizeHeader(header))) score++;
  return score;
}

function shortList(items: readonly string[], max = 12): string {
  // "Headers" can be a data row (a file without a header): never echo personal data.
  const shown = items.slice(0, max).map((h) => (h === '' ? '(empty)' : maskPersonalData(h)));
  return shown.join(', ') + (items.length > max ? `, … (${items.length} in all)` : '');
}

/**
 * Maps a header row to the fields of `kind`.
 * @throws MappingError on a field fed by two columns, a profile naming an unknown field, or a missing
 *   required field
 */
export function mapColumns(
  kind: SourceKind,
  headers: readonly string[],
  profile?: MappingProfile,
  /** False for JSON, whose keys are sampled from the first objects: a profile's key may appear later. */
  profileColumnsMustExist = true,
): ColumnMapping {
  const fields = FIELDS_BY_KIND[kind];
  const known = new Set(fields.map((f) => f.name));
  const index = ALIAS_INDEX.get(kind)!;
  const fromProfile = profile?.columns ?? {};
  const present = new Set(headers.map((h) => h.trim()));
  for (const [header, field] of Object.entries(fromProfile)) {
    if (profileColumnsMustExist && !present.has(header)) {
      throw new MappingError(
        `the mapping profile names column ${didYouMean(header, headers.map((h) => h.trim()))} for '${field}', but the file has no such column; ` +
          `its columns are: ${shortList(headers)}`,
      );
    }
    if (!known.has(field)) {
      const near = nearestNames(field, [...known]);
      throw new MappingError(
        `the mapping profile maps '${header}' to '${field}', which is not a ${kind} field` +
          `${near.length > 0 ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}; fields are: ${[...known].join(', ')}`,
      );
    }
  }
  const columns = new Map<string, number>();
  const timeColumns = new Map<string, number>();
  const used: { header: string; column: number; field: string; via: 'alias' | 'profile' | 'time part' }[] = [];
  const unmapped: string[] = [];
  // A field the profile assigns is fed only by the profile's columns: aliases do not compete with it.
  const profileFields = new Set(Object.values(fromProfile));
  const types = new Map(fields.map((f) => [f.name, f.type]));
  headers.forEach((raw, column) => {
    const header = raw.trim();
    const viaProfile = Object.hasOwn(fromProfile, header) ? fromProfile[header] : undefined;
    const alias = viaProfile === undefined ? index.get(normalizeHeader(header)) : undefined;
    const field = viaProfile ?? (alias !== undefined && !profileFields.has(alias) ? alias : undefined);
    if (field === undefined) {
      unmapped.push(header);
      return;
    }
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      const first = headers[earlier]!.trim();
      // A date column and a time column for one timestamp: read together ("2026-01-05" + "09:00:01").
      if (types.get(field) === 'timestamp' && !timeColumns.has(field)) {
        const bothFromProfile = viaProfile !== undefined && Object.hasOwn(fromProfile, first) && fromProfile[first] === field;
        if (bothFromProfile || isDateTimePair(first, header)) {
          timeColumns.set(field, column);
          used.push({ header, column, field, via: 'time part' });
          return;
        }
        if (isDateTimePair(header, first)) {
          timeColumns.set(field, earlier);
          columns.set(field, column);
          const previous = used.find((u) => u.column === earlier)!;
          previous.via = 'time part';
          used.push({ header, column, field, via: viaProfile ? 'profile' : 'alias' });
          return;
        }
      }
      throw new MappingError(
        first === header
          ? `the header '${header}' appears twice (columns ${earlier + 1} and ${column + 1}); rename one, or map them with --map FILE`
          : `columns ${earlier + 1} ('${first}') and ${column + 1} ('${header}') both map to '${field}'; ` +
              'say which one to use in a mapping profile (--map FILE)',
      );
    }
    columns.set(field, column);
    used.push({ header, column, field, via: viaProfile ? 'profile' : 'alias' });
  });
  const missing = fields.filter((f) => f.required && !columns.has(f.name));
  if (missing.length > 0) {
    const wanted = missing
      .map((f) => `'${f.name}' (e.g. ${f.aliases.slice(0, 2).concat(f.aliases.filter((a) => /[^\x00-\x7f]/.test(a)).slice(0, 2)).join(', ')})`)
      .join(', ');
    throw new MappingError(
      `no column for ${wanted}; found: ${shortList(headers)}; add a mapping profile with --map FILE`,
    );
  }
  if (kind === 'surveys' && !fields.some((f) => f.type === 'rating' && columns.has(f.name))) {
    throw new MappingError(
      `no rating column (e.g. 满意度, satisfaction, nps); found: ${shortList(headers)}; add a mapping profile with --map FILE`,
    );
  }
  return { columns, timeColumns, used, unmapped };
}
