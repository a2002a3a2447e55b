/**
 * The PostgreSQL server side of the benchmark, through `psql` (as an operator would): reachability, a fresh
 * database per repetition, an all-text table for the raw `\copy` limit, and URL helpers.
 */
import { execFile } from 'node:child_process';

/** Server URL used when neither `--server-url` nor `BENCH_DATABASE_URL` is given. */
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Result of one `psql` command. */
export interface PsqlResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one SQL command (or psql meta-command) through `psql` without reading `~/.psqlrc`, stopping on the
 * first error; never rejects.
 *
 * @param url connection URI (`postgres://user@host:port/db`)
 * @param command SQL or a backslash command such as `\copy …`
 * @param env environment of psql (`PGCONNECT_TIMEOUT` bounds the wait for an unreachable server)
 * @example (await runPsql('postgres://postgres@127.0.0.1/postgres', 'select 1', process.env)).stdout // => '1\n'
 */
export function runPsql(url: string, command: string, env: NodeJS.ProcessEnv): Promise<PsqlResult> {
  return new Promise((resolve) => {
    execFile(
      'psql',
      ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ ok: error === null, stdout, stderr: error === null ? stderr : `${stderr}${error.message}` });
      },
    );
  });
}

/**
 * The same connection URI with another database name (query parameters kept).
 *
 * @param url base URI
 * @param database database name (letters, digits, `_`)
 * @example
 * withDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'servq_bench_1')
 * // => 'postgres://postgres@127.0.0.1:5432/servq_bench_1'
 */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * The URI with any password replaced by `***`, for printing and for the JSON report.
 *
 * @example redactUrl('postgres://u:secret@h/db') // => 'postgres://u:***@h/db'
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Checks that the server answers and that this user may create databases.
 *
 * @param url base URI of the server
 * @param env environment of psql
 * @returns null when usable, else the reason (psql's message)
 * @example await serverUnavailableReason('postgres://postgres@127.0.0.1:5432/postgres', process.env) // => null
 */
export async function serverUnavailableReason(url: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const probe = await runPsql(
    url,
    'select rolcreatedb or rolsuper from pg_roles where rolname = current_user',
    env,
  );
  if (!probe.ok) return probe.stderr.trim() || 'psql failed';
  if (probe.stdout.trim() !== 't') return 'the user may not create databases (needs CREATEDB)';
  return null;
}

/**
 * Creates an empty database.
 *
 * @param url base URI of the server
 * @param database name (letters, digits, `_`; quoted as an identifier)
 * @throws Error with psql's message when creation fails
 * @example await createDatabase(url, 'servq_bench_42_1') // => undefined
 */
export async function createDatabase(url: string, database: string, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runPsql(url, `CREATE DATABASE "${database}"`, env);
  if (!result.ok) throw new Error(`createDatabase: could not create ${database}: ${result.stderr.trim()}`);
}

/**
 * Drops a database if it exists, disconnecting any session still in it; never rejects.
 *
 * @param url base URI of the server (not the database being dropped)
 * @returns null, or psql's message when the drop failed
 * @example await dropDatabase(url, 'servq_bench_42_1') // => null
 */
export async function dropDatabase(url: string, database: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const result = await runPsql(url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, env);
  return result.ok ? null : result.stderr.trim();
}

/**
 * `CREATE TABLE` of an all-text table with `columnCount` columns `c1 … cN`: the target of the raw limit.
 *
 * @example allTextTableSql('raw_calls', 2) // => 'CREATE TABLE raw_calls (c1 text, c2 text)'
 */
export function allTextTableSql(table: string, columnCount: number): string {
  const columns = Array.from({ length: columnCount }, (_unused, index) => `c${index + 1} text`);
  return `CREATE TABLE ${table} (${columns.join(', ')})`;
}

/**
 * psql's `\copy` of a CSV file with a header into a table (client-side read, as a user without superuser runs it).
 *
 * @param table target table
 * @param path CSV file path (single quotes escaped)
 * @param encoding file encoding when not the client's (e.g. `GB18030`), or undefined
 * @example copyCommand('t', '/tmp/a.csv') // => "\\copy t FROM '/tmp/a.csv' WITH (FORMAT csv, HEADER true)"
 */
export function copyCommand(table: string, path: string, encoding?: string): string {
  const options = encoding === undefined ? 'FORMAT csv, HEADER true' : `FORMAT csv, HEADER true, ENCODING '${encoding}'`;
  return `\\copy ${table} FROM '${path.replaceAll("'", "''")}' WITH (${options})`;
}
