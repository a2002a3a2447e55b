/**
 * Surrogate splits of a node (rpart `surrogate.c`, `choose_surg.c`; Therneau & Atkinson §5): for every other
 * variable, the split that best reproduces the primary split's left/right assignment, counted in case weight.
 * A surrogate is kept only if it beats the majority rule ("send everyone the larger way"): adjusted agreement
 * (agree − majority) / (1 − majority) > 1e-10, and it must send at least two rows each way. Surrogates are ranked
 * by agreement; the node also records the majority direction for rows missing every surrogate.
 */
import type { Engine, GrowNode, SplitRec } from './engine.js';
import { LEFT, RIGHT } from './engine.js';
import { insertSplit } from './insert-split.js';

/** Scratch for categorical surrogates. */
export interface SurrogateScratch {
  agreement: number;
  adj: number;
  split: number;
  csplit: Int8Array;
  left: Int32Array;
  right: Int32Array;
  lwt: Float64Array;
  rwt: Float64Array;
}

/** Fills `me.surrogates` and `me.lastSurrogate` for rows n1..n2-1 of the sort matrix. */
export function findSurrogates(e: Engine, me: GrowNode, n1: number, n2: number, ss: SurrogateScratch): void {
  const tempy = e.tempy;
  const sorts = e.sorts;
  const n = e.n;
  const primary = me.primary!;
  const pvar = primary.varNum;
  const base = pvar * n;
  const rank = e.rank;
  if (e.ncat[pvar] === 0) {
    const split = primary.spoint;
    const extra = primary.csplit[0]!;
    const cut = primary.rankCut;
    const hi = primary.rankHi;
    const xp = e.x[pvar]!;
    for (let i = n1; i < n2; i++) {
      const j = sorts[base + i]!;
      if (j < 0) {
        tempy[-(j + 1)] = 0;
        continue;
      }
      const r = rank[base + i]!;
      const less = cut >= 0 && r <= cut ? true : cut >= 0 && r >= hi ? false : xp[j]! < split;
      tempy[j] = less ? extra : -extra;
    }
  } else {
    const index = primary.csplit;
    for (let i = n1; i < n2; i++) {
      const j = sorts[base + i]!;
      if (j < 0) tempy[-(j + 1)] = 0;
      else tempy[j] = index[rank[base + i]! - 1]!;
    }
  }
  let lcount = 0;
  let rcount = 0;
  for (let i = n1; i < n2; i++) {
    let j = sorts[base + i]!;
    if (j < 0) j = -(1 + j);
    const t = tempy[j];
    const w = e.unit ? 1 : e.wt[j]!;
    if (t === LEFT) lcount += w;
    else if (t === RIGHT) rcount += w;
  }
  me.lastSurrogate = lcount < rcount ? RIGHT : lcount > rcount ? LEFT : 0;

  const list: SplitRec[] = [];
  for (let v = 0; v < e.nvar; v++) {
    if (v === pvar) continue;
    const ncat = e.ncat[v]!;
    chooseSurrogate(e, n1, n2, v, ncat, lcount, rcount, ss);
    if (ss.adj <= 1e-10) continue;
    const size = ncat === 0 ? 1 : ncat;
    const rec = insertSplit(list, ss.agreement, e.maxsur, size);
    if (rec) {
      rec.improve = ss.agreement;
      rec.varNum = v;
      rec.count = 0;
      rec.adj = ss.adj;
      if (ncat === 0) {
        rec.spoint = ss.split;
        rec.csplit[0] = ss.csplit[0]!;
      } else for (let k = 0; k < ncat; k++) rec.csplit[k] = ss.csplit[k]!;
    }
  }
  me.surrogates = list;
}

