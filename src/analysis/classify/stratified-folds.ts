/**
 * A fold number for every labelled item, each class spread evenly over the folds.
 *
 * Method: stratified k-fold assignment (Kohavi 1995, "A study of cross-validation and bootstrap for accuracy
 * estimation and model selection", IJCAI; as scikit-learn's StratifiedKFold(shuffle=True)): each class's items
 * are shuffled (Fisher–Yates with the seeded xoshiro128** of ../kmeans/seeded-random.ts) and dealt to the folds
 * in turn, each class starting where the previous one stopped, so fold sizes differ by at most one and every
 * fold holds each class in about the same share. Classes are taken in code-unit order: the same labels and seed
 * give the same folds on every machine.
 */
import { SeededRandom } from '../kmeans/seeded-random.js';

/**
 * The fold (0..k−1) of each item.
 * @param labels the class of each item
 * @param k number of folds (≥ 2)
 * @param seed any safe integer
 * @throws RangeError when k is not an integer ≥ 2 or the seed not a safe integer
 * @example Array.from(stratifiedFolds(['a', 'a', 'b', 'b'], 2, 1)).sort() // => [0, 0, 1, 1]
 */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): Int32Array {
  if (!Number.isSafeInteger(k) || k < 2) throw new RangeError(`stratifiedFolds: k must be an integer ≥ 2, got ${k}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`stratifiedFolds: seed must be a safe integer, got ${seed}`);
  const random = new SeededRandom(seed);
  const byClass = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const members = byClass.get(label);
    if (members) members.push(i);
    else byClass.set(label, [i]);
  });
  const folds = new Int32Array(labels.length);
  let next = 0;
  for (const label of [...byClass.keys()].sort()) {
    const members = byClass.get(label)!;
    for (let i = members.length - 1; i > 0; i--) {
      const j = random.nextInt(i + 1);
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    for (const item of members) {
      folds[item] = next;
      next = (next + 1) % k;
    }
  }
  return folds;
}
