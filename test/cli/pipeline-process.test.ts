/**
 * Pipelines with the real CLI in child processes, on the embedded database and (with TEST_DATABASE_URL) the
 * server: SIGKILL during a run, then a clean re-run (the file loads once; the killed run is marked
 * abandoned); SIGTERM during a run (rolled back, recorded interrupted, exit 130); the scheduler catching up
 * missed runs once; two schedulers starting each tick once; the idle scheduler not holding the embedded
 * database.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { withSession } from '../../src/db/session.js';
import { CronSchedule } from '../../src/pipeline/cron-ticks.js';
import { writeCallsCsv } from '../helpers/calls-csv.js';
import { tempDir } from '../helpers/files.js';
import { copyStarted, processTargets, type ProcessTarget } from '../helpers/process-targets.js';
import { jsonLines, runServq, SERVQ_BIN, startServq, type Running } from '../helpers/servq-process.js';

const ROWS = 120_000;

/** Lets others traverse the test's own temporary folders above `dir` (mkdtemp makes them 0700). */
function openUpTo(dir: string): void {
  for (let d = dirname(dir); d.startsWith(`${tmpdir()}/`); d = dirname(d)) chmodSync(d, 0o755);
}

/** The unprivileged user of Debian (nobody); tests that need a file its reader cannot open run servq as it. */
const NOBODY = 65534;
/** True when this process can start servq as nobody and nobody can read the package (root, a readable checkout). */
const canRunAsNobody =
  process.getuid?.() === 0 && spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(SERVQ_BIN)}, 4)`], { uid: NOBODY, gid: NOBODY }).status === 0;

async function sql<R>(env: Record<string, string>, text: string): Promise<R[]> {
  if (env['DATABASE_URL']) {
    const client = new pg.Client({ connectionString: env['DATABASE_URL'] });
    await client.connect();
    try {
      return (await client.query(text)).rows as R[];
    } finally {
      await client.end();
    }
  }
  const db = await connect({ dataDir: env['SERVQ_DATA_DIR']!, lockTimeoutMs: 60_000 });
  try {
    return await withSession(db, async (s) => (await s.query<R>(text)).rows);
  } finally {
    await db.close();
  }
}

/** A working folder with a config (settle 0 s, so tests need not wait) and an inbox. */
function workspace(config: object = {}): { dir: string; calls: string; configFile: string } {
  const dir = tempDir();
  const calls = join(dir, 'inbox', 'calls');
  mkdirSync(calls, { recursive: true });
  const configFile = join(dir, 'servq.config.json');
  writeFileSync(configFile, JSON.stringify({ timeZone: 'UTC', inbox: { settleSeconds: 0 }, ...config }, null, 2));
  return { dir, calls, configFile };
}

/** Resolves when `pattern` appears in the child's output (stdout + stderr), or fails after `ms`. */
async function waitForOutput(run: Running, read: () => string, pattern: RegExp, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(read())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output so far:\n${read()}`);
    if (run.child.exitCode !== null) throw new Error(`the process ended (${run.child.exitCode}) before ${pattern}; output:\n${read()}`);
    await sleep(50);
  }
}

/** Collects a child's stdout and stderr as it runs. */
function output(run: Running): () => string {
  let text = '';
  run.child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  run.child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return () => text;
}

