/**
 * A chart on the server: Vega-Lite → Vega (`vega-lite` compile) → a headless Vega View → SVG. No canvas and no
 * browser: text widths are Vega's estimate, so the same spec gives the same SVG on every machine. Vega escapes
 * the text it writes (a label holding `<script>` becomes `&lt;script&gt;`).
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '../report.js';

/** The Vega specification a Vega-Lite spec compiles to. */
export function compileSpec(spec: VegaLiteSpec): ReturnType<typeof compile>['spec'] {
  return compile(spec as unknown as TopLevelSpec).spec;
}

/** The chart as a standalone SVG document. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const view = new View(parse(compileSpec(spec)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
