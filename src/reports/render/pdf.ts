/**
 * `report.pdf` without a browser: pdfkit lays out the pages (A4), svg-to-pdfkit draws each chart's server-made
 * SVG as vectors, and the report font (Noto Sans SC, Latin and Chinese) is embedded as a subset of the glyphs
 * used. A chart, a tile row or a table row never splits across pages: what does not fit on the rest of a page
 * starts the next one; a long table repeats its header. Contents link to the sections, which are also PDF
 * bookmarks. The creation date is the report's `madeAt`, so the same report gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { t } from '../labels.js';
import type { ChartBlock, Report, TableBlock, Tile } from '../report.js';
import { BAD, GOOD } from '../specs/theme.js';
import { sparklineId } from './charts.js';
import type { ReportFonts } from './png.js';

const MARGIN = 48;

/**
 * Text as the PDF font can draw it: composed (NFC), and combining marks with no composed form (the hat of p̂ in
 * a definition) dropped, since Noto Sans SC has no glyph for them and would print a box.
 */
export function pdfSafe(text: string): string {
  return text.normalize('NFC').replace(/\p{M}/gu, '');
}
const REGULAR = 'servq-regular';
const BOLD = 'servq-bold';
const MUTED = '#666666';

/** The report as PDF bytes; `svgs` holds each chart's SVG by id. */
export async function renderPdf(original: Report, svgs: ReadonlyMap<string, string>, fonts: ReportFonts): Promise<Uint8Array> {
  const report = JSON.parse(JSON.stringify(original), (_key, value: unknown) => (typeof value === 'string' ? pdfSafe(value) : value)) as Report;
  const made = new Date(report.madeAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: `${report.title} — ${report.period.label}`, Author: 'servq', Subject: report.subtitle, Producer: 'servq (pdfkit)', Creator: 'servq', CreationDate: made, ModDate: made },
    lang: report.lang === 'zh' ? 'zh-Hans' : 'en',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  const lang = report.lang;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const fontCallback = (_family: string, bold: boolean) => (bold ? BOLD : REGULAR);

  // Title and contents.
  doc.font(BOLD).fontSize(20).fillColor('black').text(report.title, { width });
  doc.font(REGULAR).fontSize(11).fillColor(MUTED).text(report.subtitle, { width });
  doc.text(t(lang, 'madeAt', { at: report.madeAt, batches: report.provenance.batches.join(', ') || '–' }), { width });
  doc.moveDown(1);
  if (report.summary.length > 0) {
    doc.font(BOLD).fontSize(14).fillColor('black').text(t(lang, 'atAGlance'), { width });
    doc.moveDown(0.2);
    for (const x of report.summary) {
      doc.font(BOLD).fontSize(9.5).fillColor('black').text(`${x.section}: `, { width, continued: true });
      doc.font(REGULAR).text(x.text, { width });
      doc.moveDown(0.15);
    }
    doc.moveDown(0.8);
  }
  // A one-section report (the scorecard) is one page: no contents, the section right under the title.
  const contents = report.sections.length > 1;
  if (contents) {
    doc.font(BOLD).fontSize(14).fillColor('black').text(t(lang, 'contents'));
    doc.font(REGULAR).fontSize(11);
    report.sections.forEach((s, i) => doc.fillColor('#0072B2').text(`${i + 1}. ${s.title}`, { goTo: `s-${s.id}`, width }));
    doc.fillColor('black');
  }

  for (const [index, section] of report.sections.entries()) {
    if ((index === 0 && contents) || doc.y > doc.page.height * 0.6) doc.addPage();
    else doc.moveDown(1.5);
    doc.addNamedDestination(`s-${section.id}`);
    doc.outline.addItem(section.title);
    doc.font(BOLD).fontSize(15).fillColor('black').text(`${index + 1}. ${section.title}`, MARGIN, doc.y, { width });
    doc.moveTo(MARGIN, doc.y + 2).lineTo(MARGIN + width, doc.y + 2).lineWidth(1).strokeColor('black').stroke();
    doc.moveDown(0.6);
    for (const block of section.blocks) {
      if (block.kind === 'note') {
        doc.font(REGULAR).fontSize(9.5).fillColor('#444444');
        ensure(doc.heightOfString(block.text, { width }));
        doc.text(block.text, MARGIN, doc.y, { width });
        doc.moveDown(0.5);
      } else if (block.kind === 'chart') {
        chart(doc, block, svgs.get(block.id), width, ensure, fontCallback);
      } else if (block.kind === 'table') {
        table(doc, block, width, bottom);
      } else {
        tiles(doc, block.tiles, block.id, svgs, width, ensure, fontCallback, lang);
      }
    }
  }

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text below the bottom margin would make pdfkit start a new page: the footer writes with no margin.
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(8).fillColor(MUTED).text(`${report.title} · ${report.period.label} · ${i + 1} / ${range.count}`, MARGIN, doc.page.height - MARGIN + 16, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

type Ensure = (height: number) => void;
type FontCallback = (family: string, bold: boolean, italic: boolean) => string;

function svgSize(svg: string): { width: number; height: number } {
  const w = /<svg[^>]*\bwidth="([\d.]+)"/.exec(svg);
  const h = /<svg[^>]*\bheight="([\d.]+)"/.exec(svg);
  return { width: Number(w?.[1] ?? 400), height: Number(h?.[1] ?? 300) };
}

/**
 * svg-to-pdfkit sizes a drawing by its root element's width and height (px, × 0.75 into points), not by the
 * size it is asked for: the root is given the target size in points (`assumePt`), and the viewBox scales the
 * content into it.
 */
function drawSvg(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, width: number, height: number, fontCallback: FontCallback): void {
  const sized = svg.replace(/^<svg([^>]*?)\swidth="[\d.]+"([^>]*?)\sheight="[\d.]+"/, `<svg$1 width="${width.toFixed(2)}"$2 height="${height.toFixed(2)}"`);
  SVGtoPDF(doc, sized, x, y, { width, height, fontCallback, assumePt: true });
}

function chart(doc: PDFKit.PDFDocument, block: ChartBlock, svg: string | undefined, width: number, ensure: Ensure, fontCallback: FontCallback): void {
  const size = svg ? svgSize(svg) : { width: 0, height: 0 };
  // CSS pixels → points at 0.75, and never wider than the text column.
  const scale = Math.min(0.75, width / Math.max(1, size.width));
  const h = size.height * scale;
  doc.font(BOLD).fontSize(11);
  const titleH = doc.heightOfString(block.title, { width });
  doc.font(REGULAR).fontSize(9.5);
  const readingH = doc.heightOfString(block.reading || ' ', { width });
  ensure(titleH + h + readingH + 12);
  doc.font(BOLD).fontSize(11).fillColor('black').text(block.title, doc.page.margins.left, doc.y, { width });
  if (svg) {
    const y = doc.y + 4;
    drawSvg(doc, svg, doc.page.margins.left, y, size.width * scale, h, fontCallback);
    doc.y = y + h + 4;
  }
  doc.font(REGULAR).fontSize(9.5).fillColor('black').text(block.reading, doc.page.margins.left, doc.y, { width });
  doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
  for (const v of block.variants) doc.text(v, { width });
  doc.moveDown(0.8);
}

function table(doc: PDFKit.PDFDocument, block: TableBlock, width: number, bottom: () => number): void {
  const left = doc.page.margins.left;
  const size = block.columns.length > 8 ? 6.5 : 8;
  doc.font(REGULAR).fontSize(size);
  // Column widths in proportion to their longest text (header or cell), capped so one column cannot take all.
  const lengths = block.columns.map((c) => Math.min(180, Math.max(doc.widthOfString(c.label), ...block.rows.map((r) => doc.widthOfString(r[c.key] ?? ''))) + 8));
  const total = lengths.reduce((s, x) => s + x, 0);
  const widths = lengths.map((l) => (l / total) * width);
  const rowHeight = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 4 }))) + 4;
  };
  const drawRow = (cells: readonly string[], font: string, numeric: readonly boolean[]) => {
    const h = rowHeight(cells, font);
    const y = doc.y;
    let x = left;
    doc.font(font).fontSize(size).fillColor('black');
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y + 2, { width: widths[i]! - 4, align: numeric[i] ? 'right' : 'left' });
      x += widths[i]!;
    });
    doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.4).strokeColor('#cccccc').stroke();
    doc.x = left;
    doc.y = y + h;
  };
  const header = block.columns.map((c) => c.label);
  const numeric = block.columns.map((c) => c.numeric);
  doc.font(BOLD).fontSize(11);
  const titleH = doc.heightOfString(block.title, { width });
  const first = block.rows[0] ? rowHeight(block.columns.map((c) => block.rows[0]![c.key] ?? ''), REGULAR) : 0;
  if (doc.y + titleH + rowHeight(header, BOLD) + first > bottom()) doc.addPage();
  doc.font(BOLD).fontSize(11).fillColor('black').text(block.title, left, doc.y, { width });
  doc.moveDown(0.2);
  drawRow(header, BOLD, numeric);
  for (const r of block.rows) {
    const cells = block.columns.map((c) => r[c.key] ?? '');
    if (doc.y + rowHeight(cells, REGULAR) > bottom()) {
      doc.addPage();
      drawRow(header, BOLD, numeric);
    }
    drawRow(cells, REGULAR, numeric);
  }
  doc.moveDown(0.3);
  if (block.reading) doc.font(REGULAR).fontSize(9.5).fillColor('black').text(block.reading, left, doc.y, { width });
  doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
  for (const v of block.variants) doc.text(v, left, doc.y, { width });
  doc.moveDown(0.8);
}

