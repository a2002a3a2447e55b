/**
 * A `Database` over an embedded PGlite in an on-disk directory (the default: no server needed).
 *
 * PGlite runs in a worker thread (`pglite-worker.ts`) so that loading uses both cores: COPY data goes over in
 * blobs of a few MiB, one in flight while the next is produced, so memory stays bounded while a transaction
 * spans many of them. PGlite has one session, so sessions are leased one at a time through a mutex; the
 * directory itself is guarded against other processes by a lock file (`dir-lock.ts`).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from './schema.js';
import { PACKAGE_ROOT } from '../paths.js';
import { acquireDirLock, type LockOwner } from './dir-lock.js';
import type { WorkerReply, WorkerRequest } from './pglite-worker.js';
import { embeddedSharedBuffers, sessionWorkMem } from './work-mem.js';
import { pgliteTemplatePath } from './pglite-template.js';
import type { CopyFormat, Database, LeasedSession, QueryOutput } from './session.js';

/** Bytes of COPY data sent to PGlite per `/dev/blob` statement. */
const BLOB_BYTES = 8 * 1024 * 1024;

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The compiled worker script (tests run TypeScript sources, so they use the build's copy too). */
function workerScript(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return new URL('./pglite-worker.js', import.meta.url);
  const built = join(PACKAGE_ROOT, 'dist', 'src', 'db', 'pglite-worker.js');
  if (!existsSync(built)) throw new Error('the embedded database worker is not built yet: run `npm run build`');
  return new URL(`file://${built}`);
}

class WorkerClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      waiter.resolve(reply);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the embedded database worker stopped (exit code ${code})`)));
  }

  /** True while a request waits for the worker's reply. */
  get busy(): boolean {
    return this.waiting.size > 0;
  }

  /** True once the worker has stopped (terminated, crashed). */
  get stopped(): boolean {
    return this.failure !== undefined;
  }

  async call(request: Request): Promise<{ rows: unknown[]; rowCount: number }> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {});
    return reply;
  }
}

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
    private readonly client: WorkerClient,
    private readonly unlock: () => void,
  ) {}

  async query<R>(text: string, params?: readonly unknown[]): Promise<QueryOutput<R>> {
    const result = await this.client.call({ op: 'query', sql: text, params: params ?? [] });
    return { rows: result.rows as R[], rowCount: result.rowCount };
  }

  async exec(script: string): Promise<void> {
    await this.client.call({ op: 'exec', sql: script });
  }

  async copyFrom(copySql: string, chunks: AsyncIterable<Uint8Array>, format: CopyFormat = 'text'): Promise<void> {
    const sql = toBlobCopy(copySql);
    let parts: Uint8Array[] = [];
    let bytes = 0;
    let inFlight: Promise<unknown> | undefined;
    // Each blob is a COPY of its own: in binary format each gets the header and trailer; in text format a blob
    // must end at a line end (side streams come back from disk in arbitrary 1 MiB pieces), so the tail after
    // the last newline waits for the next blob.
    const send = async (last: boolean) => {
      let data = Buffer.concat(format === 'binary' ? [BINARY_COPY_HEADER, ...parts, BINARY_COPY_TRAILER] : parts);
      parts = [];
      bytes = 0;
      if (format === 'text' && !last) {
        const cut = data.lastIndexOf(10) + 1;
        if (cut < data.length) {
          parts.push(Buffer.from(data.subarray(cut)));
          bytes = data.length - cut;
          data = data.subarray(0, cut);
        }
        if (data.length === 0) return;
      }
      await inFlight; // at most one blob in the worker while the next is produced
      inFlight = this.client.call({ op: 'copy', sql, data });
      inFlight.catch(() => undefined); // observed by the next await
    };
    try {
      for await (const chunk of chunks) {
        parts.push(chunk);
        bytes += chunk.byteLength;
        if (bytes >= BLOB_BYTES) await send(false);
      }
      if (bytes > 0) await send(true);
    } catch (error) {
      // The producer's error (budget, restart, interrupt) is the one to report, not a COPY it cut short.
      await inFlight?.catch(() => undefined);
      throw error;
    }
    await inFlight;
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
  /** Ends a wait for another process's lock (a stop signal). */
  readonly signal?: AbortSignal;
  /**
   * For an empty directory: the initialised data directory to unpack instead of running initdb (pglite-template.ts);
   * default the build's template for the installed PGlite, null for none (initdb, as PGlite does by itself).
   */
  readonly template?: string | null;
}

/** Locks and opens (creating if needed) the embedded database in `options.dataDir`. */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  mkdirSync(options.dataDir, { recursive: true });
  const lock = await acquireDirLock(`${options.dataDir}.lock`, options.lockTimeoutMs, options.onLockWait, options.signal);
  let client: WorkerClient;
  try {
    // The sessions' work_mem as on a server (work-mem.ts); a bad SERVQ_WORK_MEM is refused before anything starts.
    const workMem = sessionWorkMem(process.env['SERVQ_WORK_MEM']);
    const sharedBuffers = embeddedSharedBuffers(process.env['SERVQ_EMBEDDED_SHARED_BUFFERS']);
    // Only an empty directory (the lock is held: no other servq fills it meanwhile) is made from the template;
    // an existing database never looks for one.
    const fresh = readdirSync(options.dataDir).length === 0;
    const template = !fresh ? null : options.template === undefined ? pgliteTemplatePath() : options.template;
    const worker = new Worker(workerScript(), {
      workerData: { dataDir: options.dataDir, workMem, sharedBuffers, template },
      // Flags meant for the parent's entry (e.g. --input-type of `node -e`) would make the worker fail to start.
      execArgv: process.execArgv.filter((arg) => !arg.startsWith('--input-type') && !arg.startsWith('--eval')),
    });
    const started = await new Promise<{ ready: boolean; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => resolve({ ready: false, message: `the worker exited (code ${code}) while starting` }));
    });
    if (!started.ready) {
      await worker.terminate();
      throw new Error(`cannot open the embedded database at ${options.dataDir}: ${started.message}`);
    }
    client = new WorkerClient(worker);
  } catch (error) {
    lock.release();
    throw error;
  }
  const mutex = new Mutex();
  let closed = false;
  const database: Database = {
    kind: 'pglite',
    description: `embedded database at ${options.dataDir}`,
    async acquire() {
      const unlock = await mutex.lock();
      return new PgliteSession(client, unlock);
    },
    async cancel() {
      // PGlite runs a statement to its end inside the worker's WASM: the only way to stop it is to stop the
      // worker. Its transaction never committed; PostgreSQL's recovery at the next open discards it.
      if (client.busy) await client.worker.terminate();
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (!client.stopped) await client.call({ op: 'close' });
        await client.worker.terminate();
      } finally {
        lock.release();
      }
    },
  };
  return database;
}
