/**
 * Controlled-vocabulary lookups for the row writer: the standardizers of `standardize/vocabulary.ts` plus a
 * profile's extra labels, memoised per distinct source label. Labels repeat millions of times in a call log
 * ("电话", "phone"), so the cache turns a normalise-and-match into one `latin1Slice` and one Map hit.
 */
import { ByteCache } from './byte-cache.js';
import { maskPersonalData } from '../privacy/mask.js';
import type { FieldType } from './fields.js';
import type { MappingProfile } from './profile.js';
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
      return value === null ? null : value ? 't' : 'f';
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

export class VocabularyTables {
  /** Per type: source label bytes → code as UTF-8 bytes (null: unknown label). */
  readonly caches = new Map<FieldType, ByteCache<Uint8Array | null>>();
  private readonly extra = new Map<FieldType, Map<string, string>>();

  /**
   * @throws Error when the profile maps a label to a code that is not in the vocabulary
   */
  constructor(profile?: MappingProfile) {
    for (const [type, vocabulary] of Object.entries(VOCABULARIES) as [FieldType, Vocabulary][]) {
      this.caches.set(type, new ByteCache());
      const key = PROFILE_KEYS[type] ?? type;
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
    for (const [type, cache] of this.caches) {
      const seen: Record<string, string | null> = {};
      // Labels are source text: a phone number typed into a channel column must not reach the batch record.
      for (const [label, code] of cache.entries()) seen[maskPersonalData(label)] = code === null ? null : Buffer.from(code).toString('utf8');
      if (Object.keys(seen).length > 0) result[type] = seen;
    }
    return result;
  }

  /** The codes of a vocabulary, for messages. */
  known(type: FieldType): string {
    return (VOCABULARIES[type]?.codes ?? []).join(', ');
  }

  /** Standardizes text of `type` (a vocabulary or boolean); null when the label is unknown. */
  lookupText(type: FieldType, text: string): string | null {
    const extra = this.extra.get(type)?.get(text.normalize('NFKC').trim().toLowerCase());
    if (extra !== undefined) return extra;
    return VOCABULARIES[type]!.standardize(text);
  }
}

const encoder = new TextEncoder();

/** Standardizes the bytes `buf[start, end)` (trimmed UTF-8) as a `type` label, memoised; the code's bytes or null. */
export function lookupVocabulary(tables: VocabularyTables, type: FieldType, buf: Buffer, start: number, end: number): Uint8Array | null {
  const cache = tables.caches.get(type)!;
  let code = cache.get(buf, start, end);
  if (code === undefined) {
    const text = tables.lookupText(type, buf.toString('utf8', start, end));
    code = text === null ? null : encoder.encode(text);
    cache.set(buf, start, end, code);
  }
  return code;
}
