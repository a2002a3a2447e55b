/**
 * Bench cases for the rank tests and correlations at realistic sizes, each beside SciPy doing the same work:
 * a Mann–Whitney test of two teams' handling times (2 × 100k calls, whole seconds, so with ties) against
 * `scipy.stats.mannwhitneyu`; a 30 × 30 Spearman matrix of per-call metrics on 100k rows against
 * `scipy.stats.spearmanr` on the matrix; Kendall's tau of wait time against a 1–5 satisfaction score on 10k
 * surveys against `scipy.stats.kendalltau`.
 */

import { correlation, correlationMatrix } from '../../src/analysis/correlation/index.js';
import { mannWhitneyTest } from '../../src/analysis/mann-whitney-test.js';
import type { AnalysisBenchCase } from './bench-case.js';

/** mulberry32: a small seeded PRNG so the inputs are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates by Box–Muller from the seeded uniforms. */
function normals(n: number, seed: number): Float64Array {
  const u = mulberry32(seed);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return z;
}

/** n handling times in whole seconds, log-normal with median e^mu. */
function handlingSeconds(n: number, mu: number, seed: number): Float64Array {
  const z = normals(n, seed);
  for (let i = 0; i < n; i++) z[i] = Math.round(Math.exp(mu + 0.8 * (z[i] as number)));
  return z;
}

/** 30 per-call metrics on 100k rows: three latent factors plus noise, so the matrix has structure. */
function metricColumns(rows: number, count: number, seed: number): Record<string, Float64Array> {
  const factors = [normals(rows, seed), normals(rows, seed + 1), normals(rows, seed + 2)];
  const columns: Record<string, Float64Array> = {};
  for (let c = 0; c < count; c++) {
    const noise = normals(rows, seed + 10 + c);
    const factor = factors[c % 3] as Float64Array;
    const weight = 0.3 + (c % 5) * 0.15;
    const column = new Float64Array(rows);
    for (let i = 0; i < rows; i++) column[i] = weight * (factor[i] as number) + (noise[i] as number);
    columns[`metric${c + 1}`] = column;
  }
  return columns;
}

/** 10k surveys: wait seconds (log-normal, whole seconds) and a 1–5 score that falls with the wait. */
function waitAndScore(n: number, seed: number): { readonly waitSeconds: Float64Array; readonly score: Float64Array } {
  const waitSeconds = handlingSeconds(n, 4, seed);
  const noise = normals(n, seed + 1);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const latent = 3.5 - 0.6 * Math.log((waitSeconds[i] as number) + 1) + 2 + (noise[i] as number);
    score[i] = Math.min(5, Math.max(1, Math.round(latent)));
  }
  return { waitSeconds, score };
}

export const cases: readonly AnalysisBenchCase[] = [
  {
    name: 'mannWhitneyTest 2 × 100k',
    setup: () => ({ x: handlingSeconds(100_000, 5, 11), y: handlingSeconds(100_000, 5.02, 12) }),
    run: (input) => {
      const { x, y } = input as { x: Float64Array; y: Float64Array };
      return mannWhitneyTest(x, y);
    },
    python: `
import numpy as np
from scipy import stats
rng = np.random.default_rng(11)
x = np.round(np.exp(5.0 + 0.8 * rng.standard_normal(100_000)))
y = np.round(np.exp(5.02 + 0.8 * rng.standard_normal(100_000)))

def work():
    return stats.mannwhitneyu(x, y)
`,
  },
  {
    name: 'correlationMatrix spearman 30 × 30 on 100k rows',
    setup: () => metricColumns(100_000, 30, 21),
    run: (input) => correlationMatrix(input as Record<string, Float64Array>, { method: 'spearman' }),
    python: `
import numpy as np
from scipy import stats
rng = np.random.default_rng(21)
rows, count = 100_000, 30
factors = rng.standard_normal((3, rows))
X = np.empty((rows, count))
for c in range(count):
    X[:, c] = (0.3 + (c % 5) * 0.15) * factors[c % 3] + rng.standard_normal(rows)

def work():
    return stats.spearmanr(X)
`,
  },
  {
    name: 'correlation kendall 10k pairs',
    setup: () => waitAndScore(10_000, 31),
    run: (input) => {
      const { waitSeconds, score } = input as { waitSeconds: Float64Array; score: Float64Array };
      return correlation(waitSeconds, score, { method: 'kendall' });
    },
    python: `
import numpy as np
from scipy import stats
rng = np.random.default_rng(31)
n = 10_000
wait = np.round(np.exp(4.0 + 0.8 * rng.standard_normal(n)))
score = np.clip(np.round(5.5 - 0.6 * np.log(wait + 1) + rng.standard_normal(n)), 1, 5)

def work():
    return stats.kendalltau(wait, score)
`,
  },
];
