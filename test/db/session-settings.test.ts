/**
 * The settings servq's sessions run with (work-mem.ts): on a server no JIT, and on both engines SESSION_WORK_MEM
 * unless SERVQ_WORK_MEM names another size or `server`. Parsing and the embedded database everywhere; the server's
 * sessions when TEST_DATABASE_URL is set.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_WORK_MEM, sessionWorkMem } from '../../src/db/work-mem.js';
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

/** Sets SERVQ_WORK_MEM (undefined: unset) for the open that follows; restored after each test. */
function workMemEnv(): (env: string | undefined) => void {
  const saved = process.env['SERVQ_WORK_MEM'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SERVQ_WORK_MEM'];
    else process.env['SERVQ_WORK_MEM'] = saved;
  });
  return (env) => {
    if (env === undefined) delete process.env['SERVQ_WORK_MEM'];
    else process.env['SERVQ_WORK_MEM'] = env;
  };
}

describe.runIf(serverUrl)('server sessions', () => {
  const setEnv = workMemEnv();

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
  const setEnv = workMemEnv();

  const workMem = async (env: string | undefined) => {
    setEnv(env);
    const t = await openPgliteTest();
    try {
      // two sessions one after the other: the setting belongs to the connection, not to one transaction
      await withSession(t.db, (s) => s.query('SELECT 1'));
      return await withSession(t.db, async (s) => (await s.query<{ work_mem: string }>(`SELECT current_setting('work_mem') AS work_mem`)).rows[0]?.work_mem);
    } finally {
      await t.dispose();
    }
  };

  it('run with the session work_mem, SERVQ_WORK_MEM when given, PGlite\'s own with `server`, and refuse a bad value', async () => {
    expect(await workMem(undefined)).toBe(SESSION_WORK_MEM);
    expect(await workMem('48MB')).toBe('48MB');
    expect(await workMem('server')).toBe('4MB');
    await expect(workMem('lots')).rejects.toThrow(/SERVQ_WORK_MEM="lots"/);
  });
});
