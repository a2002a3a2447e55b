/**
 * Runs one whole process, as a user would, and measures its wall time and peak resident set size.
 *
 * Method: the command runs under GNU time (`/usr/bin/time -f '%e %M %U %S' -o FILE`), whose `%M` is the
 * maximum resident set size in KiB (from `wait4`'s `ru_maxrss`) and `%U` + `%S` the CPU seconds of the
 * process and its threads (user and system, from `wait4`'s rusage); the wall time is taken around the spawn
 * with the monotonic clock (`process.hrtime`), finer than time's centiseconds.
 */
import { spawn } from 'node:child_process';
import { access, constants, readFile, rm } from 'node:fs/promises';

/** Where GNU time is expected; without it the measurements carry no peak RSS. */
export const GNU_TIME_PATH = '/usr/bin/time';

/** Keep at most this much of a child's stdout / stderr (the tail), so a chatty child cannot exhaust memory. */
const MAX_CAPTURED_BYTES = 256 * 1024;

/** What to run and where. */
export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** The complete environment of the child (not merged with ours). */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Scratch file for GNU time's report (deleted afterwards). */
  readonly timeReportPath: string;
  /** GNU time binary, or null to run the command directly (peak RSS is then null). */
  readonly gnuTimePath: string | null;
}

/** Outcome of one measured process. */
export interface ProcessMeasurement {
  /** Exit code, or null when killed by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Wall-clock seconds from spawn to exit. */
  readonly wallSeconds: number;
  /** Peak resident set size in MiB, or null when not measurable. */
  readonly peakRssMB: number | null;
  /** CPU seconds of the process (user + system, all its threads), or null when not measurable. */
  readonly cpuSeconds: number | null;
  /** CPU seconds of the server's backends for the process, when sampled (server runs: backend-cpu.ts). */
  readonly backendCpuSeconds?: number | null;
  /** Tail of stdout (at most 256 KiB). */
  readonly stdout: string;
  /** Tail of stderr (at most 256 KiB); spawn errors are reported here too. */
  readonly stderr: string;
}

/** Appends a chunk to a captured tail, dropping the oldest bytes beyond the cap. */
function appendTail(tail: string, chunk: Buffer): string {
  const joined = tail + chunk.toString('utf8');
  return joined.length > MAX_CAPTURED_BYTES ? joined.slice(joined.length - MAX_CAPTURED_BYTES) : joined;
}

/**
 * Parses GNU time's `-f '%e %M %U %S'` report: the last non-empty line holds `seconds maxRssKiB user system`
 * (a line "Command exited with non-zero status N" may precede it).
 *
 * @param report the text GNU time wrote with `-o`
 * @returns peak RSS in MiB and CPU seconds (user + system), each null when the report lacks it
 * @example parseTimeReport('Command exited with non-zero status 1\n0.52 104448 0.40 0.05\n') // => { peakRssMB: 102, cpuSeconds: 0.45 }
 */
export function parseTimeReport(report: string): { peakRssMB: number | null; cpuSeconds: number | null } {
  const lines = report.trim().split('\n');
  const match = /^\s*[\d.]+\s+(\d+)(?:\s+([\d.]+)\s+([\d.]+))?\s*$/.exec(lines[lines.length - 1] ?? '');
  if (match?.[1] === undefined) return { peakRssMB: null, cpuSeconds: null };
  const cpuSeconds = match[2] === undefined || match[3] === undefined ? null : Math.round((Number(match[2]) + Number(match[3])) * 100) / 100;
  return { peakRssMB: Number(match[1]) / 1024, cpuSeconds };
}

/**
 * Returns the path of GNU time when it is installed and executable, else null.
 *
 * @example await findGnuTime() // => '/usr/bin/time'
 */
export async function findGnuTime(): Promise<string | null> {
  try {
    await access(GNU_TIME_PATH, constants.X_OK);
    return GNU_TIME_PATH;
  } catch {
    return null;
  }
}

/**
 * Runs a process to completion and measures it; never rejects (a failure to start is an exit code of null
 * with the reason in `stderr`).
 *
 * @param spec command, arguments, environment, working directory and GNU time settings
 * @example
 * const run = await measureProcess({ command: 'true', args: [], env: process.env, cwd: '.',
 *   timeReportPath: '/tmp/t', gnuTimePath: '/usr/bin/time' });
 * run.exitCode // => 0
 */
export async function measureProcess(spec: ProcessSpec): Promise<ProcessMeasurement> {
  const [command, args] =
    spec.gnuTimePath === null
      ? [spec.command, [...spec.args]]
      : [spec.gnuTimePath, ['-f', '%e %M %U %S', '-o', spec.timeReportPath, spec.command, ...spec.args]];
  const startedAt = process.hrtime.bigint();
  const outcome = await new Promise<{ exitCode: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => {
      let stdout = '';
      let stderr = '';
      let settled = false;
      const child = spawn(command, args, { env: spec.env, cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => {
        stdout = appendTail(stdout, chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = appendTail(stderr, chunk);
      });
      child.on('error', (error) => {
        if (settled) return;
        settled = true;
        resolve({ exitCode: null, signal: null, stdout, stderr: `${stderr}\n${command}: ${error.message}` });
      });
      child.on('close', (exitCode, signal) => {
        if (settled) return;
        settled = true;
        resolve({ exitCode, signal, stdout, stderr });
      });
    },
  );
  const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  let figures: { peakRssMB: number | null; cpuSeconds: number | null } = { peakRssMB: null, cpuSeconds: null };
  if (spec.gnuTimePath !== null) {
    try {
      figures = parseTimeReport(await readFile(spec.timeReportPath, 'utf8'));
    } catch {
      /* no report: the figures stay null */
    }
    await rm(spec.timeReportPath, { force: true });
  }
  return { ...outcome, wallSeconds, ...figures };
}
