/**
 * The report font for `report.html`: Noto Sans SC cut down to the characters the page uses (HarfBuzz's subsetter
 * through `subset-font`), as WOFF inlined in `@font-face` rules. A reader's machine without a Chinese font then
 * shows the page's Chinese, not empty boxes, and every machine shows the same face as the PDF and PNGs. A Chinese
 * quarterly report's page uses ~450 distinct characters: ~100 KB of font per weight, subset in ~50–150 ms.
 */
import subsetFont from 'subset-font';
import { FONT_FAMILY } from '../specs/theme.js';

export interface FontData {
  /** The TTF bytes of the regular and bold faces. */
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

/** Printable ASCII is always in: numbers and labels the interactive charts format in the browser. */
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/** The distinct characters of `text` plus printable ASCII, in code point order (the same text gives the same subset). */
export function fontCharacters(text: string): string {
  return [...new Set([...ASCII, ...text])].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join('');
}

/** The face cut to `characters` (HarfBuzz's subsetter), as TrueType or WOFF bytes. */
export async function subsetFontFile(font: Uint8Array, characters: string, format: 'truetype' | 'woff'): Promise<Uint8Array> {
  return subsetFont(font, characters, { targetFormat: format });
}

/** `@font-face` rules for the report font (400 and 700) holding the glyphs of `characters` (see fontCharacters). */
export async function webFontCss(characters: string, fonts: FontData): Promise<string> {
  const face = async (bytes: Uint8Array, weight: number) => {
    const woff = await subsetFontFile(bytes, characters, 'woff');
    return `@font-face { font-family: '${FONT_FAMILY}'; font-style: normal; font-weight: ${weight}; font-display: block; src: url(data:font/woff;base64,${Buffer.from(woff).toString('base64')}) format('woff'); }`;
  };
  return `${await face(fonts.regular, 400)}\n${await face(fonts.bold, 700)}\n`;
}
