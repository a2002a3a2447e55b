/**
 * A key-driver quadrant (importance–performance analysis, Martilla & James 1977): each item placed by its
 * importance (share of R²) and its performance (top-two-box share), split at the means, labelled with the
 * quadrant the analysis assigned (improve / maintain / …).
 */
import type { VegaLiteSpec } from '../report.js';
import { MUTED, chartSpec } from './theme.js';

export interface QuadrantPoint {
  readonly label: string;
  readonly importance: number;
  readonly performance: number;
  readonly quadrant: string;
}

export function quadrant(points: readonly QuadrantPoint[], o: { readonly importanceTitle: string; readonly performanceTitle: string; readonly quadrantTitle: string }): VegaLiteSpec {
  const meanI = points.reduce((s, p) => s + p.importance, 0) / Math.max(1, points.length);
  const meanP = points.reduce((s, p) => s + p.performance, 0) / Math.max(1, points.length);
  const x = { field: 'importance', type: 'quantitative', title: o.importanceTitle, axis: { format: '%' }, scale: { zero: false, nice: true } };
  const y = { field: 'performance', type: 'quantitative', title: o.performanceTitle, axis: { format: '%' }, scale: { zero: false, nice: true } };
  const color = { field: 'quadrant', type: 'nominal', title: o.quadrantTitle };
  return chartSpec({
    height: 260,
    data: { values: points.map((p) => ({ ...p })) },
    layer: [
      { data: { values: [{ at: meanI }] }, mark: { type: 'rule', color: MUTED, strokeDash: [4, 3] }, encoding: { x: { field: 'at', type: 'quantitative' } } },
      { data: { values: [{ at: meanP }] }, mark: { type: 'rule', color: MUTED, strokeDash: [4, 3] }, encoding: { y: { field: 'at', type: 'quantitative' } } },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: { x, y, color, tooltip: [{ field: 'label', title: ' ' }, { field: 'importance', type: 'quantitative', title: o.importanceTitle, format: '.1%' }, { field: 'performance', type: 'quantitative', title: o.performanceTitle, format: '.1%' }, { field: 'quadrant', title: o.quadrantTitle }] },
      },
      { mark: { type: 'text', align: 'left', dx: 7, fontSize: 10 }, encoding: { x, y, text: { field: 'label' } } },
    ],
  });
}
