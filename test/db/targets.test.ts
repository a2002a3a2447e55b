/**
 * Improvement targets with history (sql/000006, src/db/target-queries.ts, src/cli/targets-command.ts): a set
 * adds a version and closes the one before, a correction keeps the corrected version, the targets in effect on
 * a day are one per target, and the plain SQL interval test agrees with `targetsInEffect`.
 */
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadMigrations } from '../../src/db/migrate.js';
import { withSession } from '../../src/db/session.js';
import { findTarget, listTargets, setTarget, targetsInEffect, TARGET_METRICS, type TargetVersion } from '../../src/db/target-queries.js';
import { formatTarget, localToday, parseTargetValue, registerTargetsCommand, runTargetsList, runTargetsSet } from '../../src/cli/targets-command.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';

const brief = (v: TargetVersion) => [v.targetId, v.targetValue, v.validFrom, v.validTo];

describe('parseTargetValue and formatTarget', () => {
  it('reads shares as percents or proportions, durations with units, points', () => {
    expect(parseTargetValue('95%', 'share')).toBe(0.95);
    expect(parseTargetValue('92.5 %', 'share')).toBe(0.925);
    expect(parseTargetValue('９５％', 'share')).toBe(0.95); // full width, as typed with a Chinese IME
    expect(parseTargetValue('0.95', 'share')).toBe(0.95);
    expect(() => parseTargetValue('95', 'share')).toThrow(/not a share.*did you mean 95%\?/);
    expect(parseTargetValue('30', 'seconds')).toBe(30);
    expect(parseTargetValue('2min', 'seconds')).toBe(120);
    expect(parseTargetValue('1.5h', 'seconds')).toBe(5400);
    expect(parseTargetValue('90 秒', 'seconds')).toBe(90);
    expect(() => parseTargetValue('2 weeks', 'seconds')).toThrow(/not a duration/);
    expect(parseTargetValue('+40', 'points')).toBe(40);
    expect(() => parseTargetValue('forty', 'points')).toThrow(/not a number of NPS points/);
  });

  it('formats a target with its unit', () => {
    expect(formatTarget('>=', 0.925, 'share')).toBe('>= 92.5 %');
    expect(formatTarget('>=', 0.95, 'share')).toBe('>= 95 %');
    expect(formatTarget('<=', 30, 'seconds')).toBe('<= 30 s');
    expect(formatTarget('>=', 40, 'points')).toBe('>= 40 points');
    expect(formatTarget('<=', 2.5, 'per_1000')).toBe('<= 2.5 per 1,000');
  });

  it('names today on the local clock', () => {
    expect(localToday(new Date(2026, 2, 5, 23, 59))).toBe('2026-03-05');
  });

  it('lists every metric with a unit and a one-line meaning', () => {
    for (const name of ['csat', 'csat_transparency', 'share_handled_within_24h', 'service_level_phone', 'service_level_chat', 'service_level_email', 'nps', 'fcr', 'abandon_rate', 'asa_seconds', 'aht_seconds', 'first_reply_30min', 'complaint_rate_per_1000']) {
      expect(TARGET_METRICS).toHaveProperty(name);
    }
    for (const spec of Object.values(TARGET_METRICS)) expect(spec.meaning).not.toMatch(/\n/);
  });
});

