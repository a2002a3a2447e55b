/**
 * silhouettes (several partitions, shared points and distances) and the seeded sample of silhouette against
 * scikit-learn 1.2.1 (numpy 1.24.2): `silhouette_score` / `silhouette_samples` on 600 rows shaped like the
 * segments features, for KMeans partitions k = 2..6, a random labelling and one with a singleton cluster
 * (test/reference/silhouettes.py → silhouettes.sklearn.json; each record holds its exact call). The sampled values
 * are sklearn's on the rows servq samples (`silhouette_score(X[idx], labels[idx])`, idx from a Python port of
 * servq's generator). Same formula and Euclidean distances, other summation order: relative tolerance 1e-10.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom, sampleIndices } from '../../src/analysis/kmeans/seeded-random.js';
import type { SilhouetteResult } from '../../src/analysis/silhouette.js';
import { SILHOUETTE_WARNINGS, silhouette } from '../../src/analysis/silhouette.js';
import { silhouettes } from '../../src/analysis/silhouettes.js';

interface Score {
  call: string;
  version: string;
  silhouette_score: number;
  silhouette_samples?: number[];
}
interface Reference {
  version: string;
  x: number[][];
  sampleSize: number;
  sampleSeed: number;
  sampleIndices: number[];
  partitions: { name: string; labels: number[]; exact: Score; fullSample: Score; sampled: Score }[];
}
const ref = JSON.parse(readFileSync(new URL('../reference/silhouettes.sklearn.json', import.meta.url), 'utf8')) as Reference;
const labelSets = ref.partitions.map((p) => p.labels);

function relClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

function ok(r: ReturnType<typeof silhouette> | undefined): SilhouetteResult {
  if (r === undefined) throw new Error('expected a result, got none');
  if (r.status !== 'ok') throw new Error(`expected ok, got ${r.reason}`);
  return r;
}

describe('silhouettes = sklearn silhouette_score per partition (scikit-learn 1.2.1)', () => {
  const exact = silhouettes(ref.x, labelSets).map(ok);

  it.each(ref.partitions.map((p, i) => [p.name, p, i] as const))('exact: %s', (_name, p, i) => {
    const r = exact[i] as SilhouetteResult;
    expect(r.method).toBe('exact');
    expect(r.evaluatedRows).toBe(600);
    // silhouette_score(X, labels), silhouette_samples(X, labels)
    relClose(r.meanSilhouette, p.exact.silhouette_score, 1e-10);
    r.widths.forEach((w, j) => relClose(w, p.exact.silhouette_samples?.[j] as number, 1e-10));
    // silhouette_score(X, labels, sample_size=600, random_state=0): the full data as the sample
    relClose(ok(silhouettes(ref.x, [p.labels], { sampleSize: 600, seed: 5 })[0]).meanSilhouette, p.fullSample.silhouette_score, 1e-10);
  });

  it.each(ref.partitions.map((p, i) => [p.name, p, i] as const))('sampled (200 of 600, seed 7): %s', (_name, p, i) => {
    const r = ok(silhouettes(ref.x, labelSets, { sampleSize: ref.sampleSize, seed: ref.sampleSeed })[i]);
    expect(r.method).toBe('sampled');
    expect(r.seed).toBe(7);
    expect(r.evaluatedRows).toBe(200);
    const evaluated = r.widths.flatMap((w, j) => (Number.isNaN(w) ? [] : [j]));
    // the rows the Python port of the generator picked
    expect(evaluated).toEqual(ref.sampleIndices);
    // silhouette_score(X[idx], labels[idx]), silhouette_samples(X[idx], labels[idx])
    relClose(r.meanSilhouette, p.sampled.silhouette_score, 1e-10);
    evaluated.forEach((row, s) => relClose(r.widths[row] as number, p.sampled.silhouette_samples?.[s] as number, 1e-10));
    // silhouette() on its own draws the same sample and gets the same value
    const single = ok(silhouette(ref.x, p.labels, { sampleSize: ref.sampleSize, seed: ref.sampleSeed }));
    relClose(single.meanSilhouette, p.sampled.silhouette_score, 1e-10);
    expect(single.warnings.map((w) => w.code)).toContain(SILHOUETTE_WARNINGS.sampled);
  });

  it('sampleIndices = the Python port used for the reference', () => {
    expect(Array.from(sampleIndices(600, ref.sampleSize, new SeededRandom(ref.sampleSeed)))).toEqual(ref.sampleIndices);
  });
});

describe('silhouettes = silhouette per partition', () => {
  it('equals silhouette() on each partition to rounding; one partition alone bit for bit', () => {
    const many = silhouettes(ref.x, labelSets).map(ok);
    labelSets.forEach((labels, i) => {
      const one = ok(silhouette(ref.x, labels));
      const r = many[i] as SilhouetteResult;
      relClose(r.meanSilhouette, one.meanSilhouette, 1e-14);
      r.widths.forEach((w, j) => relClose(w, one.widths[j] as number, 1e-14));
      expect(r.clusters.map((c) => [c.cluster, c.size])).toEqual(one.clusters.map((c) => [c.cluster, c.size]));
      expect(r.warnings).toEqual(one.warnings);
      expect(ok(silhouettes(ref.x, [labels])[0])).toEqual(one);
    });
  });

  it('the singleton partition reports its singleton, as silhouette does', () => {
    const r = ok(silhouettes(ref.x, labelSets)[labelSets.length - 1]);
    expect(r.widths[17]).toBe(0);
    expect(r.warnings.map((w) => w.code)).toContain(SILHOUETTE_WARNINGS.singletonCluster);
  });

  it('flat Float64Array input gives the same result as row arrays', () => {
    const values = new Float64Array(ref.x.flat());
    const flat = silhouettes({ values, rows: 600, columns: 10 }, labelSets.map((l) => Int32Array.from(l)));
    const rows = silhouettes(ref.x, labelSets);
    expect(flat.map((r) => ok(r).meanSilhouette)).toEqual(rows.map((r) => ok(r).meanSilhouette));
  });

  it('partitions that leave out different rows are each scored on their own points', () => {
    const a = ref.partitions[1]?.labels as number[];
    const b = (ref.partitions[2]?.labels as number[]).map((c, j) => (j % 10 === 0 ? -1 : c));
    const [ra, rb] = silhouettes(ref.x, [a, b], { sampleSize: 150, seed: 2 }).map(ok);
    expect(ra).toEqual(ok(silhouette(ref.x, a, { sampleSize: 150, seed: 2 })));
    expect(rb).toEqual(ok(silhouette(ref.x, b, { sampleSize: 150, seed: 2 })));
    expect(rb?.warnings.map((w) => w.code)).toContain(SILHOUETTE_WARNINGS.rowsLeftOut);
  });

  it('too many label combinations to share the sums: a pass per partition, still equal', () => {
    // 2 100 points, three labellings with 60 clusters each: nearly every point its own combination
    const random = new SeededRandom(11);
    const x = Array.from({ length: 2100 }, () => [random.nextDouble(), random.nextDouble()]);
    const parts = [0, 1, 2].map(() => x.map(() => random.nextInt(60)));
    const many = silhouettes(x, parts).map(ok);
    parts.forEach((labels, i) => expect(many[i]).toEqual(ok(silhouette(x, labels))));
  });

  it('an unscorable partition is insufficient without affecting the others', () => {
    const labels = ref.partitions[1]?.labels as number[];
    const r = silhouettes(ref.x, [new Array<number>(600).fill(0), labels, ref.x.map((_, j) => j)]);
    expect(r.map((q) => q.status)).toEqual(['insufficient', 'ok', 'insufficient']);
    expect(r[0]?.status === 'insufficient' ? r[0].reason : '').toMatch(/^silhouette: needs 2 to n − 1 clusters/);
    expect(ok(r[1])).toEqual(ok(silhouette(ref.x, labels)));
  });

  it('edge cases: no partitions, empty data, n = 1, all-equal points, duplicates across clusters', () => {
    expect(silhouettes(ref.x, [])).toEqual([]);
    expect(silhouettes([], [[]]).map((r) => r.status)).toEqual(['insufficient']);
    expect(silhouettes([[1]], [[0]]).map((r) => r.status)).toEqual(['insufficient']);
    const equal = silhouettes([[1, 1], [1, 1], [1, 1], [1, 1]], [[0, 0, 1, 1], [0, 1, 0, 1]]).map(ok);
    expect(equal.map((r) => r.meanSilhouette)).toEqual([0, 0]);
    // duplicates split between clusters 0 and 1: a = b = 0, width 0 (R and sklearn too)
    const dup = silhouettes([[0], [0], [0], [0], [5], [6]], [[0, 1, 0, 1, 2, 2], [0, 0, 1, 1, 1, 1]]).map(ok);
    expect(dup[0]?.widths.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(dup[1]?.widths.slice(0, 2)).toEqual([1, 1]);
  });

  it('invalid arguments throw with the function name', () => {
    expect(() => silhouettes([[1], [2]], [[0, 1], [0]])).toThrow(/^silhouettes: clusters must have one label per row/);
    expect(() => silhouettes([[1], [2]], 'ab' as unknown as number[][])).toThrow(TypeError);
    expect(() => silhouettes([[1], [2]], [[0, 1.5]])).toThrow(RangeError);
    expect(() => silhouettes([[1], [2]], [[0, 1]], { sampleSize: 1 })).toThrow(/^silhouettes: sampleSize/);
    expect(() => silhouettes([[1], [Infinity]], [[0, 1]])).toThrow(/finite/);
  });
});

describe('silhouettes properties', () => {
  const partitioned = fc.integer({ min: 1, max: 3 }).chain((p) =>
    fc.array(
      fc.record({
        x: fc.array(fc.integer({ min: -6400, max: 6400 }).map((v) => v / 64), { minLength: p, maxLength: p }),
        a: fc.integer({ min: 0, max: 3 }),
        b: fc.integer({ min: 0, max: 4 }),
      }),
      { minLength: 3, maxLength: 40 },
    ),
  );

  it('each partition scored together equals it scored alone (relative 1e-12)', () => {
    fc.assert(
      fc.property(partitioned, fc.integer({ min: 2, max: 50 }), (points, sampleSize) => {
        const x = points.map((q) => q.x);
        const parts = [points.map((q) => q.a), points.map((q) => q.b)];
        const together = silhouettes(x, parts, { sampleSize, seed: 3 });
        parts.forEach((labels, i) => {
          const alone = silhouette(x, labels, { sampleSize, seed: 3 });
          const r = together[i];
          expect(r?.status).toBe(alone.status);
          if (r?.status !== 'ok' || alone.status !== 'ok') return;
          relClose(r.meanSilhouette, alone.meanSilhouette, 1e-12);
          r.widths.forEach((w, j) => (Number.isNaN(w) ? expect(alone.widths[j]).toBeNaN() : relClose(w, alone.widths[j] as number, 1e-12)));
        });
      }),
      { numRuns: 200 },
    );
  });
});
