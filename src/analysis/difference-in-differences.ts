/**
 * Difference-in-differences: the effect of a treatment given to some units from some time on, as the
 * treated × post interaction of an OLS regression, with classical, HC1 and cluster-robust CR1 standard errors.
 *
 * Stages:
 *   1. validate; listwise deletion; the four treated × post cells (means, counts); empty cell → insufficient
 *   2. OLS y ~ treated + post + treated:post [+ covariates] (linear-model/: Householder QR as R `lm`)
 *   3. covariances (linear-model/sandwich.ts): classical, HC1, CR1 by cluster
 *   4. the reported test and interval; parallel-trends check on the pre-period when periods are given
 */
import { studentTQuantile, studentTSurvival } from './distributions/index.js';
import {
  checkColumnLength,
  classicalCovariance,
  codeClusters,
  codeFlags,
  compactNumbers,
  designColumns,
  fitOls,
  keepRows,
  markMissingNumbers,
  robustCovariances,
} from './linear-model/index.js';
import type { DesignColumns, DesignMatrix, OlsFit } from './linear-model/index.js';
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';

/** Warning codes of {@link differenceInDifferences}. */
export const DID_WARNINGS = {
  /** Rows with a missing value in any input column were dropped. */
  missingDropped: 'missing-rows-dropped',
  /** Only one pre-treatment period (or no `period` given): parallel trends are assumed, not checked. */
  parallelTrendsUntestable: 'parallel-trends-untestable',
  /** The pre-period slopes of treated and control differ at the 1 − level significance. */
  preTrendDetected: 'pre-trend-detected',
  /** Fewer than 30 clusters: CR1 standard errors are biased downwards (Cameron & Miller 2015). */
  fewClusters: 'few-clusters',
} as const;

/** Few-cluster threshold of the 'few-clusters' warning. */
export const DID_FEW_CLUSTERS = 30;

export type DidStandardError = 'classical' | 'hc1' | 'cluster';
/**
 * Reference distribution of the test and interval: 'auto' = t on n − k df for classical/HC1 (R
 * `lmtest::coeftest`) and t on G − 1 df for cluster (Stata, Cameron & Miller 2015); 't-residual' = t on n − k
 * for all (R `coeftest(fit, vcovCL(...))`); 'normal' = z (statsmodels' default for robust covariances).
 */
export type DidDistribution = 'auto' | 't-residual' | 'normal';

/** Input of {@link differenceInDifferences}; all columns have one entry per observation. */
export interface DifferenceInDifferencesInput {
  /** Outcome (e.g. handling time, CSAT); NaN or null = missing. */
  readonly outcome: ArrayLike<number | null>;
  /** Unit belongs to the treated group (true/1) or control (false/0); null = missing. */
  readonly treated: ArrayLike<boolean | number | null>;
  /** Observation is after the treatment start (true/1) or before (false/0); null = missing. */
  readonly post: ArrayLike<boolean | number | null>;
  /** Unit (cluster) label, e.g. team id; labels are compared with SameValueZero (1 and '1' differ). */
  readonly cluster?: ArrayLike<string | number | null>;
  /** Extra regressors by name; NaN or null = missing. */
  readonly covariates?: Readonly<Record<string, ArrayLike<number | null>>>;
  /** Numeric time of each observation (e.g. month index); enables the pre-period parallel-trends check. */
  readonly period?: ArrayLike<number | null>;
}

/** Options of {@link differenceInDifferences}. */
export interface DifferenceInDifferencesOptions {
  /** Confidence level, in (0, 1). Default 0.95. */
  readonly level?: number;
  /** Which standard error is reported: default 'cluster' when clusters are given, else 'hc1'. */
  readonly standardError?: DidStandardError;
  /** Reference distribution; default 'auto' (see {@link DidDistribution}). */
  readonly distribution?: DidDistribution;
}

/** Mean and count of one treated × post cell. */
export interface DidCell {
  readonly mean: number;
  readonly n: number;
}

/** One regression term with the reported standard error. */
export interface DidTerm {
  readonly name: string;
  readonly estimate: number;
  readonly stdError: number;
  readonly statistic: number;
  readonly pValue: number;
}

/** The pre-period check: difference of linear time slopes, treated − control, before treatment. */
export interface DidPreTrend {
  /** Slope difference in outcome units per period unit (coefficient of treated:period on pre rows). */
  readonly estimate: number;
  readonly stdError: number;
  readonly statistic: number;
  readonly pValue: number;
  /** Distinct pre-treatment periods. */
  readonly periods: number;
}

