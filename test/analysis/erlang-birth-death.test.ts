import { describe, expect, it } from 'vitest';
import { erlangA, erlangC, type ErlangAResult, type ErlangCResult } from '../../src/analysis/erlang/index.js';

// An independent numerical check of the closed forms: the M/M/N(+M) birth–death chain solved here from its
// balance equations (truncated where the stationary probabilities fall below 1e-22 of the largest), with the
// waiting-time distribution of an arriving contact computed from the contact's own absorbing chain
// (j contacts ahead → j − 1 at rate Nμ + jθ; own abandonment at rate θ; served from j = 0 at rate Nμ) by
// uniformization (service level) and first-step analysis (P(served), E[wait; served]).
// No incomplete gamma function, no Erlang B recursion, no series over the queue length from the source.
// Tolerance: relative 1e-10 (sums of a few hundred positive terms; uniformization truncated at 1e-17),
// absolute 1e-12 for the service levels.

interface ChainMetrics {
  readonly probWait: number;
  readonly probAbandon: number;
  readonly probAbandonViaServed: number;
  readonly answeredWithin: number;
  readonly waitAbove: number;
  readonly asaSeconds: number;
  readonly occupancy: number;
}

/** Stationary distribution of the M/M/N+M chain (θ = 0: M/M/N), truncated. */
function stationary(lambda: number, mu: number, theta: number, n: number): Float64Array {
  const p: number[] = [1];
  let max = 1;
  for (let k = 1; ; k++) {
    const death = Math.min(k, n) * mu + Math.max(0, k - n) * theta;
    const next = ((p[k - 1] as number) * lambda) / death;
    p.push(next);
    if (next > max) max = next;
    // Past the mode and decreasing geometrically: stop when negligible.
    if (k > n && lambda < death && next < 1e-22 * max) break;
    if (k > 1e6) throw new Error('chain did not converge');
  }
  const total = p.reduce((s, v) => s + v, 0);
  return Float64Array.from(p, (v) => v / total);
}

/** P(absorbed in "served" by time t | j ahead), j = 0..qMax, by uniformization; ownAbandon 0 gives the offered wait. */
function servedBy(n: number, mu: number, theta: number, ownAbandon: number, qMax: number, t: number): Float64Array {
  const lambdaU = n * mu + qMax * theta + ownAbandon;
  let u = new Float64Array(qMax + 1); // P(served within k jumps)
  const result = new Float64Array(qMax + 1);
  const lt = lambdaU * t;
  let weight = Math.exp(-lt); // Poisson(k; Λt), k = 0
  for (let k = 0; ; k++) {
    for (let j = 0; j <= qMax; j++) result[j] = (result[j] as number) + weight * (u[j] as number);
    // Past the Poisson mode the weights fall faster than geometrically: stop when negligible.
    if (k > lt + 1 && weight < 1e-20) break;
    const next = new Float64Array(qMax + 1);
    for (let j = 0; j <= qMax; j++) {
      const advance = n * mu + j * theta;
      const stay = 1 - (advance + ownAbandon) / lambdaU;
      const ahead = j === 0 ? 1 : (u[j - 1] as number);
      next[j] = (advance / lambdaU) * ahead + stay * (u[j] as number);
    }
    u = next;
    weight *= lt / (k + 1);
    if (k > 100_000) throw new Error('uniformization did not converge');
  }
  return result;
}

