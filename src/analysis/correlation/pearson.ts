/**
 * Pearson's product-moment correlation and its t test / Fisher-z interval, as R's `cor.test(method = "pearson")`.
 */
import { normalQuantile, studentTCdf, studentTSurvival } from '../distributions/index.js';
import type { CorrelationAlternative, PairOutcome } from './types.js';

/** Internal settings shared by the three method cores. */
export interface PairSettings {
  readonly alternative: CorrelationAlternative;
  readonly exact: boolean | undefined;
  readonly level: number;
  readonly continuity: boolean;
}

/**
 * Neumaier-compensated sum of a·b over the first n entries (b omitted: sum of a). R accumulates `cor` in long
 * double; compensation keeps the result within an ulp or two of it.
 */
export function compensatedDot(a: Float64Array, b: Float64Array | null, n: number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const term = b === null ? (a[i] as number) : (a[i] as number) * (b[i] as number);
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/**
 * Deviations from the mean, the mean taken in two passes as R's `cor` (sum / n, then a correction pass), then
 * multiplied by a power of two when they are so large or small that their squares would overflow or underflow
 * (R sums in long double, whose range is wider); r does not depend on the scale and the power of two is exact.
 */
export function centred(values: Float64Array): Float64Array {
  const n = values.length;
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(values[i] as number));
  // Scale the data first too, so the sum of 1e300-sized values cannot overflow.
  const inputScale = largest > 2 ** 500 ? 2 ** -500 : 1;
  const scaled = inputScale === 1 ? values : values.map((v) => v * inputScale);
  let mean = compensatedDot(scaled, null, n) / n;
  const out = new Float64Array(n);
  if (Number.isFinite(mean)) {
    for (let i = 0; i < n; i++) out[i] = (scaled[i] as number) - mean;
    mean += compensatedDot(out, null, n) / n;
  }
  let spread = 0;
  for (let i = 0; i < n; i++) {
    out[i] = (scaled[i] as number) - mean;
    spread = Math.max(spread, Math.abs(out[i] as number));
  }
  if (spread > 0 && (spread > 2 ** 400 || spread < 2 ** -400)) {
    const factor = 2 ** -Math.round(Math.log2(spread));
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) * factor;
  }
  return out;
}

/** True when every value equals the first (a constant column has no correlation). */
export function isConstant(values: ArrayLike<number>): boolean {
  const first = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return false;
  return true;
}

/**
 * r from deviations: (Sxy/(n−1)) / (√(Sxx/(n−1)) · √(Syy/(n−1))), clamped to [−1, 1], the operation order of R's
 * `cov.c` so that r agrees with R to the last bits.
 */
export function coefficientFromSums(sxy: number, sxx: number, syy: number, n: number): number {
  const n1 = n - 1;
  const r = sxy / n1 / (Math.sqrt(sxx / n1) * Math.sqrt(syy / n1));
  return r >= 1 ? 1 : r <= -1 ? -1 : r;
}

/** Pearson's test on complete pairs (x, y have the same length, no NaN). */
export function pearsonPair(x: Float64Array, y: Float64Array, settings: PairSettings): PairOutcome {
  const n = x.length;
  if (n < 3) return { ok: false, reason: `needs at least 3 complete pairs for Pearson's r, got ${n}` };
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) return { ok: false, reason: 'infinite values make Pearson\'s r undefined' };
  }
  if (isConstant(x) || isConstant(y)) return { ok: false, reason: `${isConstant(x) ? 'x' : 'y'} is constant, so r is undefined` };
  const cx = centred(x);
  const cy = centred(y);
  return pearsonFromSums(compensatedDot(cx, cy, n), compensatedDot(cx, cx, n), compensatedDot(cy, cy, n), n, settings);
}

/** Pearson's t test (df = n − 2) and, for n > 3, the Fisher-z interval, from the sums of deviation products. */
export function pearsonFromSums(sxy: number, sxx: number, syy: number, n: number, settings: PairSettings): PairOutcome {
  if (!(sxx > 0) || !(syy > 0)) return { ok: false, reason: 'zero variance, so r is undefined' };
  const r = coefficientFromSums(sxy, sxx, syy, n);
  const df = n - 2;
  const t = (Math.sqrt(df) * r) / Math.sqrt(1 - r * r);
  const { alternative, level } = settings;
  const pValue =
    alternative === 'less'
      ? studentTCdf(t, df)
      : alternative === 'greater'
        ? studentTSurvival(t, df)
        : 2 * (t > 0 ? studentTSurvival(t, df) : studentTCdf(t, df));
  let confidenceInterval = null;
  if (n > 3) {
    // Fisher (1921): atanh(r) is close to normal with standard error 1/√(n − 3).
    const z = Math.atanh(r);
    const sigma = 1 / Math.sqrt(n - 3);
    let lower = -Infinity;
    let upper = Infinity;
    if (alternative === 'two-sided') {
      const q = normalQuantile((1 + level) / 2);
      lower = z + -sigma * q;
      upper = z + sigma * q;
    } else if (alternative === 'less') upper = z + sigma * normalQuantile(level);
    else lower = z - sigma * normalQuantile(level);
    confidenceInterval = { lower: Math.tanh(lower), upper: Math.tanh(upper), level };
  }
  return {
    ok: true,
    result: { method: 'pearson', estimate: r, statistic: t, statisticName: 't', df, pValue, confidenceInterval },
    tiesPreventedExact: false,
    exactUnavailable: false,
  };
}
