/**
 * Column mapping: which source column feeds which canonical field. In order of evidence: a mapping profile
 * (`--map`), a vendor preset (presets.ts), exact aliases (English and Chinese, `fields.ts`), then phrases
 * (the words a header says, header-match.ts). Every decision is returned with its evidence so it can be
 * recorded on the batch; ties are refused, never guessed.
 */
import { FIELDS_BY_KIND, normalizeHeader, type FieldSpec, type SourceKind } from './fields.js';
import type { MappingProfile } from './profile.js';
import { matchPhrases } from './header-match.js';
import { loadPresets, mergeProfiles, presetHeaderKey, type Preset } from './presets.js';
import { maskPersonalData } from '../privacy/mask.js';
import { didYouMean, nearestNames } from './nearest-name.js';

/** How a column's field was decided (recorded per column on the batch). */
export type MappingVia = 'alias' | 'phrase' | 'preset' | 'profile' | 'time part';

/** One mapped column and the evidence for it. */
export interface UsedColumn {
  header: string;
  column: number;
  field: string;
  via: MappingVia;
  /** For phrase matches: the words that matched and the score ("words 'queue' 'time' (2)"). */
  evidence?: string;
}

export interface ColumnMapping {
  /** Field (or declared item) name → source column index. */
  readonly columns: ReadonlyMap<string, number>;
  /** Timestamp fields split over two columns (a date column and a time column): field → the time column. */
  readonly timeColumns: ReadonlyMap<string, number>;
  /** For the batch record: source header → field, and how it was matched. */
  readonly used: readonly UsedColumn[];
  readonly unmapped: readonly string[];
  /** Fields fed by a profile constant instead of a column: field → its text. */
  readonly constants: ReadonlyMap<string, string>;
  /** What was decided against a guess (ties, ignored columns): for the batch record and `inspect`. */
  readonly notes: readonly string[];
  /** Required fields no column or constant feeds (only when mapped leniently, for `inspect`). */
  readonly missing: readonly string[];
  /** Headers a profile or preset maps to "ignore". */
  readonly ignored: readonly string[];
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

/** True when the header names a field of `kind` by one of its aliases. */
export function isAlias(kind: SourceKind, header: string): boolean {
  return ALIAS_INDEX.get(kind)!.has(normalizeHeader(header));
}

/**
 * How many of `headers` map to a field of `kind` by alias or profile, or belong to a vendor preset's
 * signature (the best preset counts): used to find the header row and the delimiter.
 */
export function headerScore(kind: SourceKind, headers: readonly string[], profile?: MappingProfile, presets: readonly Preset[] = loadPresets()): number {
  const index = ALIAS_INDEX.get(kind)!;
  const fromProfile = profile?.columns ?? {};
  let score = 0;
  for (const header of headers) if (Object.hasOwn(fromProfile, header.trim()) || index.has(normalizeHeader(header))) score++;
  const keys = new Set(headers.map(presetHeaderKey));
  let best = 0;
  for (const preset of presets) {
    if (preset.kind !== kind) continue;
    let n = 0;
    for (const c of preset.detect.columns) if (keys.has(presetHeaderKey(c))) n++;
    if (n >= preset.detect.minMatches && n > best) best = n;
  }
  return Math.max(score, best);
}

function shortList(items: readonly string[], max = 12): string {
  // "Headers" can be a data row (a file without a header): never echo personal data.
  const shown = items.slice(0, max).map((h) => (h === '' ? '(empty)' : maskPersonalData(h)));
  return shown.join(', ') + (items.length > max ? `, … (${items.length} in all)` : '');
}

/** Where a header's explicit target came from. */
interface Explicit {
  readonly target: string;
  readonly via: 'profile' | 'preset';
}

/**
 * Maps a header row to the fields of `kind`, in order of evidence: the user's profile, then the preset, then
 * exact aliases, then phrases (header-match.ts); `"ignore"` keeps a column out of all of them; a constant
 * feeds a field no column feeds.
 * @param profile the user's profile (`--map`): its columns must exist in the file (unless `profileColumnsMustExist` is false, for JSON)
 * @param preset a vendor preset: its columns may be absent (exports are configurable)
 * @throws MappingError on a field fed by two columns, a profile naming an unknown field, or a missing
 *   required field
 */
export function mapColumns(
  kind: SourceKind,
  headers: readonly string[],
  profile?: MappingProfile,
  /** False for JSON, whose keys are sampled from the first objects: a profile's key may appear later. */
  profileColumnsMustExist = true,
  preset?: Preset,
  /** True for `inspect`: a missing required field is reported in `missing`, not thrown. */
  lenient = false,
  /** Whether a column's sampled values can be read as a field (undefined: no evidence), to settle two aliases. */
  plausible?: (column: number, field: string) => boolean | undefined,
): ColumnMapping {
  const fields = FIELDS_BY_KIND[kind];
  const merged = preset === undefined ? profile : mergeProfiles(preset.profile, profile);
  const items = kind === 'surveys' ? Object.keys(merged?.items ?? {}) : [];
  const known = new Set([...fields.map((f) => f.name), ...items]);
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
    if (!known.has(field) && field !== IGNORE) {
      const near = nearestNames(field, [...known, IGNORE]);
      throw new MappingError(
        `the mapping profile maps '${header}' to '${field}', which is not a ${kind} field${kind === 'surveys' ? ' or declared item' : ''}` +
          `${near.length > 0 ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}; fields are: ${[...known].join(', ')} (or "ignore")`,
      );
    }
  }
  // The user's columns by exact header; the preset's by the form detection compares (case, spacing and
  // punctuation aside: the same export as JSON writes snake_case keys). A field the user assigns is not the
  // preset's to assign.
  const userTargets = new Set(Object.values(fromProfile));
  const presetColumns = new Map<string, Explicit>();
  for (const [header, target] of Object.entries(preset?.profile.columns ?? {})) {
    if ((known.has(target) && !userTargets.has(target)) || target === IGNORE) {
      const key = presetHeaderKey(header);
      if (!presetColumns.has(key)) presetColumns.set(key, { target, via: 'preset' });
    }
  }
  const explicitFor = (header: string): Explicit | undefined => {
    const own = fromProfile[header];
    if (own !== undefined && Object.hasOwn(fromProfile, header)) return { target: own, via: 'profile' };
    return presetColumns.get(presetHeaderKey(header));
  };
  const explicit = new Map<string, Explicit>();
  for (const raw of headers) {
    const ex = explicitFor(raw.trim());
    if (ex !== undefined) explicit.set(raw.trim(), ex);
  }

