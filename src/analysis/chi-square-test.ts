/**
 * Pearson's chi-square test of independence for an r × c contingency table, with Yates' continuity correction
 * for 2 × 2 tables, expected counts and Pearson / standardized residuals.
 *
 * Method: K. Pearson (1900); F. Yates (1934) for the 2 × 2 correction; standardized (adjusted) residuals of
 * Haberman (1973), "The analysis of residuals in cross-classified tables", Biometrics 29. Identical to R's
 * `chisq.test(table, correct = TRUE/FALSE)`: statistic, parameter, p.value, expected, residuals, stdres.
 */
import { chiSquareLogTails } from './distributions/chi-square.js';
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';

/** Warning codes of the chi-square family (also used by twoProportionTest and proportionsTest). */
export const CHI_SQUARE_WARNINGS = {
  /** Some expected count is below 5: R's "Chi-squared approximation may be incorrect". */
  expectedCountBelow5: 'expected-count-below-5',
} as const;

/** @internal Builds the expected-count warning (or none) from the expected counts, as R's test `any(E < 5)`. */
export function expectedCountWarnings(expected: ArrayLike<number>): AnalysisWarning[] {
  let below = 0;
  let smallest = Infinity;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    if (e < 5) below++;
    if (e < smallest) smallest = e;
  }
  if (below === 0) return [];
  return [
    {
      code: CHI_SQUARE_WARNINGS.expectedCountBelow5,
      message:
        `Chi-squared approximation may be incorrect: ${below} of ${expected.length} expected counts are below 5 ` +
        `(smallest ${Number(smallest.toPrecision(4))})`,
    },
  ];
}

/** Options for {@link chiSquareTest}. */
export interface ChiSquareTestOptions {
  /** Yates' continuity correction for 2 × 2 tables (ignored for larger tables), as R's default. Default true. */
  readonly correct?: boolean;
}

