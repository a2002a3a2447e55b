/**
 * silhouette against R 4.2.2 `cluster::silhouette(cl, dist(x))` (cluster 2.1.4) and scikit-learn 1.2.1
 * `silhouette_score` / `silhouette_samples` (test/reference/kmeans.R and kmeans.py, "silhouette" sections).
 * Same formula and Euclidean distances, only the summation order differs: relative tolerance 1e-10.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SILHOUETTE_WARNINGS, silhouette } from '../../src/analysis/silhouette.js';
import type { SilhouetteResult } from '../../src/analysis/silhouette.js';

interface SilRecord {
  call: string;
  data: string;
  x?: number[][];
  clusters: number[];
  'avg.width': number;
  'clus.avg.widths': number[];
  'clus.sizes': number[];
  sil_width: number[];
}
interface Reference {
  data: Record<'iris' | 'blobs' | 'noise', number[][]>;
  silhouette: SilRecord[];
}
interface SklearnReference {
  silhouette: { call: string; silhouette_score: number; silhouette_samples: number[] }[];
}
const ref = JSON.parse(readFileSync(new URL('../reference/kmeans.json', import.meta.url), 'utf8')) as Reference;
const sk = JSON.parse(readFileSync(new URL('../reference/kmeans.sklearn.json', import.meta.url), 'utf8')) as SklearnReference;

function dataOf(s: SilRecord): number[][] {
  if (s.x !== undefined) return s.x;
  if (s.data === 'noise300') return ref.data.noise.slice(0, 300);
  return ref.data[s.data as 'iris' | 'blobs'];
}

function relClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

function ok(r: ReturnType<typeof silhouette>): SilhouetteResult {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${r.reason}`);
  return r;
}

describe('silhouette = R cluster::silhouette and sklearn silhouette_score', () => {
  it.each(ref.silhouette.map((s, i) => [s.call, s, i] as const))('%s', (_call, s, i) => {
    const r = ok(silhouette(dataOf(s), s.clusters));
    expect(r.method).toBe('exact');
    relClose(r.meanSilhouette, s['avg.width'], 1e-10);
    expect(r.clusters.map((c) => c.size)).toEqual(s['clus.sizes']);
    r.clusters.forEach((c, l) => relClose(c.meanSilhouette, s['clus.avg.widths'][l] as number, 1e-10));
    r.widths.forEach((w, j) => relClose(w, s.sil_width[j] as number, 1e-10));
    const skCase = sk.silhouette[i];
    relClose(r.meanSilhouette, skCase?.silhouette_score as number, 1e-10);
    r.widths.forEach((w, j) => relClose(w, skCase?.silhouette_samples[j] as number, 1e-10));
  });

  it('labels are used as given (R 1-based, 0-based or arbitrary integers give the same widths)', () => {
    const s = ref.silhouette[0] as SilRecord;
    const a = ok(silhouette(ref.data.iris, s.clusters));
    const b = ok(silhouette(ref.data.iris, s.clusters.map((c) => c * 10 + 3)));
    expect(Array.from(b.widths)).toEqual(Array.from(a.widths));
    expect(b.clusters.map((c) => c.cluster)).toEqual([13, 23, 33]);
  });

  it('flat Float64Array input gives the same result', () => {
    const s = ref.silhouette[2] as SilRecord;
    const rows = ref.data.blobs;
    const values = new Float64Array(rows.flat());
    const a = ok(silhouette(rows, s.clusters));
    const b = ok(silhouette({ values, rows: rows.length, columns: 3 }, Int32Array.from(s.clusters)));
    expect(b.meanSilhouette).toBe(a.meanSilhouette);
  });
});

describe('silhouette edge cases', () => {
  it('a singleton cluster has width 0 and is reported (R gives 0 too)', () => {
    const s = ref.silhouette.find((q) => q.data === 'small') as SilRecord;
    const r = ok(silhouette(dataOf(s), s.clusters));
    expect(r.widths[5]).toBe(0);
    expect(r.warnings.map((w) => w.code)).toContain(SILHOUETTE_WARNINGS.singletonCluster);
  });

  it('duplicates shared across clusters (a = b = 0) have width 0, as in R and sklearn', () => {
    const s = ref.silhouette.find((q) => q.data === 'dup') as SilRecord;
    const r = ok(silhouette(dataOf(s), s.clusters));
    expect(r.widths.slice(0, 4)).toEqual([0, 0, 0, 0]);
  });

  it('one cluster, or as many clusters as points, is insufficient (sklearn accepts 2..n-1)', () => {
    expect(silhouette([[1], [2], [3]], [0, 0, 0]).status).toBe('insufficient');
    expect(silhouette([[1], [2], [3]], [0, 1, 2]).status).toBe('insufficient');
    expect(silhouette([], []).status).toBe('insufficient');
    expect(silhouette([[1]], [0]).status).toBe('insufficient');
  });

  it('rows with NaN/null values or a negative/NaN label are left out and reported', () => {
    const data: (number | null)[][] = [[0], [0.5], [NaN], [10], [10.5], [null], [3]];
    const r = ok(silhouette(data, [0, 0, 0, 1, 1, 1, -1]));
    const clean = ok(silhouette([[0], [0.5], [10], [10.5]], [0, 0, 1, 1]));
    expect(r.meanSilhouette).toBe(clean.meanSilhouette);
    expect(r.evaluatedRows).toBe(4);
    expect(Number.isNaN(r.widths[2] as number)).toBe(true);
    expect(Number.isNaN(r.widths[6] as number)).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain(SILHOUETTE_WARNINGS.rowsLeftOut);
    expect(ok(silhouette([[0], [0.5], [10], [10.5], [7]], [0, 0, 1, 1, NaN])).evaluatedRows).toBe(4);
  });

  it('all-equal points in two clusters: every width 0', () => {
    const r = ok(silhouette([[1, 1], [1, 1], [1, 1], [1, 1]], [0, 0, 1, 1]));
    expect(r.meanSilhouette).toBe(0);
  });

  it('huge and tiny magnitudes give the same widths (distances rescaled by an exact power of two)', () => {
    const s = ref.silhouette[2] as SilRecord;
    const base = ok(silhouette(ref.data.blobs, s.clusters));
    for (const factor of [1e200, 1e-200]) {
      const r = ok(silhouette(ref.data.blobs.map((row) => row.map((v) => v * factor)), s.clusters));
      relClose(r.meanSilhouette, base.meanSilhouette, 1e-12);
    }
  });

  it('above sampleSize it samples (seeded, reported) and stays close to the exact value', () => {
    const s = ref.silhouette[3] as SilRecord;
    const data = dataOf(s);
    const exact = ok(silhouette(data, s.clusters));
    const a = ok(silhouette(data, s.clusters, { sampleSize: 150, seed: 3 }));
    const b = ok(silhouette(data, s.clusters, { sampleSize: 150, seed: 3 }));
    const c = ok(silhouette(data, s.clusters, { sampleSize: 150, seed: 4 }));
    expect(a.method).toBe('sampled');
    expect(a.evaluatedRows).toBe(150);
    expect(a.seed).toBe(3);
    expect(a.meanSilhouette).toBe(b.meanSilhouette);
    expect(c.meanSilhouette).not.toBe(a.meanSilhouette);
    expect(Math.abs(a.meanSilhouette - exact.meanSilhouette)).toBeLessThan(0.05);
    expect(a.warnings.map((w) => w.code)).toContain(SILHOUETTE_WARNINGS.sampled);
    expect(Array.from(a.widths).filter((w) => !Number.isNaN(w)).length).toBe(150);
  });

  it('default: exact up to 10 000 points', () => {
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      rows.push([i % 2 === 0 ? i / 10_000 : 5 + i / 10_000]);
      labels.push(i % 2);
    }
    expect(ok(silhouette(rows, labels)).method).toBe('exact');
    rows.push([1]);
    labels.push(0);
    const sampled = ok(silhouette(rows, labels));
    expect(sampled.method).toBe('sampled');
    expect(sampled.evaluatedRows).toBe(10_000);
  });

  it('invalid arguments throw with the function name', () => {
    expect(() => silhouette([[1], [2]], [0])).toThrow(/^silhouette: clusters must have one label per row/);
    expect(() => silhouette([[1], [2]], [0, 1.5])).toThrow(RangeError);
    expect(() => silhouette([[1], [2]], [0, 1], { sampleSize: 1 })).toThrow(RangeError);
    expect(() => silhouette([[1], [Infinity]], [0, 1])).toThrow(/finite/);
    expect(() => silhouette([[1, 2], [3]], [0, 1])).toThrow(RangeError);
  });
});

describe('silhouette properties', () => {
  const partitioned = fc.integer({ min: 1, max: 3 }).chain((p) =>
    fc.array(
      fc.record({
        // multiples of 1/64: no subnormal values, whose scaling by 2^e is not exact
        x: fc.array(fc.integer({ min: -6400, max: 6400 }).map((v) => v / 64), { minLength: p, maxLength: p }),
        c: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 3, maxLength: 40 },
    ),
  );

  it('widths lie in [-1, 1]; the mean is the mean of the widths and of the per-cluster sums', () => {
    fc.assert(
      fc.property(partitioned, (points) => {
        const r = silhouette(points.map((q) => q.x), points.map((q) => q.c));
        if (r.status !== 'ok') return;
        let sum = 0;
        for (const w of r.widths) {
          expect(w).toBeGreaterThanOrEqual(-1 - 1e-12);
          expect(w).toBeLessThanOrEqual(1 + 1e-12);
          sum += w;
        }
        expect(Math.abs(sum / r.widths.length - r.meanSilhouette)).toBeLessThanOrEqual(1e-12);
        const weighted = r.clusters.reduce((s, c) => s + c.meanSilhouette * c.size, 0) / r.evaluatedRows;
        expect(Math.abs(weighted - r.meanSilhouette)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('is invariant to scaling the data by a positive power of two and to renaming clusters', () => {
    fc.assert(
      fc.property(partitioned, fc.integer({ min: -20, max: 20 }), (points, e) => {
        const labels = points.map((q) => q.c);
        const a = silhouette(points.map((q) => q.x), labels);
        const b = silhouette(points.map((q) => q.x.map((v) => v * 2 ** e)), labels.map((c) => 7 - c));
        if (a.status !== 'ok' || b.status !== 'ok') {
          expect(b.status).toBe(a.status);
          return;
        }
        expect(Array.from(b.widths)).toEqual(Array.from(a.widths));
      }),
      { numRuns: 150 },
    );
  });
});
