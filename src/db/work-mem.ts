/**
 * Memory settings of servq's database sessions.
 *
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
  // PostgreSQL's range for work_mem: 64 kB to 2147483647 kB
  if (memorySizeKb(value, 64) !== null) return value;
  throw new Error(`SERVQ_WORK_MEM=${JSON.stringify(env)} is not a work_mem PostgreSQL accepts: use a whole number with kB, MB or GB from 64kB to 2047GB (e.g. 64MB), or "server" to keep the server's work_mem`);
}

/**
 * shared_buffers of the embedded database (PGlite's default is PostgreSQL's 128 MB). PGlite keeps its buffer
 * cache in its WebAssembly memory, which never gives pages back, and reads pages it does not hold from the data
 * directory's files (the operating system's cache, which no process's RSS counts). At 2M calls the quarterly set of
 * analyses filled all 128 MB: peak RSS 664–694 MB at 128 MB against 513–536 MB at 16 MB, and the analyses' sum
 * 17.7–21.7 s against 17.7–20.6 s (alternate runs; the machine's noise is ±20 %); a 1M-row ingest 14.2–15.4 s
 * against 13.3–19.2 s. Big sequential scans never used the cache much: PostgreSQL reads a table larger than a
 * quarter of it through a 256 kB ring.
 */
export const EMBEDDED_SHARED_BUFFERS = '16MB';

/**
 * The embedded database's shared_buffers: EMBEDDED_SHARED_BUFFERS, or SERVQ_EMBEDDED_SHARED_BUFFERS as a
 * PostgreSQL memory size (e.g. `128MB` for PGlite's own default) from 128kB (16 pages).
 * @throws Error naming the variable and the accepted forms for anything else.
 */
export function embeddedSharedBuffers(env: string | undefined): string {
  const value = env?.trim() ?? '';
  if (value === '') return EMBEDDED_SHARED_BUFFERS;
  // At least PostgreSQL's 16 pages of 8 kB; at most 1 GB, as PGlite's whole memory stops at 2 GB.
  const kB = memorySizeKb(value, 128);
  if (kB !== null && kB <= 1024 * 1024) return value;
  throw new Error(`SERVQ_EMBEDDED_SHARED_BUFFERS=${JSON.stringify(env)} is not a shared_buffers the embedded database accepts: use a whole number with kB, MB or GB from 128kB to 1GB (e.g. 128MB)`);
}

/** `value` in kB when it is a PostgreSQL memory size (`64MB`, `512kB`, `1GB`) of at least `minKb` within int4, else null. */
function memorySizeKb(value: string, minKb: number): number | null {
  const size = /^([1-9][0-9]{0,9})(kB|MB|GB)$/.exec(value);
  const kB = size === null ? NaN : Number(size[1]) * (size[2] === 'kB' ? 1 : size[2] === 'MB' ? 1024 : 1024 * 1024);
  return kB >= minKb && kB <= 2_147_483_647 ? kB : null;
}
