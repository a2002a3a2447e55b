import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { NotTextError, probeFile } from '../../src/ingest/probe.js';
import { tempFile } from '../helpers/files.js';

const CHINESE = '来电时间,渠道,坐席工号\n2026-01-05 09:00:00,电话,A0101\n';

describe('probeFile', () => {
  it('hashes the content (SHA-256) and reads plain UTF-8 as UTF-8', async () => {
    const p = await probeFile(tempFile('a.csv', CHINESE));
    expect(p.encoding).toBe('utf-8');
    expect(p.bomBytes).toBe(0);
    expect(p.hasInvalidBytes).toBe(false);
    // sha256 of the same bytes computed independently: `printf … | sha256sum`
    const { createHash } = await import('node:crypto');
    expect(p.sha256).toBe(createHash('sha256').update(Buffer.from(CHINESE)).digest('hex'));
  });

  it('honours a UTF-8 BOM', async () => {
    const p = await probeFile(tempFile('b.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CHINESE)])));
    expect(p.encoding).toBe('utf-8');
    expect(p.bomBytes).toBe(3);
    expect(p.encodingEvidence).toMatch(/byte-order mark/);
  });

  it('detects GB18030 when the bytes are not UTF-8 and decode as GB18030', async () => {
    const p = await probeFile(tempFile('c.csv', iconv.encode(CHINESE.repeat(50), 'gb18030')));
    expect(p.encoding).toBe('gb18030');
    expect(p.encodingEvidence).toMatch(/GB18030/);
  });

  it('treats a mostly-UTF-8 file with a few GBK lines as UTF-8 with invalid bytes (rows rejected later)', async () => {
    const mixed = Buffer.concat([Buffer.from(CHINESE.repeat(40)), iconv.encode('2026-01-05 09:00:00,电话,A0102\n', 'gbk')]);
    const p = await probeFile(tempFile('d.csv', mixed));
    expect(p.encoding).toBe('utf-8');
    expect(p.hasInvalidBytes).toBe(true);
    expect(p.encodingEvidence).toMatch(/mixed encodings/);
  });

  it('handles UTF-8 sequences cut at a 1 MiB read boundary', async () => {
    const filler = 'a'.repeat((1 << 20) - 1);
    const p = await probeFile(tempFile('e.csv', `${filler}中文\n`));
    expect(p.encoding).toBe('utf-8');
    expect(p.hasInvalidBytes).toBe(false);
  });

  it.each([
    ['gzip', gzipSync(Buffer.from(CHINESE)), /gzip/],
    ['zip/xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /ZIP archive/],
    ['binary', Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)), /binary data|not a text/],
  ])('refuses %s with a message saying what it is', async (_name, bytes, message) => {
    await expect(probeFile(tempFile('x.csv', bytes))).rejects.toThrow(NotTextError);
    await expect(probeFile(tempFile('x.csv', bytes))).rejects.toThrow(message);
  });
});

describe('probeFile on large GB18030 files', () => {
  it('detects GB18030 when the 1 MiB sample ends inside a two-byte character', async () => {
    // 'ab' + Chinese pairs: the 1 MiB boundary falls after a lead byte.
    const text = `来电时间,渠道\n${'2026-01-05 09:00:00,电话热线客服\n'.repeat(50_000)}`;
    const bytes = iconv.encode(text, 'gb18030');
    // Pad the front until the 1 MiB sample ends mid-character (a strict decode of the sample then fails).
    // (and so does the sample less 4 bytes, which an earlier version decoded).
    const strictFails = (b: Buffer) => {
      try {
        new TextDecoder('gb18030', { fatal: true }).decode(b);
        return false;
      } catch {
        return true;
      }
    };
    const cutMidCharacter = (b: Buffer) => strictFails(b.subarray(0, 1 << 20)) && strictFails(b.subarray(0, (1 << 20) - 4));
    let shifted = bytes;
    for (let pad = 0; pad < 30 && !cutMidCharacter(shifted); pad++) shifted = Buffer.concat([Buffer.from('x'), shifted]);
    expect(cutMidCharacter(shifted)).toBe(true);
    const p = await probeFile(tempFile('big-gb.csv', shifted));
    expect(p.encoding).toBe('gb18030');
  });

  it('reads a file of many MiB with a line longer than its read window: same hash, head and validity as one read', async () => {
    const { createHash } = await import('node:crypto');
    // A 6 MiB line (past the 4 MiB window, which grows) between ordinary lines, a multi-byte character at its end.
    const text = `a,b\n${'x,电话\n'.repeat(300_000)}${'y'.repeat(6 << 20)}电\n${'z,话\n'.repeat(300_000)}`;
    const bytes = Buffer.from(text);
    const p = await probeFile(tempFile('long-line.csv', bytes));
    expect(p.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(p.head.equals(bytes.subarray(0, 1 << 20))).toBe(true);
    expect(p.bytes).toBe(bytes.length);
    expect(p.encoding).toBe('utf-8');
    expect(p.hasInvalidBytes).toBe(false);
    const broken = Buffer.concat([bytes, Buffer.from([0xff, 0x0a])]);
    expect((await probeFile(tempFile('long-line-bad.csv', broken))).hasInvalidBytes).toBe(true);
  });
});
