import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, sortOrder } from '../../src/analysis/ranks.js';

// Fixture: test/reference/rank-tests.R (R 4.2.2 `rank(x)`, ties.method = "average"; tie sizes from table(x)).
interface RankCase {
  readonly call: string;
  readonly x: readonly (number | string)[];
  readonly ranks: readonly number[];
  readonly tieSizes: readonly number[];
}
const fixture = JSON.parse(readFileSync(new URL('../reference/rank-tests.json', import.meta.url), 'utf8')) as { rank: RankCase[] };

const value = (v: number | string): number => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number));

/** Reference: the O(n²) definition of the average rank. */
function naiveRanks(values: readonly number[]): number[] {
  return values.map((v) => {
    let less = 0;
    let equal = 0;
    for (const w of values) {
      if (w < v) less++;
      else if (w === v) equal++;
    }
    return less + (equal + 1) / 2;
  });
}

describe('averageRanks against R rank()', () => {
  for (const c of fixture.rank) {
    it(`${c.call} on ${c.x.length} values`, () => {
      const { ranks, tieSizes } = averageRanks(c.x.map(value));
      // Ranks are multiples of ½: exact equality.
      expect(Array.from(ranks)).toEqual(c.ranks);
      expect(Array.from(tieSizes)).toEqual(c.tieSizes);
    });
  }
});

describe('averageRanks', () => {
  it('handles empty input and a single value', () => {
    expect(Array.from(averageRanks([]).ranks)).toEqual([]);
    expect(Array.from(averageRanks([7]).ranks)).toEqual([1]);
  });

  it('treats −0 and +0 as one tie group in both sort paths', () => {
    expect(Array.from(averageRanks([0, -0, 1]).ranks)).toEqual([1.5, 1.5, 3]);
    const long = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 0 : -0));
    expect(Array.from(averageRanks(long).tieSizes)).toEqual([1000]);
  });

  it('rejects NaN with the function name', () => {
    expect(() => averageRanks([1, NaN])).toThrow(/^averageRanks: values must not contain NaN, got NaN at index 1/);
    expect(() => sortOrder([NaN])).toThrow(/^sortOrder:/);
  });

  it('ranks 200k values without quadratic work', () => {
    const values = new Float64Array(200_000);
    for (let i = 0; i < values.length; i++) values[i] = (((i + 1) * 7919) % 100_003) / 3 - 5000;
    const r = averageRanks(values);
    // Speed is measured by npm run bench:analysis; here: average ranks always sum to n(n + 1)/2.
    let sum = 0;
    for (const rank of r.ranks) sum += rank;
    expect(sum).toBe((values.length * (values.length + 1)) / 2);
  });
});

describe('averageRanks properties', () => {
  // Lengths both below and above the radix threshold (512), with many ties, infinities and signed zeros.
  const element = fc.oneof(
    fc.integer({ min: -30, max: 30 }),
    fc.double({ noNaN: true }),
    fc.constantFrom(0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE),
  );
  const values = fc.oneof(fc.array(element, { maxLength: 40 }), fc.array(element, { minLength: 520, maxLength: 1500 }));

  it('equal the O(n²) definition; sum to n(n+1)/2; order is sorted and stable', () => {
    fc.assert(
      fc.property(values, (v) => {
        const { ranks, order, tieSizes } = averageRanks(v);
        expect(Array.from(ranks)).toEqual(naiveRanks(v));
        const n = v.length;
        expect(ranks.reduce((a, b) => a + b, 0)).toBe((n * (n + 1)) / 2);
        for (let i = 1; i < n; i++) {
          const a = v[order[i - 1] as number] as number;
          const b = v[order[i] as number] as number;
          expect(a <= b).toBe(true);
          if (a === b) expect(order[i - 1] as number).toBeLessThan(order[i] as number);
        }
        expect(tieSizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(n);
      }),
      { numRuns: 60 },
    );
  });
});
