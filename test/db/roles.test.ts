/**
 * The documented PostgreSQL roles (server only): servq_pipeline loads and migrates without superuser rights;
 * servq_reader reads and cannot write.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { createRoles } from '../../src/db/roles.js';
import { jsonLines, runServq } from '../helpers/servq-process.js';

const serverUrl = process.env['TEST_DATABASE_URL'];

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(!serverUrl)('roles on a PostgreSQL server', () => {
  it('lets a pipeline login migrate and load without superuser, and a reader only read', async () => {
    const name = `servq_roles_${process.pid}`;
    await admin(serverUrl!, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    });
    const url = (user?: string) => {
      const u = new URL(serverUrl!);
      u.pathname = `/${name}`;
      if (user) u.username = user;
      return u.toString();
    };
    try {
      const db = await connect({ databaseUrl: url(), migrate: false });
      await createRoles(db);
      await createRoles(db); // idempotent
      await db.close();
      await admin(url(), async (c) => {
        for (const [login, group] of [
          ['servq_test_etl', 'servq_pipeline'],
          ['servq_test_analyst', 'servq_reader'],
        ]) {
          const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login]);
          if (exists.rowCount === 0) await c.query(`CREATE ROLE ${login} LOGIN IN ROLE ${group}`);
        }
      });
      const home = mkdtempSync(join(tmpdir(), 'servq-roles-'));
      const file = join(home, 'calls.csv');
      writeFileSync(file, 'start_time,channel,wait_time\n2026-01-05 09:00,phone,30\n');
      const run = await runServq(['ingest', 'calls', file, '--json'], { DATABASE_URL: url('servq_test_etl'), SERVQ_HOME: home, SERVQ_PSEUDONYM_KEY: '11'.repeat(32) });
      expect(run.stderr).toBe('');
      expect(jsonLines(run.stdout)[0]).toMatchObject({ status: 'loaded', rowsLoaded: 1 });
      await admin(url(), async (c) => {
        const owner = await c.query("SELECT tableowner FROM pg_tables WHERE tablename = 'contact'");
        expect(owner.rows[0].tableowner).toBe('servq_pipeline');
        const su = await c.query("SELECT rolsuper FROM pg_roles WHERE rolname IN ('servq_pipeline', 'servq_test_etl')");
        expect(su.rows.every((r) => r.rolsuper === false)).toBe(true);
      });
      await admin(url('servq_test_analyst'), async (c) => {
        const read = await c.query('SELECT count(*)::int AS n FROM contact');
        expect(read.rows[0].n).toBe(1);
        await expect(c.query("DELETE FROM contact")).rejects.toMatchObject({ code: '42501' });
        await expect(c.query("UPDATE ingest_batch SET status = 'failed'")).rejects.toMatchObject({ code: '42501' });
      });
    } finally {
      await admin(serverUrl!, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  }, 60_000);
});
