/**
 * STL stage: the loess smoother (Cleveland et al. 1990, section 2 and appendix; R `stats` stl.f `stless` and
 * `stlest`). Local constant (degree 0) or local linear (degree 1) fit with tricube neighbourhood weights,
 * optionally multiplied by robustness weights, evaluated every `jump` points and linearly interpolated between.
 *
 * Positions are kept 1-based in the arithmetic (x = 1, 2, …, n) as in the original, so that sums such as
 * Σ wⱼ·j round exactly as R's do; arrays themselves are 0-based (element j lives at index j − 1).
 */

/**
 * Neighbourhood weight at distance r for bandwidth h: 1 within 0.1 % of h, the tricube (1 − (r/h)³)³ up to
 * 99.9 % of h (written as products so it rounds like the compiled Fortran powers), 0 beyond. A zero weight adds
 * exactly nothing to the sums, so treating "outside" as weight 0 changes no result.
 */
function tricube(r: number, h: number): number {
  if (r > 0.999 * h) return 0;
  if (r <= 0.001 * h) return 1;
  const q = r / h;
  const u = 1 - q * q * q;
  return u * u * u;
}

let tableBandwidth = -1;
let table = new Float64Array(64);

/** Weights for integer distances 0 … ⌈h⌉ + 1 at bandwidth h, rebuilt only when h changes. */
function tricubeTable(h: number): Float64Array {
  if (h !== tableBandwidth) {
    const size = Math.ceil(h) + 2;
    if (table.length < size) table = new Float64Array(Math.max(size, 2 * table.length));
    for (let r = 0; r < size; r++) table[r] = tricube(r, h);
    tableBandwidth = h;
  }
  return table;
}

/**
 * Loess estimate at the (1-based, possibly fractional or out-of-range) position `xs` from `y[nleft-1 .. nright-1]`.
 * `len` is the nominal span: when it exceeds `n` the bandwidth grows by ⌊(len − n)/2⌋ as in the original.
 * `w` is scratch of length ≥ nright. Returns NaN where every weight is zero (the caller then keeps y).
 */
export function loessEstimate(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  useRobustness: boolean,
  robustnessWeights: Float64Array,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.trunc((len - n) / 2);
  let a = 0;
  const lo = nleft - 1;
  const hi = nright - 1;
  if (Number.isInteger(xs) && h <= nright - nleft + 1) {
    // integer positions: distances are integers, so the neighbourhood weights come from a table per bandwidth
    // (reused while h stays the same, as it does away from the ends; not built for the very wide bandwidths
    // of a 'periodic' seasonal, where each point has its own h). Index k holds position k + 1.
    const kernel = tricubeTable(h);
    const centre = xs - 1;
    if (useRobustness) {
      for (let k = lo; k <= hi; k++) {
        const wk = (robustnessWeights[k] as number) * (kernel[k < centre ? centre - k : k - centre] as number);
        a += wk;
        w[k] = wk;
      }
    } else {
      for (let k = lo; k <= hi; k++) {
        const wk = kernel[k < centre ? centre - k : k - centre] as number;
        a += wk;
        w[k] = wk;
      }
    }
  } else {
    for (let k = lo; k <= hi; k++) {
      let wk = tricube(Math.abs(k + 1 - xs), h);
      if (useRobustness) wk = (robustnessWeights[k] as number) * wk;
      a += wk;
      w[k] = wk;
    }
  }
  if (a <= 0) return Number.NaN;
  // Loops are fused where that keeps every operation and its order as in the original (bit-identical results).
  if (!(h > 0 && degree > 0)) {
    let ys = 0;
    for (let k = lo; k <= hi; k++) ys += ((w[k] as number) / a) * (y[k] as number);
    return ys;
  }
  // local linear: re-weight by 1 + b·(j − ā), skipped when the weighted spread of positions is negligible
  let mean = 0;
  for (let k = lo; k <= hi; k++) {
    const wk = (w[k] as number) / a;
    w[k] = wk;
    mean += wk * (k + 1);
  }
  let b = xs - mean;
  let c = 0;
  for (let k = lo; k <= hi; k++) {
    const d = k + 1 - mean;
    c += (w[k] as number) * (d * d);
  }
  let ys = 0;
  if (Math.sqrt(c) > 0.001 * range) {
    b = b / c;
    for (let k = lo; k <= hi; k++) ys += (w[k] as number) * (b * (k + 1 - mean) + 1) * (y[k] as number);
  } else {
    for (let k = lo; k <= hi; k++) ys += (w[k] as number) * (y[k] as number);
  }
  return ys;
}

/**
 * Loess smooth of `y[0..n-1]` into `ys[0..n-1]` with span `len` (odd, ≥ 3), degree 0/1, evaluated at every
 * `jump`-th point (and the last) and linearly interpolated between them. `w` is scratch of length ≥ n.
 */
export function loessSmooth(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  jump: number,
  useRobustness: boolean,
  robustnessWeights: Float64Array,
  ys: Float64Array,
  w: Float64Array,
): void {
  if (n < 2) {
    ys[0] = y[0] as number;
    return;
  }
  const step = Math.min(jump, n - 1);
  let nleft = 1;
  let nright = n;
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += step) {
      const v = loessEstimate(y, n, len, degree, i, nleft, nright, w, useRobustness, robustnessWeights);
      ys[i - 1] = Number.isNaN(v) ? (y[i - 1] as number) : v;
    }
  } else if (step === 1) {
    const half = (len + 1) >> 1;
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > half && nright !== n) {
        nleft++;
        nright++;
      }
      const v = loessEstimate(y, n, len, degree, i, nleft, nright, w, useRobustness, robustnessWeights);
      ys[i - 1] = Number.isNaN(v) ? (y[i - 1] as number) : v;
    }
  } else {
    const half = (len + 1) >> 1;
    for (let i = 1; i <= n; i += step) {
      if (i < half) {
        nleft = 1;
        nright = len;
      } else if (i >= n - half + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - half + 1;
        nright = len + i - half;
      }
      const v = loessEstimate(y, n, len, degree, i, nleft, nright, w, useRobustness, robustnessWeights);
      ys[i - 1] = Number.isNaN(v) ? (y[i - 1] as number) : v;
    }
  }
  if (step === 1) return;
  for (let i = 1; i <= n - step; i += step) {
    const y0 = ys[i - 1] as number;
    const delta = ((ys[i + step - 1] as number) - y0) / step;
    for (let j = i + 1; j <= i + step - 1; j++) ys[j - 1] = y0 + delta * (j - i);
  }
  const k = Math.trunc((n - 1) / step) * step + 1;
  if (k !== n) {
    // the last point is fitted with the neighbourhood of the last evaluated point, as in the original
    const v = loessEstimate(y, n, len, degree, n, nleft, nright, w, useRobustness, robustnessWeights);
    ys[n - 1] = Number.isNaN(v) ? (y[n - 1] as number) : v;
    if (k !== n - 1) {
      const yk = ys[k - 1] as number;
      const delta = ((ys[n - 1] as number) - yk) / (n - k);
      for (let j = k + 1; j <= n - 1; j++) ys[j - 1] = yk + delta * (j - k);
    }
  }
}
