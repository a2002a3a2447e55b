/**
 * Targets as bullet graphs (Few, "Bullet Graph Design Specification", 2006): each target's actual as a bar with
 * its 95 % interval, the target as a tick, coloured by status (met / at risk / missed).
 */
import type { VegaLiteSpec } from '../report.js';
import { BAD, GOOD, chartSpec } from './theme.js';

export interface BulletRow {
  readonly label: string;
  readonly actual: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly target: number;
  readonly status: string;
  readonly statusLabel: string;
}

export function bullet(rows: readonly BulletRow[], o: { readonly actualTitle: string; readonly targetTitle: string; readonly statusTitle: string; readonly format: string; readonly statusLabels: readonly [met: string, atRisk: string, missed: string] }): VegaLiteSpec {
  const y = { field: 'label', type: 'nominal', title: null, sort: null };
  const x = { field: 'actual', type: 'quantitative', title: o.actualTitle, axis: { format: o.format }, scale: { domain: [0, 1] } };
  return chartSpec({
    height: { step: 34 },
    data: { values: rows.map((r) => ({ ...r })) },
    layer: [
      {
        mark: { type: 'bar', size: 16 },
        encoding: {
          x,
          y,
          color: { field: 'statusLabel', type: 'nominal', title: o.statusTitle, scale: { domain: [...o.statusLabels], range: [GOOD, '#E69F00', BAD] } },
          tooltip: [{ field: 'label', title: ' ' }, { field: 'actual', type: 'quantitative', title: o.actualTitle, format: '.1%' }, { field: 'target', type: 'quantitative', title: o.targetTitle, format: '.1%' }, { field: 'statusLabel', title: o.statusTitle }],
        },
      },
      { transform: [{ filter: 'datum.lower != null' }], mark: { type: 'rule', color: '#333333' }, encoding: { x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, y } },
      { mark: { type: 'tick', color: '#000000', thickness: 3, size: 28 }, encoding: { x: { field: 'target', type: 'quantitative' }, y } },
    ],
  });
}
