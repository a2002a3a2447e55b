/**
 * The raw limit of the embedded database, run as its own process by the benchmark:
 * `node dist/bench/pglite-raw-copy.js DIR FILE`.
 *
 * Creates PGlite with an on-disk data directory DIR, an all-text table with as many columns as FILE's
 * header, and loads FILE (UTF-8 CSV with a header) with `COPY … FROM '/dev/blob'`, PGlite's fastest bulk
 * path (no parsing or cleaning in JavaScript). Prints one JSON line
 * `{ rows, startSeconds, copySeconds, totalSeconds }` (seconds since process start) and exits 0, or prints
 * the error on stderr and exits 1. The benchmark times the whole process, start-up included, as it does servq.
 * The new directory is unpacked from the build's template when there is one, as servq's are
 * (src/db/pglite-template.ts), so both pay the same to create it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pgliteTemplatePath } from '../src/db/pglite-template.js';
import { allTextTableSql } from './server-database.js';

/** Counts the columns of a CSV header line (quoted header names with commas are not expected here). */
function headerColumnCount(buffer: Buffer): number {
  const end = buffer.indexOf(10);
  const header = buffer.subarray(0, end < 0 ? buffer.length : end).toString('utf8');
  return header.split(',').length;
}

async function main(argv: readonly string[]): Promise<number> {
  const [dataDir, file] = argv;
  if (dataDir === undefined || file === undefined) {
    process.stderr.write('usage: node dist/bench/pglite-raw-copy.js DATA_DIR CSV_FILE\n');
    return 2;
  }
  const processStartMs = performance.timeOrigin;
  const sinceStart = (): number => (Date.now() - processStartMs) / 1000;
  const template = pgliteTemplatePath();
  const db = await PGlite.create({ dataDir, ...(existsSync(template) ? { loadDataDir: new Blob([await readFile(template)]) } : {}) });
  const startSeconds = sinceStart();
  let buffer: Buffer | undefined = await readFile(file);
  const columnCount = headerColumnCount(buffer);
  const blob = new Blob([buffer]);
  // The Blob holds its own copy: let the file buffer go before PGlite copies the data into its heap.
  buffer = undefined;
  await db.exec(allTextTableSql('raw_calls', columnCount));
  const copyStartSeconds = sinceStart();
  const result = await db.query("COPY raw_calls FROM '/dev/blob' WITH (FORMAT csv, HEADER true)", [], { blob });
  const copySeconds = sinceStart() - copyStartSeconds;
  await db.close();
  const summary = { rows: result.affectedRows ?? 0, startSeconds, copySeconds, totalSeconds: sinceStart() };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`pglite-raw-copy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
