/**
 * Bench cases for holtWinters with every parameter fitted: 10 years of daily call volumes (3650 days, weekly
 * season) and 20 years of monthly volumes (240 months), additive and multiplicative — each beside R's
 * `HoltWinters` (L-BFGS-B over α, β, γ) on a series of the same size and shape.
 */

import { holtWinters } from '../../src/analysis/holt-winters/index.js';
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

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * Daily calls: level 200 with a slow upward trend, a weekly pattern (amplitude 15), a yearly wave (5), a
 * random-walk drift (sd 0.5 per day) and noise (sd 4). The same formula as the R code below.
 */
function dailyCalls(days: number, seed: number): Float64Array {
  const u = mulberry32(seed);
  const x = new Float64Array(days);
  let walk = 0;
  for (let t = 1; t <= days; t++) {
    walk += 0.5 * normal(u);
    x[t - 1] =
      200 + 0.02 * t + 15 * Math.sin((2 * Math.PI * t) / 7) + 5 * Math.cos((2 * Math.PI * t) / 365.25) + walk + 4 * normal(u);
  }
  return x;
}

/** Monthly calls: level 500, trend 2 per month, yearly season (amplitude 60), drift (sd 5) and noise (sd 10). */
function monthlyCalls(months: number, seed: number): Float64Array {
  const u = mulberry32(seed);
  const x = new Float64Array(months);
  let walk = 0;
  for (let t = 1; t <= months; t++) {
    walk += 5 * normal(u);
    x[t - 1] = 500 + 2 * t + 60 * Math.sin((2 * Math.PI * t) / 12) + walk + 10 * normal(u);
  }
  return x;
}

const R_DAILY = `
set.seed(1)
n <- 3650
x <- ts(200 + 0.02 * (1:n) + 15 * sin(2 * pi * (1:n) / 7) + 5 * cos(2 * pi * (1:n) / 365.25) +
        cumsum(rnorm(n, 0, 0.5)) + rnorm(n, 0, 4), frequency = 7)
`;

const R_MONTHLY = `
set.seed(1)
n <- 240
x <- ts(500 + 2 * (1:n) + 60 * sin(2 * pi * (1:n) / 12) + cumsum(rnorm(n, 0, 5)) + rnorm(n, 0, 10), frequency = 12)
`;

export const cases: readonly AnalysisBenchCase[] = [
  {
    name: 'holtWinters fit additive, 10 years daily (3650, period 7)',
    setup: () => dailyCalls(3650, 20240601),
    run: (input) => holtWinters(input as Float64Array, { period: 7, seasonal: 'additive' }),
    r: `${R_DAILY}
work <- function() HoltWinters(x, seasonal = "additive")
`,
  },
  {
    name: 'holtWinters fit multiplicative, 10 years daily (3650, period 7)',
    setup: () => dailyCalls(3650, 20240602),
    run: (input) => holtWinters(input as Float64Array, { period: 7, seasonal: 'multiplicative' }),
    r: `${R_DAILY}
work <- function() HoltWinters(x, seasonal = "multiplicative")
`,
  },
  {
    name: 'holtWinters fit additive, 20 years monthly (240, period 12)',
    setup: () => monthlyCalls(240, 20240603),
    run: (input) => holtWinters(input as Float64Array, { period: 12, seasonal: 'additive' }),
    r: `${R_MONTHLY}
work <- function() HoltWinters(x, seasonal = "additive")
`,
  },
  {
    name: 'holtWinters fit multiplicative, 20 years monthly (240, period 12)',
    setup: () => monthlyCalls(240, 20240604),
    run: (input) => holtWinters(input as Float64Array, { period: 12, seasonal: 'multiplicative' }),
    r: `${R_MONTHLY}
work <- function() HoltWinters(x, seasonal = "multiplicative")
`,
  },
];
