/**
 * Predictions of a fitted tree for new rows (rpart `predict.rpart` / `pred_rpart.c`).
 */
import type { AnalysisWarning } from '../result.js';
import type { CartFeatureColumn, CartSplit, CartTree } from './types.js';

/** Rows to predict: named columns like {@link CartData.features}, or one object per row. */
export type CartPredictInput =
  | Readonly<Record<string, CartFeatureColumn>>
  | readonly Readonly<Record<string, string | number | boolean | null | undefined>>[];

/** Class predictions. */
export interface CartClassPrediction {
  readonly status: 'ok';
  readonly method: 'class';
  readonly warnings: readonly AnalysisWarning[];
  readonly classLevels: readonly string[];
  /** Predicted class of each row. */
  readonly classes: readonly string[];
  /** Class probabilities of each row (order of `classLevels`). */
  readonly probabilities: readonly (readonly number[])[];
  /** Index in `tree.nodes` of the node each row ended in. */
  readonly node: Int32Array;
}

/** Regression predictions. */
export interface CartAnovaPrediction {
  readonly status: 'ok';
  readonly method: 'anova';
  readonly warnings: readonly AnalysisWarning[];
  /** Predicted (node mean) value of each row. */
  readonly values: Float64Array;
  readonly node: Int32Array;
}

export type CartPrediction = CartClassPrediction | CartAnovaPrediction;

/** Warning codes of {@link predict}. */
export const CART_PREDICT_WARNINGS = {
  /** A categorical value never seen in training: treated as missing. */
  unknownLevel: 'cart-unknown-level',
} as const;

/** A split compiled for fast routing. */
export interface CompiledSplit {
  variable: number;
  threshold: number;
  /** Direction of `x < threshold` (-1 left, 1 right), numeric only. */
  lessDir: number;
  /** Direction per level code (1-based index), categorical only; 0 = level absent at this node. */
  levelDir: Int8Array | null;
}

function compileSplit(split: CartSplit, tree: CartTree, index: Map<string, number>): CompiledSplit {
  const variable = index.get(split.variable)!;
  if (split.kind === 'numeric') {
    return { variable, threshold: split.threshold, lessDir: split.lessGoes === 'left' ? -1 : 1, levelDir: null };
  }
  const levels = tree.features[variable]!.levels!;
  const levelDir = new Int8Array(levels.length + 1);
  const code = new Map(levels.map((level, i) => [level, i + 1]));
  for (const level of split.left) levelDir[code.get(level)!] = -1;
  for (const level of split.right) levelDir[code.get(level)!] = 1;
  return { variable, threshold: 0, lessDir: 0, levelDir };
}

/** Direction of a row under a split: -1, 1, or 0 when it cannot decide (missing value or absent level). */
function direction(s: CompiledSplit, columns: readonly Float64Array[], row: number): number {
  const value = columns[s.variable]![row]!;
  if (Number.isNaN(value)) return 0;
  if (s.levelDir === null) return value < s.threshold ? s.lessDir : -s.lessDir;
  return s.levelDir[value]!;
}

/** The tree's splits compiled for routing, by node index (null for leaves). */
export type CompiledTree = readonly ({ primary: CompiledSplit; surrogates: CompiledSplit[] } | null)[];

/** Compiles every node's splits. */
export function compileTree(tree: CartTree): CompiledTree {
  const index = new Map(tree.features.map((f, i) => [f.name, i]));
  return tree.nodes.map((node): { primary: CompiledSplit; surrogates: CompiledSplit[] } | null =>
    node.split
      ? { primary: compileSplit(node.split, tree, index), surrogates: node.surrogates.map((s: CartSplit) => compileSplit(s, tree, index)) }
      : null,
  );
}

/**
 * The node index where row `row` of encoded `columns` (numbers or the tree's level codes, NaN missing) ends, by
 * predict.rpart's rule: primary split, surrogates, then the child with more training rows; a tie stops at the node.
 */
export function routeRow(tree: CartTree, compiled: CompiledTree, columns: readonly Float64Array[], row: number): number {
  const nodes = tree.nodes;
  const useSurrogate = tree.control.useSurrogate;
  let i = 0;
  for (;;) {
    const c = compiled[i];
    if (!c) return i;
    const node = nodes[i]!;
    let dir = direction(c.primary, columns, row);
    if (dir === 0 && useSurrogate > 0) {
      for (const s of c.surrogates) {
        dir = direction(s, columns, row);
        if (dir !== 0) break;
      }
    }
    if (dir === 0 && useSurrogate > 1) {
      const nl = nodes[node.left]!.n;
      const nr = nodes[node.right]!.n;
      if (nl !== nr) dir = nl > nr ? -1 : 1;
    }
    if (dir === 0) return i;
    i = dir < 0 ? node.left : node.right;
  }
}

