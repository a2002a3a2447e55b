/**
 * Databases for tests that run the servq CLI in child processes: a fresh embedded directory, and a fresh
 * database on the server when TEST_DATABASE_URL is set. Each `fresh()` returns the environment that points a
 * child at it (with a fixed pseudonymisation key, so no key file is created); everything is removed after
 * the test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll } from 'vitest';

export interface ProcessTarget {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, empty database: the environment that points servq at it. */
  fresh(): Promise<Record<string, string>>;
}

/** Waits until a COPY into contact runs on the server the environment names (a load observed from outside). */
export async function copyStarted(env: Record<string, string>) {
  const client = new pg.Client({ connectionString: env['DATABASE_URL'] });
  await client.connect();
  try {
    for (let i = 0; i < 600; i++) {
      const r = await client.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY contact%'",
      );
      if (r.rows[0].n > 0) return;
      await sleep(25);
    }
    throw new Error('the COPY never started');
  } finally {
    await client.end();
  }
}

/** A fixed pseudonymisation key for child processes (64 hex digits). */
export const TEST_PSEUDONYM_KEY = '07'.repeat(32);

/**
 * The targets for one test file; `label` names its temp folders and server databases.
 * Registers an `afterAll` that drops them.
 */
export function processTargets(label: string): readonly ProcessTarget[] {
  const root = mkdtempSync(join(tmpdir(), `servq-${label}-`));
  const serverUrl = process.env['TEST_DATABASE_URL'];
  const databases: string[] = [];
  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    if (!serverUrl || databases.length === 0) return;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const pglite: ProcessTarget = {
    name: 'pglite',
    async fresh() {
      const dir = mkdtempSync(join(root, 'pglite-'));
      return { SERVQ_DATA_DIR: join(dir, 'pgdata'), SERVQ_HOME: join(dir, 'home'), SERVQ_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY };
    },
  };
  if (!serverUrl) return [pglite];
  const server: ProcessTarget = {
    name: 'postgres',
    async fresh() {
      const name = `servq_${label.replace(/\W/g, '_')}_${process.pid}_${databases.length}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      databases.push(name);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return { DATABASE_URL: url.toString(), SERVQ_HOME: mkdtempSync(join(root, 'home-')), SERVQ_PSEUDONYM_KEY: TEST_PSEUDONYM_KEY };
    },
  };
  return [pglite, server];
}
