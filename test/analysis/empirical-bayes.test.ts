import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaQuantile } from '../../src/analysis/distributions/beta-quantile.js';
import { regularizedBeta } from '../../src/analysis/distributions/index.js';
import {
  SHRINK_MEANS_WARNINGS,
  SHRINK_PROPORTIONS_WARNINGS,
  shrinkMeans,
  shrinkProportions,
} from '../../src/analysis/empirical-bayes/index.js';
import type { MeanGroup, ProportionGroup } from '../../src/analysis/empirical-bayes/index.js';

interface VglmFit {
  readonly alpha?: number;
  readonly beta?: number;
  readonly loglik?: number;
  readonly error?: string;
}
interface ProportionCase {
  readonly name: string;
  readonly x: readonly number[];
  readonly n: readonly number[];
  readonly pooled: number;
  readonly tarone: number;
  readonly vglm: VglmFit;
  readonly vglm_tight: VglmFit;
  readonly boundary: boolean;
  // Interior maximum (boundary = false):
  readonly alpha: number;
  readonly beta: number;
  readonly mean: number;
  readonly loglik: number;
  readonly groups: readonly {
    readonly x: number;
    readonly n: number;
    readonly shrunk: number;
    readonly intervals: readonly { readonly level: number; readonly lower: number; readonly upper: number }[];
  }[];
  // Boundary (boundary = true):
  readonly profile_loglik: readonly number[];
  readonly binomial_loglik: number;
}
interface MeanCase {
  readonly name: string;
  readonly mean: readonly number[];
  /** null (n = 1) is read as NaN, as a SQL NULL would be. */
  readonly variance: readonly number[];
  readonly n: readonly number[];
  readonly lmer: { readonly theta: number; readonly remlcrit: number; readonly tau2: number; readonly singular: boolean };
  readonly theta: number;
  readonly remlcrit: number;
  readonly grand_mean: number;
  readonly grand_mean_se: number;
  readonly gls_mean: number;
  readonly gls_mean_se: number;
  readonly tau2: number;
  readonly sigma2: number;
  readonly cond_sd: readonly number[];
  readonly shrunk: readonly number[];
  readonly shrinkage: readonly number[];
  readonly prediction_se: readonly number[];
}
interface QbetaCase {
  readonly call: string;
  readonly p: number;
  readonly a: number;
  readonly b: number;
  readonly q: number;
}

// R 4.2.2; VGAM 1.1.7; lme4 1.1.31 — test/reference/empirical-bayes.R (the calls are written beside each value
// in the JSON): vglm(cbind(x, n - x) ~ 1, betabinomialff), a BFGS + Newton maximisation of the beta-binomial
// likelihood written there, qbeta; lmer(y ~ 1 + (1 | g), REML = TRUE) and lme4 evaluated at REML's optimum
// refined by uniroot on the criterion's derivative; Henderson's equations for the prediction standard errors.
const reference: {
  readonly version: string;
  readonly proportions: readonly ProportionCase[];
  readonly means: readonly MeanCase[];
  readonly qbeta: readonly QbetaCase[];
} = JSON.parse(readFileSync(new URL('../reference/empirical-bayes.json', import.meta.url), 'utf8'), (_key, v: unknown) =>
  v === null ? NaN : v,
);

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

function ok<T extends { readonly status: string }>(r: T): Extract<T, { status: 'ok' }> {
  if (r.status !== 'ok') throw new Error(`unexpected ${JSON.stringify(r)}`);
  return r as Extract<T, { status: 'ok' }>;
}

function proportionGroups(c: ProportionCase): ProportionGroup[] {
  return c.x.map((x, i) => ({ x, n: c.n[i] as number }));
}

function meanGroups(c: MeanCase): MeanGroup[] {
  return c.mean.map((mean, i) => ({ mean, variance: c.variance[i] as number, n: c.n[i] as number }));
}

