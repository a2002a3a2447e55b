/**
 * A KPI tile's sparkline: the metric month by month, no axes, the last point marked (Tufte, "Beautiful
 * Evidence", 2006).
 */
import type { VegaLiteSpec } from '../report.js';
import { NEUTRAL, chartSpec } from './theme.js';

export function sparkline(points: readonly { readonly date: string; readonly value: number }[], format: string): VegaLiteSpec {
  // UTC time units: the same drawing in every machine time zone.
  const x = { field: 'date', type: 'temporal', timeUnit: 'utcyearmonth', axis: null };
  const y = { field: 'value', type: 'quantitative', axis: null, scale: { zero: false } };
  const tooltip = [{ field: 'date', type: 'temporal', timeUnit: 'utcyearmonth', format: '%Y-%m', title: ' ' }, { field: 'value', type: 'quantitative', format, title: ' ' }];
  return chartSpec(
    {
      height: 36,
      padding: 2,
      data: { values: points.map((p) => ({ ...p })) },
      layer: [
        { mark: { type: 'line', color: NEUTRAL, strokeWidth: 1.5 }, encoding: { x, y, tooltip } },
        { transform: [{ window: [{ op: 'row_number', as: 'i' }] }, { joinaggregate: [{ op: 'count', as: 'count' }] }, { filter: 'datum.i == datum.count' }], mark: { type: 'point', filled: true, color: NEUTRAL, size: 20 }, encoding: { x, y, tooltip } },
      ],
    },
    { width: 150 },
  );
}