  const constants = new Map<string, string>();
  for (const [field, value] of Object.entries(merged?.constants ?? {})) {
    if (!known.has(field)) throw new MappingError(`the profile's constants name '${field}', which is not a ${kind} field`);
    constants.set(field, value);
  }
  const notes: string[] = [];
  const ignored: string[] = [];
  const columns = new Map<string, number>();
  const timeColumns = new Map<string, number>();
  const used: UsedColumn[] = [];
  const open: number[] = [];
  // A field the profile or preset assigns (or a constant feeds) is fed only by those: aliases and phrases do
  // not compete with it.
  const explicitFields = new Set([...[...explicit.values()].map((e) => e.target), ...constants.keys()]);
  const types = new Map(fields.map((f) => [f.name, f.type]));
  headers.forEach((raw, column) => {
    const header = raw.trim();
    const ex = explicit.get(header);
    if (ex?.target === IGNORE) {
      ignored.push(header);
      notes.push(`column '${header}' ignored (${ex.via})`);
      return;
    }
    if (ex !== undefined && constants.has(ex.target)) {
      if (ex.via === 'profile') throw new MappingError(`the profile maps column '${header}' to '${ex.target}' and also gives '${ex.target}' a constant; keep one`);
      return;
    }
    const alias = ex === undefined ? index.get(normalizeHeader(header)) : undefined;
    if (ex === undefined && alias !== undefined && explicitFields.has(alias)) {
      if (constants.has(alias)) notes.push(`column '${header}' not used: '${alias}' is a constant in the profile`);
      open.push(column);
      return;
    }
    const field = ex?.target ?? alias;
    if (field === undefined) {
      open.push(column);
      return;
    }
    const via: MappingVia = ex?.via ?? 'alias';
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      const first = headers[earlier]!.trim();
      // A date column and a time column for one timestamp: read together ("2026-01-05" + "09:00:01").
      if (types.get(field) === 'timestamp' && !timeColumns.has(field)) {
        const firstEx = explicit.get(first);
        const bothExplicit = ex !== undefined && firstEx !== undefined && firstEx.target === field;
        if (bothExplicit || isDateTimePair(first, header)) {
          timeColumns.set(field, column);
          used.push({ header, column, field, via: 'time part' });
          return;
        }
        if (isDateTimePair(header, first)) {
          timeColumns.set(field, earlier);
          columns.set(field, column);
          const previous = used.find((u) => u.column === earlier)!;
          previous.via = 'time part';
          used.push({ header, column, field, via });
          return;
        }
      }
      if (ex !== undefined && ex.via === 'preset' && explicit.get(first)?.via === 'preset') {
        // A preset lists several spellings of one column across the vendor's versions: the first present wins.
        notes.push(`column '${header}' not used: '${field}' is already fed by '${first}' (preset)`);
        open.push(column);
        return;
      }
      // Two aliases for one field: the values decide when exactly one column's can be read as the field
      // ("Solved at" holds times, Zendesk's "Resolution time" minutes).
      const firstFits = plausible?.(earlier, field);
      const thisFits = plausible?.(column, field);
      if (via === 'alias' && used.find((u) => u.column === earlier)?.via === 'alias' && firstFits !== undefined && firstFits !== thisFits) {
        const [keep, drop] = firstFits ? [first, header] : [header, first];
        notes.push(`columns '${first}' and '${header}' both name '${field}'; the values of '${keep}' read as ${field}, those of '${drop}' do not: '${drop}' not mapped`);
        if (thisFits) {
          const index = used.findIndex((u) => u.column === earlier);
          used.splice(index, 1);
          open.push(earlier);
          columns.set(field, column);
          used.push({ header, column, field, via });
        } else {
          open.push(column);
        }
        return;
      }
      const message =
        first === header
          ? `the header '${header}' appears twice (columns ${earlier + 1} and ${column + 1}); rename one, or map them with --map FILE`
          : `columns ${earlier + 1} ('${first}') and ${column + 1} ('${header}') both map to '${field}'; ` +
            'say which one to use in a mapping profile (--map FILE)';
      if (!lenient) throw new MappingError(message);
      notes.push(`${message}: '${header}' not mapped`);
      open.push(column);
      return;
    }
    columns.set(field, column);
    used.push({ header, column, field, via });
  });

  // Phrases, for the columns still open and the fields still free.
  const free = new Set(fields.map((f) => f.name).filter((f) => !columns.has(f) && !constants.has(f) && !explicitFields.has(f)));
  const phrased = matchPhrases(kind, open.map((column) => ({ column, header: headers[column]!.trim() })), free);
  for (const m of phrased.matches) {
    columns.set(m.field, m.column);
    used.push({ header: m.header, column: m.column, field: m.field, via: 'phrase', evidence: m.evidence });
  }
  notes.push(...phrased.notes);
  const taken = new Set(used.map((u) => u.column));
  const unmapped = headers.map((h) => h.trim()).filter((_, column) => !taken.has(column));
  used.sort((a, b) => a.column - b.column);

  const missing = fields.filter((f) => f.required && !columns.has(f.name) && !constants.has(f.name));
  if (missing.length > 0) {
    const wanted = missing
      .map((f) => `'${f.name}' (e.g. ${f.aliases.slice(0, 2).concat(f.aliases.filter((a) => /[^\x00-\x7f]/.test(a)).slice(0, 2)).join(', ')})`)
      .join(', ');
    const ambiguous = phrased.notes.filter((n) => missing.some((f) => n.includes(`'${f.name}'`)));
    const constantable = missing.filter((f) => f.type === 'channel' || (kind === 'surveys' && f.name === 'answered_at'));
    const message =
      `no column for ${wanted}; found: ${shortList(headers)}` +
      (ambiguous.length > 0 ? `; ${ambiguous.join('; ')}` : '') +
      `; map a column in a profile (--map FILE: {"columns": {"<header>": "${missing[0]!.name}"}})` +
      // A constant suits what one export shares (a phone-only log's channel, a survey wave's date), never the
      // time of each call or complaint.
      (constantable.length > 0 ? `, or, when the export lacks it, give a constant: {"constants": {${constantable.map((f) => `"${f.name}": "${f.type === 'timestamp' ? '2026-03-31' : 'phone'}"`).join(', ')}}}` : '');
    if (!lenient) throw new MappingError(`${message}; \`servq inspect FILE --kind ${kind} --write-profile P\` writes a profile to edit`);
    notes.push(message);
  }
  if (kind === 'surveys' && !fields.some((f) => f.type === 'rating' && (columns.has(f.name) || constants.has(f.name))) && !items.some((i) => columns.has(i))) {
    if (lenient) {
      notes.push('no rating column: map the rated questions in a profile ({"columns": {"<question>": "overall"}}, or declare your own items in "items")');
      return { columns, timeColumns, used, unmapped, constants, notes, missing: [...missing.map((f) => f.name), 'a rating column'], ignored };
    }
    throw new MappingError(
      `no rating column (e.g. 满意度, satisfaction, nps); found: ${shortList(headers)}; map the rated questions in a profile ` +
        '(--map FILE: {"columns": {"<question>": "overall"}}, or declare your own items in "items"); ' +
        '`servq inspect FILE --kind surveys --write-profile P` writes one to edit',
    );
  }
  return { columns, timeColumns, used, unmapped, constants, notes, missing: missing.map((f) => f.name), ignored };
}

/** The profile value that keeps a column unmapped. */
export const IGNORE = 'ignore';
