/**
 * Text without emoji: pictographs, their modifiers and the invisible characters that join them into one
 * glyph. A complaint's 😡 says something, but not which problem: the sentiment of a comment is read from its
 * rating, and an emoji as a "term" would only add noise to classification and themes.
 *
 * Method: Unicode Technical Standard #51 (Unicode Emoji), §1.4 properties: every `Extended_Pictographic` code
 * point (which covers the emoji ranges and the pictographs reserved for future emoji), `Emoji_Modifier` (skin
 * tones U+1F3FB–1F3FF), `Regional_Indicator` (flags), the variation selectors U+FE0E/U+FE0F, ZERO WIDTH JOINER
 * U+200D, the combining keycap U+20E3 and the tag characters U+E0020–E007F (subdivision flags). Each becomes a
 * space, so that "好👍服务" still reads as two words. Digits and letters of keycap or text-style sequences
 * (`1️⃣`) stay: they are not emoji on their own. ©, ® and ™ are `Extended_Pictographic` and go too.
 */

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u{FE0E}\u{FE0F}\u{200D}\u{20E3}\u{E0020}-\u{E007F}]+/gu;

/** A cheap test for anything outside the Basic Multilingual Plane's text ranges that could be an emoji. */
const MAYBE_EMOJI = /[\u00a9\u00ae\u2000-\u2bff\u3030\u303d\u3297\u3299\ufe0e\ufe0f\ud83c-\ud83e\udb40]/;

/**
 * `text` with every emoji (and emoji joiner, modifier or selector) replaced by a space.
 * @param text any text
 * @example removeEmoji('网速太慢😡😡，客服👍🏻') // => '网速太慢 ，客服 '
 */
export function removeEmoji(text: string): string {
  return MAYBE_EMOJI.test(text) ? text.replace(EMOJI, ' ') : text;
}