describe.each(TEST_DATABASES)('improvement targets on $name', ({ name, open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps the defaults of 000002 in effect, marked as recorded before history was kept', async () => {
    const inEffect = await targetsInEffect(t.db, '2026-01-01');
    expect(inEffect.map(brief)).toEqual([
      ['feedback_handled_24h', 0.95, '2000-01-01', null],
      ['satisfaction', 0.9, '2000-01-01', null],
      ['transparency', 0.85, '2000-01-01', null],
    ]);
    expect(inEffect.every((v) => v.recordedBy === null && /before target history/.test(v.reason ?? '') && !v.superseded)).toBe(true);
    expect(await targetsInEffect(t.db, '1999-12-31')).toEqual([]);
  });

  it('set adds a version from a day on, closes the previous one there, and keeps both', async () => {
    const { target, previous } = await setTarget(t.db, {
      targetId: 'satisfaction',
      targetValue: 0.92,
      validFrom: '2026-07-01',
      recordedBy: 'alice@host',
      reason: '2026 H2 plan',
    });
    expect(brief(target)).toEqual(['satisfaction', 0.92, '2026-07-01', null]);
    expect([target.metric, target.comparator, target.unit, target.description]).toEqual(['csat', '>=', 'share', 'satisfaction (CSAT, top-two-box)']);
    expect(target.recordedBy).toMatch(/^alice@host as \w+/);
    expect(target.reason).toBe('2026 H2 plan');
    expect(previous && brief(previous)).toEqual(['satisfaction', 0.9, '2000-01-01', null]);
    const value = async (day: string) => (await targetsInEffect(t.db, day)).find((v) => v.targetId === 'satisfaction')?.targetValue;
    expect(await value('2026-06-30')).toBe(0.9);
    expect(await value('2026-07-01')).toBe(0.92);
    expect(await value('2030-01-01')).toBe(0.92);
    const history = (await listTargets(t.db, { history: true })).filter((v) => v.targetId === 'satisfaction');
    expect(history.map(brief)).toEqual([
      ['satisfaction', 0.9, '2000-01-01', '2026-07-01'],
      ['satisfaction', 0.92, '2026-07-01', null],
    ]);
  });

  it('a value set again for the same day corrects it: the corrected version stays, with an empty interval', async () => {
    const { target, previous } = await setTarget(t.db, { targetId: 'satisfaction', targetValue: 0.93, validFrom: '2026-07-01', reason: 'typo' });
    expect(previous?.targetValue).toBe(0.92);
    expect(target.recordedBy).not.toMatch(/ as .* as /);
    const history = (await listTargets(t.db, { history: true })).filter((v) => v.targetId === 'satisfaction');
    expect(history.map((v) => [...brief(v), v.superseded])).toEqual([
      ['satisfaction', 0.9, '2000-01-01', '2026-07-01', false],
      ['satisfaction', 0.92, '2026-07-01', '2026-07-01', true],
      ['satisfaction', 0.93, '2026-07-01', null, false],
    ]);
    expect((await targetsInEffect(t.db, '2026-07-01')).find((v) => v.targetId === 'satisfaction')?.targetValue).toBe(0.93);
  });

  it('a back-dated version runs until the next one', async () => {
    const { target, previous } = await setTarget(t.db, { targetId: 'satisfaction', targetValue: 0.91, validFrom: '2026-03-01' });
    expect(brief(target)).toEqual(['satisfaction', 0.91, '2026-03-01', '2026-07-01']);
    expect(previous?.targetValue).toBe(0.9);
    const live = (await listTargets(t.db, { history: true })).filter((v) => v.targetId === 'satisfaction' && !v.superseded);
    expect(live.map(brief)).toEqual([
      ['satisfaction', 0.9, '2000-01-01', '2026-03-01'],
      ['satisfaction', 0.91, '2026-03-01', '2026-07-01'],
      ['satisfaction', 0.93, '2026-07-01', null],
    ]);
    const on = async (day: string) => (await listTargets(t.db, { at: day })).find((v) => v.targetId === 'satisfaction')?.targetValue;
    expect([await on('2026-02-28'), await on('2026-03-01'), await on('2026-06-30'), await on('2026-07-01')]).toEqual([0.9, 0.91, 0.91, 0.93]);
    // Without a day: the latest version of each target, a scheduled one included.
    expect((await listTargets(t.db)).find((v) => v.targetId === 'satisfaction')?.targetValue).toBe(0.93);
    expect((await findTarget(t.db, 'satisfaction'))?.validFrom).toBe('2026-07-01');
  });

  it('a new target needs a metric, and takes its unit, comparator and meaning', async () => {
    await expect(setTarget(t.db, { targetId: 'asa_phone', targetValue: 30, validFrom: '2026-01-01' })).rejects.toThrow(
      /^setTarget: no target 'asa_phone' yet; to create it give its metric, one of: csat, /,
    );
    const { target, previous } = await setTarget(t.db, { targetId: 'asa_phone', metric: 'asa_seconds', targetValue: 30, validFrom: '2026-01-01' });
    expect(previous).toBeUndefined();
    expect([target.metric, target.comparator, target.unit, target.description]).toEqual(['asa_seconds', '<=', 'seconds', TARGET_METRICS.asa_seconds.meaning]);
    expect(target.recordedBy).toMatch(/^\w+$/); // the database role alone when no one is named
  });

  it('refuses what does not fit, and changes nothing', async () => {
    const before = await listTargets(t.db, { history: true });
    const set = (input: Partial<Parameters<typeof setTarget>[1]>) =>
      setTarget(t.db, { targetId: 'satisfaction', targetValue: 0.9, validFrom: '2026-09-01', ...input });
    await expect(set({ metric: 'nps' })).rejects.toThrow("setTarget: target 'satisfaction' measures csat, not nps; a target for another metric needs another id");
    await expect(set({ metric: 'happiness' })).rejects.toThrow(/^setTarget: unknown metric 'happiness'; one of: csat, /);
    await expect(set({ unit: 'seconds' })).rejects.toThrow('setTarget: csat is measured in share, not seconds');
    await expect(set({ targetValue: 90 })).rejects.toThrow('setTarget: csat needs a share from 0 to 1, got 90');
    await expect(set({ validFrom: '2026-02-30' })).rejects.toThrow("setTarget: validFrom must be a calendar date YYYY-MM-DD, got '2026-02-30'");
    await expect(set({ targetId: 'Bad Id' })).rejects.toThrow(/^setTarget: a target id is lower-case letters/);
    await expect(set({ targetId: 'nps_goal', metric: 'nps', targetValue: 120 })).rejects.toThrow('setTarget: nps needs NPS points from −100 to +100, got 120');
    await expect(targetsInEffect(t.db, '2026-13-01')).rejects.toThrow(RangeError);
    await expect(listTargets(t.db, { at: '2026-01-01', history: true })).rejects.toThrow(TypeError);
    expect(await listTargets(t.db, { history: true })).toEqual(before);
  });

  it('concurrent sets of one target serialise: the versions still chain', async () => {
    await Promise.all(
      ['2028-01-01', '2027-01-01', '2029-01-01'].map((validFrom, i) => setTarget(t.db, { targetId: 'feedback_handled_24h', targetValue: 0.96 + i / 100, validFrom })),
    );
    const live = (await listTargets(t.db, { history: true })).filter((v) => v.targetId === 'feedback_handled_24h' && !v.superseded);
    expect(live.map((v) => [v.validFrom, v.validTo])).toEqual([
      ['2000-01-01', '2027-01-01'],
      ['2027-01-01', '2028-01-01'],
      ['2028-01-01', '2029-01-01'],
      ['2029-01-01', null],
    ]);
  });

  it('the plain interval test finds one row per target, the one targetsInEffect returns', async () => {
    for (const day of ['2000-01-01', '2026-02-28', '2026-03-01', '2026-07-01', '2027-01-01']) {
      const { rows } = await withSession(t.db, (s) =>
        s.query<{ target_id: string; version_id: number }>(
          `SELECT target_id, version_id::int AS version_id FROM improvement_target
           WHERE valid_from <= $1::date AND (valid_to IS NULL OR valid_to > $1::date) ORDER BY target_id`,
          [day],
        ),
      );
      expect(rows.map((r) => [r.target_id, r.version_id])).toEqual((await targetsInEffect(t.db, day)).map((v) => [v.targetId, v.versionId]));
    }
  });

  it('the upgrade closes a version a deployment left open under a later one and keeps every value', async () => {
    await withSession(t.db, async (s) => {
      await s.query('BEGIN');
      try {
        await s.exec('CREATE SCHEMA upgrade_check; SET LOCAL search_path TO upgrade_check');
        await s.exec('CREATE TABLE schema_migration (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
        const migrations = loadMigrations();
        for (const m of migrations.filter((x) => x.version <= 5)) {
          await s.exec(m.sql);
          await s.query('INSERT INTO schema_migration (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)', [m.version, m.name, m.checksum, '2025-01-02T03:04:05Z']);
        }
        // As 000002's comment says: a change is a row with a later valid_from (the earlier one left open).
        await s.exec(`INSERT INTO improvement_target (target_id, description, metric, comparator, target_value, unit, valid_from)
                      VALUES ('satisfaction', 'satisfaction (CSAT, top-two-box)', 'csat', '>=', 0.92, 'share', DATE '2025-01-01')`);
        await s.exec(migrations.find((x) => x.version === 6)!.sql);
        const { rows } = await s.query<Record<string, unknown>>(
          `SELECT target_id, target_value, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to,
                  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS recorded_at, recorded_by
           FROM improvement_target ORDER BY target_id, valid_from`,
        );
        expect(rows).toEqual([
          { target_id: 'feedback_handled_24h', target_value: 0.95, valid_from: '2000-01-01', valid_to: null, recorded_at: '2025-01-02 03:04:05', recorded_by: null },
          { target_id: 'satisfaction', target_value: 0.9, valid_from: '2000-01-01', valid_to: '2025-01-01', recorded_at: '2025-01-02 03:04:05', recorded_by: null },
          { target_id: 'satisfaction', target_value: 0.92, valid_from: '2025-01-01', valid_to: null, recorded_at: '2025-01-02 03:04:05', recorded_by: null },
          { target_id: 'transparency', target_value: 0.85, valid_from: '2000-01-01', valid_to: null, recorded_at: '2025-01-02 03:04:05', recorded_by: null },
        ]);
      } finally {
        await s.query('ROLLBACK');
      }
    });
    expect((await targetsInEffect(t.db, '2026-01-01')).length).toBeGreaterThan(0);
  });

  it('the CLI sets and lists, and refuses an unknown target without --metric', async () => {
    const withDb = <T>(work: (db: typeof t.db) => Promise<T>) => work(t.db);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await runTargetsSet('transparency', '87%', { from: '2026-04-01', reason: 'Q2 review' }, withDb, '2026-03-15');
    expect(log.mock.calls.map((c) => String(c[0]))).toEqual([
      'transparency (csat_transparency): >= 85 % → >= 87 % from 2026-04-01',
      expect.stringMatching(/^recorded by .+ as \w+: Q2 review; earlier versions are kept \(servq targets list --history\)$/),
    ]);
    log.mockClear();
    await runTargetsList({}, withDb, '2026-03-15');
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    expect(printed).toMatch(/^targets in effect on 2026-03-15:/);
    expect(printed).toMatch(/transparency +csat_transparency +>= 85 % +2000-01-01 +2026-04-01/);
    expect(printed).toMatch(/scheduled after 2026-03-15: .*transparency >= 87 % from 2026-04-01/);
    await expect(runTargetsSet('nps_goal', '40', {}, withDb, '2026-03-15')).rejects.toThrow(/no target 'nps_goal' yet; to create it, name its metric with --metric/);
    await expect(runTargetsSet('satisfaction', '95', {}, withDb, '2026-03-15')).rejects.toThrow(/did you mean 95%/);
    await expect(runTargetsSet('satisfaction', '95%', { metric: 'nps' }, withDb, '2026-03-15')).rejects.toMatchObject({
      exitCode: 2,
      message: "target 'satisfaction' measures csat, not nps; a target for another metric needs another id",
    });
  });

  it(`registers 'targets' as main.ts will wire it, reading the database from the global options`, async () => {
    const program = new Command('servq').option('--database-url <url>').option('--data-dir <dir>').exitOverride();
    registerTargetsCommand(program);
    const global = name === 'postgres' ? ['--database-url', t.env['DATABASE_URL']!] : ['--data-dir', t.env['SERVQ_DATA_DIR']!];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(console, 'log').mockImplementation(() => {});
    // The embedded database is single-process: the command opens it itself.
    if (name === 'pglite') await t.db.close();
    try {
      await program.parseAsync([...global, 'targets', 'set', 'aht_goal', '5min', '--metric', 'aht_seconds', '--from', '2026-01-01', '--json'], { from: 'user' });
      await program.parseAsync([...global, 'targets', 'list', '--at', '2026-02-01', '--json'], { from: 'user' });
    } finally {
      if (name === 'pglite') await t.reopen();
    }
    const lines = out.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ target: { targetId: 'aht_goal', metric: 'aht_seconds', comparator: '<=', targetValue: 300, unit: 'seconds', validFrom: '2026-01-01' }, previous: null });
    expect(lines.slice(1).map((l) => l['targetId'])).toEqual(['aht_goal', 'asa_phone', 'feedback_handled_24h', 'satisfaction', 'transparency']);
    expect(program.commands[0]!.commands.map((c) => c.name())).toEqual(['list', 'set']);
    expect(program.commands[0]!.commands[1]!.helpInformation()).toMatch(/--metric <metric>/);
  });
});
