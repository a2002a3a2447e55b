/**
 * The stem of an English word, so that "charged", "charges" and "charging" count as one term.
 *
 * Method: the Porter stemming algorithm (M. F. Porter 1980, "An algorithm for suffix stripping", Program 14(3),
 * 130–137), as implemented by the `stemmer` package (Titus Wormer, MIT; it reproduces Porter's published
 * vocabulary/output test lists). Chosen over `natural` (whose install pulls in database clients and WordNet)
 * and over the Porter2/Snowball variant, which differs on few words that matter here and has no small
 * maintained ESM package. Stems are not words ("connect", "charg"): a theme shows the stem.
 */
import { stemmer } from 'stemmer';

/**
 * Porter stem of a lower-case English word; words of one or two letters are returned as they are.
 * @param word a lower-case word of ASCII letters
 * @example englishStem('charges') // => 'charg'
 * @example englishStem('connection') // => 'connect'
 */
export function englishStem(word: string): string {
  return word.length <= 2 ? word : stemmer(word);
}
