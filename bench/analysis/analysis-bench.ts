/**
 * `npm run bench:analysis -- [--only TEXT] [--repeat K] [--json FILE] [--no-reference] [--smoke]`: times servq's
 * analysis functions on realistic sizes beside the reference implementations (SciPy / scikit-learn /
 * statsmodels through Debian's /usr/bin/python3, R through Rscript), in the same run, against the goal of being
 * within 2× of the reference.
 *
 * Stages (the code below follows them):
 * 1. options; machine facts (cores, Node, load average) and the reference tools found: Debian's Python with
 *    numpy + scipy (versions of scikit-learn / statsmodels too), Rscript;
 * 2. cases: each `bench/analysis/<group>-cases.ts` listed in `CASE_MODULES`, imported one by one (a module that
 *    fails to import is a FAIL row), filtered by `--only` (a substring of `<group>: <case name>`, any case);
 * 3. per case, servq: `setup()` once (not timed); warm-up of `run` until WARMUP_SECONDS have been spent (at least
 *    one call); each timed sample makes enough calls to last MIN_SAMPLE_SECONDS (one call for anything slower),
 *    K samples (`--repeat`, default 5) with `performance.now()`; min and median seconds per call;
 * 4. per case, right after, each reference it declares (`python`, `r`): the source is written to a temporary
 *    file and run by a small harness in a child process that builds the data (not timed), warms up and samples
 *    `work()` by the same rule (`time.perf_counter` / `Sys.time()` differences) and prints JSON;
 * 5. report: a table (servq median, Python median, R median, ratio servq ÷ reference, verdict "ok" ≤ 2× /
 *    "SLOW" > 2× / "–" without a reference), notes (reference errors, load average at the end), JSON on request;
 * 5b. text (bench/text/text-part.ts, selected by `--only text` or when there is no `--only`; `--no-text` skips it):
 *    segmentation alone, tokenize and classification (two models + two keyword-rule targets) over 200k complaint
 *    descriptions in a child process, per-batch interleaved: rows/s of each, classification ÷ segmentation (issue
 *    20's goal < 1) and peak RSS (goal < 500 MB). `--smoke`: 4,000 descriptions, ~2 s.
 * 6. analyze at scale (analyze-scale.ts, selected by `--only analyze` or when there is no `--only`): every analysis
 *    in ANALYSES over generated data of the issue's size (2M calls, 1M survey responses, 200k complaints; 3× on
 *    the server for growth) on the server and on PGlite, against `count(*)` of the fact tables in the same run:
 *    per-analysis time and share, total ÷ count(*) (goal ≤ 20×), peak RSS (goal < 400 MB), growth 3× ÷ 1×
 *    (goal ≤ 3), and EXPLAIN (ANALYZE, BUFFERS) of the slowest statements. `--no-analyze` skips it; `--smoke`
 *    runs it at 20,000 calls on PGlite only, as a check that every analysis runs on realistic data.
 *
 * `--smoke` (CI): stage 3 reduced to `setup()` and one cold `run` per case, no warm-up, no reference, no speed
 * claim; every case stays in (no size rule): the table shows the time each took, so a slow one is visible, and the
 * total (35 cases: 31 s wall on 2 cores at load 2, 59 s at load 7; most of it the 1M-row cart case).
 *
 * Exit code: 0 when every case ran, 1 when a case (or a case module) threw, an analysis failed at scale, the text
 * part failed or `--only` matched nothing, 2 when the runner itself failed. Goals missed are reported, not
 * failures. A reference that fails is a note, not a failure: servq's own cases decide the code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Command, InvalidArgumentError } from 'commander';
import { findGnuTime } from '../measure-process.js';
import { DEFAULT_SERVER_URL, redactUrl } from '../server-database.js';
import type { AnalysisBenchCase } from './bench-case.js';
import { runAnalyzeAtScale, type AnalyzeScaleOptions, type AnalyzeScaleReport, type ScaleDatabase } from './analyze-scale.js';
import { formatAnalyzeScaleReport } from './analyze-scale-report.js';
import { REFERENCE_CALLS } from './scale-data.js';
import { runTextPart, TEXT_PART, type TextPartOutcome } from '../text/text-part.js';

interface CaseModule {
  readonly cases: readonly AnalysisBenchCase[];
}

/** Every case module, listed explicitly (add a new `<group>-cases.ts` here). */
const CASE_MODULES: readonly { readonly group: string; readonly load: () => Promise<CaseModule> }[] = [
  { group: 'descriptive', load: () => import('./descriptive-cases.js') },
  { group: 'tests', load: () => import('./tests-cases.js') },
  { group: 'rank', load: () => import('./rank-cases.js') },
  { group: 'erlang', load: () => import('./erlang-cases.js') },
  { group: 'stl', load: () => import('./stl-cases.js') },
  { group: 'holt-winters', load: () => import('./holt-winters-cases.js') },
  { group: 'kmeans', load: () => import('./kmeans-cases.js') },
  { group: 'cart', load: () => import('./cart-cases.js') },
  { group: 'key-drivers', load: () => import('./key-drivers-cases.js') },
];

