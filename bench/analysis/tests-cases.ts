/**
 * Bench cases for the proportion and t tests: Wilson intervals for 100k groups (one call per group, as a report
 * over agents or queues does) beside statsmodels' vectorised proportion_confint; a chi-square test of a 50 × 50
 * table with expected counts and residuals beside scipy.stats.chi2_contingency; and Welch's t test on two samples
 * of 1M handling times beside scipy.stats.ttest_ind(equal_var=False).
 */
import { chiSquareTest } from '../../src/analysis/chi-square-test.js';
import { tTest } from '../../src/analysis/t-test.js';
import { wilsonInterval } from '../../src/analysis/wilson-interval.js';
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

interface Groups {
  readonly x: Int32Array;
  readonly n: Int32Array;
}

/** 100k groups (agents × weeks) with 1–2000 surveys each and a satisfied share around 0.8. */
function groups(count: number, seed: number): Groups {
  const u = mulberry32(seed);
  const x = new Int32Array(count);
  const n = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const ni = 1 + Math.floor(u() * 2000);
    const p = 0.6 + 0.35 * u();
    let xi = Math.round(ni * p + (u() - 0.5) * Math.sqrt(ni));
    xi = Math.min(ni, Math.max(0, xi));
    n[i] = ni;
    x[i] = xi;
  }
  return { x, n };
}

/** A 50 × 50 table of counts (queue × reason), Poisson-like around row and column effects. */
function table(size: number, seed: number): number[][] {
  const u = mulberry32(seed);
  const rows: number[][] = [];
  for (let i = 0; i < size; i++) {
    const row: number[] = [];
    for (let j = 0; j < size; j++) row.push(Math.floor(u() * (5 + ((i * 7 + j * 3) % 40))));
    rows.push(row);
  }
  return rows;
}

/** Two samples of handling times in seconds: log-normal-ish, 1M each, the second slightly slower. */
function handlingTimes(count: number, seed: number): { a: Float64Array; b: Float64Array } {
  const u = mulberry32(seed);
  const a = new Float64Array(count);
  const b = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    a[i] = 180 * Math.exp(0.5 * (u() + u() + u() - 1.5));
    b[i] = 183 * Math.exp(0.55 * (u() + u() + u() - 1.5));
  }
  return { a, b };
}

export const cases: readonly AnalysisBenchCase[] = [
  {
    name: 'wilsonInterval 100k groups',
    setup: () => groups(100_000, 11),
    run: (input) => {
      const { x, n } = input as Groups;
      let sum = 0;
      for (let i = 0; i < x.length; i++) {
        const r = wilsonInterval(x[i] as number, n[i] as number);
        if (r.status === 'ok') sum += r.upper - r.lower;
      }
      return sum;
    },
    python: `
import numpy as np
from statsmodels.stats.proportion import proportion_confint
rng = np.random.default_rng(11)
n = rng.integers(1, 2001, 100000)
p = 0.6 + 0.35 * rng.random(100000)
x = np.clip(np.round(n * p + (rng.random(100000) - 0.5) * np.sqrt(n)), 0, n)
def work():
    lo, hi = proportion_confint(x, n, alpha=0.05, method='wilson')
    return float((hi - lo).sum())
`,
  },
  {
    name: 'chiSquareTest 50 × 50 table (expected, residuals)',
    setup: () => table(50, 12),
    run: (input) => chiSquareTest(input as number[][]),
    python: `
import numpy as np
import scipy.stats
rng = np.random.default_rng(12)
i, j = np.meshgrid(np.arange(50), np.arange(50), indexing='ij')
t = np.floor(rng.random((50, 50)) * (5 + (i * 7 + j * 3) % 40))
def work():
    stat, p, dof, expected = scipy.stats.chi2_contingency(t, correction=True)
    n = t.sum(); r = t.sum(axis=1, keepdims=True) / n; c = t.sum(axis=0, keepdims=True) / n
    res = (t - expected) / np.sqrt(expected)
    stdres = (t - expected) / np.sqrt(expected * (1 - r) * (1 - c))
    return stat, p, res, stdres
`,
  },
  {
    name: 'tTest Welch 2 × 1M',
    setup: () => handlingTimes(1_000_000, 13),
    run: (input) => {
      const { a, b } = input as { a: Float64Array; b: Float64Array };
      return tTest(a, b);
    },
    python: `
import numpy as np
import scipy.stats
rng = np.random.default_rng(13)
u = rng.random((6, 1000000))
a = 180 * np.exp(0.5 * (u[0] + u[1] + u[2] - 1.5))
b = 183 * np.exp(0.55 * (u[3] + u[4] + u[5] - 1.5))
def work():
    return scipy.stats.ttest_ind(a, b, equal_var=False)
`,
  },
];
