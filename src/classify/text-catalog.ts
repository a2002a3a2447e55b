/**
 * The text data servq ships in catalog/ (catalog/README.md, "Text" and "Taxonomy"), read and checked once:
 * the segmenter's service dictionary, the Chinese and English stop words, and the taxonomy's keyword rules.
 * A deployment can point the taxonomy at its own file (`--taxonomy FILE`); the word lists are the package's.
 * This is the one place that reads them: src/analysis receives them as values.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { TaxonomyRules } from '../analysis/classify/keyword-rules.js';
import { createTokenizer, type Tokenizer } from '../analysis/text/tokenize.js';
import { parseUserDictionary, parseWordList, type UserWord } from '../analysis/text/word-lists.js';
import { CATALOG_DIR } from '../paths.js';

/** The taxonomy file servq ships. */
export const DEFAULT_TAXONOMY_FILE = join(CATALOG_DIR, 'taxonomy.json');
const TEXT_DIR = join(CATALOG_DIR, 'text');

/** The codes each target may use (the database vocabulary, sql/000001). */
export const TAXONOMY_CODES = {
  category: ['service', 'product', 'technical', 'other'],
  root_cause: ['process', 'staff_attitude', 'product_quality', 'technical_support', 'other'],
} as const;
export type TaxonomyTarget = keyof typeof TAXONOMY_CODES;
export const TAXONOMY_TARGETS = Object.keys(TAXONOMY_CODES) as TaxonomyTarget[];

const keywords = z.array(z.string().min(1));
const TargetSchema = z
  .object({
    fallback: z.string().min(1),
    codes: z.record(z.string(), z.object({ zh: keywords.default([]), en: keywords.default([]) }).strict()),
  })
  .strict();
const TaxonomySchema = z
  .object({
    $comment: z.string().optional(),
    version: z.string().min(1),
    targets: z.object({ category: TargetSchema, root_cause: TargetSchema }).strict(),
  })
  .strict();

/** The word lists the tokenizer is built from, with a digest that names this exact content. */
export interface TextWordLists {
  readonly userWords: readonly UserWord[];
  readonly stopWords: readonly string[];
  /** SHA-256 (hex, first 16) of the three files: stored with a model, so a prediction says what read its text. */
  readonly digest: string;
}

let wordLists: TextWordLists | undefined;

/** The catalog's dictionary and stop words (read once per process). */
export function textWordLists(): TextWordLists {
  if (wordLists) return wordLists;
  const files = ['service-words.txt', 'stop-words-zh.txt', 'stop-words-en.txt'].map((f) => readFileSync(join(TEXT_DIR, f), 'utf8'));
  const [dictionary, zh, en] = files as [string, string, string];
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0');
  wordLists = { userWords: parseUserDictionary(dictionary), stopWords: [...parseWordList(zh), ...parseWordList(en)], digest: hash.digest('hex').slice(0, 16) };
  return wordLists;
}

let tokenizer: Tokenizer | undefined;

/** The tokenizer over the catalog's word lists (built once per process: ~0.3 s). */
export function catalogTokenizer(): Tokenizer {
  tokenizer ??= createTokenizer(textWordLists());
  return tokenizer;
}

/** A taxonomy file that cannot be used: the message names the file and what is wrong. */
export class TaxonomyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaxonomyFileError';
  }
}

/**
 * Reads and checks a taxonomy file: every code must be one of the target's database codes, and so must the
 * fallback. The order of codes in the file is kept (it breaks ties).
 * @param file default: the catalog's taxonomy.json
 * @throws TaxonomyFileError naming the file and the problem
 */
export function loadTaxonomy(file: string = DEFAULT_TAXONOMY_FILE): TaxonomyRules & { readonly file: string } {
  let parsed: z.infer<typeof TaxonomySchema>;
  try {
    parsed = TaxonomySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    const detail = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') : (error as Error).message;
    throw new TaxonomyFileError(`taxonomy file ${file}: ${detail}`);
  }
  const targets: Record<string, TaxonomyRules['targets'][string]> = {};
  for (const target of TAXONOMY_TARGETS) {
    const rules = parsed.targets[target];
    const allowed: readonly string[] = TAXONOMY_CODES[target];
    for (const code of [...Object.keys(rules.codes), rules.fallback]) {
      if (!allowed.includes(code)) throw new TaxonomyFileError(`taxonomy file ${file}: '${code}' is not a ${target} code; use one of ${allowed.join(', ')}`);
    }
    targets[target] = { fallback: rules.fallback, codes: Object.entries(rules.codes).map(([code, k]) => ({ code, zh: k.zh, en: k.en })) };
  }
  return { version: parsed.version, targets, file };
}
