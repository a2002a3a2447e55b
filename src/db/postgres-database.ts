/**
 * A `Database` over a PostgreSQL server through `pg`, with COPY through pg-copy-streams.
 */
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from './schema.js';
import type { CopyFormat, Database, LeasedSession, QueryOutput } from './session.js';
import { sessionWorkMem } from './work-mem.js';

// Counts and ids are int8 in the schema; they stay far below 2^53, so read them as numbers.
// numeric stays a string (as with pg's default): callers parse it deliberately.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

function ignoreClientError(): void {}

class PgSession implements LeasedSession {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly leased: Set<pg.PoolClient>,
  ) {
    leased.add(client);
    // A leased connection the server ends (restart, pg_terminate_backend) emits 'error' besides failing its
    // statement; without a listener that event would end the process. The statement's error reaches the caller.
    client.on('error', ignoreClientError);
  }

  async query<R>(text: string, params?: readonly unknown[]): Promise<QueryOutput<R>> {
    const result = await this.client.query(text, params as unknown[] | undefined);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
  }

  async exec(script: string): Promise<void> {
    await this.client.query(script);
  }

  async copyFrom(copySql: string, chunks: AsyncIterable<Uint8Array>, format: CopyFormat = 'text'): Promise<void> {
    const stream = this.client.query(copyFromStream(copySql));
    let failure: unknown;
    let wake: (() => void) | undefined;
    stream.on('error', (error: unknown) => {
      failure ??= error;
      wake?.();
    });
    stream.on('drain', () => wake?.());
    const finished = once(stream, 'finish');
    finished.catch(() => undefined);
    try {
      if (format === 'binary') stream.write(BINARY_COPY_HEADER);
      for await (const chunk of chunks) {
        if (failure !== undefined) break;
        if (!stream.write(chunk)) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      }
    } catch (error) {
      // The producer failed (bad file, budget exceeded, interrupt): abort the COPY so the server rolls it back.
      stream.destroy(error as Error);
      await once(stream, 'close').catch(() => undefined);
      throw error;
    }
    if (failure !== undefined) throw failure;
    if (format === 'binary') stream.write(BINARY_COPY_TRAILER);
    stream.end();
    await finished;
  }

  release(broken = false): void {
    this.leased.delete(this.client);
    this.client.off('error', ignoreClientError);
    this.client.release(broken);
  }
}

/** Opens a pool to the server at `url`. Nothing is queried until first use. */
export function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 4, types });
  const leased = new Set<pg.PoolClient>();
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  // No JIT in servq's sessions: its statements run for 0.01–3 s, and compiling them cost 35–75 ms each, up to
  // 1.15 s for a plan whose estimated cost crossed the inlining threshold (the drivers' sample: per-row index
  // lookups PostgreSQL prices high, then runs in 0.6 s). Queued before the client's first query.
  //
  // work_mem: the server's default of 4 MB makes the planner sort (and spill to disk) groupings it could hash, and
  // spill the sorts it keeps: a quarter of complaints grouped by category and range (122k rows, 12 groups)
  // sorted twice on disk, 0.5 s of its 0.9 s. servq's sessions ask for SESSION_WORK_MEM (SERVQ_WORK_MEM, e.g.
  // `64MB`, or `server` to keep the server's); at most `max` sessions of this pool run at once.
  const workMem = sessionWorkMem(process.env['SERVQ_WORK_MEM']);
  pool.on('connect', (client) => {
    // One statement (a second query queued on a connecting client is deprecated in pg 8), the size a parameter.
    // Any role may change both settings and the size is checked against PostgreSQL's range above, so this does
    // not fail on a working server; if it did, the session would run with the server's values.
    const text = workMem === null ? "SELECT set_config('jit', 'off', false)" : "SELECT set_config('jit', 'off', false), set_config('work_mem', $1, false)";
    client.query(text, workMem === null ? [] : [workMem]).catch(() => undefined);
  });
  const parsed = new URL(url);
  const description = `PostgreSQL at ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  const database: Database = {
    kind: 'postgres',
    description,
    async acquire() {
      return new PgSession(await pool.connect(), leased);
    },
    async cancel() {
      const pids = [...leased].map((c) => (c as unknown as { processID?: number }).processID).filter((p) => typeof p === 'number');
      if (pids.length === 0) return;
      // A fresh connection outside the pool: the pool's may all be busy with the statements to cancel.
      const canceller = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      try {
        await canceller.connect();
        await canceller.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
      } finally {
        await canceller.end().catch(() => undefined);
      }
    },
    async close() {
      await pool.end();
    },
  };
  return database;
}
