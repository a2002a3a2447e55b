/**
 * segmentFits (stage 3 of `servq analyze segments`): up to SEGMENT_FIT_SAMPLE rows it is chooseK with the chosen
 * fit kept (the curve chooseK gives, silhouettes equal to rounding, and the fit kmeans gives at that k); above, every
 * k is fitted on the same seeded sample with SEGMENT_FIT_RESTARTS_SAMPLED starts and all rows assigned, the same on
 * every run. Data: the 600 segments-shaped rows of test/reference/silhouettes.sklearn.json, and 6 000 rows from
 * servq's seeded generator.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseK } from '../../src/analysis/choose-k.js';
import { kmeans } from '../../src/analysis/kmeans/index.js';
import type { FlatMatrix } from '../../src/analysis/kmeans/matrix.js';
import { SeededRandom } from '../../src/analysis/kmeans/seeded-random.js';
import { SEGMENT_K_MAX, SEGMENT_K_MIN, SEGMENT_SILHOUETTE_SAMPLE, SEGMENT_VARIANTS } from '../../src/analyze/analyses/segments.js';
import { SEGMENT_FIT_RESTARTS_SAMPLED, SEGMENT_FIT_SAMPLE, segmentFits, type SegmentFits } from '../../src/analyze/analyses/segments-fit.js';

const ref = JSON.parse(readFileSync(new URL('../reference/silhouettes.sklearn.json', import.meta.url), 'utf8')) as { x: number[][] };
const options = { seed: 1, kMin: SEGMENT_K_MIN, kMax: SEGMENT_K_MAX, silhouetteSampleSize: SEGMENT_SILHOUETTE_SAMPLE };

function flat(rows: readonly (readonly number[])[]): FlatMatrix {
  return { values: new Float64Array(rows.flat()), rows: rows.length, columns: rows[0]?.length ?? 0 };
}

function ok(r: SegmentFits | { readonly reason: string }): SegmentFits {
  if ('reason' in r) throw new Error(`expected fits, got ${r.reason}`);
  return r;
}

/** n rows: 2 continuous features in 3 planted groups, a 4-level one-hot, like segments' features. */
function segmentsLike(n: number, seed: number): FlatMatrix {
  const random = new SeededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  const values = new Float64Array(n * 6);
  for (let i = 0; i < n; i++) {
    const g = random.nextInt(3);
    values[i * 6] = normal() + 5 * g;
    values[i * 6 + 1] = normal() - 3 * g;
    values[i * 6 + 2 + (random.nextDouble() < 0.7 ? g : random.nextInt(4))] = 1;
  }
  return { values, rows: n, columns: 6 };
}

describe('segmentFits up to SEGMENT_FIT_SAMPLE rows = chooseK, the chosen fit kept', () => {
  it('the same curve and k as chooseK, and the fit kmeans gives at that k', () => {
    const matrix = flat(ref.x);
    const fits = ok(segmentFits(matrix, options));
    const choice = chooseK(matrix, options);
    if (choice.status !== 'ok') throw new Error(choice.reason);
    expect(fits.fittedOnSample).toBe(false);
    expect(fits.recommendedK).toBe(choice.recommendedK);
    expect(fits.curve.map((q) => [q.k, q.totalWithinSS, q.betweenShare])).toEqual(choice.curve.map((q) => [q.k, q.totalWithinSS, q.betweenShare]));
    fits.curve.forEach((q, i) => expect(Math.abs((q.meanSilhouette as number) - (choice.curve[i]?.meanSilhouette as number))).toBeLessThanOrEqual(1e-14));
    const refit = kmeans(matrix, fits.recommendedK, { seed: 1 });
    if (refit.status !== 'ok') throw new Error(refit.reason);
    expect(fits.fit.clusters).toEqual(refit.clusters);
  });

  it('too few rows, or too few distinct points for k = 2, give a reason', () => {
    expect(segmentFits(flat([[0], [1]]), options)).toEqual({ reason: 'segments: needs at least 3 complete rows, got 2' });
    expect(segmentFits(flat([[1], [1], [1], [1]]), options)).toEqual({ reason: 'segments: no k in 2..8 could be fitted and scored on 4 complete rows' });
  });

  it('the curve stops at the first k with fewer distinct points', () => {
    // 4 distinct values: k = 5 cannot be fitted
    const fits = ok(segmentFits(flat([[0], [0], [1], [1], [5], [5], [9]]), options));
    expect(fits.curve.map((q) => q.k)).toEqual([2, 3, 4]);
  });
});

describe('segmentFits above SEGMENT_FIT_SAMPLE rows: fitted on a seeded sample, every row assigned', () => {
  const matrix = segmentsLike(6000, 3);
  const fits = ok(segmentFits(matrix, options));

  it('fits every k on the sample with the stated starts, and keeps the chosen fit', () => {
    expect(fits.fittedOnSample).toBe(true);
    expect(fits.curve.map((q) => q.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const same = kmeans(matrix, fits.recommendedK, { seed: 1, sampleSize: SEGMENT_FIT_SAMPLE, restarts: SEGMENT_FIT_RESTARTS_SAMPLED, localSearch: false });
    if (same.status !== 'ok') throw new Error(same.reason);
    expect(fits.fit.clusters).toEqual(same.clusters);
    expect(fits.fit.fittedRows).toBe(SEGMENT_FIT_SAMPLE);
    expect(fits.fit.clusters).toHaveLength(6000);
    expect(fits.fit.clusters.every((c) => c >= 0 && c < fits.recommendedK)).toBe(true);
    // the best silhouette is the chosen one, the smallest k on ties
    const best = Math.max(...fits.curve.map((q) => q.meanSilhouette as number));
    expect(fits.curve.find((q) => q.meanSilhouette === best)?.k).toBe(fits.recommendedK);
  });

  it('recovers the three planted groups and is the same on every run (seeded)', () => {
    expect(fits.recommendedK).toBe(3);
    expect(ok(segmentFits(matrix, options))).toEqual(fits);
    expect(ok(segmentFits(matrix, { ...options, seed: 2 })).recommendedK).toBe(3);
  });

  it('the document states both samples', () => {
    expect(SEGMENT_VARIANTS['mean_silhouette']).toContain(`fitted on a seeded sample of ${SEGMENT_FIT_SAMPLE}`);
    expect(SEGMENT_VARIANTS['mean_silhouette']).toContain(`${SEGMENT_FIT_RESTARTS_SAMPLED} starts`);
    expect(SEGMENT_VARIANTS['mean_silhouette']).toContain(`seeded sample of ${SEGMENT_SILHOUETTE_SAMPLE} complaints`);
  });
});
