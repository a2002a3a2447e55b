/**
 * Wilcoxon rank-sum / Mann–Whitney U test of a location shift between two independent samples, as R's
 * `wilcox.test(x, y)` (R 4.2): the exact null distribution of W without ties for small samples, otherwise the
 * normal approximation with tie and continuity corrections; optionally the Hodges–Lehmann shift and its
 * confidence interval (`conf.int = TRUE`).
 *
 * Stages: (1) drop missing values; (2) rank x − mu and y together once (radix sort, O(n)); (3) W = rank sum of
 * x − n1(n1 + 1)/2; (4) exact tail of W (R's `cwilcox` recursion for samples < 50, Harding's bounded-memory
 * generating-function product above) or the normal approximation; (5) optional interval: order statistics of
 * the n1·n2 differences (exact) or R's root search on the standardized statistic (asymptotic, O(n) per step on
 * pre-sorted samples).
 */
import { normalCdf, normalQuantile, normalSurvival, normalUpperQuantile } from './distributions/index.js';
import { averageRanks } from './ranks.js';
import { insufficient, type AnalysisWarning, type InsufficientResult } from './result.js';

/** Warning codes of {@link mannWhitneyTest}. */
export const MANN_WHITNEY_WARNINGS = {
  /** Exact p-value asked for (or the default for small samples) but tied values force the normal approximation. */
  tiesPreventExact: 'mann-whitney-ties-prevent-exact',
  /** The exact interval cannot reach the requested level; the achieved level is reported. */
  levelNotAchievable: 'mann-whitney-level-not-achievable',
  /** The shift estimate and interval could not be computed (infinite values, or every shifted value tied). */
  intervalUnavailable: 'mann-whitney-interval-unavailable',
  /** Missing values (NaN, null) were dropped. */
  missingDropped: 'mann-whitney-missing-dropped',
  /** `exact: true` on samples too large for the exact distribution (see EXACT_MAX_WORK); normal approximation used. */
  exactUnavailable: 'mann-whitney-exact-unavailable',
} as const;

/** Direction of the alternative: x shifted away from y by more than mu, to the right ('greater') or left. */
export type MannWhitneyAlternative = 'two-sided' | 'less' | 'greater';

export interface MannWhitneyOptions {
  /** Default 'two-sided'. */
  readonly alternative?: MannWhitneyAlternative;
  /** Continuity correction of the normal approximation; default true (R `correct = TRUE`). */
  readonly correct?: boolean;
  /** Exact p-value; default: both samples smaller than 50. Ignored (with a warning) when values are tied. */
  readonly exact?: boolean;
  /** Location shift under the null hypothesis, in the data's unit; default 0. */
  readonly mu?: number;
  /** Also compute the Hodges–Lehmann shift and its confidence interval; default false. */
  readonly confInt?: boolean;
  /** Confidence level of the interval, in (0, 1); default 0.95. */
  readonly level?: number;
}

/** A confidence interval for the shift x − y, in the data's unit. */
export interface ShiftInterval {
  readonly lower: number;
  readonly upper: number;
  /** The level achieved (the exact interval may fall short of the requested level). */
  readonly level: number;
}

export interface MannWhitneyResult {
  readonly status: 'ok';
  /** 'wilcoxon-exact', 'wilcoxon-normal-cc' (continuity-corrected) or 'wilcoxon-normal'. */
  readonly method: 'wilcoxon-exact' | 'wilcoxon-normal-cc' | 'wilcoxon-normal';
  readonly warnings: readonly AnalysisWarning[];
  /** W = rank sum of x − n1(n1 + 1)/2 = number of pairs with x − mu > y (ties count ½): R's statistic. */
  readonly statistic: number;
  /** Standardized W (after continuity correction) of the normal approximation; null for the exact test. */
  readonly z: number | null;
  readonly pValue: number;
  readonly n1: number;
  readonly n2: number;
  readonly alternative: MannWhitneyAlternative;
  readonly mu: number;
  /** Hodges–Lehmann shift x − y (R's "difference in location"); null unless `confInt`. */
  readonly estimate: number | null;
  /** Interval for the shift; null unless `confInt`. One-sided alternatives give an infinite bound. */
  readonly confidenceInterval: ShiftInterval | null;
}

