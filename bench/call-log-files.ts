/**
 * The benchmark's input files: the generated call log (UTF-8) and its GB18030 copy, cached in a folder
 * (`bench-results/data/`, gitignored) keyed by rows, seed and generator version, so repeated runs reuse them.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { GENERATOR_VERSION, generateCallLogChunks, type CallLogOptions } from './generate-calls-csv.js';

/** The generated files of one data set and their sizes. */
export interface CallLogFiles {
  readonly rows: number;
  readonly seed: number;
  readonly utf8Path: string;
  readonly utf8Bytes: number;
  /** Absent when the GB18030 copy was not asked for. */
  readonly gb18030Path?: string;
  readonly gb18030Bytes?: number;
  /** Wall seconds spent generating in this call (0 when both files came from the cache). */
  readonly generatedSeconds: number;
}

/** Size of a file in bytes, or undefined when it does not exist. */
async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/**
 * Returns the cached UTF-8 call log of `rows` rows and `seed` (and its GB18030 copy when asked), generating
 * whatever is missing. Files are written under a temporary name and renamed, so an interrupted run never
 * leaves a truncated file in the cache.
 *
 * @param dataDir cache directory (created if missing), e.g. `bench-results/data`
 * @param options rows and seed of the data set
 * @param withGb18030 also make the GB18030 copy (streamed through iconv-lite from the UTF-8 file)
 * @example
 * const files = await ensureCallLogFiles('bench-results/data', { rows: 1000, seed: 1 }, true);
 * files.gb18030Path
 * // => 'bench-results/data/calls-1000-seed1-g2.gb18030.csv'
 */
export async function ensureCallLogFiles(
  dataDir: string,
  options: CallLogOptions,
  withGb18030: boolean,
): Promise<CallLogFiles> {
  await mkdir(dataDir, { recursive: true });
  const stem = join(dataDir, `calls-${options.rows}-seed${options.seed}-g${GENERATOR_VERSION}`);
  const utf8Path = `${stem}.utf8.csv`;
  const gb18030Path = `${stem}.gb18030.csv`;
  const startedAt = performance.now();
  let generated = false;
  let utf8Bytes = await fileSize(utf8Path);
  if (utf8Bytes === undefined) {
    const temporary = `${utf8Path}.tmp-${process.pid}`;
    try {
      await pipeline(Readable.from(generateCallLogChunks(options)), createWriteStream(temporary));
      await rename(temporary, utf8Path);
    } finally {
      await rm(temporary, { force: true });
    }
    utf8Bytes = (await stat(utf8Path)).size;
    generated = true;
  }
  let gb18030Bytes: number | undefined;
  if (withGb18030) {
    gb18030Bytes = await fileSize(gb18030Path);
    if (gb18030Bytes === undefined) {
      const temporary = `${gb18030Path}.tmp-${process.pid}`;
      try {
        await pipeline(
          createReadStream(utf8Path, { highWaterMark: 1 << 20 }),
          iconv.decodeStream('utf8'),
          iconv.encodeStream('gb18030'),
          createWriteStream(temporary),
        );
        await rename(temporary, gb18030Path);
      } finally {
        await rm(temporary, { force: true });
      }
      gb18030Bytes = (await stat(gb18030Path)).size;
      generated = true;
    }
  }
  const generatedSeconds = generated ? (performance.now() - startedAt) / 1000 : 0;
  const base = { rows: options.rows, seed: options.seed, utf8Path, utf8Bytes, generatedSeconds };
  return gb18030Bytes === undefined ? base : { ...base, gb18030Path, gb18030Bytes };
}
