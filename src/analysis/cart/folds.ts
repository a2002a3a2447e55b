/**
 * Seeded fold assignment for cross-validation: a mulberry32 generator (Tommy Ettinger's 32-bit mixer), random
 * folds as R's `sample(rep(1:k, length.out = n))` does them (a shuffled balanced labelling, not R's stream of
 * numbers), and stratified folds that deal each class's shuffled rows round-robin so every fold keeps the class
 * mix.
 */

/** A uniform [0, 1) generator from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(values: Int32Array, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
}

/** Folds 1..k for n rows, sizes differing by at most one, in random order. */
export function randomFolds(n: number, k: number, seed: number): Int32Array {
  const folds = new Int32Array(n);
  for (let i = 0; i < n; i++) folds[i] = (i % k) + 1;
  shuffle(folds, mulberry32(seed));
  return folds;
}

/** Folds 1..k for rows with class codes `yc` (0..numclass-1), each class spread evenly over the folds. */
export function stratifiedFolds(yc: Int32Array, numclass: number, k: number, seed: number): Int32Array {
  const random = mulberry32(seed);
  const byClass: number[][] = Array.from({ length: numclass }, () => []);
  for (let i = 0; i < yc.length; i++) byClass[yc[i]!]!.push(i);
  const folds = new Int32Array(yc.length);
  let position = 0;
  for (const rows of byClass) {
    const order = Int32Array.from(rows);
    shuffle(order, random);
    for (const row of order) folds[row] = (position++ % k) + 1;
  }
  return folds;
}