const ALTERNATIVES: readonly string[] = ['two-sided', 'less', 'greater'];
/** R `wilcox.test(tol.root = 1e-4)`, the tolerance of the asymptotic interval's root search. */
const ROOT_TOLERANCE = 1e-4;
/**
 * The exact distribution costs min(n1, n2) · n1·n2/2 steps (Harding's product; R's recursion costs more): beyond
 * this, `exact: true` falls back to the normal approximation with a warning (about a second of work here).
 */
const EXACT_MAX_WORK = 3e8;
/** Exact intervals materialise all n1·n2 differences; refuse beyond this many. */
const MAX_EXACT_DIFFERENCES = 2e7;

/**
 * Wilcoxon rank-sum (Mann–Whitney) test of H0: the distribution of x − mu equals that of y.
 *
 * Method: Wilcoxon (1945), Mann & Whitney (1947); exactly R's `wilcox.test(x, y, alternative, mu, exact,
 * correct, conf.int, conf.level)` for two independent samples. Exact p-values use the permutation distribution of
 * W (R `pwilcox`), the normal approximation uses Var(W) = n1·n2/12 · (n1 + n2 + 1 − Σ(t³ − t)/((N)(N − 1))) over
 * tie groups t; the Hodges–Lehmann estimate (Hodges & Lehmann 1963; Bauer 1972) is the median of the pairwise
 * differences (exact) or R's root of the standardized statistic (asymptotic, `uniroot` with tol 1e-4).
 * Missing values (NaN, null) are dropped from each sample independently; ±Infinity are kept and ranked.
 *
 * @param x first sample (any unit).
 * @param y second sample, same unit.
 * @param options alternative, correct, exact, mu (unit of x), confInt, level.
 * @returns W, p-value, sample sizes and, with `confInt`, the shift estimate and interval; `insufficient` when a
 *   sample has no values or every value is tied (zero variance).
 * @throws {TypeError} when a sample is not an array of numbers/null or an option has the wrong type.
 * @throws {RangeError} when mu is not finite or level is outside (0, 1).
 * @example
 * mannWhitneyTest([1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3], [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29])
 * // => { method: 'wilcoxon-normal-cc', statistic: 58, pValue: 0.1329…, warnings: [ties-prevent-exact] … }
 * mannWhitneyTest([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21], { alternative: 'greater' })
 * // => { method: 'wilcoxon-exact', statistic: 35, pValue: 0.1272… }
 */
