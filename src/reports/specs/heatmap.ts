/**
 * A weekday × hour heat map (e.g. agents required per interval): rows in weekday order, hours 00–23, one
 * sequential colour scheme (viridis, readable in grey and with colour-vision deficiencies).
 */
import type { VegaLiteSpec } from '../report.js';
import { chartSpec } from './theme.js';

export interface HeatCell {
  readonly row: string;
  readonly column: string;
  readonly value: number;
}

export function heatmap(cells: readonly HeatCell[], o: { readonly rowTitle: string; readonly columnTitle: string; readonly valueTitle: string; readonly rowOrder: readonly string[] }): VegaLiteSpec {
  return chartSpec({
    height: { step: 20 },
    data: { values: cells.map((c) => ({ ...c })) },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'column', type: 'ordinal', title: o.columnTitle, axis: { labelAngle: 0 } },
      y: { field: 'row', type: 'ordinal', title: o.rowTitle, sort: [...o.rowOrder] },
      color: { field: 'value', type: 'quantitative', title: o.valueTitle, scale: { scheme: 'viridis' } },
      tooltip: [{ field: 'row', title: o.rowTitle }, { field: 'column', title: o.columnTitle }, { field: 'value', type: 'quantitative', title: o.valueTitle }],
    },
  });
}
