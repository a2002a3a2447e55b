/**
 * A report as its files, in memory: `report.html`, `report.pdf`, `charts/<id>.vl.json|.svg|.png`,
 * `tables/<id>.csv` and `manifest.json` (servq version and commit, period, filters, language, batches and rows
 * used, the data-quality status, metric variants, and the SHA-256 of every other file). Nothing here reads a
 * clock or draws a random number: the same report and assets give byte-identical files. Writing them to disk
 * is the caller's (the command line's `writeReportFiles`).
 *
 * Stages: (1) every chart → SVG (Vega, headless) and PNG (resvg with the report font); (2) the HTML page with the
 * SVGs in place and the libraries inlined; (3) the PDF from the same SVGs; (4) tables → CSV; (5) the manifest.
 */
import { createHash } from 'node:crypto';
import { csvLines } from '../csv-cell.js';
import type { Report, TableBlock } from '../report.js';
import { chartsOf } from './charts.js';
import { renderHtml, type HtmlLibraries } from './html.js';
import { pdfSafe, renderPdf } from './pdf.js';
import { renderPngAsync, type ReportFonts } from './png.js';
import { renderSvg } from './svg.js';
import { fontCharacters, webFontCss, type FontData } from './web-font.js';

export interface ReportAssets {
  readonly fonts: ReportFonts;
  /** The fonts' bytes, to inline a subset in report.html; without them the page leaves fonts to the browser. */
  readonly fontData?: FontData;
  /**
   * Font files cut to `characters` for resvg and pdfkit, which take font files by path (src/reports writes no
   * file: the command line makes them in a temporary folder); `dispose` removes them. Without it the whole fonts
   * are used.
   */
  readonly subsetFonts?: (characters: string) => Promise<{ readonly fonts: ReportFonts; readonly data: FontData; dispose(): void }>;
  readonly libraries: HtmlLibraries;
  /** servq's version and the git commit it runs from (null outside a checkout). */
  readonly version: string;
  readonly commit: string | null;
}

export interface ReportFile {
  /** Path inside the report's folder, '/'-separated. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface RenderOptions {
  /** Called as each stage starts (progress on long reports). */
  readonly onStage?: (stage: string) => void;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const NO_LIBRARIES: HtmlLibraries = { vega: '', vegaLite: '', vegaEmbed: '' };

/** PNGs drawn at once: two were as fast as four on two cores (2.07 against 2.14 s for 27 charts), with less native memory held. */
const PNG_CONCURRENCY = 2;

/** SHA-256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function tableCsv(table: TableBlock): string {
  return csvLines(
    table.columns.map((c) => c.key),
    table.values.map((r) => table.columns.map((c) => r[c.key] ?? null)),
  );
}

/**
 * The characters a report draws, for the fonts cut to them: the page without its libraries (its text, the SVGs, the
 * specs' data), both as written and composed (NFC) — the PDF draws composed text (pdfSafe) and data may arrive
 * decomposed (file names from macOS).
 */
export function reportCharacters(report: Report, svgs: ReadonlyMap<string, string>): string {
  const page = renderHtml(report, svgs, NO_LIBRARIES);
  return fontCharacters(page + pdfSafe(page));
}

export async function renderReportFiles(report: Report, assets: ReportAssets, options: RenderOptions = {}): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  const charts = chartsOf(report);
  options.onStage?.(`${charts.length} charts`);
  const svgs = new Map<string, string>();
  for (const c of charts) {
    const svg = await renderSvg(c.spec);
    svgs.set(c.id, svg);
    files.push({ name: `charts/${c.id}.vl.json`, bytes: utf8(`${JSON.stringify(c.spec, null, 2)}\n`) });
    files.push({ name: `charts/${c.id}.svg`, bytes: utf8(svg) });
  }
  // The characters the report draws: the page without its libraries holds its text, the SVGs and the specs' data.
  const characters = reportCharacters(report, svgs);
  // resvg loads every font file whole for each drawing (80–200 ms for the 10 MB CJK face): a subset of the
  // report's characters draws the same PNGs ~5× faster, and pdfkit parses it instead of the whole font.
  const subset = assets.subsetFonts ? await assets.subsetFonts(characters) : null;
  const fonts = subset?.fonts ?? assets.fonts;
  try {
    // PNGs a few at a time on the thread pool (each result lands under its own name, so the order is fixed).
    for (let i = 0; i < charts.length; i += PNG_CONCURRENCY) {
      const batch = charts.slice(i, i + PNG_CONCURRENCY);
      const pngs = await Promise.all(batch.map((c) => renderPngAsync(svgs.get(c.id)!, fonts)));
      batch.forEach((c, j) => files.push({ name: `charts/${c.id}.png`, bytes: pngs[j]! }));
    }
    options.onStage?.('report.html');
    // From the cut fonts when there are: HarfBuzz then reads 100 KB, not the 10 MB faces again.
    const fontData = subset?.data ?? assets.fontData;
    const fontCss = fontData ? await webFontCss(characters, fontData) : '';
    files.push({ name: 'report.html', bytes: utf8(renderHtml(report, svgs, assets.libraries, fontCss)) });
    options.onStage?.('report.pdf');
    files.push({ name: 'report.pdf', bytes: await renderPdf(report, svgs, fonts) });
  } finally {
    subset?.dispose();
  }
  for (const section of report.sections) for (const b of section.blocks) if (b.kind === 'table') files.push({ name: `tables/${b.id}.csv`, bytes: utf8(tableCsv(b)) });
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name)) throw new Error(`renderReportFiles: two files named '${f.name}'`);
    names.add(f.name);
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  files.push({ name: 'manifest.json', bytes: utf8(`${JSON.stringify(manifest(report, assets, files), null, 2)}\n`) });
  return files;
}

/** The manifest's content (also what `servq report --json` prints). */
export function manifest(report: Report, assets: ReportAssets, files: readonly ReportFile[]) {
  return {
    servq: { version: assets.version, commit: assets.commit },
    report: report.kind,
    title: report.title,
    language: report.lang,
    period: report.period,
    filters: report.provenance.filters,
    madeAt: report.madeAt,
    analyses: report.provenance.analyses,
    batches: report.provenance.batches,
    rowsLoaded: report.provenance.rows,
    dataQuality: report.provenance.dataQualityStatus,
    variants: report.provenance.variants,
    files: files.map((f) => ({ name: f.name, bytes: f.bytes.length, sha256: sha256(f.bytes) })),
  };
}
