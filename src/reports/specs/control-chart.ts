/**
 * A Shewhart control chart: the daily statistic as a line, the centre line, the control limits (a step line
 * when they vary with the day's size, as on a p-chart) and the points a rule flagged in a contrasting colour
 * and shape (Montgomery, "Introduction to Statistical Quality Control", ch. 6–7; Western Electric rules).
 */
import type { VegaLiteSpec } from '../report.js';
import { BAD, MUTED, NEUTRAL, chartSpec } from './theme.js';

export interface ControlPoint {
  readonly date: string;
  readonly value: number;
  readonly centre: number;
  readonly lower: number;
  readonly upper: number;
  readonly flagged: boolean;
  /** The rule(s) that flagged it, for the tooltip. */
  readonly signals: string;
}

export interface ControlChartOptions {
  readonly valueTitle: string;
  readonly dateTitle: string;
  readonly format: string;
  readonly flaggedLabel: string;
}

export function controlChart(points: readonly ControlPoint[], o: ControlChartOptions): VegaLiteSpec {
  // Days on a UTC scale, formatted in UTC: the same chart in every machine's time zone.
  const x = { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: o.dateTitle, axis: { format: '%m-%d', labelAngle: 0 } };
  const q = (field: string) => ({ field, type: 'quantitative', title: o.valueTitle, axis: { format: o.format }, scale: { zero: false } });
  return chartSpec({
    height: 180,
    data: { values: points.map((p) => ({ ...p })) },
    layer: [
      { mark: { type: 'line', interpolate: 'step-after', color: MUTED, strokeDash: [4, 3] }, encoding: { x, y: q('upper') } },
      { mark: { type: 'line', interpolate: 'step-after', color: MUTED, strokeDash: [4, 3] }, encoding: { x, y: q('lower') } },
      { mark: { type: 'line', color: '#333333', strokeWidth: 1 }, encoding: { x, y: q('centre') } },
      { mark: { type: 'line', color: NEUTRAL, strokeWidth: 1.2 }, encoding: { x, y: q('value') } },
      {
        transform: [{ filter: 'datum.flagged' }],
        mark: { type: 'point', shape: 'diamond', filled: true, color: BAD, size: 40 },
        encoding: {
          x,
          y: q('value'),
          tooltip: [
            { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: o.dateTitle, format: '%Y-%m-%d' },
            { field: 'value', type: 'quantitative', title: o.valueTitle, format: o.format },
            { field: 'signals', title: o.flaggedLabel },
          ],
        },
      },
    ],
  });
}