/** A fresh database and an inbox holding one large call log, with `servq run daily-ingest` started and inside its run. */
async function runningIngest(target: ProcessTarget, delayMs: number) {
  const env = await target.fresh();
  const w = workspace();
  writeCallsCsv(join(w.calls, 'calls.csv'), ROWS);
  const run = startServq(['run', 'daily-ingest', '--config', w.configFile], env, w.dir);
  const read = output(run);
  await waitForOutput(run, read, /run #1 started/, 60_000);
  // Inside the load: on a server, once its COPY shows in pg_stat_activity; on the embedded database (a 120k-row
  // load takes seconds there) after the delay.
  if (env['DATABASE_URL'] && delayMs === COPY_RUNNING) await copyStarted(env);
  else await sleep(delayMs);
  return { env, w, run };
}

/** `runningIngest`'s delay meaning "until the COPY runs" (server) or 300 ms (embedded). */
const COPY_RUNNING = 300;

describe.each(processTargets('pipeline-proc'))('pipelines in processes on $name', (target) => {
  it('SIGKILL during a run loses nothing: the re-run loads the file once and marks the killed run abandoned', async () => {
    const { env, w, run } = await runningIngest(target, COPY_RUNNING);
    run.child.kill('SIGKILL');
    await run.done;
    // Killed mid-run: the batch rolled back, the file is still in the inbox for the next run.
    expect(existsSync(join(w.calls, 'calls.csv'))).toBe(true);
    expect((await sql<{ n: number }>(env, 'SELECT count(*)::int AS n FROM contact'))[0]!.n).toBe(0);
    // Until a run marks it abandoned, the history says its process is gone (not plainly 'running').
    const listed = await runServq(['jobs'], env, w.dir);
    expect(listed.stdout).toMatch(/daily-ingest +manual +- +running \(process gone\)/);
    expect(listed.stdout).toContain("'process gone': the run's process was killed before it recorded its end");

    const rerun = await runServq(['run', 'daily-ingest', '--config', w.configFile, '--json'], env, w.dir);
    expect(rerun.code).toBe(0);
    const [result] = jsonLines(rerun.stdout);
    // (Not run #2 necessarily: PostgreSQL's sequences skip the values cached before a crash.)
    expect(result).toMatchObject({ pipeline: 'daily-ingest', status: 'succeeded' });
    const rerunId = result!['runId'] as number;
    expect(rerun.stderr).toMatch(/run #1 had not finished .*marked abandoned/);
    expect(readdirSync(join(w.calls, 'done'))).toEqual(['calls.csv']);
    expect(await sql(env, `SELECT (SELECT count(*)::int FROM contact) AS rows, (SELECT count(*)::int FROM ingest_batch WHERE status = 'loaded') AS batches`)).toEqual([{ rows: ROWS, batches: 1 }]);
    expect(await sql(env, 'SELECT run_id::int, status FROM pipeline_run ORDER BY run_id')).toEqual([
      { run_id: 1, status: 'abandoned' },
      { run_id: rerunId, status: 'succeeded' },
    ]);
    const jobs = await runServq(['jobs', '--json'], env, w.dir);
    expect(jsonLines(jobs.stdout).map((r) => [r['runId'], r['status']])).toEqual([
      [rerunId, 'succeeded'],
      [1, 'abandoned'],
    ]);
  }, 180_000);

  it('SIGTERM during a run rolls the load back, records the run interrupted and exits 130', async () => {
    // Signals at growing delays into the run until one lands inside the load (a fast machine may finish first).
    let interrupted = 0;
    for (let delayMs = 100; delayMs < 5_000 && interrupted === 0; delayMs += 400) {
      const { env, w, run } = await runningIngest(target, delayMs);
      run.child.kill('SIGTERM');
      const finished = await run.done;
      if (finished.code === 0) continue;
      expect(finished.code).toBe(130);
      expect(existsSync(join(w.calls, 'calls.csv'))).toBe(true);
      expect(await sql(env, `SELECT (SELECT count(*)::int FROM contact) AS rows, (SELECT status FROM pipeline_run WHERE run_id = 1) AS status`)).toEqual([{ rows: 0, status: 'interrupted' }]);
      interrupted++;
    }
    expect(interrupted).toBe(1);
  }, 240_000);

  if (target.name === 'pglite') {
    it('a stop signal while waiting for the embedded database ends the wait: no run recorded, exit 130', async () => {
      const env = await target.fresh();
      const w = workspace();
      await runServq(['migrate'], env, w.dir);
      // Another live process (this test's) holds the embedded database.
      const lock = `${env['SERVQ_DATA_DIR']!}.lock`;
      writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), command: 'notebook', since: new Date().toISOString() }));
      try {
        const run = startServq(['run', 'daily-ingest', '--config', w.configFile], env, w.dir);
        const read = output(run);
        await waitForOutput(run, read, /waiting for process \d+ \(notebook, since/, 60_000);
        run.child.kill('SIGTERM');
        const finished = await run.done;
        expect(finished.code).toBe(130);
        expect(read()).toMatch(/not run — stopped \(SIGTERM\/SIGINT\) before the run started/);
      } finally {
        rmSync(lock, { force: true });
      }
      expect(await sql(env, 'SELECT count(*)::int AS n FROM pipeline_run')).toEqual([{ n: 0 }]);
    }, 120_000);
  }

  it('the scheduler reports the runs it missed and catches up once; SIGTERM when idle exits 0', async () => {
    const env = await target.fresh();
    const w = workspace({ pipelines: { 'weekly-service-levels': { enabled: false }, 'monthly-report': { enabled: false }, 'quarterly-report': { enabled: false } } });
    writeFileSync(join(w.calls, 'calls.csv'), 'call_id,start_time,channel,status,wait_time,talk_time,agent\nC1,2026-01-05 09:00,phone,接通,10,100,A1\n');
    // The history says the last scheduled run was four ticks ago: three were missed.
    const schedule = new CronSchedule('0 2 * * *', 'UTC');
    const now = new Date();
    const ticks = schedule.ticksBetween(new Date(now.getTime() - 5 * 86_400_000), now).ticks;
    const last = ticks.at(-4)!;
    await runServq(['migrate'], env, w.dir);
    await sql(env, `INSERT INTO pipeline_run (pipeline, trigger, scheduled_for, params, status, finished_at, host, pid, servq_version)
      VALUES ('daily-ingest', 'schedule', '${last.toISOString()}', '{}', 'succeeded', now(), 'old-host', 1, '0.0.0')`);
    // The latest tick's run was killed: still recorded as running, its process gone. It counts as missed.
    await sql(env, `INSERT INTO pipeline_run (pipeline, trigger, scheduled_for, params, status, host, pid, servq_version)
      VALUES ('daily-ingest', 'schedule', '${ticks.at(-1)!.toISOString()}', '{}', 'running', 'old-host', 999999, '0.0.0')`);

    const run = startServq(['schedule', '--config', w.configFile], env, w.dir);
    const read = output(run);
    await waitForOutput(run, read, /run #2 had not finished \(its process was killed or lost the database\); marked abandoned/, 60_000);
    await waitForOutput(run, read, /daily-ingest: missed 3 runs \(.*\) while no scheduler was running; catching up once now/, 60_000);
    await waitForOutput(run, read, /daily-ingest: run #3 (succeeded|warning)/, 60_000);
    await waitForOutput(run, read, /daily-ingest: next run/, 10_000);
    run.child.kill('SIGTERM');
    const finished = await run.done;
    expect(finished.code).toBe(0);
    expect(read()).toMatch(/SIGTERM: stopping — no new runs/);
    expect(read()).toMatch(/stopped; no run was interrupted/);
    const rows = await sql<{ trigger: string; scheduled_for: Date; missed_ticks: number; status: string }>(env, `SELECT trigger, scheduled_for, missed_ticks, status FROM pipeline_run WHERE run_id >= 2 ORDER BY run_id`);
    expect(rows.map((r) => [r.trigger, new Date(r.scheduled_for).toISOString(), r.missed_ticks, r.status])).toEqual([
      ['schedule', ticks.at(-1)!.toISOString(), 0, 'abandoned'],
      ['catch-up', ticks.at(-1)!.toISOString(), 3, 'succeeded'],
    ]);
    expect(readdirSync(join(w.calls, 'done'))).toEqual(['calls.csv']);

    // Started again at once: nothing was missed since, nothing runs.
    const again = startServq(['schedule', '--config', w.configFile], env, w.dir);
    const readAgain = output(again);
    await waitForOutput(again, readAgain, /daily-ingest: scheduled '0 2 \* \* \*' \(UTC\); next run/, 60_000);
    again.child.kill('SIGTERM');
    expect((await again.done).code).toBe(0);
    expect(readAgain()).not.toMatch(/missed/);
    expect(await sql(env, 'SELECT count(*)::int AS n FROM pipeline_run')).toEqual([{ n: 3 }]);
  }, 150_000);

  it('two schedulers start each tick once', async () => {
    const env = await target.fresh();
    const w = workspace({
      pipelines: {
        'daily-ingest': { schedule: '* * * * *' },
        'weekly-service-levels': { enabled: false },
        'monthly-report': { enabled: false },
        'quarterly-report': { enabled: false },
      },
    });
    await runServq(['migrate'], env, w.dir);
    const a = startServq(['schedule', '--config', w.configFile], env, w.dir);
    const b = startServq(['schedule', '--config', w.configFile], env, w.dir);
    const readA = output(a);
    const readB = output(b);
    // Both see the next minute's tick: one runs it, the other finds it taken (or the pipeline locked).
    const handled = (text: string) => /daily-ingest: run #\d+ (succeeded|warning)|daily-ingest: skipped — /.test(text);
    const deadline = Date.now() + 100_000;
    while (!(handled(readA()) && handled(readB()))) {
      if (Date.now() > deadline) throw new Error(`no tick handled by both:\nA:\n${readA()}\nB:\n${readB()}`);
      await sleep(200);
    }
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await Promise.all([a.done, b.done]);
    const runs = await sql<{ scheduled_for: Date; n: number }>(env, `SELECT scheduled_for, count(*)::int AS n FROM pipeline_run GROUP BY scheduled_for ORDER BY scheduled_for`);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (const r of runs) expect(r.n).toBe(1);
    expect(`${readA()}\n${readB()}`).toMatch(/daily-ingest: skipped — (the .* run of daily-ingest was already started: run #\d+|daily-ingest is already running)/);
  }, 150_000);

  it.skipIf(!canRunAsNobody)('moves a file it cannot read to failed/ with the reason (run as an unprivileged user)', async () => {
    const env = await target.fresh();
    const w = workspace();
    // The child runs as nobody: it needs to write its database, home, inbox and config folder.
    const home = join(w.dir, 'home');
    mkdirSync(home);
    for (const d of [w.dir, join(w.dir, 'inbox'), w.calls, home]) chmodSync(d, 0o777);
    openUpTo(w.dir);
    if (env['SERVQ_DATA_DIR']) {
      mkdirSync(dirname(env['SERVQ_DATA_DIR']), { recursive: true });
      chmodSync(dirname(env['SERVQ_DATA_DIR']), 0o777);
      openUpTo(dirname(env['SERVQ_DATA_DIR']));
    }
    writeFileSync(join(w.calls, 'locked.csv'), 'call_id,start_time,channel,status\nC1,2026-01-05 09:00,phone,接通\n');
    chmodSync(join(w.calls, 'locked.csv'), 0o000);
    writeFileSync(join(w.calls, 'readable.csv'), 'call_id,start_time,channel,status,wait_time,talk_time,agent\nC2,2026-01-05 09:00,phone,接通,10,100,A1\n');
    chmodSync(join(w.calls, 'readable.csv'), 0o644);
    const child = spawnSync(process.execPath, [SERVQ_BIN, 'run', 'daily-ingest', '--config', w.configFile, '--json'], {
      cwd: w.dir,
      env: { ...process.env, DATABASE_URL: '', ...env, SERVQ_HOME: home },
      uid: NOBODY,
      gid: NOBODY,
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(3); // finished with a warning: one file refused
    expect(readFileSync(join(w.calls, 'failed', 'locked.csv.reason.txt'), 'utf8')).toMatch(/Reason: cannot read the file: permission denied/);
    expect(readdirSync(join(w.calls, 'done'))).toEqual(['readable.csv']);
  }, 120_000);

  if (target.name === 'pglite') {
    it('the idle scheduler does not hold the embedded database: other commands run meanwhile', async () => {
      const env = await target.fresh();
      const w = workspace();
      await runServq(['migrate'], env, w.dir);
      const run = startServq(['schedule', '--config', w.configFile], env, w.dir);
      const read = output(run);
      await waitForOutput(run, read, /quarterly-report: scheduled/, 60_000);
      const t0 = Date.now();
      const batches = await runServq(['batches', '--json'], env, w.dir);
      expect(batches.code).toBe(0);
      expect(batches.stderr).not.toMatch(/waiting for process/);
      expect(Date.now() - t0).toBeLessThan(30_000);
      run.child.kill('SIGTERM');
      expect((await run.done).code).toBe(0);
    }, 120_000);
  }
});
