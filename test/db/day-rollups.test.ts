/**
 * The daily rollups (sql/000010, src/db/rollups.ts) must give the numbers the rows give, and must never be read
 * stale. Over the seeded demo (ingested with its zone registered, as `servq demo` does) every reader that has a
 * rollup path is run both ways (`rollups: false` reads the rows) for the shapes the analyses ask — no grouping,
 * channel, day, month × channel, team, priority, a filter, three ranges — and the rows must match: counts
 * exactly, means and variances to 1e-9 relative (they come from sums and sums of squares). Then the writers: a
 * batch removed, a later snapshot of contacts loaded, a policy edited by hand; each leaves the rollups pending
 * (the readers use the rows), and a refresh makes them equal again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactAggregates, contactCounts } from '../../src/db/metrics/contact-aggregates.js';
import { contactDaySeries } from '../../src/db/metrics/contact-day-series.js';
import type { GroupedQueryInput, GroupedRow } from '../../src/db/metrics/grouped-query.js';
import { ratedContactSatisfaction } from '../../src/db/metrics/rated-contact-satisfaction.js';
import { fitsDurationRollup, fitsHourRollup, fitsRatedContactRollup, fitsRollup, ratedContactRollupFor, rollupFor } from '../../src/db/metrics/rollup-reads.js';
import { contactHourArrivals } from '../../src/db/metrics/contact-hour-arrivals.js';
import { surveyItemAggregates, surveyResponseCounts } from '../../src/db/metrics/survey-aggregates.js';
import { removeBatch } from '../../src/db/batch-queries.js';
import { refreshPendingRollups, refreshRollups, rollupReady } from '../../src/db/rollups.js';
import { withSession, type Database } from '../../src/db/session.js';
import { DEMO_TIME_ZONE } from '../../src/demo/planted-effects.js';
import { ingestFile, type IngestOptions } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { TEST_DATABASES } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';
import { tempFile } from '../helpers/files.js';

const RANGES = [
  { key: 'current', from: '2025-07-01', to: '2025-10-01' },
  { key: 'previous', from: '2025-04-01', to: '2025-07-01' },
  { key: 'last_year', from: '2024-07-01', to: '2024-10-01' },
];

const input = (by: readonly string[], filters: Readonly<Record<string, readonly string[]>> = {}, ranges = RANGES): GroupedQueryInput => ({
  ranges,
  timeZone: DEMO_TIME_ZONE,
  by,
  filters,
});

/** Rows keyed by group and range, values rounded for the comparison of means and variances. */
function byGroup(rows: readonly GroupedRow[]): Map<string, Readonly<Record<string, number | null>>> {
  return new Map(rows.map((r) => [JSON.stringify([r.dimensions, r.rangeKey]), r.values]));
}

