/**
 * The agent_assignment view (sql/000005_join_indexes.sql): consecutive observations of an agent in one team,
 * ordered by time across the three sources, form one period, so a move A → B → A gives three periods that do
 * not overlap. Rows are inserted with plain SQL: only the columns the view reads matter. The view computes
 * spans by grouping and sorts only agents whose spans meet; a property test holds it equal to the plain
 * definition (`referencePeriods`) on random observations full of ties and moves.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession, type Session } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { kyselyOf } from '../../src/db/kysely-dialect.js';

type Source = 'contact' | 'survey' | 'complaint';

/** One observation of an agent: in which source, when (UTC), in which team (null: not recorded). */
interface Seen {
  readonly source: Source;
  readonly at: string;
  readonly agent: string | null;
  readonly team: string | null;
  readonly name?: string;
}

let line = 0;

async function insert(s: Session, rows: readonly Seen[]): Promise<void> {
  for (const r of rows) {
    line += 1;
    const values = [line, `${r.at}Z`, r.agent, r.name ?? null, r.team];
    if (r.source === 'contact') {
      await s.query(
        `INSERT INTO contact (batch_id, line_no, started_at, channel, agent_code, agent_name, team, row_key)
         VALUES (1, $1, $2, 'phone', $3, $4, $5, gen_random_uuid())`,
        values,
      );
    } else if (r.source === 'survey') {
      await s.query(
        `INSERT INTO survey_response (batch_id, line_no, answered_at, agent_code, agent_name, team, row_key)
         VALUES (2, $1, $2, $3, $4, $5, gen_random_uuid())`,
        values,
      );
    } else {
      await s.query(
        `INSERT INTO complaint (batch_id, line_no, received_at, agent_code, agent_name, team, row_key)
         VALUES (3, $1, $2, $3, $4, $5, gen_random_uuid())`,
        values,
      );
    }
  }
}

interface Period {
  readonly team: string;
  readonly name: string | null;
  readonly from: string;
  readonly to: string;
}

const iso = (d: Date): string => d.toISOString().slice(0, 19);

async function periods(t: OpenTestDatabase, agent: string): Promise<Period[]> {
  const rows = await kyselyOf(t.db)
    .selectFrom('agent_assignment')
    .selectAll()
    .where('agent_code', '=', agent)
    .orderBy('valid_from')
    .orderBy('valid_to')
    .orderBy('team_code')
    .execute();
  return rows.map((r) => ({ team: r.team_code, name: r.agent_name, from: iso(r.valid_from), to: iso(r.valid_to) }));
}

/**
 * The definition, computed directly: per agent, the observations naming a team (all of them, as team '', for
 * an agent never seen in one), ordered by time then team code; each run of one team is a period.
 */
function referencePeriods(rows: readonly Seen[], agent: string): Period[] {
  const mine = rows.filter((r) => r.agent === agent);
  const inTeam = mine.some((r) => r.team !== null);
  const kept = mine
    .filter((r) => !inTeam || r.team !== null)
    .map((r) => ({ ...r, team: r.team ?? '' }))
    // Codes and names here are plain ASCII: code-point order is the database's order under any collation.
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
  const periods: { team: string; names: string[]; from: string; to: string }[] = [];
  for (const r of kept) {
    const last = periods.at(-1);
    if (last !== undefined && last.team === r.team) {
      last.to = r.at;
      if (r.name !== undefined) last.names.push(r.name);
    } else {
      periods.push({ team: r.team, names: r.name === undefined ? [] : [r.name], from: r.at, to: r.at });
    }
  }
  return periods
    .map((p) => ({ team: p.team, name: p.names.length === 0 ? null : p.names.reduce((a, b) => (b > a ? b : a)), from: p.from, to: p.to }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : a.team < b.team ? -1 : 1));
}

/** Each period ends no later than the next begins (they share an instant only when two teams were seen then). */
function expectInOrderWithoutOverlap(list: readonly Period[]): void {
  for (let i = 1; i < list.length; i++) expect(list[i - 1]!.to <= list[i]!.from).toBe(true);
}

