/**
 * Terms and two-word phrases of a complaint description or survey comment, Chinese, English or both mixed.
 *
 * Stages:
 *   1. cleanText (clean-text.ts): markup, emoji and personal data (masked or not) out; NFKC; lower case;
 *      contractions resolved; cut at `maxChars`
 *   2. segment (segmenter.ts): jieba with the service user dictionary cuts Chinese into words and passes Latin
 *      letter/digit runs through whole
 *   3. per token: white space is skipped; punctuation and symbols end a clause; a token without a letter
 *      (numbers, amounts, remaining digits of ids) is dropped, as is a Latin token with 4 or more digits (codes,
 *      ids) or longer than 40 characters (no English word is); stop words (catalog/text/stop-words-*.txt) are
 *      dropped; English words are stemmed (english-stem.ts); everything else is a term
 *   4. phrases: consecutive terms within a clause (bigrams.ts)
 * Masked personal data can never reach stage 2 (stage 1 removes every run holding `*` or `@`), and stage 3 keeps
 * only tokens with a letter, so digits of a phone number cannot become terms either.
 */
import { clauseBigrams } from './bigrams.js';
import { cleanText, DEFAULT_MAX_TEXT_CHARS } from './clean-text.js';
import { englishStem } from './english-stem.js';
import { createSegmenter, type Segmenter } from './segmenter.js';
import type { UserWord } from './word-lists.js';

/** What a tokenizer is built from (the catalog's word lists, parsed). */
export interface TokenizerOptions {
  /** Words the segmenter keeps whole (parseUserDictionary). */
  readonly userWords: readonly UserWord[];
  /** Chinese and English stop words, normalised (parseWordList). */
  readonly stopWords: Iterable<string>;
  /** Most characters of cleaned text read (UTF-16 code units); default 65 536. */
  readonly maxChars?: number;
}

/** The terms and phrases of one text. */
export interface TokenizedText {
  /** Content terms in text order (English as Porter stems), repeats kept. */
  readonly terms: readonly string[];
  /** Two-word phrases `a b` of consecutive terms within a clause, in order, repeats kept. */
  readonly phrases: readonly string[];
  /** True when the text was longer than `maxChars` and only its start was read. */
  readonly truncated: boolean;
  /** The cleaned text the terms were read from (clean-text.ts): what keyword rules match substrings in. */
  readonly cleaned: string;
}

/** Tokenizes texts; built once (the segmenter's dictionary takes ~0.3 s), used for many texts. */
export interface Tokenizer {
  tokenize(text: string | null | undefined): TokenizedText;
}

const MAX_LATIN_TOKEN = 40;
const EMPTY: TokenizedText = { terms: [], phrases: [], truncated: false, cleaned: '' };

const enum Kind {
  Space,
  Break,
  Drop,
  Latin,
  Word,
}

/** What a segmenter token is (char-code tests: this runs once per token of every text). */
function kindOf(token: string): Kind {
  let letters = 0;
  let digits = 0;
  let latin = true;
  let space = true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      letters++;
      space = false;
    } else if (c >= 48 && c <= 57) {
      digits++;
      space = false;
    } else if (c === 32 || c === 9 || c === 0x3000 || c === 0xa0) {
      latin = false;
    } else if (c === 10) {
      return Kind.Break;
    } else {
      space = false;
      latin = false;
      if (c >= 0x2e80 || (c >= 0xc0 && c < 0x2000) || (c >= 0xd800 && c <= 0xdbff)) letters++;
    }
  }
  if (space) return Kind.Space;
  if (latin) return letters === 0 || digits >= 4 || token.length > MAX_LATIN_TOKEN ? Kind.Drop : Kind.Latin;
  if (letters > 0 && /\p{L}/u.test(token)) return Kind.Word;
  // Punctuation and symbols (，。！？,.;: – … ) end a clause; a run of spaces does not.
  return /^\s+$/u.test(token) ? Kind.Space : Kind.Break;
}

/**
 * A tokenizer over the given word lists.
 * @param options user dictionary, stop words, text length cap
 * @throws RangeError when maxChars is not a positive integer
 * @example
 * const t = createTokenizer({ userWords: [{ word: '掉线', frequency: 20000, tag: 'v' }], stopWords: ['的', 'the', 'is'] });
 * t.tokenize('宽带的掉线问题，The WiFi is dropping!').terms // => ['宽带', '掉线', '问题', 'wifi', 'drop']
 * t.tokenize('宽带的掉线问题，The WiFi is dropping!').phrases // => ['宽带 掉线', '掉线 问题', 'wifi drop']
 */
export function createTokenizer(options: TokenizerOptions): Tokenizer {
  const maxChars = options.maxChars ?? DEFAULT_MAX_TEXT_CHARS;
  if (!Number.isSafeInteger(maxChars) || maxChars < 1) throw new RangeError(`createTokenizer: maxChars must be a positive integer, got ${maxChars}`);
  const stopWords = new Set([...options.stopWords].map((w) => w.normalize('NFKC').toLowerCase()));
  const segmenter = createSegmenter(options.userWords);
  return { tokenize: (text) => tokenizeWith(segmenter, stopWords, maxChars, text) };
}

function tokenizeWith(segmenter: Segmenter, stopWords: ReadonlySet<string>, maxChars: number, raw: string | null | undefined): TokenizedText {
  const { text, truncated } = cleanText(raw, maxChars);
  if (text.trim().length === 0) return truncated ? { ...EMPTY, truncated, cleaned: text } : EMPTY;
  const terms: string[] = [];
  const clauses: string[][] = [];
  let clause: string[] = [];
  for (const token of segmenter.cut(text)) {
    const kind = kindOf(token);
    if (kind === Kind.Space || kind === Kind.Drop) continue;
    if (kind === Kind.Break) {
      if (clause.length > 1) clauses.push(clause);
      if (clause.length > 0) clause = [];
      continue;
    }
    if (stopWords.has(token)) continue;
    const term = kind === Kind.Latin ? englishStem(token) : token;
    if (kind === Kind.Latin && term.length < 2) continue;
    terms.push(term);
    clause.push(term);
  }
  if (clause.length > 1) clauses.push(clause);
  return { terms, phrases: clauseBigrams(clauses), truncated, cleaned: text };
}
