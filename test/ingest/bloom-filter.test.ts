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
});
