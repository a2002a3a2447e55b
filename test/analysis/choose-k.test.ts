/**
 * chooseK against R 4.2.2: for k = 2..6, `set.seed(1); fit <- kmeans(x, k, nstart = 50)` and
 * `summary(cluster::silhouette(fit$cluster, dist(x)))$avg.width` (test/reference/kmeans.R, "chooseK" section).
 * Tolerances: within-SS ≤ R's × (1 + 1e-6) (different random starts); where the optimum found is R's
 * (relative 1e-9), the silhouette is the same computation: relative 1e-10.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHOOSE_K_WARNINGS, chooseK } from '../../src/analysis/choose-k.js';
import type { ChooseKResult } from '../../src/analysis/choose-k.js';

interface CurveRecord {
  call: string;
  data: 'iris' | 'blobs';
  standardized: boolean;
  points: { k: number; 'tot.withinss': number; 'avg.width': number }[];
}
const ref = JSON.parse(readFileSync(new URL('../reference/kmeans.json', import.meta.url), 'utf8')) as {
  data: Record<'iris' | 'blobs' | 'noise', number[][]>;
  chooseK: CurveRecord[];
};

function ok(r: ReturnType<typeof chooseK>): ChooseKResult {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${r.reason}`);
  return r;
}

describe('chooseK = R kmeans(nstart = 50) + cluster::silhouette per k', () => {
  it.each(ref.chooseK.map((c) => [c.call, c] as const))('%s', (_call, c) => {
    const r = ok(chooseK(ref.data[c.data], { seed: 1, kMin: 2, kMax: 6, standardize: c.standardized }));
    expect(r.curve.map((q) => q.k)).toEqual([2, 3, 4, 5, 6]);
    let matched = r.curve.length;
    r.curve.forEach((q, i) => {
      const e = c.points[i] as CurveRecord['points'][number];
      expect(q.totalWithinSS).toBeLessThanOrEqual(e['tot.withinss'] * (1 + 1e-6));
      if (Math.abs(q.totalWithinSS - e['tot.withinss']) <= 1e-9 * e['tot.withinss']) {
        expect(Math.abs((q.meanSilhouette as number) - e['avg.width'])).toBeLessThanOrEqual(1e-10);
      } else {
        // a lower optimum than R's best of 50 starts (blobs, k = 6): a different partition, no silhouette check
        matched--;
      }
      expect(q.betweenShare).toBeGreaterThan(0);
      expect(q.betweenShare).toBeLessThan(1);
    });
    expect(matched).toBeGreaterThanOrEqual(4);
    const best = c.points.reduce((a, b) => (b['avg.width'] > a['avg.width'] ? b : a));
    expect(r.recommendedK).toBe(best.k);
  });

  it('recommends 4 on the four well-separated blobs and 2 on unscaled iris', () => {
    expect(ok(chooseK(ref.data.blobs, { seed: 7 })).recommendedK).toBe(4);
    expect(ok(chooseK(ref.data.iris, { seed: 7, kMax: 8 })).recommendedK).toBe(2);
  });

  it('kMin = 1 adds the k = 1 elbow point (within-SS = totSS, no silhouette)', () => {
    const r = ok(chooseK(ref.data.blobs, { seed: 1, kMin: 1, kMax: 3 }));
    expect(r.curve[0]?.k).toBe(1);
    expect(r.curve[0]?.meanSilhouette).toBeNull();
    expect(r.curve[0]?.totalWithinSS).toBe(r.totSS);
    expect(r.curve[0]?.betweenShare).toBe(0);
  });

  it('the within-SS curve decreases with k', () => {
    const r = ok(chooseK(ref.data.noise.slice(0, 400), { seed: 2, kMax: 8 }));
    for (let i = 1; i < r.curve.length; i++) {
      expect(r.curve[i]?.totalWithinSS).toBeLessThan(r.curve[i - 1]?.totalWithinSS as number);
    }
  });
});

describe('chooseK edge cases', () => {
  it('stops the curve when k exceeds the distinct points, with a warning', () => {
    // 7 rows, 4 distinct points: k = 5 cannot be fitted
    const data = [[0, 0], [0, 0], [1, 1], [5, 5], [5, 5], [9, 9], [9, 9]];
    const r = ok(chooseK(data, { seed: 1, kMax: 8 }));
    expect(r.curve.map((q) => q.k)).toEqual([2, 3, 4]);
    expect(r.warnings.map((w) => w.code)).toContain(CHOOSE_K_WARNINGS.kRangeTruncated);
  });

  it('fewer than 3 complete rows, or a single distinct point, is insufficient', () => {
    expect(chooseK([], { seed: 1 }).status).toBe('insufficient');
    expect(chooseK([[1], [2]], { seed: 1 }).status).toBe('insufficient');
    expect(chooseK([[1], [1], [1], [1]], { seed: 1 }).status).toBe('insufficient');
  });

  it('rows with missing values are dropped and reported', () => {
    const rows: (number | null)[][] = ref.data.blobs.map((r) => [...r]);
    rows[3] = [NaN, 1, 2];
    rows[10] = [1, null, 2];
    const r = ok(chooseK(rows, { seed: 1, kMax: 5 }));
    expect(r.warnings.map((w) => w.code)).toContain(CHOOSE_K_WARNINGS.missingRowsDropped);
    expect(r.recommendedK).toBe(4);
  });

  it('constant column with standardize is warned about, not NaN', () => {
    const rows = ref.data.blobs.map((r) => [r[0] as number, r[1] as number, 42]);
    const r = ok(chooseK(rows, { seed: 1, kMax: 5, standardize: true }));
    expect(r.warnings.map((w) => w.code)).toContain(CHOOSE_K_WARNINGS.constantColumn);
    expect(r.curve.every((q) => Number.isFinite(q.totalWithinSS) && Number.isFinite(q.meanSilhouette as number))).toBe(true);
  });

  it('samples the silhouettes above silhouetteSampleSize, the same sample for every k', () => {
    const r = ok(chooseK(ref.data.noise, { seed: 1, kMax: 4, silhouetteSampleSize: 500, restarts: 2 }));
    expect(r.warnings.map((w) => w.code)).toContain(CHOOSE_K_WARNINGS.silhouetteSampled);
  });

  it('invalid arguments throw with the function name', () => {
    expect(() => chooseK([[1], [2], [3]], { seed: 1, kMin: 0 })).toThrow(/^chooseK: kMin/);
    expect(() => chooseK([[1], [2], [3]], { seed: 1, kMin: 4, kMax: 3 })).toThrow(/^chooseK: kMax/);
    expect(() => chooseK([[1], [2], [3]], {} as { seed: number })).toThrow(TypeError);
  });
});
