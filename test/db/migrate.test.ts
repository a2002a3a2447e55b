import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES } from '../helpers/databases.js';
import { kyselyOf } from '../../src/db/kysely-dialect.js';

describe.each(TEST_DATABASES)('migrations on $name', ({ open }) => {
  it('applies every migration once, seeds the standards, and is a no-op the second time', async () => {
    const t = await open();
    try {
      const versions = await withSession(t.db, (s) =>
        s.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version'),
      );
      expect(versions.rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
      expect(await migrate(t.db)).toEqual([]);
      const policies = await kyselyOf(t.db)
        .selectFrom('service_level_policy')
        .select(['policy_id', 'threshold_seconds'])
        .orderBy('policy_id')
        .execute();
      expect(policies.find((p) => p.policy_id === 'phone_answer')?.threshold_seconds).toBe(60);
      expect(policies.find((p) => p.policy_id === 'chat_answer')?.threshold_seconds).toBe(30);
      expect(policies.find((p) => p.policy_id === 'email_answer')?.threshold_seconds).toBe(7200);
      const target = await kyselyOf(t.db)
        .selectFrom('improvement_target')
        .select(['target_value'])
        .where('target_id', '=', 'satisfaction')
        .executeTakeFirstOrThrow();
      expect(target.target_value).toBe(0.9);
    } finally {
      await t.dispose();
    }
  });

  it('refuses an applied migration whose file changed', async () => {
    const t = await open();
    try {
      const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
      await expect(migrate(t.db, edited)).rejects.toThrow(/changed after it was applied/);
    } finally {
      await t.dispose();
    }
  });
});

describe('sql/000012 on a database loaded before it (pglite)', () => {
  it('fills each survey response\'s ratings from its answers, in line order, and leaves none without', async () => {
    const root = mkdtempSync(join(tmpdir(), 'servq-migrate-'));
    const db = await connect({ dataDir: join(root, 'pgdata'), lockTimeoutMs: 0, migrate: false });
    try {
      await migrate(db, loadMigrations().filter((m) => m.version < 12));
      await withSession(db, async (s) => {
        for (const [batch, line] of [[2, 1], [1, 2], [1, 1], [1, 3]] as const) {
          await s.query(`INSERT INTO survey_response (batch_id, line_no, answered_at, row_key) VALUES ($1, $2, '2026-01-05', gen_random_uuid())`, [batch, line]);
        }
        await s.query(`INSERT INTO survey_answer (batch_id, line_no, item, raw_text, raw_value, scale_id, canonical) VALUES
          (1, 1, 'overall', '4', 4, 'likert5', 4), (1, 1, 'nps', '9', 9, 'nps11', 4.6), (1, 2, 'overall', '7', 7, 'scale10', 3.6666666666666665),
          (2, 1, 'attitude', '5', 5, 'likert5', 5)`);
      });
      expect(await migrate(db)).toContain(12);
      const { rows } = await withSession(db, (s) => s.query<{ batch_id: number; line_no: number; ratings: Record<string, number> }>('SELECT batch_id, line_no, ratings FROM survey_response ORDER BY ctid'));
      expect(rows).toEqual([
        { batch_id: 1, line_no: 1, ratings: { overall: 4, nps: 4.6 } },
        { batch_id: 1, line_no: 2, ratings: { overall: 3.6666666666666665 } },
        { batch_id: 1, line_no: 3, ratings: {} },
        { batch_id: 2, line_no: 1, ratings: { attitude: 5 } },
      ]);
    } finally {
      await db.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
