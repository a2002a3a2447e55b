/**
 * `Utf8Window`: the records a scanner reads through the reused window are the records of the whole text,
 * whatever the encoding, where reads cut characters and records, and when one record is longer than the
 * window.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvScanner, type FieldView, type RecordSink } from '../../src/ingest/csv-scanner.js';
import { probeFile } from '../../src/ingest/probe.js';
import { Utf8Window } from '../../src/ingest/transcode.js';
import { tempFile } from '../helpers/files.js';

class Collect implements RecordSink {
  readonly records: string[] = [];
  onRecord(s: FieldView, buf: Buffer, _start: number, _end: number, lineNo: number): void {
    const fields: string[] = [];
    for (let i = 0; i < s.count; i++) fields.push(buf.toString('utf8', s.starts[i]!, s.ends[i]!));
    this.records.push(`${lineNo}|${fields.join('|')}`);
  }
}

/** The records of `text` scanned in one piece. */
function whole(text: string): string[] {
  const sink = new Collect();
  new CsvScanner(44, sink).scan(Buffer.from(text, 'utf8'), true);
  return sink.records;
}

/** The records of the file at `path` scanned through a `Utf8Window`. */
async function windowed(path: string): Promise<string[]> {
  const probe = await probeFile(path);
  const sink = new Collect();
  const scanner = new CsvScanner(44, sink);
  const window = await Utf8Window.open(path, probe);
  try {
    for (;;) {
      const { view, final } = await window.read();
      window.consume(scanner.scan(view, final));
      if (final) break;
    }
  } finally {
    await window.close();
  }
  return sink.records;
}

/** ~10 MiB of call-log-like text: Chinese and ASCII fields, quoted fields holding CRLF, one 9 MiB record, no final line end. */
function text(): string {
  const lines: string[] = ['id,name,note'];
  for (let i = 0; i < 60_000; i++) {
    const note = i % 97 === 0 ? `"多行\r\n备注 ""${i}"""` : i % 5 === 0 ? '宽带故障' : `note ${i}`;
    lines.push(`${i},客户${'张'.repeat(i % 13)},${note}`);
    if (i === 30_000) lines.push(`huge,"${'长文本'.repeat(1 << 20)}",end`); // 9 MiB of UTF-8 in one record
  }
  return `${lines.join(lines.length % 2 === 0 ? '\r\n' : '\n')}`; // no line end after the last record
}

describe('Utf8Window', () => {
  const source = text();
  const expected = whole(source);

  it('gives the records of plain UTF-8 as one scan of the whole text does', async () => {
    expect(await windowed(tempFile('window-utf8.csv', Buffer.from(source, 'utf8')))).toEqual(expected);
  });

  it('gives the same records from GB18030, decoding as it reads (characters cut between reads)', async () => {
    expect(await windowed(tempFile('window-gb18030.csv', iconv.encode(source, 'gb18030')))).toEqual(expected);
  });

  it('gives the same records from UTF-16 LE with its byte-order mark', async () => {
    expect(await windowed(tempFile('window-utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')])))).toEqual(expected);
  });

  it('skips a UTF-8 byte-order mark', async () => {
    expect(await windowed(tempFile('window-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n1,2\n')])))).toEqual(['1|a|b', '2|1|2']);
  });
});
