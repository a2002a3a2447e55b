/**
 * `servq.config.json` (src/pipeline/config.ts: parseConfig, loadConfig) and the schedules it gives the declared
 * pipelines (schedulesOf in src/pipeline/scheduler.ts): the defaults with no file, relative paths read from
 * the config file's folder (not the working folder), errors that name the file and the key path (with the
 * nearest valid name for a misspelt top-level key or pipeline), and schedule overrides (schedule, enabled,
 * time zone) with a ScheduleError naming the pipeline when one cannot be used.
 *
 * SERVQ_TIME_ZONE feeds the default time zone: it is unset before each test and restored after the file.
 * The one expected instant is Python 3.11.7 zoneinfo, tzdata 2025b-0+deb12u2, as noted beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PIPELINES } from '../../pipelines/index.js';
import { DEFAULT_MAX_DUPLICATE_RATE, DEFAULT_MAX_REJECT_RATE } from '../../src/ingest/defaults.js';
import { ConfigError, loadConfig, parseConfig, type ServqConfig } from '../../src/pipeline/config.js';
import { ScheduleError } from '../../src/pipeline/cron-ticks.js';
import { schedulesOf } from '../../src/pipeline/scheduler.js';
import { tempDir } from '../helpers/files.js';

const NAMES = PIPELINES.map((p) => p.name);

const savedZone = process.env['SERVQ_TIME_ZONE'];
beforeEach(() => {
  delete process.env['SERVQ_TIME_ZONE'];
});
afterAll(() => {
  if (savedZone === undefined) delete process.env['SERVQ_TIME_ZONE'];
  else process.env['SERVQ_TIME_ZONE'] = savedZone;
});

/** Writes `content` (an object as JSON, or raw text) to `<dir>/<name>` and returns the path. */
function writeConfig(dir: string, content: unknown, name = 'servq.config.json'): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The ConfigError message `loadConfig` throws for a config file holding `content`, and the file's path. */
function problemWith(content: unknown): { message: string; path: string } {
  const dir = tempDir();
  const path = writeConfig(dir, content);
  try {
    loadConfig(undefined, NAMES, dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { message: (error as Error).message, path };
  }
  throw new Error(`no ConfigError for ${JSON.stringify(content)}`);
}

describe('loadConfig without a config file', () => {
  it('fills in every default, with folders under the working folder', () => {
    const cwd = tempDir();
    const c = loadConfig(undefined, NAMES, cwd);
    expect(c).toEqual({
      file: null,
      timeZone: 'Asia/Shanghai',
      inbox: {
        dir: join(cwd, 'inbox'),
        settleSeconds: 5,
        kinds: (['calls', 'surveys', 'complaints'] as const).map((kind) => ({
          kind,
          dir: join(cwd, 'inbox', kind),
          maxRejectRate: DEFAULT_MAX_REJECT_RATE,
          maxDuplicateRate: DEFAULT_MAX_DUPLICATE_RATE,
          minDate: '2000-01-01',
        })),
      },
      reports: { out: join(cwd, 'reports'), languages: ['en'], minN: 30 },
      outputs: join(cwd, 'outputs'),
      pipelines: {},
      retry: { attempts: 3, firstDelayMs: 2000 },
      warnings: [],
    } satisfies ServqConfig);
  });

  it('takes the default time zone from SERVQ_TIME_ZONE; a zone in the file wins over it', () => {
    process.env['SERVQ_TIME_ZONE'] = 'Europe/Berlin';
    expect(loadConfig(undefined, NAMES, tempDir()).timeZone).toBe('Europe/Berlin');
    const dir = tempDir();
    writeConfig(dir, { timeZone: 'America/New_York' });
    expect(loadConfig(undefined, NAMES, dir).timeZone).toBe('America/New_York');
  });

  it('a SERVQ_TIME_ZONE that is not a zone is an error naming the variable (unless the file sets timeZone)', () => {
    process.env['SERVQ_TIME_ZONE'] = 'Mars/Olympus';
    expect(() => loadConfig(undefined, NAMES, tempDir())).toThrow(/^SERVQ_TIME_ZONE: 'Mars\/Olympus' is not a time-zone name/);
    const dir = tempDir();
    writeConfig(dir, { timeZone: 'UTC' });
    expect(loadConfig(undefined, NAMES, dir).timeZone).toBe('UTC');
  });

  it('a named --config file that does not exist is an error naming it (not the defaults)', () => {
    const cwd = tempDir();
    expect(() => loadConfig('conf/servq.prod.json', NAMES, cwd)).toThrow(ConfigError);
    expect(() => loadConfig('conf/servq.prod.json', NAMES, cwd)).toThrow(/^conf\/servq\.prod\.json: no such config file/);
  });
});

describe('loadConfig with a config file', () => {
  it("finds servq.config.json in the working folder, and an empty object is the defaults under the file's folder", () => {
    const dir = tempDir();
    const path = writeConfig(dir, {});
    const c = loadConfig(undefined, NAMES, dir);
    expect(c.file).toBe(path);
    expect(c.inbox.dir).toBe(join(dir, 'inbox'));
    expect(c.retry).toEqual({ attempts: 3, firstDelayMs: 2000 });
  });

  it("reads relative paths from the config file's folder, not from the working folder", () => {
    const root = tempDir();
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    const absoluteOutputs = join(root, 'shared', 'outputs');
    const path = writeConfig(join(root, 'deploy'), {
      inbox: { dir: 'drop', kinds: { calls: { dir: '../phone-exports', map: 'maps/calls.json' } } },
      reports: { out: 'out/reports', languages: ['zh', 'en'] },
      outputs: absoluteOutputs,
      retry: { attempts: 5, firstDelaySeconds: 0.5 },
    });
    writeConfig(join(root, 'deploy', 'maps'), {}, 'calls.json'); // the mapping profile the config names
    // Named relative to the working folder (as `--config ../deploy/servq.config.json` from `elsewhere`)
    const c = loadConfig('../deploy/servq.config.json', NAMES, elsewhere);
    expect(c.file).toBe(path);
    const deploy = join(root, 'deploy');
    expect(c.inbox.dir).toBe(join(deploy, 'drop'));
    expect(c.inbox.kinds.map((k) => [k.kind, k.dir])).toEqual([
      ['calls', join(root, 'phone-exports')],
      ['surveys', join(deploy, 'drop', 'surveys')],
      ['complaints', join(deploy, 'drop', 'complaints')],
    ]);
    expect(c.inbox.kinds[0]!.map).toBe(join(deploy, 'maps', 'calls.json'));
    expect(c.reports).toEqual({ out: join(deploy, 'out', 'reports'), languages: ['zh', 'en'], minN: 30 });
    expect(c.outputs).toBe(absoluteOutputs);
    expect(c.retry).toEqual({ attempts: 5, firstDelayMs: 500 });
    expect(c.warnings).toEqual([]);
    // The same file named by its absolute path from another working folder reads the same
    expect(loadConfig(path, NAMES, tempDir())).toEqual(c);
    expect(c.inbox.dir.startsWith(elsewhere)).toBe(false);
  });

  it('parseConfig reads relative paths from the base it is given', () => {
    const c = parseConfig({ inbox: { dir: 'in' }, outputs: 'o' }, '/srv/servq', '/srv/servq/servq.config.json', NAMES);
    expect([c.inbox.dir, c.inbox.kinds[2]!.dir, c.outputs, c.reports.out]).toEqual(['/srv/servq/in', '/srv/servq/in/complaints', '/srv/servq/o', '/srv/servq/reports']);
  });
});

describe('config errors name the file and the key path', () => {
  it("an unknown top-level key, with the nearest valid name ('timezone' → timeZone)", () => {
    const { message, path } = problemWith({ timezone: 'Europe/Berlin' });
    expect(message).toContain(`${path}: the top level: unknown key 'timezone' (did you mean 'timeZone'?)`);
  });

  it('an unknown nested key, with its path, the nearest valid name and the valid ones', () => {
    expect(problemWith({ inbox: { kinds: { call: {} } } }).message).toContain("inbox.kinds: unknown key 'call' (did you mean 'calls'?) (valid: calls, surveys, complaints)");
    expect(problemWith({ pipelines: { 'daily-ingest': { schedul: '0 2 * * *' } } }).message).toContain("pipelines.daily-ingest: unknown key 'schedul' (did you mean 'schedule'?) (valid: schedule, enabled, timeZone)");
    expect(problemWith({ inbox: { settleSecond: 3 } }).message).toContain("inbox: unknown key 'settleSecond' (did you mean 'settleSeconds'?)");
  });

  it('a time zone that is not an IANA name, at the top, per inbox kind and per pipeline', () => {
    const top = problemWith({ timeZone: 'Europe/Berln' });
    expect(top.message).toContain(`${top.path}: timeZone: not a time-zone name`);
    expect(problemWith({ inbox: { kinds: { calls: { timeZone: 'Mars/Olympus' } } } }).message).toContain('inbox.kinds.calls.timeZone: not a time-zone name');
    expect(problemWith({ pipelines: { 'quarterly-report': { timeZone: 'Asia/Shangai' } } }).message).toContain('pipelines.quarterly-report.timeZone: not a time-zone name');
  });

  it('a cron expression that cannot be a schedule, in pipelines.<name>.schedule', () => {
    const { message, path } = problemWith({ pipelines: { 'daily-ingest': { schedule: '61 2 * * *' } } });
    expect(message).toContain(`${path}: pipelines.daily-ingest.schedule: '61 2 * * *' is not a usable cron expression: 61 is not a valid minute`);
    expect(problemWith({ pipelines: { 'monthly-report': { schedule: '0 7 1 *' } } }).message).toContain("pipelines.monthly-report.schedule: '0 7 1 *' is not a usable cron expression: expected 5 or 6 fields but got 4");
    expect(problemWith({ pipelines: { 'monthly-report': { schedule: '30 0 7 1 * *' } } }).message).toMatch(/pipelines\.monthly-report\.schedule: '30 0 7 1 \* \*' is not a usable cron expression: a pipeline runs at most once a minute/);
  });

  it('an unknown pipeline name: the nearest one, and the list of the real ones', () => {
    const { message, path } = problemWith({ pipelines: { 'daily-ingset': { enabled: false } } });
    expect(message).toBe(`${path}: pipelines: unknown pipeline 'daily-ingset' (did you mean 'daily-ingest'?); the pipelines are daily-ingest, weekly-service-levels, monthly-report, quarterly-report`);
  });

  it("a preset that does not exist or is another kind's is an error; a mapping profile that cannot be read is a warning", () => {
    expect(problemWith({ inbox: { kinds: { surveys: { preset: 'qualtrix' } } } }).message).toContain("inbox.kinds.surveys.preset: unknown preset 'qualtrix' (did you mean 'qualtrics'?) (servq presets lists them)");
    expect(problemWith({ inbox: { kinds: { calls: { preset: 'zendesk' } } } }).message).toContain('inbox.kinds.calls.preset: zendesk is for complaints exports, not calls');
    expect(parseConfig({ inbox: { kinds: { calls: { preset: 'none' } } } }, '/srv', null, NAMES).inbox.kinds[0]!.preset).toBe('none');
    // A profile removed later must not stop the other pipelines (or the scheduler's start): a warning naming the key.
    const dir = tempDir();
    writeConfig(dir, { unknownKey: 1 }, 'bad-profile.json');
    writeConfig(dir, { inbox: { kinds: { calls: { map: 'bad-profile.json' }, complaints: { map: 'profiles/nothere.json' } } } });
    const c = loadConfig(undefined, NAMES, dir);
    expect(c.warnings).toHaveLength(2);
    expect(c.warnings[0]).toMatch(/^inbox\.kinds\.calls\.map: .*bad-profile\.json.*unknown key 'unknownKey'.*; calls files wait in the inbox until it is fixed$/);
    expect(c.warnings[1]).toMatch(/^inbox\.kinds\.complaints\.map: .*profiles\/nothere\.json: not a readable JSON mapping profile \(ENOENT/);
  });

  it('a dateFormat that is not DMY, MDY or YMD', () => {
    const { message } = problemWith({ inbox: { kinds: { surveys: { dateFormat: 'DD/MM/YYYY' } } } });
    expect(message).toMatch(/inbox\.kinds\.surveys\.dateFormat: .*"DMY"\|"MDY"\|"YMD"/);
  });

  it('every problem of a file in one message', () => {
    const { message } = problemWith({ timezone: 'UTC', retry: { attempts: 0 }, reports: { languages: ['fr'] } });
    expect(message).toContain("the top level: unknown key 'timezone'");
    expect(message).toContain('retry.attempts: ');
    expect(message).toContain('reports.languages.0: ');
  });

  it('a file that is not JSON, or not an object', () => {
    const bad = problemWith('{ "timeZone": "UTC", }');
    expect(bad.message).toMatch(new RegExp(`^${bad.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON at line 1, column 22 \\(`));
    expect(problemWith('{\n  "timeZone": "UTC"\n  "outputs": "o"\n}').message).toMatch(/not valid JSON at line 3, column 3 \(/);
    expect(problemWith([]).message).toContain('the top level: ');
  });

  it("parseConfig without a file names 'configuration'", () => {
    expect(() => parseConfig({ timezone: 'UTC' }, '/srv', null, NAMES)).toThrow(/^configuration: the top level: unknown key 'timezone'/);
  });
});

describe('schedulesOf: the effective schedule of each declared pipeline', () => {
  it("applies the config's schedule, enabled and timeZone overrides; the rest keep their declaration", () => {
    const dir = tempDir();
    writeConfig(dir, {
      timeZone: 'Europe/Berlin',
      pipelines: {
        'daily-ingest': { schedule: '30 3 * * *' },
        'monthly-report': { enabled: false },
        'quarterly-report': { timeZone: 'America/New_York' },
      },
    });
    const scheduled = schedulesOf(loadConfig(undefined, NAMES, dir), PIPELINES);
    expect(scheduled.map((s) => [s.definition.name, s.schedule.cron, s.schedule.timeZone, s.enabled])).toEqual([
      ['daily-ingest', '30 3 * * *', 'Europe/Berlin', true],
      ['weekly-service-levels', '0 6 * * 1', 'Europe/Berlin', true],
      ['monthly-report', '0 7 1 * *', 'Europe/Berlin', false],
      ['quarterly-report', '30 7 1 1,4,7,10 *', 'America/New_York', true],
    ]);
    expect(scheduled.map((s) => s.definition)).toEqual(PIPELINES);
    // The overridden zone is the one the ticks are read in: 2027-01-01 07:30 EST
    // (Python: datetime(2027,1,1,7,30,tzinfo=ZoneInfo('America/New_York')).astimezone(ZoneInfo('UTC')) → 12:30Z)
    expect(scheduled[3]!.schedule.next(new Date('2026-12-04T00:00:00Z')).toISOString()).toBe('2027-01-01T12:30:00.000Z');
  });

  it('uses the default zone (SERVQ_TIME_ZONE, else Asia/Shanghai) when the file names none', () => {
    expect(schedulesOf(loadConfig(undefined, NAMES, tempDir()), PIPELINES).map((s) => s.schedule.timeZone)).toEqual(Array(4).fill('Asia/Shanghai'));
    process.env['SERVQ_TIME_ZONE'] = 'Australia/Sydney';
    expect(new Set(schedulesOf(loadConfig(undefined, NAMES, tempDir()), PIPELINES).map((s) => s.schedule.timeZone))).toEqual(new Set(['Australia/Sydney']));
  });

  // parseConfig refuses these; a config built in code (or a future path around the schema) reaches schedulesOf.
  it('an override that cannot be used throws ScheduleError naming the pipeline', () => {
    const base = parseConfig({}, '/srv', null, NAMES);
    const withOverride = (pipelines: ServqConfig['pipelines']): ServqConfig => ({ ...base, pipelines });
    expect(() => schedulesOf(withOverride({ 'monthly-report': { schedule: '0 7 32 * *' } }), PIPELINES)).toThrow(ScheduleError);
    expect(() => schedulesOf(withOverride({ 'monthly-report': { schedule: '0 7 32 * *' } }), PIPELINES)).toThrow(/^pipeline monthly-report: '0 7 32 \* \*' is not a usable cron expression: /);
    expect(() => schedulesOf(withOverride({ 'quarterly-report': { timeZone: 'Asia/Shangai' } }), PIPELINES)).toThrow(
      "pipeline quarterly-report: 'Asia/Shangai' is not a time-zone name (e.g. Asia/Shanghai, Europe/Berlin, UTC)",
    );
  });
});
