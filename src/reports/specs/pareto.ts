/**
 * A Pareto chart: categories as bars in falling order of their share, the cumulative share as a line on the
 * same 0–100 % axis, and the 80 % line (Juran's "vital few").
 */
import type { VegaLiteSpec } from '../report.js';
import { MUTED, NEUTRAL, chartSpec } from './theme.js';

export interface ParetoBar {
  readonly label: string;
  readonly share: number;
  readonly cumulative: number;
  readonly n: number;
}

export function pareto(bars: readonly ParetoBar[], o: { readonly labelTitle: string; readonly shareTitle: string; readonly cumulativeTitle: string }): VegaLiteSpec {
  const x = { field: 'label', type: 'nominal', title: o.labelTitle, sort: null, axis: { labelAngle: -30 } };
  const tooltip = [{ field: 'label', title: o.labelTitle }, { field: 'share', type: 'quantitative', title: o.shareTitle, format: '.1%' }, { field: 'cumulative', type: 'quantitative', title: o.cumulativeTitle, format: '.1%' }, { field: 'n', title: 'n' }];
  const y = { type: 'quantitative', title: o.shareTitle, axis: { format: '%' }, scale: { domain: [0, 1] } };
  return chartSpec({
    height: 200,
    data: { values: bars.map((b) => ({ ...b })) },
    layer: [
      { mark: { type: 'bar', color: NEUTRAL, opacity: 0.85 }, encoding: { x, y: { field: 'share', ...y }, tooltip } },
      { mark: { type: 'line', color: '#E69F00', point: true }, encoding: { x, y: { field: 'cumulative', ...y }, tooltip } },
      { data: { values: [{ at: 0.8 }] }, mark: { type: 'rule', color: MUTED, strokeDash: [4, 3] }, encoding: { y: { field: 'at', type: 'quantitative' } } },
    ],
  });
}
