/**
 * `servq/notebook` outside a kernel: a chart is one bundle with the Vega-Lite spec (v5 MIME type, valid
 * against the schema's shape the renderers read), an SVG and a PNG of it and a text line; display and tables
 * do nothing outside tslab; `analyze` is `servq analyze`'s document on the demo database; and the CommonJS
 * entry the kernel uses (`require('servq/notebook').load()`) loads the same module.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { chartBundle, display, showTable, VEGA_LITE_MIME } from '../../src/notebook/display.js';
import { analyze, openDatabase, sql } from '../../src/notebook/index.js';
import { connect } from '../../src/db/connect.js';
import { tempDir } from '../helpers/files.js';
import { ANALYSES, REQUEST_DEFAULTS, parsePeriod, runAnalysis } from '../../src/analyze/index.js';
import { openDemoDatabase } from '../helpers/demo-database.js';
import { TEST_DATABASES } from '../helpers/databases.js';

const spec = {
  title: 'Service level <by> channel',
  data: { values: [{ channel: 'phone', value: 0.61 }, { channel: 'chat', value: 0.75 }] },
  mark: 'bar',
  encoding: { y: { field: 'channel', type: 'nominal' }, x: { field: 'value', type: 'quantitative' } },
};

describe('chart bundles', () => {
  it('carries the spec (Vega-Lite 5 MIME type, the report theme), an SVG, a PNG and a text line', async () => {
    const bundle = await chartBundle(spec);
    expect(Object.keys(bundle).sort()).toEqual([VEGA_LITE_MIME, 'image/png', 'image/svg+xml', 'text/plain'].sort());
    expect(VEGA_LITE_MIME).toBe('application/vnd.vegalite.v5+json');
    const vl = bundle[VEGA_LITE_MIME] as Record<string, unknown>;
    expect(vl['$schema']).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect(vl['data']).toEqual(spec.data);
    expect((vl['config'] as { font: string }).font).toBe('Noto Sans SC');
    const svg = bundle['image/svg+xml'] as string;
    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // The title's text is escaped in the SVG (it is data, not markup).
    expect(svg).toContain('Service level &lt;by&gt; channel');
    expect(svg.match(/role-mark/g)?.length).toBeGreaterThan(0);
    const png = Buffer.from(bundle['image/png'] as string, 'base64');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(300); // width: 1.5 × the SVG's
    expect(bundle['text/plain']).toBe('[chart] Service level <by> channel');
  });

  it('leaves the theme and the PNG out when asked', async () => {
    const bundle = await chartBundle(spec, { theme: false, png: false });
    expect(bundle['image/png']).toBeUndefined();
    expect((bundle[VEGA_LITE_MIME] as Record<string, unknown>)['config']).toBeUndefined();
  });

  it('display and showTable do nothing outside the kernel (no output, no error)', () => {
    expect(display({ 'text/plain': 'x' })).toBeUndefined();
    expect(showTable([{ a: 1, b: 'x' }])).toBeUndefined();
  });
});

describe('the notebook API on the demo database', () => {
  it('analyze gives servq analyze\'s document; sql reads rows', async () => {
    const db = await openDemoDatabase(TEST_DATABASES[0]!);
    try {
      const ours = await analyze(db.db, 'kpis', { period: '2026-Q1', timeZone: 'Asia/Shanghai' });
      const theirs = await runAnalysis(db.db, ANALYSES['kpis']!, { ...REQUEST_DEFAULTS, period: parsePeriod('2026-Q1'), by: [], filters: {}, timeZone: 'Asia/Shanghai', generatedAt: new Date(ours.generatedAt) });
      expect(ours).toEqual(theirs);
      expect(ours.rows.length).toBeGreaterThan(5);
      const [count] = await sql<{ n: number }>(db.db, 'SELECT count(*)::int AS n FROM ingest_batch WHERE status = $1', ['loaded']);
      expect(count!.n).toBeGreaterThan(0);
      await expect(analyze(db.db, 'nope', { period: '2026-Q1' })).rejects.toThrow(/unknown analysis 'nope'; choose one of: .*kpis/);
    } finally {
      await db.dispose();
    }
  }, 120_000);
});

describe('openDatabase', () => {
  it('refuses a missing embedded database with what to do (it does not create an empty one)', async () => {
    const dataDir = join(tempDir(), 'pgdata');
    await expect(openDatabase({ dataDir })).rejects.toThrow(/no embedded database at .*pgdata: run npm start .*or set DATABASE_URL/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('does not migrate: a database behind this servq is named, with servq migrate', async () => {
    const dataDir = join(tempDir(), 'pgdata');
    const db = await connect({ dataDir, migrate: false });
    await db.close();
    await expect(openDatabase({ dataDir })).rejects.toThrow(/schema is behind this servq \(migration none of \d+\): run servq migrate/);
    const migrated = await connect({ dataDir });
    await migrated.close();
    const ok = await openDatabase({ dataDir });
    await ok.close();
  }, 120_000);
});

describe('the CommonJS entry the kernel loads', () => {
  it("require('servq/notebook').load() resolves by the package's name to the built module", async () => {
    const require = createRequire(join(PACKAGE_ROOT, 'package.json'));
    const entry = require('servq/notebook') as { load(): Promise<Record<string, unknown>> };
    const api = await entry.load();
    expect(typeof api['analyze']).toBe('function');
    expect(typeof api['show']).toBe('function');
    expect(typeof (api['stats'] as Record<string, unknown>)['wilsonInterval']).toBe('function');
  });
});
