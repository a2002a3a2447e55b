/**
 * Text without personal data, masked or not, so that none of it can become a token, a term of a theme or a
 * feature of a model: a masked phone number (`138****5678`, `0755-****1234`) is still one customer's number,
 * and `***@***` is no word.
 *
 * Method: four patterns, each replaced by a space:
 * - any run of ASCII letters, digits and `._%+-@` that contains an asterisk: every masked form
 *   src/privacy/mask.ts writes (mobile, landline, e-mail `z***@example.com`, ID card `110105********123X`) and
 *   masks written by other systems (`***@***`, `****1234`);
 * - e-mail addresses (local part, `@`, domain), masked or not;
 * - links (`http://…`, `https://…`, `www.…`), whose query strings carry ids and addresses;
 * - runs of 7 or more digits, with optional single spaces or hyphens between groups and an optional final X
 *   (unmasked phone numbers, ID cards, account and order numbers).
 * Each pattern can only start at the beginning of its run (a look-behind for the run's own characters), so
 * a long run is scanned once, not once per position: linear on 64 KiB (the quadratic trap src/privacy/mask.ts
 * documents). The remaining shorter numbers are dropped by the tokenizer, which keeps only tokens with a letter.
 */

const MASKED_RUN = /(?<![A-Za-z0-9._%+\-@*])[A-Za-z0-9._%+\-@]*\*[A-Za-z0-9._%+\-@*]*/g;
const EMAIL = /(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*/g;
const LINK = /(?<![A-Za-z0-9])(?:https?:\/\/|www\.)[^\s<>"'，。；、）)】]+/gi;
const LONG_NUMBER = /(?<![0-9])\+?[0-9](?:[ \-]?[0-9]){6,}[xX]?(?![0-9])/g;

/**
 * `text` with masked and unmasked personal data (phones, e-mails, ID and account numbers, links) replaced by
 * spaces.
 * @param text free text, masked at ingest or not
 * @example removePersonalData('请回电138****5678或邮件z***@163.com') // => '请回电 或邮件 '
 * @example removePersonalData('工单 20260114000123 未处理') // => '工单   未处理'
 */
export function removePersonalData(text: string): string {
  let out = text;
  if (out.includes('*')) out = out.replace(MASKED_RUN, ' ');
  if (out.includes('@')) out = out.replace(EMAIL, ' ');
  if (out.includes('http') || out.includes('www.') || out.includes('HTTP') || out.includes('WWW.')) out = out.replace(LINK, ' ');
  if (/[0-9]{3}/.test(out)) out = out.replace(LONG_NUMBER, ' ');
  return out;
}
