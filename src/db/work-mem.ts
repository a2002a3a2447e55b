/**
 * The work_mem servq's sessions run with, on a server and on the embedded database alike. At PostgreSQL's
 * default of 4 MB the planner sorts (and spills to disk) groupings it could hash, and spills the sorts it keeps:
 * on a server a quarter of complaints by category (122k rows, 12 groups) sorted twice on disk, 0.5 s of its 0.9 s;
 * on PGlite, whose "disk" is its file system emulation, the quarterly set of analyses at 500k calls took 7.15–7.22 s
 * at 32 MB against 7.62–7.63 s at 4 MB (three alternate runs each; peak RSS 533–547 → 542–568 MB).
 */
/** work_mem of servq's sessions (server and embedded) unless SERVQ_WORK_MEM says otherwise. */
export const SESSION_WORK_MEM = '32MB';

/**
 * The work_mem servq's sessions set: SESSION_WORK_MEM, or SERVQ_WORK_MEM as a PostgreSQL memory size (`64MB`,
 * `512kB`, `1GB`), or null for `server` (keep the database's own
 * setting: the server's, or PGlite's 4 MB).
 * @throws Error naming the variable and the accepted forms for anything else.
 */
export function sessionWorkMem(env: string | undefined): string | null {
  const value = env?.trim() ?? '';
  if (value === '') return SESSION_WORK_MEM;
  if (value.toLowerCase() === 'server') return null;
  const size = /^([1-9][0-9]{0,9})(kB|MB|GB)$/.exec(value);
  // PostgreSQL's range for work_mem: 64 kB to 2147483647 kB
  const kB = size === null ? NaN : Number(size[1]) * (size[2] === 'kB' ? 1 : size[2] === 'MB' ? 1024 : 1024 * 1024);
  if (kB >= 64 && kB <= 2_147_483_647) return value;
  throw new Error(`SERVQ_WORK_MEM=${JSON.stringify(env)} is not a work_mem PostgreSQL accepts: use a whole number with kB, MB or GB from 64kB to 2047GB (e.g. 64MB), or "server" to keep the server's work_mem`);
}