describe.each(TEST_DATABASES)('agent_assignment periods on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('gives an agent who moves A → B → A three periods that do not overlap', async () => {
    await withSession(t.db, (s) =>
      insert(s, [
        { source: 'contact', at: '2026-01-05T09:00:00', agent: 'MOVER', team: 'A', name: 'Li' },
        { source: 'survey', at: '2026-01-05T11:00:00', agent: 'MOVER', team: 'A' },
        { source: 'complaint', at: '2026-01-07T10:00:00', agent: 'MOVER', team: 'B' },
        { source: 'contact', at: '2026-01-08T10:00:00', agent: 'MOVER', team: 'B' },
        // Inserted out of time order: the view orders by time, not by what arrived first.
        { source: 'contact', at: '2026-01-12T16:00:00', agent: 'MOVER', team: 'A' },
        { source: 'survey', at: '2026-01-12T09:00:00', agent: 'MOVER', team: 'A', name: 'Li Na' },
        { source: 'contact', at: '2026-01-06T12:00:00', agent: 'MOVER', team: 'A' },
      ]),
    );
    const found = await periods(t, 'MOVER');
    expect(found).toEqual([
      { team: 'A', name: 'Li', from: '2026-01-05T09:00:00', to: '2026-01-06T12:00:00' },
      { team: 'B', name: null, from: '2026-01-07T10:00:00', to: '2026-01-08T10:00:00' },
      { team: 'A', name: 'Li Na', from: '2026-01-12T09:00:00', to: '2026-01-12T16:00:00' },
    ]);
    expectInOrderWithoutOverlap(found);
    // The team view still spans both of team A's stints.
    const team = await kyselyOf(t.db).selectFrom('team').selectAll().where('team_code', '=', 'A').executeTakeFirstOrThrow();
    expect([iso(team.first_seen_at), iso(team.last_seen_at)]).toEqual(['2026-01-05T09:00:00', '2026-01-12T16:00:00']);
  });

  it('gives an agent seen in one team one period, whatever the source', async () => {
    await withSession(t.db, (s) =>
      insert(s, [
        { source: 'complaint', at: '2026-02-03T08:00:00', agent: 'STAY', team: 'C', name: 'Wang' },
        { source: 'contact', at: '2026-02-01T08:00:00', agent: 'STAY', team: 'C', name: 'Wang' },
        { source: 'survey', at: '2026-02-02T08:00:00', agent: 'STAY', team: 'C' },
      ]),
    );
    expect(await periods(t, 'STAY')).toEqual([{ team: 'C', name: 'Wang', from: '2026-02-01T08:00:00', to: '2026-02-03T08:00:00' }]);
  });

  it('does not split a period at observations that name no team, and keeps an agent never seen in a team', async () => {
    await withSession(t.db, (s) =>
      insert(s, [
        { source: 'contact', at: '2026-03-01T08:00:00', agent: 'GAP', team: 'D' },
        { source: 'survey', at: '2026-03-02T08:00:00', agent: 'GAP', team: null },
        { source: 'contact', at: '2026-03-03T08:00:00', agent: 'GAP', team: 'D' },
        { source: 'contact', at: '2026-03-01T08:00:00', agent: 'LONER', team: null },
        { source: 'complaint', at: '2026-03-04T08:00:00', agent: 'LONER', team: null },
        { source: 'contact', at: '2026-03-05T08:00:00', agent: null, team: 'D' },
      ]),
    );
    expect(await periods(t, 'GAP')).toEqual([{ team: 'D', name: null, from: '2026-03-01T08:00:00', to: '2026-03-03T08:00:00' }]);
    expect(await periods(t, 'LONER')).toEqual([{ team: '', name: null, from: '2026-03-01T08:00:00', to: '2026-03-04T08:00:00' }]);
    const teams = await kyselyOf(t.db).selectFrom('team').select('team_code').where('team_code', '=', '').execute();
    expect(teams).toEqual([]);
  });

  it('orders two teams seen at the same instant by team code, whatever the insertion order or source', async () => {
    // TIE1 and TIE2 have the same observations; the tied pair arrives in opposite orders and from other sources.
    await withSession(t.db, async (s) => {
      await insert(s, [
        { source: 'contact', at: '2026-04-01T09:00:00', agent: 'TIE1', team: 'F' },
        { source: 'contact', at: '2026-04-01T10:00:00', agent: 'TIE1', team: 'E' },
        { source: 'survey', at: '2026-04-01T10:00:00', agent: 'TIE1', team: 'F' },
        { source: 'contact', at: '2026-04-01T11:00:00', agent: 'TIE1', team: 'F' },
      ]);
      await insert(s, [
        { source: 'contact', at: '2026-04-01T11:00:00', agent: 'TIE2', team: 'F' },
        { source: 'contact', at: '2026-04-01T10:00:00', agent: 'TIE2', team: 'F' },
        { source: 'complaint', at: '2026-04-01T10:00:00', agent: 'TIE2', team: 'E' },
        { source: 'survey', at: '2026-04-01T09:00:00', agent: 'TIE2', team: 'F' },
      ]);
    });
    const expected = [
      { team: 'F', name: null, from: '2026-04-01T09:00:00', to: '2026-04-01T09:00:00' },
      { team: 'E', name: null, from: '2026-04-01T10:00:00', to: '2026-04-01T10:00:00' },
      { team: 'F', name: null, from: '2026-04-01T10:00:00', to: '2026-04-01T11:00:00' },
    ];
    expect(await periods(t, 'TIE1')).toEqual(expected);
    expect(await periods(t, 'TIE2')).toEqual(expected);
    expectInOrderWithoutOverlap(expected);
  });

  it('equals the definition on random observations with moves, ties and missing teams', async () => {
    let run = 0;
    // Few instants and teams, so ties, moves back and forth and untagged rows are common.
    const observation = fc.record({
      source: fc.constantFrom<Source>('contact', 'survey', 'complaint'),
      hour: fc.integer({ min: 0, max: 11 }),
      agent: fc.constantFrom('a', 'b', 'c'),
      team: fc.constantFrom<string | null>('P', 'Q', 'R', null),
      name: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(observation, { minLength: 1, maxLength: 40 }), async (drawn) => {
        run += 1;
        const rows: Seen[] = drawn.map((d) => ({
          source: d.source,
          at: `2026-05-01T${String(d.hour).padStart(2, '0')}:00:00`,
          agent: `R${run}${d.agent}`,
          team: d.team,
          ...(d.name === undefined ? {} : { name: d.name }),
        }));
        await withSession(t.db, (s) => insert(s, rows));
        for (const agent of new Set(rows.map((r) => r.agent!))) {
          expect(await periods(t, agent)).toEqual(referencePeriods(rows, agent));
        }
      }),
      { numRuns: 40 },
    );
  });
});
