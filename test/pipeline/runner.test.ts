/**
 * One pipeline run, in process, on the embedded database and (with TEST_DATABASE_URL) the server: the inbox
 * (partial file left, same file twice loaded once, refused and unreadable files to failed/ with a reason,
 * temporaries ignored), the run history (steps, counts, errors with causes), a failing step that stops the
 * run and keeps earlier work, transient database errors retried with backoff, a scheduled tick started once,
 * and a run left 'running' by a killed process marked abandoned by the next run.
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { withSession, type Database } from '../../src/db/session.js';
import { lastTicks, listRuns, startRun, startStep, watchPipelines } from '../../src/db/pipeline-runs.js';
import { parseConfig, type ServqConfig } from '../../src/pipeline/config.js';
import { definePipeline, resolveParams, type Step } from '../../src/pipeline/define.js';
import { moveToDone, moveToFailed, scanInbox, strayFiles } from '../../src/pipeline/inbox.js';
import { runPipeline, type RunOutcome, type RunRequest } from '../../src/pipeline/runner.js';
import { ingestInbox, refreshRollups } from '../../src/pipeline/steps.js';
import { PIPELINES } from '../../pipelines/index.js';
import pg from 'pg';
import { minuteCallsCsv, writeCallsCsv } from '../helpers/calls-csv.js';
import { tempDir } from '../helpers/files.js';
import { processTargets, TEST_PSEUDONYM_KEY } from '../helpers/process-targets.js';

const savedKey = process.env['SERVQ_PSEUDONYM_KEY'];
beforeAll(() => {
  process.env['SERVQ_PSEUDONYM_KEY'] = TEST_PSEUDONYM_KEY;
});
afterAll(() => {
  if (savedKey === undefined) delete process.env['SERVQ_PSEUDONYM_KEY'];
  else process.env['SERVQ_PSEUDONYM_KEY'] = savedKey;
});

const NAMES = PIPELINES.map((p) => p.name);

function configIn(dir: string, extra: object = {}): ServqConfig {
  return parseConfig({ timeZone: 'Asia/Shanghai', inbox: { settleSeconds: 0 }, retry: { attempts: 3, firstDelaySeconds: 0.01 }, ...extra }, dir, null, NAMES);
}

/** Opens the target's database (a fresh handle per call, as the scheduler does per run). */
function opener(env: Record<string, string>): () => Promise<Database> {
  return () => connect(env['DATABASE_URL'] ? { databaseUrl: env['DATABASE_URL'] } : { dataDir: env['SERVQ_DATA_DIR']!, lockTimeoutMs: 30_000 });
}

async function query<R>(env: Record<string, string>, sql: string): Promise<R[]> {
  const db = await opener(env)();
  try {
    return await withSession(db, async (s) => (await s.query<R>(sql)).rows);
  } finally {
    await db.close();
  }
}

/** A fresh folder for a config, with its calls inbox (`<dir>/inbox/calls`) made. */
function callsInbox(): { dir: string; calls: string } {
  const dir = tempDir();
  const calls = join(dir, 'inbox', 'calls');
  mkdirSync(calls, { recursive: true });
  return { dir, calls };
}

function request(env: Record<string, string>, config: ServqConfig, over: Partial<RunRequest> & Pick<RunRequest, 'definition'>): RunRequest {
  return { config, trigger: 'manual', signal: new AbortController().signal, openDatabase: opener(env), log: () => undefined, ...over };
}

