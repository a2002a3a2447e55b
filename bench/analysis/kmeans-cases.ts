/**
 * Bench cases for clustering: kmeans (Lloyd at 1M rows against scikit-learn, Hartigan–Wong with restarts
 * against R), silhouette on 10k points against scikit-learn, and the ml-kmeans package as the baseline that
 * kmeans replaced (plain JS arrays, ~20× slower at 100k rows).
 *
 * Data: Gaussian blobs like scikit-learn's `make_blobs` (equal-size clusters, centres uniform in [−10, 10]^p,
 * standard deviation 1), built with servq's seeded generator in JS and with `make_blobs` in Python: the same
 * distribution and size, not the same numbers.
 */
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeans } from '../../src/analysis/kmeans/index.js';
import type { FlatMatrix } from '../../src/analysis/kmeans/index.js';
import { SeededRandom } from '../../src/analysis/kmeans/seeded-random.js';
import { silhouette } from '../../src/analysis/silhouette.js';
import type { AnalysisBenchCase } from './bench-case.js';

/** `make_blobs`-like data: n rows, p features, k equal-size clusters (row i in cluster i mod k). */
function blobs(n: number, p: number, k: number, seed: number): { matrix: FlatMatrix; labels: Int32Array } {
  const random = new SeededRandom(seed);
  const centres = new Float64Array(k * p);
  for (let i = 0; i < k * p; i++) centres[i] = random.nextDouble() * 20 - 10;
  const values = new Float64Array(n * p);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    labels[i] = c;
    for (let j = 0; j < p; j++) values[i * p + j] = (centres[c * p + j] as number) + normal(random);
  }
  return { matrix: { values, rows: n, columns: p }, labels };
}

function normal(random: SeededRandom): number {
  const u = 1 - random.nextDouble();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
}

function toRows(matrix: FlatMatrix): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) rows.push(Array.from(matrix.values.subarray(i * matrix.columns, (i + 1) * matrix.columns)));
  return rows;
}

const pythonBlobs = (n: number, p: number) => `
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score
X, y = make_blobs(n_samples=${n}, n_features=${p}, centers=8, cluster_std=1.0, center_box=(-10, 10), random_state=42)
`;

export const cases: readonly AnalysisBenchCase[] = [
  {
    name: 'kmeans lloyd 1M × 6, k = 8, 1 start (k-means++, max 300 iterations, tol 1e-4)',
    setup: () => blobs(1_000_000, 6, 8, 42).matrix,
    run: (input) =>
      kmeans(input as FlatMatrix, 8, { seed: 1, restarts: 1, algorithm: 'lloyd', maxIterations: 300, tolerance: 1e-4 }),
    python: `${pythonBlobs(1_000_000, 6)}
def work():
    return KMeans(n_clusters=8, n_init=1, init='k-means++', algorithm='lloyd', max_iter=300, tol=1e-4, random_state=0).fit(X).inertia_
`,
  },
  {
    name: 'kmeans lloyd 1M × 10, k = 8, 1 start (memory: < 300 MB RSS)',
    setup: () => blobs(1_000_000, 10, 8, 43).matrix,
    run: (input) =>
      kmeans(input as FlatMatrix, 8, { seed: 1, restarts: 1, algorithm: 'lloyd', maxIterations: 300, tolerance: 1e-4 }),
    python: `${pythonBlobs(1_000_000, 10)}
def work():
    return KMeans(n_clusters=8, n_init=1, init='k-means++', algorithm='lloyd', max_iter=300, tol=1e-4, random_state=0).fit(X).inertia_
`,
  },
  {
    name: 'kmeans hartigan-wong 100k × 6, k = 8, 10 restarts (R defaults but iter.max 100)',
    setup: () => blobs(100_000, 6, 8, 44).matrix,
    run: (input) => kmeans(input as FlatMatrix, 8, { seed: 1, restarts: 10, maxIterations: 100 }),
    r: `
set.seed(42)
centres <- matrix(runif(8 * 6, -10, 10), nrow = 8)
x <- centres[rep(1:8, length.out = 100000), ] + matrix(rnorm(100000 * 6), ncol = 6)
work <- function() kmeans(x, centers = 8, nstart = 10, iter.max = 100, algorithm = "Hartigan-Wong")$tot.withinss
`,
  },
  {
    name: 'silhouette 10k × 6, 8 clusters (exact, all pairs)',
    setup: () => blobs(10_000, 6, 8, 45),
    run: (input) => {
      const { matrix, labels } = input as ReturnType<typeof blobs>;
      return silhouette(matrix, labels);
    },
    python: `${pythonBlobs(10_000, 6)}
def work():
    return silhouette_score(X, y)
`,
  },
  {
    name: 'kmeans lloyd 100k × 6, k = 8, 1 start (servq, for the ml-kmeans baseline below)',
    setup: () => blobs(100_000, 6, 8, 46).matrix,
    run: (input) => kmeans(input as FlatMatrix, 8, { seed: 1, restarts: 1, algorithm: 'lloyd', maxIterations: 100 }),
    python: `${pythonBlobs(100_000, 6)}
def work():
    return KMeans(n_clusters=8, n_init=1, init='k-means++', algorithm='lloyd', max_iter=100, tol=0, random_state=0).fit(X).inertia_
`,
  },
  {
    name: 'ml-kmeans 7.0.1 100k × 6, k = 8, 1 start (baseline: the npm package on number[][])',
    setup: () => toRows(blobs(100_000, 6, 8, 46).matrix),
    run: (input) => mlKmeans(input as number[][], 8, { seed: 1, initialization: 'kmeans++', maxIterations: 100 }),
    python: `${pythonBlobs(100_000, 6)}
def work():
    return KMeans(n_clusters=8, n_init=1, init='k-means++', algorithm='lloyd', max_iter=100, tol=0, random_state=0).fit(X).inertia_
`,
  },
];
