import { describe, expect, it } from 'vitest';
import { rowKey } from '../../src/ingest/row-key.js';

// Reference: MurmurHash3_x86_128 from Debian's libdigest-murmurhash3-pureperl-perl 1.01-2, called as
//   perl -Mutf8 -MDigest::MurmurHash3::PurePerl -e 'printf "%08x,%08x,%08x,%08x\n", murmur128($s, $seed)'
// (h1..h4). rowKey prints them as a UUID: h1-h2[0:4]-h2[4:8]-h3[0:4]-h3[4:8]h4.
const VECTORS: readonly [string, number, string][] = [
  ['', 0, '00000000,00000000,00000000,00000000'],
  ['a', 0, 'a794933c,5556b01b,5556b01b,5556b01b'],
  ['abc', 0, '75cdc6d1,a2b006a5,a2b006a5,a2b006a5'],
  ['abc', 42, '5bcf0fbe,8741bbe9,8741bbe9,8741bbe9'],
  ['hello world', 0, 'c0b21a88,14f3c1e1,1c0d151a,9b0c9e2c'],
  ['0123456789abcdef', 0, 'fb7d4409,36aed30a,48ad1d9b,572b3bfd'],
  ['0123456789abcdef0', 0, '1f8a3855,60920c06,b5182f1c,718c0b9c'],
  ['The quick brown fox jumps over the lazy dog', 0, '2f1583c3,ecee2c67,5d7bf66c,e5e91d2c'],
  ['电话,2026-01-05 13:00:05', 0, '19b87338,e6c0ef70,cc76aef6,8a6856de'],
];

function asUuid(words: string): string {
  const [h1, h2, h3, h4] = words.split(',') as [string, string, string, string];
  return `${h1}-${h2.slice(0, 4)}-${h2.slice(4)}-${h3.slice(0, 4)}-${h3.slice(4)}${h4}`;
}

describe('rowKey (MurmurHash3 x86_128)', () => {
  it.each(VECTORS)('matches the reference for %j (seed %i)', (text, seed, words) => {
    const bytes = Buffer.from(text, 'utf8');
    expect(rowKey(bytes, 0, bytes.length, seed)).toBe(asUuid(words));
  });

  it('hashes only the given range of a larger buffer', () => {
    const bytes = Buffer.from('xxhello worldyy', 'utf8');
    expect(rowKey(bytes, 2, 13)).toBe(asUuid('c0b21a88,14f3c1e1,1c0d151a,9b0c9e2c'));
  });

  it('gives distinct keys to 100k distinct rows', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const b = Buffer.from(`row ${i}\tphone\t${i % 97}`);
      keys.add(rowKey(b, 0, b.length));
    }
    expect(keys.size).toBe(100_000);
  });
});

describe('writeRowKeyBytes', () => {
  it('writes the 16 bytes whose UUID text rowKey prints', async () => {
    const { writeRowKeyBytes } = await import('../../src/ingest/row-key.js');
    for (const [text] of VECTORS) {
      const bytes = Buffer.from(text, 'utf8');
      const out = Buffer.alloc(20);
      expect(writeRowKeyBytes(bytes, 0, bytes.length, out, 1)).toBe(17);
      expect(out.toString('hex', 1, 17)).toBe(rowKey(bytes, 0, bytes.length).replaceAll('-', ''));
    }
  });
});
