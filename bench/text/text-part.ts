/**
 * The `text` part of `npm run bench:analysis` (selected by `--only text`, or when there is no `--only`): the
 * text benchmark (text-bench.ts) in a child process of its own, so that its peak RSS is the text pipeline's
 * alone and the jieba dictionary never enters the analysis runner. `--smoke` runs the small variant (a check
 * that segmentation, tokenizing, both models and both rule targets run; ~2 s, no speed claim).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTextBenchReport, type TextBenchReport } from './text-bench.js';

/** The name `--only` is matched against. */
export const TEXT_PART = 'text: segment + classify';

/** What the part printed and measured, or why it failed. */
export interface TextPartOutcome {
  readonly text: string;
  readonly report: TextBenchReport | null;
  readonly error: string | null;
}

/**
 * Runs the text benchmark in a child process.
 * @param options smoke: the small variant; rows: descriptions per round (default 200 000)
 */
export function runTextPart(options: { readonly smoke: boolean; readonly rows?: number }): TextPartOutcome {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'classify-bench.js');
  const args = [script, '--json', ...(options.smoke ? ['--smoke'] : []), ...(options.rows === undefined ? [] : ['--rows', String(options.rows)])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  if (child.error !== undefined || child.status !== 0) {
    const reason = child.error?.message ?? `exited ${String(child.status ?? child.signal)}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`;
    return { text: `${TEXT_PART}: FAIL (${reason})\n`, report: null, error: reason };
  }
  const report = JSON.parse(child.stdout.trim().split('\n').pop()!) as TextBenchReport;
  return { text: formatTextBenchReport(report, options.smoke), report, error: null };
}
