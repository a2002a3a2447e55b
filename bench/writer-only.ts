/**
 * `node dist/bench/writer-only.js FILE [--repeat K] [--out COPY.bin] [--kind calls]`: the JavaScript half of
 * `servq ingest` alone — probe, layout, then the streaming pass (scan → standardize → binary COPY rows) with no
 * database — so the two halves of a load can be measured apart. The whole-process benchmark (`npm run bench`)
 * stays the measure of speed; this tells which side limits it.
 *
 * Method: the same objects `runPass` uses (`CsvScanner` feeding `RowWriter`, input through `Utf8Window`), the
 * output chunks dropped (or, with `--out`, written with the binary COPY header and trailer, so
 * `psql -c "\copy <table> (<columns>) FROM 'COPY.bin' WITH (FORMAT binary)"` times PostgreSQL's half on the
 * very rows servq sends). Each repetition prints wall and CPU seconds of the pass, µs a row and rows/s; the
 * column list of the COPY is printed once. One process, so later repetitions run JIT-warm: read the first as
 * the cold figure a user sees.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { decideLayout, expectedRowsOf, type IngestOptions } from '../src/ingest/ingest-file.js';
import { probeFile } from '../src/ingest/probe.js';
import { CsvScanner } from '../src/ingest/csv-scanner.js';
import { RowWriter } from '../src/ingest/row-writer.js';
import { Utf8Window } from '../src/ingest/transcode.js';
import { VocabularyTables } from '../src/ingest/vocabulary-lookup.js';
import { ZoneOffsets } from '../src/ingest/zone-offsets.js';
import { KeyedHasher } from '../src/privacy/keyed-hash.js';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from '../src/db/schema.js';
import type { SourceKind } from '../src/ingest/fields.js';

interface Options {
  readonly file: string;
  readonly repeat: number;
  readonly out: string | undefined;
  readonly kind: SourceKind;
}

function parseArgs(argv: readonly string[]): Options {
  let file: string | undefined;
  let repeat = 3;
  let out: string | undefined;
  let kind: SourceKind = 'calls';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--repeat') repeat = Number(argv[++i]);
    else if (arg === '--out') out = argv[++i];
    else if (arg === '--kind') kind = argv[++i] as SourceKind;
    else file = arg;
  }
  if (file === undefined || !Number.isSafeInteger(repeat) || repeat < 1) {
    throw new RangeError('writer-only: usage: node dist/bench/writer-only.js FILE [--repeat K] [--out COPY.bin] [--kind calls|surveys|complaints]');
  }
  return { file, repeat, out, kind };
}

async function pass(o: Options, sink: ((chunk: Uint8Array) => Promise<void>) | undefined): Promise<{ rows: number; rejected: number; copySql: string; probeSeconds: number }> {
  const t0 = performance.now();
  // A fixed key: speed does not depend on it (the bench never stores what it computes).
  const hasher = new KeyedHasher(Buffer.alloc(32, 7));
  const ingest: IngestOptions = { kind: o.kind, hasher, timeZone: 'Asia/Shanghai', nowMs: Date.now() };
  const probe = await probeFile(o.file);
  const layout = decideLayout(probe, o.file, ingest);
  const probeSeconds = (performance.now() - t0) / 1000;
  const writer = new RowWriter({
    batchId: 1,
    plan: layout.plan,
    headerLine: layout.headerLine,
    dayOrder: 'DMY',
    dayOrderFixed: false,
    zone: new ZoneOffsets(ingest.timeZone),
    minEpochMs: Date.UTC(2000, 0, 1),
    maxEpochMs: ingest.nowMs + 86_400_000,
    hasher,
    vocabulary: new VocabularyTables(layout.profile),
    rejectReplacementChars: probe.hasInvalidBytes,
    expectedRows: expectedRowsOf(probe),
  });
  const scanner = new CsvScanner(layout.delimiter, writer);
  const window = await Utf8Window.open(o.file, probe);
  for (;;) {
    const { view, final } = await window.read();
    window.consume(scanner.scan(view, final));
    for (const out of writer.out.take()) if (sink) await sink(out);
    if (final) break;
  }
  await window.close();
  writer.finish();
  for (const out of writer.out.take()) if (sink) await sink(out);
  return { rows: writer.rowsWritten, rejected: writer.rejects.count, copySql: layout.plan.copySql, probeSeconds };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  for (let r = 1; r <= o.repeat; r++) {
    const stream = r === 1 && o.out !== undefined ? createWriteStream(o.out) : undefined;
    const sink = stream === undefined ? undefined : async (chunk: Uint8Array) => {
      if (!stream.write(chunk)) await once(stream, 'drain');
    };
    if (stream) stream.write(BINARY_COPY_HEADER);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { rows, rejected, copySql, probeSeconds } = await pass(o, sink);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (stream) {
      stream.end(BINARY_COPY_TRAILER);
      await once(stream, 'finish');
    }
    if (r === 1) process.stdout.write(`${copySql}\n`);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    process.stdout.write(
      `pass ${r}: ${rows} rows (${rejected} rejected), wall ${wall.toFixed(2)} s (probe and layout ${probeSeconds.toFixed(2)} s), cpu ${cpuSeconds.toFixed(2)} s, ` +
        `${((cpuSeconds * 1e6) / Math.max(1, rows)).toFixed(2)} µs cpu a row, ${Math.round(rows / wall).toLocaleString('en-US')} rows/s\n`,
    );
  }
}

await main();