/** Warm-up: calls until this much time has been spent (at least one call), in every language. */
const WARMUP_SECONDS = 0.5;
/** A timed sample makes ⌈MIN_SAMPLE_SECONDS ÷ fastest warm-up call⌉ calls, so sub-millisecond work is measurable. */
const MIN_SAMPLE_SECONDS = 0.02;
/** The goal: servq within 2× of the reference implementation's time. */
const GOAL_RATIO = 2;
/** Width of the case-name column; longer names wrap. */
const NAME_WIDTH = 58;

interface BenchOptions {
  readonly only?: string;
  readonly repeat: number;
  readonly json?: string;
  /** `--no-reference` sets this to false. */
  readonly reference: boolean;
  readonly smoke: boolean;
  readonly pythonBin: string;
  readonly rscriptBin: string;
  readonly referenceThreads?: number;
  readonly referenceTimeout: number;
  /** `--no-analyze` sets this to false. */
  readonly analyze: boolean;
  readonly analyzeCalls: number;
  readonly analyzeScales: readonly number[];
  readonly analyzeEmbeddedCalls: number;
  readonly analyzeEmbeddedScales: readonly number[];
  readonly analyzeDatabases: readonly ScaleDatabase[];
  readonly analyzeAnalyses?: readonly string[];
  readonly analyzeExplain: number;
  readonly analyzeCountRounds: number;
  readonly analyzeServerOptions?: string;
  readonly analyzeSetupSql?: string;
  /** `--no-analyze-vacuum` sets this to false. */
  readonly analyzeVacuum: boolean;
  readonly analyzeKeep: boolean;
  readonly serverUrl: string;
  /** `--no-text` sets this to false. */
  readonly text: boolean;
  readonly textRows?: number;
}

/** The name `--only` is matched against to select the analysis-at-scale part (e.g. `--only analyze`). */
const ANALYZE_PART = 'analyze at scale';
/**
 * PGlite's 1× size: the issue's (2M calls, as the server's 1×). Generated beside the server's data on the other
 * core (278–350 s here, rollups included), its analyses and set ~35 s each. (It was 500k while PGlite's analyses
 * took 11 min at 2M.)
 */
const EMBEDDED_CALLS = 2_000_000;
/** `--smoke`: the part at this size, on PGlite only, once. */
const SMOKE_CALLS = 20_000;

/** Per-call timing of one implementation: K samples, each the mean of `callsPerSample` calls. */
interface Timing {
  readonly setupSeconds: number;
  readonly warmupCalls: number;
  readonly callsPerSample: number;
  readonly sampleSeconds: readonly number[];
  readonly minSeconds: number;
  readonly medianSeconds: number;
}

type ReferenceKind = 'python' | 'r';

/** A reference run: its timing, or why there is none. */
type ReferenceOutcome =
  | { readonly status: 'ok'; readonly timing: Timing }
  | { readonly status: 'unavailable' | 'error'; readonly reason: string };

interface CaseReport {
  readonly group: string;
  readonly name: string;
  readonly status: 'ok' | 'FAIL';
  readonly error?: string;
  /** Smoke: setup and one cold call; full run: the timed samples. */
  readonly servq?: Timing;
  readonly references: Partial<Record<ReferenceKind, ReferenceOutcome>>;
  /** servq median ÷ the fastest successful reference median. */
  readonly ratio?: number;
  readonly ratioAgainst?: ReferenceKind;
  readonly verdict: 'ok' | 'SLOW' | 'FAIL' | '–';
  readonly notes: readonly string[];
}

interface Unavailable {
  readonly available: false;
  readonly reason: string;
}

interface ReferenceTools {
  /** Library versions (numpy, scipy, sklearn, statsmodels) of the Python that runs the cases. */
  readonly python: { readonly available: true; readonly versions: Record<string, string> } | Unavailable;
  /** `R.version.string`. */
  readonly r: { readonly available: true; readonly version: string } | Unavailable;
}

// ───────────────────────────────────────────── 1. options and machine facts

function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError(`expected a positive integer, got ${value}`);
  }
  return parsed;
}

function parseScales(value: string): number[] {
  const scales = value.split(',').map((v) => Number(v.trim()));
  if (scales.some((x) => !Number.isSafeInteger(x) || x < 1) || scales[0] !== 1) {
    throw new InvalidArgumentError(`expected whole multiples starting with 1 (e.g. 1,3), got ${value}`);
  }
  return [...new Set(scales)].sort((a, b) => a - b);
}

function parseDatabases(value: string): ScaleDatabase[] {
  const list = value.split(',').map((v) => v.trim());
  if (list.length === 0 || list.some((v) => v !== 'server' && v !== 'embedded')) {
    throw new InvalidArgumentError(`expected server, embedded or both (comma-separated), got ${value}`);
  }
  return list as ScaleDatabase[];
}

function parseNonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, got ${value}`);
  return parsed;
}

function parseOptions(argv: readonly string[]): BenchOptions {
  const program = new Command()
    .name('npm run bench:analysis --')
    .description(
      "Times servq's analysis functions (bench/analysis/*-cases.ts) beside SciPy / scikit-learn / statsmodels " +
        '(Debian python3) and R in the same run; prints servq ÷ reference against the 2× goal.',
    )
    .option('--only <text>', 'run only cases whose "<group>: <name>" contains this text (case-insensitive)')
    .option('--repeat <k>', 'timed samples per implementation (min / median)', parsePositiveInteger, 5)
    .option('--json <file>', 'also write the results as JSON to this file')
    .option('--no-reference', 'skip the Python and R references')
    .option('--smoke', 'CI check: setup and one cold run per case, no reference, no timing claims', false)
    .option('--python-bin <path>', 'Python with numpy and scipy (Debian\'s, not pyenv\'s)', '/usr/bin/python3')
    .option('--rscript-bin <path>', 'Rscript of the R reference', 'Rscript')
    .option('--reference-threads <n>', 'OMP/OpenBLAS/MKL threads of the references (default: their own)',
      parsePositiveInteger)
    .option('--reference-timeout <seconds>', 'give up on one reference process after this long',
      parsePositiveInteger, 900)
    .option('--no-analyze', `skip the analysis-at-scale part ("${ANALYZE_PART}"; --only analyze runs it alone)`)
    .option('--analyze-calls <n>', 'at scale: calls at 1× on the server (surveys ½, complaints ⅒ of it)', parsePositiveInteger, REFERENCE_CALLS)
    .option('--analyze-scales <list>', 'at scale: sizes measured on the server, multiples of 1× (growth by copies)', parseScales, [1, 3])
    .option('--analyze-embedded-calls <n>', 'at scale: calls at 1× on PGlite', parsePositiveInteger, EMBEDDED_CALLS)
    .option('--analyze-embedded-scales <list>', 'at scale: sizes measured on PGlite', parseScales, [1])
    .option('--analyze-databases <list>', 'at scale: server, embedded or both', parseDatabases, ['server', 'embedded'])
    .option('--analyze-analyses <names>', 'at scale: only these analyses (comma-separated; default every one in ANALYSES)',
      (v: string) => v.split(',').map((x) => x.trim()).filter((x) => x !== ''))
    .option('--analyze-explain <n>', 'at scale: EXPLAIN (ANALYZE, BUFFERS) the N slowest statements per database and size',
      parseNonNegativeInteger, 3)
    .option('--analyze-count-rounds <k>', 'at scale: count(*) baseline rounds before the analyses (and again after)',
      parsePositiveInteger, 3)
    .option('--analyze-server-options <pgoptions>', 'at scale, what-if: PGOPTIONS of the measured server processes (e.g. "-c jit=off")')
    .option('--analyze-setup-sql <file>', 'at scale, what-if: repeatable SQL run on each database after generation (e.g. another view definition)')
    .option('--no-analyze-vacuum', 'at scale: measure right after loading, without VACUUM (ANALYZE) (PGlite has no autovacuum)')
    .option('--analyze-keep', 'at scale: keep the generated databases (names printed)', false)
    .option('--server-url <url>', 'at scale: PostgreSQL server (needs CREATEDB); default BENCH_DATABASE_URL, else ' + DEFAULT_SERVER_URL,
      process.env['BENCH_DATABASE_URL'] ?? DEFAULT_SERVER_URL)
    .option('--no-text', `skip the text part ("${TEXT_PART}"; --only text runs it alone)`)
    .option('--text-rows <n>', 'text part: descriptions per round (default 200000)', parsePositiveInteger)
    .showHelpAfterError();
  program.parse([...argv], { from: 'node' });
  return program.opts<BenchOptions>();
}

function machineInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryMB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    date: new Date().toISOString(),
  };
}

/** The environment of the reference processes (thread counts pinned when asked). */
function referenceEnv(options: BenchOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.referenceThreads !== undefined) {
    for (const name of ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS']) {
      env[name] = String(options.referenceThreads);
    }
  }
  return env;
}

const PYTHON_PROBE = `
import json, importlib
v = {}
for m in ['numpy', 'scipy', 'sklearn', 'statsmodels']:
    try:
        v[m] = importlib.import_module(m).__version__
    except Exception:
        pass