function ran(outcome: RunOutcome): Extract<RunOutcome, { kind: 'ran' }> {
  if (outcome.kind !== 'ran') throw new Error(`expected a run, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const dailyIngest = PIPELINES.find((p) => p.name === 'daily-ingest')!;

it('leaves a file that is still being written for the next run', async () => {
  const dir = tempDir();
  const inbox = join(dir, 'calls');
  mkdirSync(inbox);
  const growing = join(inbox, 'growing.csv');
  writeFileSync(growing, minuteCallsCsv(100, 'G'));
  writeFileSync(join(inbox, 'done.csv'), minuteCallsCsv(100, 'D'));
  // An exporter appends while the scan waits: the size changes between the two looks.
  const writer = setInterval(() => appendFileSync(growing, 'G999,2026-01-01 00:00,phone,接通,1,1,A1,T1,华东,13800000000\n'), 20);
  let clock = Date.now() + 60_000; // the injected clock: both files look old enough
  try {
    const scan = await scanInbox(inbox, 300, () => clock);
    expect(scan.ready.map((f) => f.name)).toEqual(['done.csv']);
    expect(scan.growing.map((f) => f.name)).toEqual(['growing.csv']);
  } finally {
    clearInterval(writer);
  }
  // A file modified just now (within the settle time) is left too, even if its size did not change while looking.
  const modified = statSync(growing).mtime;
  utimesSync(join(inbox, 'done.csv'), modified, modified);
  clock = modified.getTime() + 10;
  const fresh = await scanInbox(inbox, 50, () => clock);
  expect(fresh.growing.map((f) => f.name).sort()).toEqual(['done.csv', 'growing.csv']);
});


it('follows symbolic links, reads a modification time ahead of the clock by the two looks, and names files outside the kinds\' folders', async () => {
  const { dir, calls: inbox } = callsInbox();
  const export_ = join(dir, 'export.csv');
  writeFileSync(export_, minuteCallsCsv(10, 'L'));
  symlinkSync(export_, join(inbox, 'linked.csv'));
  symlinkSync(dir, join(inbox, 'folder-link'));
  const ahead = join(inbox, 'ahead.csv');
  writeFileSync(ahead, minuteCallsCsv(10, 'A'));
  const future = new Date(Date.now() + 2 * 3600_000);
  utimesSync(ahead, future, future); // a share whose clock runs two hours ahead
  symlinkSync('../gone.csv', join(inbox, 'dangling.csv'));
  symlinkSync('../../export.csv', join(inbox, 'relative.csv'));
  const scan = await scanInbox(inbox, 50);
  expect(scan.ready.map((f) => f.name)).toEqual(['ahead.csv', 'linked.csv', 'relative.csv']);
  expect(scan.growing).toEqual([]);
  expect(scan.badLinks).toEqual(['dangling.csv', 'folder-link']);
  // A link with a relative target still leads to the export from done/.
  const moved = moveToDone(scan.ready.find((f) => f.name === 'relative.csv')!);
  expect(readFileSync(moved, 'utf8')).toBe(readFileSync(export_, 'utf8'));
  expect(existsSync(join(inbox, 'relative.csv'))).toBe(false);
  // Before: links were skipped without a word, and a time ahead of the clock left the file 'still being written' forever.
  writeFileSync(join(dir, 'dropped-here.csv'), 'x');
  writeFileSync(join(dir, '.hidden.csv'), 'x');
  expect(strayFiles(dir)).toEqual(['dropped-here.csv', 'export.csv']);
  expect(strayFiles(join(dir, 'missing'))).toEqual([]);
});

it("looks at every kind's folder over one settle window, not one window per kind", async () => {
  const env = await processTargets('pipeline-settle')[0]!.fresh();
  const { dir, calls } = callsInbox();
  const surveys = join(dir, 'inbox', 'surveys');
  mkdirSync(surveys, { recursive: true });
  writeFileSync(join(calls, 'calls.csv'), minuteCallsCsv(50, 'S'));
  const answers = join(surveys, 'answers.csv');
  writeFileSync(answers, 'response_id,submitted_at,csat\n');
  // An exporter writes the survey file until the calls file has been loaded and moved. Looked at over the same
  // window as the calls folder, it is seen growing; looked at only after the calls folder's own wait and load
  // (one window per kind), it had settled and was loaded.
  const callsFile = join(calls, 'calls.csv');
  const writer = setInterval(() => existsSync(callsFile) && appendFileSync(answers, 'r1,2026-01-01 10:00,5\n'), 20);
  try {
    const outcome = ran(await runPipeline(request(env, configIn(dir, { inbox: { settleSeconds: 2 } }), { definition: dailyIngest })));
    expect(outcome.steps[0]!.counts).toMatchObject({ files: 1, loaded: 1, left: 1 });
    expect(readdirSync(surveys)).toEqual(['answers.csv']);
  } finally {
    clearInterval(writer);
  }
});

describe.each(processTargets('pipeline-runner'))('a pipeline run on $name', (target) => {
  it('ingests the inbox: loaded and repeated files to done/, refused ones to failed/ with a reason, temporaries left', async () => {
    const env = await target.fresh();
    const { dir, calls } = callsInbox();
    const config = configIn(dir);
    writeFileSync(join(calls, 'a.csv'), minuteCallsCsv(500, 'A'));
    writeFileSync(join(calls, 'a-again.csv'), minuteCallsCsv(500, 'A')); // the same content under another name
    writeFileSync(join(calls, 'binary.csv'), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7, 8, 0, 0, 0, 1]));
    // Most waits not durations: refused for its reject rate, with its first rejected rows kept.
    let row = 0;
    writeFileSync(join(calls, 'bad-waits.csv'), minuteCallsCsv(40, 'W').replace(/,接通,\d+,/g, (m) => (row++ % 4 === 0 ? m : ',接通,soon,')));
    writeFileSync(join(calls, 'download.csv.part'), minuteCallsCsv(10, 'P'));
    writeFileSync(join(calls, '.hidden.csv'), minuteCallsCsv(10, 'H'));

    const outcome = ran(await runPipeline(request(env, config, { definition: dailyIngest })));
    expect(outcome.status).toBe('warning'); // a refused file needs a look; the run finished
    expect(outcome.steps.map((s) => [s.name, s.status])).toEqual([
      ['ingest inbox', 'warning'],
      ['refresh rollups', 'succeeded'],
    ]);
    expect(outcome.steps[0]!.counts).toMatchObject({ files: 4, loaded: 1, skipped: 1, failed: 2, left: 0, rowsLoaded: 500 });
    expect(readdirSync(join(calls, 'done')).sort()).toEqual(['a-again.csv', 'a.csv']);
    expect(readdirSync(join(calls, 'failed')).sort()).toEqual(['bad-waits.csv', 'bad-waits.csv.reason.txt', 'binary.csv', 'binary.csv.reason.txt']);
    const reason = readFileSync(join(calls, 'failed', 'binary.csv.reason.txt'), 'utf8');
    expect(reason).toMatch(/^binary\.csv was not loaded\./);
    expect(reason).toMatch(/Reason: .*binary/);
    expect(reason).toMatch(new RegExp(`run #${outcome.runId} of daily-ingest`));
    // Refused before any row was read: no rejected rows to show, so `servq rejects` is not offered.
    expect(reason).toMatch(/Batch: \d+ \(servq batches history \d+\)/);
    expect(reason).not.toMatch(/servq rejects/);
    // Refused for its reject rate: the message names --max-reject-rate, which an inbox user sets in the config;
    // the first rejected rows are kept with the failed batch.
    const rate = readFileSync(join(calls, 'failed', 'bad-waits.csv.reason.txt'), 'utf8');
    expect(rate).toMatch(/Reason: .*30 of 40 rows rejected .*--max-reject-rate/);
    expect(rate).toMatch(/these are set in servq\.config\.json: --max-reject-rate → inbox\.kinds\.calls\.maxRejectRate\./);
    const batch = Number(/Batch: (\d+) \(servq rejects \1 shows the 30 rejected rows it kept; servq batches history \1\)/.exec(rate)?.[1]);
    expect(await query(env, `SELECT count(*)::int AS n FROM rejected_row WHERE batch_id = ${batch}`)).toEqual([{ n: 30 }]);
    // Temporaries and hidden files are never picked up.
    expect(readdirSync(calls).sort()).toEqual(['.hidden.csv', 'done', 'download.csv.part', 'failed']);
    const [loaded] = await query<{ n: number }>(env, `SELECT count(*)::int AS n FROM contact`);
    expect(loaded!.n).toBe(500);

    // The same file dropped again (same name): loaded once, kept beside the first under a free name.
    writeFileSync(join(calls, 'a.csv'), minuteCallsCsv(500, 'A'));
    const again = ran(await runPipeline(request(env, config, { definition: dailyIngest })));
    expect(again.status).toBe('succeeded');
    expect(again.steps[0]!.counts).toMatchObject({ files: 1, loaded: 0, skipped: 1 });
    expect(readdirSync(join(calls, 'done')).sort()).toEqual(['a-again.csv', 'a.1.csv', 'a.csv']);
    const [still] = await query<{ n: number; batches: number }>(env, `SELECT (SELECT count(*)::int FROM contact) AS n, (SELECT count(*)::int FROM ingest_batch WHERE status = 'loaded') AS batches`);
    expect(still).toEqual({ n: 500, batches: 1 });

    // The history holds both runs with their steps and counts.
    const db = await opener(env)();
    try {
      const runs = await listRuns(db, { limit: 10, withSteps: true });
      expect(runs.map((r) => [r.runId, r.status, r.trigger])).toEqual([
        [again.runId, 'succeeded', 'manual'],
        [outcome.runId, 'warning', 'manual'],
      ]);
      expect(runs[1]!.steps!.map((s) => s.status)).toEqual(['warning', 'succeeded']);
      expect(runs[1]!.steps![0]!.counts).toMatchObject({ loaded: 1, failed: 2 });
      expect(runs[1]!.steps![0]!.detail).toMatch(/4 file\(s\): 1 loaded \(500 rows\), 1 already loaded, 2 refused/);
    } finally {
      await db.close();
    }
  });

  it("reads times without an offset in the config's zone; a kind's own zone wins", async () => {
    const env = await target.fresh();
    const { dir, calls } = callsInbox();
    const complaintsDir = join(dir, 'inbox', 'complaints');
    mkdirSync(complaintsDir, { recursive: true });
    writeFileSync(join(calls, 'calls.csv'), minuteCallsCsv(5, 'Z')); // first call 2026-01-01 00:00 local
    writeFileSync(join(complaintsDir, 'tickets.csv'), 'ticket_id,created_at,description\nT1,2026-01-01 00:00,网络断了\n');
    const lines: string[] = [];
    const config = parseConfig({ timeZone: 'Europe/Berlin', inbox: { settleSeconds: 0, kinds: { complaints: { timeZone: 'America/New_York' } } } }, dir, null, NAMES);
    ran(await runPipeline(request(env, config, { definition: dailyIngest, log: (line) => lines.push(line) })));
    // Before: the inbox took servq ingest's default zone (Asia/Shanghai: 2025-12-31T16:00Z) whatever the config said.
    expect(await query(env, `SELECT to_char(min(started_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS t FROM contact`)).toEqual([{ t: '2025-12-31T23:00' }]);
    expect(await query(env, `SELECT to_char(min(received_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS t FROM complaint`)).toEqual([{ t: '2026-01-01T05:00' }]);
    expect(lines.join('\n')).toMatch(/calls\.csv \(calls\): batch \d+, 5 rows loaded, .*times without an offset read in Europe\/Berlin/);
  });

  it("a kind whose profile cannot be read waits in the inbox, named by its config key; the other kinds load", async () => {
    const env = await target.fresh();
    const { dir, calls } = callsInbox();
    const complaintsDir = join(dir, 'inbox', 'complaints');
    mkdirSync(complaintsDir, { recursive: true });
    writeFileSync(join(calls, 'calls.csv'), minuteCallsCsv(20, 'P'));
    writeFileSync(join(complaintsDir, 'tickets.csv'), 'ticket_id,created_at,description\nT1,2026-01-01 00:00,网络断了\n');
    writeFileSync(join(dir, 'tickets-profile.json'), '{}');
    const config = configIn(dir, { inbox: { settleSeconds: 0, kinds: { complaints: { map: 'tickets-profile.json' } } } });
    rmSync(join(dir, 'tickets-profile.json')); // removed after the config was read
    const outcome = ran(await runPipeline(request(env, config, { definition: dailyIngest })));
    expect(outcome.steps.map((s) => [s.name, s.status])).toEqual([
      ['ingest inbox', 'warning'],
      ['refresh rollups', 'succeeded'],
    ]);
    expect(outcome.steps[0]!.counts).toMatchObject({ loaded: 1, blocked: 1, failed: 0 });
    expect(outcome.steps[0]!.detail).toMatch(/1 not loaded: inbox\.kinds\.complaints\.map: .*tickets-profile\.json: not a readable JSON mapping profile/);
    expect(readdirSync(complaintsDir)).toEqual(['tickets.csv']); // not the file's fault: not in failed/
    expect(readdirSync(join(calls, 'done'))).toEqual(['calls.csv']);
  });

  it('counts missed ticks from the last scheduled run, or for a pipeline without one from when a scheduler began watching it', async () => {
    const env = await target.fresh();
    const db = await opener(env)();
    try {
      // A pipeline that never ran on schedule: absent until a scheduler watches it, then counted from then.
      expect(await lastTicks(db)).toEqual(new Map());
      await watchPipelines(db, ['monthly-report', 'daily-ingest'], ['weekly-service-levels']);
      const watched = await withSession(db, async (s) => (await s.query<{ pipeline: string; since: Date }>(`SELECT pipeline, since FROM pipeline_watch ORDER BY pipeline`)).rows);
      expect(watched.map((w) => w.pipeline)).toEqual(['daily-ingest', 'monthly-report']);
      expect([...(await lastTicks(db)).entries()].sort()).toEqual(watched.map((w) => [w.pipeline, new Date(w.since)]));
      const since = watched[1]!.since;
      // A second start keeps the first watch time; once a pipeline has a scheduled run, its tick counts (also one
      // from before the watch: a history older than servq's watch table is not cut short); disabling forgets it.
      await watchPipelines(db, ['monthly-report'], []);
      expect((await lastTicks(db)).get('monthly-report')).toEqual(new Date(since));
      const earlier = new Date(new Date(since).getTime() - 3 * 86_400_000);
      await startRun(db, { pipeline: 'daily-ingest', trigger: 'schedule', scheduledFor: earlier, missedTicks: 0, params: {} });
      expect((await lastTicks(db)).get('daily-ingest')).toEqual(earlier);
      await watchPipelines(db, [], ['monthly-report']);
      expect((await lastTicks(db)).has('monthly-report')).toBe(false);
    } finally {
      await db.close();
    }
  });

  it.skipIf(process.getuid?.() === 0)('moves a file it cannot read to failed/ with the reason', async () => {
    const env = await target.fresh();
    const { dir, calls } = callsInbox();
    writeFileSync(join(calls, 'locked.csv'), minuteCallsCsv(10, 'L'));
    chmodSync(join(calls, 'locked.csv'), 0o000);
    const outcome = ran(await runPipeline(request(env, configIn(dir), { definition: dailyIngest })));
    expect(outcome.steps[0]!.counts).toMatchObject({ failed: 1 });
    expect(readFileSync(join(calls, 'failed', 'locked.csv.reason.txt'), 'utf8')).toMatch(/permission denied/);
  });

  it('a failing step stops the run with its error and cause; earlier steps keep their work', async () => {
    const env = await target.fresh();
    const { dir, calls } = callsInbox();
    writeFileSync(join(calls, 'calls.csv'), minuteCallsCsv(200, 'F'));
    let thirdRan = false;
    const failing: Step = {
      name: 'write summary',
      async run() {
        throw new Error('cannot write the summary', { cause: Object.assign(new Error('EACCES: permission denied, open /srv/out/summary.csv'), { code: 'EACCES' }) });
      },
    };
    const third: Step = {
      name: 'never',
      async run() {
        thirdRan = true;
        return { counts: {}, detail: '' };
      },
    };
    const definition = definePipeline({ name: 'failing-test', description: 'test', schedule: '0 2 * * *', steps: [ingestInbox(), failing, third] });
    const outcome = ran(await runPipeline(request(env, configIn(dir), { definition })));
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toBe('step 2 (write summary) failed: cannot write the summary (cause: EACCES: permission denied, open /srv/out/summary.csv)');
    expect(outcome.steps.map((s) => s.status)).toEqual(['succeeded', 'failed']);
    expect(thirdRan).toBe(false);
    // The first step's load committed and stays.
    const [rows] = await query<{ n: number }>(env, `SELECT count(*)::int AS n FROM contact`);
    expect(rows!.n).toBe(200);
    const history = await query<{ status: string; error: string }>(env, `SELECT status, error FROM pipeline_run WHERE run_id = ${outcome.runId}`);
    expect(history).toEqual([{ status: 'failed', error: outcome.error }]);
    const steps = await query<{ step_no: number; status: string; attempts: number }>(env, `SELECT step_no, status, attempts FROM pipeline_step WHERE run_id = ${outcome.runId} ORDER BY step_no`);
    expect(steps).toEqual([
      { step_no: 1, status: 'succeeded', attempts: 1 },
      { step_no: 2, status: 'failed', attempts: 1 },
    ]);
  });

  it('retries a step after a transient database error, with backoff, and gives up after the attempts', async () => {
    const env = await target.fresh();
    const dir = tempDir();
    let calls = 0;
    const flaky: Step = {
      name: 'flaky',
      async run() {
        calls++;
        if (calls < 3) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        return { counts: { calls }, detail: 'ok at last' };
      },
    };
    const logs: string[] = [];
    const definition = definePipeline({ name: 'flaky-test', description: 'test', schedule: '0 2 * * *', steps: [flaky] });
    const outcome = ran(await runPipeline(request(env, configIn(dir), { definition, log: (l) => logs.push(l) })));
    expect(outcome.status).toBe('succeeded');
    expect(outcome.steps[0]).toMatchObject({ attempts: 3, counts: { calls: 3 } });
    expect(logs.filter((l) => /transient database error .*57P01|administrator command/.test(l))).toHaveLength(2);

    // Never cured: the step fails after the configured attempts; a non-transient error is not retried.
    let tries = 0;
    const down: Step = {
      name: 'down',
      async run() {
        tries++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      },
    };
    const gaveUp = ran(await runPipeline(request(env, configIn(dir), { definition: definePipeline({ name: 'down-test', description: 'test', schedule: '0 2 * * *', steps: [down] }) })));
    expect(gaveUp.status).toBe('failed');
    expect(tries).toBe(3);
    expect(gaveUp.steps[0]!.attempts).toBe(3);
    let once = 0;
    const bad: Step = {
      name: 'bad',
      async run() {
        once++;
        throw Object.assign(new Error('column "x" does not exist'), { code: '42703' });
      },
    };
    ran(await runPipeline(request(env, configIn(dir), { definition: definePipeline({ name: 'bad-test', description: 'test', schedule: '0 2 * * *', steps: [bad] }) })));
    expect(once).toBe(1);
  });

  it('starts a scheduled tick once; a run left running by a killed process is marked abandoned and its tick runs again', async () => {
    const env = await target.fresh();
    const dir = tempDir();
    const config = configIn(dir);
    const tick = new Date('2026-12-04T18:00:00Z');
    const first = ran(await runPipeline(request(env, config, { definition: dailyIngest, trigger: 'schedule', scheduledFor: tick })));
    expect(first.status).toBe('succeeded');
    const second = await runPipeline(request(env, config, { definition: dailyIngest, trigger: 'schedule', scheduledFor: tick }));
    expect(second).toMatchObject({ kind: 'skipped' });
    expect((second as { reason: string }).reason).toMatch(new RegExp(`already started: run #${first.runId} \\(succeeded\\)`));

    // A process killed during the next tick's run leaves it 'running' (its row written, never finished).
    const next = new Date('2026-12-05T18:00:00Z');
    const db = await opener(env)();
    let killed: number;
    let otherKilled: number;
    try {
      const started = await startRun(db, { pipeline: 'daily-ingest', trigger: 'schedule', scheduledFor: next, missedTicks: 0, params: {} });
      if (!started.started) throw new Error('not started');
      killed = started.runId;
      // Another pipeline's run killed inside its first step: found by this run too, not only by its own next run.
      const other = await startRun(db, { pipeline: 'monthly-report', trigger: 'manual', scheduledFor: null, missedTicks: 0, params: {} });
      if (!other.started) throw new Error('not started');
      otherKilled = other.runId;
      await startStep(db, otherKilled, 1, 'refresh rollups');
    } finally {
      await db.close();
    }
    const logs: string[] = [];
    const rerun = ran(await runPipeline(request(env, config, { definition: dailyIngest, trigger: 'catch-up', scheduledFor: next, missedTicks: 1, log: (l) => logs.push(l) })));
    expect(rerun.abandoned).toEqual([killed]);
    expect(rerun.status).toBe('succeeded');
    expect(logs.join('\n')).toMatch(new RegExp(`run #${killed} had not finished .*marked abandoned`));
    expect(logs.join('\n')).toMatch(new RegExp(`run #${otherKilled} of another pipeline had not finished .*marked abandoned`));
    const rows = await query<{ run_id: number; status: string; trigger: string; error: string | null; ended_at_last_progress: boolean }>(
      env,
      `SELECT run_id::int, status, trigger, error,
         finished_at = coalesce((SELECT max(started_at) FROM pipeline_step s WHERE s.run_id = r.run_id), started_at) AS ended_at_last_progress
       FROM pipeline_run r ORDER BY run_id`,
    );
    expect(rows.map((r) => [r.run_id, r.status, r.trigger])).toEqual([
      [first.runId, 'succeeded', 'schedule'],
      [killed, 'abandoned', 'schedule'],
      [otherKilled, 'abandoned', 'manual'],
      [rerun.runId, 'succeeded', 'catch-up'],
    ]);
    expect(rows[1]!.error).toMatch(/was killed or lost the database/);
    // An abandoned run's end is its last recorded progress (its start, its last step's start), not when it was found.
    expect([rows[1]!.ended_at_last_progress, rows[2]!.ended_at_last_progress]).toEqual([true, true]);
    expect(await query(env, `SELECT status, finished_at FROM pipeline_step WHERE run_id = ${otherKilled}`)).toEqual([{ status: 'abandoned', finished_at: null }]);
  });

  it('a load the database refuses (not the file: here SQLSTATE 53100, disk full) fails the step and leaves the file in the inbox', async () => {
    const env = await target.fresh();
    const { dir, calls } = callsInbox();
    writeFileSync(join(calls, 'calls.csv'), minuteCallsCsv(50, 'D'));
    // The database fails every insert into contact as a full disk would.
    const db = await opener(env)();
    try {
      await withSession(db, (s) =>
        s.exec(`CREATE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100'; END $$;
                CREATE TRIGGER test_disk_full BEFORE INSERT ON contact FOR EACH ROW EXECUTE FUNCTION test_disk_full();`),
      );
    } finally {
      await db.close();
    }
    const outcome = ran(await runPipeline(request(env, configIn(dir), { definition: dailyIngest })));
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/step 1 \(ingest inbox\) failed: loading calls\.csv: .*could not extend file.*53100/);
    expect(outcome.steps[0]!.attempts).toBe(1); // not transient: not retried
    expect(readdirSync(calls)).toEqual(['calls.csv']); // neither done/ nor failed/
  });

  it('a step that sees the stop signal records the run as interrupted and runs no further step', async () => {
    const env = await target.fresh();
    const controller = new AbortController();
    let after = false;
    const stopper: Step = {
      name: 'stopper',
      async run(c) {
        controller.abort();
        c.signal.throwIfAborted();
        return { counts: {}, detail: '' };
      },
    };
    const next: Step = {
      name: 'next',
      async run() {
        after = true;
        return { counts: {}, detail: '' };
      },
    };
    const definition = definePipeline({ name: 'stop-test', description: 'test', schedule: '0 2 * * *', steps: [refreshRollups(), stopper, next] });
    const outcome = ran(await runPipeline(request(env, configIn(tempDir()), { definition, signal: controller.signal })));
    expect(outcome.status).toBe('interrupted');
    expect(outcome.steps.map((s) => s.status)).toEqual(['succeeded', 'interrupted']);
    expect(after).toBe(false);
  });

  // On PGlite this reaches the runner's cut-off path (the worker is ended, the connection gone); on a server the
  // cancel leaves the connection, so the normal path records the end: the same outcome is required of both.
  it('a statement cut off by a stop (the embedded worker ended, the server backend cancelled) still records the run and its step as interrupted', async () => {
    const env = await target.fresh();
    const controller = new AbortController();
    let opened: Database | undefined;
    const stuck: Step = {
      name: 'stuck',
      async run(c) {
        // A statement that does not look at the signal: only cancelling it from outside ends it.
        setTimeout(() => {
          controller.abort();
          opened!.cancel().catch(() => undefined);
        }, 300);
        await withSession(c.db, (s) => s.query('SELECT pg_sleep(30)'));
        return { counts: {}, detail: '' };
      },
    };
    const definition = definePipeline({ name: 'cut-off-test', description: 'test', schedule: '0 2 * * *', steps: [stuck] });
    const t0 = Date.now();
    const outcome = ran(await runPipeline(request(env, configIn(tempDir()), { definition, signal: controller.signal, onDatabase: (db) => (opened = db) })));
    expect(Date.now() - t0).toBeLessThan(25_000);
    expect(outcome.status).toBe('interrupted');
    expect(outcome.steps.map((s) => [s.name, s.status])).toEqual([['stuck', 'interrupted']]);
    expect(outcome.error).not.toMatch(/could not be recorded/);
    expect(await query(env, `SELECT r.status AS run, s.status AS step, s.error LIKE 'interrupted%' AS said FROM pipeline_run r JOIN pipeline_step s USING (run_id)`)).toEqual([
      { run: 'interrupted', step: 'interrupted', said: true },
    ]);
  }, 60_000);

  it('a stop that cuts off the recording of a finished step keeps that step\'s own outcome, and the run is interrupted before the next step', async () => {
    const env = await target.fresh();
    const controller = new AbortController();
    let next = false;
    const done: Step = {
      name: 'done',
      async run() {
        controller.abort(); // the stop comes while the step finishes; its work is done
        return { counts: { files: 2 }, detail: 'two files' };
      },
    };
    const after: Step = {
      name: 'after',
      async run() {
        next = true;
        return { counts: {}, detail: '' };
      },
    };
    // The database as a cut-off leaves it: the statement recording the step's end fails, and so does every
    // later one on this opening (as after PGlite's worker is ended).
    const open = opener(env);
    let cut = false;
    const cutting = async (): Promise<Database> => {
      const db = await open();
      return {
        kind: db.kind,
        description: db.description,
        cancel: () => db.cancel(),
        close: () => db.close(),
        async acquire() {
          const session = await db.acquire();
          const fail = () => Promise.reject(new Error('the embedded database worker stopped (exit code 1)'));
          return {
            query: <R,>(text: string, params?: readonly unknown[]) => {
              if (controller.signal.aborted && /^\s*UPDATE pipeline_step/.test(text)) cut = true;
              return cut ? fail() : session.query<R>(text, params);
            },
            exec: (script: string) => (cut ? fail() : session.exec(script)),
            copyFrom: (sql: string, chunks: AsyncIterable<Uint8Array>, format?: 'text' | 'binary') => (cut ? fail() : session.copyFrom(sql, chunks, format)),
            release: (broken?: boolean) => session.release(broken),
          };
        },
      };
    };
    let first = true;
    const openDatabase = () => (first ? ((first = false), cutting()) : open());
    const definition = definePipeline({ name: 'cut-record-test', description: 'test', schedule: '0 2 * * *', steps: [done, after] });
    const outcome = ran(await runPipeline(request(env, configIn(tempDir()), { definition, signal: controller.signal, openDatabase })));
    expect(cut).toBe(true);
    expect(next).toBe(false);
    expect(outcome.status).toBe('interrupted');
    expect(outcome.error).toBe('stopped (SIGTERM/SIGINT) after step 1 (done); steps 1–1 finished');
    expect(await query(env, `SELECT r.status AS run, s.status AS step, s.counts->>'files' AS files, s.detail FROM pipeline_run r JOIN pipeline_step s USING (run_id)`)).toEqual([
      { run: 'interrupted', step: 'succeeded', files: '2', detail: 'two files' },
    ]);
  }, 60_000);
});

