/**
 * Horizontal bars of a value per group with its 95 % interval as an error bar and the previous period as a grey
 * tick: "service level by channel (each against its own answer-time standard, named in the group)".
 */
import type { VegaLiteSpec } from '../report.js';
import { MUTED, NEUTRAL, chartSpec } from './theme.js';

export interface IntervalBar {
  readonly group: string;
  readonly value: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly previous: number | null;
  /** Text for the tooltip (value, interval, n). */
  readonly detail: string;
}

export interface IntervalBarsOptions {
  readonly groupTitle: string;
  readonly valueTitle: string;
  /** d3-format of the value axis ('%' for shares). */
  readonly format: string;
  readonly previousLabel: string;
}

export function intervalBars(rows: readonly IntervalBar[], o: IntervalBarsOptions): VegaLiteSpec {
  const x = { field: 'value', type: 'quantitative', title: o.valueTitle, axis: { format: o.format } };
  const y = { field: 'group', type: 'nominal', title: o.groupTitle, sort: null };
  const layers: Record<string, unknown>[] = [
    { mark: { type: 'bar', color: NEUTRAL, opacity: 0.85 }, encoding: { x, y, tooltip: [{ field: 'group', title: o.groupTitle }, { field: 'detail', title: o.valueTitle }] } },
    {
      transform: [{ filter: 'datum.lower != null' }],
      mark: { type: 'rule', color: '#333333' },
      encoding: { x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, y },
    },
  ];
  if (rows.some((r) => r.previous !== null)) {
    layers.push({
      transform: [{ filter: 'datum.previous != null' }],
      mark: { type: 'tick', color: MUTED, thickness: 3 },
      encoding: { x: { field: 'previous', type: 'quantitative' }, y, tooltip: [{ field: 'previous', title: o.previousLabel, format: o.format }] },
    });
  }
  return chartSpec({ height: { step: 28 }, data: { values: rows.map((r) => ({ ...r })) }, layer: layers });
}
