/**
 * Creates servq's two PostgreSQL roles (`servq_pipeline`, `servq_reader`) and their grants, from the fixed
 * script `sql/roles/create_roles.sql`. Run by an administrator; the names are constants, never input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_DIR } from '../paths.js';
import { withSession, type Database } from './session.js';

export const PIPELINE_ROLE = 'servq_pipeline';
export const READER_ROLE = 'servq_reader';

/**
 * Applies the roles script in one transaction.
 * @throws Error on the embedded database (it has no roles to speak of) or without the rights to create roles
 */
export async function createRoles(db: Database): Promise<void> {
  if (db.kind === 'pglite') throw new Error('roles are for a PostgreSQL server (set DATABASE_URL); the embedded database has a single user');
  const script = readFileSync(join(SQL_DIR, 'roles', 'create_roles.sql'), 'utf8');
  await withSession(db, async (s) => {
    await s.query('BEGIN');
    try {
      await s.exec(script);
      await s.query('COMMIT');
    } catch (error) {
      await s.query('ROLLBACK');
      throw error;
    }
  });
}
