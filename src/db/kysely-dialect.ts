/**
 * A Kysely dialect over servq's own `Database`, so one Kysely instance works the same on PGlite and on a
 * PostgreSQL server, and Kysely transactions hold the same exclusive session as the ingest's COPY path.
 * (The kysely-pglite package was avoided: it has no connection lock; see STACK.md.)
 */
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Database, LeasedSession } from './session.js';
import type { Tables } from './tables.js';

class SessionConnection implements DatabaseConnection {
  constructor(readonly session: LeasedSession) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.session.query<R>(compiled.sql, compiled.parameters);
    const kind = compiled.query.kind;
    const affects = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode';
    return affects ? { rows: result.rows, numAffectedRows: BigInt(result.rowCount) } : { rows: result.rows };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('servq: streaming queries are not supported; page with LIMIT/OFFSET or keyset instead');
  }
}

class SessionDriver implements Driver {
  constructor(private readonly database: Database) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new SessionConnection(await this.database.acquire());
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` ISOLATION LEVEL ${settings.isolationLevel.toUpperCase()}` : '';
    await connection.executeQuery(CompiledQuery.raw(`BEGIN${level}`));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as SessionConnection).session.release();
  }
  async destroy(): Promise<void> {}
}

/** The dialect: PostgreSQL SQL, executed through a servq `Database`. */
export class ServqDriverDialect implements Dialect {
  constructor(private readonly database: Database) {}
  createDriver(): Driver {
    return new SessionDriver(this.database);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

const instances = new WeakMap<Database, Kysely<Tables>>();

/**
 * The query builder over `db`, made on first use. Not a property of `Database`: Kysely is ~260 modules and
 * importing them cost ~150 ms of every command's start (measured with `servq ingest`, whose statements are
 * plain SQL); only the modules that build queries with it load it.
 */
export function kyselyOf(db: Database): Kysely<Tables> {
  let kysely = instances.get(db);
  if (kysely === undefined) {
    kysely = new Kysely<Tables>({ dialect: new ServqDriverDialect(db) });
    instances.set(db, kysely);
  }
  return kysely;
}
