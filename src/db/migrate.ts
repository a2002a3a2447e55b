/**
 * Forward-only migrations: `sql/NNNNNN_name.sql`, each applied once inside its own transaction and recorded
 * with a checksum in `schema_migration`. An applied file that was edited afterwards is an error, never re-run.
 *
 * Concurrent processes on a server serialise on an advisory lock, so two first runs do not race.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_DIR } from '../paths.js';
import { withSession, type Database, type Session } from './session.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** Arbitrary constant: the advisory-lock key servq uses while migrating. */
const MIGRATION_LOCK_KEY = 0x5e7e_0001;

/** Reads the migration files in version order. */
export function loadMigrations(dir: string = SQL_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{6}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 6)),
        name: file.slice(7, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

async function appliedMigrations(session: Session): Promise<Map<number, string>> {
  const { rows } = await session.query<{ version: number; checksum: string }>(
    'SELECT version, checksum FROM schema_migration',
  );
  return new Map(rows.map((row) => [Number(row.version), row.checksum]));
}

/**
 * Applies the pending migrations.
 * @returns the versions applied by this call (empty when the schema was current)
 * @throws Error when an applied migration's file has changed since
 */
export async function migrate(db: Database, migrations: readonly Migration[] = loadMigrations()): Promise<number[]> {
  return withSession(db, async (session) => {
    // A session-level lock for the whole run: the CREATE TABLE below races too without it.
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Where `servq roles` was run, a member of servq_pipeline migrates as that role, so the role (not the
    // login) owns the tables and the default privileges let servq_reader read them.
    const { rows: member } = await session.query<{ member: boolean }>(
      "SELECT CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = 'servq_pipeline') " +
        "THEN pg_has_role(current_user, 'servq_pipeline', 'MEMBER') AND has_schema_privilege('servq_pipeline', 'public', 'CREATE') " +
        'ELSE false END AS member',
    );
    const asPipeline = member[0]?.member === true;
    if (asPipeline) await session.query('SET ROLE servq_pipeline');
    try {
      await session.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
        version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now())`);
      const known = await appliedMigrations(session);
      const applied: number[] = [];
      for (const migration of migrations) {
        const checksum = known.get(migration.version);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new Error(
              `migration ${String(migration.version).padStart(6, '0')}_${migration.name}.sql changed after it was ` +
                'applied; migrations are forward-only: restore the file and add a new one',
            );
          }
          continue;
        }
        await session.query('BEGIN');
        try {
          await session.exec(migration.sql);
          await session.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            migration.checksum,
          ]);
          await session.query('COMMIT');
        } catch (error) {
          await session.query('ROLLBACK');
          throw error;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      if (asPipeline) await session.query('RESET ROLE');
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}