function tiles(doc: PDFKit.PDFDocument, list: readonly Tile[], id: string, svgs: ReadonlyMap<string, string>, width: number, ensure: Ensure, fontCallback: FontCallback, lang: Report['lang']): void {
  const perRow = 3;
  const gap = 8;
  const w = (width - gap * (perRow - 1)) / perRow;
  const h = 96;
  const left = doc.page.margins.left;
  for (let start = 0; start < list.length; start += perRow) {
    ensure(h + gap);
    const y = doc.y;
    list.slice(start, start + perRow).forEach((tile, j) => {
      const x = left + j * (w + gap);
      doc.roundedRect(x, y, w, h, 4).lineWidth(0.6).strokeColor('#cccccc').stroke();
      doc.font(REGULAR).fontSize(8).fillColor(MUTED).text(tile.label, x + 6, y + 5, { width: w - 12, lineBreak: false, ellipsis: true });
      doc.font(BOLD).fontSize(16).fillColor('black').text(tile.value, x + 6, y + 17, { width: w - 12, lineBreak: false });
      doc.font(REGULAR).fontSize(8).fillColor('black').text(tile.delta ? `${tile.delta}${tile.significant ? ' *' : ''}` : ' ', x + 6, y + 38, { width: w - 12, lineBreak: false });
      if (tile.target) {
        const status = tile.status ? ` · ${t(lang, tile.status)}` : '';
        doc.fillColor(tile.status === 'met' ? GOOD : tile.status === 'missed' ? BAD : MUTED).text(`${t(lang, 'target')} ${tile.target}${status}`, x + 6, y + 49, { width: w - 12, lineBreak: false });
      }
      const svg = tile.sparkline ? svgs.get(sparklineId(id, start + j)) : undefined;
      if (svg) {
        const size = svgSize(svg);
        const scale = Math.min((w - 12) / size.width, 30 / size.height);
        drawSvg(doc, svg, x + 6, y + 62, size.width * scale, size.height * scale, fontCallback);
      }
    });
    doc.x = left;
    doc.y = y + h + gap;
  }
  doc.moveDown(0.4);
}
