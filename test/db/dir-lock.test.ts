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
    await expect(acquireDirLock(path, 0)).rejects.toThrow(/in use by process \d+ \(servq ingest calls x.csv, since now\); wait for it/);
    // A notebook's kernel (tslab) holds it until the notebook closes the database or the kernel is shut down.
    writeFileSync(path, JSON.stringify({ pid: process.ppid, host: hostname(), command: 'kernel --config-path /root/.local/share/jupyter/runtime/kernel-1.json', since: 'now' }));
    await expect(acquireDirLock(path, 0)).rejects.toThrow(/it is a Jupyter notebook's kernel: run await db\.close\(\) in the notebook, or shut the kernel down/);
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

describe('acquireDirLock across processes', () => {
  it('lets exactly one of six processes racing on a dead owner’s lock hold it at a time', async () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), command: 'killed', since: 'then' }));
    const log = `${path}.log`;
    const script = `
      import { appendFileSync } from 'node:fs';
      const { acquireDirLock } = await import(${JSON.stringify(new URL('../../dist/src/db/dir-lock.js', import.meta.url).href)});
      const lock = await acquireDirLock(${JSON.stringify(path)}, 30000);
      appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + ' ' + Date.now() + '\\n');
      await new Promise((r) => setTimeout(r, 150));
      appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + ' ' + Date.now() + '\\n');
      lock.release();`;
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, ['--input-type=module', '-e', script]));
    await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
    const events = readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' '));
    expect(events).toHaveLength(12);
    // Strictly alternating in/out of the same process: never two holders.
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]![0]).toBe('in');
      expect(events[i + 1]![0]).toBe('out');
      expect(events[i + 1]![1]).toBe(events[i]![1]);
    }
  }, 60_000);
});
