/**
 * The text a tokenizer reads, from the text a customer or an export wrote.
 *
 * Stages (each its own file):
 *   1. stripMarkup: HTML tags, comments and script/style content out, character references decoded
 *   2. NFKC (normalizeText's first step, done here too so that full-width digits and ＊ are ASCII for stage 4)
 *   3. removeEmoji: pictographs, modifiers and joiners become spaces
 *   4. removePersonalData: masked and unmasked phones, e-mails, ids, links become spaces
 *   5. normalizeText: lower case, contractions resolved, control characters blanked
 * Then text longer than `maxChars` is cut there (at a character boundary), and the result says so.
 */
import { normalizeText } from './normalize-text.js';
import { removeEmoji } from './remove-emoji.js';
import { removePersonalData } from './remove-personal-data.js';
import { stripMarkup } from './strip-markup.js';

/** Text longer than this (UTF-16 code units, 64 Ki) is cut by default: a pasted log, not a description. */
export const DEFAULT_MAX_TEXT_CHARS = 65_536;

/** Cleaned text, and whether it was cut. */
export interface CleanText {
  readonly text: string;
  /** True when the cleaned text was longer than `maxChars` and was cut there. */
  readonly truncated: boolean;
}

/**
 * Cleans `text` for tokenizing (stages in the file header).
 * @param text raw free text (null and undefined read as empty)
 * @param maxChars most characters kept (UTF-16 code units; default 65 536)
 * @throws RangeError when maxChars is not a positive integer
 * @example cleanText('<p>ＷｉＦｉ 掉线😡 请回电138****5678</p>').text // => '\nwifi 掉线  请回电 \n'
 */
export function cleanText(text: string | null | undefined, maxChars: number = DEFAULT_MAX_TEXT_CHARS): CleanText {
  if (!Number.isSafeInteger(maxChars) || maxChars < 1) throw new RangeError(`cleanText: maxChars must be a positive integer, got ${maxChars}`);
  if (text === null || text === undefined || text.length === 0) return { text: '', truncated: false };
  // Markup can be long; cut generously before the work, exactly after it.
  const raw = text.length > maxChars * 4 ? text.slice(0, maxChars * 4) : text;
  const cleaned = normalizeText(removePersonalData(removeEmoji(stripMarkup(raw).normalize('NFKC'))));
  if (cleaned.length <= maxChars && raw.length === text.length) return { text: cleaned, truncated: false };
  if (cleaned.length <= maxChars) return { text: cleaned, truncated: true };
  let end = maxChars;
  const last = cleaned.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
  return { text: cleaned.slice(0, end), truncated: true };
}
