/**
 * What a command does when the reader of its output goes away (EPIPE on stdout or stderr).
 *
 * A command whose only product is what it prints (`servq batches --json | head`) stops quietly: the rest of
 * the output has no reader. A command that changes data or writes files (`servq run daily-ingest | grep
 * loaded`, a scheduler whose log reader restarted) carries on without its output: stopping it there would
 * leave a load or a recorded run half-done and exit 0 as if it had finished. Its exit code is then the
 * work's own.
 */
import type { Command } from 'commander';

/** Commands (by their path from the root) whose only product is their output, whatever their options. */
const OUTPUT_ONLY = new Set([
  'presets',
  'batches list',
  'batches history',
  'rejects',
  'summary',
  'pipelines',
  'jobs',
  'targets list',
  'trainings list',
]);

/** Commands whose only product is their output unless an option names a file to write. */
const OUTPUT_ONLY_UNLESS: Record<string, string> = { inspect: 'writeProfile', analyze: 'out' };

/** The command's path from the root, e.g. 'batches history'. */
function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** True when `command` (the one whose action runs) may stop once nobody reads its output. */
export function outputIsTheProduct(command: Command): boolean {
  const path = pathOf(command);
  if (OUTPUT_ONLY.has(path)) return true;
  const fileOption = OUTPUT_ONLY_UNLESS[path];
  return fileOption !== undefined && command.opts()[fileOption] === undefined;
}

/**
 * Installs the EPIPE handling on `streams` for `program`: before any action runs the command is noted; an
 * EPIPE then exits (output-only commands) or turns the stream's later writes into no-ops. Other stream
 * errors are thrown, as before.
 */
export function handleClosedOutput(program: Command, streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  let stopOnClose = true; // before an action starts (help, a usage error) there is no work to protect
  program.hook('preAction', (_root, action) => {
    stopOnClose = outputIsTheProduct(action);
  });
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      if (stopOnClose) process.exit(process.exitCode ?? 0);
      // The work goes on; what it would still print has no reader. A write's callback still runs (next tick), so
      // code that waits for its output to drain does not hang.
      stream.write = ((_chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
        const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
        if (typeof done === 'function') process.nextTick(done as () => void);
        return true;
      }) as typeof stream.write;
    });
  }
}
