/**
 * Vendor presets: the header sets, value vocabularies, date formats and scales of the systems users export
 * from, kept as data in `catalog/presets/*.json` (format: catalog/README.md), detected from a file's header or
 * named with `--preset ID`.
 *
 * Detection: a preset's `detect.columns` are compared with the header (case, spacing and punctuation aside);
 * a preset matches when at least `minMatches` are present. The preset matching the largest share of its
 * columns wins; two presets sharing the best share (and count) apply neither — no silent guess — and the
 * result says so. The evidence (which columns matched) is recorded on the batch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATALOG_DIR } from '../paths.js';
import { SOURCE_KINDS, type SourceKind } from './fields.js';
import { parseProfile, type MappingProfile } from './profile.js';
import { didYouMean } from './nearest-name.js';

export interface Preset {
  readonly id: string;
  readonly vendor: string;
  readonly product: string;
  readonly kind: SourceKind;
  readonly documentation: string;
  readonly detect: { readonly columns: readonly string[]; readonly minMatches: number };
  readonly profile: MappingProfile;
}

const PresetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    vendor: z.string(),
    product: z.string(),
    kind: z.enum(SOURCE_KINDS),
    documentation: z.string(),
    detect: z.object({ columns: z.array(z.string()).min(1), minMatches: z.number().int().min(1) }).strict(),
    profile: z.unknown(),
    notes: z.string().optional(),
  })
  .strict();

let cache: readonly Preset[] | undefined;

/** Every preset of the catalog, validated (a broken preset file is an error naming it). */
export function loadPresets(dir = join(CATALOG_DIR, 'presets')): readonly Preset[] {
  if (cache !== undefined && dir === join(CATALOG_DIR, 'presets')) return cache;
  const presets: Preset[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const where = `catalog/presets/${name}`;
    const parsed = PresetSchema.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`${where}: invalid preset: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { profile, notes: _notes, ...rest } = parsed.data;
    if (rest.detect.minMatches > rest.detect.columns.length) throw new Error(`${where}: detect.minMatches exceeds the number of detect.columns`);
    presets.push({ ...rest, profile: parseProfile(profile ?? {}, where) });
  }
  if (dir === join(CATALOG_DIR, 'presets')) cache = presets;
  return presets;
}

/** The comparison form of a header for detection: NFKC, lower case, letters and digits only. */
export function presetHeaderKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Which preset a header set matches, and why. */
export interface PresetDetection {
  /** The preset applied, if any. */
  readonly preset: Preset | undefined;
  /** How it was chosen: `--preset`, detected, or why none was. */
  readonly evidence: string;
  /** Columns of the preset's `detect` list found in the header. */
  readonly matched: readonly string[];
}

/** The number of a preset's detect columns present in `keys` (header keys). */
function matches(preset: Preset, keys: ReadonlySet<string>): string[] {
  return preset.detect.columns.filter((c) => keys.has(presetHeaderKey(c)));
}

/**
 * Finds the preset of `kind` whose columns the header holds, or applies the one named (`'none'`: no preset).
 * @throws Error for an unknown preset name (naming the nearest) or one of another kind
 */
export function detectPreset(kind: SourceKind, headers: readonly string[], named?: string, presets = loadPresets()): PresetDetection {
  const keys = new Set(headers.map(presetHeaderKey));
  if (named === 'none') return { preset: undefined, evidence: 'presets turned off (--preset none)', matched: [] };
  if (named !== undefined) {
    const preset = presets.find((p) => p.id === named);
    if (preset === undefined) throw new Error(`--preset: unknown preset ${didYouMean(named, presets.map((p) => p.id))}; presets are: ${presets.map((p) => p.id).join(', ')}`);
    if (preset.kind !== kind) throw new Error(`--preset ${named} is for ${preset.kind} exports, not ${kind}`);
    const found = matches(preset, keys);
    return { preset, evidence: `--preset ${named} (${found.length} of its ${preset.detect.columns.length} signature columns present)`, matched: found };
  }
  const candidates = presets
    .filter((p) => p.kind === kind)
    .map((p) => ({ p, found: matches(p, keys) }))
    .filter((c) => c.found.length >= c.p.detect.minMatches)
    .map((c) => ({ ...c, share: c.found.length / c.p.detect.columns.length }))
    .sort((a, b) => b.share - a.share || b.found.length - a.found.length);
  const [best, second] = candidates;
  if (best === undefined) return { preset: undefined, evidence: 'no preset matched the header', matched: [] };
  if (second !== undefined && second.share === best.share && second.found.length === best.found.length) {
    return {
      preset: undefined,
      evidence: `presets ${best.p.id} and ${second.p.id} match the header equally (${best.found.length} columns each): neither applied; choose one with --preset`,
      matched: [],
    };
  }
  return {
    preset: best.p,
    evidence: `detected: ${best.found.length} of ${best.p.detect.columns.length} signature columns of ${best.p.vendor} (${best.found.map((c) => `'${c}'`).join(', ')})`,
    matched: best.found,
  };
}

/**
 * A preset's profile with the user's profile on top: the user's entries win, section by section (a user's
 * `columns` entry replaces the preset's entry for that header, and so on).
 */
export function mergeProfiles(base: MappingProfile, over: MappingProfile | undefined): MappingProfile {
  if (over === undefined) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const earlier = merged[key];
    if (key === 'vocabulary' || key === 'labelRules') {
      const sections: Record<string, unknown> = { ...(earlier as Record<string, unknown> | undefined) };
      for (const [section, entries] of Object.entries(value as Record<string, unknown>)) {
        sections[section] = Array.isArray(entries)
          ? [...entries, ...((sections[section] as unknown[] | undefined) ?? [])]
          : { ...(sections[section] as Record<string, unknown> | undefined), ...(entries as Record<string, unknown>) };
      }
      merged[key] = sections;
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && earlier !== undefined) {
      merged[key] = { ...(earlier as Record<string, unknown>), ...(value as Record<string, unknown>) };
    } else {
      merged[key] = value;
    }
  }
  return merged as MappingProfile;
}