/** A successful {@link differenceInDifferences}. */
export interface DifferenceInDifferencesResult {
  readonly status: 'ok';
  /** Which standard error is reported. */
  readonly method: DidStandardError;
  /** The treated × post coefficient, in outcome units. */
  readonly effect: number;
  readonly stdError: number;
  /** effect / stdError: a t statistic when df is finite, z when df = Infinity. */
  readonly statistic: number;
  readonly statisticType: 't' | 'z';
  /** Degrees of freedom of the reference t (Infinity for z). */
  readonly df: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  readonly confidenceInterval: { readonly lower: number; readonly upper: number; readonly level: number };
  /** All standard errors of the effect; cluster is null without clusters. */
  readonly standardErrors: { readonly classical: number; readonly hc1: number; readonly cluster: number | null };
  /** Cell means and counts (raw, not covariate-adjusted). */
  readonly cells: {
    readonly control: { readonly pre: DidCell; readonly post: DidCell };
    readonly treated: { readonly pre: DidCell; readonly post: DidCell };
  };
  /** (treated post − treated pre) − (control post − control pre) of the cell means; = effect without covariates. */
  readonly cellDifference: number;
  /**
   * Intercept, treated, post, covariates, treated:post (R's order for `y ~ treated * post + covariates`), with
   * the reported standard errors; a term's stdError/statistic/pValue is NaN in the rare case its robust
   * variance rounds to ≤ 0 (a CR1 matrix from fewer clusters than terms is singular).
   */
  readonly terms: readonly DidTerm[];
  readonly n: number;
  readonly missing: number;
  /** Number of clusters; null without clusters. */
  readonly clusters: number | null;
  readonly rSquared: number;
  readonly preTrend: DidPreTrend | null;
  readonly warnings: readonly AnalysisWarning[];
}

const FN = 'differenceInDifferences';

interface Coded {
  readonly n: number;
  readonly y: Float64Array;
  readonly treated: Uint8Array;
  readonly post: Uint8Array;
  readonly covariates: Float64Array[];
  readonly period: Float64Array | null;
  readonly cluster: Int32Array | null;
  readonly clusterCount: number;
}

/** Validates and keeps the complete rows, coding clusters 0..G−1 in order of appearance. */
function code(input: DifferenceInDifferencesInput, covNames: readonly string[]): Coded {
  const total = input.outcome.length;
  checkColumnLength(FN, 'treated', input.treated, total);
  checkColumnLength(FN, 'post', input.post, total);
  if (input.cluster !== undefined) checkColumnLength(FN, 'cluster', input.cluster, total);
  if (input.period !== undefined) checkColumnLength(FN, 'period', input.period, total);
  const covCols = covNames.map((name) => {
    const col = (input.covariates as Record<string, ArrayLike<number | null>>)[name] as ArrayLike<number | null>;
    checkColumnLength(FN, `covariate '${name}'`, col, total);
    return col;
  });
  const missing = new Uint8Array(total);
  markMissingNumbers(FN, 'outcome', input.outcome, missing);
  const treated = codeFlags(FN, 'treated', input.treated, missing);
  const post = codeFlags(FN, 'post', input.post, missing);
  covCols.forEach((col, j) => markMissingNumbers(FN, `covariate '${covNames[j] as string}'`, col, missing));
  if (input.period !== undefined) markMissingNumbers(FN, 'period', input.period, missing);
  // Clusters last: a label is coded only if its row is complete, so G counts the clusters actually used.
  let cluster: Int32Array | null = null;
  let clusterCount = 0;
  if (input.cluster !== undefined) {
    cluster = new Int32Array(total);
    clusterCount = codeClusters(FN, input.cluster, missing, cluster);
  }
  let n = 0;
  for (let i = 0; i < total; i++) if (missing[i] === 0) n++;
  return {
    n,
    y: compactNumbers(input.outcome, missing, n),
    treated: keepRows(treated, missing, n),
    post: keepRows(post, missing, n),
    covariates: covCols.map((c) => compactNumbers(c, missing, n)),
    period: input.period === undefined ? null : compactNumbers(input.period, missing, n),
    cluster: cluster === null ? null : keepRows(cluster, missing, n),
    clusterCount,
  };
}

