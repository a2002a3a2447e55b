/**
 * A `Database` over an embedded PGlite in an on-disk directory (the default: no server needed).
 *
 * PGlite has one session, so sessions are leased one at a time through a mutex. COPY goes through
 * `COPY … FROM '/dev/blob'`, fed in blobs of a few MiB so memory stays bounded while a transaction spans
 * many of them.
 */
import { mkdirSync } from 'node:fs';
import { Kysely } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { acquireDirLock, type LockOwner } from './dir-lock.js';
import { ServqDriverDialect } from './kysely-dialect.js';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from '../ingest/copy-buffer.js';
import type { CopyFormat, Database, LeasedSession, QueryOutput } from './session.js';
import type { Tables } from './tables.js';

/** Bytes of COPY text sent to PGlite per `/dev/blob` statement. */
const BLOB_BYTES = 8 * 1024 * 1024;

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let unlock!: () => void;
    const next = new Promise<void>((resolve) => (unlock = resolve));
    const ready = this.tail.then(() => unlock);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

function toBlobCopy(copySql: string): string {
  const blobSql = copySql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
  if (blobSql === copySql) throw new TypeError(`copyFrom expected "COPY … FROM STDIN", got: ${copySql}`);
  return blobSql;
}

class PgliteSession implements LeasedSession {
  constructor(
    private readonly lite: PGlite,
    private readonly unlock: () => void,
  ) {}

  async query<R>(text: string, params?: readonly unknown[]): Promise<QueryOutput<R>> {
    const result = await this.lite.query<R>(text, params as unknown[] | undefined);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  async exec(script: string): Promise<void> {
    await this.lite.exec(script);
  }

  async copyFrom(copySql: string, chunks: AsyncIterable<Uint8Array>, format: CopyFormat = 'text'): Promise<void> {
    const blobSql = toBlobCopy(copySql);
    // Each blob is a COPY of its own, so in binary format each gets the header and trailer.
    const start = (): Blob[] => (format === 'binary' ? [new Blob([BINARY_COPY_HEADER])] : []);
    const send = async (parts: Blob[]) => {
      if (format === 'binary') parts.push(new Blob([BINARY_COPY_TRAILER]));
      await this.lite.query(blobSql, [], { blob: new Blob(parts) });
    };
    let parts = start();
    let bytes = 0;
    for await (const chunk of chunks) {
      parts.push(new Blob([chunk])); // copies: the producer's buffer is free again
      bytes += chunk.byteLength;
      if (bytes >= BLOB_BYTES) {
        await send(parts);
        parts = start();
        bytes = 0;
      }
    }
    if (bytes > 0) await send(parts);
  }

  release(): void {
    this.unlock();
  }
}

export interface PgliteOptions {
  /** On-disk data directory; created on first use. */
  readonly dataDir: string;
  /** How long to wait for another servq process holding the directory, in milliseconds. */
  readonly lockTimeoutMs: number;
  readonly onLockWait?: (owner: LockOwner) => void;
}

/** Locks and opens (creating if needed) the embedded database in `options.dataDir`. */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  mkdirSync(options.dataDir, { recursive: true });
  const lock = await acquireDirLock(`${options.dataDir}.lock`, options.lockTimeoutMs, options.onLockWait);
  let lite: PGlite;
  try {
    lite = await PGlite.create(options.dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const mutex = new Mutex();
  let closed = false;
  const database: Database = {
    kind: 'pglite',
    description: `embedded database at ${options.dataDir}`,
    get kysely(): Kysely<Tables> {
      return kysely;
    },
    async acquire() {
      const unlock = await mutex.lock();
      return new PgliteSession(lite, unlock);
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await lite.close();
      } finally {
        lock.release();
      }
    },
  };
  const kysely = new Kysely<Tables>({ dialect: new ServqDriverDialect(database) });
  return database;
}
