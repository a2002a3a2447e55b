/**
 * A stop request ends a load whose statement is stuck in the server: SIGTERM cancels the statement from a
 * second connection (no orphaned query keeps the batch's locks), nothing is committed, the process exits with
 * 130, and the next run loads the file. (The embedded database's cancel — its worker stopped — is tested on
 * the Database in test/db/cancel.test.ts: PGlite has no second session to hold a lock with.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { minuteCallsCsv } from '../helpers/calls-csv.js';
import { tempFile } from '../helpers/files.js';
import { processTargets } from '../helpers/process-targets.js';
import { jsonLines, runServq, startServq } from '../helpers/servq-process.js';

const server = processTargets('stop').find((t) => t.name === 'postgres');

describe.skipIf(server === undefined)('SIGTERM during a stuck statement on the server', () => {
  it('cancels the statement, rolls the batch back, exits 130, and the next run loads the file', async () => {
    const env = await server!.fresh();
    const first = tempFile('first.csv', minuteCallsCsv(200, 'F'));
    expect((await runServq(['ingest', 'calls', first, '--json'], env)).code).toBe(0);
    // A second file in the same days: its duplicate search writes duplicate_row, which another session holds.
    const second = tempFile('second.csv', minuteCallsCsv(200, 'S'));
    const holder = new pg.Client({ connectionString: env['DATABASE_URL'] });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE duplicate_row IN ACCESS EXCLUSIVE MODE');
      const run = startServq(['ingest', 'calls', second, '--json'], env);
      // Wait until the load is blocked on the lock inside the server.
      const watcher = new pg.Client({ connectionString: env['DATABASE_URL'] });
      await watcher.connect();
      try {
        for (let i = 0; i < 600; i++) {
          const { rows } = await watcher.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO duplicate_row%'");
          if (rows[0].n > 0) break;
          await sleep(100);
        }
        run.child.kill('SIGTERM');
        const result = await run.done;
        expect(result.code).toBe(130);
        expect(result.stderr).toMatch(/SIGTERM: stopping; the current batch is rolled back/);
        expect(jsonLines(result.stdout)[0]).toMatchObject({ status: 'failed' });
        // No statement of the stopped process is left running.
        const { rows } = await watcher.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'INSERT INTO duplicate_row%' AND pid <> pg_backend_pid()");
        expect(rows[0].n).toBe(0);
      } finally {
        await watcher.end();
      }
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const again = await runServq(['ingest', 'calls', second, '--json'], env);
    expect(again.code).toBe(0);
    expect(jsonLines(again.stdout)[0]).toMatchObject({ status: 'loaded', rowsLoaded: 200 });
  }, 120_000);
});
