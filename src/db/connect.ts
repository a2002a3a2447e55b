/**
 * Chooses and opens the database: a PostgreSQL server when a URL is given (`DATABASE_URL`), otherwise the
 * embedded PGlite in an on-disk directory (default `.servq/pgdata` under the working folder). Migrations are
 * applied on open, so every command sees the current schema.
 */
import { resolve } from 'node:path';
import { migrate } from './migrate.js';
import type { Database } from './session.js';
import type { LockOwner } from './dir-lock.js';

export interface ConnectOptions {
  /** PostgreSQL URL; when absent the embedded database is used. */
  readonly databaseUrl?: string | undefined;
  /** Embedded database directory (default `.servq/pgdata`). */
  readonly dataDir?: string | undefined;
  /** How long to wait for another process using the embedded directory, in milliseconds (default 10 min). */
  readonly lockTimeoutMs?: number;
  readonly onLockWait?: (owner: LockOwner) => void;
  /** Ends a wait for the embedded database's lock (a stop signal). */
  readonly signal?: AbortSignal;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean;
}

/** The default embedded data directory, relative to the working folder. */
export const DEFAULT_DATA_DIR = '.servq/pgdata';

/** Opens the database the options (or, by default, the environment) select, migrated to the current schema. */
export async function connect(options: ConnectOptions = {}): Promise<Database> {
  const url = options.databaseUrl ?? process.env['DATABASE_URL'];
  // Imported on demand: each engine's module is heavy, and a command needs only one.
  const db = url
    ? (await import('./postgres-database.js')).openPostgres(url)
    : await (await import('./pglite-database.js')).openPglite({
        dataDir: resolve(options.dataDir ?? process.env['SERVQ_DATA_DIR'] ?? DEFAULT_DATA_DIR),
        lockTimeoutMs: options.lockTimeoutMs ?? 600_000,
        ...(options.onLockWait ? { onLockWait: options.onLockWait } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}
