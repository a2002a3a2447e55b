/**
 * SVG → PNG with resvg (a Rust renderer, no browser), at twice the CSS size for print. resvg draws no text
 * without fonts and never uses the system's here: the report's fonts are passed as files, so a clean machine
 * renders Latin and Chinese the same way.
 */
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FAMILY } from '../specs/theme.js';

export interface ReportFonts {
  /** TTF files of the report font (regular and bold): Noto Sans SC from its npm package. */
  readonly regular: string;
  readonly bold: string;
}

/** resvg's options: the report fonts only (never the system's), white background, `scale` × the SVG's size. */
export function resvgOptions(fonts: ReportFonts, scale: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: [fonts.regular, fonts.bold], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  };
}

/** The SVG drawn as a PNG at `scale` × its size. */
export function renderPng(svg: string, fonts: ReportFonts, scale = 2): Uint8Array {
  return new Resvg(svg, resvgOptions(fonts, scale)).render().asPng();
}
