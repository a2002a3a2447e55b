/**
 * The loader's "may this file hold a business key twice?" (src/ingest/business-keys.ts): a "no" must be certain,
 * since it lets the load skip ranking record versions; placeholder ids must agree with the database's
 * servq_is_business_key (sql/000004).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusinessKeyRepeats, PLACEHOLDER_IDS } from '../../src/ingest/business-keys.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';

function keys(values: readonly string[], escaped: readonly boolean[] = []): BusinessKeyRepeats {
  const repeats = new BusinessKeyRepeats(values.length);
  values.forEach((v, i) => {
    const bytes = Buffer.from(`  ${v}  `, 'utf8');
    repeats.add(bytes, 2, bytes.length - 2, escaped[i] ?? false);
  });
  return repeats;
}

describe('business-key repeats in a file', () => {
  it('says no for distinct keys and yes once one repeats, wherever the repeat is', () => {
    const distinct = Array.from({ length: 50_000 }, (_, i) => `T-${i}`);
    expect(keys(distinct).maybeRepeated).toBe(false);
    expect(keys([...distinct, 'T-49999']).maybeRepeated).toBe(true);
    expect(keys(['工单-1', 'T-1', '工单-1']).maybeRepeated).toBe(true);
  });

  it('finds a repeat whose two rows fall in different groups of keys tested together (256 a group)', () => {
    for (const [first, second] of [[255, 256], [0, 511], [100, 700]] as const) {
      const values = Array.from({ length: 1_000 }, (_, i) => `K-${i}`);
      values[second] = values[first]!;
      expect(keys(values).maybeRepeated, `rows ${first} and ${second}`).toBe(true);
    }
    // And the answer is read again after more keys: still yes, and a "no" turns into a yes only with a repeat.
    const repeats = keys(['A', 'B']);
    expect(repeats.maybeRepeated).toBe(false);
    const b = Buffer.from('A');
    repeats.add(b, 0, 1, false);
    expect(repeats.maybeRepeated).toBe(true);
  });

  it('never misses a repeat (no false negative over many random keys)', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let trial = 0; trial < 200; trial++) {
      const values = Array.from({ length: 200 }, () => `C${next().toString(36)}`);
      values.push(values[next() % values.length]!);
      expect(keys(values).maybeRepeated).toBe(true);
    }
  });

  it('skips placeholder ids, and answers "maybe" for a field stored unescaped', () => {
    expect(keys(['-', '-', 'N/A', 'n/a', '无', '无', '0', '0', 'A-1']).maybeRepeated).toBe(false);
    expect(keys(['A-1', 'A""2'], [false, true]).maybeRepeated).toBe(true);
  });
});

describe.each(TEST_DATABASES)('placeholder ids on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('are exactly the values servq_is_business_key refuses (in any case)', async () => {
    const probes = [...PLACEHOLDER_IDS, ...PLACEHOLDER_IDS.map((p) => p.toUpperCase()), 'A-1', '00', 'none1', '无效', '-1'];
    const { rows } = await withSession(t.db, (s) =>
      s.query<{ id: string; key: boolean }>('SELECT id, servq_is_business_key(id) AS key FROM unnest($1::text[]) AS id', [probes]),
    );
    const refusedByDatabase = rows.filter((r) => !r.key).map((r) => r.id.toLowerCase());
    expect(new Set(refusedByDatabase)).toEqual(new Set(PLACEHOLDER_IDS));
  });
});
