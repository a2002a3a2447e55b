/**
 * A reader that goes away (EPIPE): a command that only prints stops quietly; one that loads or writes carries
 * on without its output and exits with its own code (a pipeline run piped into a pager that was closed, a
 * scheduler whose log reader restarted).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { outputIsTheProduct } from '../../src/cli/closed-output.js';
import { writeCallsCsv } from '../helpers/calls-csv.js';
import { tempDir } from '../helpers/files.js';
import { processTargets } from '../helpers/process-targets.js';
import { jsonLines, runServq, SERVQ_BIN } from '../helpers/servq-process.js';

describe('outputIsTheProduct', () => {
  /** The action command of `args` in a program shaped like servq's. */
  function actionOf(args: string[]): Command {
    const program = new Command('servq').exitOverride();
    let action: Command | undefined;
    program.hook('preAction', (_root, cmd) => void (action = cmd));
    const batches = program.command('batches');
    batches.command('list', { isDefault: true }).action(() => {});
    batches.command('history').action(() => {});
    batches.command('remove').argument('<id>').action(() => {});
    program.command('jobs').argument('[id]').action(() => {});
    program.command('run').argument('<pipeline>').action(() => {});
    program.command('inspect').argument('<file>').option('--write-profile <file>').action(() => {});
    program.command('analyze').argument('[name]').option('--out <file>').action(() => {});
    program.command('targets').command('set').action(() => {});
    program.parse(args, { from: 'user' });
    return action!;
  }

  it.each([
    [['jobs'], true],
    [['jobs', '3'], true],
    [['batches'], true], // the default subcommand, list
    [['batches', 'history'], true],
    [['inspect', 'x.csv'], true],
    [['analyze', 'kpis'], true],
    [['batches', 'remove', '3'], false],
    [['run', 'daily-ingest'], false],
    [['inspect', 'x.csv', '--write-profile', 'p.json'], false],
    [['analyze', 'kpis', '--out', 'k.csv'], false],
    [['targets', 'set'], false], // a command not listed carries on
  ])('servq %j → stops when the reader closes: %s', (args, expected) => {
    expect(outputIsTheProduct(actionOf(args))).toBe(expected);
  });
});

/** Starts `servq ARGS…` and closes the reading end of its stdout and stderr at once. */
function runWithClosedOutput(args: string[], env: Record<string, string>, cwd: string): Promise<number | null> {
  const child = spawn(process.execPath, [SERVQ_BIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  child.stderr.destroy();
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe.each(processTargets('closed-output'))('a closed reader on $name', (target) => {
  it('servq run carries on: the file loads, the run is recorded succeeded, the exit code is the run\'s', async () => {
    const env = await target.fresh();
    const dir = tempDir();
    const calls = join(dir, 'inbox', 'calls');
    mkdirSync(calls, { recursive: true });
    writeCallsCsv(join(calls, 'calls.csv'), 2_000);
    const config = join(dir, 'servq.config.json');
    writeFileSync(config, JSON.stringify({ timeZone: 'UTC', inbox: { settleSeconds: 0 } }));

    // Before: the run's first log line met EPIPE and the process exited 0 with the run left `running`.
    expect(await runWithClosedOutput(['run', 'daily-ingest', '--config', config], env, dir)).toBe(0);
    expect(readdirSync(join(calls, 'done'))).toEqual(['calls.csv']);
    const jobs = await runServq(['jobs', '--json'], env, dir);
    expect(jsonLines(jobs.stdout).map((r) => [r['pipeline'], r['status'], (r['steps'] as unknown[]).length])).toEqual([['daily-ingest', 'succeeded', 2]]);
  }, 120_000);
});