describe('betaQuantile against R qbeta', () => {
  it('has the fixture', () => expect(reference.qbeta.length).toBe(343));
  /**
   * Relative 1e-12 × 1/min(a, b, 1): the quantile near 0 is (p·a·B(a, b))^(1/a), so the tail's relative error
   * (~1e-14) is multiplied by 1/a. ×100 when a shape is 10^5: regularizedBeta's continued fraction loses ~1e-11
   * there (see beta.ts). Worst seen: 2.2e-10 at qbeta(0.5, 0.05, 1e5).
   */
  for (const c of reference.qbeta) {
    it(c.call, () => {
      const tolerance = (1e-12 / Math.min(c.a, c.b, 1)) * (Math.max(c.a, c.b) >= 1e4 ? 100 : 1);
      expect(relative(betaQuantile(c.p, c.a, c.b), c.q)).toBeLessThanOrEqual(tolerance);
    });
  }

  it('inverts regularizedBeta and handles the ends', () => {
    for (const [a, b] of [[0.3, 0.7], [2, 5], [40, 12], [1, 1]] as const) {
      for (const p of [1e-8, 0.1, 0.5, 0.9, 1 - 1e-8]) {
        expect(regularizedBeta(betaQuantile(p, a, b), a, b)).toBeCloseTo(p, 13);
      }
    }
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
    expect(betaQuantile(0.3, 1, 1)).toBeCloseTo(0.3, 15);
    expect(() => betaQuantile(1.5, 2, 3)).toThrow('betaQuantile: p must be in [0, 1], got p = 1.5');
    expect(() => betaQuantile(0.5, 0, 3)).toThrow(/^betaQuantile: shapes must be finite and > 0/);
    expect(() => betaQuantile(0.5, 2, Infinity)).toThrow(RangeError);
    expect(() => betaQuantile(NaN, 2, 3)).toThrow(RangeError);
  });
});

describe('shrinkProportions against R (VGAM betabinomialff and a direct likelihood maximisation)', () => {
  it('has the fixture: 7 interior fits and 1 at the boundary', () => {
    expect(reference.proportions.length).toBe(8);
    expect(reference.proportions.filter((c) => c.boundary).length).toBe(1);
  });
  for (const c of reference.proportions.filter((p) => !p.boundary)) {
    it(`${c.name}: prior, likelihood, posterior means and intervals`, () => {
      const levels = c.groups[0]?.intervals.map((i) => i.level) ?? [];
      for (const level of levels) {
        const r = ok(shrinkProportions(proportionGroups(c), { level }));
        expect(r.method).toBe('beta-binomial-mml');
        expect(r.warnings).toEqual([]);
        // The maximum refined to rounding in R (gradient ~1e-15): relative 1e-9 (seen ≤ 6e-11).
        expect(relative(r.prior.alpha, c.alpha)).toBeLessThanOrEqual(1e-9);
        expect(relative(r.prior.beta, c.beta)).toBeLessThanOrEqual(1e-9);
        expect(relative(r.prior.mean, c.mean)).toBeLessThanOrEqual(1e-10);
        // Log-likelihoods to 1e-8 absolute: with n = 5·10^6 the ln B terms are ~10^6, so ~1e-9 is rounding.
        expect(Math.abs(r.logLikelihood - c.loglik)).toBeLessThanOrEqual(1e-8);
        // VGAM's Fisher scoring stops earlier (default: α up to 1e-3 off): never a higher likelihood than ours.
        for (const v of [c.vglm, c.vglm_tight]) expect(r.logLikelihood).toBeGreaterThanOrEqual((v.loglik as number) - 1e-8);
        // VGAM with epsilon = 1e-15 stops on half-steps: within 1e-5 (seen ≤ 2e-6).
        expect(relative(r.prior.alpha, c.vglm_tight.alpha as number)).toBeLessThanOrEqual(1e-5);
        c.groups.forEach((g, i) => {
          const got = r.groups[i];
          if (got === undefined) throw new Error('missing group');
          expect([got.x, got.n]).toEqual([g.x, g.n]);
          expect(got.raw).toBe(g.x / g.n);
          // Posterior means and qbeta bounds at R's (α, β): 1e-11 and 1e-10 absolute (seen ≤ 2e-13, 5e-13).
          expect(Math.abs(got.shrunk - g.shrunk)).toBeLessThanOrEqual(1e-11);
          const interval = g.intervals.find((q) => q.level === level);
          if (interval === undefined) throw new Error('missing interval');
          expect(Math.abs(got.lower - interval.lower)).toBeLessThanOrEqual(1e-10);
          expect(Math.abs(got.upper - interval.upper)).toBeLessThanOrEqual(1e-10);
          expect(got.shrinkage).toBeCloseTo(g.n / (g.n + c.alpha + c.beta), 10);
        });
      }
    });
  }

  it('underdispersed counts: the maximum is at infinite precision, all shrunk to the pooled rate', () => {
    const c = reference.proportions.find((p) => p.boundary) as ProportionCase;
    // R: Tarone's score ≤ 0, VGAM fails, and the profile log-likelihood rises toward the binomial one.
    expect(c.tarone).toBeLessThanOrEqual(0);
    expect(c.vglm.error).toBeDefined();
    for (let i = 1; i < c.profile_loglik.length; i++) {
      expect(c.profile_loglik[i] as number).toBeGreaterThan(c.profile_loglik[i - 1] as number);
      expect(c.profile_loglik[i] as number).toBeLessThan(c.binomial_loglik);
    }
    const r = ok(shrinkProportions(proportionGroups(c)));
    expect(r.prior).toEqual({ alpha: Infinity, beta: Infinity, mean: c.pooled });
    expect(r.warnings.map((w) => w.code)).toEqual([SHRINK_PROPORTIONS_WARNINGS.noBetweenVariation]);
    expect(Math.abs(r.logLikelihood - c.binomial_loglik)).toBeLessThanOrEqual(1e-10);
    for (const g of r.groups) expect([g.shrunk, g.lower, g.upper, g.shrinkage]).toEqual([c.pooled, c.pooled, c.pooled, 0]);
  });
});