export function mannWhitneyTest(
  x: readonly (number | null)[] | ArrayLike<number>,
  y: readonly (number | null)[] | ArrayLike<number>,
  options: MannWhitneyOptions = {},
): MannWhitneyResult | InsufficientResult {
  const alternative = options.alternative ?? 'two-sided';
  if (!ALTERNATIVES.includes(alternative)) {
    throw new TypeError(`mannWhitneyTest: alternative must be 'two-sided', 'less' or 'greater', got ${String(alternative)}`);
  }
  const mu = options.mu ?? 0;
  if (typeof mu !== 'number' || !Number.isFinite(mu)) throw new RangeError(`mannWhitneyTest: mu must be a finite number, got ${String(mu)}`);
  const level = options.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`mannWhitneyTest: level must be in (0, 1), got ${String(level)}`);
  }
  for (const key of ['correct', 'exact', 'confInt'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new TypeError(`mannWhitneyTest: ${key} must be a boolean, got ${typeof value}`);
    }
  }
  const correct = options.correct ?? true;
  const confInt = options.confInt ?? false;
  const xs = presentValues('x', x);
  const ys = presentValues('y', y);
  const n1 = xs.length;
  const n2 = ys.length;
  if (n1 < 1 || n2 < 1) {
    return insufficient('wilcoxon', `mannWhitneyTest: needs at least 1 non-missing value in x and in y, got n1 = ${n1}, n2 = ${n2}`);
  }
  const warnings: AnalysisWarning[] = [];
  const dropped = x.length - n1 + (y.length - n2);
  if (dropped > 0) {
    warnings.push({ code: MANN_WHITNEY_WARNINGS.missingDropped, message: `mannWhitneyTest: ${dropped} missing value(s) dropped` });
  }

  const combined = new Float64Array(n1 + n2);
  for (let i = 0; i < n1; i++) combined[i] = (xs[i] as number) - mu;
  combined.set(ys, n1);
  const { ranks, tieSizes } = averageRanks(combined);
  let rankSum = 0;
  for (let i = 0; i < n1; i++) rankSum += ranks[i] as number;
  const statistic = rankSum - (n1 * (n1 + 1)) / 2;
  let exact = options.exact ?? (n1 < 50 && n2 < 50);
  const ties = tieSizes.length > 0;
  if (exact && !ties && Math.min(n1, n2) * ((n1 * n2) / 2) > EXACT_MAX_WORK) {
    exact = false;
    warnings.push({
      code: MANN_WHITNEY_WARNINGS.exactUnavailable,
      message: `mannWhitneyTest: the exact distribution for n1 = ${n1}, n2 = ${n2} is too costly; normal approximation used`,
    });
  }
  const base = { status: 'ok', warnings, statistic, n1, n2, alternative, mu } as const;

  if (exact && !ties) {
    const distribution = new WilcoxonDistribution(n1, n2);
    let pValue: number;
    if (alternative === 'two-sided') {
      const p = statistic > (n1 * n2) / 2 ? distribution.cdf(statistic - 1, false) : distribution.cdf(statistic, true);
      pValue = Math.min(2 * p, 1);
    } else if (alternative === 'greater') pValue = distribution.cdf(statistic - 1, false);
    else pValue = distribution.cdf(statistic, true);
    const interval = confInt ? exactInterval(xs, ys, distribution, alternative, level, warnings) : null;
    return { ...base, method: 'wilcoxon-exact', z: null, pValue, estimate: interval?.estimate ?? null, confidenceInterval: interval?.interval ?? null };
  }

  let tieTerm = 0;
  for (let g = 0; g < tieSizes.length; g++) {
    const t = tieSizes[g] as number;
    tieTerm += t * t * t - t;
  }
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) {
    return insufficient('wilcoxon', `mannWhitneyTest: all ${n} values are tied, so W has no variance`);
  }
  const centred = statistic - (n1 * n2) / 2;
  const correction = !correct ? 0 : alternative === 'two-sided' ? Math.sign(centred) * 0.5 : alternative === 'greater' ? 0.5 : -0.5;
  const z = (centred - correction) / sigma;
  const pValue =
    alternative === 'less' ? normalCdf(z) : alternative === 'greater' ? normalSurvival(z) : 2 * Math.min(normalCdf(z), normalSurvival(z));
  if (exact) {
    warnings.push({
      code: MANN_WHITNEY_WARNINGS.tiesPreventExact,
      message: `mannWhitneyTest: cannot compute the exact p-value with ties (${tieSizes.length} tie group(s)); normal approximation used`,
    });
  }
  const interval = confInt ? asymptoticInterval(xs, ys, alternative, level, correct, warnings) : null;
  return {
    ...base,
    method: correct ? 'wilcoxon-normal-cc' : 'wilcoxon-normal',
    z,
    pValue,
    estimate: interval?.estimate ?? null,
    confidenceInterval: interval?.interval ?? null,
  };
}

function presentValues(name: string, values: readonly (number | null)[] | ArrayLike<number>): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new TypeError(`mannWhitneyTest: ${name} must be an array of numbers, got ${values === null ? 'null' : typeof values}`);
  }
  const out = new Float64Array(values.length);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') throw new TypeError(`mannWhitneyTest: ${name}[${i}] must be a number or null, got ${typeof v}`);
    if (!Number.isNaN(v)) out[m++] = v;
  }
  return out.subarray(0, m);
}

interface IntervalResult {
  readonly estimate: number | null;
  readonly interval: ShiftInterval | null;
}

