/**
 * The CPU time the PostgreSQL server spends for one measured process: the sum over the backends connected to
 * the run's database, so the report can say which side of a load (the client's JavaScript or the server)
 * uses the machine — on a small machine both compete for the same cores, and the ratio alone cannot tell.
 *
 * Method: while the process runs, `pg_stat_activity` is read every 200 ms for the client backends and parallel
 * workers of the run's database (every run has a fresh database, so they are the process's own), and
 * `/proc/<pid>/stat` of each one found every 50 ms (utime + stime, fields 14–15, in clock ticks of 1/100 s);
 * the last reading of each counts, so up to ~50 ms of a backend's last work, and a parallel worker that lives
 * less than 200 ms, can be missed. A pid counts only when `/proc/<pid>/comm` is `postgres`: the server must run
 * on this machine in the same PID namespace (the benchmark's default, 127.0.0.1) — in a container its pids
 * would name other processes here. Otherwise the figure is null. Sampling never fails a measurement.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Linux's USER_HZ: /proc reports CPU times in these ticks (100 on every common architecture). */
const TICKS_PER_SECOND = 100;
const LIST_EVERY_MS = 200;
const READ_EVERY_MS = 50;

/** utime + stime of a process in seconds, or null when its /proc entry is gone or unreadable. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** True when the process `pid` of this machine is a PostgreSQL server process. */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

export interface BackendCpuSampler {
  /** Stops sampling; the backends' CPU seconds in all, or null when none could be read. */
  stop(): Promise<number | null>;
}

/**
 * Starts sampling the backends of `database`.
 *
 * @param adminUrl a connection to another database of the same server (the sampler's own backend is not counted)
 * @param database the run's database
 */
export async function sampleBackendCpu(adminUrl: string, database: string): Promise<BackendCpuSampler> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  // A dropped connection must not end the benchmark: the sampler then just stops finding backends.
  client.on('error', () => undefined);
  await client.connect();
  const last = new Map<number, number>();
  let readable = false;
  let listing = false;
  const list = async () => {
    if (listing) return;
    listing = true;
    try {
      const { rows } = await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type IN ('client backend', 'parallel worker') AND pid <> pg_backend_pid()`,
        [database],
      );
      for (const { pid } of rows) if (!last.has(pid) && isPostgres(pid)) last.set(pid, 0);
    } catch {
      /* a failed listing is retried at the next tick */
    } finally {
      listing = false;
    }
  };
  const read = () => {
    for (const pid of last.keys()) {
      const seconds = processCpuSeconds(pid);
      if (seconds !== null) {
        last.set(pid, seconds);
        readable = true;
      }
    }
  };
  const lister = setInterval(() => void list(), LIST_EVERY_MS).unref();
  const reader = setInterval(read, READ_EVERY_MS).unref();
  await list();
  let stopped: Promise<number | null> | undefined;
  return {
    stop() {
      stopped ??= finish();
      return stopped;
    },
  };

  async function finish(): Promise<number | null> {
    clearInterval(lister);
    clearInterval(reader);
    read();
    await client.end().catch(() => undefined);
    if (!readable) return null;
    let sum = 0;
    for (const seconds of last.values()) sum += seconds;
    return sum;
  }
}
