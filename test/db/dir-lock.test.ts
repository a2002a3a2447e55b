import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDirLock, LockedError } from '../../src/db/dir-lock.js';

const lockPath = () => join(mkdtempSync(join(tmpdir(), 'servq-lock-')), 'pgdata.lock');

describe('acquireDirLock', () => {
  it('is exclusive while held and free after release', async () => {
    const path = lockPath();
    const lock = await acquireDirLock(path, 0);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    // Held by a live process (this one, seen as another owner): a second taker fails after its timeout.
    writeFileSync(path, JSON.stringify({ pid: process.ppid, host: hostname(), command: 'servq ingest calls x.csv', since: 'now' }));
    await expect(acquireDirLock(path, 300)).rejects.toThrow(LockedError);
    await expect(acquireDirLock(path, 0)).rejects.toThrow(/in use by process \d+ \(servq ingest calls x.csv/);
    writeFileSync(path, JSON.stringify({ pid: process.pid, host: hostname(), command: 'x', since: 'now' }));
    lock.release();
    expect(existsSync(path)).toBe(false);
    (await acquireDirLock(path, 0)).release();
  });

  it('takes over the lock of a killed process', async () => {
    const path = lockPath();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    await new Promise((r) => child.once('spawn', r));
    writeFileSync(path, JSON.stringify({ pid: child.pid, host: hostname(), command: 'servq demo', since: 'then' }));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const lock = await acquireDirLock(path, 0);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('waits for a live owner that releases within the timeout, saying so once', async () => {
    const path = lockPath();
    const first = await acquireDirLock(path, 0);
    const waits: number[] = [];
    setTimeout(() => first.release(), 400);
    const second = await acquireDirLock(path, 5000, (owner) => waits.push(owner.pid));
    expect(waits).toEqual([process.pid]); // told once, then took it when the owner let go
    second.release();
  });
});