function isRowArray(input: CartPredictInput): input is readonly Readonly<Record<string, string | number | boolean | null | undefined>>[] {
  return Array.isArray(input);
}

/**
 * Encodes the tree's features from the input: numbers (NaN/null missing; ±Infinity are values, as predict.rpart)
 * or level codes (unknown levels and null missing).
 */
function encodeInput(tree: CartTree, input: CartPredictInput, warnings: AnalysisWarning[]): { columns: Float64Array[]; n: number } {
  const rows = isRowArray(input) ? input : null;
  const cols = rows ? null : (input as Readonly<Record<string, CartFeatureColumn>>);
  let n = -1;
  if (rows) n = rows.length;
  const columns: Float64Array[] = [];
  let unknown = 0;
  for (const feature of tree.features) {
    const col = cols ? (cols[feature.name] as ArrayLike<unknown> | undefined) : null;
    if (cols) {
      if (col === undefined || col === null || typeof col.length !== 'number') {
        throw new TypeError(`predict: input lacks feature '${feature.name}' used by the tree`);
      }
      if (n < 0) n = col.length;
      else if (col.length !== n) throw new RangeError(`predict: feature '${feature.name}' must have ${n} values, got ${col.length}`);
    }
    const count = n < 0 ? 0 : n;
    if (col instanceof Float64Array && !feature.levels) {
      columns.push(col); // numeric column already in the encoded form: no copy
      continue;
    }
    const out = new Float64Array(count);
    const code = feature.levels ? new Map(feature.levels.map((level, i) => [level, i + 1])) : null;
    for (let i = 0; i < count; i++) {
      const value = rows ? rows[i]![feature.name] : col![i];
      if (value === null || value === undefined) out[i] = NaN;
      else if (code) {
        if (typeof value === 'number') throw new TypeError(`predict: feature '${feature.name}' is categorical, got number ${value} at row ${i}`);
        const c = code.get(String(value));
        if (c === undefined) unknown++;
        out[i] = c ?? NaN;
      } else {
        if (typeof value !== 'number') throw new TypeError(`predict: feature '${feature.name}' is numeric, got ${typeof value} at row ${i}`);
        out[i] = value;
      }
    }
    columns.push(out);
  }
  if (unknown > 0) {
    warnings.push({
      code: CART_PREDICT_WARNINGS.unknownLevel,
      message: `${unknown} categorical value(s) not seen in training were treated as missing`,
    });
  }
  return { columns, n: Math.max(0, n) };
}

/**
 * Predicts class and class probabilities, or the value, of each row with a fitted tree.
 *
 * Method: rpart's `predict.rpart`: each row follows the primary splits; a row missing the split variable (or holding
 * a level absent from that node in training) tries the node's surrogates in order, then goes to the child that
 * received more training rows; on a tie it stops at the node and takes its prediction.
 * Missing values: NaN, null and undefined; unknown categorical levels count as missing (rpart would refuse them),
 * with warning `cart-unknown-level`.
 *
 * @param tree A tree from {@link cart} (or {@link pruneTree}).
 * @param input Named feature columns, or an array of row objects, holding at least the tree's features.
 * @returns Per row: class, probabilities and node (class trees) or value and node (regression trees).
 * @throws TypeError when a feature is absent or of the wrong kind; RangeError for columns of unequal length.
 * @example
 * predict(tree, [{ wait: 250 }, { wait: 15 }]).classes; // => ['bad', 'ok']
 */
export function predict(tree: CartTree, input: CartPredictInput): CartPrediction {
  if (tree === null || typeof tree !== 'object' || !Array.isArray(tree.nodes)) {
    throw new TypeError('predict: tree must be the result of cart()');
  }
  const warnings: AnalysisWarning[] = [];
  const { columns, n } = encodeInput(tree, input, warnings);
  const compiled = compileTree(tree);
  const nodes = tree.nodes;
  const where = new Int32Array(n);
  for (let row = 0; row < n; row++) where[row] = routeRow(tree, compiled, columns, row);
  if (tree.method === 'class') {
    return {
      status: 'ok',
      method: 'class',
      warnings,
      classLevels: tree.classLevels!,
      classes: Array.from(where, (i) => nodes[i]!.prediction as string),
      probabilities: Array.from(where, (i) => nodes[i]!.probabilities!),
      node: where,
    };
  }
  return { status: 'ok', method: 'anova', warnings, values: Float64Array.from(where, (i) => nodes[i]!.prediction as number), node: where };
}
