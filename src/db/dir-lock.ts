/**
 * An inter-process lock on the embedded database directory.
 *
 * PGlite is a single-user PostgreSQL: two processes opening one data directory corrupt it, and PGlite itself
 * does not prevent it (STACK.md). The lock is a file beside the directory, created atomically with `wx`,
 * holding the owner's pid, host and command. A lock whose process is gone (killed) is stale and taken over;
 * a live owner makes the caller wait up to a timeout, then fail with a message naming the owner.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
}

export interface DirLock {
  readonly path: string;
  release(): void;
}

/**
 * What to do about an owner, when it says more than "wait": a notebook's kernel (tslab's `kernel
 * --config-path …`) keeps the database until the notebook closes it or the kernel is shut down.
 */
export function ownerHint(owner: LockOwner): string {
  return /(^|\s)kernel\b/.test(owner.command)
    ? "; it is a Jupyter notebook's kernel: run await db.close() in the notebook, or shut the kernel down (Kernel → Shut down; closing the browser tab leaves it running)"
    : '';
}

/** Thrown when the directory stays locked by a live process past the timeout. */
export class LockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly owner: LockOwner,
  ) {
    super(
      `the embedded database is in use by process ${owner.pid} (${owner.command}, since ${owner.since})${ownerHint(owner)}; ` +
        `wait for it to finish, or stop it; the lock is ${lockPath}`,
    );
    this.name = 'LockedError';
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined; // vanished, or half-written by an owner killed mid-write: treated as stale below
  }
}

function lockAgeMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * True unless the process `pid` of `host` is known to be gone: a process of another host cannot be probed and
 * counts as alive; one of another user answers EPERM and is alive.
 */
export function processAlive(host: string, pid: number): boolean {
  if (host !== hostname()) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isAlive(owner: LockOwner): boolean {
  return processAlive(owner.host, owner.pid);
}

function tryCreate(path: string, owner: LockOwner): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, JSON.stringify(owner));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** How old a takeover marker must be before it counts as left by a process that died mid-takeover, in ms. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Removes the lock at `path` if it still holds `seen` (a dead owner's content). Takeovers are serialised by an
 * atomic `mkdir` marker and the content is re-read inside it, so a process can never remove a lock that
 * another process has just created; afterwards every contender races on the atomic `wx` create as usual.
 */
function removeStale(path: string, seen: string): void {
  const marker = `${path}.takeover`;
  try {
    mkdirSync(marker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(marker).mtimeMs > TAKEOVER_STALE_MS) rmdirSync(marker);
    } catch {
      /* gone meanwhile */
    }
    return; // someone else is taking over: the caller tries again
  }
  try {
    let now: string | undefined;
    try {
      now = readFileSync(path, 'utf8');
    } catch {
      now = undefined;
    }
    if (now === seen) unlinkSync(path);
  } finally {
    rmdirSync(marker);
  }
}

/**
 * Takes the lock at `path`, waiting up to `timeoutMs` for a live owner.
 *
 * @param path the lock file (conventionally `<data dir>.lock`)
 * @param timeoutMs how long to wait for another live process, in milliseconds (0: fail at once)
 * @param onWait called once when the caller has to wait, with the owner (for a "waiting for …" message)
 * @param signal ends the wait (throws the signal's reason) when aborted
 * @throws LockedError when a live process still holds the lock after `timeoutMs`
 */
export async function acquireDirLock(
  path: string,
  timeoutMs: number,
  onWait?: (owner: LockOwner) => void,
  signal?: AbortSignal,
): Promise<DirLock> {
  mkdirSync(dirname(path), { recursive: true });
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(2).join(' ') || 'servq',
    since: new Date().toISOString(),
  };
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    if (tryCreate(path, me)) break;
    let seen: string | undefined;
    try {
      seen = readFileSync(path, 'utf8');
    } catch {
      continue; // released between our attempts
    }
    const owner = readOwner(path);
    if (owner === undefined && lockAgeMs(path) < 2_000) {
      await sleep(50); // just created, not yet written: its owner is alive
      continue;
    }
    if (owner === undefined || !isAlive(owner)) {
      removeStale(path, seen);
      await sleep(10);
      continue;
    }
    if (Date.now() >= deadline) throw new LockedError(path, owner);
    // A stop signal ends the wait: the caller never opened the database, so there is nothing to roll back.
    signal?.throwIfAborted();
    if (!told) {
      onWait?.(owner);
      told = true;
    }
    await sleep(200);
  }
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      const owner = readOwner(path);
      if (owner?.pid === process.pid) {
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      }
    },
  };
}
