/**
 * Streaming writers for the demo exports. Rows are serialised to text, collected into ~64 KiB chunks, encoded
 * per chunk (UTF-8, or GB18030 through iconv-lite: chunks end at line boundaries, so no character is split) and
 * written to an `fs.WriteStream`, honouring back-pressure: the caller awaits `drained()` between days. The
 * SHA-256 of the bytes is computed on the way out.
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { applyDirt, DirtyInjector, dirtyKindsFor, type DirtyKind } from './dirty.js';
import type { Cell, FileLayout } from './layout.js';
import type { SeededRandom } from './random.js';

const CHUNK_CHARS = 64 * 1024;
const UTF8_BOM = '\uFEFF';

/** Bytes and digest of a finished file. */
export interface WrittenBytes {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Text in, encoded bytes out, in chunks, with back-pressure.
 *
 * @example
 * const w = new ChunkedTextWriter('/tmp/a.csv', 'gb18030');
 * w.write('班组,区域\r\n');
 * await w.close() // => { bytes: 11, sha256: '…' }
 */
export class ChunkedTextWriter {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private parts: string[] = [];
  private chars = 0;
  private bytes = 0;
  /** Set when the stream refused a chunk: resolves on its next 'drain' (listened for at once, so none is missed). */
  private blocked: Promise<unknown> | null = null;

  /** @param path file to create (truncated if it exists) @param encoding 'utf-8' or 'gb18030' */
  constructor(
    path: string,
    private readonly encoding: 'utf-8' | 'gb18030',
  ) {
    this.stream = createWriteStream(path);
  }

  /** Appends text; a full chunk is encoded and handed to the stream. */
  write(text: string): void {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.chars === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    const buf = this.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.stream.write(buf) && this.blocked === null) this.blocked = once(this.stream, 'drain');
  }

  /** Resolves when the stream has room again (at once when it has). */
  async drained(): Promise<void> {
    if (this.blocked === null) return;
    await this.blocked;
    this.blocked = null;
  }

  /** Flushes, closes the file and returns its size and SHA-256. */
  async close(): Promise<WrittenBytes> {
    this.flush();
    await this.drained();
    this.stream.end();
    await once(this.stream, 'finish');
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** What a layout writer reports when done. */
export interface LayoutWriterResult extends WrittenBytes {
  readonly rows: number;
  readonly dirtyRows: number;
  readonly dirtyByKind: Readonly<Record<DirtyKind, number>>;
  /** 1-based line of the header row (delimited text), null for JSON. */
  readonly headerLine: number | null;
}

function needsQuotes(text: string, delimiter: string): boolean {
  return text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
}

function csvField(cell: Cell, delimiter: string, force: boolean): string {
  const text = cell === null || cell === undefined ? '' : String(cell);
  if (needsQuotes(text, delimiter) || (force && text !== '')) return '"' + text.replaceAll('"', '""') + '"';
  return text;
}

/**
 * Writes records of one layout: title lines and header, then each record's cells, spoiling ~0.5 % of rows
 * (see `dirty.ts`), serialised as delimited text, NDJSON or a JSON array.
 *
 * @example
 * const w = new LayoutWriter(callsEnglishLayout('calls.csv'), '/tmp/calls.csv', formatRng, dirtRng);
 * w.add(contact);
 * await w.finish() // => { rows: 1, dirtyRows: 0, … }
 */
export class LayoutWriter<R> {
  private readonly out: ChunkedTextWriter;
  private readonly cells: Cell[];
  private readonly dirt: DirtyInjector;
  private rows = 0;
  private dirtyRows = 0;

  /**
   * @param layout the file's shape @param path where to write
   * @param formatRng stream for presentation choices (labels vs digits, quoting)
   * @param dirtRng the dirty-row injector's own stream
   */
  constructor(
    readonly layout: FileLayout<R>,
    path: string,
    private readonly formatRng: SeededRandom,
    dirtRng: SeededRandom,
  ) {
    this.out = new ChunkedTextWriter(path, layout.encoding);
    this.cells = new Array<Cell>(layout.headers.length);
    this.dirt = new DirtyInjector(dirtRng, dirtyKindsFor(layout as FileLayout<unknown>), layout.dirtyShare);
    let head = layout.bom ? UTF8_BOM : '';
    if (layout.format === 'csv') {
      for (const title of layout.titleLines) head += title + layout.lineEnd;
      head += layout.headers.map((h) => csvField(h, layout.delimiter, false)).join(layout.delimiter) + layout.lineEnd;
    } else if (layout.format === 'json') {
      head += '[';
    }
    this.out.write(head);
  }

  /** Writes one record (twice when the duplicate defect is drawn). */
  add(record: R): void {
    const layout = this.layout;
    const cells = this.cells;
    cells.length = layout.headers.length;
    layout.fill(record, this.formatRng, cells);
    const kind = this.dirt.draw();
    if (kind !== null) {
      this.dirtyRows++;
      applyDirt(kind, cells, layout as FileLayout<unknown>, this.dirt.random);
    }
    const line = this.serialise(cells);
    this.out.write(line);
    this.rows++;
    if (kind === 'duplicate') {
      this.out.write(layout.format === 'json' ? ',' + line.slice(line.indexOf('\n')) : line);
      this.rows++;
    }
  }

  private serialise(cells: Cell[]): string {
    const layout = this.layout;
    if (layout.format === 'csv') {
      const force = layout.quoteShare > 0 && this.formatRng.bernoulli(layout.quoteShare);
      let line = csvField(cells[0], layout.delimiter, force);
      for (let i = 1; i < cells.length; i++) line += layout.delimiter + csvField(cells[i], layout.delimiter, force);
      return line + layout.lineEnd;
    }
    const object: Record<string, Cell> = {};
    for (let i = 0; i < cells.length; i++) if (cells[i] !== undefined) object[layout.headers[i]!] = cells[i];
    const json = JSON.stringify(object);
    if (layout.format === 'ndjson') return json + '\n';
    return (this.rows === 0 ? '\n  ' : ',\n  ') + json;
  }

  /** Awaits back-pressure. */
  drained(): Promise<void> {
    return this.out.drained();
  }

  /** Closes the file and reports counts and digest. */
  async finish(): Promise<LayoutWriterResult> {
    if (this.layout.format === 'json') this.out.write(this.rows === 0 ? ']\n' : '\n]\n');
    const written = await this.out.close();
    return {
      ...written,
      rows: this.rows,
      dirtyRows: this.dirtyRows,
      dirtyByKind: { ...this.dirt.counts },
      headerLine: this.layout.format === 'csv' ? this.layout.titleLines.length + 1 : null,
    };
  }
}