/** Exact interval: order statistics of the sorted differences x_i − y_j at R's `qwilcox` quantiles. */
function exactInterval(
  xs: Float64Array,
  ys: Float64Array,
  distribution: WilcoxonDistribution,
  alternative: string,
  level: number,
  warnings: AnalysisWarning[],
): IntervalResult {
  const n1 = xs.length;
  const n2 = ys.length;
  if (n1 * n2 > MAX_EXACT_DIFFERENCES) {
    return unavailable(warnings, `an exact interval needs n1·n2 ≤ ${MAX_EXACT_DIFFERENCES} differences, got ${n1 * n2}`);
  }
  if (!allFinite(xs) || !allFinite(ys)) return unavailable(warnings, 'infinite values');
  const diffs = new Float64Array(n1 * n2);
  for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) diffs[i * n2 + j] = (xs[i] as number) - (ys[j] as number);
  diffs.sort();
  const alpha = 1 - level;
  const mn = n1 * n2;
  let qu = distribution.quantile(alternative === 'two-sided' ? alpha / 2 : alpha);
  if (qu === 0) qu = 1;
  const ql = mn - qu;
  // R: achieved.alpha from the lower tail just below qu; diffs are 1-based in R.
  const tail = distribution.cdf(qu - 1, true);
  const achievedAlpha = alternative === 'two-sided' ? 2 * tail : tail;
  const lower = alternative === 'less' ? -Infinity : (diffs[qu - 1] as number);
  const upper = alternative === 'greater' ? Infinity : (diffs[ql] as number);
  let achievedLevel = level;
  if (achievedAlpha - alpha > alpha / 2) {
    achievedLevel = 1 - achievedAlpha;
    warnings.push({
      code: MANN_WHITNEY_WARNINGS.levelNotAchievable,
      message: `mannWhitneyTest: requested level ${level} not achievable with n1 = ${n1}, n2 = ${n2}; interval has level ${achievedLevel}`,
    });
  }
  const half = mn >> 1;
  const estimate = mn % 2 === 1 ? (diffs[half] as number) : ((diffs[half - 1] as number) + (diffs[half] as number)) / 2;
  return { estimate, interval: { lower, upper, level: achievedLevel } };
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

function unavailable(warnings: AnalysisWarning[], why: string): IntervalResult {
  warnings.push({ code: MANN_WHITNEY_WARNINGS.intervalUnavailable, message: `mannWhitneyTest: no shift estimate or interval: ${why}` });
  return { estimate: null, interval: null };
}

/** Sorted samples and the settings of R's standardized statistic W(d) of the asymptotic interval. */
interface ShiftedStatistic {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly alternative: string;
  correct: boolean;
}

/**
 * R's `W(d)` inside `wilcox.test`: the continuity-corrected, tie-adjusted standardized rank sum of x − d against
 * y. Merging the two sorted samples gives the ranks in O(n1 + n2) (x − d keeps the order of x).
 */
function shiftedZ(s: ShiftedStatistic, d: number): number {
  const { xs, ys } = s;
  const n1 = xs.length;
  const n2 = ys.length;
  let i = 0;
  let j = 0;
  let position = 0;
  let rankSum = 0;
  let tieTerm = 0;
  while (i < n1 || j < n2) {
    const xv = i < n1 ? (xs[i] as number) - d : Infinity;
    const yv = j < n2 ? (ys[j] as number) : Infinity;
    const v = i < n1 && (j >= n2 || xv <= yv) ? xv : yv;
    let cx = 0;
    while (i < n1 && (xs[i] as number) - d === v) {
      cx++;
      i++;
    }
    let cy = 0;
    while (j < n2 && ys[j] === v) {
      cy++;
      j++;
    }
    const t = cx + cy;
    rankSum += cx * (position + (t + 1) / 2);
    tieTerm += t * t * t - t;
    position += t;
  }
  const dz = rankSum - (n1 * (n1 + 1)) / 2 - (n1 * n2) / 2;
  const correction = !s.correct ? 0 : s.alternative === 'two-sided' ? Math.sign(dz) * 0.5 : s.alternative === 'greater' ? 0.5 : -0.5;
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  return (dz - correction) / sigma;
}

