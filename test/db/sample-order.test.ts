/**
 * The seeded sample order (src/db/metrics/sample-order.ts) is the same on both engines: the sampled rows of a
 * model or a text analysis must not depend on where the data lives. The pinned hashes were printed by
 * PostgreSQL 15.20 and PGlite 0.5.16 alike; a change in either engine's hash would change every sample.
 */
import { describe, expect, it } from 'vitest';
import { sampleOrderSql } from '../../src/db/metrics/sample-order.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES } from '../helpers/databases.js';

describe.each(TEST_DATABASES)('sample order on $name', ({ open }) => {
  it('hashes row keys with the seed to the same int8 on every engine, and the seed changes the order', async () => {
    const t = await open();
    try {
      const rows = await withSession(t.db, async (s) =>
        (await s.query<{ a: string; b: string }>(
          `SELECT ${sampleOrderSql("'0b8e2a4c-3c1e-4f7a-9d2b-7e6f5a4b3c2d'::uuid", '$1')}::text AS a, ${sampleOrderSql("'00000000-0000-0000-0000-000000000001'::uuid", '$2')}::text AS b`,
          ['1', '42'],
        )).rows,
      );
      expect(rows).toEqual([{ a: '-1725447666747569470', b: '-781696591826929761' }]);
      const order = await withSession(t.db, async (s) =>
        (await s.query<{ seed: number; keys: string[] }>(
          `SELECT seed, array_agg(k::text ORDER BY ${sampleOrderSql('k', 'seed')}) AS keys
           FROM (VALUES (1), (2)) AS x(seed), (SELECT md5(i::text)::uuid AS k FROM generate_series(1, 20) i) AS u
           GROUP BY seed ORDER BY seed`,
        )).rows,
      );
      expect(order[0]!.keys).toHaveLength(20);
      expect(order[0]!.keys).not.toEqual(order[1]!.keys);
    } finally {
      await t.dispose();
    }
  });
});
