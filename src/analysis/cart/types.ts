/**
 * Public shapes of the CART module: the data a tree is grown from, its options, the fitted tree (an rpart-like
 * frame of nodes, the cp table, variable importance) and the warning codes.
 */
import type { AnalysisWarning } from '../result.js';

/** A numeric feature column: NaN (or null in a plain array) is missing. */
export type CartNumericColumn = Float64Array | Float32Array | readonly (number | null)[];
/** A categorical feature column: null (or undefined) is missing; every other value is a level. */
export type CartCategoricalColumn = readonly (string | boolean | null | undefined)[];
/** One named feature column. A plain array holding any string or boolean is categorical, otherwise numeric. */
export type CartFeatureColumn = CartNumericColumn | CartCategoricalColumn;

/** The fitting method, as rpart's `method`. */
export const CART_METHOD = { class: 'class', anova: 'anova' } as const;
/** `'class'`: classification with the Gini index; `'anova'`: regression with the residual sum of squares. */
export type CartMethod = (typeof CART_METHOD)[keyof typeof CART_METHOD];

/** What a tree is grown from: named feature columns and a target of the same length. */
export interface CartData {
  /** Feature columns by name, all as long as `target`. */
  readonly features: Readonly<Record<string, CartFeatureColumn>>;
  /**
   * Class labels (strings/booleans, or numbers with `method: 'class'`) or numeric values. null, undefined and
   * NaN are missing: such rows are dropped (as rpart's `na.rpart`).
   */
  readonly target: readonly (string | number | boolean | null | undefined)[] | Float64Array | Float32Array;
}

/** Options of {@link cart}; defaults are rpart's (`rpart.control`). */
export interface CartOptions {
  /** `'class'` or `'anova'`; default: `'class'` for string/boolean targets, `'anova'` for numeric ones (as rpart). */
  readonly method?: CartMethod;
  /** Fewest observations a node must have for a split to be tried (rpart `minsplit`); default 20. */
  readonly minSplit?: number;
  /**
   * Fewest observations in any leaf (rpart `minbucket`); default `round(minSplit / 3)`. Given alone, it sets
   * `minSplit = 3 × minBucket` (as rpart.control).
   */
  readonly minBucket?: number;
  /** Complexity parameter: a split must lower the overall relative error by at least `cp`; default 0.01. */
  readonly cp?: number;
  /** Deepest node depth, the root at depth 0 (rpart `maxdepth`, 1..30); default 30. */
  readonly maxDepth?: number;
  /** Number of cross-validation folds for the cp table's xerror/xstd; 0 or 1 = none; default 10. */
  readonly xval?: number;
  /**
   * Explicit fold of each input row, integers 1..k (as rpart's `xval = <vector>`); overrides `xval` and `seed`.
   * Rows dropped for missing values are dropped from the folds too. k is the largest label (rpart counts distinct
   * labels, which agrees when the labels are 1..k); a label with no row is an empty fold and is skipped.
   */
  readonly folds?: ArrayLike<number>;
  /** Seed of the random fold assignment when `folds` is not given; default 1. */
  readonly seed?: number;
  /** Non-negative case weights, one per input row (rpart `weights`); default all 1. */
  readonly weights?: ArrayLike<number>;
  /** Most surrogate splits kept per node (rpart `maxsurrogate`); 0 turns surrogates off; default 5. */
  readonly maxSurrogate?: number;
  /**
   * How rows with a missing split variable travel (rpart `usesurrogate`): 0 = stay at the node, 1 = surrogates,
   * else stay; 2 = surrogates, else the majority direction. Default 2.
   */
  readonly useSurrogate?: 0 | 1 | 2;
  /** Surrogate agreement denominator (rpart `surrogatestyle`): 0 = all rows, 1 = rows non-missing in it. */
  readonly surrogateStyle?: 0 | 1;
  /** Impurity for classification splits (rpart `parms = list(split = …)`): default `'gini'`. */
  readonly split?: 'gini' | 'information';
  /**
   * Keep the cross-validation's held-out predictions per cp-table row in {@link CartTree.xpred} (rpart
   * `xpred.rpart`); needs `xval` > 1 or `folds`. Costs 8 bytes × rows × cp-table rows; default false.
   */
  readonly xpred?: boolean;
}

/**
 * Held-out predictions of the cross-validation that filled the cp table's xerror (rpart `xpred.rpart` at the
 * table's cps): the tree grown on the other folds, cut back to the complexity of each table row.
 */
export interface CartXpred {
  /** Fold (1..k) of every input row; 0 for rows dropped as missing. */
  readonly folds: Int32Array;
  /**
   * One array per cp-table row, one value per input row: the prediction for that row of its fold's tree pruned
   * to that row's complexity (anova: the leaf mean; class: the 0-based index in `classLevels` of the leaf's
   * class); NaN for rows dropped as missing. A row that cannot go further (a missing value with `useSurrogate`
   * < 2) takes the node where it stopped, as rpart's rundown. The first row (no split) is each fold tree's root,
   * as in the xerror of rpart's xval; xpred.rpart's default first cp is (1 + CP₁)/2 instead, the rest agree.
   */
  readonly predictions: readonly Float64Array[];
}