/** Covariance of the requested kind for a full-rank fit. */
function covariance(fit: OlsFit, design: DesignMatrix, kind: DidStandardError, cluster: Int32Array | null, g: number): Float64Array {
  if (kind === 'classical') return classicalCovariance(fit);
  if (kind === 'hc1') return robustCovariances(fit, designColumns(design)).hc1;
  return robustCovariances(fit, designColumns(design), cluster as Int32Array, g).cluster as Float64Array;
}

function referenceDf(distribution: DidDistribution, kind: DidStandardError, fit: OlsFit, g: number): number {
  if (distribution === 'normal') return Infinity;
  if (distribution === 'auto' && kind === 'cluster') return g - 1;
  return fit.dfResidual;
}

/** Two-sided p-value; NaN when the statistic is NaN (a term whose robust variance rounds to ≤ 0). */
function twoSided(statistic: number, df: number): number {
  return statistic === statistic ? 2 * studentTSurvival(Math.abs(statistic), df) : NaN;
}

/** Renumbers cluster ids of a subset of rows to 0..G'−1. */
function recode(cluster: Int32Array, rows: Int32Array): { ids: Int32Array; count: number } {
  const map = new Map<number, number>();
  const ids = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const c = cluster[rows[r] as number] as number;
    let id = map.get(c);
    if (id === undefined) {
      id = map.size;
      map.set(c, id);
    }
    ids[r] = id;
  }
  return { ids, count: map.size };
}

/** Pre-period regression y ~ treated · period; null when degenerate (too few rows, periods or clusters). */
function preTrend(data: Coded, kind: DidStandardError, distribution: DidDistribution): DidPreTrend | null {
  const period = data.period as Float64Array;
  let m = 0;
  for (let i = 0; i < data.n; i++) if (data.post[i] === 0) m++;
  const rows = new Int32Array(m);
  m = 0;
  for (let i = 0; i < data.n; i++) if (data.post[i] === 0) rows[m++] = i;
  const distinct = new Set<number>();
  for (const r of rows) distinct.add(period[r] as number);
  if (distinct.size < 2 || m < 5) return null;
  const x = new Float64Array(m * 4);
  const y = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const i = rows[r] as number;
    const t = data.treated[i] as number;
    const time = period[i] as number;
    x[r] = 1;
    x[m + r] = t;
    x[2 * m + r] = time;
    x[3 * m + r] = t * time;
    y[r] = data.y[i] as number;
  }
  const design: DesignMatrix = { rows: m, columns: 4, data: x, names: ['(Intercept)', 'treated', 'period', 'treated:period'] };
  const fit = fitOls(design, y, { hasIntercept: true });
  if (fit.rank < 4 || fit.dfResidual < 1) return null;
  let g = 0;
  let ids: Int32Array | null = null;
  if (kind === 'cluster') {
    const coded = recode(data.cluster as Int32Array, rows);
    ids = coded.ids;
    g = coded.count;
    if (g < 2) return null;
  }
  const v = covariance(fit, design, kind, ids, g);
  const estimate = fit.coefficients[3] as number;
  const stdError = Math.sqrt(v[15] as number);
  if (!(stdError > 0)) return null; // an exact pre-period fit, or a singular CR1: nothing to test
  const statistic = estimate / stdError;
  return { estimate, stdError, statistic, pValue: twoSided(statistic, referenceDf(distribution, kind, fit, g)), periods: distinct.size };
}

/**
 * Difference-in-differences estimate of a treatment effect with its standard error, test and interval.
 *
 * Method: OLS y = β₀ + β₁·treated + β₂·post + δ·treated·post [+ γ·covariates] + e (Householder QR, as R `lm`);
 * δ is the effect (Card & Krueger 1994; Angrist & Pischke 2009, Mostly Harmless Econometrics §5.2). Standard
 * errors: classical σ²(XᵀX)⁻¹; HC1 (White 1980 with n/(n − k), R `sandwich::vcovHC(type = "HC1")`); CR1 by
 * cluster (Liang & Zeger 1986; R `sandwich::vcovCL(type = "HC1")`, Stata `vce(cluster)`, statsmodels
 * `cov_type='cluster'`). Reported by default: CR1 when clusters are given (cluster by the unit that was
 * treated — serial correlation within units makes the others too small; Bertrand, Duflo & Mullainathan 2004),
 * else HC1. With `period`, the pre-period slopes of the two groups are compared (y ~ treated·period on the
 * pre rows, same kind of standard error); with a single pre period, or no `period`, parallel trends cannot be
 * checked and a 'parallel-trends-untestable' warning says so.
 *
 * Missing values: listwise — a row with NaN/null in outcome, treated, post, cluster, period or a covariate is
 * dropped (warning 'missing-rows-dropped').
 *
 * @param input outcome, treated and post flags, optional cluster labels, covariates and numeric periods.
 * @param options level; which standard error to report; reference distribution (t or z).
 * @returns the ok result, or insufficient when a treated × post cell is empty, fewer than k + 1 complete rows
 *   remain, a covariate is constant or collinear (named), fewer than 2 clusters are left, the model fits the
 *   outcome exactly (no residual variation), or the effect's standard error is not positive.
 * @throws TypeError / RangeError for unequal lengths, flags other than booleans or 0/1, ±Infinity, bad options,
 *   or standardError 'cluster' without clusters.
 * @example
 * differenceInDifferences({
 *   outcome: [10, 11, 10, 12, 20, 21, 25, 26],
 *   treated: [false, false, false, false, true, true, true, true],
 *   post: [false, false, true, true, false, false, true, true],
 * }).effect // => 4.5 ((25.5 − 20.5) − (11 − 10.5) = 5 − 0.5, to rounding)
 */
