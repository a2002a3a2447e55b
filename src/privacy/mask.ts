/**
 * Masks personal data inside free text before storage: Chinese mobile numbers (`138****5678`), landlines
 * with an area code (`0755-****1234`), e-mail addresses (`z***@example.com`) and Chinese resident ID numbers
 * (18-digit `110105********123X`, GB 11643, and the old 15-digit form).
 * The patterns are deliberately bounded by non-digits so order numbers and amounts are left alone.
 *
 * @example maskPersonalData('请回电 13812345678') // => '请回电 138****5678'
 */

const ID_CARD = /(?<![0-9A-Za-z])([1-9]\d{5})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
// First-generation 15-digit ID numbers (still found in old records).
const ID_CARD_15 = /(?<![0-9A-Za-z])([1-9]\d{5})(\d{6})(\d{3})(?![0-9A-Za-z])/g;
// Mainland landlines with an area code: 010-12345678, 0755 8600 1234.
const LANDLINE = /(?<!\d)(0\d{2,3})[- ]?(\d{3,4})[- ]?(\d{4})(?!\d)/g;
const MOBILE = /(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/g;
// The look-behind makes a match start only at the beginning of a run of local-part characters, so a long run
// without '@' is scanned once, not once per starting position (which was quadratic: 8 s on 64 KiB).
const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

/** Replaces phone numbers, e-mail addresses and ID-card numbers in `text` with masked forms. */
export function maskPersonalData(text: string): string {
  if (!/\d{3}[- ]?\d{4}|@/.test(text)) return text; // the common case: nothing to mask, no regex replace cost
  return text
    .replace(ID_CARD, (_m, head: string, _mid: string, tail: string) => `${head}********${tail}`)
    .replace(ID_CARD_15, (_m, head: string, _mid: string, tail: string) => `${head}******${tail}`)
    .replace(MOBILE, (_m, head: string, _mid: string, tail: string) => `${head}****${tail}`)
    .replace(LANDLINE, (_m, area: string, _mid: string, tail: string) => `${area}-****${tail}`)
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
}

/** True when `text` still holds something that looks like a phone number, e-mail or ID-card number. */
export function containsPersonalData(text: string): boolean {
  return /(?<!\d)1[3-9]\d{9}(?!\d)|[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+\.[A-Za-z]{2,}|(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])/.test(
    text,
  );
}
