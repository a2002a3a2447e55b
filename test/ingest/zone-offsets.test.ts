import { describe, expect, it } from 'vitest';
import { ZoneOffsets } from '../../src/ingest/zone-offsets.js';

// Expected instants are PostgreSQL's own conversions (PostgreSQL 15.20 on this machine):
//   SET TimeZone = '<zone>'; SELECT extract(epoch FROM '<local>'::timestamptz);
describe('ZoneOffsets.toUtc', () => {
  it.each([
    ['Asia/Shanghai', [2026, 0, 5, 9, 0], '2026-01-05T01:00:00.000Z'],
    ['UTC', [2026, 0, 5, 9, 0], '2026-01-05T09:00:00.000Z'],
    ['America/New_York', [2026, 0, 5, 9, 0], '2026-01-05T14:00:00.000Z'],
    ['America/New_York', [2026, 6, 5, 9, 0], '2026-07-05T13:00:00.000Z'],
    // Spring-forward gap: 02:30 does not exist; PostgreSQL reads it as 03:30 EDT.
    ['America/New_York', [2026, 2, 8, 2, 30], '2026-03-08T07:30:00.000Z'],
    // Fall-back repeat: 01:30 happens twice; PostgreSQL takes the offset after the jump (EST).
    ['America/New_York', [2026, 10, 1, 1, 30], '2026-11-01T06:30:00.000Z'],
    ['Europe/Berlin', [2026, 2, 29, 2, 30], '2026-03-29T01:30:00.000Z'],
    ['Europe/Berlin', [2026, 9, 25, 2, 30], '2026-10-25T01:30:00.000Z'],
    ['Asia/Kolkata', [2026, 0, 5, 9, 0], '2026-01-05T03:30:00.000Z'],
  ] as const)('%s %j', (zone, [y, m, d, h, min], expected) => {
    expect(new Date(new ZoneOffsets(zone).toUtc(Date.UTC(y, m, d, h, min))).toISOString()).toBe(expected);
  });

  it('refuses an unknown zone', () => {
    expect(() => new ZoneOffsets('Mars/Olympus')).toThrow(RangeError);
  });
});
