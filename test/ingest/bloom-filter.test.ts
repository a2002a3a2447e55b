import { describe, expect, it } from 'vitest';
import { BloomFilter } from '../../src/ingest/bloom-filter.js';
import { H, writeRowKeyBytes } from '../../src/ingest/row-key.js';

function add(bloom: BloomFilter, text: string): boolean {
  const bytes = Buffer.from(text);
  writeRowKeyBytes(bytes, 0, bytes.length, new Uint8Array(16), 0);
  return bloom.addAndTest(H[0]!, H[1]!, H[2]!, H[3]!);
}

describe('BloomFilter', () => {
  it('always reports a repeat (no false negatives)', () => {
    const bloom = new BloomFilter(10_000);
    for (let i = 0; i < 10_000; i++) add(bloom, `row ${i}`);
    for (let i = 0; i < 10_000; i++) expect(add(bloom, `row ${i}`)).toBe(true);
  });

  it('keeps false positives rare at its sizing (measured: 0 of 1M distinct rows)', () => {
    const bloom = new BloomFilter(1_000_000);
    let falsePositives = 0;
    for (let i = 0; i < 1_000_000; i++) if (add(bloom, `2026-01-05 09:00:${i}\tphone\t${i * 7}`)) falsePositives++;
    expect(falsePositives).toBeLessThanOrEqual(2);
  });

  it('reports in a batch exactly the keys that one-at-a-time adds report, with their place in the batch', () => {
    // 600 keys, 150 of them repeats of earlier ones (some inside the same batch, some across batches of 256)
    const keys = new Int32Array(600 * 4);
    for (let i = 0; i < 600; i++) {
      const bytes = Buffer.from(`key ${i % 450}`);
      writeRowKeyBytes(bytes, 0, bytes.length, new Uint8Array(16), 0);
      keys.set(H, 4 * i);
    }
    const single = new BloomFilter(600);
    const expected: number[] = [];
    for (let i = 0; i < 600; i++) if (single.addAndTest(keys[4 * i]!, keys[4 * i + 1]!, keys[4 * i + 2]!, keys[4 * i + 3]!)) expected.push(i);
    const batched = new BloomFilter(600);
    const seen: number[] = [];
    for (let start = 0; start < 600; start += 256) {
      const count = Math.min(256, 600 - start);
      batched.addAndTestAll(keys.subarray(4 * start, 4 * (start + count)), count, (at) => seen.push(start + at / 4));
    }
    expect(seen).toEqual(expected);
    expect(seen.filter((i) => i >= 450)).toHaveLength(150);
  });
});
