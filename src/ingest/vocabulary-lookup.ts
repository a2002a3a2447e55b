/**
 * Controlled-vocabulary lookups for the row writer: the standardizers of `standardize/vocabulary.ts` plus a
 * profile's extra labels, memoised per distinct source label. Labels repeat millions of times in a call log
 * ("电话", "phone"), so the cache turns a normalise-and-match into one `latin1Slice` and one Map hit.
 */
import { ByteCache } from './byte-cache.js';
import { maskPersonalData } from '../privacy/mask.js';
import type { FieldType } from './fields.js';
import type { MappingProfile } from './profile.js';
import { builtInLabelRules, matchLabelRules, type LabelRule } from './label-rules.js';
import {
  CALL_OUTCOMES,
  CHANNELS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATUSES,
  PRIORITIES,
  ROOT_CAUSES,
  SURVEY_METHODS,
  URGENCY_LEVELS,
  standardizeBoolean,
  standardizeCategory,
  standardizeChannel,
  standardizeComplaintStatus,
  standardizeOutcome,
  standardizePriority,
  standardizeRootCause,
  standardizeSurveyMethod,
  standardizeUrgency,
} from './standardize/vocabulary.js';

interface Vocabulary {
  readonly codes: readonly string[];
  readonly standardize: (text: string) => string | null;
}

const VOCABULARIES: Partial<Record<FieldType, Vocabulary>> = {
  channel: { codes: CHANNELS, standardize: standardizeChannel },
  category: { codes: COMPLAINT_CATEGORIES, standardize: standardizeCategory },
  urgency: { codes: URGENCY_LEVELS, standardize: standardizeUrgency },
  rootCause: { codes: ROOT_CAUSES, standardize: standardizeRootCause },
  outcome: { codes: CALL_OUTCOMES, standardize: standardizeOutcome },
  priority: { codes: PRIORITIES, standardize: standardizePriority },
  complaintStatus: { codes: COMPLAINT_STATUSES, standardize: standardizeComplaintStatus },
  surveyMethod: { codes: SURVEY_METHODS, standardize: standardizeSurveyMethod },
  boolean: {
    codes: ['t', 'f'],
    standardize: (text) => {
      const value = standardizeBoolean(text);
      if (value !== null) return value ? 't' : 'f';
      // A count where a yes/no is expected (Zendesk's "Reopens", a transfer count): yes when above 0.
      return /^\s*\d{1,6}\s*$/.test(text) ? 't' : null;
    },
  },
};

/** The profile's vocabulary keys, named after field types; `impact` shares `urgency`'s levels. */
const PROFILE_KEYS: Partial<Record<FieldType, string>> = { rootCause: 'root_cause', complaintStatus: 'status', surveyMethod: 'method' };

/** The section names a profile's `vocabulary` may have. */
export const PROFILE_VOCABULARY_KEYS: readonly string[] = Object.keys(VOCABULARIES).map((type) => PROFILE_KEYS[type as FieldType] ?? type);

/** The profile's `vocabulary` section for a field type (e.g. rootCause → root_cause). */
export function profileVocabularyKey(type: FieldType): string {
  return PROFILE_KEYS[type] ?? type;
}

/** How a label got its code (recorded on the batch, shown by `inspect`). */
export type LabelVia = 'built-in' | 'profile' | `rule '${string}' (${'built-in' | 'profile'})` | 'unknown' | `ambiguous: ${string}`;

/** A memoised label: its code (UTF-8, null when unknown), how it was found, and the rows holding it. */
export interface LabelEntry {
  readonly code: Uint8Array | null;
  readonly via: LabelVia;
  rows: number;
}

/** Distinct labels per vocabulary kept with their rows for the batch record (the rest are counted together). */
export const MAX_RECORDED_LABELS = 10_000;

export class VocabularyTables {
  /** Per type: source label bytes → entry (a memo: it clears itself when full). */
  readonly caches = new Map<FieldType, ByteCache<LabelEntry>>();
  /**
   * Per type: label text → entry, the record of labels met and their rows (the entries the cache holds, kept
   * when the cache clears), the first MAX_RECORDED_LABELS per type (a free-text column is no vocabulary).
   */
  readonly recorded = new Map<FieldType, Map<string, LabelEntry>>();
  private readonly extra = new Map<FieldType, Map<string, string>>();
  private readonly rules = new Map<FieldType, readonly LabelRule[]>();

