/**
 * `servq report` end to end on the seeded demo data (test/helpers/demo-database.ts): the inputs gathered from
 * each engine give valid charts and the data-quality figures of ingest_batch; on the embedded engine the files
 * are rendered and checked as a reader gets them — the PDF with poppler (pages, text, embedded fonts), Chinese
 * glyphs present in PNG and PDF, and report.html in headless Chromium (no console error, no request, every chart
 * drawn, no script from data run).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/analyze/index.js';
import { gatherReportInputs } from '../../src/analyze/report-inputs.js';
import { reportAssets } from '../../src/cli/report-assets.js';
import { writeReportFiles } from '../../src/cli/report-command.js';
import { withSession } from '../../src/db/session.js';
import { DEMO_TIME_ZONE } from '../../src/demo/planted-effects.js';
import { buildReport, chartsOf, renderReportFiles, type ReportFile, type ReportInputs } from '../../src/reports/index.js';
import { resvgOptions } from '../../src/reports/render/png.js';
import { BROWSER_AVAILABLE, launchChromium } from '../helpers/browser.js';
import { TEST_DATABASES } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';
import { specProblems } from './vega-lite-schema.js';

const MADE_AT = new Date('2026-04-01T08:00:00Z');
const QUARTER = parsePeriod('2026-Q1');

describe.each(TEST_DATABASES)('report inputs on $name', (target) => {
  let demo: DemoDatabase;
  beforeAll(async () => {
    demo = await openDemoDatabase(target);
  }, 600_000);
  afterAll(async () => demo?.dispose());

  it('runs the quarterly analyses, and every chart of the report is valid Vega-Lite', async () => {
    const inputs = await gatherReportInputs(demo.db, { kind: 'quarterly', lang: 'en', period: QUARTER, timeZone: DEMO_TIME_ZONE, madeAt: MADE_AT });
    expect(inputs.errors).toEqual({});
    const report = buildReport(inputs);
    const charts = chartsOf(report);
    expect(charts.length).toBeGreaterThanOrEqual(20);
    for (const c of charts) expect(specProblems(c.spec), c.id).toEqual([]);
    // The data-quality section adds up ingest_batch over the batches the analyses read.
    const { rows } = await withSession(demo.db, (s) => s.query<{ source_kind: string; read: string; rejected: string }>(`SELECT source_kind, sum(rows_read) AS read, sum(rows_rejected) AS rejected FROM ingest_batch WHERE batch_id = ANY($1::bigint[]) GROUP BY 1 ORDER BY 1`, [report.provenance.batches]));
    expect(inputs.dataQuality.sources.map((s) => [s.kind, s.rowsRead, s.rowsRejected])).toEqual(rows.map((r) => [r.source_kind, Number(r.read), Number(r.rejected)]));
    expect(report.provenance.batches.length).toBeGreaterThan(0);
  });
});

describe('report files (embedded database)', () => {
  let demo: DemoDatabase;
  let dir: string;
  let en: ReportFile[];
  let zh: ReportFile[];
  let inputs: ReportInputs;
  const file = (files: ReportFile[], name: string) => files.find((f) => f.name === name)!;
  const pdf = (files: ReportFile[], tool: string, ...args: string[]) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(path, file(files, 'report.pdf').bytes);
    return execFileSync(tool, [...args, path, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  };

  beforeAll(async () => {
    demo = await openDemoDatabase(TEST_DATABASES[0]!);
    dir = mkdtempSync(join(tmpdir(), 'servq-report-'));
    inputs = await gatherReportInputs(demo.db, { kind: 'quarterly', lang: 'en', period: QUARTER, timeZone: DEMO_TIME_ZONE, madeAt: MADE_AT });
    en = await renderReportFiles(buildReport(inputs), reportAssets());
    zh = await renderReportFiles(buildReport({ ...inputs, lang: 'zh' }), reportAssets());
  }, 600_000);
  afterAll(async () => {
    await demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders the same bytes twice', async () => {
    const again = await renderReportFiles(buildReport(inputs), reportAssets());
    expect(again.map((f) => [f.name, Buffer.from(f.bytes).toString('base64').length])).toEqual(en.map((f) => [f.name, Buffer.from(f.bytes).toString('base64').length]));
    for (const [i, f] of en.entries()) expect(Buffer.from(f.bytes).equals(Buffer.from(again[i]!.bytes)), f.name).toBe(true);
  });

  it('writes one paged PDF with every section, the figures and the report font embedded', () => {
    const info = pdf(en, 'pdfinfo');
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(10);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toMatch(/CreationDate:\s+Wed Apr\s+1 08:00:00 2026/);
    const text = pdf(en, 'pdftotext', '-layout');
    for (const title of ['Headline KPIs', 'Service level by channel', 'Control charts', 'Complaints: Category (Pareto)', 'Key-driver quadrant', 'Team scorecard', 'Data quality']) expect(text).toContain(title);
    // A figure from the kpis document, formatted as the report prints it.
    const sl = inputs.documents['kpis']!.rows.find((r) => r['metric'] === 'service_level')!;
    expect(text).toContain(`${((sl['value'] as number) * 100).toFixed(1)}%`);
    const fonts = pdf(en, 'pdffonts');
    expect(fonts).toMatch(/NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).not.toMatch(/\bno\s+no\s+no\b/);
  });

  it('prints Chinese labels with glyphs in the PDF and the PNGs (--lang zh)', () => {
    const text = pdf(zh, 'pdftotext');
    expect(text).toContain('季度服务质量报告');
    expect(text).toContain('各渠道服务水平');
    // A label drawn with the report font covers pixels; one whose glyphs are missing draws nothing.
    const svg = (family: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="22" font-family="${family}" font-size="18">服务水平</text></svg>`;
    const inked = (png: { pixels: Buffer }) => { let n = 0; for (let i = 0; i < png.pixels.length; i += 4) if (png.pixels[i]! < 128 && png.pixels[i + 3]! > 128) n++; return n; };
    const fonts = reportAssets().fonts;
    expect(inked(new Resvg(svg('Noto Sans SC'), resvgOptions(fonts, 1)).render())).toBeGreaterThan(150);
    expect(inked(new Resvg(svg('Noto Sans SC'), { font: { loadSystemFonts: false, fontFiles: [] } }).render())).toBe(0);
    // The zh charts' PNGs carry their Chinese axis titles: the key-driver chart differs from the English one.
    expect(Buffer.from(file(zh, 'charts/key-drivers.png').bytes).equals(Buffer.from(file(en, 'charts/key-drivers.png').bytes))).toBe(false);
  });

  it.skipIf(!BROWSER_AVAILABLE)('opens report.html in Chromium offline: no console error, no request, every chart drawn interactively, no script from data run', async () => {
    // Complaint texts and team names that try to run code, as a hostile export could carry them.
    const attack = `<script>globalThis.pwned = 1</script>"><img src=x onerror="globalThis.pwned = 2">`;
    const themes = inputs.documents['themes']!;
    const scorecards = inputs.documents['scorecards']!;
    const sla = inputs.documents['sla']!;
    const hostile: ReportInputs = {
      ...inputs,
      documents: {
        ...inputs.documents,
        themes: { ...themes, rows: themes.rows.map((r) => ({ ...r, term: attack, examples: attack })) },
        scorecards: { ...scorecards, rows: scorecards.rows.map((r) => ({ ...r, team: attack })) },
        // In a chart too: its spec's data, the SVG vega-embed draws and its tooltips.
        sla: { ...sla, rows: sla.rows.map((r) => (r['channel'] === 'chat' ? { ...r, channel: attack } : r)) },
      },
    };
    const folder = join(dir, 'quarterly');
    writeReportFiles(folder, await renderReportFiles(buildReport(hostile), reportAssets()));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
      await page.goto(`file://${join(folder, 'report.html')}`);
      // Runs in the page (no DOM types in this Node project): the number of elements a selector finds.
      const count = (selector: string) => page.evaluate((s) => (globalThis as unknown as { document: { querySelectorAll(x: string): { length: number } } }).document.querySelectorAll(s).length, selector);
      for (let waited = 0; (await count('[data-chart] > div svg.marks')) < (await count('[data-chart]')); waited += 100) {
        if (waited > 30_000) throw new Error(`charts drawn: ${await count('[data-chart] > div svg.marks')} of ${await count('[data-chart]')} after 30 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const counts = { charts: await count('[data-chart]'), sections: await count('main > section'), links: await count('nav.toc a') };
      // The page's text is drawn with the report font it carries (a subset inlined as @font-face), not a system one.
      const fonts = await page.evaluate(async () => {
        const set = (globalThis as unknown as { document: { fonts: Iterable<{ family: string; status: string; weight: string }> & { ready: Promise<unknown> } } }).document.fonts;
        await set.ready;
        return [...set].map((f) => `${f.family.replaceAll('"', '')} ${f.weight} ${f.status}`).sort();
      });
      expect(fonts).toEqual(['Noto Sans SC 400 loaded', 'Noto Sans SC 700 loaded']);
      expect(counts.charts).toBe(chartsOf(buildReport(inputs)).length);
      expect(counts.sections).toBe(14);
      expect(counts.links).toBe(14);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.hover('[data-chart="service-level-by-channel"] svg path[role="graphics-symbol"]');
      expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned ?? null)).toBeNull();
      expect(await page.content()).toContain('&lt;script&gt;globalThis.pwned = 1&lt;/script&gt;');
      await page.screenshot({ path: join(dir, 'quarterly.png') });
    } finally {
      await browser.close();
    }
  });
});
