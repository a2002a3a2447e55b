/**
 * Report builders and renderers without a database (hand-made analysis documents, test/reports/report-fixtures.ts):
 * what each section says, notes instead of empty charts, Vega-Lite validity, escaping of text from data in HTML,
 * SVG and CSV, and byte-identical files from the same inputs.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, chartsOf, renderHtml, renderReportFiles, renderSvg, sha256 } from '../../src/reports/index.js';
import { formatChange, formatValue } from '../../src/reports/format.js';
import { reportCharacters, tableCsv } from '../../src/reports/render/report-files.js';
import { pdfSafe } from '../../src/reports/render/pdf.js';
import type { ReportInputs } from '../../src/reports/report.js';
import { reportAssets } from '../../src/cli/report-assets.js';
import { EMPTY_QUALITY, sampleInputs } from './report-fixtures.js';
import { specProblems } from './vega-lite-schema.js';

const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`;
const noLibraries = { vega: '', vegaLite: '', vegaEmbed: '' };

describe('buildReport', () => {
  it('writes the headline from the numbers: tiles with change, significance, target status and a sparkline; the reading sentence', () => {
    const report = buildReport(sampleInputs('quarterly', 'en'));
    expect(report.sections.map((s) => s.id)).toEqual(['headline', 'service-level', 'targets', 'trends', 'control', 'complaints', 'surveys', 'themes', 'segments', 'tree', 'scorecards', 'training', 'staffing', 'data-quality']);
    const headline = report.sections[0]!;
    const tiles = headline.blocks.find((b) => b.kind === 'tiles');
    expect(tiles?.kind === 'tiles' && tiles.tiles.map((t) => [t.label, t.value, t.delta, t.significant, t.status, t.target])).toEqual([
      ['Contacts offered', '14,853', '+809', false, null, null],
      ['Service level', '61.2%', '-5.0 pp', true, null, null],
      ['Satisfaction (CSAT)', '77.8%', '-0.5 pp', false, 'missed', '≥ 90.0%'],
      ['First-contact resolution', '56.2%', '-0.3 pp', false, 'at_risk', '≥ 60.0%'],
    ]);
    // A change per year of a share is in percentage points, signed.
    const trendTable = report.sections.find((x) => x.id === 'trends')!.blocks.find((b) => b.kind === 'table');
    expect(trendTable?.kind === 'table' && trendTable.rows[0]!['slope_per_year']).toBe('+2.0 pp');
    expect(tiles?.kind === 'tiles' && tiles.tiles[1]!.sparkline).toBeTruthy();
    expect(headline.blocks).toContainEqual({ kind: 'note', text: 'Service level fell from 66.1% to 61.2% against 2025-Q4 (significant, adjusted p < 0.001).' });
    const durations = report.sections.find((x) => x.id === 'complaints')!.blocks.find((b) => b.kind === 'chart' && b.id === 'complaints-durations-chart');
    expect(durations?.kind === 'chart' && durations.reading).toBe('Half the complaints were resolved within 18.0h, but one in ten took longer than 3.0d.');
    // A zero median has no place on the log axis: the chart leaves it out, the table keeps it.
    expect(durations?.kind === 'chart' && (durations.spec['data'] as { values: { measure: string }[] }).values.map((v) => v.measure)).toEqual(['Resolution', 'Resolution', 'Resolution']);
    const sl = report.sections[1]!.blocks.find((b) => b.kind === 'chart');
    expect(sl?.kind === 'chart' && sl.reading).toMatch(/^Service level \(plain\) fell from 80\.0% to 75\.0% against 2025-Q4 \(significant, adjusted p < 0\.001\)\.$/);
    expect(report.provenance).toMatchObject({ batches: [1, 2], dataQualityStatus: 'failed_files' });
    expect(report.summary.slice(0, 2)).toEqual([
      { section: 'Headline KPIs', text: 'Service level fell from 66.1% to 61.2% against 2025-Q4 (significant, adjusted p < 0.001).' },
      { section: 'Service level by channel', text: 'Service level (plain) fell from 80.0% to 75.0% against 2025-Q4 (significant, adjusted p < 0.001).' },
    ]);
  });

  it('says in Chinese what it says in English (--lang zh)', () => {
    const report = buildReport(sampleInputs('quarterly', 'zh'));
    expect(report.title).toBe('季度服务质量报告');
    expect(report.sections[0]!.title).toBe('核心指标');
    expect(report.sections[0]!.blocks).toContainEqual({ kind: 'note', text: '服务水平较 2025-Q4 从 66.1% 下降至 61.2%（显著，校正后 p < 0.001）。' });
  });

  it('gives a note saying why, never an empty chart, for parts without data', () => {
    const inputs: ReportInputs = { ...sampleInputs('quarterly', 'en'), documents: {}, errors: { kpis: 'no contacts between 2026-01-01 and 2026-03-31' }, monthly: null, dataQuality: EMPTY_QUALITY };
    const report = buildReport(inputs);
    for (const s of report.sections.filter((x) => x.id !== 'data-quality')) {
      expect(s.blocks.length, s.id).toBeGreaterThan(0);
      expect(s.blocks.every((b) => b.kind === 'note'), s.id).toBe(true);
    }
    expect(report.sections[0]!.blocks[0]).toEqual({ kind: 'note', text: 'This part could not be computed: no contacts between 2026-01-01 and 2026-03-31' });
    expect(chartsOf(report)).toEqual([]);
  });

  it('builds the specs of its snapshots (a changed chart shows as a diff to review: `vitest -u` accepts it)', async () => {
    const charts = new Map(chartsOf(buildReport(sampleInputs('quarterly', 'en'))).map((c) => [c.id, c.spec]));
    for (const id of ['service-level-by-channel', 'complaints-pareto-category', 'targets-bullet', 'headline-tiles-2']) {
      await expect(`${JSON.stringify(charts.get(id), null, 2)}\n`).toMatchFileSnapshot(`__snapshots__/specs/${id}.vl.json`);
    }
  });

  it('builds only valid Vega-Lite specs that compile', () => {
    for (const kind of ['quarterly', 'scorecard'] as const) {
      for (const c of chartsOf(buildReport(sampleInputs(kind, 'en')))) expect(specProblems(c.spec), c.id).toEqual([]);
    }
  });
});

describe('text from data', () => {
  it('is escaped in HTML (text, attributes, the specs JSON) and in SVG, and neutralised in CSV', async () => {
    const report = buildReport(sampleInputs('quarterly', 'en', HOSTILE));
    const svgs = new Map<string, string>();
    for (const c of chartsOf(report)) svgs.set(c.id, await renderSvg(c.spec));
    const html = renderHtml(report, svgs, noLibraries);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    // Specs are data inside <script type="application/json">: no '<' at all, so no '</script>' can end it.
    const json = /<script type="application\/json" id="servq-specs">([^]*?)<\/script>/.exec(html)![1]!;
    expect(json).not.toContain('<');
    expect(JSON.stringify(JSON.parse(json))).toContain('<script>alert(1)');
    for (const [id, svg] of svgs) expect(svg, id).not.toMatch(/<script|<img/);
    expect(svgs.get('complaints-pareto-category')).toContain('&lt;script&gt;');
    const themes = report.sections.find((s) => s.id === 'themes')!.blocks.find((b) => b.kind === 'table');
    expect(themes?.kind === 'table' && tableCsv(themes)).toContain(`"'=HYPERLINK(""x"")`);
  });
});

describe('charts everywhere alike', () => {
  it('draw the same SVG in every machine time zone (days on UTC scales)', async () => {
    const specs = chartsOf(buildReport(sampleInputs('quarterly', 'en'))).filter((c) => c.id === 'trend-shares-monthly' || c.id.startsWith('headline-tiles'));
    expect(specs.length).toBeGreaterThan(2);
    const zone = process.env['TZ'];
    try {
      process.env['TZ'] = 'UTC';
      const utc = await Promise.all(specs.map((c) => renderSvg(c.spec)));
      process.env['TZ'] = 'America/New_York';
      const newYork = await Promise.all(specs.map((c) => renderSvg(c.spec)));
      expect(newYork).toEqual(utc);
      expect(utc[specs.findIndex((c) => c.id === 'trend-shares-monthly')]).toContain('>2025-04<');
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });

  it('keep data text holding id="…" as text (only ids in tags are renumbered)', async () => {
    for (const text of ['Team A id="x"', 'North id="A']) {
      const report = buildReport(sampleInputs('quarterly', 'en', text));
      const svg = await renderSvg(chartsOf(report).find((c) => c.id === 'complaints-pareto-category')!.spec);
      expect(svg).toContain(`>${text}</text>`);
    }
  });

  it('cut the fonts to the characters drawn, composed ones included (a decomposed é in a file name)', async () => {
    const report = buildReport(sampleInputs('quarterly', 'en'));
    const characters = reportCharacters(report, new Map());
    expect(characters).toContain('é');
    expect(characters).toContain('ü');
  });
});

describe('renderReportFiles', () => {
  it('gives byte-identical files from the same inputs, and the manifest hashes every file', async () => {
    const assets = { ...reportAssets(), commit: 'c'.repeat(40) };
    const inputs = sampleInputs('scorecard', 'en');
    const a = await renderReportFiles(buildReport(inputs), assets);
    const b = await renderReportFiles(buildReport(inputs), assets);
    expect(a.map((f) => f.name)).toEqual(b.map((f) => f.name));
    for (const [i, f] of a.entries()) expect(Buffer.from(f.bytes).equals(Buffer.from(b[i]!.bytes)), f.name).toBe(true);
    expect(a.map((f) => f.name)).toEqual(['charts/targets-bullet.png', 'charts/targets-bullet.svg', 'charts/targets-bullet.vl.json', 'report.html', 'report.pdf', 'tables/targets-table.csv', 'manifest.json']);
    const manifest = JSON.parse(Buffer.from(a.at(-1)!.bytes).toString('utf8')) as { files: { name: string; sha256: string; bytes: number }[]; servq: unknown; madeAt: string; dataQuality: string };
    expect(manifest.files).toEqual(a.slice(0, -1).map((f) => ({ name: f.name, bytes: f.bytes.length, sha256: sha256(f.bytes) })));
    expect(manifest).toMatchObject({ servq: { commit: 'c'.repeat(40) }, madeAt: '2026-04-01T08:00:00.000Z', dataQuality: 'failed_files' });
    // The fonts cut to the report's characters draw the same PNGs as the whole fonts.
    const { subsetFonts: _cut, ...wholeFonts } = assets;
    const whole = await renderReportFiles(buildReport(inputs), wholeFonts);
    expect(sha256(whole.find((f) => f.name === 'charts/targets-bullet.png')!.bytes)).toBe(sha256(a.find((f) => f.name === 'charts/targets-bullet.png')!.bytes));
    // Another time stamp changes the files that print it.
    const later = await renderReportFiles(buildReport({ ...inputs, madeAt: '2026-04-02T08:00:00.000Z' }), assets);
    expect(sha256(later.find((f) => f.name === 'report.pdf')!.bytes)).not.toBe(sha256(a.find((f) => f.name === 'report.pdf')!.bytes));
  });
});

describe('format', () => {
  it('prints values in their unit and language', () => {
    expect(formatValue(0.6117, 'share')).toBe('61.2%');
    expect(formatValue(68.2, 'seconds')).toBe('68s');
    expect(formatValue(14040, 'seconds', 'zh')).toBe('3.9小时');
    expect(formatValue(null, 'share')).toBe('–');
    expect(formatChange(-0.0496, 'share')).toBe('-5.0 pp');
    expect(formatChange(0.0496, 'share', 'zh')).toBe('+5.0 个百分点');
    expect(formatChange(0, 'count')).toBe('±0');
  });

  it('gives the PDF only text its font can draw: combining marks without a composed form are dropped', () => {
    expect(pdfSafe('variance p\u0302(1 \u2212 p\u0302), cafe\u0301 服务')).toBe('variance p(1 \u2212 p), café 服务');
  });
});
