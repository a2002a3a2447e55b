/**
 * Erlang A, stage 2: sums over the queue length found by a waiting arrival (see ./erlang-a.ts for the
 * notation), giving S(x, y), P(abandon | wait), P(served | wait), the ASA numerator and S(x, y·z).
 */

import { digammaDifference } from './gamma-ratios.js';

/** Weights below this (relative to a total of 1) end the sums over the queue length. */
const NEGLIGIBLE = 1e-18;

export interface QueueSums {
  /** Σ w_k over the terms summed: S(x, y) when started from w_0 = 1. */
  readonly total: number;
  /** P(abandon | wait). */
  readonly abandonGivenWait: number;
  /** P(served | wait), from its own positive sum so that it keeps relative accuracy when small. */
  readonly servedGivenWait: number;
  /** θ·E[V; served | wait]. */
  readonly servedWaitTheta: number;
  /** Σ w_k·z^k = S(x, y·z) when started from w_0 = 1 at mode 0; NaN otherwise. */
  readonly discounted: number;
}

/**
 * Sums over the queue length k found by a waiting arrival, with weights w_k ∝ y^k/((x+1)…(x+k)). By
 * w_k·(x + k) = y·w_{k−1} the per-state factors in the header of ./erlang-a.ts collapse to plain moments:
 * P(abandon | wait) = Σ k·w_k/(y·Σw), P(served | wait) = x·Σ_{k≥1} w_k/(y·Σw) and
 * θ·E[V; served | wait] = x·Σ_{k≥1} w_k·H_{k−1}/(y·Σw) with H_{k−1} = Σ_{j=1}^{k} 1/(x + j) — all sums of
 * positive terms, one division per term. The sums start at weight `w0` at k = `mode` (so that an
 * overloaded queue with long patience, where w_0 underflows, is summed where the mass is) and run both
 * ways until the geometric bound on what is left drops below 1e-18 of the total. Results are ratios to
 * the total, which cancels any rounding in `w0`; started from w_0 = 1 the total is S(x, y) itself.
 */
export function queueSums(x: number, y: number, mode: number, w0: number, z: number): QueueSums {
  // H_{mode−1} = ψ(x + mode + 1) − ψ(x + 1).
  let h0 = 0;
  if (mode < 64) for (let j = mode; j >= 1; j--) h0 += 1 / (x + j);
  else h0 = digammaDifference(x + mode + 1, x + 1);
  let head = mode === 0 ? w0 : 0; // w_0, kept apart from the k ≥ 1 terms
  let tail = mode === 0 ? 0 : w0; // Σ_{k≥1} w_k
  let moment = mode * w0; // Σ k·w_k
  let harmonic = mode === 0 ? 0 : w0 * h0; // Σ_{k≥1} w_k·H_{k−1}
  // Upward: w_k = w_{k−1}·y/(x + k). From w_0 = 1 the same pass also sums S(x, y·z) = Σ w_k z^k for the
  // service level (its tail is below the tail of Σ w_k, and S(x, yz) ≥ 1).
  let w = w0;
  let h = h0;
  let zk = 1;
  let discounted = mode === 0 ? w0 : NaN;
  for (let k = mode + 1; ; k++) {
    const inv = 1 / (x + k);
    const r = y * inv;
    w *= r;
    h += inv;
    zk *= z;
    tail += w;
    moment += k * w;
    harmonic += w * h;
    discounted += w * zk;
    if ((r < 1 && w <= NEGLIGIBLE * (head + tail) * (1 - r)) || w === 0) break;
  }
  // Downward: w_{k−1} = w_k·(x + k)/y, H_{k−2} = H_{k−1} − 1/(x + k).
  w = w0;
  h = h0;
  const invY = 1 / y;
  for (let k = mode; k >= 1; k--) {
    const d = x + k;
    const r = d * invY;
    w *= r;
    h -= 1 / d;
    if (k === 1) {
      head = w;
      break;
    }
    tail += w;
    moment += (k - 1) * w;
    harmonic += w * h;
    if (w <= NEGLIGIBLE * tail * (1 - r)) break;
  }
  const scale = y * (head + tail);
  return {
    total: head + tail,
    abandonGivenWait: moment / scale,
    servedGivenWait: (x * tail) / scale,
    servedWaitTheta: (x * harmonic) / scale,
    discounted,
  };
}
