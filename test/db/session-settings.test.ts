/**
 * The settings servq's sessions run with (work-mem.ts): on a server no JIT, and on both engines SESSION_WORK_MEM
 * unless SERVQ_WORK_MEM names another size or `server`; the embedded database's shared_buffers
 * EMBEDDED_SHARED_BUFFERS unless SERVQ_EMBEDDED_SHARED_BUFFERS names another. Parsing and the embedded database
 * everywhere; the server's sessions when TEST_DATABASE_URL is set.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EMBEDDED_SHARED_BUFFERS, embeddedSharedBuffers, SESSION_WORK_MEM, sessionWorkMem } from '../../src/db/work-mem.js';
import { withSession } from '../../src/db/session.js';
import { openPgliteTest, openServerTest } from '../helpers/databases.js';

const serverUrl = process.env['TEST_DATABASE_URL'];

describe('sessionWorkMem', () => {
  it('defaults, accepts PostgreSQL sizes and "server", and refuses anything else naming the variable', () => {
    expect(sessionWorkMem(undefined)).toBe(SESSION_WORK_MEM);
    expect(sessionWorkMem('  ')).toBe(SESSION_WORK_MEM);
    expect(sessionWorkMem('64MB')).toBe('64MB');
    expect(sessionWorkMem('512kB')).toBe('512kB');
    expect(sessionWorkMem('Server')).toBeNull();
    expect(sessionWorkMem('64kB')).toBe('64kB');
    expect(sessionWorkMem('2047GB')).toBe('2047GB');
    // below PostgreSQL's 64 kB, above its 2147483647 kB: refused here, not left to a SET that would fail
    for (const bad of ['64', '64mb', '0MB', "1MB'; DROP TABLE contact; --", '-1MB', '1kB', '63kB', '2048GB', '3000000MB']) {
      expect(() => sessionWorkMem(bad)).toThrow(/SERVQ_WORK_MEM=.*whole number with kB, MB or GB from 64kB to 2047GB/);
    }
  });
});

describe('embeddedSharedBuffers', () => {
  it('defaults, accepts PostgreSQL sizes from 128kB to 1GB, and refuses anything else naming the variable', () => {
    expect(embeddedSharedBuffers(undefined)).toBe(EMBEDDED_SHARED_BUFFERS);
    expect(embeddedSharedBuffers(' ')).toBe(EMBEDDED_SHARED_BUFFERS);
    expect(embeddedSharedBuffers('128MB')).toBe('128MB');
    expect(embeddedSharedBuffers('128kB')).toBe('128kB');
    expect(embeddedSharedBuffers('1GB')).toBe('1GB');
    for (const bad of ['16', '16mb', 'server', '127kB', '1025MB', '2GB', "16MB -c fsync=off"]) {
      expect(() => embeddedSharedBuffers(bad)).toThrow(/SERVQ_EMBEDDED_SHARED_BUFFERS=.*whole number with kB, MB or GB from 128kB to 1GB/);
    }
  });
});

/** Sets the environment variable `name` (undefined: unset) for the open that follows; restored after each test. */
function settingEnv(name: string): (env: string | undefined) => void {
  const saved = process.env[name];
  afterEach(() => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  });
  return (env) => {
    if (env === undefined) delete process.env[name];
    else process.env[name] = env;
  };
}

describe.runIf(serverUrl)('server sessions', () => {
  const setEnv = settingEnv('SERVQ_WORK_MEM');

  const settings = async (env: string | undefined) => {
    setEnv(env);
    const t = await openServerTest(serverUrl as string);
    try {
      return await withSession(t.db, async (s) => (await s.query<{ jit: string; work_mem: string }>(
        `SELECT current_setting('jit') AS jit, current_setting('work_mem') AS work_mem`,
      )).rows[0]);
    } finally {
      await t.dispose();
    }
  };

  it('run without JIT and with the session work_mem; SERVQ_WORK_MEM=server keeps the server default', async () => {
    const standard = await settings(undefined);
    expect(standard).toMatchObject({ jit: 'off', work_mem: SESSION_WORK_MEM });
    expect((await settings('48MB'))?.work_mem).toBe('48MB');
    const server = await settings('server');
    expect(server?.jit).toBe('off');
    // the test server runs with PostgreSQL's default, 4MB
    expect(server?.work_mem).not.toBe(SESSION_WORK_MEM);
  });
});

describe('embedded sessions', () => {
  const setWorkMem = settingEnv('SERVQ_WORK_MEM');
  const setSharedBuffers = settingEnv('SERVQ_EMBEDDED_SHARED_BUFFERS');

  const setting = async (name: 'work_mem' | 'shared_buffers') => {
    const t = await openPgliteTest();
    try {
      // two sessions one after the other: the setting belongs to the connection, not to one transaction
      await withSession(t.db, (s) => s.query('SELECT 1'));
      return await withSession(t.db, async (s) => (await s.query<{ value: string }>('SELECT current_setting($1) AS value', [name])).rows[0]?.value);
    } finally {
      await t.dispose();
    }
  };
  const workMem = async (env: string | undefined) => {
    setWorkMem(env);
    return setting('work_mem');
  };
  const sharedBuffers = async (env: string | undefined) => {
    setSharedBuffers(env);
    return setting('shared_buffers');
  };

  it('run with the session work_mem, SERVQ_WORK_MEM when given, PGlite\'s own with `server`, and refuse a bad value', async () => {
    expect(await workMem(undefined)).toBe(SESSION_WORK_MEM);
    expect(await workMem('48MB')).toBe('48MB');
    expect(await workMem('server')).toBe('4MB');
    await expect(workMem('lots')).rejects.toThrow(/SERVQ_WORK_MEM="lots"/);
  });

  it('start with servq\'s shared_buffers, SERVQ_EMBEDDED_SHARED_BUFFERS when given, and refuse a bad value', async () => {
    expect(await sharedBuffers(undefined)).toBe(EMBEDDED_SHARED_BUFFERS);
    expect(await sharedBuffers('24MB')).toBe('24MB');
    await expect(sharedBuffers('plenty')).rejects.toThrow(/SERVQ_EMBEDDED_SHARED_BUFFERS="plenty"/);
  });
});
