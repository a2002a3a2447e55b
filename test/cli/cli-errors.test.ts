/**
 * What a person sees when files are bad, through the built CLI in child processes (`npm run build` first: the
 * children run dist/): one line on stderr per failing file and exit 1, the `--json` contract, exit 2 for usage
 * errors, no stack trace unless `--debug`, `servq rejects BATCH --csv`, `servq batches --json`, and help.
 * On the embedded database and, when TEST_DATABASE_URL is set, on the server.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { tempFile } from '../helpers/files.js';
import { jsonLines, runServq, type Finished } from '../helpers/servq-process.js';
import { processTargets } from '../helpers/process-targets.js';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'bad');
/** The fields every `servq ingest --json` line carries. */
const RESULT_FIELDS = ['file', 'batchId', 'status', 'rowsRead', 'rowsLoaded', 'rowsRejected', 'rowsDuplicate', 'seconds'];

function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** Non-empty stderr lines. */
function errorLines(run: Finished): string[] {
  return run.stderr.split('\n').filter((line) => line.trim() !== '');
}

/** A stack frame line, as Node prints them. */
const STACK_FRAME = /^\s+at /m;

const TARGETS = processTargets('cli-errors');
const root = mkdtempSync(join(tmpdir(), 'servq-cli-errors-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface BatchLine {
  batchId: number;
  file: string;
  status: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsDuplicate: number;
  error: string | null;
}

describe.each(TARGETS)('servq CLI on bad files, $name', (target) => {
  let env: Record<string, string>;
  let gzipPath: string;
  const missing = join(root, 'no-such-dir', 'nope.csv');
  beforeAll(async () => {
    env = await target.fresh();
    gzipPath = tempFile('gzip.csv', gzipSync(readFileSync(fixture('no-trailing-newline.csv'))));
  });

  async function batches(): Promise<BatchLine[]> {
    const run = await runServq(['batches', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    return jsonLines(run.stdout) as unknown as BatchLine[];
  }

  it('a mixed run loads the good files, prints one stderr line per bad file, and exits 1', async () => {
    const run = await runServq(
      ['ingest', 'calls', fixture('ragged.csv'), fixture('duplicate-headers.csv'), gzipPath, fixture('injection.csv'), '--max-reject-rate', '1'],
      env,
    );
    expect(run.code).toBe(1);
    expect(errorLines(run)).toEqual([
      "servq: duplicate-headers.csv: the header 'team' appears twice (columns 4 and 5); rename one, or map them with --map FILE",
      'servq: gzip.csv: this looks like a gzip-compressed file; decompress it first (gunzip FILE)',
    ]);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    // The summary table names every file and its status.
    expect(run.stdout).toMatch(/^ragged\.csv +calls +loaded .* 5 +3 +2 +0 /m);
    expect(run.stdout).toMatch(/^duplicate-headers\.csv +calls +failed /m);
    // A refused non-text file is recorded as a failed batch too, so `servq batches` shows it.
    expect(run.stdout).toMatch(/^gzip\.csv +calls +failed +\d+ /m);
    expect(run.stdout).toMatch(/^injection\.csv +calls +loaded .* 5 +4 +1 +0 /m);
    expect(run.stdout).toMatch(/ragged\.csv: rejected ragged_row 2 — see: servq rejects \d+/);
    // The zone applied to offset-less times is said under the table when rows were read.
    expect(run.stdout).toMatch(/^Times without a UTC offset were read as \S+ time \(/m);
    const listed = await batches();
    expect(listed.filter((b) => b.status === 'loaded').map((b) => b.file).sort()).toEqual(['injection.csv', 'ragged.csv']);
    expect(listed.find((b) => b.file === 'ragged.csv')).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2, rowsDuplicate: 0, error: null });
    expect(listed.find((b) => b.file === 'duplicate-headers.csv')).toMatchObject({
      status: 'failed',
      rowsLoaded: 0,
      error: "the header 'team' appears twice (columns 4 and 5); rename one, or map them with --map FILE",
    });
  });

  it('--json prints one result object per file with the contract fields', async () => {
    const run = await runServq(['ingest', 'calls', fixture('no-trailing-newline.csv'), fixture('empty.csv'), missing, '--json'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(3);
    expect(run.stdout.trim().split('\n')).toHaveLength(3); // nothing else on stdout
    for (const line of lines) {
      for (const field of RESULT_FIELDS) expect(line, field).toHaveProperty(field);
      expect(line['rowsRead']).toBe(Number(line['rowsLoaded']) + Number(line['rowsRejected']) + Number(line['rowsDuplicate']));
      expect(typeof line['seconds']).toBe('number');
    }
    expect(lines[0]).toMatchObject({ file: 'no-trailing-newline.csv', status: 'loaded', rowsRead: 2, rowsLoaded: 2, rowsRejected: 0, rowsDuplicate: 0 });
    expect(lines[0]!['error'] ?? null).toBeNull();
    expect(typeof lines[0]!['batchId']).toBe('number');
    expect(lines[1]).toMatchObject({ file: 'empty.csv', status: 'failed', rowsRead: 0, rowsLoaded: 0, error: 'no rows: the file is empty or holds only blank lines' });
    expect(typeof lines[1]!['batchId']).toBe('number');
    expect(lines[2]).toMatchObject({ file: missing, status: 'failed', batchId: null, rowsRead: 0, error: 'no such file' });
  });

  it('a missing file fails with one line naming it', async () => {
    const run = await runServq(['ingest', 'calls', missing], env);
    expect(run.code).toBe(1);
    expect(errorLines(run)).toEqual([`servq: ${missing}: no such file`]);
    expect(run.stdout).not.toMatch(/Times without a UTC offset/);
  });

  it('an unknown kind exits 2, listing the kinds', async () => {
    const run = await runServq(['ingest', 'bogus', fixture('ragged.csv')], env);
    expect(run.code).toBe(2);
    expect(errorLines(run)).toEqual(["servq: unknown kind 'bogus'; expected one of: calls, surveys, complaints"]);
  });

  it('rejects BATCH --csv prints line_no,reasons,raw_text, quoting what needs it', async () => {
    const listed = await batches();
    const ragged = listed.find((b) => b.file === 'ragged.csv')!;
    const run = await runServq(['rejects', String(ragged.batchId), '--csv'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'line_no,reasons,raw_text',
        '3,9 fields where the header has 8 (extra columns),"R2,2026-01-05 09:01:00,phone,30,60,A01,T1,华东,EXTRA"',
        '4,5 fields where the header has 8 (missing columns),"R3,2026-01-05 09:02:00,phone,30,60"',
        '',
      ].join('\n'),
    );
    // Quotes, backslashes and an injection string survive the round trip through a CSV parser.
    const injection = listed.find((b) => b.file === 'injection.csv')!;
    const csv = await runServq(['rejects', String(injection.batchId), '--csv'], env);
    expect(csv.code, csv.stderr).toBe(0);
    const records = parse(csv.stdout) as string[][];
    expect(records[0]).toEqual(['line_no', 'reasons', 'raw_text']);
    expect(records).toHaveLength(2);
    expect(records[1]![0]).toBe('6');
    expect(records[1]![1]).toMatch(/^channel: unknown label ''; DROP TABLE contact; --'; known: /);
    expect(records[1]![2]).toBe("R1,2026-01-05 09:04:00,'; DROP TABLE contact; --,\\N,30,A01,<script>alert(1)</script>,\\.,C:\\temp\\new");
  });

  it('prints no stack trace unless --debug', async () => {
    const plain = await runServq(['rejects', '999999'], env);
    expect(plain.code).toBe(1);
    expect(errorLines(plain)).toEqual(['servq: no batch 999999; list them with servq batches']);
    const debug = await runServq(['--debug', 'rejects', '999999'], env);
    expect(debug.code).toBe(1);
    expect(errorLines(debug)[0]).toBe('servq: no batch 999999; list them with servq batches');
    expect(debug.stderr).toMatch(STACK_FRAME);
  });
});

describe('servq help', () => {
  it('servq --help and servq ingest --help exit 0 with usage', async () => {
    const env = { SERVQ_HOME: join(root, 'help-home'), SERVQ_DATA_DIR: join(root, 'help-pgdata') };
    const top = await runServq(['--help'], env);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^Usage: servq /m);
    expect(top.stdout).toMatch(/^ +ingest /m);
    const ingest = await runServq(['ingest', '--help'], env);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/^Usage: servq ingest \[options\] <kind> <files\.\.\.>/m);
    expect(ingest.stdout).toMatch(/--json/);
    expect(ingest.stdout).toMatch(/--max-reject-rate/);
  });
});