/** Asymptotic interval and estimate exactly as R: Brent roots of W(d) − z_q on [min x − max y, max x − min y]. */
function asymptoticInterval(
  x: Float64Array,
  y: Float64Array,
  alternative: string,
  level: number,
  correct: boolean,
  warnings: AnalysisWarning[],
): IntervalResult {
  if (!allFinite(x) || !allFinite(y)) return unavailable(warnings, 'infinite values');
  const s: ShiftedStatistic = { xs: Float64Array.from(x).sort(), ys: Float64Array.from(y).sort(), alternative, correct };
  const n1 = x.length;
  const n2 = y.length;
  const muMin = (s.xs[0] as number) - (s.ys[n2 - 1] as number);
  const muMax = (s.xs[n1 - 1] as number) - (s.ys[0] as number);
  const wMin = shiftedZ(s, muMin);
  const wMax = shiftedZ(s, muMax);
  if (!(muMin < muMax) || !Number.isFinite(wMin) || !Number.isFinite(wMax)) {
    return unavailable(warnings, 'every shifted value is tied at the ends of the search range');
  }
  const root = (zq: number): number => {
    const fLower = wMin - zq;
    if (fLower <= 0) return muMin;
    const fUpper = wMax - zq;
    if (fUpper >= 0) return muMax;
    return zeroin((d) => shiftedZ(s, d) - zq, muMin, muMax, fLower, fUpper, ROOT_TOLERANCE);
  };
  const alpha = 1 - level;
  let lower = -Infinity;
  let upper = Infinity;
  if (alternative === 'two-sided') {
    lower = root(normalUpperQuantile(alpha / 2));
    upper = root(normalQuantile(alpha / 2));
  } else if (alternative === 'greater') lower = root(normalUpperQuantile(alpha));
  else upper = root(normalQuantile(alpha));
  // R sets correct <- FALSE before the point estimate: the root of the uncorrected statistic.
  s.correct = false;
  const fLow = shiftedZ(s, muMin);
  const fUpp = shiftedZ(s, muMax);
  let estimate: number | null = null;
  if (fLow === 0) estimate = muMin;
  else if (fUpp === 0) estimate = muMax;
  else if (Math.sign(fLow) * Math.sign(fUpp) < 0) estimate = zeroin((d) => shiftedZ(s, d), muMin, muMax, fLow, fUpp, ROOT_TOLERANCE);
  else warnings.push({ code: MANN_WHITNEY_WARNINGS.intervalUnavailable, message: 'mannWhitneyTest: no sign change for the shift estimate' });
  return { estimate, interval: { lower, upper, level } };
}

/**
 * Brent's root finder exactly as R's `R_zeroin2` (Forsythe, Malcolm & Moler 1977; netlib `zeroin`), with R's
 * `uniroot` defaults (maxiter 1000), so the step function W(d) lands on the same root as R.
 */
