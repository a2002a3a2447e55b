import { describe, expect, it } from 'vitest';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES } from '../helpers/databases.js';

/** 12 MiB of text COPY rows, handed over in 1 MiB pieces cut at arbitrary bytes (as a spool reads back). */
async function* piecesOfText(rows: number): AsyncGenerator<Uint8Array> {
  const all = Buffer.from(Array.from({ length: rows }, (_, i) => `${i}\tvalue number ${i} ${'x'.repeat(20)}\n`).join(''));
  for (let at = 0; at < all.length; at += 1_000_003) yield all.subarray(at, Math.min(all.length, at + 1_000_003));
}

describe.each(TEST_DATABASES)('Session.copyFrom on $name', ({ open }) => {
  it('loads text COPY data cut mid-line across chunks (and across PGlite blobs) exactly', async () => {
    const t = await open();
    try {
      const rows = 250_000;
      const result = await withSession(t.db, async (s) => {
        await s.exec('CREATE TABLE copy_probe (n integer, label text)');
        await s.copyFrom('COPY copy_probe (n, label) FROM STDIN', piecesOfText(rows));
        return (await s.query<{ n: number; sum: number; bad: number }>(
          "SELECT count(*)::int AS n, sum(n)::float8 AS sum, count(*) FILTER (WHERE label <> 'value number ' || n || ' ' || repeat('x', 20))::int AS bad FROM copy_probe",
        )).rows[0]!;
      });
      expect(result).toEqual({ n: rows, sum: (rows * (rows - 1)) / 2, bad: 0 });
    } finally {
      await t.dispose();
    }
  });
});
