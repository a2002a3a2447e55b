import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES } from '../helpers/databases.js';

describe.each(TEST_DATABASES)('migrations on $name', ({ open }) => {
  it('applies every migration once, seeds the standards, and is a no-op the second time', async () => {
    const t = await open();
    try {
      const versions = await withSession(t.db, (s) =>
        s.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version'),
      );
      expect(versions.rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
      expect(await migrate(t.db)).toEqual([]);
      const policies = await t.db.kysely
        .selectFrom('service_level_policy')
        .select(['policy_id', 'threshold_seconds'])
        .orderBy('policy_id')
        .execute();
      expect(policies.find((p) => p.policy_id === 'phone_answer')?.threshold_seconds).toBe(60);
      expect(policies.find((p) => p.policy_id === 'chat_answer')?.threshold_seconds).toBe(30);
      expect(policies.find((p) => p.policy_id === 'email_answer')?.threshold_seconds).toBe(7200);
      const target = await t.db.kysely
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
