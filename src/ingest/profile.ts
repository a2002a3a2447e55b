/**
 * Mapping profiles: a JSON file (`--map FILE`) for exports whose headers servq does not recognise, or whose
 * values need declaring (rating scales, date order, extra vocabulary labels).
 *
 * @example
 * {
 *   "columns": { "呼入日期": "started_at", "Queue Secs": "wait_seconds" },
 *   "scales": { "overall": "scale10" },
 *   "dateFormat": "DMY",
 *   "vocabulary": { "channel": { "热线": "phone" } }
 * }
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RATING_SCALES } from './standardize/rating.js';
import { didYouMean } from './nearest-name.js';
import { FIELDS_BY_KIND } from './fields.js';
import { PROFILE_VOCABULARY_KEYS } from './vocabulary-lookup.js';

const scaleIds = Object.keys(RATING_SCALES) as [string, ...string[]];

export const ProfileSchema = z
  .object({
    /** Source header (exactly as in the file) → canonical field name. */
    columns: z.record(z.string(), z.string()).optional(),
    /** Survey item or complaint field → the rating scale its numbers are on. */
    scales: z.record(z.string(), z.enum(scaleIds)).optional(),
    /** Order of day and month in numeric dates whose year comes last. */
    dateFormat: z.enum(['DMY', 'MDY']).optional(),
    encoding: z.enum(['utf-8', 'gb18030', 'gbk', 'utf-16le', 'utf-16be']).optional(),
    delimiter: z.string().min(1).max(2).optional(),
    timeZone: z.string().optional(),
    /** Extra labels per vocabulary: { "channel": { "热线": "phone" } }. */
    vocabulary: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  })
  .strict();

export type MappingProfile = z.infer<typeof ProfileSchema>;

/**
 * Reads and validates a profile file.
 * @throws Error naming the file and every problem found
 */
export function readProfile(path: string): MappingProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not a readable JSON mapping profile (${(error as Error).message})`);
  }
  const parsed = ProfileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) =>
        i.code === 'unrecognized_keys'
          ? `${i.path.join('.') || '(top)'}: unknown key ${i.keys.map((k) => didYouMean(k, Object.keys(ProfileSchema.shape))).join(', ')}`
          : `${i.path.join('.') || '(top)'}: ${i.message}`,
      )
      .join('; ');
    throw new Error(
      `${path}: invalid mapping profile: ${problems}; a profile may have: ${Object.keys(ProfileSchema.shape).join(', ')} ` +
        '(see README, "Input formats")',
    );
  }
  const problems = sectionProblems(parsed.data);
  if (problems.length > 0) throw new Error(`${path}: invalid mapping profile: ${problems.join('; ')}`);
  return parsed.data;
}

/** Names inside sections that no field or vocabulary has: a misspelling would otherwise be ignored. */
function sectionProblems(profile: MappingProfile): string[] {
  const problems: string[] = [];
  const vocabularies = [...PROFILE_VOCABULARY_KEYS];
  for (const key of Object.keys(profile.vocabulary ?? {})) {
    if (!vocabularies.includes(key)) problems.push(`vocabulary: unknown section ${didYouMean(key, vocabularies)}; sections are ${vocabularies.join(', ')}`);
  }
  const ratingFields = [...new Set(Object.values(FIELDS_BY_KIND).flat().filter((f) => f.type === 'rating').map((f) => f.name))];
  for (const key of Object.keys(profile.scales ?? {})) {
    if (!ratingFields.includes(key)) problems.push(`scales: unknown rated item ${didYouMean(key, ratingFields)}; items are ${ratingFields.join(', ')}`);
  }
  return problems;
}
