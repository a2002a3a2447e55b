/**
 * The one interface the rest of servq uses to talk to a database, whichever engine is behind it:
 * an embedded PGlite (default) or a PostgreSQL server (`DATABASE_URL`).
 *
 * A `Session` is exclusive while leased: on a server it is one pooled connection, on PGlite the single
 * session guarded by a mutex, so `BEGIN … COPY … COMMIT` sequences never interleave with other work.
 */

export interface QueryOutput<R> {
  readonly rows: R[];
  /** Rows affected by INSERT/UPDATE/DELETE, or returned by SELECT. */
  readonly rowCount: number;
}

export interface Session {
  /** Runs one parameterised statement ($1, $2, …). */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryOutput<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Streams data into `COPY table (cols) FROM STDIN …`. In `binary` format the chunks hold rows only: the
   * session adds the file header and trailer. Chunks may be held until sent, so a producer must yield a fresh
   * buffer each time, never refill one it has yielded.
   */
  copyFrom(copySql: string, chunks: AsyncIterable<Uint8Array>, format?: CopyFormat): Promise<void>;
}

export type CopyFormat = 'text' | 'binary';

export interface LeasedSession extends Session {
  /** Returns the session; `broken` (e.g. a failed ROLLBACK) closes a server connection instead of reusing it. */
  release(broken?: boolean): void;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  /** For messages: "embedded database at .servq/pgdata" or "PostgreSQL at host:port/db". */
  readonly description: string;
  acquire(): Promise<LeasedSession>;
  /**
   * Stops whatever statement is running now, from outside the session running it (a signal handler): on a
   * server `pg_cancel_backend` from a second connection, so no orphaned statement keeps the batch's locks;
   * on PGlite the worker thread is terminated (like a crash: the open transaction never commits and the
   * database recovers at the next open). The interrupted statement fails; `close()` still releases
   * everything. Does nothing when no statement is running.
   */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** Leases a session for the duration of `work` and always releases it. */
export async function withSession<T>(db: Database, work: (session: Session) => Promise<T>): Promise<T> {
  const session = await db.acquire();
  let broken = false;
  try {
    return await work(session);
  } catch (error) {
    // After an error the connection may sit in a failed transaction: make sure it is clean, or drop it.
    broken = await session.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    session.release(broken);
  }
}