print(json.dumps(v))
`;

function findReferenceTools(options: BenchOptions, env: NodeJS.ProcessEnv): ReferenceTools {
  const py = spawnSync(options.pythonBin, ['-c', PYTHON_PROBE], { encoding: 'utf8', env, timeout: 60_000 });
  const versions = py.error === undefined
    ? (safeJson(py.stdout.trim()) as Record<string, string> | undefined)
    : undefined;
  let python: ReferenceTools['python'];
  if (py.error !== undefined) {
    python = { available: false, reason: `${options.pythonBin}: ${py.error.message}` };
  } else if (versions?.['numpy'] === undefined || versions['scipy'] === undefined) {
    const reason = `${options.pythonBin} has no numpy/scipy (Debian: apt-get install python3-scipy)`;
    python = { available: false, reason };
  } else {
    python = { available: true, versions };
  }
  const rs = spawnSync(options.rscriptBin, ['-e', 'cat(R.version.string)'], { encoding: 'utf8', env, timeout: 60_000 });
  let r: ReferenceTools['r'];
  if (rs.error !== undefined) {
    r = { available: false, reason: `${options.rscriptBin}: ${rs.error.message}` };
  } else if (rs.status !== 0) {
    r = { available: false, reason: `${options.rscriptBin} exited ${String(rs.status)}: ${lastLine(rs.stderr)}` };
  } else {
    r = { available: true, version: rs.stdout.trim() };
  }
  return { python, r };
}

// ───────────────────────────────────────────── 2. cases

interface LoadedCase {
  readonly group: string;
  readonly benchCase: AnalysisBenchCase;
}

async function loadCases(only: string | undefined): Promise<{ cases: LoadedCase[]; failures: CaseReport[] }> {
  const cases: LoadedCase[] = [];
  const failures: CaseReport[] = [];
  const needle = only?.toLowerCase();
  for (const { group, load } of CASE_MODULES) {
    let module: CaseModule;
    try {
      module = await load();
      if (!Array.isArray(module.cases)) throw new TypeError(`${group}-cases.js exports no \`cases\` array`);
    } catch (error) {
      failures.push(failedCase(group, `${group}-cases.js (import)`, error, []));
      continue;
    }
    for (const benchCase of module.cases) {
      const selected = needle === undefined || `${group}: ${benchCase.name}`.toLowerCase().includes(needle);
      if (selected) cases.push({ group, benchCase });
    }
  }
  return { cases, failures };
}

// ───────────────────────────────────────────── 3. servq timing

/** Results of `run` go here so no call can be optimised away. */
let sink: unknown;

/** `global.gc` without a command-line flag: called between cases and before timing, never inside a sample. */
const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // not fatal: timings are a little noisier without it
  }
  return () => undefined;
})();

/** One call of `run`, in seconds. */
function timeOneCall(run: AnalysisBenchCase['run'], input: unknown): number {
  const start = performance.now();
  sink = run(input);
  return (performance.now() - start) / 1000;
}

function timeServq(benchCase: AnalysisBenchCase, repeat: number, notes: string[]): Timing {
  const setupStart = performance.now();
  const input = benchCase.setup();
  const setupSeconds = (performance.now() - setupStart) / 1000;
  collectGarbage();

  let spent = 0;
  let fastest = Infinity;
  let warmupCalls = 0;
  while (warmupCalls === 0 || spent < WARMUP_SECONDS) {
    const seconds = timeOneCall(benchCase.run, input);
    spent += seconds;
    fastest = Math.min(fastest, seconds);
    warmupCalls++;
  }
  checkResult(sink, notes);
  const callsPerSample = callsFor(fastest);
  collectGarbage();

  const sampleSeconds: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const start = performance.now();
    for (let c = 0; c < callsPerSample; c++) sink = benchCase.run(input);
    sampleSeconds.push((performance.now() - start) / 1000 / callsPerSample);
  }
  return summarize(setupSeconds, warmupCalls, callsPerSample, sampleSeconds);
}

function smokeServq(benchCase: AnalysisBenchCase, notes: string[]): Timing {
  const setupStart = performance.now();
  const input = benchCase.setup();
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const seconds = timeOneCall(benchCase.run, input);
  checkResult(sink, notes);
  return summarize(setupSeconds, 0, 1, [seconds]);
}

/** The same rule as the Python and R harnesses below. */
function callsFor(fastestSeconds: number): number {
  return fastestSeconds > 0 ? Math.max(1, Math.ceil(MIN_SAMPLE_SECONDS / fastestSeconds)) : 1000;
}

/** A case whose result is not 'ok' measures an early exit, not the computation: say so. */
function checkResult(result: unknown, notes: string[]): void {
  if (result instanceof Promise) notes.push('run returned a Promise: the bench times synchronous work only');
  else if (typeof result === 'object' && result !== null && 'status' in result && result.status !== 'ok') {
    const reason = 'reason' in result ? `: ${String(result.reason)}` : '';
    notes.push(`servq returned status '${String(result.status)}'${reason}`);
  }
}

function summarize(
  setupSeconds: number,
  warmupCalls: number,
  callsPerSample: number,
  sampleSeconds: readonly number[],
): Timing {
  const sorted = [...sampleSeconds].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { setupSeconds, warmupCalls, callsPerSample, sampleSeconds, minSeconds: sorted[0]!, medianSeconds: median };
}

// ───────────────────────────────────────────── 4. references

/**
 * Python harness: runs the case source in its own namespace (data built there, not timed), then warms up and
 * samples `work()` by the rule of the servq side. argv: source path, K, warm-up seconds, minimum sample seconds.
 */