/** The rollup rows equal the row query's: same groups, same columns, counts equal, the rest to 1e-9 relative. */
function expectSameRows(fromRollup: readonly GroupedRow[], fromRows: readonly GroupedRow[]): void {
  expect(fromRollup.length).toBeGreaterThan(0);
  const a = byGroup(fromRollup);
  const b = byGroup(fromRows);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [group, values] of b) {
    const got = a.get(group)!;
    expect(Object.keys(got).sort(), group).toEqual(Object.keys(values).sort());
    for (const [column, want] of Object.entries(values)) {
      const value = got[column];
      if (want === null || value === null) {
        expect(value, `${group} ${column}`).toBe(want);
      } else {
        expect(Math.abs(value! - want), `${group} ${column}: ${value} vs ${want}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      }
    }
  }
}

/** Loads a call export into the demo database as its own files were (same key and zone). */
function loadCalls(db: Database, name: string, csv: string, extra: Partial<IngestOptions> = {}) {
  return ingestFile(db, tempFile(name, csv), {
    kind: 'calls',
    hasher: new KeyedHasher(Buffer.alloc(32, 7)),
    timeZone: DEMO_TIME_ZONE,
    nowMs: Date.UTC(2026, 10, 1),
    maxRejectRate: 0,
    ...extra,
  });
}

async function count(db: Database, sql: string): Promise<number> {
  return withSession(db, async (s) => Number((await s.query<{ n: string }>(sql)).rows[0]!.n));
}

describe('fitsRollup', () => {
  it('takes the rollups\' dimensions and calendar grains, nothing else', () => {
    expect(fitsRollup('contacts', input(['channel', 'priority', 'team', 'week']))).toBe(true);
    expect(fitsRollup('contacts', input([], { channel: ['phone'] }))).toBe(true);
    expect(fitsRollup('contacts', input(['agent', 'month']))).toBe(true);
    expect(fitsRollup('contacts', input(['queue']))).toBe(false);
    expect(fitsRollup('contacts', input([], { region: ['华南'] }))).toBe(false);
    expect(fitsRollup('surveys', input(['method', 'quarter']))).toBe(true);
    expect(fitsRollup('surveys', input(['team']))).toBe(false);
    expect(fitsRollup('surveys', input(['team', 'agent', 'month']), ['overall'])).toBe(true);
    expect(fitsRollup('surveys', input(['agent']), ['overall', 'nps'])).toBe(false);
    expect(fitsRollup('surveys', input(['priority']))).toBe(false);
  });

  it('takes the durations\' rollup for channel, priority, team and grains, not per agent', () => {
    expect(fitsDurationRollup(input(['channel', 'priority', 'team', 'quarter']))).toBe(true);
    expect(fitsDurationRollup(input([], { team: ['T1'] }))).toBe(true);
    expect(fitsDurationRollup(input(['agent']))).toBe(false);
    expect(fitsDurationRollup(input(['team'], { agent: ['A1'] }))).toBe(false);
    expect(fitsDurationRollup(input(['queue']))).toBe(false);
  });
});

describe('fitsHourRollup', () => {
  it('takes channel, priority and calendar grains, nothing else', () => {
    expect(fitsHourRollup(input([], { channel: ['phone'] }))).toBe(true);
    expect(fitsHourRollup(input(['channel', 'priority', 'week']))).toBe(true);
    expect(fitsHourRollup(input(['team']))).toBe(false);
    expect(fitsHourRollup(input([], { agent: ['A1'] }))).toBe(false);
    expect(fitsHourRollup(input(['queue']))).toBe(false);
  });
});

describe('fitsRatedContactRollup', () => {
  it('takes the contact\'s channel, priority, team and calendar grains, nothing else', () => {
    expect(fitsRatedContactRollup(input(['channel', 'team', 'day']))).toBe(true);
    expect(fitsRatedContactRollup(input(['priority', 'quarter'], { team: ['T1'] }))).toBe(true);
    expect(fitsRatedContactRollup(input(['agent']))).toBe(false);
    expect(fitsRatedContactRollup(input(['team'], { region: ['华南'] }))).toBe(false);
    expect(fitsRatedContactRollup(input(['queue']))).toBe(false);
  });
});

describe.each(TEST_DATABASES)('daily rollups on $name', (target) => {
  let demo: DemoDatabase;
  let db: Database;
  beforeAll(async () => {
    demo = await openDemoDatabase(target);
    db = demo.db;
  }, 240_000);
  afterAll(() => demo?.dispose());

  const contactShapes: readonly [string, GroupedQueryInput][] = [
    ['no grouping', input([])],
    ['channel', input(['channel'])],
    ['month × channel', input(['month', 'channel'])],
    ['team, phone only', input(['team'], { channel: ['phone'] })],
    ['priority × week', input(['priority', 'week'])],
    ['agent × month (the per-agent table)', input(['agent', 'month'])],
    ['team × agent, chat only', input(['team', 'agent'], { channel: ['chat'] })],
  ];

  it('is built for the demo\'s zone, and only read where it fits and is current', async () => {
    expect(await rollupReady(db, 'contacts', DEMO_TIME_ZONE)).toBe(true);
    expect(await rollupReady(db, 'surveys', DEMO_TIME_ZONE)).toBe(true);
    expect(await rollupReady(db, 'contacts', 'UTC')).toBe(false);
    expect(await rollupFor(db, 'contacts', input(['channel']))).toBe(true);
    expect(await rollupFor(db, 'contacts', { ...input(['channel']), rollups: false })).toBe(false);
    expect(await rollupFor(db, 'contacts', input(['region']))).toBe(false);
    expect(await rollupFor(db, 'contacts', { ...input(['channel']), timeZone: 'UTC' })).toBe(false);
    expect(await count(db, 'SELECT count(*) AS n FROM contact_day_rollup')).toBeGreaterThan(100);
  });

  it.each(contactShapes)('contact aggregates (%s) equal the rows', async (_, shape) => {
    const options = { repeatWindowDays: 7, quantiles: true };
    expectSameRows(await contactAggregates(db, { ...shape, ...options }), await contactAggregates(db, { ...shape, ...options, rollups: false }));
  });

  it.each([
    ['channel × team × day (correlation\'s shape)', input(['channel', 'team', 'day'], {}, RANGES.slice(0, 1))],
    ['no grouping', input([])],
    ['priority × month, phone only', input(['priority', 'month'], { channel: ['phone'] })],
    ['team × week', input(['team', 'week'])],
  ] as const)('rated-contact satisfaction (%s) equals the rows', async (_, shape) => {
    expect(await ratedContactRollupFor(db, shape)).toBe(true);
    const fromRows = await ratedContactSatisfaction(db, { ...shape, rollups: false });
    expect(fromRows.reduce((n, r) => n + r.values['n']!, 0)).toBeGreaterThan(100);
    expectSameRows(await ratedContactSatisfaction(db, shape), fromRows);
  });

  it('reads rated-contact satisfaction from its rollup only where it fits and both sources are current', async () => {
    expect(await ratedContactRollupFor(db, input(['region']))).toBe(false);
    expect(await ratedContactRollupFor(db, { ...input(['team']), timeZone: 'UTC' })).toBe(false);
    expect(await ratedContactRollupFor(db, { ...input(['team']), rollups: false })).toBe(false);
    // every rated pair counted once: the rollup's answers are the rows' over all days
    const { rows } = await withSession(db, (s) =>
      s.query<{ rollup: string; pairs: string }>(
        `SELECT (SELECT sum(n) FROM rated_contact_day_rollup WHERE zone = $1)::text AS rollup,
                (SELECT count(*) FROM contact_current c JOIN survey_response_current r ON r.contact_id = c.contact_id
                 WHERE (r.ratings ->> 'overall') IS NOT NULL AND servq_is_business_key(c.contact_id))::text AS pairs`,
        [DEMO_TIME_ZONE],
      ),
    );
    expect(Number(rows[0]!.pairs)).toBeGreaterThan(100);
    expect(rows[0]!.rollup).toBe(rows[0]!.pairs);
  });

  it('keeps every known duration once, sorted: as many waits and handle times as the sums count', async () => {
    const { rows } = await withSession(db, (s) =>
      s.query<{ waits: string; wait_n: string; handles: string; handle_n: string; unsorted: string }>(
        `SELECT (SELECT sum(cardinality(waits)) FROM contact_duration_day_rollup)::text AS waits,
                (SELECT sum(wait_n) FROM contact_day_rollup)::text AS wait_n,
                (SELECT sum(cardinality(handles)) FROM contact_duration_day_rollup)::text AS handles,
                (SELECT sum(handle_n) FROM contact_day_rollup)::text AS handle_n,
                (SELECT count(*) FROM contact_duration_day_rollup u
                 WHERE u.waits <> ARRAY(SELECT v FROM unnest(u.waits) v ORDER BY v)
                    OR u.handles <> ARRAY(SELECT v FROM unnest(u.handles) v ORDER BY v))::text AS unsorted`,
      ),
    );
    const r = rows[0]!;
    expect(Number(r.waits)).toBeGreaterThan(1000);
    expect(r.waits).toBe(r.wait_n);
    expect(r.handles).toBe(r.handle_n);
    expect(r.unsorted).toBe('0');
  });

  it('reads the medians and P90s from the durations\' rollup where it fits', async () => {
    const shape = { ...input(['channel']), repeatWindowDays: 7 };
    const p50 = (rows: readonly GroupedRow[]) => rows.find((r) => r.rangeKey === 'current' && r.dimensions['channel'] === 'phone')!.values['wait_p50'];
    const fromRows = await contactAggregates(db, { ...shape, rollups: false });
    expect(p50(fromRows)).toBeGreaterThan(0);
    // Emptied, the rollup gives no waits: proof the quantiles come from it. Then rebuilt whole, equal again.
    await withSession(db, (s) => s.query("UPDATE contact_duration_day_rollup SET waits = '{}'"));
    expect(p50(await contactAggregates(db, shape))).toBeNull();
    await withSession(db, (s) => s.query("INSERT INTO rollup_pending (source, from_at, to_at) VALUES ('contacts', '-infinity', 'infinity')"));
    await refreshRollups(db);
    expectSameRows(await contactAggregates(db, shape), fromRows);
  }, 120_000);

  it.each([
    ['no grouping', input([])],
    ['phone only', input([], { channel: ['phone'] })],
    ['channel × priority', input(['channel', 'priority'])],
    ['month, chat only', input(['month'], { channel: ['chat'] })],
  ] as const)('contact arrivals per local hour (%s) equal the rows', async (_, shape) => {
    expect(await rollupFor(db, 'contacts', shape)).toBe(true);
    const fromRows = await contactHourArrivals(db, { ...shape, rollups: false });
    expect(fromRows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.dimensions['day']!) && /^\d{2}$/.test(r.dimensions['hour']!))).toBe(true);
    expectSameRows(await contactHourArrivals(db, shape), fromRows);
  });

  it('reads the hourly arrivals from their rollup where it fits', async () => {
    const shape = input([], { channel: ['phone'] });
    const fromRows = await contactHourArrivals(db, { ...shape, rollups: false });
    // Emptied, the rollup gives no arrivals: proof they come from it. Then rebuilt whole, equal again.
    await withSession(db, (s) => s.query('DELETE FROM contact_hour_rollup'));
    expect(await contactHourArrivals(db, shape)).toEqual([]);
    expect(await contactHourArrivals(db, input(['team'], { channel: ['phone'] }))).not.toEqual([]);
    await withSession(db, (s) => s.query("INSERT INTO rollup_pending (source, from_at, to_at) VALUES ('contacts', '-infinity', 'infinity')"));
    await refreshRollups(db);
    expectSameRows(await contactHourArrivals(db, shape), fromRows);
  }, 120_000);

  it.each(contactShapes)('contact day series and counts (%s) equal the rows', async (_, shape) => {
    expectSameRows(await contactDaySeries(db, shape), await contactDaySeries(db, { ...shape, rollups: false }));
    expectSameRows(await contactCounts(db, shape), await contactCounts(db, { ...shape, rollups: false }));
  });

  it('reads the rows for another repeat-contact window (the rollup counts FCR within 7 days)', async () => {
    const seven = await contactAggregates(db, { ...input([]), repeatWindowDays: 7 });
    const three = await contactAggregates(db, { ...input([]), repeatWindowDays: 3 });
    const threeRows = await contactAggregates(db, { ...input([]), repeatWindowDays: 3, rollups: false });
    expectSameRows(three, threeRows);
    // A shorter window counts fewer repeats: more contacts resolved at first contact.
    const current = (rows: readonly GroupedRow[]) => rows.find((r) => r.rangeKey === 'current')!.values['fcr_yes']!;
    expect(current(three)).toBeGreaterThan(current(seven));
  });

  it.each([
    ['no grouping', input([])],
    ['channel', input(['channel'])],
    ['method × day', input(['method', 'day'], {}, RANGES.slice(0, 1))],
    ['month, online only', input(['month'], { method: ['online'] })],
  ] as const)('survey items and responses (%s) equal the rows', async (_, shape) => {
    expectSameRows(await surveyItemAggregates(db, shape), await surveyItemAggregates(db, { ...shape, rollups: false }));
    expectSameRows(await surveyResponseCounts(db, shape), await surveyResponseCounts(db, { ...shape, rollups: false }));
  });

  it.each([
    ['team', input(['team'])],
    ['team × agent', input(['team', 'agent'])],
    ['agent × month, phone surveys only', input(['agent', 'month'], { method: ['phone'] })],
    ['region', input(['region'])],
  ] as const)('the overall item per %s (the per-agent table) equals the rows', async (_, shape) => {
    const overall = { ...shape, items: ['overall'] };
    const fromRollup = await surveyItemAggregates(db, overall);
    expect(new Set(fromRollup.map((r) => r.dimensions['item']))).toEqual(new Set(['overall']));
    expectSameRows(fromRollup, await surveyItemAggregates(db, { ...overall, rollups: false }));
  });

  it('is pending after a batch is removed or a later snapshot is loaded, and equal again after a refresh', async () => {
    const { rows } = await withSession(db, (s) =>
      s.query<{ batch_id: string }>("SELECT batch_id::text FROM ingest_batch WHERE source_kind = 'surveys' AND status = 'loaded' ORDER BY batch_id LIMIT 1"),
    );
    const ratedBefore = await ratedContactSatisfaction(db, input(['channel', 'month']));
    await withSession(db, async (s) => {
      await s.query('BEGIN');
      await removeBatch(s, Number(rows[0]!.batch_id), 'test', 'rollup test');
      await s.query('COMMIT');
    });
    expect(await rollupReady(db, 'surveys', DEMO_TIME_ZONE)).toBe(false);
    expect(await ratedContactRollupFor(db, input(['channel']))).toBe(false);
    const ratedAfterRemoval = await ratedContactSatisfaction(db, input(['channel', 'month']));
    // the removed batch's responses rated contacts: fewer answers than before
    const answers = (rs: readonly GroupedRow[]) => rs.reduce((n, r) => n + r.values['n']!, 0);
    expect(answers(ratedAfterRemoval)).toBeLessThan(answers(ratedBefore));
    const afterRemoval = await surveyItemAggregates(db, input(['channel']));
    expectSameRows(afterRemoval, await surveyItemAggregates(db, { ...input(['channel']), rollups: false }));
    const refresh = await refreshRollups(db);
    expect(refresh.days.surveys).toBeGreaterThan(0);
    expect(await rollupReady(db, 'surveys', DEMO_TIME_ZONE)).toBe(true);
    expectSameRows(await surveyItemAggregates(db, input(['channel'])), afterRemoval);
    // the removed responses rated contacts of earlier days: those days' rated rows follow the removal
    expect(await ratedContactRollupFor(db, input(['channel', 'month']))).toBe(true);
    expectSameRows(await ratedContactSatisfaction(db, input(['channel', 'month'])), ratedAfterRemoval);

    // Another export of two loaded calls (same ids and times, now abandoned after 999 s).
    const { rows: calls } = await withSession(db, (s) =>
      s.query<{ contact_id: string; started: string }>(
        `SELECT contact_id, to_char(started_at AT TIME ZONE '${DEMO_TIME_ZONE}', 'YYYY-MM-DD HH24:MI:SS') AS started
         FROM contact_current WHERE contact_id IS NOT NULL AND started_at >= '2025-08-01' ORDER BY started_at LIMIT 2`,
      ),
    );
    const csv = ['Call ID,Start Time,Channel,Status,Wait Time (s)', ...calls.map((c) => `${c.contact_id},${c.started},phone,abandoned,999`), ''].join('\n');
    const before = await contactAggregates(db, { ...input(['channel']), repeatWindowDays: 7 });
    const loaded = await loadCalls(db, 'snapshot.csv', csv, { refreshRollups: false });
    expect(loaded.status).toBe('loaded');
    expect(await rollupReady(db, 'contacts', DEMO_TIME_ZONE)).toBe(false);
    expect((await refreshPendingRollups(db))?.days.contacts).toBeGreaterThan(0);
    const after = await contactAggregates(db, { ...input(['channel']), repeatWindowDays: 7 });
    expectSameRows(after, await contactAggregates(db, { ...input(['channel']), repeatWindowDays: 7, rollups: false }));
    const abandoned = (rows: readonly GroupedRow[]) => rows.filter((r) => r.rangeKey === 'current').reduce((n, r) => n + r.values['abandoned']!, 0);
    expect(abandoned(after)).toBeGreaterThan(abandoned(before));
    expectSameRows(await ratedContactSatisfaction(db, input(['team', 'month'])), await ratedContactSatisfaction(db, { ...input(['team', 'month']), rollups: false }));
  }, 120_000);

  it('is pending after a policy is edited by hand (the trigger), and follows the new threshold after a refresh', async () => {
    const query = (rollups: boolean) => contactAggregates(db, { ...input([], { channel: ['phone'] }), repeatWindowDays: 7, quantiles: false, rollups });
    const sl = async (rollups: boolean) => (await query(rollups)).find((r) => r.rangeKey === 'current')!.values;
    const before = await sl(true);
    await withSession(db, (s) => s.query("UPDATE service_level_policy SET threshold_seconds = threshold_seconds * 2 WHERE channel = 'phone' AND priority IS NULL"));
    expect(await rollupReady(db, 'contacts', DEMO_TIME_ZONE)).toBe(false);
    await refreshRollups(db);
    const after = await sl(true);
    expect(after['sl_threshold']).toBe(2 * before['sl_threshold']!);
    expect(after['sl_answered_within']).toBeGreaterThan(before['sl_answered_within']!);
    expectSameRows(await query(true), await query(false));
  }, 120_000);

  it('keeps a load whose refresh fails: loaded, with a note, its days pending until a refresh succeeds', async () => {
    await withSession(db, (s) => s.query('ALTER TABLE contact_agent_day_rollup ADD CONSTRAINT servq_test_refuse CHECK (false) NOT VALID'));
    const csv = ['Call ID,Start Time,Channel,Status,Wait Time (s)', 'LATE-1,2025-08-20 10:00:00,phone,answered,12', ''].join('\n');
    const loaded = await loadCalls(db, 'late.csv', csv);
    expect(loaded.status).toBe('loaded');
    expect(loaded.message).toMatch(/daily rollups were not updated .*servq rollups --refresh retries/);
    expect(await rollupReady(db, 'contacts', DEMO_TIME_ZONE)).toBe(false);
    await withSession(db, (s) => s.query('ALTER TABLE contact_agent_day_rollup DROP CONSTRAINT servq_test_refuse'));
    await refreshRollups(db);
    expect(await rollupReady(db, 'contacts', DEMO_TIME_ZONE)).toBe(true);
    const query = { ...input(['channel']), repeatWindowDays: 7 };
    expectSameRows(await contactAggregates(db, query), await contactAggregates(db, { ...query, rollups: false }));
  }, 120_000);
});
