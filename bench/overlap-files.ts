/**
 * The earlier batches of the overlap measurement: three small call logs (20, 3 and 10 rows) whose times fall
 * in the same days as the big file, as a user's earlier small exports would. Their rows are rows of the big
 * file spread evenly over it, each with its call id prefixed, so they overlap its time span without being
 * duplicates of its rows (the timed load must still load every row). Cached beside the data file.
 */
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Rows of the three earlier files. */
export const OVERLAP_FILE_ROWS = [20, 3, 10] as const;

/**
 * Writes (once) and returns the three earlier files for `utf8Path` of `rows` data rows.
 *
 * @example (await ensureOverlapFiles('bench-results/data/calls-1000000-s42-v2.csv', 1_000_000)).length // => 3
 */
export async function ensureOverlapFiles(utf8Path: string, rows: number): Promise<string[]> {
  const paths = OVERLAP_FILE_ROWS.map((n, i) => utf8Path.replace(/\.csv$/, `.overlap-${i + 1}-${n}.csv`));
  if (paths.every((p) => existsSync(p))) return paths;
  const total = OVERLAP_FILE_ROWS.reduce((a, b) => a + b, 0);
  const step = Math.max(1, Math.floor(rows / total));
  const picked: string[] = [];
  let header = '';
  let index = -1;
  const lines = createInterface({ input: createReadStream(utf8Path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (index === -1) header = line;
    else if (index % step === 0 && picked.length < total) picked.push(`OVERLAP-${line}`);
    index++;
  }
  let from = 0;
  OVERLAP_FILE_ROWS.forEach((n, i) => {
    writeFileSync(paths[i]!, `${[header, ...picked.slice(from, from + n)].join('\n')}\n`);
    from += n;
  });
  return paths;
}
