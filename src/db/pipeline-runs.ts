/**
 * The run history of the pipelines (sql/000015): one function per query. A run row is written when the run
 * starts (status 'running') and finished when it ends; a step row likewise, so a run killed mid-way shows
 * what it was doing. Each write is its own short statement, outside the steps' transactions: a step that
 * rolls back never takes its history with it.
 */
import { hostname } from 'node:os';
import { SERVQ_VERSION } from '../paths.js';
import { withSession, type Database, type Session } from './session.js';
import type { PipelineStatus } from './tables.js';
import { ADVISORY_LOCK_CLASS } from './schema.js';

export type RunTrigger = 'schedule' | 'catch-up' | 'manual';

export interface StepRecord {
  readonly stepNo: number;
  readonly name: string;
  readonly status: PipelineStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly seconds: number | null;
  readonly attempts: number;
  readonly counts: Record<string, number | string>;
  readonly detail: string | null;
  readonly error: string | null;
}

export interface RunRecord {
  readonly runId: number;
  readonly pipeline: string;
  readonly trigger: RunTrigger;
  readonly scheduledFor: string | null;
  readonly missedTicks: number;
  readonly params: Record<string, unknown>;
  readonly status: PipelineStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly seconds: number | null;
  readonly error: string | null;
  readonly host: string;
  readonly pid: number;
  readonly servqVersion: string;
  readonly steps?: readonly StepRecord[];
}

/**
 * Marks the runs of `pipeline` still 'running' as abandoned: the caller holds the pipeline's run lock, so no
 * live process is running them (their process was killed or lost the database); their steps' open
 * transactions rolled back with the connection. Returns the ids marked.
 */
export async function abandonStaleRuns(db: Database, pipeline: string): Promise<number[]> {
  return withSession(db, async (s) => {
    // Its end is the last progress it recorded (a step's start or end), not the time it was found dead: its
    // duration then says how far it got. An abandoned step keeps no end.
    const { rows } = await s.query<{ run_id: number }>(
      `UPDATE pipeline_run r SET status = 'abandoned',
         finished_at = coalesce((SELECT max(greatest(st.started_at, st.finished_at)) FROM pipeline_step st WHERE st.run_id = r.run_id), r.started_at),
         error = 'the run ended without finishing: its process (' || host || ' pid ' || pid || ') was killed or lost the database; what its steps had not committed was rolled back'
       WHERE pipeline = $1 AND status = 'running' RETURNING run_id`,
      [pipeline],
    );
    const ids = rows.map((r) => Number(r.run_id));
    if (ids.length > 0) {
      await s.query(`UPDATE pipeline_step SET status = 'abandoned' WHERE run_id = ANY($1::bigint[]) AND status = 'running'`, [ids]);
    }
    return ids;
  });
}

/**
 * Records the start of a run. A scheduled or catch-up run of a tick that already has a run (by another
 * scheduler, or before a restart) is not started: returns that run's id and status instead.
 */
export async function startRun(
  db: Database,
  run: { pipeline: string; trigger: RunTrigger; scheduledFor: Date | null; missedTicks: number; params: object },
): Promise<{ started: true; runId: number } | { started: false; existing: { runId: number; status: PipelineStatus; host: string; pid: number } }> {
  return withSession(db, async (s) => {
    const { rows } = await s.query<{ run_id: number }>(
      `INSERT INTO pipeline_run (pipeline, trigger, scheduled_for, missed_ticks, params, status, host, pid, servq_version)
       VALUES ($1, $2, $3, $4, $5, 'running', $6, $7, $8)
       ON CONFLICT (pipeline, scheduled_for) WHERE scheduled_for IS NOT NULL AND status NOT IN ('abandoned', 'interrupted') DO NOTHING
       RETURNING run_id`,
      [run.pipeline, run.trigger, run.scheduledFor, run.missedTicks, JSON.stringify(run.params), hostname(), process.pid, SERVQ_VERSION],
    );
    if (rows[0] !== undefined) return { started: true, runId: Number(rows[0].run_id) };
    const { rows: existing } = await s.query<{ run_id: number; status: PipelineStatus; host: string; pid: number }>(
      `SELECT run_id, status, host, pid FROM pipeline_run WHERE pipeline = $1 AND scheduled_for = $2 AND status NOT IN ('abandoned', 'interrupted')`,
      [run.pipeline, run.scheduledFor],
    );
    // The tick's run ended as abandoned or interrupted between the two statements: try again.
    const e = existing[0];
    if (e === undefined) throw Object.assign(new Error(`the ${run.pipeline} run of ${run.scheduledFor?.toISOString()} changed while it was being started`), { code: '40001' });
    return { started: false, existing: { runId: Number(e.run_id), status: e.status, host: e.host, pid: e.pid } };
  });
}