function chooseSurrogate(
  e: Engine,
  n1: number,
  n2: number,
  v: number,
  ncat: number,
  tleft: number,
  tright: number,
  ss: SurrogateScratch,
): void {
  const y = e.tempy;
  const x = e.x[v]!;
  const rank = e.rank;
  const wt = e.wt;
  const unit = e.unit;
  const order = e.sorts;
  const base = v * e.n;
  const csplit = ss.csplit;
  let agree: number;
  let majority: number;
  let totalWt: number;
  let success = false;
  if (ncat === 0) {
    // rpart walks values; ranks give the same order and ties, and values are read only for a new best split
    let lastRank = -1;
    let lastRow = -1;
    let ll = 0;
    let rl = 0;
    let llwt = 0;
    let rlwt = 0;
    for (let i = n2 - 1; i >= n1; i--) {
      const j = order[base + i]!;
      if (j >= 0) {
        lastRank = rank[base + i]!;
        lastRow = j;
        const t = y[j];
        const w = unit ? 1 : wt[j]!;
        if (t === LEFT) {
          if (w > 0) ll++;
          llwt += w;
        } else if (t === RIGHT) {
          if (w > 0) rl++;
          rlwt += w;
        }
      }
    }
    agree = llwt > rlwt ? llwt : rlwt;
    majority = agree;
    totalWt = llwt + rlwt;
    let lr = 0;
    let rr = 0;
    let lrwt = 0;
    let rrwt = 0;
    csplit[0] = LEFT;
    ss.split = lastRow >= 0 ? x[lastRow]! : 0;
    for (let i = n1; ll + rl >= 2; i++) {
      const j = order[base + i]!;
      if (j >= 0) {
        const rj = rank[base + i]!;
        if (lr + rr >= 2 && rj !== lastRank) {
          if (llwt + rrwt > agree) {
            success = true;
            agree = llwt + rrwt;
            csplit[0] = RIGHT;
            ss.split = (x[j]! + x[lastRow]!) / 2;
          } else if (lrwt + rlwt > agree) {
            success = true;
            agree = lrwt + rlwt;
            csplit[0] = LEFT;
            ss.split = (x[j]! + x[lastRow]!) / 2;
          }
        }
        const t = y[j];
        const w = unit ? 1 : wt[j]!;
        if (t === LEFT) {
          if (w > 0) {
            ll--;
            lr++;
          }
          llwt -= w;
          lrwt += w;
        } else if (t === RIGHT) {
          if (w > 0) {
            rl--;
            rr++;
          }
          rlwt -= w;
          rrwt += w;
        }
        lastRank = rj;
        lastRow = j;
      }
    }
  } else {
    const { left, right, lwt, rwt } = ss;
    let lcount = 0;
    let rcount = 0;
    for (let i = 0; i < ncat; i++) {
      left[i] = 0;
      right[i] = 0;
      lwt[i] = 0;
      rwt[i] = 0;
    }
    for (let i = n1; i < n2; i++) {
      const j = order[base + i]!;
      if (j >= 0) {
        const k = rank[base + i]! - 1;
        const t = y[j];
        const w = unit ? 1 : wt[j]!;
        if (t === LEFT) {
          if (w > 0) left[k]!++;
          lwt[k]! += w;
        } else if (t === RIGHT) {
          if (w > 0) right[k]!++;
          rwt[k]! += w;
        }
      }
    }
    let llwt = 0;
    let rrwt = 0;
    for (let i = 0; i < ncat; i++) {
      llwt += lwt[i]!;
      rrwt += rwt[i]!;
    }
    let defdir: number;
    if (llwt > rrwt) {
      defdir = LEFT;
      majority = llwt;
    } else {
      defdir = RIGHT;
      majority = rrwt;
    }
    totalWt = llwt + rrwt;
    agree = 0;
    for (let i = 0; i < ncat; i++) {
      if (left[i] === 0 && right[i] === 0) csplit[i] = 0;
      else if (lwt[i]! < rwt[i]! || (lwt[i] === rwt[i] && defdir === RIGHT)) {
        agree += rwt[i]!;
        csplit[i] = RIGHT;
        lcount += left[i]!;
        rcount += right[i]!;
      } else {
        agree += lwt[i]!;
        csplit[i] = LEFT;
        lcount += right[i]!;
        rcount += left[i]!;
      }
    }
    success = lcount > 1 && rcount > 1;
  }
  if (!success) {
    ss.agreement = 0;
    ss.adj = 0;
    return;
  }
  if (e.surAgree === 0) {
    totalWt = tleft + tright;
    majority = tleft > tright ? tleft : tright;
  }
  ss.agreement = agree / totalWt;
  majority /= totalWt;
  ss.adj = (ss.agreement - majority) / (1 - majority);
}

/** Scratch sized for `maxcat` levels. */
export function newSurrogateScratch(maxcat: number): SurrogateScratch {
  const m = Math.max(1, maxcat);
  return {
    agreement: 0,
    adj: 0,
    split: 0,
    csplit: new Int8Array(m),
    left: new Int32Array(m),
    right: new Int32Array(m),
    lwt: new Float64Array(m),
    rwt: new Float64Array(m),
  };
}