describe('shrinkProportions edge cases', () => {
  const csat = reference.proportions.find((p) => p.name === 'csat') as ProportionCase;

  it('too few groups is insufficient, with the reason', () => {
    expect(shrinkProportions([])).toEqual({
      status: 'insufficient',
      method: 'beta-binomial-mml',
      reason: 'shrinkProportions: needs at least 2 groups with n > 0, got 0',
    });
    expect(shrinkProportions([{ x: 3, n: 10 }]).status).toBe('insufficient');
    expect(shrinkProportions([{ x: 3, n: 10 }, { x: 0, n: 0 }, { x: 0, n: 0 }])).toMatchObject({
      reason: 'shrinkProportions: needs at least 2 groups with n > 0, got 1',
    });
    // One trial per group: how much groups differ is not identifiable (a Bernoulli's law ignores it).
    const ones = shrinkProportions([{ x: 1, n: 1 }, { x: 0, n: 1 }, { x: 1, n: 1 }, { x: 1, n: 5 }]);
    expect(ones.status).toBe('insufficient');
    if (ones.status === 'insufficient') expect(ones.reason).toMatch(/needs at least 2 groups with n ≥ 2 .* got 1$/);
  });

  it('groups with n = 0 get the prior, and do not change the others', () => {
    const base = ok(shrinkProportions(proportionGroups(csat)));
    const r = ok(shrinkProportions([{ x: 0, n: 0 }, ...proportionGroups(csat), { x: 0, n: 0 }]));
    expect(r.prior).toEqual(base.prior);
    expect(r.groups.slice(1, -1)).toEqual(base.groups);
    const empty = r.groups[0];
    expect(empty).toEqual({
      x: 0,
      n: 0,
      raw: null,
      shrunk: base.prior.mean,
      shrinkage: 0,
      lower: betaQuantile((1 - 0.95) / 2, base.prior.alpha, base.prior.beta),
      upper: betaQuantile((1 + 0.95) / 2, base.prior.alpha, base.prior.beta),
    });
    expect(r.warnings).toEqual([
      { code: SHRINK_PROPORTIONS_WARNINGS.groupsWithoutTrials, message: "2 groups with n = 0 got the prior's mean and interval" },
    ]);
  });

  it('identical rates (no spread at all) shrink every group to the pooled rate', () => {
    const r = ok(shrinkProportions([{ x: 8, n: 10 }, { x: 16, n: 20 }, { x: 40, n: 50 }, { x: 4, n: 5 }]));
    expect(r.prior.mean).toBe(0.8);
    expect(r.prior.alpha).toBe(Infinity);
    expect(r.groups.map((g) => g.shrunk)).toEqual([0.8, 0.8, 0.8, 0.8]);
    expect(r.warnings.map((w) => w.code)).toEqual([SHRINK_PROPORTIONS_WARNINGS.noBetweenVariation]);
  });

  it('all x = 0 or all x = n: a point prior at 0 or 1', () => {
    const zeros = ok(shrinkProportions([{ x: 0, n: 4 }, { x: 0, n: 30 }, { x: 0, n: 2 }]));
    expect(zeros.prior).toEqual({ alpha: 0, beta: Infinity, mean: 0 });
    expect(zeros.groups.every((g) => g.shrunk === 0 && g.lower === 0 && g.upper === 0 && g.raw === 0)).toBe(true);
    expect(zeros.logLikelihood).toBe(0);
    const all = ok(shrinkProportions([{ x: 4, n: 4 }, { x: 30, n: 30 }, { x: 2, n: 2 }]));
    expect(all.prior).toEqual({ alpha: Infinity, beta: 0, mean: 1 });
    expect(all.groups.map((g) => g.shrunk)).toEqual([1, 1, 1]);
    expect(all.warnings.map((w) => w.code)).toEqual([SHRINK_PROPORTIONS_WARNINGS.noBetweenVariation]);
  });

  it('every group all-or-nothing: the prior splits its mass between 0 and 1 and nobody is shrunk', () => {
    const r = ok(shrinkProportions([{ x: 0, n: 5 }, { x: 5, n: 5 }, { x: 0, n: 3 }, { x: 4, n: 4 }, { x: 9, n: 9 }]));
    expect(r.prior.alpha + r.prior.beta).toBeLessThanOrEqual(1e-7);
    expect(r.warnings.map((w) => w.code)).toEqual([SHRINK_PROPORTIONS_WARNINGS.noWithinVariation]);
    for (const g of r.groups) expect(Math.abs(g.shrunk - (g.raw as number))).toBeLessThan(1e-8);
  });

  it('x = 0 and x = n groups mixed with others stay inside (0, 1) once shrunk', () => {
    const c = reference.proportions.find((p) => p.name === 'extremes') as ProportionCase;
    const r = ok(shrinkProportions(proportionGroups(c)));
    for (const g of r.groups) {
      expect(g.shrunk).toBeGreaterThan(0);
      expect(g.shrunk).toBeLessThan(1);
      expect(g.lower).toBeLessThanOrEqual(g.shrunk);
      expect(g.upper).toBeGreaterThanOrEqual(g.shrunk);
    }
  });

  it('huge counts (n = 10^9) keep their own rate', () => {
    const r = ok(
      shrinkProportions([
        { x: 870_000_000, n: 1e9 },
        { x: 812_345_678, n: 1e9 },
        { x: 901_000_000, n: 1e9 },
        { x: 7, n: 10 },
      ]),
    );
    for (const g of r.groups.slice(0, 3)) expect(Math.abs(g.shrunk - (g.raw as number))).toBeLessThan(1e-8);
    // Rates 0.81–0.90 on 10^9 trials each: a wide prior (α + β ≈ 86), so the n = 10 group keeps ~10 % weight.
    const precision = r.prior.alpha + r.prior.beta;
    expect(precision).toBeGreaterThan(20);
    expect(precision).toBeLessThan(500);
    expect(r.groups[3]?.shrinkage).toBeCloseTo(10 / (10 + precision), 14);
    expect(r.warnings).toEqual([]);
  });

  it('rejects invalid arguments with the function name', () => {
    expect(() => shrinkProportions([{ x: 3, n: 2 }, { x: 1, n: 4 }])).toThrow(
      'shrinkProportions: groups[0].x must be an integer in 0..groups[0].n, got groups[0].x = 3, groups[0].n = 2',
    );
    expect(() => shrinkProportions([{ x: 1, n: 4 }, { x: 1, n: 2.5 }])).toThrow(/^shrinkProportions: groups\[1\]\.n must be/);
    expect(() => shrinkProportions([{ x: 1, n: 4 }, { x: 1, n: 4 }], { level: 1 })).toThrow(/^shrinkProportions: level/);
    expect(() => shrinkProportions([{ x: 1, n: 4 }, null as unknown as ProportionGroup])).toThrow(TypeError);
    expect(() => shrinkProportions('x' as unknown as ProportionGroup[])).toThrow(TypeError);
  });

  it('shrinks each group between its raw rate and the prior mean, more for fewer trials (fast-check)', () => {
    const group = fc.integer({ min: 1, max: 400 }).chain((n) => fc.record({ x: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 2, maxLength: 25 }), (groups) => {
        const r = shrinkProportions(groups);
        if (r.status !== 'ok') return;
        const m = r.prior.mean;
        for (const g of r.groups) {
          const raw = g.raw as number;
          expect(g.shrunk).toBeGreaterThanOrEqual(Math.min(raw, m) - 1e-12);
          expect(g.shrunk).toBeLessThanOrEqual(Math.max(raw, m) + 1e-12);
          expect(g.lower).toBeLessThanOrEqual(g.shrunk + 1e-12);
          expect(g.upper).toBeGreaterThanOrEqual(g.shrunk - 1e-12);
        }
        expect(r.warnings.filter((w) => w.code === SHRINK_PROPORTIONS_WARNINGS.notConverged)).toEqual([]);
        // The order of the groups does not matter.
        const reversed = shrinkProportions([...groups].reverse());
        if (reversed.status !== 'ok') throw new Error('insufficient after reversing');
        if (Number.isFinite(r.prior.alpha)) expect(relative(reversed.prior.alpha, r.prior.alpha)).toBeLessThan(1e-7);
      }),
      { numRuns: 60 },
    );
  });
});

