/**
 * Sends a node's rows to its children and keeps every variable's presorted index contiguous per node (rpart
 * `nodesplit.c`): rows go by the primary split; rows missing it try the surrogates in order (useSurrogate ≥ 1), then
 * the majority direction (useSurrogate = 2). Each variable's slice of the sort matrix is then stably partitioned
 * into {left, right, stays here}, so children never re-sort: the search stays O(n · p) per tree level.
 */
import type { Engine, GrowNode } from './engine.js';
import { LEFT } from './engine.js';

/** Result of {@link splitNode}. */
export interface NodeSplitCounts {
  nleft: number;
  nright: number;
}

/** Assigns rows n1..n2-1 of node `nodenum` to 2·nodenum / 2·nodenum+1 in `e.which` and reorders `e.sorts`. */
export function splitNode(e: Engine, me: GrowNode, nodenum: number, n1: number, n2: number, out: NodeSplitCounts): void {
  const which = e.which;
  const side = e.side;
  const sorts = e.sorts;
  const rank = e.rank;
  const n = e.n;
  const leftson = 2 * nodenum;
  const rightson = leftson + 1;
  const primary = me.primary!;
  const pvar = primary.varNum;
  const pbase = pvar * n;
  let someleft = 0;
  let nleft = 0;
  let nright = 0;
  if (e.ncat[pvar]! > 0) {
    const index = primary.csplit;
    for (let i = n1; i < n2; i++) {
      const j = sorts[pbase + i]!;
      if (j < 0) {
        someleft++;
        side[-(j + 1)] = 0;
      } else {
        const dir = index[rank[pbase + i]! - 1];
        if (dir === LEFT) {
          which[j] = leftson;
          side[j] = 1;
          nleft++;
        } else if (dir === 1) {
          which[j] = rightson;
          side[j] = 2;
          nright++;
        } else side[j] = 0;
      }
    }
  } else {
    const psplit = primary.spoint;
    const extra = primary.csplit[0]!;
    const cut = primary.rankCut;
    const hi = primary.rankHi;
    const xp = e.x[pvar]!;
    for (let i = n1; i < n2; i++) {
      const j = sorts[pbase + i]!;
      if (j < 0) {
        someleft++;
        side[-(j + 1)] = 0;
      } else {
        const r = rank[pbase + i]!;
        const less = cut >= 0 && r <= cut ? true : cut >= 0 && r >= hi ? false : xp[j]! < psplit;
        if ((less ? extra : -extra) === LEFT) {
          which[j] = leftson;
          side[j] = 1;
          nleft++;
        } else {
          which[j] = rightson;
          side[j] = 2;
          nright++;
        }
      }
    }
  }

  if (someleft > 0 && e.useSurrogate > 0) {
    for (let i = n1; i < n2; i++) {
      let j = sorts[pbase + i]!;
      if (j >= 0) continue;
      j = -(j + 1);
      for (const ts of me.surrogates) {
        const v = ts.varNum;
        const xv = e.x[v]![j]!;
        if (!Number.isFinite(xv)) continue;
        if (e.ncat[v]! > 0) {
          const dir = ts.csplit[xv - 1]!;
          if (dir !== 0) {
            ts.count++;
            if (dir === LEFT) {
              which[j] = leftson;
              side[j] = 1;
              nleft++;
            } else {
              which[j] = rightson;
              side[j] = 2;
              nright++;
            }
            someleft--;
            break;
          }
        } else {
          ts.count++;
          const k = xv < ts.spoint ? ts.csplit[0]! : -ts.csplit[0]!;
          if (k === LEFT) {
            which[j] = leftson;
            side[j] = 1;
            nleft++;
          } else {
            which[j] = rightson;
            side[j] = 2;
            nright++;
          }
          someleft--;
          break;
        }
      }
    }
  }
  if (someleft > 0 && e.useSurrogate === 2 && me.lastSurrogate !== 0) {
    let target: number;
    let flag: number;
    if (me.lastSurrogate < 0) {
      target = leftson;
      flag = 1;
      nleft += someleft;
    } else {
      target = rightson;
      flag = 2;
      nright += someleft;
    }
    for (let i = n1; i < n2; i++) {
      let j = sorts[pbase + i]!;
      if (j < 0) {
        j = -(j + 1);
        if (which[j] === nodenum) {
          which[j] = target;
          side[j] = flag;
        }
      }
    }
  }

  // stable three-way partition of every variable's slice (sorts and ranks together) by the side flags
  const tempvec = e.tempvec;
  const temprank = e.temprank;
  for (let v = 0; v < e.nvar; v++) {
    const base = v * n;
    let i1 = base + n1;
    let i2 = n1 + nleft;
    let i3 = i2 + nright;
    for (let i = base + n1; i < base + n2; i++) {
      const s = sorts[i]!;
      const r = rank[i]!;
      const f = side[s < 0 ? -(s + 1) : s];
      if (f === 1) {
        sorts[i1] = s;
        rank[i1++] = r;
      } else if (f === 2) {
        tempvec[i2] = s;
        temprank[i2++] = r;
      } else {
        tempvec[i3] = s;
        temprank[i3++] = r;
      }
    }
    sorts.set(tempvec.subarray(n1 + nleft, n2), base + n1 + nleft);
    rank.set(temprank.subarray(n1 + nleft, n2), base + n1 + nleft);
  }
  out.nleft = nleft;
  out.nright = nright;
}