  /**
   * @throws Error when the profile maps a label (or a rule) to a code that is not in the vocabulary
   */
  constructor(profile?: MappingProfile) {
    const builtIn = builtInLabelRules();
    for (const [type, vocabulary] of Object.entries(VOCABULARIES) as [FieldType, Vocabulary][]) {
      this.caches.set(type, new ByteCache());
      this.recorded.set(type, new Map());
      const key = PROFILE_KEYS[type] ?? type;
      const own = (profile?.labelRules?.[key] ?? []).map((r) => ({ ...r, source: 'profile' as const }));
      for (const rule of own) {
        if (!vocabulary.codes.includes(rule.code)) {
          throw new Error(`mapping profile: labelRules.${key} maps '${rule.contains}' to '${rule.code}'; codes are ${vocabulary.codes.join(', ')}`);
        }
      }
      this.rules.set(type, [...own, ...(builtIn.get(key) ?? [])]);
      const labels = profile?.vocabulary?.[key];
      if (!labels) continue;
      const map = new Map<string, string>();
      for (const [label, code] of Object.entries(labels)) {
        if (!vocabulary.codes.includes(code)) {
          throw new Error(`mapping profile: vocabulary.${key} maps '${label}' to '${code}'; codes are ${vocabulary.codes.join(', ')}`);
        }
        map.set(label.normalize('NFKC').trim().toLowerCase(), code);
      }
      this.extra.set(type, map);
    }
  }

  /** The labels met so far and the code each became (null: unknown), per vocabulary — recorded on the batch. */
  labels(): Record<string, Record<string, string | null>> {
    const result: Record<string, Record<string, string | null>> = {};
    for (const [type, recorded] of this.recorded) {
      const seen: Record<string, string | null> = {};
      // Labels are source text: a phone number typed into a channel column must not reach the batch record.
      for (const [label, entry] of recorded) seen[maskPersonalData(label)] = entry.code === null ? null : Buffer.from(entry.code).toString('utf8');
      if (Object.keys(seen).length > 0) result[type] = seen;
    }
    return result;
  }

  /** Every label met per vocabulary with its code, how it was decided and its rows (for `inspect`). */
  evidence(): Record<string, { label: string; code: string | null; via: LabelVia; rows: number }[]> {
    const result: Record<string, { label: string; code: string | null; via: LabelVia; rows: number }[]> = {};
    for (const [type, recorded] of this.recorded) {
      const list = [...recorded].map(([label, e]) => ({ label: maskPersonalData(label), code: e.code === null ? null : Buffer.from(e.code).toString('utf8'), via: e.via, rows: e.rows }));
      if (list.length > 0) result[type] = list.sort((a, b) => b.rows - a.rows);
    }
    return result;
  }

  /** Rows decided by each phrase rule, per vocabulary section: `"态度 → staff_attitude (built-in)": 12` — recorded on the batch. */
  ruleHits(): Record<string, Record<string, number>> {
    const result: Record<string, Record<string, number>> = {};
    for (const [type, recorded] of this.recorded) {
      for (const e of recorded.values()) {
        if (!e.via.startsWith('rule ')) continue;
        const section = (result[PROFILE_KEYS[type] ?? type] ??= {});
        const rule = `${e.via.slice(5)} → ${e.code === null ? '' : Buffer.from(e.code).toString('utf8')}`;
        section[rule] = (section[rule] ?? 0) + e.rows;
      }
    }
    return result;
  }

  /** The codes of a vocabulary, for messages. */
  known(type: FieldType): string {
    return (VOCABULARIES[type]?.codes ?? []).join(', ');
  }

  /**
   * Standardizes text of `type` (a vocabulary or boolean), in order: the profile's labels, the built-in table
   * (with its bracket and suffix rules), then phrase rules (profile's first). Null code: unknown.
   */
  lookupText(type: FieldType, text: string): { code: string | null; via: LabelVia } {
    const extra = this.extra.get(type)?.get(text.normalize('NFKC').trim().toLowerCase());
    if (extra !== undefined) return { code: extra, via: 'profile' };
    const code = VOCABULARIES[type]!.standardize(text);
    if (code !== null) return { code, via: 'built-in' };
    const rules = this.rules.get(type) ?? [];
    if (rules.length === 0) return { code: null, via: 'unknown' };
    const match = matchLabelRules(text, rules);
    if (match.code !== null) return { code: match.code, via: `rule '${match.rules[0]!.contains}' (${match.rules[0]!.source})` };
    if (match.rules.length > 0) return { code: null, via: `ambiguous: ${match.rules.map((r) => `'${r.contains}' → ${r.code}`).join(', ')}` };
    return { code: null, via: 'unknown' };
  }
}

const encoder = new TextEncoder();

/**
 * Standardizes the bytes `buf[start, end)` (trimmed UTF-8) as a `type` label, memoised per distinct label
 * (phrase rules run once per label, never per row); counts the rows; the code's bytes or null.
 */
export function lookupVocabulary(tables: VocabularyTables, type: FieldType, buf: Buffer, start: number, end: number): Uint8Array | null {
  const cache = tables.caches.get(type)!;
  let entry = cache.get(buf, start, end);
  if (entry === undefined) {
    // A miss: a new label, or one the memo dropped when it filled up (its record, and its rows, stay).
    const text = buf.toString('utf8', start, end);
    const recorded = tables.recorded.get(type)!;
    entry = recorded.get(text);
    if (entry === undefined) {
      const found = tables.lookupText(type, text);
      entry = { code: found.code === null ? null : encoder.encode(found.code), via: found.via, rows: 0 };
      if (recorded.size < MAX_RECORDED_LABELS) recorded.set(text, entry);
    }
    cache.set(buf, start, end, entry);
  }
  entry.rows++;
  return entry.code;
}