/** A split on a numeric variable: rows with `value < threshold` go to the side `lessGoes`. */
export interface CartNumericSplit {
  readonly kind: 'numeric';
  readonly variable: string;
  /** Mid-point between the two adjacent observed values (as rpart). */
  readonly threshold: number;
  /** Side taken by `value < threshold`; the other side takes `value >= threshold`. */
  readonly lessGoes: 'left' | 'right';
  /**
   * Primary split: rpart's `improve` (class: weighted Gini decrease; anova: fraction of the node's sum of squares
   * removed). Surrogate: the agreement with the primary split (proportion of rows sent the same way).
   */
  readonly improve: number;
  /** Primary: rows with the variable observed; surrogate: rows it actually routed at growth time. */
  readonly count: number;
  /** Surrogates only: rpart's adjusted agreement (gain over the majority rule); 0 for a primary split. */
  readonly adjustedAgreement: number;
}

/** A split on a categorical variable: levels listed in `left` go left, in `right` go right. */
export interface CartCategoricalSplit {
  readonly kind: 'categorical';
  readonly variable: string;
  readonly left: readonly string[];
  readonly right: readonly string[];
  /** Levels absent from the node when it was split: a row with such a level counts as missing here. */
  readonly unseen: readonly string[];
  readonly improve: number;
  readonly count: number;
  readonly adjustedAgreement: number;
}

export type CartSplit = CartNumericSplit | CartCategoricalSplit;

/** One node of a fitted tree; `nodes` lists them in rpart's frame order (depth-first, left before right). */
export interface CartNode {
  /** rpart's node number: root 1, children of k are 2k (left) and 2k + 1 (right). */
  readonly id: number;
  readonly depth: number;
  /** Number of training rows that reached the node. */
  readonly n: number;
  /** Their total case weight. */
  readonly weight: number;
  /** Node risk (rpart `dev`): class = weighted misclassifications, anova = weighted sum of squares. */
  readonly deviance: number;
  /** Scaled complexity at which the node's split would be pruned (rpart frame `complexity`). */
  readonly complexity: number;
  /** Predicted class label (class) or weighted mean (anova). */
  readonly prediction: string | number;
  /** Class only: weighted count of each class (order of `classLevels`). */
  readonly classCounts: readonly number[] | null;
  /** Class only: class probabilities (order of `classLevels`). */
  readonly probabilities: readonly number[] | null;
  /** The primary split, null for a leaf. */
  readonly split: CartSplit | null;
  /** Surrogate splits, best first (rows missing the primary variable try them in order). */
  readonly surrogates: readonly CartSplit[];
  /** Index in `nodes` of the children, -1 for a leaf. */
  readonly left: number;
  readonly right: number;
}

/** One row of the complexity-parameter table (rpart `cptable`). */
export interface CartCpRow {
  /** Complexity parameter, scaled by the root risk. */
  readonly cp: number;
  /** Number of splits of the subtree optimal for this cp. */
  readonly nsplit: number;
  /** Its resubstitution risk over the root risk. */
  readonly relError: number;
  /** Cross-validated risk over the root risk; null when no cross-validation ran. */
  readonly xerror: number | null;
  /** Standard error of `xerror`; null when no cross-validation ran. */
  readonly xstd: number | null;
}

/** Description of a feature as the tree saw it. */
export interface CartFeatureInfo {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** Categorical levels, sorted by code unit (the order rpart sees with factor levels sorted in the C locale). */
  readonly levels: readonly string[] | null;
}

/** A fitted CART tree. */
export interface CartTree {
  readonly status: 'ok';
  readonly method: CartMethod;
  readonly warnings: readonly AnalysisWarning[];
  readonly nodes: readonly CartNode[];
  /** For every input row, the index in `nodes` of the node it ended in; -1 for rows dropped as missing. */
  readonly where: Int32Array;
  readonly cpTable: readonly CartCpRow[];
  /** rpart's variable importance: primary improvements plus adjusted-agreement-weighted surrogate ones. */
  readonly variableImportance: readonly { readonly variable: string; readonly importance: number }[];
  readonly features: readonly CartFeatureInfo[];
  /** Class labels in code-unit order (class method), else null. */
  readonly classLevels: readonly string[] | null;
  /** Rows used (after dropping rows with a missing target or with every feature missing). */
  readonly nUsed: number;
  /** The resolved options. */
  readonly control: CartControl;
  /** Held-out predictions per cp-table row, when asked for with `xpred: true` and cross-validated. */
  readonly xpred?: CartXpred;
}

/** Options after defaults, as used. */
export interface CartControl {
  readonly minSplit: number;
  readonly minBucket: number;
  readonly cp: number;
  readonly maxDepth: number;
  readonly xval: number;
  readonly maxSurrogate: number;
  readonly useSurrogate: 0 | 1 | 2;
  readonly surrogateStyle: 0 | 1;
  readonly split: 'gini' | 'information';
}

/** Warning codes of {@link cart} and {@link crossValidate}. */
export const CART_WARNINGS = {
  /** Rows dropped because the target or every feature was missing. */
  rowsDropped: 'cart-rows-dropped',
  /** The root could not be split (too few rows, constant target, or no split improving the fit). */
  noSplit: 'cart-no-split',
  /** A categorical feature had too many levels for the exhaustive multi-class subset search. */
  manyLevels: 'cart-many-levels',
  /** A cross-validation fold had no training rows or no held-out rows. */
  emptyFold: 'cart-empty-fold',
} as const;
