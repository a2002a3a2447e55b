/**
 * The look every chart shares: one font that carries Latin and Chinese (Noto Sans SC, shipped as TTF by an npm
 * package and registered with resvg, the PDF writer and the HTML page), the Okabe–Ito palette (distinguishable
 * with the common colour-vision deficiencies; Okabe & Ito 2008, "Color Universal Design"), a fixed width so a
 * chart fits an A4 page, and the schema URL the Vega-Lite validator checks against.
 */
import type { VegaLiteSpec } from '../report.js';

export const FONT_FAMILY = 'Noto Sans SC';
/** Okabe–Ito: blue, orange, bluish green, vermillion, sky blue, reddish purple, yellow, black. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'] as const;
/** Marks that mean "good / bad / neutral" (a flagged point, a met target). */
export const GOOD = '#009E73';
export const BAD = '#D55E00';
export const NEUTRAL = '#0072B2';
export const MUTED = '#999999';
/** Chart width in CSS pixels (A4's text width at 96 dpi is ~640). */
export const CHART_WIDTH = 560;

const CONFIG = {
  font: FONT_FAMILY,
  background: 'white',
  view: { stroke: null },
  range: { category: [...PALETTE] },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', gridColor: '#e6e6e6', labelLimit: 260 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', labelLimit: 260 },
  title: { fontSize: 13, anchor: 'start', fontWeight: 'bold' },
} as const;

/** A top-level spec: schema, shared config, width (unless the body sets its own), then the body. */
export function chartSpec(body: Readonly<Record<string, unknown>>, options: { readonly width?: number | 'container' } = {}): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width ?? CHART_WIDTH,
    ...body,
    config: CONFIG,
  };
}
