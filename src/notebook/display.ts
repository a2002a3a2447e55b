/**
 * Charts in notebooks: a Vega-Lite spec becomes one Jupyter output carrying several representations — the
 * spec itself (`application/vnd.vegalite.v5+json`, drawn interactively by JupyterLab and VS Code), an SVG and
 * a PNG (drawn by the classic Notebook, GitHub and nbviewer, which have no Vega-Lite renderer) and a line of
 * text (terminals, diffs). SVG and PNG are the reports' renderers (headless Vega, resvg with the report font),
 * so a notebook chart looks like the report's.
 *
 * tslab (the TypeScript kernel) sends one MIME type per `display` call; a bundle goes through its kernel's
 * display writer directly (tslab 1.0.22, pinned in tools/jupyter/kernel/package.json).
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { renderPng } from '../reports/render/png.js';
import { renderSvg } from '../reports/render/svg.js';
import { chartSpec } from '../reports/specs/theme.js';
import { reportFonts } from '../cli/report-assets.js';
import { table } from '../cli/context.js';
import { escapeHtml } from '../reports/render/escape.js';

/** A Jupyter MIME bundle: MIME type → data. */
export type MimeBundle = Record<string, unknown>;

/** The MIME type JupyterLab and VS Code draw Vega-Lite with (their renderer is Vega-Lite 5). */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

/**
 * A chart's bundle: the spec (the report theme applied, unless `theme: false`), its SVG and PNG, and a text line.
 * @param spec a Vega-Lite spec (its data inline: `data: { values: [...] }`)
 */
export async function chartBundle(spec: Record<string, unknown>, o: { theme?: boolean; png?: boolean } = {}): Promise<MimeBundle> {
  const full = o.theme === false ? spec : chartSpec(spec);
  const svg = await renderSvg(full);
  const title = typeof full['title'] === 'string' ? full['title'] : ((full['title'] as { text?: string } | undefined)?.text ?? 'chart');
  const bundle: MimeBundle = {
    // The Vega-Lite 5 renderers read this spec; the $schema names the version they draw.
    [VEGA_LITE_MIME]: { ...full, $schema: 'https://vega.github.io/schema/vega-lite/v5.json' },
    'image/svg+xml': svg,
    'text/plain': `[chart] ${title}`,
  };
  if (o.png !== false) bundle['image/png'] = Buffer.from(renderPng(svg, reportFonts(), 1.5)).toString('base64');
  return bundle;
}

interface TslabJupyter {
  lastWriteDisplayData?: (message: { data: MimeBundle; metadata: Record<string, unknown> }, update: boolean) => void;
}

/** The kernel's script, resolved when this module loads (before a cell could change the working folder). */
const MAIN = process.argv[1] === undefined ? undefined : resolve(process.argv[1]);

/** tslab's display writer when this runs inside its kernel, else undefined. */
function tslabWriter(): TslabJupyter['lastWriteDisplayData'] {
  if (MAIN === undefined || !/tslab/.test(MAIN)) return undefined;
  try {
    return (createRequire(MAIN)('../dist/jupyter') as TslabJupyter).lastWriteDisplayData;
  } catch {
    return undefined;
  }
}

/**
 * Shows a bundle as the current cell's output inside the kernel; does nothing elsewhere (a script or a test
 * takes the bundle from {@link chartBundle}). Returns nothing, which a cell would print again as its value.
 */
export function display(bundle: MimeBundle): void {
  const write = tslabWriter();
  if (write !== undefined) write({ data: bundle, metadata: {} }, false);
  else if (MAIN !== undefined && /tslab|kernel/.test(MAIN)) console.log(bundle['text/plain'] ?? '[output]'); // another kernel: at least the text
}

/** Draws a Vega-Lite spec as the cell's output: {@link chartBundle} then {@link display}. */
export async function show(spec: Record<string, unknown>, o: { theme?: boolean; png?: boolean } = {}): Promise<void> {
  display(await chartBundle(spec, o));
}

function cell(v: unknown, digits: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(digits);
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace(/\.000Z$/, 'Z');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Shows rows as a table: HTML for notebooks, aligned text for terminals. Columns are the first row's keys
 * (or `columns`); numbers with `digits` decimals.
 */
export function showTable(rows: readonly Record<string, unknown>[], o: { columns?: readonly string[]; digits?: number; limit?: number } = {}): void {
  const columns = o.columns ?? Object.keys(rows[0] ?? {});
  const shown = rows.slice(0, o.limit ?? 50);
  const digits = o.digits ?? 3;
  const cells = shown.map((r) => columns.map((c) => cell(r[c], digits)));
  const left = rows.length - shown.length;
  // The command line's table: columns aligned by display width (Chinese text takes two), numbers to the right.
  const text = `${table(columns, cells)}${left > 0 ? `\n(${left} more rows)` : ''}`;
  const more = left > 0 ? `<p>${left} more rows</p>` : '';
  const html = `<table><thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${cells.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('')}</tbody></table>${more}`;
  display({ 'text/html': html, 'text/plain': text });
}
