/**
 * Bench cases for the regression models: key-driver analysis with exact LMG (8 drivers, 100k survey rows)
 * beside a hand LMG in R written as relaimpo computes it (lm for the betas, then R² of all 2^8 subsets from the
 * correlation matrix; r-cran-relaimpo is not packaged in Debian 12); Johnson's relative weights for 20 drivers
 * beside the same in numpy + statsmodels; and a 2 × 2 difference-in-differences on a 1M-row team × month panel
 * with cluster-robust standard errors beside statsmodels OLS(...).fit(cov_type='cluster').
 */
import { differenceInDifferences } from '../../src/analysis/difference-in-differences.js';
import { keyDrivers } from '../../src/analysis/key-drivers.js';
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

/** Approximately standard normal from 4 uniforms (enough for bench data). */
function gaussian(u: () => number): number {
  return (u() + u() + u() + u() - 2) * Math.sqrt(3);
}

interface Survey {
  readonly outcome: Float64Array;
  readonly drivers: Record<string, Float64Array>;
}

/** Survey rows: items rated 1–5 driven by one latent satisfaction, overall 1–10. */
function survey(rows: number, items: number, seed: number): Survey {
  const u = mulberry32(seed);
  const drivers: Record<string, Float64Array> = {};
  const columns = Array.from({ length: items }, () => new Float64Array(rows));
  const outcome = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const latent = gaussian(u);
    let y = 1;
    for (let j = 0; j < items; j++) {
      const v = Math.min(5, Math.max(1, Math.round(3 + 0.8 * latent * (1 - j / (items + 2)) + 0.9 * gaussian(u))));
      (columns[j] as Float64Array)[i] = v;
      y += (0.5 * (items - j)) / items * v;
    }
    outcome[i] = Math.min(10, Math.max(1, Math.round(y + gaussian(u))));
  }
  columns.forEach((c, j) => {
    drivers[`item${j + 1}`] = c;
  });
  return { outcome, drivers };
}

interface Panel {
  readonly outcome: Float64Array;
  readonly treated: Uint8Array;
  readonly post: Uint8Array;
  readonly cluster: Int32Array;
}

/** Team × month panel: half the teams trained from month 25; handling time in seconds. */
function panel(teams: number, months: number, seed: number): Panel {
  const u = mulberry32(seed);
  const n = teams * months;
  const teamEffect = Float64Array.from({ length: teams }, () => 25 * gaussian(u));
  const monthEffect = Float64Array.from({ length: months }, () => 8 * gaussian(u));
  const outcome = new Float64Array(n);
  const treated = new Uint8Array(n);
  const post = new Uint8Array(n);
  const cluster = new Int32Array(n);
  for (let t = 0, i = 0; t < teams; t++) {
    for (let m = 0; m < months; m++, i++) {
      const tr = t % 2 === 0 ? 1 : 0;
      const po = m >= months / 2 ? 1 : 0;
      treated[i] = tr;
      post[i] = po;
      cluster[i] = t;
      outcome[i] = 300 + (teamEffect[t] as number) + (monthEffect[m] as number) - 12 * tr * po + 15 * gaussian(u);
    }
  }
  return { outcome, treated, post, cluster };
}

const R_SURVEY = `
set.seed(1)
n <- 100000; p <- 8
latent <- rnorm(n)
X <- sapply(1:p, function(j) pmin(5, pmax(1, round(3 + 0.8 * latent * (1 - j / (p + 2)) + rnorm(n, 0, 0.9)))))
y <- pmin(10, pmax(1, round(1 + X %*% (0.5 * (p:1) / p) + rnorm(n))))
d <- data.frame(y = as.vector(y), X)
`;

const PY_PANEL = `
import numpy as np
import statsmodels.api as sm
rng = np.random.default_rng(1)
teams, months = 20000, 50
team = np.repeat(np.arange(teams), months)
month = np.tile(np.arange(months), teams)
treated = (team % 2 == 0).astype(float)
post = (month >= months // 2).astype(float)
y = 300 + rng.normal(0, 25, teams)[team] + rng.normal(0, 8, months)[month] - 12 * treated * post + rng.normal(0, 15, team.size)
X = np.column_stack([np.ones(team.size), treated, post, treated * post])
`;

export const cases: readonly AnalysisBenchCase[] = [
  {
    name: 'keyDrivers LMG 8 drivers × 100k rows',
    setup: () => survey(100_000, 8, 20240615),
    run: (input) => keyDrivers(input as Survey, { importance: 'lmg' }),
    r: `${R_SURVEY}
work <- function() {
  s <- summary(lm(y ~ ., d))                     # beta weights, SEs, R² (as relaimpo's calc.relimp does)
  C <- cor(d); rxy <- C[-1, 1]; R <- C[-1, -1]
  bits <- 2^(0:(p - 1))
  r2 <- numeric(2^p)
  for (mask in 1:(2^p - 1)) {
    S <- which(bitwAnd(mask, bits) > 0)
    r2[mask + 1] <- sum(rxy[S] * solve(R[S, S, drop = FALSE], rxy[S]))
  }
  size <- vapply(0:(2^p - 1), function(m) sum(bitwAnd(m, bits) > 0), 0)
  w <- ifelse(size < p, factorial(size) * factorial(pmax(p - size - 1, 0)) / factorial(p), 0)
  lmg <- vapply(1:p, function(j) {
    m <- which(bitwAnd(0:(2^p - 1), bits[j]) == 0) - 1
    sum(w[m + 1] * (r2[m + bits[j] + 1] - r2[m + 1]))
  }, 0)
  list(s$coefficients, lmg)
}
`,
  },
  {
    name: 'keyDrivers relative weights 20 drivers × 100k rows',
    setup: () => survey(100_000, 20, 20240616),
    run: (input) => keyDrivers(input as Survey, { importance: 'relative-weights' }),
    python: `
import numpy as np
import statsmodels.api as sm
rng = np.random.default_rng(1)
n, p = 100000, 20
latent = rng.normal(size=n)
X = np.column_stack([np.clip(np.round(3 + 0.8 * latent * (1 - j / (p + 2)) + rng.normal(0, 0.9, n)), 1, 5) for j in range(1, p + 1)])
y = np.clip(np.round(1 + X @ (0.5 * np.arange(p, 0, -1) / p) + rng.normal(size=n)), 1, 10)
def work():
    fit = sm.OLS(y, sm.add_constant(X)).fit()          # betas, SEs, R²
    C = np.corrcoef(np.column_stack([y, X]), rowvar=False)
    rxy, R = C[1:, 0], C[1:, 1:]
    values, vectors = np.linalg.eigh(R)
    L = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta = np.linalg.solve(L, rxy)
    return fit.params, (L ** 2) @ (beta ** 2)
`,
  },
  {
    name: 'differenceInDifferences cluster SE 1M rows (20k teams × 50 months)',
    setup: () => panel(20_000, 50, 20240617),
    run: (input) => differenceInDifferences(input as Panel),
    python: `${PY_PANEL}
def work():
    fit = sm.OLS(y, X).fit(cov_type='cluster', cov_kwds={'groups': team})
    return fit.params[3], fit.bse[3]
`,
  },
];