describe('shrinkMeans against R lme4::lmer(y ~ 1 + (1 | g), REML = TRUE)', () => {
  it('has the fixture: 6 interior fits and 1 singular one', () => {
    expect(reference.means.length).toBe(7);
    expect(reference.means.filter((c) => c.lmer.singular).length).toBe(1);
  });
  for (const c of reference.means) {
    it(`${c.name}: variances, grand mean, BLUPs, shrinkage and standard errors`, () => {
      const r = ok(shrinkMeans(meanGroups(c)));
      const sigma = Math.sqrt(c.sigma2);
      expect(r.method).toBe('normal-normal-reml');
      // Variance components at REML's optimum refined to rounding in R: relative 1e-9 (seen ≤ 4e-12).
      if (c.tau2 === 0) expect(r.betweenVariance).toBe(0);
      else expect(relative(r.betweenVariance, c.tau2)).toBeLessThanOrEqual(1e-9);
      expect(relative(r.withinVariance, c.sigma2)).toBeLessThanOrEqual(1e-9);
      // The criterion is lme4's REMLcrit: equal at the optimum, to lme4's rounding (it sums squares of raw
      // values: ~2e-12 relative for data near 10^6) ...
      const noise = (crit: number): number => 1e-12 * Math.abs(crit) + 1e-9;
      expect(Math.abs(r.remlCriterion - c.remlcrit)).toBeLessThanOrEqual(noise(c.remlcrit));
      // ... and never above lmer's own (default bobyqa) fit, whose θ is within ~2e-5 of the optimum.
      expect(r.remlCriterion).toBeLessThanOrEqual(c.lmer.remlcrit + noise(c.lmer.remlcrit));
      const theta = Math.sqrt(r.betweenVariance / r.withinVariance);
      expect(Math.abs(theta - c.lmer.theta)).toBeLessThanOrEqual(1e-4 * Math.max(c.lmer.theta, 1e-3));
      // Grand mean: the closed-form GLS mean to 1e-13 relative; lme4's fixef loses up to ~6e-9 relative over
      // 2·10^5 rows, so 5e-8 σ against it (and against fixef + ranef).
      expect(Math.abs(r.grandMean - c.gls_mean)).toBeLessThanOrEqual(1e-13 * Math.abs(c.gls_mean) + 1e-12 * sigma);
      expect(Math.abs(r.grandMean - c.grand_mean)).toBeLessThanOrEqual(5e-8 * sigma);
      expect(relative(r.grandMeanStderr, c.gls_mean_se)).toBeLessThanOrEqual(1e-10);
      expect(relative(r.grandMeanStderr, c.grand_mean_se)).toBeLessThanOrEqual(1e-7);
      expect(r.warnings.map((w) => w.code)).toEqual(c.tau2 === 0 ? [SHRINK_MEANS_WARNINGS.noBetweenVariance] : []);
      r.groups.forEach((g, i) => {
        expect(g.mean).toBe(c.mean[i]);
        expect(g.n).toBe(c.n[i]);
        expect(Math.abs(g.shrunk - (c.shrunk[i] as number))).toBeLessThanOrEqual(5e-8 * sigma);
        expect(Math.abs(g.shrinkage - (c.shrinkage[i] as number))).toBeLessThanOrEqual(1e-10);
        // Henderson's equations solved densely in R: relative 1e-9 (seen ≤ 8e-14).
        expect(relative(g.stderr, c.prediction_se[i] as number)).toBeLessThanOrEqual(1e-9);
        // Its first term is lme4's conditional variance of the random effect.
        const conditional = Math.sqrt(Math.max(0, g.stderr ** 2 - (1 - g.shrinkage) ** 2 * r.grandMeanStderr ** 2));
        expect(Math.abs(conditional - (c.cond_sd[i] as number))).toBeLessThanOrEqual(1e-6 * (c.prediction_se[i] as number));
        if (c.tau2 === 0) expect(g.shrunk).toBe(r.grandMean);
      });
    });
  }

  it('balanced groups: REML equals the ANOVA estimator (MSB − MSW)/n, MSW', () => {
    const c = reference.means.find((m) => m.name === 'balanced') as MeanCase;
    const k = c.mean.length;
    const n = c.n[0] as number;
    const grand = c.mean.reduce((s, m) => s + m, 0) / k;
    const msb = (n * c.mean.reduce((s, m) => s + (m - grand) ** 2, 0)) / (k - 1);
    const msw = c.variance.reduce((s, v) => s + v, 0) / k;
    const r = ok(shrinkMeans(meanGroups(c)));
    expect(relative(r.withinVariance, msw)).toBeLessThan(1e-12);
    expect(relative(r.betweenVariance, (msb - msw) / n)).toBeLessThan(1e-11);
    expect(r.grandMean).toBeCloseTo(grand, 12);
  });
});

