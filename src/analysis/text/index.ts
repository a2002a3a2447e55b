/**
 * Text of complaints and survey comments as terms: cleaning (markup, emoji, personal data), Chinese word
 * segmentation with a service dictionary, English stemming, stop words, two-word phrases. Pure functions over
 * strings; the word lists are data (catalog/text/), read by the caller and passed in.
 */
export { clauseBigrams } from './bigrams.js';
export { cleanText, DEFAULT_MAX_TEXT_CHARS, type CleanText } from './clean-text.js';
export { englishStem } from './english-stem.js';
export { normalizeText } from './normalize-text.js';
export { removeEmoji } from './remove-emoji.js';
export { removePersonalData } from './remove-personal-data.js';
export { createSegmenter, type Segmenter } from './segmenter.js';
export { stripMarkup } from './strip-markup.js';
export { createTokenizer, type TokenizedText, type Tokenizer, type TokenizerOptions } from './tokenize.js';
export { DEFAULT_USER_WORD_FREQUENCY, parseUserDictionary, parseWordList, type UserWord } from './word-lists.js';
export { emergingTerms, type EmergingTerm, type EmergingTermsOptions } from './emerging-terms.js';
export { weightedLogOdds, type WeightedLogOdds, type WordCounts } from './weighted-log-odds.js';
