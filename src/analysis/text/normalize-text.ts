/**
 * One written form per word before segmentation: full-width and half-width characters unified, case folded,
 * English contractions resolved, control characters blanked.
 *
 * Method: Unicode normalization form NFKC (UAX #15): full-width Latin letters and digits (ＷｉＦｉ, １３８),
 * half-width katakana and compatibility ideographs become their ordinary forms, so `ＷＩＦＩ` and `wifi` are one
 * term. Then lower case (the Unicode default case mapping, `String.prototype.toLowerCase`). Typographic
 * apostrophes (’ ‘ ＇) become `'`, and English contractions are resolved before the apostrophe would split a
 * word: `n't` → ` not` (`won't` → `will not`, `can't` → `can not`), while `'s 're 've 'll 'd 'm` are cut (the
 * words they stand for are stop words, and a possessive `agent's` is `agent`); any other apostrophe inside a word
 * goes (`o'clock` → `oclock`). C0/C1 control characters other
 * than line breaks become spaces; `\r\n` and `\r` become `\n` (line breaks end a clause).
 */

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;
const APOSTROPHES = /[\u2018\u2019\u02bc\uff07`´]/g;
const NEGATED = /\b([a-z]+)n't\b/g;
const CLITIC = /([a-z])'(?:s|re|ve|ll|d|m)\b/g;
const INNER_APOSTROPHE = /([a-z])'(?=[a-z])/g;
/** The verbs whose `n't` form is not verb + n't. */
const IRREGULAR_NEGATIONS: Readonly<Record<string, string>> = { wo: 'will', ca: 'can', sha: 'shall', ai: 'is' };

function expandNegation(_m: string, verb: string): string {
  return `${IRREGULAR_NEGATIONS[verb] ?? verb} not`;
}

/**
 * `text` in NFKC, lower case, with contractions resolved and control characters blanked.
 * @param text any text
 * @example normalizeText('ＷｉＦｉ DOESN’T work, the Agent’s fault') // => 'wifi does not work, the agent fault'
 */
export function normalizeText(text: string): string {
  let out = text.normalize('NFKC').toLowerCase();
  if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
  out = out.replace(CONTROL, ' ');
  if (/['\u2018\u2019\u02bc\uff07`´]/.test(out)) {
    out = out.replace(APOSTROPHES, "'").replace(NEGATED, expandNegation).replace(CLITIC, '$1').replace(INNER_APOSTROPHE, '$1');
  }
  return out;
}
