/**
 * Options, results and warning codes shared by {@link correlation} and {@link correlationMatrix}.
 */
import type { AnalysisWarning } from '../result.js';

/** Which coefficient: Pearson's r, Spearman's rho or Kendall's tau-b. */
export type CorrelationMethod = 'pearson' | 'spearman' | 'kendall';

/** Alternative hypothesis about the true coefficient: ≠ 0, < 0 or > 0. */
export type CorrelationAlternative = 'two-sided' | 'less' | 'greater';

/**
 * How the p-value was obtained: Pearson's t test; Spearman by exact enumeration (n ≤ 9), AS 89's Edgeworth
 * series (10 ≤ n ≤ 1290) or the t approximation; Kendall by the exact distribution of T or the normal
 * approximation with tie-corrected variance.
 */
export type CorrelationVariant =
  | 'pearson'
  | 'spearman-exact'
  | 'spearman-edgeworth'
  | 'spearman-t'
  | 'kendall-exact'
  | 'kendall-normal';

/** Warning codes of {@link correlation} and {@link correlationMatrix}. */
export const CORRELATION_WARNINGS = {
  /** An exact p-value was asked for (or is the default) but tied values force the approximation (R warns too). */
  tiesPreventExact: 'correlation-ties-prevent-exact',
  /** Kendall's exact distribution was asked for with n > 170 (n! overflows); the normal approximation is used. */
  exactUnavailable: 'correlation-exact-unavailable',
  /** Incomplete pairs (NaN or null in x or y) were dropped. */
  missingDropped: 'correlation-missing-dropped',
  /** correlationMatrix: some pairs could not be computed (too few complete pairs or a constant column). */
  insufficientPairs: 'correlation-insufficient-pairs',
} as const;

export interface CorrelationOptions {
  /** Default 'pearson' (R's default). */
  readonly method?: CorrelationMethod;
  /** Default 'two-sided'. */
  readonly alternative?: CorrelationAlternative;
  /**
   * Exact p-value for Spearman/Kendall. Default as R: Spearman exact whenever n ≤ 1290 (enumeration for n ≤ 9,
   * Edgeworth series above), Kendall exact for n < 50; tied values always fall back to the approximation.
   */
  readonly exact?: boolean;
  /** Confidence level of Pearson's Fisher-z interval, in (0, 1); default 0.95. */
  readonly level?: number;
  /** R's `continuity`: continuity correction for Kendall's and Spearman's approximations; default false. */
  readonly continuity?: boolean;
}

/** Fisher-z confidence interval for Pearson's r. */
export interface CorrelationInterval {
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
}

export interface CorrelationResult {
  readonly status: 'ok';
  readonly method: CorrelationVariant;
  readonly warnings: readonly AnalysisWarning[];
  /** r, rho or tau-b, in [−1, 1]. */
  readonly estimate: number;
  /**
   * The test statistic R reports: Pearson t; Spearman S = (n³ − n)(1 − rho)/6; Kendall T (number of
   * concordant pairs, exact test) or z (normal approximation).
   */
  readonly statistic: number;
  readonly statisticName: 't' | 'S' | 'T' | 'z';
  /** Degrees of freedom n − 2 of Pearson's t; null for the rank methods. */
  readonly df: number | null;
  readonly pValue: number;
  /** Number of complete pairs used. */
  readonly n: number;
  readonly alternative: CorrelationAlternative;
  /** Pearson only and n > 3 (as R); null otherwise. */
  readonly confidenceInterval: CorrelationInterval | null;
}

/** What a method core returns for one pair of complete samples: either a test or the reason it cannot be run. */
export type PairOutcome =
  | { readonly ok: true; readonly result: Omit<CorrelationResult, 'status' | 'warnings' | 'n' | 'alternative'>; readonly tiesPreventedExact: boolean; readonly exactUnavailable: boolean }
  | { readonly ok: false; readonly reason: string };

export const ALTERNATIVES: readonly string[] = ['two-sided', 'less', 'greater'];
export const METHODS: readonly string[] = ['pearson', 'spearman', 'kendall'];
