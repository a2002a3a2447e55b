/**
 * kmeans against R 4.2.2 `stats::kmeans` and scikit-learn 1.2.1 `KMeans` (test/reference/kmeans.R, kmeans.py;
 * every expected value in kmeans.json / kmeans.sklearn.json sits beside the call that produced it).
 *
 * Tolerances: from the same starting centres the algorithms are the same (AS 136 for Hartigan–Wong, Lloyd with
 * R's stopping rule), so partitions must be identical and sums of squares agree to relative 1e-10 (summation
 * order differs). Best-of-restarts results cannot match R's random starts draw for draw: the bar is a total
 * within-SS ≤ R's best of nstart = 50 × (1 + 1e-6), and the same partition up to label permutation where the
 * optimum is the same.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hartiganWong } from '../../src/analysis/kmeans/hartigan-wong.js';
import { KMEANS_WARNINGS, kmeans } from '../../src/analysis/kmeans/index.js';
import type { KMeansResult } from '../../src/analysis/kmeans/index.js';
import { lloyd } from '../../src/analysis/kmeans/lloyd.js';
import { clusterSums } from '../../src/analysis/kmeans/summarize.js';

interface FitRecord {
  call: string;
  data: 'iris' | 'blobs' | 'noise';
  k: number;
  standardized: boolean;
  'tot.withinss': number;
  withinss: number[];
  size: number[];
  totss: number;
  betweenss: number;
  iter: number;
  ifault: number | null;
  cluster: number[];
  centers: number[][];
}
interface StartRecord extends FitRecord {
  start: number[];
  algorithm: 'Hartigan-Wong' | 'Lloyd';
  'iter.max': number;
}
interface Reference {
  data: Record<'iris' | 'blobs' | 'noise', number[][]>;
  bestOfStarts: FitRecord[];
  fromStarts: StartRecord[];
}
interface SklearnReference {
  bestOfStarts: { call: string; data: 'iris' | 'blobs' | 'noise'; k: number; inertia: number; labels: number[] }[];
  lloydFromStarts: { call: string; data: 'iris' | 'blobs' | 'noise'; start: number[]; inertia: number; labels: number[] }[];
}

const ref = JSON.parse(readFileSync(new URL('../reference/kmeans.json', import.meta.url), 'utf8')) as Reference;
const sk = JSON.parse(readFileSync(new URL('../reference/kmeans.sklearn.json', import.meta.url), 'utf8')) as SklearnReference;

function flat(rows: readonly (readonly number[])[]): { values: Float64Array; rows: number; columns: number } {
  const columns = rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * columns);
  rows.forEach((r, i) => values.set(r, i * columns));
  return { values, rows: rows.length, columns };
}

function relClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

/** The label map a → b if the two partitions are equal up to renaming, else null. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): Map<number, number> | null {
  if (a.length !== b.length) return null;
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if ((forward.get(x) ?? y) !== y || (backward.get(y) ?? x) !== x) return null;
    forward.set(x, y);
    backward.set(y, x);
  }
  return forward;
}

function ok(result: ReturnType<typeof kmeans>): KMeansResult {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${result.reason}`);
  return result;
}

describe('Hartigan–Wong from given starts = R kmeans(x, centers = x[idx, ], algorithm = "Hartigan-Wong")', () => {
  const cases = ref.fromStarts.filter((c) => c.algorithm === 'Hartigan-Wong');
  it.each(cases.map((c) => [c.call, c] as const))('%s', (_call, c) => {
    const { values, rows: n, columns: p } = flat(ref.data[c.data]);
    const k = c.start.length;
    const centers = new Float64Array(k * p);
    c.start.forEach((row, l) => centers.set(values.subarray((row - 1) * p, row * p), l * p));
    const labels = new Int32Array(n);
    const run = hartiganWong(values, n, p, centers, k, c['iter.max'], labels);
    // identical partition, same cluster numbers (R's are 1-based)
    expect(Array.from(labels, (l) => l + 1)).toEqual(c.cluster);
    const sizes = new Int32Array(k);
    const wss = new Float64Array(k);
    const total = clusterSums(values, n, p, labels, k, centers, sizes, wss);
    expect(Array.from(sizes)).toEqual(c.size);
    wss.forEach((w, l) => relClose(w, c.withinss[l] as number, 1e-10));
    relClose(total, c['tot.withinss'], 1e-10);
    c.centers.forEach((row, l) => row.forEach((v, j) => relClose(centers[l * p + j] as number, v, 1e-10)));
    if (c.ifault === 2) {
      // R reports iter = iter.max + 1 when it did not converge
      expect(run.end).toBe('max-iterations');
      expect(run.iterations).toBe(c['iter.max']);
    } else {
      expect(run.end).toBe('converged');
      expect(run.iterations).toBe(c.iter);
    }
  });
});

describe('Lloyd from given starts = R kmeans(..., algorithm = "Lloyd") and sklearn KMeans(init=…, tol=0)', () => {
  const cases = ref.fromStarts.filter((c) => c.algorithm === 'Lloyd');
  it.each(cases.map((c) => [c.call, c] as const))('%s', (_call, c) => {
    const { values, rows: n, columns: p } = flat(ref.data[c.data]);
    const k = c.start.length;
    const centers = new Float64Array(k * p);
    c.start.forEach((row, l) => centers.set(values.subarray((row - 1) * p, row * p), l * p));
    const labels = new Int32Array(n);
    const run = lloyd(values, n, p, centers, k, c['iter.max'], 0, labels);
    expect(Array.from(labels, (l) => l + 1)).toEqual(c.cluster);
    expect(run.converged).toBe(true);
    expect(run.iterations).toBe(c.iter); // R counts assignment passes, the last one changing nothing
    const total = clusterSums(values, n, p, labels, k, centers, new Int32Array(k), new Float64Array(k));
    relClose(total, c['tot.withinss'], 1e-10);
    // scikit-learn agrees with R on all but one start (a 7-cluster iris start where its run takes another path)
    const skCase = sk.lloydFromStarts.find((s) => s.data === c.data && s.start.join() === c.start.join());
    if (skCase !== undefined && samePartition(skCase.labels, c.cluster) !== null) {
      expect(samePartition(labels, skCase.labels)).not.toBeNull();
      relClose(total, skCase.inertia, 1e-10);
    }
  });
});

describe('kmeans best of restarts vs R best of nstart = 50', () => {
  it.each(ref.bestOfStarts.map((c) => [c.call, c] as const))('%s', (_call, c) => {
    const data = ref.data[c.data];
    for (const seed of [1, 2, 3]) {
      const r = ok(kmeans(data, c.k, { seed, standardize: c.standardized, maxIterations: c.data === 'noise' ? 50 : 10 }));
      expect(r.totalWithinSS).toBeLessThanOrEqual(c['tot.withinss'] * (1 + 1e-6));
      relClose(r.totSS, c.totss, 1e-10);
      relClose(r.betweenSS + r.totalWithinSS, r.totSS, 1e-12);
      if (Math.abs(r.totalWithinSS - c['tot.withinss']) <= 1e-9 * c['tot.withinss']) {
        // same optimum: same partition up to label permutation, with matching sizes, withinSS and centres
        const map = samePartition(r.clusters, c.cluster);
        expect(map).not.toBeNull();
        for (const [ours, theirs] of map ?? []) {
          expect(r.sizes[ours]).toBe(c.size[theirs - 1]);
          relClose(r.withinSS[ours] as number, c.withinss[theirs - 1] as number, 1e-9);
          const centers = c.standardized ? r.standardizedCenters : r.centers;
          (centers?.[ours] ?? []).forEach((v, j) => relClose(v, c.centers[theirs - 1]?.[j] as number, 1e-9));
        }
      }
    }
  });

  it('finds exactly R’s partition on the well-separated blobs (k = 4) for every seed tried', () => {
    const c = ref.bestOfStarts.find((b) => b.data === 'blobs' && b.k === 4) as FitRecord;
    for (let seed = 1; seed <= 10; seed++) {
      for (const algorithm of ['hartigan-wong', 'lloyd'] as const) {
        const r = ok(kmeans(ref.data.blobs, 4, { seed, algorithm, restarts: 3 }));
        expect(samePartition(r.clusters, c.cluster)).not.toBeNull();
        relClose(r.totalWithinSS, c['tot.withinss'], 1e-10);
      }
    }
  });

  it('matches or beats scikit-learn KMeans(n_init=50) inertia', () => {
    for (const s of sk.bestOfStarts) {
      const r = ok(kmeans(ref.data[s.data], s.k, { seed: 11, maxIterations: 100 }));
      expect(r.totalWithinSS).toBeLessThanOrEqual(s.inertia * (1 + 1e-6));
    }
  });

  it('standardize: true clusters R scale(x): centres back in original units, standardization returned', () => {
    const c = ref.bestOfStarts.find((b) => b.data === 'iris' && b.k === 3 && b.standardized) as FitRecord;
    const r = ok(kmeans(ref.data.iris, 3, { seed: 4, standardize: true }));
    relClose(r.totalWithinSS, c['tot.withinss'], 1e-10);
    const map = samePartition(r.clusters, c.cluster);
    expect(map).not.toBeNull();
    // original-unit centres are the plain means of each cluster's rows
    for (let l = 0; l < 3; l++) {
      const members = ref.data.iris.filter((_, i) => r.clusters[i] === l);
      for (let j = 0; j < 4; j++) {
        relClose(r.centers[l]?.[j] as number, members.reduce((s, row) => s + (row[j] as number), 0) / members.length, 1e-12);
      }
      expect(r.profiles[l]?.means).toEqual(r.centers[l]);
    }
    expect(r.standardization?.scales.length).toBe(4);
    expect(r.standardizedCenters).not.toBeNull();
  });
});

describe('kmeans results', () => {
  const blobs = ref.data.blobs;

  it('rows and flat Float64Array input give the same result', () => {
    const a = ok(kmeans(blobs, 4, { seed: 5 }));
    const b = ok(kmeans(flat(blobs), 4, { seed: 5 }));
    expect(Array.from(b.clusters)).toEqual(Array.from(a.clusters));
    expect(b.totalWithinSS).toBe(a.totalWithinSS);
  });

  it('is reproducible for a seed and numbers clusters by first appearance', () => {
    const a = ok(kmeans(blobs, 4, { seed: 9 }));
    const b = ok(kmeans(blobs, 4, { seed: 9 }));
    expect(Array.from(a.clusters)).toEqual(Array.from(b.clusters));
    expect(a.clusters[0]).toBe(0);
    const firstSeen: number[] = [];
    for (const l of a.clusters) if (!firstSeen.includes(l)) firstSeen.push(l);
    expect(firstSeen).toEqual([0, 1, 2, 3]);
  });

  it('profiles: sizes, shares summing to 1, and means in original units', () => {
    const r = ok(kmeans(blobs, 4, { seed: 1 }));
    expect(r.profiles.map((q) => q.size)).toEqual(r.sizes);
    expect(r.profiles.reduce((s, q) => s + q.share, 0)).toBeCloseTo(1, 12);
    expect(r.sizes.reduce((s, v) => s + v, 0)).toBe(blobs.length);
  });

  it('fits on a seeded sample, then assigns every row (same partition on well-separated data)', () => {
    // 20 copies of the blobs with small jitter: 4400 rows
    const big: number[][] = [];
    for (let c = 0; c < 20; c++) for (const row of blobs) big.push(row.map((v, j) => v + ((c * 7 + j) % 5) * 0.01));
    const full = ok(kmeans(big, 4, { seed: 3, restarts: 2, algorithm: 'lloyd' }));
    const sampled = ok(kmeans(big, 4, { seed: 3, restarts: 2, sampleSize: 500 }));
    expect(sampled.fittedRows).toBe(500);
    expect(sampled.clusters.length).toBe(big.length);
    expect(samePartition(sampled.clusters, full.clusters)).not.toBeNull();
    expect(sampled.warnings.map((w) => w.code)).toContain(KMEANS_WARNINGS.fittedOnSample);
    relClose(sampled.totalWithinSS, full.totalWithinSS, 1e-10);
  });

  it('lloyd with a scikit-learn tolerance converges', () => {
    const r = ok(kmeans(ref.data.noise, 6, { seed: 2, algorithm: 'lloyd', tolerance: 1e-4, restarts: 2 }));
    expect(r.converged).toBe(true);
    expect(r.method).toBe('lloyd');
  });

  it('local search: on by default for small Hartigan–Wong fits, can be turned off, refused with Lloyd', () => {
    // iris k = 8 from a single start: the swaps usually improve on the run they start from
    const withSearch = ok(kmeans(ref.data.iris, 8, { seed: 5, restarts: 1 }));
    const without = ok(kmeans(ref.data.iris, 8, { seed: 5, restarts: 1, localSearch: false }));
    expect(withSearch.totalWithinSS).toBeLessThanOrEqual(without.totalWithinSS);
    expect(without.localSearchSwaps).toBe(0);
    const best = ref.bestOfStarts.find((b) => b.data === 'iris' && b.k === 8 && !b.standardized) as FitRecord;
    expect(withSearch.totalWithinSS).toBeLessThanOrEqual(best['tot.withinss'] * (1 + 1e-6));
    expect(() => kmeans(ref.data.iris, 3, { seed: 1, algorithm: 'lloyd', localSearch: true })).toThrow(/^kmeans: localSearch/);
  });

  it('warns when the best run did not converge', () => {
    const r = ok(kmeans(ref.data.noise, 8, { seed: 2, maxIterations: 1, restarts: 1 }));
    expect(r.converged).toBe(false);
    expect(r.warnings.map((w) => w.code)).toContain(KMEANS_WARNINGS.notConverged);
  });
});

describe('kmeans edge cases', () => {
  it('empty input and no complete row are insufficient', () => {
    expect(kmeans([], 2, { seed: 1 }).status).toBe('insufficient');
    expect(kmeans([[NaN, 1], [2, null]], 1, { seed: 1 }).status).toBe('insufficient');
    expect(kmeans({ values: new Float64Array(0), rows: 0, columns: 3 }, 1, { seed: 1 }).status).toBe('insufficient');
  });

  it('n = 1: k = 1 works, k = 2 is insufficient', () => {
    const r = ok(kmeans([[3, 4]], 1, { seed: 1 }));
    expect(r.centers).toEqual([[3, 4]]);
    expect(r.totalWithinSS).toBe(0);
    expect(r.totSS).toBe(0);
    expect(kmeans([[3, 4]], 2, { seed: 1 }).status).toBe('insufficient');
  });

  it('k = 1: one cluster at the mean, withinSS = totSS (R: kmeans(iris, 1)$tot.withinss = totss)', () => {
    const c = ref.bestOfStarts.find((b) => b.data === 'iris' && !b.standardized) as FitRecord;
    const r = ok(kmeans(ref.data.iris, 1, { seed: 1 }));
    relClose(r.totalWithinSS, c.totss, 1e-10);
    expect(r.betweenSS).toBe(0);
    expect(r.sizes).toEqual([150]);
    expect(r.converged).toBe(true);
  });

  it('k = n: every point its own cluster, withinSS 0', () => {
    const data = [[0, 0], [1, 0], [0, 1], [5, 5]];
    for (const algorithm of ['hartigan-wong', 'lloyd'] as const) {
      const r = ok(kmeans(data, 4, { seed: 1, algorithm }));
      expect(r.totalWithinSS).toBe(0);
      expect(Array.from(r.clusters)).toEqual([0, 1, 2, 3]);
      expect(r.centers).toEqual(data);
    }
  });

  it('duplicates: k > distinct points is insufficient; k = distinct points gives withinSS 0', () => {
    const data = [[1, 1], [1, 1], [2, 2], [2, 2], [2, 2], [9, 9]];
    const r = kmeans(data, 4, { seed: 1 });
    expect(r.status).toBe('insufficient');
    if (r.status === 'insufficient') expect(r.reason).toMatch(/distinct points.*3/);
    const three = ok(kmeans(data, 3, { seed: 1 }));
    expect(three.totalWithinSS).toBe(0);
    expect(Array.from(three.clusters)).toEqual([0, 0, 1, 1, 1, 2]);
    const two = ok(kmeans(data, 2, { seed: 1 }));
    expect(Array.from(two.clusters)).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('all rows equal: k = 1 only', () => {
    const data = [[2, 3], [2, 3], [2, 3]];
    expect(ok(kmeans(data, 1, { seed: 1 })).totalWithinSS).toBe(0);
    expect(kmeans(data, 2, { seed: 1 }).status).toBe('insufficient');
  });

  it('rows with NaN or null are dropped, reported, and get cluster -1', () => {
    const data: (number | null)[][] = [[0, 0], [NaN, 1], [0, 1], [10, 10], [10, null], [10, 11]];
    const r = ok(kmeans(data, 2, { seed: 1 }));
    expect(Array.from(r.clusters)).toEqual([0, -1, 0, 1, -1, 1]);
    expect(r.droppedRows).toBe(2);
    expect(r.warnings.map((w) => w.code)).toContain(KMEANS_WARNINGS.missingRowsDropped);
    expect(r.sizes).toEqual([2, 2]);
    const f = ok(kmeans({ values: Float64Array.from([0, 0, NaN, 1, 0, 1, 10, 10, 10, NaN, 10, 11]), rows: 6, columns: 2 }, 2, { seed: 1 }));
    expect(Array.from(f.clusters)).toEqual([0, -1, 0, 1, -1, 1]);
  });

  it('constant column with standardize: scale 1 and a warning, no NaN', () => {
    const data = [[1, 7], [1.2, 7], [5, 7], [5.1, 7]];
    const r = ok(kmeans(data, 2, { seed: 1, standardize: true }));
    expect(r.warnings.map((w) => w.code)).toContain(KMEANS_WARNINGS.constantColumn);
    expect(r.standardization?.scales[1]).toBe(1);
    expect(r.centers.flat().every(Number.isFinite)).toBe(true);
    expect(Array.from(r.clusters)).toEqual([0, 0, 1, 1]);
    relClose(r.centers[1]?.[0] as number, 5.05, 1e-12);
    expect(r.centers[1]?.[1]).toBe(7);
  });

  it('huge and tiny magnitudes give the same partition as ordinary ones (exact power-of-two rescale)', () => {
    const base = ok(kmeans(ref.data.blobs, 4, { seed: 1, restarts: 2 }));
    for (const factor of [1e200, 1e-200]) {
      const r = ok(kmeans(ref.data.blobs.map((row) => row.map((v) => v * factor)), 4, { seed: 1, restarts: 2 }));
      expect(samePartition(r.clusters, base.clusters)).not.toBeNull();
      r.centers.forEach((row, l) => row.forEach((v, j) => relClose(v / factor, base.centers[l]?.[j] as number, 1e-12)));
    }
  });

  it('large offsets do not disturb the partition', () => {
    const base = ok(kmeans(ref.data.blobs, 4, { seed: 1 }));
    const r = ok(kmeans(ref.data.blobs.map((row) => row.map((v) => v + 1e9)), 4, { seed: 1 }));
    expect(samePartition(r.clusters, base.clusters)).not.toBeNull();
  });

  it('invalid arguments throw with the function name', () => {
    const data = [[1], [2], [3]];
    expect(() => kmeans(data, 0, { seed: 1 })).toThrow(RangeError);
    expect(() => kmeans(data, 1.5, { seed: 1 })).toThrow(/^kmeans: k must be an integer/);
    expect(() => kmeans(data, 2, {} as { seed: number })).toThrow(TypeError);
    expect(() => kmeans(data, 2, { seed: 1, algorithm: 'macqueen' as 'lloyd' })).toThrow(/^kmeans: algorithm/);
    expect(() => kmeans(data, 2, { seed: 1, restarts: 0 })).toThrow(RangeError);
    expect(() => kmeans(data, 2, { seed: 1, sampleSize: 1 })).toThrow(/sampleSize/);
    expect(() => kmeans([[1, 2], [3]], 1, { seed: 1 })).toThrow(/^kmeans: every row must have 2 values/);
    expect(() => kmeans([[1], [Infinity]], 1, { seed: 1 })).toThrow(/finite/);
    expect(() => kmeans({ values: new Float64Array(5), rows: 2, columns: 3 }, 1, { seed: 1 })).toThrow(RangeError);
  });
});

describe('kmeans properties', () => {
  const dataset = fc
    .integer({ min: 1, max: 3 })
    .chain((p) => fc.array(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: p, maxLength: p }), { minLength: 2, maxLength: 40 }));

  it('Hartigan–Wong ends in a local optimum: no single point move lowers the total within-SS', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 1, max: 5 }), fc.integer(), (data, k, seed) => {
        const r = kmeans(data, k, { seed, restarts: 2 });
        if (r.status !== 'ok') return;
        expect(r.converged).toBe(true);
        const { centers, sizes, clusters } = r;
        data.forEach((x, i) => {
          const own = clusters[i] as number;
          const n1 = sizes[own] as number;
          if (n1 === 1) return;
          const d2 = (c: readonly number[]) => x.reduce((s, v, j) => s + (v - (c[j] as number)) ** 2, 0);
          const loss = (n1 / (n1 - 1)) * d2(centers[own] as number[]);
          centers.forEach((c, l) => {
            if (l === own) return;
            const n2 = sizes[l] as number;
            const gain = (n2 / (n2 + 1)) * d2(c);
            expect(gain).toBeGreaterThanOrEqual(loss - 1e-9 * (1 + loss));
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  it('Lloyd ends at a fixed point: every point is nearest to its own centre', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 1, max: 5 }), fc.integer(), (data, k, seed) => {
        const r = kmeans(data, k, { seed, restarts: 1, algorithm: 'lloyd' });
        if (r.status !== 'ok') return;
        data.forEach((x, i) => {
          const d2 = (c: readonly number[]) => x.reduce((s, v, j) => s + (v - (c[j] as number)) ** 2, 0);
          const own = d2(r.centers[r.clusters[i] as number] as number[]);
          for (const c of r.centers) expect(own).toBeLessThanOrEqual(d2(c) + 1e-9 * (1 + own));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('sums of squares add up, sizes cover the rows, insufficient only when k exceeds the distinct points', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 1, max: 6 }), fc.integer(), fc.constantFrom('hartigan-wong', 'lloyd'), (data, k, seed, algorithm) => {
        const distinct = new Set(data.map((row) => row.join(','))).size;
        const r = kmeans(data, k, { seed, restarts: 2, algorithm: algorithm as 'lloyd' });
        if (k > distinct) {
          expect(r.status).toBe('insufficient');
          return;
        }
        const result = ok(r);
        expect(result.sizes.reduce((s, v) => s + v, 0)).toBe(data.length);
        expect(result.sizes.every((s) => s > 0)).toBe(true);
        expect(result.withinSS.every((w) => w >= 0)).toBe(true);
        expect(Math.abs(result.totalWithinSS + result.betweenSS - result.totSS)).toBeLessThanOrEqual(1e-9 * (1 + result.totSS));
        expect(result.totalWithinSS).toBeLessThanOrEqual(result.totSS * (1 + 1e-12) + 1e-12);
        const total = result.withinSS.reduce((s, w) => s + w, 0);
        expect(Math.abs(total - result.totalWithinSS)).toBeLessThanOrEqual(1e-9 * (1 + total));
      }),
      { numRuns: 200 },
    );
  });
});
