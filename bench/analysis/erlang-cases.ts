/**
 * Bench cases for src/analysis/erlang: staffing at A = 2000 erlangs, a day of 96 intervals, Erlang C over
 * N = 1…3000, and Erlang A around A = 2000 — each beside an equivalent NumPy/SciPy implementation
 * (Erlang B as the Poisson pmf/cdf ratio via scipy.special, vectorised over N).
 */

import { erlangA, erlangC, staffing } from '../../src/analysis/erlang/index.js';
import type { AnalysisBenchCase } from './bench-case.js';

/** The day used by the staffing case: 96 quarter-hours, quiet nights, a deterministic mid-day profile. */
function dayArrivals(): number[] {
  return Array.from({ length: 96 }, (_, i) => {
    const hour = i / 4;
    const shape = Math.max(0, Math.sin(((hour - 6) / 16) * Math.PI));
    return Math.round(4000 * shape + ((i * 37) % 97));
  });
}

const PY_ERLANG = `
import numpy as np
from scipy import special

def erlang_b(a, n):
    # B(N, A) = pmf(N; A) / cdf(N; A) of the Poisson law, vectorised over N
    logpmf = special.xlogy(n, a) - a - special.gammaln(n + 1)
    return np.exp(logpmf) / special.pdtr(n, a)

def erlang_c(a, n, h, t):
    b = erlang_b(a, n)
    with np.errstate(divide='ignore', invalid='ignore'):
        c = np.where(n > a, n * b / (n - a * (1 - b)), np.nan)
        return c, 1 - c * np.exp(-(n - a) * t / h), c * h / (n - a), a / n

def staff(arrivals, interval, h, target, t):
    a = arrivals * h / interval
    if a == 0:
        return 0
    lo = np.floor(a) + 1
    width = 64
    while True:
        n = np.arange(lo, lo + width)
        c, sl, asa, occ = erlang_c(a, n, h, t)
        hit = np.nonzero(sl >= target)[0]
        if hit.size:
            return int(n[hit[0]])
        lo += width
        width *= 2
`;

export const cases: readonly AnalysisBenchCase[] = [
  {
    name: 'staffing erlang-c A = 2000 erlangs, 80/20',
    setup: () => ({ arrivals: 20000, intervalSeconds: 1800, ahtSeconds: 180, serviceLevelTarget: 0.8, targetAnswerSeconds: 20 }),
    run: (input) => staffing(input as Parameters<typeof staffing>[0]),
    python: `${PY_ERLANG}
def work():
    return staff(20000.0, 1800.0, 180.0, 0.8, 20.0)
`,
  },
  {
    name: 'staffing erlang-c day of 96 quarter-hours (up to ~1070 erlangs)',
    setup: () => ({ arrivals: dayArrivals(), intervalSeconds: 900, ahtSeconds: 240, serviceLevelTarget: 0.8, targetAnswerSeconds: 20 }),
    run: (input) => staffing(input as Parameters<typeof staffing>[0]),
    python: `${PY_ERLANG}
import math
day = [round(4000 * max(0.0, math.sin(((i / 4 - 6) / 16) * math.pi)) + (i * 37) % 97) for i in range(96)]
def work():
    return [staff(float(x), 900.0, 240.0, 0.8, 20.0) for x in day]
`,
  },
  {
    name: 'erlangC A = 2000 erlangs over N = 1…3000',
    setup: () => ({
      trafficErlangs: 2000,
      ahtSeconds: 180,
      agents: Array.from({ length: 3000 }, (_, i) => i + 1),
      targetAnswerSeconds: 20,
    }),
    run: (input) => erlangC(input as Parameters<typeof erlangC>[0]),
    python: `${PY_ERLANG}
n = np.arange(1, 3001, dtype=float)
def work():
    return erlang_c(2000.0, n, 180.0, 20.0)
`,
  },
  {
    // SciPy computes P(wait), P(abandon) and the service level (no closed form for the ASA of answered
    // contacts); servq also sums the ASA, so this case slightly favours the reference.
    name: 'erlangA A = 2000 erlangs, patience 300 s, N = 1900…2100 (201 evaluations)',
    setup: () => Array.from({ length: 201 }, (_, i) => 1900 + i),
    run: (input) =>
      (input as number[]).map((agents) =>
        erlangA({ trafficErlangs: 2000, ahtSeconds: 180, agents, patienceSeconds: 300, targetAnswerSeconds: 20 }),
      ),
    python: `${PY_ERLANG}
n = np.arange(1900, 2101, dtype=float)
def work():
    a, h, p, t = 2000.0, 180.0, 300.0, 20.0
    x, y, z = n * p / h, a * p / h, np.exp(-t / p)
    e = erlang_b(a, n)
    # A(x, y) = P(x, y)/D(x, y): regularized lower gamma over the Poisson-type term
    logd = special.xlogy(x, y) - y - special.gammaln(x + 1)
    pxy = special.gammainc(x, y)
    axy = pxy * np.exp(-logd)
    pw = axy * e / (1 + (axy - 1) * e)
    rho = a / n
    pab = pw * (1 / (rho * axy) + 1 - 1 / rho)
    served_within = (x / y) * (special.gammainc(x + 1, y) - special.gammainc(x + 1, y * z)) / pxy
    sl = 1 - pw + pw * served_within
    return pw, pab, sl, a * (1 - pab) / n
`,
  },
];