const PYTHON_HARNESS = `
import json, math, sys, time

def main():
    path, repeat, warmup, min_sample = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    with open(path, encoding='utf-8') as f:
        source = f.read()
    namespace = {'__name__': '__bench_case__'}
    start = time.perf_counter()
    exec(compile(source, 'case.py', 'exec'), namespace)
    setup = time.perf_counter() - start
    work = namespace.get('work')
    if not callable(work):
        raise SystemExit('the Python source defines no work()')
    spent, fastest, calls = 0.0, math.inf, 0
    while calls == 0 or spent < warmup:
        start = time.perf_counter()
        work()
        seconds = time.perf_counter() - start
        spent += seconds
        fastest = min(fastest, seconds)
        calls += 1
    per_sample = max(1, math.ceil(min_sample / fastest)) if fastest > 0 else 1000
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(per_sample):
            work()
        samples.append((time.perf_counter() - start) / per_sample)
    print('BENCH_RESULT ' + json.dumps({'setupSeconds': setup, 'warmupCalls': calls,
                                        'callsPerSample': per_sample, 'sampleSeconds': samples}))

main()
`;

/** R harness: the same protocol; `Sys.time()` differences keep microseconds (proc.time() has milliseconds). */
const R_HARNESS = `
local({
  args <- commandArgs(trailingOnly = TRUE)
  path <- args[1]; repeat_k <- as.integer(args[2]); warmup <- as.numeric(args[3]); min_sample <- as.numeric(args[4])
  now <- function() as.numeric(Sys.time())
  env <- new.env(parent = globalenv())
  start <- now()
  source(path, local = env)
  setup <- now() - start
  work <- get0("work", envir = env, inherits = FALSE)
  if (!is.function(work)) stop("the R source defines no work()")
  spent <- 0; fastest <- Inf; calls <- 0L
  while (calls == 0L || spent < warmup) {
    start <- now(); work(); seconds <- now() - start
    spent <- spent + seconds; fastest <- min(fastest, seconds); calls <- calls + 1L
  }
  per_sample <- if (fastest > 0) max(1, ceiling(min_sample / fastest)) else 1000
  samples <- numeric(repeat_k)
  for (k in seq_len(repeat_k)) {
    start <- now()
    for (j in seq_len(per_sample)) work()
    samples[k] <- (now() - start) / per_sample
  }
  cat(sprintf('BENCH_RESULT {"setupSeconds":%.17g,"warmupCalls":%d,"callsPerSample":%d,"sampleSeconds":[%s]}\\n',
              setup, calls, as.integer(per_sample), paste(sprintf("%.17g", samples), collapse = ",")))
})
`;

interface ReferenceRun {
  readonly kind: ReferenceKind;
  readonly source: string;
  readonly repeat: number;
  readonly options: BenchOptions;
  readonly env: NodeJS.ProcessEnv;
  readonly tempDir: string;
}

