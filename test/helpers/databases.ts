/**
 * The databases every database test runs against: the embedded PGlite always (a fresh temp directory), and
 * a PostgreSQL server when TEST_DATABASE_URL is set (a fresh database per test, dropped afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect } from '../../src/db/connect.js';
import type { Database } from '../../src/db/session.js';

export interface TestDatabase {
  readonly name: 'pglite' | 'postgres';
  /** Opens a fresh, migrated database. */
  open(): Promise<OpenTestDatabase>;
}

export interface OpenTestDatabase {
  readonly db: Database;
  /** Environment that points a servq child process at the same database. */
  readonly env: Record<string, string>;
  /** Opens another handle on the same database (closes the first on PGlite: single-process). */
  reopen(): Promise<Database>;
  dispose(): Promise<void>;
}

const serverUrl = process.env['TEST_DATABASE_URL'];

/** A fresh embedded database directory; `prepare(dataDir)` may fill it first (e.g. copy a template). */
export async function openPgliteTest(prepare?: (dataDir: string) => void): Promise<OpenTestDatabase> {
  const root = mkdtempSync(join(tmpdir(), 'servq-test-'));
  const dataDir = join(root, 'pgdata');
  prepare?.(dataDir);
  let db = await connect({ dataDir, lockTimeoutMs: 0 });
  return {
    get db() {
      return db;
    },
    env: { SERVQ_DATA_DIR: dataDir, SERVQ_HOME: join(root, 'home') },
    async reopen() {
      await db.close();
      db = await connect({ dataDir, lockTimeoutMs: 0 });
      return db;
    },
    async dispose() {
      await db.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the server of `baseUrl`, a copy of `template` when one is named. */
export async function openServerTest(baseUrl: string, template?: string): Promise<OpenTestDatabase> {
  const name = `servq_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const root = mkdtempSync(join(tmpdir(), 'servq-test-'));
  let db = await connect({ databaseUrl });
  return {
    get db() {
      return db;
    },
    env: { DATABASE_URL: databaseUrl, SERVQ_HOME: join(root, 'home') },
    async reopen() {
      await db.close();
      db = await connect({ databaseUrl });
      return db;
    },
    async dispose() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: baseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** PGlite always; the server too when TEST_DATABASE_URL is set. Use with `describe.each`. */
export const TEST_DATABASES: readonly TestDatabase[] = [
  { name: 'pglite', open: () => openPgliteTest() },
  ...(serverUrl ? [{ name: 'postgres' as const, open: () => openServerTest(serverUrl) }] : []),
];
