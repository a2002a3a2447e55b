/**
 * A database holding the seeded demo data set (src/demo), ingested exactly as `servq demo` does: for tests of
 * the analyses over the database, which must recover the planted effects (src/demo/planted-effects.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo, type DemoManifest } from '../../src/demo/generate.js';
import { DEMO_TIME_ZONE } from '../../src/demo/planted-effects.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import type { OpenTestDatabase, TestDatabase } from './databases.js';

export interface DemoDatabase extends OpenTestDatabase {
  readonly manifest: DemoManifest;
}

/**
 * Opens a fresh database of `target` and loads the demo data of `seed` at `scale` (1 ≈ 70k contacts, 2025-01-01
 * to 2026-03-31). Calls first, so surveys can be checked against the contacts they rate, as `servq demo` does.
 */
export async function openDemoDatabase(target: TestDatabase, options: { scale?: number; seed?: number } = {}): Promise<DemoDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'servq-demo-db-'));
  const manifest = await generateDemo({ outDir: dir, seed: options.seed ?? 20260101, scale: options.scale ?? 0.5 });
  const t = await target.open();
  const hasher = new KeyedHasher(Buffer.alloc(32, 7));
  for (const kind of ['calls', 'complaints', 'surveys'] as const) {
    for (const f of manifest.files.filter((x) => x.kind === kind)) {
      const r = await ingestFile(t.db, f.path, { kind, hasher, timeZone: DEMO_TIME_ZONE, nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0.1 });
      if (r.status !== 'loaded') throw new Error(`demo file ${f.path} was not loaded: ${r.status}`);
    }
  }
  return {
    manifest,
    get db() {
      return t.db;
    },
    env: t.env,
    reopen: () => t.reopen(),
    async dispose() {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