describe('shrinkMeans edge cases', () => {
  const aht = reference.means.find((m) => m.name === 'aht') as MeanCase;

  it('too few groups or no within-group information is insufficient, with the reason', () => {
    expect(shrinkMeans([])).toEqual({
      status: 'insufficient',
      method: 'normal-normal-reml',
      reason: 'shrinkMeans: needs at least 2 groups with n > 0, got 0',
    });
    expect(shrinkMeans([{ mean: 300, variance: 900, n: 12 }]).status).toBe('insufficient');
    expect(shrinkMeans([{ mean: 300, variance: 900, n: 12 }, { mean: NaN, variance: NaN, n: 0 }]).status).toBe('insufficient');
    expect(shrinkMeans([{ mean: 300, variance: NaN, n: 1 }, { mean: 250, variance: 0, n: 1 }, { mean: 410, variance: NaN, n: 1 }])).toMatchObject({
      reason: 'shrinkMeans: every group has a single value (3 groups): the within- and between-group variances cannot be told apart',
    });
    // All values identical, or every group constant: W = 0.
    const constant = shrinkMeans([{ mean: 5, variance: 0, n: 4 }, { mean: 5, variance: 0, n: 7 }, { mean: 5, variance: NaN, n: 1 }]);
    expect(constant.status).toBe('insufficient');
    if (constant.status === 'insufficient') expect(constant.reason).toMatch(/within-group variance 0/);
    expect(shrinkMeans([{ mean: 4, variance: 0, n: 3 }, { mean: 5, variance: 0, n: 3 }]).status).toBe('insufficient');
  });

  it('a group with n = 1 is accepted with variance NaN or 0, and enters only the between-group part', () => {
    const groups = meanGroups(aht);
    expect(groups[0]?.n).toBe(1);
    expect(Number.isNaN(groups[0]?.variance)).toBe(true);
    const withZero = ok(shrinkMeans([{ ...(groups[0] as MeanGroup), variance: 0 }, ...groups.slice(1)]));
    expect(withZero).toEqual(ok(shrinkMeans(groups)));
  });

  it('groups with n = 0 get the grand mean and do not change the others', () => {
    const base = ok(shrinkMeans(meanGroups(aht)));
    const r = ok(shrinkMeans([...meanGroups(aht), { mean: NaN, variance: NaN, n: 0 }]));
    expect(r.groups.slice(0, -1)).toEqual(base.groups);
    expect(r.groups.at(-1)).toEqual({
      mean: null,
      n: 0,
      shrunk: base.grandMean,
      shrinkage: 0,
      stderr: Math.sqrt(base.betweenVariance + base.grandMeanStderr ** 2),
    });
    expect(r.warnings.map((w) => w.code)).toEqual([SHRINK_MEANS_WARNINGS.groupsWithoutData]);
  });

  it('a huge group keeps its own mean; a tiny one is pulled toward the grand mean', () => {
    const r = ok(
      shrinkMeans([
        { mean: 300, variance: 10_000, n: 1e9 },
        { mean: 340, variance: 11_000, n: 5e8 },
        { mean: 280, variance: 9_000, n: 2e6 },
        { mean: 500, variance: 9_500, n: 3 },
      ]),
    );
    expect(r.groups[0]?.shrinkage).toBeGreaterThan(1 - 1e-8);
    expect(Math.abs((r.groups[0]?.shrunk as number) - 300)).toBeLessThan(1e-6);
    expect(r.groups[3]?.shrinkage).toBeLessThan(r.groups[2]?.shrinkage as number);
    expect(r.groups[3]?.shrunk).toBeLessThan(500);
  });

  it('is equivariant: shifting the data shifts the means, scaling scales them (fast-check)', () => {
    const group = fc.record({
      mean: fc.double({ min: -1000, max: 1000, noNaN: true }),
      variance: fc.double({ min: 0.01, max: 1e4, noNaN: true }),
      n: fc.integer({ min: 2, max: 200 }),
    });
    fc.assert(
      fc.property(fc.array(group, { minLength: 2, maxLength: 20 }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), (groups, shift) => {
        const a = ok(shrinkMeans(groups));
        const b = ok(shrinkMeans(groups.map((g) => ({ ...g, mean: g.mean + shift }))));
        const c = ok(shrinkMeans(groups.map((g) => ({ ...g, mean: 3 * g.mean, variance: 9 * g.variance }))));
        const scale = Math.sqrt(a.withinVariance);
        expect(Math.abs(b.grandMean - a.grandMean - shift)).toBeLessThanOrEqual(1e-8 * (scale + Math.abs(shift)));
        expect(Math.abs(b.betweenVariance - a.betweenVariance)).toBeLessThanOrEqual(1e-6 * (a.betweenVariance + a.withinVariance));
        expect(Math.abs(c.betweenVariance - 9 * a.betweenVariance)).toBeLessThanOrEqual(1e-6 * 9 * (a.betweenVariance + a.withinVariance));
        a.groups.forEach((g, i) => {
          expect(g.shrinkage).toBeGreaterThanOrEqual(0);
          expect(g.shrinkage).toBeLessThanOrEqual(1);
          expect(Math.abs((c.groups[i]?.shrunk as number) - 3 * g.shrunk)).toBeLessThanOrEqual(1e-6 * 3 * (scale + Math.abs(g.shrunk)));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('rejects invalid arguments with the function name', () => {
    const good = { mean: 300, variance: 900, n: 12 };
    expect(() => shrinkMeans([good, { mean: 310, variance: 5, n: 1 }])).toThrow(
      'shrinkMeans: groups[1].variance must be NaN or 0 when n = 1, got 5',
    );
    expect(() => shrinkMeans([good, { mean: 310, variance: -1, n: 3 }])).toThrow(
      'shrinkMeans: groups[1].variance must be a finite number ≥ 0 when n ≥ 2, got -1',
    );
    expect(() => shrinkMeans([good, { mean: 310, variance: NaN, n: 3 }])).toThrow(/^shrinkMeans: groups\[1\]\.variance/);
    expect(() => shrinkMeans([{ mean: NaN, variance: 900, n: 12 }, good])).toThrow(
      'shrinkMeans: groups[0].mean must be finite when n > 0, got NaN',
    );
    expect(() => shrinkMeans([good, { mean: 1, variance: 1, n: -2 }])).toThrow(/^shrinkMeans: groups\[1\]\.n must be a non-negative integer/);
    expect(() => shrinkMeans([good, { mean: '1', variance: 1, n: 2 } as unknown as MeanGroup])).toThrow(TypeError);
    expect(() => shrinkMeans({} as unknown as MeanGroup[])).toThrow(TypeError);
  });
});
