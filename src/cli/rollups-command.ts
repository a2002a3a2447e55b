/**
 * `servq rollups [--refresh] [--json]`: the daily rollups the analyses read (src/db/rollups.ts) — the time zones
 * kept, the spans of time loads have changed since the last refresh, and the rows of each table; `--refresh`
 * brings them up to date now (what the next `servq analyze` would do first), e.g. as the last step of a
 * nightly load.
 */
import type { Command } from 'commander';
import type { RollupRefresh } from '../db/rollups.js';
import { analysisTimeZone } from './analysis-zone.js';
import { count, table, withDatabase, type GlobalOptions } from './context.js';

export function registerRollupsCommand(program: Command): void {
  program
    .command('rollups')
    .description('show the daily rollups the analyses read (zones, pending changes, rows); --refresh brings them up to date')
    .option('--refresh', 'keep the analyses\' zone and recompute the days changed since the last refresh (the next servq analyze does it otherwise)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', `
Loads note the days they change; the first servq analyze after them recomputes those days once. Run
servq rollups --refresh after a nightly load so that the morning's first analysis does not wait for it.
The zone kept is servq analyze's default (SERVQ_TIME_ZONE, else Asia/Shanghai); an analysis in another zone,
or grouped by a dimension the rollups do not carry (region, queue), reads the rows.`)
    .action(async (o: { refresh?: boolean; json?: boolean }) => {
      const [{ addRollupZone, describeRefresh, refreshRollups, rollupStatus }, { withSession }] = await Promise.all([import('../db/rollups.js'), import('../db/session.js')]);
      await withDatabase(program.opts() as GlobalOptions, async (db) => {
        let refreshed: RollupRefresh | null = null;
        if (o.refresh) {
          // The analyses' zone is kept from now on (a database migrated from before sql/000010 has none yet).
          await withSession(db, (s) => addRollupZone(s, analysisTimeZone()));
          refreshed = await refreshRollups(db);
        }
        const status = await rollupStatus(db);
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ refreshed, ...status })}\n`);
          return;
        }
        if (refreshed !== null) console.error(`servq: ${describeRefresh(refreshed)}`);
        if (status.zones.length === 0) {
          console.log('No daily rollups yet: the first servq ingest registers the analyses\' time zone.');
          return;
        }
        console.log(table(['zone', 'built'], status.zones.map((z) => [z.zone, z.builtAt === null ? 'not yet (next refresh builds it)' : z.builtAt.toISOString()])));
        console.log(table(['table', 'rows'], Object.entries(status.rows).map(([t, n]) => [t, count(n)])));
        if (status.pending.length === 0) console.log('Nothing pending: the analyses read the rollups.');
        else {
          console.log(`Pending (the analyses read the rows of these sources until a refresh):`);
          console.log(table(['source', 'from', 'to'], status.pending.map((p) => [p.source, p.from, p.to])));
        }
      });
    });
}
