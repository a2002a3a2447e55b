/**
 * `Database.cancel()` stops a statement that is running now, from outside its session, on both databases:
 * the statement fails, nothing it did commits, and the database is usable again (PGlite after a reopen:
 * its worker was stopped, as in a crash).
 */
import { describe, expect, it } from 'vitest';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES } from '../helpers/databases.js';

describe.each(TEST_DATABASES)('cancel on $name', ({ open }) => {
  it('stops a long statement inside an open transaction; its writes never commit', async () => {
    const t = await open();
    try {
      await withSession(t.db, (s) => s.query('CREATE TABLE probe (x int)'));
      const session = await t.db.acquire();
      await session.query('BEGIN');
      await session.query('INSERT INTO probe VALUES (1)');
      // 600 s: far beyond the test's timeout, so only a working cancel lets this test pass.
      const stuck = session.query('SELECT pg_sleep(600)').then(
        () => 'finished',
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await t.db.cancel();
      expect(await stuck).toBeInstanceOf(Error);
      if (t.db.kind === 'postgres') {
        await session.query('ROLLBACK');
        session.release();
      } else {
        session.release();
        await t.reopen();
      }
      const rows = await withSession(t.db, async (s) => (await s.query<{ n: number }>('SELECT count(*)::int AS n FROM probe')).rows);
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await t.dispose();
    }
  });

  it('does nothing when no statement is running', async () => {
    const t = await open();
    try {
      await t.db.cancel();
      const rows = await withSession(t.db, async (s) => (await s.query<{ one: number }>('SELECT 1 AS one')).rows);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await t.dispose();
    }
  });
});
