/**
 * Unconstrained minimisation of a smooth function from its value and gradient.
 *
 * Method: limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989), the two-loop recursion of Nocedal & Wright
 * (2006), Numerical Optimization, 2nd ed., Algorithm 7.4, with the initial Hessian scaling γ = sᵀy / yᵀy (eq. 7.20)
 * and a backtracking line search to the Armijo condition f(x + t·p) ≤ f(x) + c₁·t·∇fᵀp, c₁ = 10⁻⁴ (Algorithm 3.1),
 * starting from t = 1 (t = 1/‖g‖ at the first step). A pair (s, y) with sᵀy ≤ 0 is not stored (keeps the
 * approximation positive definite). Stops when ‖∇f‖∞ ≤ gradientTolerance, when an iteration lowers f by less than
 * functionTolerance · max(|f|, 1), or after maxIterations.
 */

/** The objective: its value at x, with the gradient written into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Default 500. */
  readonly maxIterations?: number;
  /** Pairs kept; default 10. */
  readonly memory?: number;
  /** Default 1e-6. */
  readonly gradientTolerance?: number;
  /** Default 1e-12. */
  readonly functionTolerance?: number;
}

/** The minimiser found. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  /** True when a tolerance was met (false: maxIterations or a failed line search). */
  readonly converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v;
  }
  return m;
}

/**
 * Minimises `objective` from `start` (not modified).
 * @param objective value and gradient
 * @param start the starting point
 * @param options iteration limit, memory, tolerances
 * @throws RangeError when the objective is not finite at the start
 * @example minimizeLbfgs((x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; }, Float64Array.of(0)).x[0] // => 3
 */
export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIterations = options.maxIterations ?? 500;
  const m = options.memory ?? 10;
  const gtol = options.gradientTolerance ?? 1e-6;
  const ftol = options.functionTolerance ?? 1e-12;
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = objective(x, g);
  if (!Number.isFinite(f)) throw new RangeError(`minimizeLbfgs: the objective is ${f} at the start`);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Array<number>(m).fill(0);
  const direction = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(g) <= gtol) return { x, value: f, iterations: iteration, converged: true };
    // Two-loop recursion: direction = −H·g.
    for (let i = 0; i < n; i++) direction[i] = -g[i]!;
    for (let j = s.length - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(s[j]!, direction);
      const yj = y[j]!;
      for (let i = 0; i < n; i++) direction[i]! -= alpha[j]! * yj[i]!;
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
      for (let i = 0; i < n; i++) direction[i]! *= gamma;
    }
    for (let j = 0; j < s.length; j++) {
      const beta = rho[j]! * dot(y[j]!, direction);
      const sj = s[j]!;
      for (let i = 0; i < n; i++) direction[i]! += (alpha[j]! - beta) * sj[i]!;
    }
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (rounding): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i]!;
      slope = dot(g, direction);
    }
    let t = s.length === 0 ? 1 / Math.max(Math.sqrt(dot(g, g)), 1e-300) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + t * direction[i]!;
      fNew = objective(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) return { x, value: f, iterations: iteration, converged: false };
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i]! - x[i]!;
      yk[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const decrease = f - fNew;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    if (decrease <= ftol * Math.max(Math.abs(f), 1)) return { x, value: f, iterations: iteration + 1, converged: true };
  }
  return { x, value: f, iterations: maxIterations, converged: maxAbs(g) <= gtol };
}
