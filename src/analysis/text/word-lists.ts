/**
 * The text formats of servq's word lists (catalog/text/): stop words, one per line, and the segmenter's user
 * dictionary, `WORD [FREQUENCY [TAG]]` per line as jieba writes it (Sun Junyi, jieba README, "Load
 * dictionary"; the same format @node-rs/jieba's `loadDict` reads). `#` starts a comment line; blank lines are
 * skipped. Words are normalised as text is before tokenizing (NFKC, lower case), so a list written with
 * full-width letters or capitals still matches.
 */

/** A word the segmenter must keep whole, with its jieba frequency and part-of-speech tag. */
export interface UserWord {
  readonly word: string;
  /** jieba frequency: higher wins over a competing split. */
  readonly frequency: number;
  readonly tag: string;
}

/** Frequency given to a user word that names none: high enough to beat the built-in dictionary's splits. */
export const DEFAULT_USER_WORD_FREQUENCY = 20_000;

function contentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

/**
 * The words of a one-word-per-line list, normalised and without repeats.
 * @param text the file's content
 * @example parseWordList('# comment\n的\nThe\n的\n') // => ['的', 'the']
 */
export function parseWordList(text: string): string[] {
  return [...new Set(contentLines(text).map((line) => line.normalize('NFKC').toLowerCase()))];
}

/**
 * The entries of a jieba user dictionary.
 * @param text the file's content
 * @throws RangeError naming the line when a frequency is not a positive integer or a word contains a space
 * @example parseUserDictionary('掉线 20000 v\n光猫') // => [{ word: '掉线', frequency: 20000, tag: 'v' }, { word: '光猫', frequency: 20000, tag: 'n' }]
 */
export function parseUserDictionary(text: string): UserWord[] {
  const words = new Map<string, UserWord>();
  for (const line of contentLines(text)) {
    const [word, frequencyText, tag, ...rest] = line.split(/\s+/);
    if (rest.length > 0) throw new RangeError(`parseUserDictionary: expected 'WORD [FREQUENCY [TAG]]', got '${line}'`);
    const frequency = frequencyText === undefined ? DEFAULT_USER_WORD_FREQUENCY : Number(frequencyText);
    if (!Number.isSafeInteger(frequency) || frequency < 1) {
      throw new RangeError(`parseUserDictionary: the frequency of '${word}' must be a positive integer, got '${frequencyText}'`);
    }
    const normalized = word!.normalize('NFKC').toLowerCase();
    words.set(normalized, { word: normalized, frequency, tag: tag ?? 'n' });
  }
  return [...words.values()];
}
