/**
 * Walks the candidate groupings of a categorical variable's levels, one level moving side per step (rpart
 * `graycode.c`): either all 2^(k-1) subsets in Gray-code order (more than two classes) or the k - 1 cuts of the
 * levels ordered by a score (two classes: proportion of the first class; anova: mean response), the ordering
 * that Breiman et al. (1984, §9.4) prove contains the optimal split.
 */
export interface GrayCode {
  gray: Int32Array;
  val: Float64Array;
  maxc: number;
  gsave: number;
}

/** Scratch for variables with up to `maxcat` levels. */
export function newGrayCode(maxcat: number): GrayCode {
  return { gray: new Int32Array(Math.max(1, maxcat)), val: new Float64Array(Math.max(1, maxcat)), maxc: 0, gsave: -2 };
}

/** Exhaustive subset walk over levels with a non-zero count (rpart `graycode_init1`). */
export function grayInitSubsets(g: GrayCode, numcat: number, count: Int32Array): void {
  g.maxc = numcat;
  for (let i = 0; i < numcat; i++) g.gray[i] = count[i] !== 0 ? 1 : 0;
  g.gsave = -2;
}

/**
 * Ordered walk (rpart `graycode_init2`): empty levels first (never moved), the rest by increasing `score`,
 * ties kept in level order. `score` is copied, not modified.
 */
export function grayInitOrdered(g: GrayCode, numcat: number, count: Int32Array, score: Float64Array): void {
  const gray = g.gray;
  const val = g.val;
  for (let i = 0; i < numcat; i++) val[i] = score[i]!;
  g.maxc = numcat;
  gray[0] = 0;
  let k = count[0] === 0 ? 1 : 0;
  for (let i = 1; i < numcat; i++) {
    if (count[i] === 0) {
      for (let j = i - 1; j >= k; j--) {
        gray[j + 1] = gray[j]!;
        val[j + 1] = val[j]!;
      }
      gray[k++] = i;
    } else {
      const temp = val[i]!;
      let j = i - 1;
      for (; j >= k && val[j]! > temp; j--) {
        gray[j + 1] = gray[j]!;
        val[j + 1] = val[j]!;
      }
      val[j + 1] = temp;
      gray[j + 1] = i;
    }
  }
  g.gsave = k - 1;
}

/** The next level to change sides, or `maxc` when done (rpart `graycode`). */
export function grayNext(g: GrayCode): number {
  if (g.gsave > -2) {
    g.gsave++;
    return g.gsave < g.maxc ? g.gray[g.gsave]! : g.maxc;
  }
  const gray = g.gray;
  for (let i = 0; i < g.maxc - 1; i++) {
    if (gray[i] === 1) {
      gray[i] = 2;
      return i;
    } else if (gray[i] === 2) gray[i] = 1;
  }
  return g.maxc;
}
