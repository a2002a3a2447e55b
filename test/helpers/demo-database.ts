/**
 * A database holding the seeded demo data set (src/demo), ingested exactly as `servq demo` does: for tests of
 * the analyses over the database, which must recover the planted effects (src/demo/planted-effects.ts).
 *
 * Generating and ingesting the demo takes 10–20 s per database; ten test files need it. So the first file of a
 * run builds a template (a PGlite data directory, or a server database) under the run's shared folder, and
 * every file gets a copy of it (a directory copy; `CREATE DATABASE … TEMPLATE`): identical data, its own
 * database to change.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { connect } from '../../src/db/connect.js';
import type { Database } from '../../src/db/session.js';
import { generateDemo } from '../../src/demo/generate.js';
import { DEMO_TIME_ZONE } from '../../src/demo/planted-effects.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { openPgliteTest, openServerTest, type OpenTestDatabase, type TestDatabase } from './databases.js';

export type DemoDatabase = OpenTestDatabase;

/** The demo every analysis test reads: seed and scale (0.5 ≈ 35k contacts, 2025-01-01 to 2026-03-31). */
export const DEMO_SEED = 20260101;
export const DEMO_SCALE = 0.5;

/** Loads the demo files into `db`; calls first, so surveys can be checked against the contacts they rate. */
async function loadDemo(db: Database): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'servq-demo-files-'));
  try {
    const manifest = await generateDemo({ outDir: dir, seed: DEMO_SEED, scale: DEMO_SCALE });
    const hasher = new KeyedHasher(Buffer.alloc(32, 7));
    for (const kind of ['calls', 'complaints', 'surveys'] as const) {
      for (const f of manifest.files.filter((x) => x.kind === kind)) {
        // rollupZone as `servq demo` passes it: the analyses read the daily rollups (src/db/rollups.ts).
        const r = await ingestFile(db, f.path, { kind, hasher, timeZone: DEMO_TIME_ZONE, nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0.1, rollupZone: DEMO_TIME_ZONE });
        if (r.status !== 'loaded') throw new Error(`demo file ${f.path} was not loaded: ${r.status}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The template of `target` in this run, built by whichever file asks first (an atomic mkdir is the lock; the
 * others wait for its "done" file). Returns what the done file holds: a data directory or a database name.
 */
async function template(target: TestDatabase, build: () => Promise<string>): Promise<string> {
  const root = inject('sharedRoot');
  const done = join(root, `demo-${target.name}.done`);
  const lock = join(root, `demo-${target.name}.lock`);
  try {
    mkdirSync(lock);
  } catch {
    for (let waited = 0; !existsSync(done); waited += 250) {
      if (waited > 600_000) throw new Error(`demo template for ${target.name}: waited 10 min for another test file to build it`);
      await sleep(250);
    }
    return readFileSync(done, 'utf8');
  }
  const value = await build();
  writeFileSync(`${done}.tmp`, value);
  cpSync(`${done}.tmp`, done);
  return value;
}

/** Opens a fresh copy of the demo database on `target` (PGlite, or the server of TEST_DATABASE_URL). */
export async function openDemoDatabase(target: TestDatabase): Promise<DemoDatabase> {
  const root = inject('sharedRoot');
  if (target.name === 'pglite') {
    const source = await template(target, async () => {
      const dataDir = join(root, 'demo-pglite-template');
      const db = await connect({ dataDir, lockTimeoutMs: 0 });
      try {
        await loadDemo(db);
      } finally {
        await db.close();
      }
      return dataDir;
    });
    return openPgliteTest((dataDir) => cpSync(source, dataDir, { recursive: true }));
  }
  const baseUrl = process.env['TEST_DATABASE_URL']!;
  const admin = async <T>(work: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };
  const urlOf = (name: string) => {
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const source = await template(target, async () => {
    const name = `servq_demo_tpl_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    writeFileSync(join(root, `${name}.server-template`), name);
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    const db = await connect({ databaseUrl: urlOf(name) });
    try {
      await loadDemo(db);
    } finally {
      await db.close();
    }
    return name;
  });
  return openServerTest(baseUrl, source);
}
