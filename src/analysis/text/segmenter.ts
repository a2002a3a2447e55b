/**
 * Chinese word segmentation: 家里宽带频繁掉线 → 家里 / 宽带 / 频繁 / 掉线.
 *
 * Method: jieba (Sun Junyi, github.com/fxsjy/jieba; the Rust port jieba-rs through @node-rs/jieba, whose
 * linux, macOS and Windows binaries come inside the npm packages): the most probable split over a
 * prefix dictionary of ~350k words (a maximum-probability path through the word graph of the sentence, by
 * dynamic programming), and an HMM over the characters (B/M/E/S states, Viterbi decoding) for runs of characters
 * the dictionary does not know, so new words and names are not cut into single characters. A user dictionary
 * (catalog/text/service-words.txt) adds service vocabulary that the general dictionary splits or weights
 * wrongly (光猫, 携号转网, 工单号). Latin letters and digits pass through as runs ("5g", "iptv"); every other
 * character (space, punctuation) is a token of its own, which the tokenizer reads as a separator.
 *
 * Building a segmenter loads the dictionary (~0.3 s); it is built once per user dictionary and shared.
 * The package is loaded on first use, not when this module is imported (commands that never segment do not
 * pay for it).
 */
import { createRequire } from 'node:module';
import type { UserWord } from './word-lists.js';

type JiebaModule = typeof import('@node-rs/jieba');
type Jieba = InstanceType<JiebaModule['Jieba']>;

/** Cuts text into words. */
export interface Segmenter {
  /**
   * The words and separators of `text`, in order; joined they give `text` back.
   * @param text text to cut (any length; ~1 µs per character here)
   */
  cut(text: string): string[];
}

const cache = new Map<string, Segmenter>();

function loadJieba(): Jieba {
  const require = createRequire(import.meta.url);
  const { Jieba } = require('@node-rs/jieba') as JiebaModule;
  const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
  return Jieba.withDict(dict);
}

/**
 * A segmenter with jieba's dictionary plus `userWords` (cached: the same words give the same instance).
 * @param userWords words to keep whole, with their frequency and tag (parseUserDictionary)
 * @throws TypeError when a word is empty or contains white space
 * @example createSegmenter([{ word: '光猫', frequency: 20000, tag: 'n' }]).cut('光猫故障') // => ['光猫', '故障']
 */
export function createSegmenter(userWords: readonly UserWord[]): Segmenter {
  for (const w of userWords) {
    if (w.word.length === 0 || /\s/.test(w.word)) throw new TypeError(`createSegmenter: a user word must be non-empty without spaces, got '${w.word}'`);
  }
  const lines = userWords.map((w) => `${w.word} ${w.frequency} ${w.tag}`).join('\n');
  const cached = cache.get(lines);
  if (cached) return cached;
  const jieba = loadJieba();
  if (lines.length > 0) jieba.loadDict(new TextEncoder().encode(`${lines}\n`));
  const segmenter: Segmenter = {
    // HMM on: jieba's default, which keeps unknown words (names, new product names) together.
    cut: (text) => (text.length === 0 ? [] : jieba.cut(text, true)),
  };
  cache.set(lines, segmenter);
  return segmenter;
}
