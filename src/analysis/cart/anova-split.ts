/**
 * Best regression split of one variable within a node (rpart `anova.c`): the split maximising the between-groups
 * sum of squares w_L (ȳ_L − ȳ)² + w_R (ȳ_R − ȳ)², reported as a fraction of the node's sum of squares.
 * Numeric variables are scanned in x order; categorical levels are ordered by mean response and cut k − 1 ways
 * (optimal for squared error, Breiman et al. 1984, §9.4).
 */
import type { Engine } from './engine.js';
import { LEFT, RIGHT } from './engine.js';
import type { SplitScratch } from './gini-split.js';
import { setMidpoint } from './gini-split.js';
import { grayInitOrdered, grayNext } from './graycode.js';

/** Numeric variable `v`: compacted rows 0..k-1, sorted by x (see giniNumeric); `myrisk` is the node's sum of squares. */
export function anovaNumeric(e: Engine, s: SplitScratch, v: number, k: number, edge: number, myrisk: number): void {
  const x = e.rtemp;
  const y = e.yntemp;
  const wt = e.wtemp;
  const unit = e.unit;
  let rightWt = 0;
  let rightN = k;
  let rightSum = 0;
  for (let i = 0; i < k; i++) {
    const w = unit ? 1 : wt[i]!;
    rightSum += y[i]! * w;
    rightWt += w;
  }
  const grandmean = rightSum / rightWt;
  let leftSum = 0;
  let leftWt = 0;
  let leftN = 0;
  rightSum = 0;
  let best = 0;
  let where = 0;
  let direction = LEFT;
  for (let i = 0; rightN > edge; i++) {
    const w = unit ? 1 : wt[i]!;
    leftWt += w;
    rightWt -= w;
    leftN++;
    rightN--;
    const temp = (y[i]! - grandmean) * w;
    leftSum += temp;
    rightSum -= temp;
    if (x[i + 1] !== x[i] && leftN >= edge) {
      const t = (leftSum * leftSum) / leftWt + (rightSum * rightSum) / rightWt;
      if (t > best) {
        best = t;
        where = i;
        direction = leftSum < rightSum ? LEFT : RIGHT;
      }
    }
  }
  s.improve = best / myrisk;
  if (best > 0) {
    s.csplit[0] = direction;
    setMidpoint(e, s, v, where);
  }
}

/** Categorical variable with `numcat` levels (codes 1..numcat in `e.rtemp`). */
export function anovaCategorical(
  e: Engine,
  s: SplitScratch,
  k: number,
  numcat: number,
  edge: number,
  myrisk: number,
): void {
  const x = e.rtemp;
  const y = e.yntemp;
  const wt = e.wtemp;
  const unit = e.unit;
  const { sums, wts, countn, tsplit, rate: mean, csplit } = s;
  let rightWt = 0;
  let rightN = k;
  let rightSum = 0;
  for (let i = 0; i < k; i++) {
    const w = unit ? 1 : wt[i]!;
    rightSum += y[i]! * w;
    rightWt += w;
  }
  const grandmean = rightSum / rightWt;
  for (let i = 0; i < numcat; i++) {
    sums[i] = 0;
    countn[i] = 0;
    wts[i] = 0;
  }
  for (let i = 0; i < k; i++) {
    const j = x[i]! - 1;
    const w = unit ? 1 : wt[i]!;
    countn[j]!++;
    wts[j]! += w;
    sums[j]! += (y[i]! - grandmean) * w;
  }
  for (let i = 0; i < numcat; i++) {
    if (countn[i]! > 0) {
      tsplit[i] = RIGHT;
      mean[i] = sums[i]! / wts[i]!;
    } else tsplit[i] = 0;
  }
  grayInitOrdered(s.gray, numcat, countn, mean);
  let leftWt = 0;
  let leftSum = 0;
  rightSum = 0;
  let leftN = 0;
  let best = 0;
  let j: number;
  while ((j = grayNext(s.gray)) < numcat) {
    tsplit[j] = LEFT;
    leftN += countn[j]!;
    rightN -= countn[j]!;
    leftWt += wts[j]!;
    rightWt -= wts[j]!;
    leftSum += sums[j]!;
    rightSum -= sums[j]!;
    if (leftN >= edge && rightN >= edge) {
      const t = (leftSum * leftSum) / leftWt + (rightSum * rightSum) / rightWt;
      if (t > best) {
        best = t;
        if (leftSum / leftWt > rightSum / rightWt) for (let i = 0; i < numcat; i++) csplit[i] = -tsplit[i]!;
        else for (let i = 0; i < numcat; i++) csplit[i] = tsplit[i]!;
      }
    }
  }
  s.improve = best / myrisk;
}
