/**
 * New embedded databases are unpacked from the build's template (src/db/pglite-template.ts) instead of running
 * initdb: every database made from it carries the template's system identifier, while initdb draws a new one.
 * A template that fails to load is not fatal: the directory is emptied and initdb runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/pglite-database.js';
import { pgliteTemplatePath, pgliteVersion } from '../../src/db/pglite-template.js';
import { withSession } from '../../src/db/session.js';

const root = mkdtempSync(join(tmpdir(), 'servq-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Opens a new database in `name` (with `template`, or the default when undefined) and reads its identity. */
async function identity(name: string, template?: string | null): Promise<{ system: string; tables: number }> {
  const db = await openPglite({ dataDir: join(root, name), lockTimeoutMs: 0, ...(template === undefined ? {} : { template }) });
  try {
    return await withSession(db, async (s) => {
      const system = (await s.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')).rows[0]!.id;
      await s.query('CREATE TABLE t (x int)');
      await s.query('INSERT INTO t VALUES (1), (2)');
      const tables = (await s.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0]!.n;
      return { system, tables };
    });
  } finally {
    await db.close();
  }
}

describe('the embedded database template', () => {
  it('is built for the installed PGlite and named after its version', () => {
    expect(pgliteTemplatePath()).toMatch(new RegExp(`pgdata-pglite-${pgliteVersion().replace(/\./g, '\\.')}\\.tar\\.gz$`));
  });

  it('gives every new database the same initialised cluster; initdb (no template, or a broken one) draws another', async () => {
    const a = await identity('a');
    const b = await identity('b');
    expect(a.system).toBe(b.system);
    expect(a.tables).toBe(1);
    const own = await identity('own', null);
    expect(own.system).not.toBe(a.system);
    const broken = join(root, 'broken.tar.gz');
    writeFileSync(broken, 'not a tarball');
    const fallback = await identity('fallback', broken);
    expect(fallback.system).not.toBe(a.system);
    expect(fallback.system).not.toBe(own.system);
    expect(fallback.tables).toBe(1);
    // reopening a database made from the template keeps what was written
    const again = await openPglite({ dataDir: join(root, 'a'), lockTimeoutMs: 0 });
    try {
      expect((await withSession(again, (s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM t'))).rows[0]!.n).toBe(2);
    } finally {
      await again.close();
    }
  });
});
