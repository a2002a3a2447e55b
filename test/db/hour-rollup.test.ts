/**
 * contact_hour_rollup (sql/000014) in a zone with daylight saving: the rollup groups by the local day and the
 * local hour's text (to_char HH24) exactly as the row query does, on the days clocks move (America/New_York,
 * 2025-03-09 without 02:xx, 2025-11-02 with 01:xx twice), and a later load that rebuilds only its own days
 * leaves the two paths equal. (Adapted from a reviewer's scratch test.)
 */
import { describe, expect, it } from 'vitest';
import { contactHourArrivals } from '../../src/db/metrics/contact-hour-arrivals.js';
import type { GroupedRow } from '../../src/db/metrics/grouped-query.js';
import { rollupFor } from '../../src/db/metrics/rollup-reads.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { TEST_DATABASES } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

const ZONE = 'America/New_York';
const HEADER = 'Call ID,Start Time,Channel,Status,Wait Time (s),Talk Time';
const options = { kind: 'calls' as const, hasher: new KeyedHasher(Buffer.alloc(32, 7)), timeZone: ZONE, nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0.5, rollupZone: ZONE };
const input = {
  ranges: [{ key: 'spring', from: '2025-03-08', to: '2025-03-11' }, { key: 'autumn', from: '2025-11-01', to: '2025-11-04' }],
  timeZone: ZONE,
  by: ['channel'],
  filters: {},
};
const key = (r: GroupedRow) => JSON.stringify([r.dimensions, r.rangeKey, r.values]);
const sorted = (rows: readonly GroupedRow[]) => rows.map(key).sort();

describe.each(TEST_DATABASES)('contact_hour_rollup across daylight-saving changes on $name', ({ open }) => {
  it('equals the rows on the days clocks move, and after a later load of some of those days', async () => {
    const t = await open();
    try {
      const lines = [HEADER];
      let i = 0;
      for (const day of ['2025-03-08', '2025-03-09', '2025-03-10', '2025-11-01', '2025-11-02', '2025-11-03']) {
        for (let h = 0; h < 24; h++) {
          for (const m of ['05', '35']) lines.push(`C${i++},${day} ${String(h).padStart(2, '0')}:${m}:00,${i % 2 ? 'phone' : 'chat'},answered,10,${60 + (i % 7)}`);
        }
      }
      expect((await ingestFile(t.db, tempFile('calls.csv', `${lines.join('\n')}\n`), options)).status).toBe('loaded');
      expect(await rollupFor(t.db, 'contacts', input)).toBe(true);
      const rows = await contactHourArrivals(t.db, { ...input, rollups: false });
      expect(rows.some((r) => r.dimensions['day'] === '2025-11-02' && r.dimensions['hour'] === '01')).toBe(true);
      expect(sorted(await contactHourArrivals(t.db, input))).toEqual(sorted(rows));

      // A later export: one call again (now abandoned), one new call late on the autumn day.
      const later = `${HEADER}\nC5,2025-03-08 02:05:00,phone,abandoned,10,\nX1,2025-11-02 23:10:00,chat,answered,5,100\n`;
      expect((await ingestFile(t.db, tempFile('later.csv', later), options)).status).toBe('loaded');
      expect(await rollupFor(t.db, 'contacts', input)).toBe(true);
      const rowsAfter = await contactHourArrivals(t.db, { ...input, rollups: false });
      expect(sorted(rowsAfter)).not.toEqual(sorted(rows));
      expect(sorted(await contactHourArrivals(t.db, input))).toEqual(sorted(rowsAfter));
    } finally {
      await t.dispose();
    }
  }, 120_000);
});
