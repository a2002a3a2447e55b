/**
 * Bench cases for describe, quantile and controlChart at realistic sizes: a million handling times (seconds,
 * log-normal) and a p chart over 10 000 daily subgroups with every run rule on — each beside NumPy/SciPy doing
 * the same work (scipy.stats.describe + np.quantile + the t interval; np.quantile; vectorised p-chart limits
 * and run rules).
 */

import { controlChart, RUN_RULES } from '../../src/analysis/control-chart/index.js';
import { describe } from '../../src/analysis/describe.js';
import { quantile } from '../../src/analysis/quantile.js';
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

/** n log-normal handling times in seconds (median e^5 ≈ 148 s), Box–Muller from the seeded uniforms. */
function handlingTimes(n: number, seed: number): Float64Array {
  const u = mulberry32(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    x[i] = Math.exp(5 + 0.8 * z);
  }
  return x;
}

/** 10 000 subgroups: calls per day 200–600, abandoned calls ~ Binomial(n, 0.06) by a normal approximation. */
function abandonment(points: number, seed: number): { readonly d: number[]; readonly n: number[] } {
  const u = mulberry32(seed);
  const n: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < points; i++) {
    const size = 200 + Math.floor(u() * 401);
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    const p = i % 1000 < 950 ? 0.06 : 0.09; // a few shifted stretches, so rules fire
    n.push(size);
    d.push(Math.min(size, Math.max(0, Math.round(size * p + z * Math.sqrt(size * p * (1 - p))))));
  }
  return { d, n };
}

const PY_DURATIONS = `
import numpy as np
import scipy.stats
x = np.random.default_rng(20240611).lognormal(5.0, 0.8, 1_000_000)
`;

const PY_P_CHART = `
import numpy as np
rng = np.random.default_rng(7)
m = 10_000
n = rng.integers(200, 601, m).astype(float)
p_true = np.where(np.arange(m) % 1000 < 950, 0.06, 0.09)
d = rng.binomial(n.astype(int), p_true).astype(float)

def run_length(mask):
    # length of the run of True ending at each index
    idx = np.arange(mask.size)
    last_false = np.maximum.accumulate(np.where(~mask, idx, -1))
    return idx - last_false

def window_count(mask, m):
    return np.convolve(mask.astype(int), np.ones(m, int))[: mask.size]

def p_chart(d, n):
    pbar = d.sum() / n.sum()
    s = np.sqrt(pbar * (1 - pbar) / n)
    stat = d / n
    lcl = np.maximum(0, pbar - 3 * s)
    ucl = np.minimum(1, pbar + 3 * s)
    z = (stat - pbar) / s
    out = np.nonzero((stat > ucl) | (stat < lcl))[0]
    above, below = stat > pbar, stat < pbar
    diff = np.diff(stat, prepend=np.nan)
    up, down = diff > 0, diff < 0
    alt = np.zeros(stat.size, bool)
    alt[1:] = (diff[1:] * diff[:-1]) < 0
    rules = {
        'n2': np.nonzero((run_length(above) >= 9) | (run_length(below) >= 9))[0],
        'we4': np.nonzero((run_length(above) >= 8) | (run_length(below) >= 8))[0],
        'n3': np.nonzero((run_length(up) >= 5) | (run_length(down) >= 5))[0],
        'n4': np.nonzero(run_length(alt) >= 12)[0],
        'n5': np.nonzero(((z > 2) & (window_count(z > 2, 3) >= 2)) | ((z < -2) & (window_count(z < -2, 3) >= 2)))[0],
        'n6': np.nonzero(((z > 1) & (window_count(z > 1, 5) >= 4)) | ((z < -1) & (window_count(z < -1, 5) >= 4)))[0],
        'n7': np.nonzero(run_length(np.abs(z) < 1) >= 15)[0],
        'n8': np.nonzero(run_length(np.abs(z) > 1) >= 8)[0],
    }
    return pbar, s, lcl, ucl, out, rules
`;

export const cases: readonly AnalysisBenchCase[] = [
  {
    name: 'describe 1M handling times',
    setup: () => handlingTimes(1_000_000, 20240611),
    run: (input) => describe(input as Float64Array),
    python: `${PY_DURATIONS}
def work():
    d = scipy.stats.describe(x, bias=False)  # n, min/max, mean, variance (ddof 1), G1, G2
    q = np.quantile(x, [0.25, 0.5, 0.75, 0.9])
    total = x.sum()
    se = np.sqrt(d.variance / d.nobs)
    t = scipy.stats.t.ppf(0.975, d.nobs - 1)
    return d, q, total, (d.mean - t * se, d.mean + t * se)
`,
  },
  {
    name: 'quantile type 7 1M handling times (P25, P50, P75, P90)',
    setup: () => handlingTimes(1_000_000, 20240611),
    run: (input) => quantile(input as Float64Array, [0.25, 0.5, 0.75, 0.9], { type: 7 }),
    python: `${PY_DURATIONS}
def work():
    return np.quantile(x, [0.25, 0.5, 0.75, 0.9])
`,
  },
  {
    name: 'controlChart p 10k subgroups, all 12 run rules',
    setup: () => abandonment(10_000, 7),
    run: (input) => {
      const { d, n } = input as ReturnType<typeof abandonment>;
      return controlChart(d, { type: 'p', sizes: n, rules: Object.values(RUN_RULES) });
    },
    python: `${PY_P_CHART}
def work():
    return p_chart(d, n)
`,
  },
];
