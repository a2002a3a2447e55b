/**
 * The once-and-for-all sort of every numeric variable (rpart `rpart.c` + `mysort.c`): an n × p matrix of row
 * indices, each column ordered by its variable, missing values stored as −(1 + row). Categorical columns keep row
 * order. The quicksort is rpart's own (median of three, insertion sort under 11 elements, missing sorted as 0), so
 * rows tied in x keep rpart's order and accumulated sums agree with it to the bit.
 */

/** Sorts `x[start..stop]` ascending, carrying `cvec` along (rpart `mysort`). */
export function rpartSort(start: number, stop: number, x: Float64Array, cvec: Int32Array): void {
  while (start < stop) {
    if (stop - start < 11) {
      for (let i = start + 1; i <= stop; i++) {
        const temp = x[i]!;
        const tempd = cvec[i]!;
        let j = i - 1;
        while (j >= start && x[j]! > temp) {
          x[j + 1] = x[j]!;
          cvec[j + 1] = cvec[j]!;
          j--;
        }
        x[j + 1] = temp;
        cvec[j + 1] = tempd;
      }
      return;
    }
    let i = start;
    let j = stop;
    const k = (start + stop) >> 1;
    let median = x[k]!;
    if (x[i]! >= x[k]!) {
      if (x[j]! > x[k]!) median = x[i]! > x[j]! ? x[j]! : x[i]!;
    } else if (x[j]! < x[k]!) median = x[i]! > x[j]! ? x[i]! : x[j]!;
    while (i < j) {
      while (x[i]! < median) i++;
      while (x[j]! > median) j--;
      if (i < j) {
        if (x[i]! > x[j]!) {
          const t = x[i]!;
          x[i] = x[j]!;
          x[j] = t;
          const td = cvec[i]!;
          cvec[i] = cvec[j]!;
          cvec[j] = td;
        }
        i++;
        j--;
      }
    }
    while (x[i]! >= median && i > start) i--;
    while (x[j]! <= median && j < stop) j++;
    if (i - start < stop - j) {
      if (i - start > 0) rpartSort(start, i, x, cvec);
      start = j;
    } else {
      if (stop - j > 0) rpartSort(j, stop, x, cvec);
      stop = i;
    }
  }
}

/** The sort matrix and the aligned ranks (see {@link Engine.rank}). */
export interface Presorted {
  readonly sorts: Int32Array;
  readonly rank: Int32Array;
}

/**
 * Builds the sort matrix (variable-major, `nvar × n`) and the aligned dense ranks / level codes. A value is
 * missing when not finite (as rpart's `R_FINITE`).
 */
export function buildSorts(x: readonly ArrayLike<number>[], ncat: Int32Array, n: number): Presorted {
  const nvar = x.length;
  const sorts = new Int32Array(nvar * n);
  const rank = new Int32Array(nvar * n);
  const xtemp = new Float64Array(n);
  const tempvec = new Int32Array(n);
  for (let v = 0; v < nvar; v++) {
    const col = x[v]!;
    const base = v * n;
    for (let k = 0; k < n; k++) {
      const value = col[k]!;
      if (Number.isFinite(value)) {
        tempvec[k] = k;
        xtemp[k] = value;
      } else {
        tempvec[k] = -(k + 1);
        xtemp[k] = 0;
      }
    }
    if (ncat[v] === 0 && n > 0) rpartSort(0, n - 1, xtemp, tempvec);
    sorts.set(tempvec, base);
    if (ncat[v] === 0) denseRanks(sorts, rank, base, n, xtemp);
    else for (let k = 0; k < n; k++) rank[base + k] = tempvec[k]! < 0 ? -1 : xtemp[k]!;
  }
  return { sorts, rank };
}

/**
 * Dense ranks of `sorted` (values in sort order, missing entries — negative `sorts` — skipped and ranked -1):
 * equal values share a rank, so rank order and equality are the value order and equality.
 */
function denseRanks(sorts: Int32Array, rank: Int32Array, base: number, n: number, sorted: Float64Array): void {
  let r = -1;
  let last = 0;
  for (let k = 0; k < n; k++) {
    if (sorts[base + k]! < 0) {
      rank[base + k] = -1;
      continue;
    }
    const value = sorted[k]!;
    if (r < 0 || value !== last) {
      r++;
      last = value;
    }
    rank[base + k] = r;
  }
}

/**
 * Rebuilds sort-matrix and rank entries for the rows of `group` ≠ `fold`, in saved sort order, into the front of
 * each variable's slice (used by cross-validation). Ranks are recomputed from the values, so no saved copy is needed.
 */
export function restoreSorts(
  x: readonly ArrayLike<number>[],
  ncat: Int32Array,
  n: number,
  savesort: Int32Array,
  sorts: Int32Array,
  rank: Int32Array,
  group: Int32Array,
  fold: number,
): number {
  let k = 0;
  for (let v = 0; v < x.length; v++) {
    const base = v * n;
    const col = x[v]!;
    const categorical = ncat[v]! > 0;
    let r = -1;
    let last = 0;
    k = 0;
    for (let i = 0; i < n; i++) {
      const s = savesort[base + i]!;
      const row = s < 0 ? -(1 + s) : s;
      if (group[row] === fold) continue;
      sorts[base + k] = s;
      if (s < 0) rank[base + k] = -1;
      else if (categorical) rank[base + k] = col[row]!;
      else {
        const value = col[row]!;
        if (r < 0 || value !== last) {
          r++;
          last = value;
        }
        rank[base + k] = r;
      }
      k++;
    }
  }
  return k;
}