describe('a manual --period', () => {
  const monthly = PIPELINES.find((p) => p.name === 'monthly-report')!;
  it('must have the grain of the pipeline\'s period; a pipeline without one takes none', () => {
    expect(resolveParams(monthly, new Date('2026-12-04T00:00:00Z'), 'UTC', '2026-10').period).toBe('2026-10');
    expect(() => resolveParams(monthly, new Date('2026-12-04T00:00:00Z'), 'UTC', '2026-Q3')).toThrow(/monthly-report works on a month \(its previous-month\); '2026-Q3' is a quarter/);
    expect(() => resolveParams(dailyIngest, new Date('2026-12-04T00:00:00Z'), 'UTC', '2026-10')).toThrow(/daily-ingest works on no period/);
  });
});

describe('inbox moves', () => {
  it('a refused file that cannot be moved (gone) leaves no reason file behind', () => {
    const dir = tempDir();
    const path = join(dir, 'gone.csv');
    expect(() => moveToFailed({ path, name: 'gone.csv', bytes: 0 }, 'reason')).toThrow(/ENOENT/);
    expect(readdirSync(join(dir, 'failed'))).toEqual([]);
  });
});

const serverUrl = process.env['TEST_DATABASE_URL'];

describe.skipIf(!serverUrl)('a pipeline run on the server when the connection is killed mid-load', () => {
  it('retries the ingest step: the file is not refused, it loads once on the next attempt', async () => {
    const [target] = processTargets('pipeline-kill').filter((t) => t.name === 'postgres');
    const env = await target!.fresh();
    const { dir, calls } = callsInbox();
    const rows = 150_000;
    writeCallsCsv(join(calls, 'big.csv'), rows);
    const logs: string[] = [];
    const running = runPipeline(request(env, configIn(dir), { definition: dailyIngest, log: (l) => logs.push(l) }));
    // The server ends the loading backend (as a restart or an administrator would): SQLSTATE 57P01.
    const admin = new pg.Client({ connectionString: env['DATABASE_URL'] });
    await admin.connect();
    try {
      for (let i = 0; ; i++) {
        const { rows: found } = await admin.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY contact%' AND pid <> pg_backend_pid()");
        if (found.length > 0) break;
        if (i > 2_000) throw new Error('the COPY never started');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await admin.end();
    }
    const outcome = ran(await running);
    expect(outcome.status).toBe('succeeded');
    expect(outcome.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2, counts: expect.objectContaining({ loaded: 1, failed: 0 }) });
    expect(logs.join('\n')).toMatch(/ingest inbox: transient database error/);
    expect(readdirSync(join(calls, 'done'))).toEqual(['big.csv']);
    expect(existsSync(join(calls, 'failed'))).toBe(false);
    expect(await query(env, `SELECT (SELECT count(*)::int FROM contact) AS n, (SELECT count(*)::int FROM ingest_batch WHERE status = 'loaded') AS loaded`)).toEqual([{ n: rows, loaded: 1 }]);
  }, 120_000);
});
