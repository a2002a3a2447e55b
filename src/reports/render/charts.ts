/**
 * Every chart of a report with its file stem, in document order: the charts of the sections and the KPI tiles'
 * sparklines (`<tiles id>-<n>`). Ids are checked unique, since each names files.
 */
import type { Report, VegaLiteSpec } from '../report.js';

export interface ReportChart {
  readonly id: string;
  readonly spec: VegaLiteSpec;
}

export function sparklineId(tilesId: string, index: number): string {
  return `${tilesId}-${index + 1}`;
}

export function chartsOf(report: Report): ReportChart[] {
  const out: ReportChart[] = [];
  for (const section of report.sections) {
    for (const block of section.blocks) {
      if (block.kind === 'chart') out.push({ id: block.id, spec: block.spec });
      if (block.kind === 'tiles') block.tiles.forEach((tile, i) => tile.sparkline && out.push({ id: sparklineId(block.id, i), spec: tile.sparkline }));
    }
  }
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.id)) throw new Error(`chartsOf: two charts share the id '${c.id}'`);
    seen.add(c.id);
  }
  return out;
}
