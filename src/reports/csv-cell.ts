/**
 * CSV cells that a spreadsheet shows instead of running: text starting with = + - @ (or tab/CR) gets a
 * leading single quote (OWASP "CSV injection"); numbers are written as numbers, so a negative change stays
 * numeric. Used wherever servq writes CSV from data (rejected rows, analysis tables, report tables).
 */

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; text that a spreadsheet would evaluate
 * prefixed with `'`.
 * @example csvCell('=HYPERLINK("x")') // => `"'=HYPERLINK(""x"")"`
 * @example csvCell(-0.25) // => '-0.25'
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A CSV document (CRLF-free, one header line) from rows of cells. */
export function csvLines(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return [header.map((h) => csvCell(h)).join(','), ...rows.map((r) => r.map((c) => csvCell(c)).join(','))].join('\n') + '\n';
}
