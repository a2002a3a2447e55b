/**
 * SVG → PNG with resvg (a Rust renderer, no browser), at twice the CSS size for print. resvg draws no text
 * without fonts and never uses the system's here: the report's fonts are passed as files, so a clean machine
 * renders Latin and Chinese the same way.
 */
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FAMILY } from '../specs/theme.js';

export interface ReportFonts {
  /** TTF files of the report font (regular and bold): Noto Sans SC from its npm package. */
  readonly regular: string;
  readonly bold: string;
}

/**
 * resvg's options: the report fonts only (never the system's), white background, `scale` × the SVG's size. The
 * bold face only when the SVG asks for it: resvg loads every font file per drawing, and the bold file made a
 * chart's PNG ~20 ms slower (most charts have no bold text).
 */
export function resvgOptions(fonts: ReportFonts, scale: number, bold = true): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: bold ? [fonts.regular, fonts.bold] : [fonts.regular], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  };
}

const wantsBold = (svg: string) => /font-weight="(bold|[6-9]00)"/.test(svg);

/** The SVG drawn as a PNG at `scale` × its size. */
export function renderPng(svg: string, fonts: ReportFonts, scale = 2): Uint8Array {
  return new Resvg(svg, resvgOptions(fonts, scale, wantsBold(svg))).render().asPng();
}

/**
 * As `renderPng`, on libuv's thread pool (resvg's `renderAsync`): most of a chart's time is resvg loading the font
 * for its text (~80–200 ms a chart), which several charts then do at once on the machine's cores.
 */
export async function renderPngAsync(svg: string, fonts: ReportFonts, scale = 2): Promise<Uint8Array> {
  return (await renderAsync(svg, resvgOptions(fonts, scale, wantsBold(svg)))).asPng();
}