/** A successful {@link chiSquareTest}. */
export interface ChiSquareTestResult {
  readonly status: 'ok';
  /** 'pearson', or 'pearson-yates' when the 2 × 2 correction was applied (R omits it when it would be 0). */
  readonly method: 'pearson' | 'pearson-yates';
  /** X-squared. */
  readonly statistic: number;
  /** Degrees of freedom (r − 1)(c − 1). */
  readonly df: number;
  /** Upper-tail chi-square p-value, positive down to ~1e-308. */
  readonly pValue: number;
  /** ln of the p-value, finite even when pValue underflows to 0. */
  readonly logPValue: number;
  /** Expected counts under independence, rowSum·colSum/total, same shape as the table. */
  readonly expected: readonly (readonly number[])[];
  /** Pearson residuals (observed − expected)/√expected (R `$residuals`). */
  readonly residuals: readonly (readonly number[])[];
  /** Standardized residuals (observed − expected)/√(expected (1 − rowSum/n)(1 − colSum/n)) (R `$stdres`). */
  readonly standardizedResiduals: readonly (readonly number[])[];
  /** Total count n. */
  readonly total: number;
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Chi-square test of independence of the rows and columns of a contingency table.
 *
 * Method: Pearson's X² = Σ (|O − E| − Y)² / E with E = row total × column total / n, Y = min(½, min |O − E|)
 * for 2 × 2 tables when `correct` (Yates, as R), else 0; p = P(χ²(df) > X²), df = (r − 1)(c − 1).
 * Missing values: none are accepted; every cell must be a finite count ≥ 0 (non-integers allowed, as R).
 * @param table counts, r ≥ 2 rows of c ≥ 2 columns (rows of equal length)
 * @param options correct (default true)
 * @returns the test, or `insufficient` when the table total is 0 or a row or column sums to 0 (expected counts
 *   of 0: R returns NaN there)
 * @throws RangeError when the table has fewer than 2 rows or columns, ragged rows, or a cell that is negative,
 *   NaN or infinite
 * @example
 * chiSquareTest([[12, 5], [7, 9]]) // => { method: 'pearson-yates', statistic: 1.4560, df: 1, pValue: 0.2276, … }
 */
export function chiSquareTest(
  table: readonly (readonly number[])[],
  options: ChiSquareTestOptions = {},
): ChiSquareTestResult | InsufficientResult {
  const { correct = true } = options;
  const r = table.length;
  const c = r > 0 ? (table[0] as readonly number[]).length : 0;
  if (r < 2 || c < 2) {
    throw new RangeError(`chiSquareTest: table must have at least 2 rows and 2 columns, got ${r} × ${c}`);
  }
  const rowSums = new Float64Array(r);
  const colSums = new Float64Array(c);
  for (let i = 0; i < r; i++) {
    const row = table[i] as readonly number[];
    if (row.length !== c) {
      throw new RangeError(`chiSquareTest: every row must have ${c} columns, got ${row.length} in row ${i}`);
    }
    for (let j = 0; j < c; j++) {
      const v = row[j] as number;
      if (!(v >= 0) || v === Infinity) {
        throw new RangeError(`chiSquareTest: cells must be finite counts ≥ 0, got ${v} at row ${i}, column ${j}`);
      }
      rowSums[i] = (rowSums[i] as number) + v;
      colSums[j] = (colSums[j] as number) + v;
    }
  }
  let total = 0;
  for (let i = 0; i < r; i++) total += rowSums[i] as number;
  const isTwoByTwo = r === 2 && c === 2;
  const methodAsked = correct && isTwoByTwo ? 'pearson-yates' : 'pearson';
  if (total === 0) return insufficient(methodAsked, 'chiSquareTest: the table is empty (total count 0)');
  for (let i = 0; i < r; i++) {
    if (rowSums[i] === 0) return insufficient(methodAsked, `chiSquareTest: row ${i} sums to 0 (expected counts of 0)`);
  }
  for (let j = 0; j < c; j++) {
    if (colSums[j] === 0) {
      return insufficient(methodAsked, `chiSquareTest: column ${j} sums to 0 (expected counts of 0)`);
    }
  }

  const expectedFlat = new Float64Array(r * c);
  let minAbsDev = Infinity;
  for (let i = 0; i < r; i++) {
    const row = table[i] as readonly number[];
    for (let j = 0; j < c; j++) {
      const e = ((rowSums[i] as number) * (colSums[j] as number)) / total;
      expectedFlat[i * c + j] = e;
      const dev = Math.abs((row[j] as number) - e);
      if (dev < minAbsDev) minAbsDev = dev;
    }
  }
  // R: YATES <- min(0.5, abs(x - E)); the method name mentions Yates only when that is > 0.
  const yates = correct && isTwoByTwo ? Math.min(0.5, minAbsDev) : 0;
  let statistic = 0;
  const expected: number[][] = [];
  const residuals: number[][] = [];
  const standardized: number[][] = [];
  for (let i = 0; i < r; i++) {
    const row = table[i] as readonly number[];
    const eRow: number[] = [];
    const resRow: number[] = [];
    const stdRow: number[] = [];
    const rowShare = (rowSums[i] as number) / total;
    for (let j = 0; j < c; j++) {
      const e = expectedFlat[i * c + j] as number;
      const diff = (row[j] as number) - e;
      const dev = Math.abs(diff) - yates;
      statistic += (dev * dev) / e;
      eRow.push(e);
      resRow.push(diff / Math.sqrt(e));
      // Haberman's variance of O − E under independence: E (1 − r_i/n)(1 − c_j/n), as R's V = c r (n − r)(n − c)/n³.
      const variance = e * (1 - rowShare) * (1 - (colSums[j] as number) / total);
      stdRow.push(diff / Math.sqrt(variance));
    }
    expected.push(eRow);
    residuals.push(resRow);
    standardized.push(stdRow);
  }
  const df = (r - 1) * (c - 1);
  const logPValue = chiSquareLogTails(statistic, df).logUpper;
  return {
    status: 'ok',
    method: yates > 0 ? 'pearson-yates' : 'pearson',
    statistic,
    df,
    pValue: Math.exp(logPValue),
    logPValue,
    expected,
    residuals,
    standardizedResiduals: standardized,
    total,
    warnings: expectedCountWarnings(expectedFlat),
  };
}