export function differenceInDifferences(
  input: DifferenceInDifferencesInput,
  options: DifferenceInDifferencesOptions = {},
): DifferenceInDifferencesResult | InsufficientResult {
  if (input === null || typeof input !== 'object') throw new TypeError(`${FN}: input must be { outcome, treated, post }`);
  if (input.outcome === null || typeof input.outcome !== 'object' || typeof input.outcome.length !== 'number') {
    throw new TypeError(`${FN}: outcome must be an array of numbers`);
  }
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`${FN}: level must be in (0, 1), got level = ${level}`);
  const hasCluster = input.cluster !== undefined;
  const kind = options.standardError ?? (hasCluster ? 'cluster' : 'hc1');
  if (kind !== 'classical' && kind !== 'hc1' && kind !== 'cluster') {
    throw new RangeError(`${FN}: standardError must be 'classical', 'hc1' or 'cluster', got '${String(kind)}'`);
  }
  if (kind === 'cluster' && !hasCluster) throw new RangeError(`${FN}: standardError 'cluster' needs input.cluster`);
  const distribution = options.distribution ?? 'auto';
  if (distribution !== 'auto' && distribution !== 't-residual' && distribution !== 'normal') {
    throw new RangeError(`${FN}: distribution must be 'auto', 't-residual' or 'normal', got '${String(distribution)}'`);
  }
  const covNames = input.covariates === undefined ? [] : Object.keys(input.covariates);
  const data = code(input, covNames);
  const { n } = data;
  const total = input.outcome.length;
  const missing = total - n;

  // Stage 1: cells.
  const sums = new Float64Array(4);
  const counts = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    const c = (data.treated[i] as number) * 2 + (data.post[i] as number);
    sums[c] = (sums[c] as number) + (data.y[i] as number);
    counts[c] = (counts[c] as number) + 1;
  }
  const cellNames = ['control pre', 'control post', 'treated pre', 'treated post'];
  const empty = cellNames.filter((_, c) => counts[c] === 0);
  if (empty.length > 0) return insufficient(kind, `${FN}: empty cell${empty.length > 1 ? 's' : ''}: ${empty.join(', ')} (of ${n} complete rows)`);
  const k = 4 + covNames.length;
  if (n <= k) return insufficient(kind, `${FN}: needs more than ${k} complete rows for ${k} coefficients, got ${n}`);
  if (kind === 'cluster' && data.clusterCount < 2) {
    return insufficient(kind, `${FN}: cluster-robust standard errors need at least 2 clusters, got ${data.clusterCount}`);
  }
  const cell = (c: number): DidCell => ({ mean: (sums[c] as number) / (counts[c] as number), n: counts[c] as number });

  // Stage 2: OLS.
  // Columns in R's order for y ~ treated * post + covariates: the interaction comes last. The QR overwrites the
  // design; the robust covariances read the rows from the source columns instead (no second n × k copy).
  const x = new Float64Array(n * k);
  const interaction = new Uint8Array(n);
  const inter = (k - 1) * n;
  for (let i = 0; i < n; i++) {
    const t = data.treated[i] as number;
    const p = data.post[i] as number;
    const tp = t & p;
    interaction[i] = tp;
    x[i] = 1;
    x[n + i] = t;
    x[2 * n + i] = p;
    x[inter + i] = tp;
  }
  for (let j = 0; j < covNames.length; j++) x.set(data.covariates[j] as Float64Array, (3 + j) * n);
  const names = ['(Intercept)', 'treated', 'post', ...covNames, 'treated:post'];
  const columns: DesignColumns = [null, data.treated, data.post, ...data.covariates, interaction];
  const fit = fitOls({ rows: n, columns: k, data: x, names }, data.y, { hasIntercept: true, overwriteDesign: true });
  if (fit.rank < k) {
    const aliased = fit.aliased.map((c) => `'${names[c] as string}'`).join(', ');
    return insufficient(kind, `${FN}: ${aliased} ${fit.aliased.length > 1 ? 'are' : 'is'} constant or collinear with the other terms`);
  }
  // An exact fit (every cell constant, up to rounding) leaves no residual variation to estimate an error from.
  if (fit.residualSumOfSquares <= 1e-24 * (fit.modelSumOfSquares + fit.residualSumOfSquares)) {
    return insufficient(kind, `${FN}: the outcome has no residual variation (the model fits it exactly): no standard error`);
  }

  // Stage 3: covariances.
  const g = data.clusterCount;
  const vClassical = classicalCovariance(fit);
  const robust = hasCluster && g >= 2 ? robustCovariances(fit, columns, data.cluster as Int32Array, g) : robustCovariances(fit, columns);
  const vHc1 = robust.hc1;
  const effectIndex = k - 1;
  const vCluster = robust.cluster;
  const reported = kind === 'classical' ? vClassical : kind === 'hc1' ? vHc1 : (vCluster as Float64Array);
  const at = (v: Float64Array, j: number): number => Math.sqrt(v[j * k + j] as number);

  // Stage 4: test, interval, terms, pre-trend.
  const df = referenceDf(distribution, kind, fit, g);
  const effect = fit.coefficients[effectIndex] as number;
  const stdError = at(reported, effectIndex);
  if (!(stdError > 0)) {
    return insufficient(kind, `${FN}: the ${kind} standard error of the effect is ${stdError} (too few clusters for the terms?)`);
  }
  const statistic = effect / stdError;
  const q = studentTQuantile(1 - (1 - level) / 2, df);
  const terms: DidTerm[] = names.map((name, j) => {
    const estimate = fit.coefficients[j] as number;
    const se = at(reported, j);
    return { name, estimate, stdError: se, statistic: estimate / se, pValue: twoSided(estimate / se, df) };
  });
  const warnings: AnalysisWarning[] = [];
  if (missing > 0) warnings.push({ code: DID_WARNINGS.missingDropped, message: `${missing} of ${total} rows had a missing value and were dropped` });
  if (kind === 'cluster' && g < DID_FEW_CLUSTERS) {
    warnings.push({ code: DID_WARNINGS.fewClusters, message: `only ${g} clusters: cluster-robust standard errors are unreliable below about ${DID_FEW_CLUSTERS}` });
  }
  const trend = data.period === null ? null : preTrend(data, kind, distribution);
  if (trend === null) {
    warnings.push({
      code: DID_WARNINGS.parallelTrendsUntestable,
      message:
        data.period === null
          ? 'no period given: the pre-period is treated as a single period, so parallel trends are assumed, not checked'
          : 'fewer than 2 usable pre-treatment periods: parallel trends are assumed, not checked',
    });
  } else if (trend.pValue < 1 - level) {
    warnings.push({
      code: DID_WARNINGS.preTrendDetected,
      message: `pre-period slopes differ (treated − control = ${trend.estimate.toPrecision(4)} per period, p = ${trend.pValue.toPrecision(3)}): parallel trends are doubtful`,
    });
  }
  const c0 = cell(0);
  const c1 = cell(1);
  const t0 = cell(2);
  const t1 = cell(3);
  return {
    status: 'ok',
    method: kind,
    effect,
    stdError,
    statistic,
    statisticType: df === Infinity ? 'z' : 't',
    df,
    pValue: twoSided(statistic, df),
    confidenceInterval: { lower: effect - q * stdError, upper: effect + q * stdError, level },
    standardErrors: {
      classical: at(vClassical, effectIndex),
      hc1: at(vHc1, effectIndex),
      cluster: vCluster === null ? null : at(vCluster, effectIndex),
    },
    cells: { control: { pre: c0, post: c1 }, treated: { pre: t0, post: t1 } },
    cellDifference: t1.mean - t0.mean - (c1.mean - c0.mean),
    terms,
    n,
    missing,
    clusters: hasCluster ? g : null,
    rSquared: fit.rSquared,
    preTrend: trend,
    warnings,
  };
}
