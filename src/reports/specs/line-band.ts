/**
 * A series over time as a line, with a shaded 95 % band where the rows carry one (a forecast's prediction
 * interval) and optional series colours: "contacts per day, forecast with its band".
 */
import type { VegaLiteSpec } from '../report.js';
import { NEUTRAL, chartSpec } from './theme.js';

export interface LinePoint {
  /** ISO day (YYYY-MM-DD) or month (YYYY-MM-01). */
  readonly date: string;
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly series: string;
}

export interface LineBandOptions {
  readonly valueTitle: string;
  readonly dateTitle: string;
  readonly format: string;
  /** 'day' or 'month': the time unit of the axis labels. */
  readonly step: 'day' | 'month';
  readonly height?: number;
  readonly zero?: boolean;
}

export function lineBand(points: readonly LinePoint[], o: LineBandOptions): VegaLiteSpec {
  // Dates are days (UTC midnight when parsed): UTC time units (a UTC scale, labels formatted in UTC), or the axis
  // would move with the machine's time zone (a month's tick in New York is the evening before).
  const x = { field: 'date', type: 'temporal', timeUnit: o.step === 'month' ? 'utcyearmonth' : 'utcyearmonthdate', title: o.dateTitle, axis: { format: o.step === 'month' ? '%Y-%m' : '%m-%d', labelAngle: 0 } };
  const multi = new Set(points.map((p) => p.series)).size > 1;
  const color = multi ? { field: 'series', type: 'nominal', title: null } : { value: NEUTRAL };
  const y = { field: 'value', type: 'quantitative', title: o.valueTitle, axis: { format: o.format }, scale: { zero: o.zero ?? false } };
  const layers: Record<string, unknown>[] = [];
  if (points.some((p) => p.lower !== null)) {
    layers.push({
      transform: [{ filter: 'datum.lower != null' }],
      mark: { type: 'area', opacity: 0.2 },
      encoding: { x, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color },
    });
  }
  layers.push({
    transform: [{ filter: 'datum.value != null' }],
    mark: { type: 'line', point: points.length <= 40 },
    encoding: {
      x,
      y,
      color,
      tooltip: [
        { field: 'date', type: 'temporal', timeUnit: 'utcyearmonthdate', title: o.dateTitle, format: o.step === 'month' ? '%Y-%m' : '%Y-%m-%d' },
        { field: 'series', title: ' ' },
        { field: 'value', type: 'quantitative', title: o.valueTitle, format: o.format },
      ],
    },
  });
  return chartSpec({ height: o.height ?? 200, data: { values: points.map((p) => ({ ...p })) }, layer: layers });
}
