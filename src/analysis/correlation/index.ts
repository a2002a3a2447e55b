/**
 * Correlation coefficients with their tests, as R's `cor.test`, for one pair (`correlation`) or every pair of
 * named columns (`correlationMatrix`).
 *
 * Stages / files:
 *   1. types.ts              — options, results, variants and warning codes
 *   2. pearson.ts            — R's two-pass r, t test on n − 2 df, Fisher-z interval
 *   3. spearman.ts           — rho from average ranks (../ranks.ts); AS 89 (enumeration n ≤ 9, Edgeworth ≤ 1290) or t
 *   4. kendall.ts            — tau-b by Knight's O(n log n) algorithm; exact T (R `ckendall`) or tie-corrected normal
 *   5. correlation.ts        — `correlation(x, y)`: complete pairs → one method core
 *   6. correlation-matrix.ts — `correlationMatrix(columns)`: one sort per column, O(n) re-ranking per pair when
 *                              the columns miss different rows
 */
export { correlation } from './correlation.js';
export { correlationMatrix, type CorrelationMatrixOptions, type CorrelationMatrixResult } from './correlation-matrix.js';
export {
  CORRELATION_WARNINGS,
  type CorrelationAlternative,
  type CorrelationInterval,
  type CorrelationMethod,
  type CorrelationOptions,
  type CorrelationResult,
  type CorrelationVariant,
} from './types.js';
