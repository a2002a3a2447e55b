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

/** SERVQUAL's five dimensions (Parasuraman, Zeithaml & Berry 1988), for items that measure one. */
export const SERVQUAL_DIMENSIONS = ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy'] as const;

/** A scale given by its labels: each label is a point of `scale` ("satisfied" = 1 on binary). */
const LabelScaleSchema = z
  .object({
    scale: z.enum(scaleIds),
    labels: z.record(z.string(), z.number()),
  })
  .strict();

/** A survey item beyond the built-in ones (an airline asks 14, SERVQUAL 22). */
const ItemSchema = z
  .object({
    label: z.string().optional(),
    scale: z.union([z.enum(scaleIds), LabelScaleSchema]).optional(),
    servqual: z.enum(SERVQUAL_DIMENSIONS).optional(),
    /** `lower_better` for effort-like items: the canonical value is reversed so that 5 is always best. */
    direction: z.enum(['higher_better', 'lower_better']).optional(),
  })
  .strict();

/** A phrase rule: a label containing `contains` (normalised) gets `code`. */
const LabelRuleSchema = z.object({ contains: z.string().min(1), code: z.string().min(1) }).strict();

export const ProfileSchema = z
  .object({
    /** Source header (exactly as in the file) → canonical field name, a declared item code, or "ignore". */
    columns: z.record(z.string(), z.string()).optional(),
    /** A value for a field the export lacks, read as that field's column would be ("channel": "phone"). */
    constants: z.record(z.string(), z.string()).optional(),
    /** Survey items beyond the built-in ones: code → label, scale, SERVQUAL dimension, direction. */
    items: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'an item code is lower-case letters, digits and _'), ItemSchema).optional(),
    /** Survey item or complaint field → the rating scale its numbers are on, or a label scale. */
    scales: z.record(z.string(), z.union([z.enum(scaleIds), LabelScaleSchema])).optional(),
    /** Answers that mean "no answer", per item or field ("*": every rated item). */
    missingCodes: z.record(z.string(), z.array(z.string())).optional(),
    /** Duration field → the unit its plain numbers are in (default: from the header, else seconds). */
    durationUnits: z.record(z.string(), z.enum(['milliseconds', 'seconds', 'minutes', 'hours'])).optional(),
    /** Order of day and month (and year, for two-digit years) in numeric dates. */
    dateFormat: z.enum(['DMY', 'MDY', 'YMD']).optional(),
    /** Two-digit years: yy below the pivot are 20yy, the others 19yy. */
    twoDigitYearPivot: z.number().int().min(0).max(99).optional(),
    /** Lines between the header and the first data row (a second header row of question labels). */
    skipLinesAfterHeader: z.number().int().min(0).max(20).optional(),
    encoding: z.enum(['utf-8', 'gb18030', 'gbk', 'utf-16le', 'utf-16be']).optional(),
    delimiter: z.string().min(1).max(2).optional(),
    timeZone: z.string().optional(),
    /** Extra labels per vocabulary: { "channel": { "热线": "phone" } }. */
    vocabulary: z.record(z.string(), z.record(z.string(), z.string())).optional(),
    /** Phrase rules per vocabulary: { "root_cause": [{ "contains": "态度", "code": "staff_attitude" }] }. */
    labelRules: z.record(z.string(), z.array(LabelRuleSchema)).optional(),
    /** What `servq inspect --write-profile` could not decide; ignored by ingest. */
    unresolved: z
      .object({ columns: z.array(z.string()).optional(), labels: z.record(z.string(), z.array(z.string())).optional(), notes: z.array(z.string()).optional() })
      .strict()
      .optional(),
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
  return parseProfile(json, path);
}

/** Why the profile file at `path` cannot be used (readProfile's message), or undefined when it can. */
export function profileProblem(path: string): string | undefined {
  try {
    readProfile(path);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Validates a profile object (`where` names it in messages: a file, or a preset).
 * @throws Error naming `where` and every problem found
 */
export function parseProfile(json: unknown, where: string): MappingProfile {
  const path = where;
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
  for (const section of ['vocabulary', 'labelRules'] as const) {
    for (const key of Object.keys(profile[section] ?? {})) {
      if (!vocabularies.includes(key)) problems.push(`${section}: unknown section ${didYouMean(key, vocabularies)}; sections are ${vocabularies.join(', ')}`);
    }
  }
  const allFields = Object.values(FIELDS_BY_KIND).flat();
  const declared = Object.keys(profile.items ?? {});
  const ratingFields = [...new Set(allFields.filter((f) => f.type === 'rating').map((f) => f.name)), ...declared];
  for (const key of declared) {
    if (allFields.some((f) => f.name === key)) problems.push(`items: '${key}' is a built-in field; declare only items beyond the built-in ones (its scale goes in "scales")`);
  }
  for (const key of Object.keys(profile.scales ?? {})) {
    if (!ratingFields.includes(key)) problems.push(`scales: unknown rated item ${didYouMean(key, ratingFields)}; items are ${ratingFields.join(', ')}`);
  }
  const fieldNames = [...new Set(allFields.map((f) => f.name))];
  for (const key of Object.keys(profile.missingCodes ?? {})) {
    if (key !== '*' && !fieldNames.includes(key) && !declared.includes(key)) {
      problems.push(`missingCodes: unknown item or field ${didYouMean(key, [...ratingFields, '*'])}`);
    }
  }
  for (const key of Object.keys(profile.constants ?? {})) {
    if (!fieldNames.includes(key)) problems.push(`constants: unknown field ${didYouMean(key, fieldNames)}`);
  }
  return problems;
}
