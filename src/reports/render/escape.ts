/**
 * Text from data (complaint descriptions, agent and team names, file names) in HTML: escaped as text and as
 * attribute values, and JSON inside a `<script>` element that no `</script>` or line separator in the data can
 * end early.
 */

/** `<`, `>`, `&`, `"` and `'` as character references. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** JSON safe to place inside `<script type="application/json">`: `<` (so no `</script>`), U+2028 and U+2029 escaped. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
