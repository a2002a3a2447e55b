/**
 * Speed of reading complaint text, on its own: segmentation alone, tokenize, and classification (two models and
 * two keyword-rule targets) over N synthetic descriptions, no database (text-bench.ts has the protocol).
 * `npm run bench:analysis` runs the same measurement as its `text` part.
 *
 * Run: npm run build && node dist/bench/text/classify-bench.js [N] [--repeat K] [--batch B] [--train T]
 *   [--smoke] [--json]   (METHOD=logistic in the environment for the other learner)
 * `--json` prints the report as one JSON object instead of text (what analysis-bench reads).
 */
import { formatTextBenchReport, runTextBench, TEXT_BENCH_DEFAULTS, TEXT_BENCH_SMOKE, type TextBenchOptions } from './text-bench.js';
import type { TextClassifierMethod } from '../../src/analysis/classify/text-classifier.js';

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`classify-bench: ${name} must be a positive whole number, got '${value}'`);
  return n;
}

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
let options: TextBenchOptions = smoke ? TEXT_BENCH_SMOKE : TEXT_BENCH_DEFAULTS;
const method = process.env['METHOD'];
if (method !== undefined) options = { ...options, method: method as TextClassifierMethod };
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--repeat') options = { ...options, repeat: positive(a, args[++i]) };
  else if (a === '--batch') options = { ...options, batchRows: positive(a, args[++i]) };
  else if (a === '--train') options = { ...options, trainRows: positive(a, args[++i]) };
  else if (a === '--rows') options = { ...options, rows: positive(a, args[++i]) };
  else if (/^[0-9]+$/.test(a)) options = { ...options, rows: positive('N', a) };
  else if (a !== '--smoke' && a !== '--json') throw new RangeError(`classify-bench: unknown argument '${a}'`);
}
if (options.trainRows > options.rows) options = { ...options, trainRows: options.rows };
const report = runTextBench(options);
process.stdout.write(args.includes('--json') ? `${JSON.stringify(report)}\n` : formatTextBenchReport(report, smoke));
