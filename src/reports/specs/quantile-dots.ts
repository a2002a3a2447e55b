/**
 * A skewed duration's distribution in three numbers per measure — median, mean and 90th percentile as dots on a
 * log time axis (hours): the gap between median and p90 shows the tail a mean alone hides (Cleveland dot plot).
 */
import type { VegaLiteSpec } from '../report.js';
import { chartSpec, PALETTE } from './theme.js';

export interface QuantileDot {
  readonly measure: string;
  readonly statistic: string;
  readonly hours: number;
  /** The value as printed, for the tooltip. */
  readonly text: string;
}

export function quantileDots(dots: readonly QuantileDot[], o: { readonly hoursTitle: string; readonly statistics: readonly string[] }): VegaLiteSpec {
  const y = { field: 'measure', type: 'nominal', title: null, sort: null };
  return chartSpec({
    height: { step: 36 },
    data: { values: dots.map((d) => ({ ...d })) },
    layer: [
      { mark: { type: 'rule', color: '#bbbbbb' }, encoding: { y, x: { aggregate: 'min', field: 'hours', type: 'quantitative' }, x2: { aggregate: 'max', field: 'hours' } } },
      {
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          y,
          x: { field: 'hours', type: 'quantitative', title: o.hoursTitle, scale: { type: 'log' } },
          color: { field: 'statistic', type: 'nominal', title: null, scale: { domain: [...o.statistics], range: [PALETTE[0], PALETTE[1], PALETTE[3]] } },
          shape: { field: 'statistic', type: 'nominal', title: null, scale: { domain: [...o.statistics], range: ['circle', 'diamond', 'square'] } },
          tooltip: [{ field: 'measure', title: ' ' }, { field: 'statistic', title: ' ' }, { field: 'text', title: ' ' }],
        },
      },
    ],
  });
}