function runReference({ kind, source, repeat, options, env, tempDir }: ReferenceRun): ReferenceOutcome {
  const casePath = join(tempDir, kind === 'python' ? 'case.py' : 'case.R');
  const harnessPath = join(tempDir, kind === 'python' ? 'harness.py' : 'harness.R');
  writeFileSync(casePath, source);
  writeFileSync(harnessPath, kind === 'python' ? PYTHON_HARNESS : R_HARNESS);
  const command = kind === 'python' ? options.pythonBin : options.rscriptBin;
  const args = [harnessPath, casePath, String(repeat), String(WARMUP_SECONDS), String(MIN_SAMPLE_SECONDS)];
  const child = spawnSync(command, args, {
    encoding: 'utf8', env, timeout: options.referenceTimeout * 1000, maxBuffer: 64 * 2 ** 20,
  });
  if (child.error !== undefined) {
    const timedOut = (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    const reason = timedOut ? `timed out after ${options.referenceTimeout} s` : child.error.message;
    return { status: 'error', reason };
  }
  const line = child.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (child.status !== 0 || line === undefined) {
    const output = lastLine(child.stderr) || lastLine(child.stdout);
    return { status: 'error', reason: `exit ${String(child.status ?? child.signal)}: ${output}` };
  }
  const parsed = safeJson(line.slice('BENCH_RESULT '.length)) as
    | { setupSeconds: number; warmupCalls: number; callsPerSample: number; sampleSeconds: number[] }
    | undefined;
  if (parsed === undefined || !Array.isArray(parsed.sampleSeconds) || parsed.sampleSeconds.length === 0) {
    return { status: 'error', reason: `unreadable harness output: ${line.slice(0, 200)}` };
  }
  const timing = summarize(parsed.setupSeconds, parsed.warmupCalls, parsed.callsPerSample, parsed.sampleSeconds);
  return { status: 'ok', timing };
}

/** Stages 3 and 4 for one case: servq's timing (or, in smoke mode, one cold call), then its references. */
function runCase(
  group: string,
  benchCase: AnalysisBenchCase,
  options: BenchOptions,
  tools: ReferenceTools | undefined,
  env: NodeJS.ProcessEnv,
  tempDir: string,
): CaseReport {
  const notes: string[] = [];
  let servq: Timing;
  try {
    servq = options.smoke ? smokeServq(benchCase, notes) : timeServq(benchCase, options.repeat, notes);
  } catch (error) {
    return failedCase(group, benchCase.name, error, notes);
  }
  collectGarbage(); // the input is garbage now: free it before a reference process needs the memory
  const references: Partial<Record<ReferenceKind, ReferenceOutcome>> = {};
  if (tools !== undefined) {
    for (const kind of ['python', 'r'] as const) {
      const source = kind === 'python' ? benchCase.python : benchCase.r;
      if (source === undefined) continue;
      const tool = tools[kind];
      const outcome: ReferenceOutcome = tool.available
        ? runReference({ kind, source, repeat: options.repeat, options, env, tempDir })
        : { status: 'unavailable', reason: tool.reason };
      references[kind] = outcome;
      if (outcome.status === 'error') notes.push(`${REFERENCE_LABEL[kind]} reference failed: ${outcome.reason}`);
      const msg = outcome.status === 'ok' ? `${formatMs(outcome.timing.medianSeconds)} ms` : outcome.status;
      process.stderr.write(`    servq ${formatMs(servq.medianSeconds)} ms · ${REFERENCE_LABEL[kind]} ${msg}\n`);
    }
  }
  let best: { kind: ReferenceKind; seconds: number } | undefined;
  for (const kind of ['python', 'r'] as const) {
    const outcome = references[kind];
    if (outcome?.status === 'ok' && (best === undefined || outcome.timing.medianSeconds < best.seconds)) {
      best = { kind, seconds: outcome.timing.medianSeconds };
    }
  }
  const ratio = best === undefined || options.smoke ? undefined : servq.medianSeconds / best.seconds;
  return {
    group,
    name: benchCase.name,
    status: 'ok',
    servq,
    references,
    ...(ratio === undefined || best === undefined ? {} : { ratio, ratioAgainst: best.kind }),
    verdict: ratio === undefined ? '–' : ratio <= GOAL_RATIO ? 'ok' : 'SLOW',
    notes,
  };
}

// ───────────────────────────────────────────── 5. report

const REFERENCE_LABEL: Record<ReferenceKind, string> = { python: 'Python', r: 'R' };

/** Milliseconds with three significant digits, no exponent. */
function formatMs(seconds: number): string {
  const ms = seconds * 1000;
  if (ms >= 1000) return Math.round(ms).toLocaleString('en-US');
  if (ms >= 0.001) return ms.toPrecision(3);
  return ms.toExponential(1);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], groups: readonly string[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === 0 ? 0 : (row[i] ?? '').length))));
  widths[0] = NAME_WIDTH;
  const pad = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [pad(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  let group: string | undefined;
  rows.forEach((row, r) => {
    if (groups[r] !== group) {
      group = groups[r];
      out.push(`[${group ?? ''}]`);
    }
    const nameLines = wrap(row[0] ?? '', NAME_WIDTH - 2).map((l) => `  ${l}`);
    out.push(pad([nameLines[0] ?? '', ...row.slice(1)]));
    for (const extra of nameLines.slice(1)) out.push(extra);
  });
  return out.join('\n');
}

function referenceCell(outcome: ReferenceOutcome | undefined): string {
  if (outcome === undefined || outcome.status === 'unavailable') return '–';
  return outcome.status === 'ok' ? formatMs(outcome.timing.medianSeconds) : 'ERR';
}

function fullTable(reports: readonly CaseReport[]): string {
  const header = ['case (ms per call)', 'servq min', 'servq median', 'Python median', 'R median', 'ratio', 'verdict'];
  const rows = reports.map((report) => {
    const both = report.references.python?.status === 'ok' && report.references.r?.status === 'ok';
    let ratio = '–';
    if (report.ratio !== undefined) {
      ratio = report.ratio >= 0.1 ? report.ratio.toFixed(2) : report.ratio.toPrecision(2);
      if (both && report.ratioAgainst !== undefined) ratio += ` (${REFERENCE_LABEL[report.ratioAgainst]})`;
    }
    return [
      report.name,
      report.servq === undefined ? '–' : formatMs(report.servq.minSeconds),
      report.servq === undefined ? '–' : formatMs(report.servq.medianSeconds),
      referenceCell(report.references.python),
      referenceCell(report.references.r),
      ratio,
      report.verdict,
    ];
  });
  return table(header, rows, reports.map((r) => r.group));
}

function smokeTable(reports: readonly CaseReport[]): string {
  const header = ['case (ms)', 'setup', 'one cold run', 'status'];
  const rows = reports.map((report) => [
    report.name,
    report.servq === undefined ? '–' : formatMs(report.servq.setupSeconds),
    report.servq === undefined ? '–' : formatMs(report.servq.medianSeconds),
    report.status,
  ]);
  return table(header, rows, reports.map((r) => r.group));
}

/** Stage 1 as printed: machine, protocol, reference tools. */
function headerLines(
  options: BenchOptions,
  machine: Record<string, unknown>,
  tools: ReferenceTools | undefined,
): string[] {
  const lines = [
    options.smoke
      ? 'servq analysis benchmark — SMOKE (one cold run per case, no reference, no timing claims)'
      : 'servq analysis benchmark',
    `machine: ${String(machine['cores'])} cores (${String(machine['cpuModel'])}), ${String(machine['memoryMB'])} MB, ` +
      `Node ${process.version}, load average ${(machine['loadAverage'] as number[]).join(' ')} (1/5/15 min)`,
  ];
  if (options.smoke) return lines;
  lines.push(
    `protocol: warm-up ${WARMUP_SECONDS} s (≥ 1 call), then ${options.repeat} samples of ` +
      `≥ ${MIN_SAMPLE_SECONDS * 1000} ms (several calls when one is faster); times are per call; ` +
      'the same rule in Python and R',
  );
  if (tools === undefined) return [...lines, 'references: skipped (--no-reference)'];
  const versions = tools.python.available
    ? Object.entries(tools.python.versions).map(([name, version]) => `${name} ${version}`).join(', ')
    : '';
  lines.push(tools.python.available
    ? `Python reference: ${options.pythonBin} — ${versions}`
    : `Python reference: unavailable (${tools.python.reason})`);
  lines.push(tools.r.available ? `R reference: ${tools.r.version}` : `R reference: unavailable (${tools.r.reason})`);
  const threads = options.referenceThreads === undefined
    ? `library defaults (OMP_NUM_THREADS=${process.env['OMP_NUM_THREADS'] ?? 'unset'})`
    : String(options.referenceThreads);
  lines.push(`reference threads: ${threads}; servq is single-threaded`);
  return lines;
}

/** The table, the notes and (smoke) the totals. */
function reportText(
  options: BenchOptions,
  reports: readonly CaseReport[],
  caseCount: number,
  totalSeconds: number,
): string {
  const notes: string[] = [];
  for (const report of reports) {
    if (report.error !== undefined) notes.push(`FAIL ${report.group}: ${report.name}: ${report.error}`);
    for (const note of report.notes) notes.push(`${report.group}: ${report.name}: ${note}`);
  }
  const compared = reports.filter((r) => r.verdict === 'ok' || r.verdict === 'SLOW').length;
  if (compared > 0) {
    const slow = reports.filter((r) => r.verdict === 'SLOW').length;
    notes.push('ratio = servq median ÷ reference median (the faster reference when a case has both); ' +
      `goal ≤ ${GOAL_RATIO}: ${compared - slow} of ${compared} compared cases ok`);
  }
  notes.push(`load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; ` +
    `total ${totalSeconds.toFixed(1)} s for ${caseCount} case(s)`);
  const text = [options.smoke ? smokeTable(reports) : fullTable(reports), '', ...notes.map((n) => `note: ${n}`)];
  if (options.smoke) {
    const runSeconds = reports.reduce((sum, r) => sum + (r.servq?.medianSeconds ?? 0), 0);
    const setupSeconds = reports.reduce((sum, r) => sum + (r.servq?.setupSeconds ?? 0), 0);
    const ran = reports.filter((r) => r.status === 'ok').length;
    const importFailures = reports.filter((r) => r.status === 'FAIL' && r.name.endsWith('(import)'));
    text.push(`smoke: ${ran} of ${caseCount} case(s) ran` +
      `${importFailures.length > 0 ? `, ${importFailures.length} module(s) failed to import` : ''}; ` +
      `run ${runSeconds.toFixed(1)} s + setup ${setupSeconds.toFixed(1)} s, total ${totalSeconds.toFixed(1)} s`);
  }
  return `${text.join('\n')}\n`;
}

// ───────────────────────────────────────────── main

async function main(argv: readonly string[]): Promise<number> {
  const startedAt = performance.now();
  // 1. Options, machine facts, reference tools.
  const options = parseOptions(argv);
  const machine = machineInfo();
  const env = referenceEnv(options);

  // 2. Cases; and whether the analysis-at-scale part is selected.
  const { cases, failures } = await loadCases(options.only);
  const atScale = options.analyze && (options.only === undefined || ANALYZE_PART.includes(options.only.toLowerCase()));
  const atText = options.text && (options.only === undefined || TEXT_PART.includes(options.only.toLowerCase()));
  if (cases.length === 0 && failures.length === 0 && !atScale && !atText) {
    process.stderr.write(`no case matches --only ${JSON.stringify(options.only ?? '')}\n`);
    return 1;
  }
  const tools = options.reference && !options.smoke && cases.length > 0 ? findReferenceTools(options, env) : undefined;
  // Without cases (--only analyze) the protocol and reference lines say nothing: title and machine only.
  const header = headerLines(options, machine, tools);
  process.stdout.write(`${(cases.length > 0 ? header : header.slice(0, 2)).join('\n')}\n\n`);

  // 3–4. Each case: servq, then its references.
  const tempDir = mkdtempSync(join(os.tmpdir(), 'servq-analysis-bench-'));
  const reports: CaseReport[] = [...failures];
  try {
    for (const [index, { group, benchCase }] of cases.entries()) {
      process.stderr.write(`[${index + 1}/${cases.length}] ${group}: ${benchCase.name}\n`);
      reports.push(runCase(group, benchCase, options, tools, env, tempDir));
      collectGarbage();
    }
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }

  // 5. Report, in CASE_MODULES order (a module that failed to import in its place).
  const moduleOrder = (group: string): number => CASE_MODULES.findIndex((m) => m.group === group);
  reports.sort((a, b) => moduleOrder(a.group) - moduleOrder(b.group));
  if (cases.length > 0 || failures.length > 0) {
    process.stdout.write(reportText(options, reports, cases.length, (performance.now() - startedAt) / 1000));
  }

  // 5b. Text: segmentation and classification speed.
  let textPart: TextPartOutcome | undefined;
  if (atText) {
    process.stderr.write(`${TEXT_PART}…\n`);
    textPart = runTextPart({ smoke: options.smoke, ...(options.textRows === undefined ? {} : { rows: options.textRows }) });
    process.stdout.write(`${cases.length > 0 || failures.length > 0 ? '\n' : ''}${textPart.text}`);
  }

  // 6. Analyze at scale.
  let scaleReport: AnalyzeScaleReport | undefined;
  if (atScale) {
    process.stderr.write(`${ANALYZE_PART}…\n`);
    scaleReport = await runAnalyzeAtScale(await analyzeScaleOptions(options));
    process.stdout.write(`\n${formatAnalyzeScaleReport(scaleReport)}`);
  }
  const totalSeconds = (performance.now() - startedAt) / 1000;
  if (options.json !== undefined) {
    const jsonPath = resolve(options.json);
    const result = {
      benchmark: 'servq analysis',
      mode: options.smoke ? 'smoke' : 'full',
      machine,
      options: {
        only: options.only ?? null,
        repeat: options.repeat,
        reference: tools !== undefined,
        referenceThreads: options.referenceThreads ?? null,
        warmupSeconds: WARMUP_SECONDS,
        minSampleSeconds: MIN_SAMPLE_SECONDS,
      },
      references: tools ?? null,
      cases: reports,
      text: textPart === undefined ? null : (textPart.report ?? { error: textPart.error }),
      analyzeAtScale: scaleReport === undefined ? null : { ...scaleReport, options: { ...scaleReport.options, serverUrl: redactUrl(scaleReport.options.serverUrl) } },
      loadAverageAtEnd: os.loadavg(),
      totalSeconds,
    };
    await mkdir(dirname(jsonPath), { recursive: true });
    await writeFile(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`results written to ${jsonPath}\n`);
  }
  const scaleFailed = scaleReport !== undefined &&
    scaleReport.measurements.some((m) => m.run === null || m.run.analyses.some((a) => a.error !== null));
  const textFailed = textPart !== undefined && textPart.error !== null;
  return reports.some((r) => r.status === 'FAIL') || scaleFailed || textFailed ? 1 : 0;
}

/** The options of stage 6; `--smoke` makes it a small check on PGlite (every analysis runs, no timing claim). */
async function analyzeScaleOptions(options: BenchOptions): Promise<AnalyzeScaleOptions> {
  const common = {
    serverUrl: options.serverUrl,
    gnuTimePath: await findGnuTime(),
    vacuum: options.analyzeVacuum,
    keep: options.analyzeKeep,
    smoke: options.smoke,
    ...(options.analyzeAnalyses === undefined ? {} : { analyses: options.analyzeAnalyses }),
    ...(options.analyzeServerOptions === undefined ? {} : { serverOptions: options.analyzeServerOptions }),
    ...(options.analyzeSetupSql === undefined ? {} : { setupSql: resolve(options.analyzeSetupSql) }),
  };
  if (options.smoke) {
    return { ...common, serverCalls: SMOKE_CALLS, embeddedCalls: SMOKE_CALLS, serverScales: [1], embeddedScales: [1], databases: ['embedded'], explain: 0, countRounds: 1 };
  }
  return {
    ...common,
    serverCalls: options.analyzeCalls,
    embeddedCalls: options.analyzeEmbeddedCalls,
    serverScales: options.analyzeScales,
    embeddedScales: options.analyzeEmbeddedScales,
    databases: options.analyzeDatabases,
    explain: options.analyzeExplain,
    countRounds: options.analyzeCountRounds,
  };
}

function failedCase(group: string, name: string, error: unknown, notes: readonly string[]): CaseReport {
  return { group, name, status: 'FAIL', error: errorText(error), references: {}, verdict: 'FAIL', notes };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function lastLine(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 400);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

try {
  process.exitCode = await main(process.argv);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
}