function solveChain(trafficErlangs: number, agents: number, ahtSeconds: number, patienceSeconds: number, t: number): ChainMetrics {
  const mu = 1 / ahtSeconds;
  const lambda = trafficErlangs * mu;
  const theta = patienceSeconds === Infinity ? 0 : 1 / patienceSeconds;
  const pi = stationary(lambda, mu, theta, agents);
  const qMax = pi.length - 1 - agents;
  let probWait = 0;
  let queueLength = 0;
  for (let k = agents; k < pi.length; k++) {
    probWait += pi[k] as number;
    queueLength += (k - agents) * (pi[k] as number);
  }
  // First-step analysis of the tagged contact: s_j = P(served | j ahead), m_j = E[wait·1{served} | j ahead].
  const s = new Float64Array(qMax + 1);
  const m = new Float64Array(qMax + 1);
  for (let j = 0; j <= qMax; j++) {
    const advance = agents * mu + j * theta;
    const rate = advance + theta;
    const prevS = j === 0 ? 1 : (s[j - 1] as number);
    const prevM = j === 0 ? 0 : (m[j - 1] as number);
    s[j] = (advance / rate) * prevS;
    m[j] = (s[j] as number) / rate + (advance / rate) * prevM;
  }
  const served = servedBy(agents, mu, theta, theta, qMax, t);
  const reached = servedBy(agents, mu, theta, 0, qMax, t);
  let answered = 1 - probWait;
  let virtualAbove = 0;
  let servedWait = 0;
  let abandonViaServed = 0;
  for (let q = 0; q <= qMax; q++) {
    const w = pi[agents + q] as number;
    answered += w * (served[q] as number);
    virtualAbove += w * (1 - (reached[q] as number));
    servedWait += w * (m[q] as number);
    abandonViaServed += w * (1 - (s[q] as number));
  }
  // Rate balance: abandonments per second θ·Lq equal λ·P(abandon).
  const probAbandon = (theta * queueLength) / lambda;
  return {
    probWait,
    probAbandon,
    probAbandonViaServed: abandonViaServed,
    answeredWithin: answered,
    waitAbove: virtualAbove * Math.exp(-theta * t),
    asaSeconds: servedWait / (1 - abandonViaServed),
    occupancy: (trafficErlangs * (1 - abandonViaServed)) / agents,
  };
}

function relErr(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
}

describe('erlangA against the numerically solved M/M/N+M chain', () => {
  it.each([
    [10, 12, 180, 120, 20],
    [10, 8, 180, 120, 20],
    [5, 7, 60, 30, 10],
    [20, 18, 300, 600, 30],
    [1, 1, 60, 30, 5],
    [3, 4, 100, 5000, 15],
    [6, 2, 120, 20, 10],
    [0.4, 2, 200, 2, 60],
  ])('A = %f, N = %i, h = %i s, patience = %f s, t = %i s', (a, n, h, p, t) => {
    const chain = solveChain(a, n, h, p, t);
    expect(relErr(chain.probAbandon, chain.probAbandonViaServed)).toBeLessThan(1e-10); // the chain agrees with itself
    const r = erlangA({ trafficErlangs: a, ahtSeconds: h, agents: n, patienceSeconds: p, targetAnswerSeconds: t });
    expect(r.status).toBe('ok');
    const ok = r as ErlangAResult;
    expect(relErr(ok.probWait, chain.probWait)).toBeLessThan(1e-10);
    expect(relErr(ok.probAbandon, chain.probAbandon)).toBeLessThan(1e-10);
    expect(relErr(ok.asaSeconds, chain.asaSeconds)).toBeLessThan(1e-10);
    expect(relErr(ok.occupancy, chain.occupancy)).toBeLessThan(1e-10);
    expect(Math.abs((ok.serviceLevel as number) - chain.answeredWithin)).toBeLessThan(1e-12);
    expect(Math.abs((ok.serviceLevelAbandonsMet as number) - (1 - chain.waitAbove))).toBeLessThan(1e-12);
  });
});

describe('erlangC against the numerically solved M/M/N chain', () => {
  it.each([
    [10, 14, 180, 20],
    [10, 11, 180, 20],
    [48, 55, 240, 15],
    [0.7, 1, 60, 30],
    [2.5, 5, 300, 0],
  ])('A = %f, N = %i, h = %i s, t = %i s', (a, n, h, t) => {
    const chain = solveChain(a, n, h, Infinity, t);
    const r = erlangC({ trafficErlangs: a, ahtSeconds: h, agents: n, targetAnswerSeconds: t });
    expect(r.status).toBe('ok');
    const ok = r as ErlangCResult;
    expect(relErr(ok.probWait, chain.probWait)).toBeLessThan(1e-10);
    expect(relErr(ok.asaSeconds, chain.asaSeconds)).toBeLessThan(1e-10);
    expect(Math.abs((ok.serviceLevel as number) - chain.answeredWithin)).toBeLessThan(1e-12);
  });
});
