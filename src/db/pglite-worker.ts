/**
 * The embedded PostgreSQL (PGlite) in a worker thread. PGlite runs WebAssembly on the thread that calls it;
 * here, on its own thread, it parses and stores a COPY blob while the main thread scans and standardizes the
 * next one — the two cores work at once, as with a PostgreSQL server.
 *
 * Protocol (structured-clone messages): requests `{ id, op: 'query' | 'exec' | 'copy' | 'close', … }`, replies
 * `{ id, rows, rowCount }` or `{ id, error: { message, code } }`. PGlite runs queries in call order, and
 * requests are issued in message order, so a session's statements keep their order.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

export type WorkerRequest =
  | { readonly id: number; readonly op: 'query'; readonly sql: string; readonly params: readonly unknown[] }
  | { readonly id: number; readonly op: 'exec'; readonly sql: string }
  | { readonly id: number; readonly op: 'copy'; readonly sql: string; readonly data: Uint8Array }
  | { readonly id: number; readonly op: 'close' };

export type WorkerReply =
  | { readonly id: number; readonly rows: unknown[]; readonly rowCount: number }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string } };

const port = parentPort!;
const { dataDir, workMem, sharedBuffers, template } = workerData as { dataDir: string; workMem: string | null; sharedBuffers: string; template: string | null };

try {
  const lite = await openLite();
  // For the whole connection (a session setting: set_config's is_local false), as a server session sets it.
  if (workMem !== null) await lite.query("SELECT set_config('work_mem', $1, false)", [workMem]);
  port.on('message', (request: WorkerRequest) => {
    void handle(lite, request).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, message: (error as Error).message });
}

/**
 * Opens the data directory. `template` is set only for an empty one (openPglite): it is filled from the template
 * when the file exists (pglite-template.ts), else (no template, or one that fails to load: the directory is
 * emptied again) by PGlite's own initdb.
 */
async function openLite(): Promise<PGlite> {
  // PGlite's own start parameters with servq's buffer cache size (work-mem.ts: EMBEDDED_SHARED_BUFFERS).
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`];
  if (template !== null && existsSync(template)) {
    try {
      return await PGlite.create(dataDir, { startParams, loadDataDir: new Blob([readFileSync(template)]) });
    } catch (error) {
      for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
      process.stderr.write(
        `servq: warning: the embedded database template ${template} could not be used (${(error as Error).message}); ` +
          'creating the database with initdb instead (slower, more memory). Delete that file and run `npm run build` to make it again.\n',
      );
    }
  }
  return PGlite.create(dataDir, { startParams });
}

async function handle(lite: PGlite, request: WorkerRequest): Promise<WorkerReply> {
  try {
    switch (request.op) {
      case 'query': {
        const result = await lite.query(request.sql, request.params as unknown[]);
        return { id: request.id, rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      }
      case 'exec':
        await lite.exec(request.sql);
        return { id: request.id, rows: [], rowCount: 0 };
      case 'copy':
        await lite.query(request.sql, [], { blob: new Blob([request.data]) });
        return { id: request.id, rows: [], rowCount: 0 };
      case 'close':
        await lite.close();
        return { id: request.id, rows: [], rowCount: 0 };
    }
  } catch (error) {
    const e = error as { message?: string; code?: string };
    return { id: request.id, error: { message: e.message ?? String(error), ...(e.code ? { code: e.code } : {}) } };
  }
}
