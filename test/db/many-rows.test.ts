/**
 * queryManyRows (src/db/many-rows.ts) gives the rows the statement gives, in its order, on both engines: on PGlite
 * they travel as JSON texts of 10,000 rows each, fetched one at a time through a cursor, so the values a caller
 * reads through its converters (Number, String, a boolean test, an object or JSON text) must be the same as the
 * plain rows', in the same order across the chunks, and a statement failing in a later chunk must leave the
 * session clean. On a server queryManyRows runs the statement as written, so there the test only holds the shapes.
 */
import { describe, expect, it } from 'vitest';
import { queryManyRows } from '../../src/db/many-rows.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES } from '../helpers/databases.js';

/** What the callers do with each field (rated-response-rows.ts, text-rows.ts, complaint-rows.ts). */
function read(row: Record<string, unknown>) {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const bool = (v: unknown) => (v === null || v === undefined ? null : v === true || v === 't' || v === 'true');
  const items = row['items'];
  return {
    id: num(row['id']),
    body: str(row['body']),
    wait: num(row['wait']),
    hour: num(row['hour']),
    flag: bool(row['flag']),
    items: items === null ? null : typeof items === 'string' ? JSON.parse(items) : items,
    at: row['at'] === null ? null : new Date(row['at'] as string | Date).getTime(),
    total: num(row['total']),
  };
}

const COLUMNS = ['id', 'body', 'wait', 'hour', 'flag', 'items', 'at', 'total'];

// Texts with what a JSON text must escape (quotes, backslashes, newlines, control characters) and non-ASCII;
// durations with fractions, a negative and an exponent; nulls in every column; ordered by a hash, not by id.
const STATEMENT = `
  SELECT i AS id,
    CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN 'line one' || chr(10) || 'line "two" \\ ' || chr(9) || chr(31)
      WHEN 2 THEN '等待时间太长 ✓' ELSE 'comment ' || i END AS body,
    CASE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN -0.5 WHEN i % 13 = 0 THEN 1.5e-7 ELSE i / 3.0 END::float8 AS wait,
    (i % 24)::int AS hour,
    CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
    CASE WHEN i % 4 = 0 THEN NULL ELSE jsonb_build_object('overall', i % 5 + 1, 'ease', NULL, 'note', 'x"y') END AS items,
    CASE WHEN i % 6 = 0 THEN NULL ELSE timestamptz '2026-07-01 08:00:00.123456+08' + make_interval(secs => i) END AS at,
    count(*) OVER ()::float8 AS total
  FROM generate_series(1, $1::int) AS i
  ORDER BY md5(i::text), i`;

describe.each(TEST_DATABASES)('queryManyRows on $name', ({ open }) => {
  it('returns the statement’s rows in its order, read alike, and none for an empty result', async () => {
    const t = await open();
    try {
      const plain = await withSession(t.db, async (s) => (await s.query<Record<string, unknown>>(STATEMENT, [25000])).rows);
      const many = await queryManyRows(t.db, STATEMENT, [25000], COLUMNS);
      expect(many).toHaveLength(25000);
      expect(many.map(read)).toEqual(plain.map(read));
      // without columns: every output column, by name (as runGrouped reads), in the same order
      const whole = await queryManyRows(t.db, STATEMENT, [25000]);
      expect(whole.map(read)).toEqual(plain.map(read));
      expect(Object.keys(whole[0]!)).toEqual(Object.keys(plain[0]!));
      // the order is the statement's (by hash), not the ids'
      expect(many.slice(0, 5).map((r) => Number(r['id']))).not.toEqual([1, 2, 3, 4, 5]);
      expect(await queryManyRows(t.db, STATEMENT, [0], COLUMNS)).toEqual([]);
      expect(await queryManyRows(t.db, STATEMENT, [0])).toEqual([]);
      await expect(queryManyRows(t.db, STATEMENT, [1], ['id; DROP'])).rejects.toThrow(/not a plain column alias/);
      // a statement failing after its first chunk (PGlite reads it through a cursor, a chunk at a time): the
      // error reaches the caller, and the session is clean for the next read (no transaction or cursor left)
      const failing = 'SELECT i AS id, 1 / (i - 15000) AS q FROM generate_series(1, $1::int) AS i ORDER BY i';
      await expect(queryManyRows(t.db, failing, [25000], ['id', 'q'])).rejects.toThrow(/division by zero/);
      expect(await queryManyRows(t.db, STATEMENT, [25000], COLUMNS)).toHaveLength(25000);
      // (pg_cursors lists the statement's own unnamed portal too)
      const cursors = await withSession(t.db, async (s) => (await s.query<{ name: string }>('SELECT name FROM pg_cursors')).rows);
      expect(cursors.filter((c) => c.name !== '')).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});
