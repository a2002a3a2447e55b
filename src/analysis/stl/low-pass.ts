/**
 * STL stage: the low-pass filter of the cycle-subseries (Cleveland et al. 1990, step 3; R stl.f `stlfts` and
 * `stlma`): moving averages of lengths period, period and 3 take the n + 2·period values of C down to n; the
 * loess smooth with the low-pass span that follows is done by the inner loop with {@link loessSmooth}.
 */

/** Running mean of `len` consecutive values: ave[i] = mean(x[i .. i+len-1]) for i = 0 .. n − len. */
export function movingAverage(x: Float64Array, n: number, len: number, ave: Float64Array): void {
  const count = n - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i] as number;
  ave[0] = v / len;
  // the running sum is updated, not recomputed, exactly as the original does
  for (let j = 1, k = len, m = 0; j < count; j++, k++, m++) {
    v = v - (x[m] as number) + (x[k] as number);
    ave[j] = v / len;
  }
}

/**
 * Moving averages of lengths period, period, 3 over `x[0 .. m-1]` (m = n + 2·period) into `out[0 .. n-1]`;
 * `scratch` has length ≥ m.
 */
export function lowPassAverages(x: Float64Array, m: number, period: number, out: Float64Array, scratch: Float64Array): void {
  movingAverage(x, m, period, out);
  movingAverage(out, m - period + 1, period, scratch);
  movingAverage(scratch, m - 2 * period + 2, 3, out);
}
