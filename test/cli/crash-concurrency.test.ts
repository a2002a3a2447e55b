/**
 * Process-level guarantees, with the real CLI in child processes: SIGKILL at any moment leaves no partial
 * batch and a re-run loads the file exactly once; two concurrent ingests of one file load it once; Ctrl-C
 * rolls back with a message. On the embedded database and, when TEST_DATABASE_URL is set, on the server.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { withSession } from '../../src/db/session.js';
import { writeCallsCsv } from '../helpers/calls-csv.js';
import { jsonLines, runServq, startServq } from '../helpers/servq-process.js';
import { copyStarted, processTargets, type ProcessTarget } from '../helpers/process-targets.js';

const ROWS = 120_000;

interface Target extends ProcessTarget {
  /** Rows in contact, loaded and failed batches. */
  state(env: Record<string, string>): Promise<{ contacts: number; loaded: number; failed: number }>;
  /** Waits until a COPY into contact is running (server only: observable from outside). */
  copyStarted?(env: Record<string, string>): Promise<void>;
}

const root = mkdtempSync(join(tmpdir(), 'servq-proc-'));
let csv: string;
beforeAll(() => {
  csv = join(root, 'calls.csv');
  writeCallsCsv(csv, ROWS);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const stateQuery = `SELECT (SELECT count(*)::int FROM contact) AS contacts,
  (SELECT count(*)::int FROM ingest_batch WHERE status = 'loaded') AS loaded,
  (SELECT count(*)::int FROM ingest_batch WHERE status = 'failed') AS failed`;

async function pgliteState(env: Record<string, string>) {
  const db = await connect({ dataDir: env['SERVQ_DATA_DIR']!, lockTimeoutMs: 30_000 });
  try {
    return await withSession(db, async (s) => (await s.query<{ contacts: number; loaded: number; failed: number }>(stateQuery)).rows[0]!);
  } finally {
    await db.close();
  }
}

async function serverState(env: Record<string, string>) {
  const client = new pg.Client({ connectionString: env['DATABASE_URL'] });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('public.contact') IS NOT NULL AS ok");
    if (!exists.rows[0].ok) return { contacts: 0, loaded: 0, failed: 0 };
    return (await client.query(stateQuery)).rows[0];
  } finally {
    await client.end();
  }
}

const TARGETS: readonly Target[] = processTargets('crash').map((t) =>
  t.name === 'pglite' ? { ...t, state: pgliteState } : { ...t, state: serverState, copyStarted },
);

describe.each(TARGETS)('ingest processes on $name', (target) => {
  it('SIGKILL at any moment leaves no partial batch; the re-run loads the file exactly once', async () => {
    const env = await target.fresh();
    let kills = 0;
    // Kill at a sweep of moments (start-up, migrations, COPY, after COPY) until a run beats the kill.
    for (let delayMs = 200; ; delayMs += 800) {
      const run = startServq(['ingest', 'calls', csv, '--json'], env);
      const finished = await Promise.race([run.done, sleep(delayMs).then(() => undefined)]);
      if (finished) {
        expect(finished.code).toBe(0);
        break;
      }
      run.child.kill('SIGKILL');
      await run.done;
      kills++;
      // Killed before COMMIT: nothing of the file; killed after it (closing, printing): all of it. Never part.
      const state = await target.state(env);
      if (state.loaded === 1) {
        expect(state).toEqual({ contacts: ROWS, loaded: 1, failed: 0 });
        break;
      }
      expect(state).toEqual({ contacts: 0, loaded: 0, failed: 0 });
    }
    expect(kills).toBeGreaterThanOrEqual(2);
    const state = await target.state(env);
    expect(state).toEqual({ contacts: ROWS, loaded: 1, failed: 0 });
    const again = await runServq(['ingest', 'calls', csv, '--json'], env);
    expect(jsonLines(again.stdout)[0]).toMatchObject({ status: 'skipped', rowsLoaded: 0 });
    expect(await target.state(env)).toEqual({ contacts: ROWS, loaded: 1, failed: 0 });
  }, 180_000);

  if (target.copyStarted) {
    it('SIGKILL in the middle of the COPY loses the whole batch, nothing else', async () => {
      const env = await target.fresh();
      const run = startServq(['ingest', 'calls', csv, '--json'], env);
      await target.copyStarted!(env);
      run.child.kill('SIGKILL');
      await run.done;
      expect(await target.state(env)).toEqual({ contacts: 0, loaded: 0, failed: 0 });
      const rerun = await runServq(['ingest', 'calls', csv, '--json'], env);
      expect(jsonLines(rerun.stdout)[0]).toMatchObject({ status: 'loaded', rowsLoaded: ROWS });
    }, 120_000);
  }

  it('two processes ingesting the same file at once load it once', async () => {
    const env = await target.fresh();
    const [a, b] = await Promise.all([runServq(['ingest', 'calls', csv, '--json'], env), runServq(['ingest', 'calls', csv, '--json'], env)]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const statuses = [...jsonLines(a.stdout), ...jsonLines(b.stdout)].map((r) => r['status']).sort();
    expect(statuses).toEqual(['loaded', 'skipped']);
    expect(await target.state(env)).toEqual({ contacts: ROWS, loaded: 1, failed: 0 });
  }, 120_000);

  it('Ctrl-C (SIGINT) rolls the batch back and says so', async () => {
    const env = await target.fresh();
    let interrupted = 0;
    for (let delayMs = 300; delayMs < 20_000 && interrupted === 0; delayMs += 400) {
      const run = startServq(['ingest', 'calls', csv, '--json'], env);
      if (target.copyStarted) await target.copyStarted(env);
      else {
        // The embedded database's lock file appears once the process has its signal handlers and is
        // opening the database: a signal before that (Node still starting) would test Node, not servq.
        const lock = `${env['SERVQ_DATA_DIR']!}.lock`;
        for (let i = 0; i < 600 && !existsSync(lock); i++) await Promise.race([run.done, sleep(50)]);
        await Promise.race([run.done, sleep(delayMs)]);
      }
      run.child.kill('SIGINT');
      const result = await run.done;
      if (result.code === 0) break; // finished before the signal: nothing to observe at this moment
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/SIGINT: stopping; the current batch is rolled back/);
      const state = await target.state(env);
      expect(state.contacts).toBe(0);
      expect(state.loaded).toBe(0);
      interrupted++;
    }
    expect(interrupted).toBe(1);
  }, 180_000);
});
