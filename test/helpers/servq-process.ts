/** Runs the built `servq` CLI as a child process, as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const SERVQ_BIN = join(PACKAGE_ROOT, 'bin', 'servq.mjs');

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcess;
  readonly done: Promise<Finished>;
}

/** Starts `servq ARGS…` with `env` added to the environment. */
export function startServq(args: readonly string[], env: Record<string, string>, cwd?: string): Running {
  const child = spawn(process.execPath, [SERVQ_BIN, ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Runs `servq ARGS…` to completion. */
export function runServq(args: readonly string[], env: Record<string, string>, cwd?: string): Promise<Finished> {
  return startServq(args, env, cwd).done;
}

/** Parses `--json` output: one object per line. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
