/**
 * `report.html`: one self-contained page — vega, vega-lite and vega-embed inlined (no network), a table of
 * contents, the server-made SVG of every chart in place (what prints, and what shows without JavaScript),
 * replaced by the interactive chart with tooltips once the page's script runs. Charts, tiles and table rows
 * never split across printed pages (`break-inside: avoid`). Every text from data is escaped.
 */
import { t } from '../labels.js';
import type { Block, Report, Tile } from '../report.js';
import { FONT_FAMILY, GOOD, BAD } from '../specs/theme.js';
import { chartsOf, sparklineId } from './charts.js';
import { escapeHtml as esc, scriptJson } from './escape.js';

export interface HtmlLibraries {
  /** The browser builds (minified UMD) of vega, vega-lite and vega-embed. */
  readonly vega: string;
  readonly vegaLite: string;
  readonly vegaEmbed: string;
}

const CSS = `
:root { --ink: #1a1a1a; --muted: #666; --rule: #ddd; }
* { box-sizing: border-box; }
body { font-family: '${FONT_FAMILY}', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Helvetica Neue', Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 980px; padding: 24px; line-height: 1.45; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; margin-top: 36px; } h3 { font-size: 14px; margin: 18px 0 6px; }
.sub, .made { color: var(--muted); margin: 2px 0; }
nav.toc ol { columns: 2; padding-left: 20px; } nav.toc a { color: var(--ink); }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 10px; }
.tile { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; break-inside: avoid; }
.tile .label { font-size: 12px; color: var(--muted); } .tile .value { font-size: 22px; font-weight: bold; }
.tile .delta { font-size: 12px; } .tile .target { font-size: 12px; color: var(--muted); }
.status { font-size: 11px; border-radius: 3px; padding: 0 4px; color: white; }
.status.met { background: ${GOOD}; } .status.at_risk { background: #B07800; } .status.missed { background: ${BAD}; }
figure { margin: 14px 0 22px; break-inside: avoid; page-break-inside: avoid; }
figure .chart svg, figure .chart canvas { max-width: 100%; height: auto; }
.reading { margin: 4px 0; } .variants { color: var(--muted); font-size: 11px; margin: 2px 0; }
.summary ul { padding-left: 18px; } .summary li { margin: 3px 0; }
.note { color: #444; font-style: italic; margin: 6px 0; }
table { border-collapse: collapse; font-size: 12px; margin: 6px 0 4px; width: 100%; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 6px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
.table-block { margin: 14px 0 22px; }
footer { margin-top: 40px; color: var(--muted); font-size: 11px; border-top: 1px solid var(--rule); }
@media print { body { max-width: none; padding: 0; } nav.toc { break-after: page; } h2 { break-after: avoid; } }
`;

function tileHtml(tile: Tile, id: string, svg: string | undefined, lang: Report['lang']): string {
  const status = tile.status ? ` <span class="status ${tile.status}">${esc(t(lang, tile.status))}</span>` : '';
  return `<div class="tile"><div class="label">${esc(tile.label)}</div><div class="value">${esc(tile.value)}</div>
<div class="delta">${tile.delta ? esc(tile.delta) + (tile.significant ? ' *' : '') : '&nbsp;'}</div>
<div class="target">${tile.target ? `${esc(t(lang, 'target'))} ${esc(tile.target)}` : '&nbsp;'}${status}</div>
${svg ? `<div class="chart spark" data-chart="${esc(id)}">${svg}</div>` : ''}${tile.note ? `<div class="note">${esc(tile.note)}</div>` : ''}</div>`;
}

function blockHtml(block: Block, svgs: ReadonlyMap<string, string>, lang: Report['lang']): string {
  switch (block.kind) {
    case 'tiles':
      return `<div class="tiles">${block.tiles.map((tile, i) => tileHtml(tile, sparklineId(block.id, i), tile.sparkline ? svgs.get(sparklineId(block.id, i)) : undefined, lang)).join('\n')}</div>`;
    case 'chart':
      return `<figure id="${esc(block.id)}"><h3>${esc(block.title)}</h3>
<div class="chart" data-chart="${esc(block.id)}" role="img" aria-label="${esc(block.alt)}">${svgs.get(block.id) ?? ''}</div>
<figcaption><p class="reading">${esc(block.reading)}</p>${block.variants.map((v) => `<p class="variants">${esc(v)}</p>`).join('')}</figcaption></figure>`;
    case 'table':
      return `<div class="table-block" id="${esc(block.id)}"><h3>${esc(block.title)}</h3><table><thead><tr>${block.columns.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('')}</tr></thead>
<tbody>${block.rows.map((r) => `<tr>${block.columns.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${esc(r[c.key] ?? '')}</td>`).join('')}</tr>`).join('\n')}</tbody></table>
${block.reading ? `<p class="reading">${esc(block.reading)}</p>` : ''}${block.variants.map((v) => `<p class="variants">${esc(v)}</p>`).join('')}</div>`;
    case 'note':
      return `<p class="note">${esc(block.text)}</p>`;
  }
}

/**
 * The page; `svgs` holds each chart's server-made SVG by id (see `chartsOf`); `fontCss` the `@font-face` rules of
 * the report font (web-font.ts), empty to leave fonts to the browser.
 */
export function renderHtml(report: Report, svgs: ReadonlyMap<string, string>, libraries: HtmlLibraries, fontCss = ''): string {
  const lang = report.lang;
  const specs = Object.fromEntries(chartsOf(report).map((c) => [c.id, c.spec]));
  const made = t(lang, 'madeAt', { at: report.madeAt, batches: report.provenance.batches.length > 0 ? report.provenance.batches.join(', ') : '–' });
  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-Hans' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(report.title)} — ${esc(report.period.label)}</title>
<style>${fontCss}${CSS}</style>
</head>
<body>
<header><h1>${esc(report.title)}</h1><p class="sub">${esc(report.subtitle)}</p><p class="made">${esc(made)}</p></header>
${report.summary.length > 0 ? `<section class="summary"><h2>${esc(t(lang, 'atAGlance'))}</h2><ul>${report.summary.map((x) => `<li><b>${esc(x.section)}:</b> ${esc(x.text)}</li>`).join('')}</ul></section>\n` : ''}<nav class="toc"><h2>${esc(t(lang, 'contents'))}</h2><ol>${report.sections.map((s) => `<li><a href="#s-${esc(s.id)}">${esc(s.title)}</a></li>`).join('')}</ol></nav>
<main>
${report.sections.map((s) => `<section id="s-${esc(s.id)}"><h2>${esc(s.title)}</h2>\n${s.blocks.map((b) => blockHtml(b, svgs, lang)).join('\n')}\n</section>`).join('\n')}
</main>
<footer><p>servq · ${esc(report.kind)} · ${esc(report.period.label)} · ${esc(made)} · manifest.json lists every file with its SHA-256.</p></footer>
<script type="application/json" id="servq-specs">${scriptJson(specs)}</script>
<script>${libraries.vega}</script>
<script>${libraries.vegaLite}</script>
<script>${libraries.vegaEmbed}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('servq-specs').textContent);
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var spec = specs[el.getAttribute('data-chart')];
    if (!spec) return;
    // The static SVG stays if the interactive chart fails; on success vega-embed replaces it.
    var holder = document.createElement('div');
    vegaEmbed(holder, spec, { renderer: 'svg', actions: false }).then(function () {
      el.replaceChildren(holder);
    }).catch(function (e) { console.error('servq chart ' + el.getAttribute('data-chart') + ': ' + e); });
  });
})();
</script>
</body>
</html>
`;
}