function zeroin(f: (v: number) => number, ax: number, bx: number, faIn: number, fbIn: number, tol: number): number {
  const EPSILON = Number.EPSILON;
  let a = ax;
  let b = bx;
  let fa = faIn;
  let fb = fbIn;
  let c = a;
  let fc = fa;
  if (fa === 0) return a;
  if (fb === 0) return b;
  for (let iteration = 0; iteration <= 1000; iteration++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}

/** Samples below this size use R's `cwilcox` counts; larger (exact on request) use Harding's product. */
const CWILCOX_MAX = 50;

/**
 * Null distribution of W for sample sizes m, n without ties: P(W = k) for k ≤ ⌊mn/2⌋ (the upper half follows by
 * symmetry), filled lazily up to the largest k asked for.
 */
class WilcoxonDistribution {
  private readonly m: number;
  private readonly n: number;
  private probabilities: Float64Array = new Float64Array(0);

  constructor(m: number, n: number) {
    this.m = m;
    this.n = n;
  }

  /** P(W = k) for 0 ≤ k ≤ ⌊mn/2⌋; the small-sample table is built whole, Harding's grows by doubling. */
  private probability(k: number): number {
    if (k >= this.probabilities.length) {
      const small = this.m < CWILCOX_MAX && this.n < CWILCOX_MAX;
      const kMax = small ? Math.floor((this.m * this.n) / 2) : Math.max(k, 2 * this.probabilities.length, 64);
      this.probabilities = wilcoxonProbabilities(this.m, this.n, kMax);
    }
    return this.probabilities[k] as number;
  }

  /** R `pwilcox(q, m, n, lower.tail)`: sums the shorter tail so small p-values keep their precision. */
  cdf(qIn: number, lowerTail: boolean): number {
    const mn = this.m * this.n;
    const q = Math.floor(qIn + 1e-7);
    if (q < 0) return lowerTail ? 0 : 1;
    if (q >= mn) return lowerTail ? 1 : 0;
    let p = 0;
    let lower = lowerTail;
    if (q <= mn / 2) {
      for (let i = 0; i <= q; i++) p += this.probability(i);
    } else {
      for (let i = 0; i < mn - q; i++) p += this.probability(i);
      lower = !lower;
    }
    return lower ? p : 0.5 - p + 0.5;
  }

  /** R `qwilcox(p, m, n)`: smallest q with P(W ≤ q) ≥ p (with R's 10·ε slack). */
  quantile(pIn: number): number {
    const mn = this.m * this.n;
    if (pIn === 0) return 0;
    if (pIn === 1) return mn;
    let p = 0;
    let q = 0;
    if (pIn <= 0.5) {
      const target = pIn - 10 * Number.EPSILON;
      for (;;) {
        p += this.probability(Math.min(q, mn - q));
        if (p >= target) return q;
        q++;
      }
    }
    const target = 1 - pIn + 10 * Number.EPSILON;
    for (;;) {
      p += this.probability(Math.min(q, mn - q));
      if (p > target) return mn - q;
      q++;
    }
  }
}

/** P(W = k), k = 0..K (K ≤ ⌊mn/2⌋). */
function wilcoxonProbabilities(m: number, n: number, kMax: number): Float64Array {
  const half = Math.floor((m * n) / 2);
  const K = Math.min(kMax, half);
  if (m < CWILCOX_MAX && n < CWILCOX_MAX) {
    // R: cwilcox(k, m, n) / choose(m + n, n), term by term.
    const counts = new CwilcoxCounts();
    const total = chooseLikeR(m + n, n, () => {
      let sum = 0;
      for (let k = 0; k <= half; k++) sum += counts.count(k, m, n);
      return 2 * sum - ((m * n) % 2 === 0 ? counts.count(half, m, n) : 0);
    });
    const out = new Float64Array(K + 1);
    for (let k = 0; k <= K; k++) out[k] = counts.count(k, m, n) / total;
    return out;
  }
  return hardingProbabilities(Math.min(m, n), Math.max(m, n), K);
}

/** R's `cwilcox(k, m, n)`: number of arrangements with W = k, by the recursion c(k; m, n) = c(k − n; m − 1, n) + c(k; m, n − 1). */
class CwilcoxCounts {
  private readonly memo = new Map<number, Float64Array>();

  count(kIn: number, m: number, n: number): number {
    const u = m * n;
    if (kIn < 0 || kIn > u) return 0;
    const c = Math.floor(u / 2);
    const k = kIn > c ? u - kIn : kIn;
    const i = Math.min(m, n);
    const j = Math.max(m, n);
    const key = i * 64 + j;
    let row = this.memo.get(key);
    if (row === undefined) {
      row = new Float64Array(c + 1).fill(-1);
      this.memo.set(key, row);
    }
    let value = row[k] as number;
    if (value < 0) {
      value = i === 0 || j === 0 ? (k === 0 ? 1 : 0) : this.count(k - n, m - 1, n) + this.count(k, m, n - 1);
      row[k] = value;
    }
    return value;
  }
}

/** R's `choose(n, k)` for integers: the product formula below k = 30 (as R), otherwise the exact total count. */
function chooseLikeR(nIn: number, kIn: number, exactTotal: () => number): number {
  let k = kIn;
  if (nIn - k < k) k = nIn - k;
  if (k >= 30) return exactTotal();
  if (k === 0) return 1;
  let r = nIn;
  for (let j = 2; j <= k; j++) r *= (nIn - j + 1) / j;
  return Math.round(r);
}

/**
 * P(W = k), k ≤ K, for larger samples by Harding's (1984) product for the Gaussian binomial
 * [m+n choose m]_q = Π_{i=1..m} (1 − q^{n+i}) / (1 − q^i), truncated at K and rescaled by i/(n + i) at each
 * step so the coefficients stay probabilities: O(m·K) time and O(K) memory (R's recursion needs O(m·n·mn)).
 */
function hardingProbabilities(m: number, n: number, K: number): Float64Array {
  const f = new Float64Array(K + 1);
  f[0] = 1;
  for (let i = 1; i <= m; i++) {
    const a = n + i;
    for (let k = K; k >= a; k--) f[k] = (f[k] as number) - (f[k - a] as number);
    for (let k = i; k <= K; k++) f[k] = (f[k] as number) + (f[k - i] as number);
    const scale = i / (n + i);
    for (let k = 0; k <= K; k++) f[k] = (f[k] as number) * scale;
  }
  return f;
}
