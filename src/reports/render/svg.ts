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
    return stableIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers gradients and clip paths from counters global to the process (`gradient_0`, then `gradient_1` in
 * the next chart drawn): the same chart would differ with what was drawn before it. Ids are renumbered per SVG,
 * in order of appearance, with the references to them.
 */
export function stableIds(svg: string): string {
  // Only inside tags: text from data can hold ' id="…"' too (its '<' is escaped, so a tag never starts in it).
  const ids = [...svg.matchAll(/<[a-zA-Z][^<>]*?\sid="([^"]+)"/g)].map((m) => m[1]!);
  if (ids.length === 0) return svg;
  const renamed = new Map(ids.map((id, i) => [id, `servq-${i + 1}`]));
  return svg
    .replace(/(<[a-zA-Z][^<>]*?\sid=")([^"]+)(")/g, (m, a: string, id: string, b: string) => `${a}${renamed.get(id) ?? id}${b}`)
    .replace(/url\(#([^)]+)\)/g, (m, id: string) => (renamed.has(id) ? `url(#${renamed.get(id)})` : m))
    .replace(/(href=")#([^"]+)(")/g, (m, a: string, id: string, b: string) => (renamed.has(id) ? `${a}#${renamed.get(id)}${b}` : m));
}