/**
 * Records the end of a run still marked running. Returns false when it was not (another process marked it
 * abandoned meanwhile: this run had lost its lock).
 */
export async function finishRun(db: Database, runId: number, status: PipelineStatus, error: string | null): Promise<boolean> {
  const { rowCount } = await withSession(db, (s) => s.query(`UPDATE pipeline_run SET status = $2, error = $3, finished_at = clock_timestamp() WHERE run_id = $1 AND status = 'running'`, [runId, status, error]));
  return rowCount > 0;
}

/** The run's status now, or undefined when there is no such run. */
export async function runStatus(db: Database, runId: number): Promise<string | undefined> {
  const { rows } = await withSession(db, (s) => s.query<{ status: string }>('SELECT status FROM pipeline_run WHERE run_id = $1', [runId]));
  return rows[0]?.status;
}

export async function startStep(db: Database, runId: number, stepNo: number, name: string): Promise<void> {
  await withSession(db, (s) => s.query(`INSERT INTO pipeline_step (run_id, step_no, name, status) VALUES ($1, $2, $3, 'running')`, [runId, stepNo, name]));
}

/** What `finishStep` records of a step's end. */
export interface StepEnd {
  readonly status: PipelineStatus;
  readonly attempts: number;
  readonly counts: object;
  readonly detail: string | null;
  readonly error: string | null;
}

export async function finishStep(db: Database, runId: number, stepNo: number, result: StepEnd): Promise<void> {
  await withSession(db, (s) =>
    s.query(
      `UPDATE pipeline_step SET status = $3, attempts = $4, counts = $5, detail = $6, error = $7, finished_at = clock_timestamp()
       WHERE run_id = $1 AND step_no = $2 AND status = 'running'`,
      [runId, stepNo, result.status, result.attempts, JSON.stringify(result.counts), result.detail, result.error],
    ),
  );
}

/**
 * Marks abandoned the runs no live process is running, of every pipeline: on the embedded database the
 * caller holds the directory, so every run still marked running is dead; on a server, those of the pipelines
 * whose run lock is free. The scheduler does this on start, before it looks for missed ticks, so a run that
 * was killed counts as missed; every run does it too (for the other pipelines: `except` its own, whose lock
 * it holds), so `servq jobs` does not show a killed run as running until its pipeline runs again. Returns
 * the ids marked.
 */
export async function abandonDeadRuns(db: Database, except?: string): Promise<number[]> {
  const { rows } = await withSession(db, (s) => s.query<{ pipeline: string }>(`SELECT DISTINCT pipeline FROM pipeline_run WHERE status = 'running' AND pipeline IS DISTINCT FROM $1`, [except ?? null]));
  const marked: number[] = [];
  for (const { pipeline } of rows) {
    if (db.kind === 'pglite') {
      marked.push(...(await abandonStaleRuns(db, pipeline)));
      continue;
    }
    const session = await db.acquire();
    try {
      if (!(await tryLockPipeline(session, pipeline))) continue; // a live run holds it
      try {
        marked.push(...(await abandonStaleRuns(db, pipeline)));
      } finally {
        await unlockPipeline(session, pipeline);
      }
    } finally {
      session.release();
    }
  }
  return marked;
}

/**
 * Notes that a scheduler watches the `enabled` pipelines from now on (kept when already noted: the first
 * scheduler's start counts) and no longer watches the `disabled` ones (enabling one again counts from then).
 */
export async function watchPipelines(db: Database, enabled: readonly string[], disabled: readonly string[]): Promise<void> {
  await withSession(db, async (s) => {
    if (enabled.length > 0) await s.query(`INSERT INTO pipeline_watch (pipeline) SELECT unnest($1::text[]) ON CONFLICT (pipeline) DO NOTHING`, [enabled]);
    if (disabled.length > 0) await s.query(`DELETE FROM pipeline_watch WHERE pipeline = ANY($1::text[])`, [disabled]);
  });
}

/**
 * What the scheduler counts each pipeline's missed ticks from on start: its latest tick with a scheduled (or
 * catch-up) run — killed and interrupted runs left out, their ticks count as missed — or, for a pipeline that
 * has none yet, when a scheduler began watching it (watchPipelines). A pipeline with neither is absent.
 */
