/**
 * Bench cases for stl: 10 years of daily call volumes (3650 days, weekly period) and 20 years of monthly volumes
 * (240 months), 'periodic' and numeric seasonal windows, plain and robust — each beside R's `stats::stl` (the
 * Fortran it reproduces) with the same arguments on a series of the same size and shape.
 */

import { stl } from '../../src/analysis/stl/index.js';
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
 * Daily calls: level 200, slow trend, weekly pattern (amplitude 15), yearly wave (5), a random-walk drift
 * (sd 0.5 per day), noise (sd 4) and an outlier every 97 days (+60) so the robust fit has work to do.
 * The same formula as the R code below.
 */
function dailyCalls(days: number, seed: number): number[] {
  const u = mulberry32(seed);
  const x: number[] = [];
  let walk = 0;
  for (let t = 1; t <= days; t++) {
    walk += 0.5 * normal(u);
    const outlier = t % 97 === 0 ? 60 : 0;
    x.push(200 + 0.02 * t + 15 * Math.sin((2 * Math.PI * t) / 7) + 5 * Math.cos((2 * Math.PI * t) / 365.25) + walk +
      4 * normal(u) + outlier);
  }
  return x;
}

/** Monthly calls: level 500, trend 2 per month, yearly season (60), drift (sd 5), noise (sd 10), outliers. */
function monthlyCalls(months: number, seed: number): number[] {
  const u = mulberry32(seed);
  const x: number[] = [];
  let walk = 0;
  for (let t = 1; t <= months; t++) {
    walk += 5 * normal(u);
    const outlier = t % 41 === 0 ? 150 : 0;
    x.push(500 + 2 * t + 60 * Math.sin((2 * Math.PI * t) / 12) + walk + 10 * normal(u) + outlier);
  }
  return x;
}

const R_DAILY = `
set.seed(1)
n <- 3650
t <- 1:n
x <- ts(200 + 0.02 * t + 15 * sin(2 * pi * t / 7) + 5 * cos(2 * pi * t / 365.25) + cumsum(rnorm(n, 0, 0.5)) +
        rnorm(n, 0, 4) + 60 * (t %% 97 == 0), frequency = 7)
`;

const R_MONTHLY = `
set.seed(1)
n <- 240
t <- 1:n
x <- ts(500 + 2 * t + 60 * sin(2 * pi * t / 12) + cumsum(rnorm(n, 0, 5)) + rnorm(n, 0, 10) + 150 * (t %% 41 == 0),
        frequency = 12)
`;

export const cases: readonly AnalysisBenchCase[] = [
  {
    name: "stl s.window='periodic', 10 years daily (3650, period 7)",
    setup: () => dailyCalls(3650, 20240701),
    run: (input) => stl(input as number[], { period: 7, sWindow: 'periodic' }),
    r: `${R_DAILY}
work <- function() stl(x, s.window = "periodic")
`,
  },
  {
    name: 'stl s.window=13 robust, 10 years daily (3650, period 7)',
    setup: () => dailyCalls(3650, 20240702),
    run: (input) => stl(input as number[], { period: 7, sWindow: 13, robust: true }),
    r: `${R_DAILY}
work <- function() stl(x, s.window = 13, robust = TRUE)
`,
  },
  {
    name: "stl s.window='periodic', 20 years monthly (240, period 12)",
    setup: () => monthlyCalls(240, 20240703),
    run: (input) => stl(input as number[], { period: 12, sWindow: 'periodic' }),
    r: `${R_MONTHLY}
work <- function() stl(x, s.window = "periodic")
`,
  },
  {
    name: 'stl s.window=13 robust, 20 years monthly (240, period 12)',
    setup: () => monthlyCalls(240, 20240704),
    run: (input) => stl(input as number[], { period: 12, sWindow: 13, robust: true }),
    r: `${R_MONTHLY}
work <- function() stl(x, s.window = 13, robust = TRUE)
`,
  },
];
