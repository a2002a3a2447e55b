import { describe, expect, test } from 'vitest';
import { cumulativeWeights, SeededRandom } from '../../src/demo/random.js';

// Expected values are the distributions' moments (uniform 1/2 and 1/12, normal 0 and 1, Poisson λ, …); with
// n = 200 000 draws the tolerances are > 5 standard errors, and the draws are seeded, so the tests are exact
// re-runs, not flaky samples.
const N = 200_000;

function moments(draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < N; i++) {
    const x = draw();
    sum += x;
    sq += x * x;
  }
  const mean = sum / N;
  return { mean, variance: sq / N - mean * mean };
}

describe('SeededRandom', () => {
  test('same seed, same stream; different seeds and forks differ; forking does not consume', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(new SeededRandom(43).nextUint32()).not.toBe(xs[0]);
    const c = new SeededRandom(42);
    const forked = c.fork('x').next();
    expect(c.nextUint32()).toBe(xs[0]);
    expect(new SeededRandom(42).fork('x').next()).toBe(forked);
    expect(new SeededRandom(42).fork('y').next()).not.toBe(forked);
  });

  test('uniform [0, 1): mean 1/2, variance 1/12, never 1', () => {
    const r = new SeededRandom(1);
    let max = 0;
    const m = moments(() => {
      const x = r.next();
      if (x > max) max = x;
      return x;
    });
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 3);
    expect(max).toBeLessThan(1);
  });

  test('normal (Box–Muller): mean and sd as asked', () => {
    const r = new SeededRandom(2);
    const m = moments(() => r.normal(3, 2));
    expect(m.mean).toBeCloseTo(3, 1);
    expect(Math.sqrt(m.variance)).toBeCloseTo(2, 1);
  });

  test('lognormal: median as asked', () => {
    const r = new SeededRandom(3);
    const xs = Array.from({ length: 50_001 }, () => r.lognormal(60, 0.8)).sort((a, b) => a - b);
    expect(xs[25_000]! / 60).toBeCloseTo(1, 1);
  });

  test('exponential and Poisson: mean as asked (small and large λ), Poisson variance = λ', () => {
    const r = new SeededRandom(4);
    expect(moments(() => r.exponential(120)).mean / 120).toBeCloseTo(1, 1);
    const small = moments(() => r.poisson(3.5));
    expect(small.mean).toBeCloseTo(3.5, 1);
    expect(small.variance).toBeCloseTo(3.5, 0);
    const large = moments(() => r.poisson(150));
    expect(large.mean / 150).toBeCloseTo(1, 2);
    expect(large.variance / 150).toBeCloseTo(1, 1);
    expect(r.poisson(0)).toBe(0);
  });

  test('pickCumulative follows the weights; zero-weight items are never picked', () => {
    const r = new SeededRandom(5);
    const cum = cumulativeWeights([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) counts[r.pickCumulative(cum)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / N).toBeCloseTo(0.25, 2);
    expect(counts[2]! / N).toBeCloseTo(0.75, 2);
  });

  test('int, pick and bernoulli stay in range', () => {
    const r = new SeededRandom(6);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(6);
      expect(Number.isInteger(k) && k >= 0 && k < 6).toBe(true);
    }
    expect(['a', 'b']).toContain(r.pick(['a', 'b']));
    expect(r.bernoulli(1)).toBe(true);
    expect(r.bernoulli(0)).toBe(false);
  });

  test('invalid input throws RangeError naming the function', () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow(/^SeededRandom: seed/);
    expect(() => cumulativeWeights([1, -1])).toThrow(/^cumulativeWeights: weight 1/);
    expect(() => cumulativeWeights([0, 0])).toThrow(RangeError);
  });
});