export async function lastTicks(db: Database): Promise<Map<string, Date>> {
  const { rows } = await withSession(db, (s) =>
    s.query<{ pipeline: string; tick: Date }>(
      `SELECT coalesce(r.pipeline, w.pipeline) AS pipeline, coalesce(r.tick, w.since) AS tick
       FROM (SELECT pipeline, max(scheduled_for) AS tick FROM pipeline_run
             WHERE scheduled_for IS NOT NULL AND status NOT IN ('abandoned', 'interrupted') GROUP BY pipeline) r
       FULL JOIN pipeline_watch w ON w.pipeline = r.pipeline`,
    ),
  );
  return new Map(rows.map((r) => [r.pipeline, new Date(r.tick)]));
}

/** Who is running `pipeline` now (the newest 'running' row), for "waiting for …" messages. */
export async function runningRun(s: Session, pipeline: string): Promise<{ runId: number; host: string; pid: number; startedAt: string } | undefined> {
  const { rows } = await s.query<{ run_id: number; host: string; pid: number; started_at: Date }>(
    `SELECT run_id, host, pid, started_at FROM pipeline_run WHERE pipeline = $1 AND status = 'running' ORDER BY run_id DESC LIMIT 1`,
    [pipeline],
  );
  const r = rows[0];
  return r === undefined ? undefined : { runId: Number(r.run_id), host: r.host, pid: r.pid, startedAt: new Date(r.started_at).toISOString() };
}

/**
 * Takes the pipeline's run lock for this session (a session-level advisory lock: it goes with the connection
 * if the process dies). Returns false when another session holds it.
 */
export async function tryLockPipeline(s: Session, pipeline: string): Promise<boolean> {
  const { rows } = await s.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [ADVISORY_LOCK_CLASS, `pipeline:${pipeline}`]);
  return rows[0]?.ok === true;
}

export async function unlockPipeline(s: Session, pipeline: string): Promise<void> {
  await s.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ADVISORY_LOCK_CLASS, `pipeline:${pipeline}`]);
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function seconds(from: Date | string, to: Date | string | null): number | null {
  return to === null ? null : Math.round((new Date(to).getTime() - new Date(from).getTime()) / 100) / 10;
}

/** The newest runs (optionally of one pipeline), newest first, with their steps when `withSteps`. */
export async function listRuns(db: Database, o: { pipeline?: string; limit: number; runId?: number; withSteps?: boolean }): Promise<RunRecord[]> {
  return withSession(db, async (s) => {
    const where: string[] = [];
    const params: unknown[] = [];
    if (o.pipeline !== undefined) where.push(`pipeline = $${params.push(o.pipeline)}`);
    if (o.runId !== undefined) where.push(`run_id = $${params.push(o.runId)}`);
    const { rows } = await s.query<Record<string, unknown>>(
      `SELECT * FROM pipeline_run ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY run_id DESC LIMIT $${params.push(o.limit)}`,
      params,
    );
    const runs: RunRecord[] = rows.map((r) => ({
      runId: Number(r['run_id']),
      pipeline: String(r['pipeline']),
      trigger: r['trigger'] as RunTrigger,
      scheduledFor: iso(r['scheduled_for'] as Date | null),
      missedTicks: Number(r['missed_ticks']),
      params: (typeof r['params'] === 'string' ? JSON.parse(r['params']) : r['params']) as Record<string, unknown>,
      status: r['status'] as PipelineStatus,
      startedAt: iso(r['started_at'] as Date)!,
      finishedAt: iso(r['finished_at'] as Date | null),
      seconds: seconds(r['started_at'] as Date, r['finished_at'] as Date | null),
      error: (r['error'] as string | null) ?? null,
      host: String(r['host']),
      pid: Number(r['pid']),
      servqVersion: String(r['servq_version']),
    }));
    if (!o.withSteps || runs.length === 0) return runs;
    const { rows: steps } = await s.query<Record<string, unknown>>(`SELECT * FROM pipeline_step WHERE run_id = ANY($1::bigint[]) ORDER BY run_id, step_no`, [runs.map((r) => r.runId)]);
    return runs.map((run) => ({
      ...run,
      steps: steps
        .filter((st) => Number(st['run_id']) === run.runId)
        .map((st) => ({
          stepNo: Number(st['step_no']),
          name: String(st['name']),
          status: st['status'] as PipelineStatus,
          startedAt: iso(st['started_at'] as Date)!,
          finishedAt: iso(st['finished_at'] as Date | null),
          seconds: seconds(st['started_at'] as Date, st['finished_at'] as Date | null),
          attempts: Number(st['attempts']),
          counts: (typeof st['counts'] === 'string' ? JSON.parse(st['counts']) : st['counts']) as Record<string, number | string>,
          detail: (st['detail'] as string | null) ?? null,
          error: (st['error'] as string | null) ?? null,
        })),
    }));
  });
}
