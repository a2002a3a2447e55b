/**
 * Readable decision rules, one per leaf of a fitted tree (the path conditions of rpart's `path.rpart`, merged per
 * variable into intervals and level sets).
 */
import type { CartTree } from './types.js';

/** A condition on one variable along a leaf's path. */
export type CartRuleCondition =
  | {
      readonly kind: 'numeric';
      readonly variable: string;
      /** `value >= lower` (null = unbounded). */
      readonly lower: number | null;
      /** `value < upper` (null = unbounded). */
      readonly upper: number | null;
    }
  | { readonly kind: 'categorical'; readonly variable: string; readonly levels: readonly string[] };

/** One leaf as a rule. */
export interface CartRule {
  /** rpart node number of the leaf. */
  readonly nodeId: number;
  /** Index of the leaf in `tree.nodes`. */
  readonly node: number;
  readonly conditions: readonly CartRuleCondition[];
  /** E.g. `"wait ≥ 180.5 s and channel = phone → 62 % dissatisfied, n = 1,204"`. */
  readonly text: string;
  /** Training rows in the leaf. */
  readonly n: number;
  /** Predicted class or mean. */
  readonly prediction: string | number;
  /**
   * Class trees: proportion (0–1) of the predicted class, or of `focusClass` when given; regression trees: null.
   */
  readonly purity: number | null;
}

/** Options of {@link treeRules}. */
export interface CartRuleOptions {
  /** Unit to print after a variable's thresholds, by variable name (e.g. `{ wait: 's' }`); key `'*target'` for the mean. */
  readonly units?: Readonly<Record<string, string>>;
  /** Display names for variables and class labels (e.g. `{ wait: 'waiting time', dis: 'dissatisfied' }`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Order: `'tree'` (depth-first, the default), `'n'` (largest leaf first) or `'purity'` (purest first). */
  readonly sortBy?: 'tree' | 'n' | 'purity';
  /** Class whose share each rule reports (default: the leaf's predicted class). */
  readonly focusClass?: string;
  /** Significant digits of thresholds and means; default 6 (enough to show mid-points such as 1203.5 exactly). */
  readonly digits?: number;
}

/** Formats an integer with comma thousands separators, independent of locale. */
function formatCount(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

function formatNumber(x: number, digits: number): string {
  const rounded = Number(x.toPrecision(digits));
  return Math.abs(rounded) >= 1e4 && Number.isInteger(rounded) ? formatCount(rounded) : String(rounded);
}

function describe(c: CartRuleCondition, options: CartRuleOptions, digits: number): string {
  const name = options.labels?.[c.variable] ?? c.variable;
  if (c.kind === 'categorical') {
    const levels = c.levels.map((level) => options.labels?.[level] ?? level);
    return levels.length === 1 ? `${name} = ${levels[0]}` : `${name} ∈ {${levels.join(', ')}}`;
  }
  const unit = options.units?.[c.variable];
  const fmt = (x: number): string => (unit ? `${formatNumber(x, digits)} ${unit}` : formatNumber(x, digits));
  if (c.lower !== null && c.upper !== null) return `${fmt(c.lower)} ≤ ${name} < ${fmt(c.upper)}`;
  if (c.lower !== null) return `${name} ≥ ${fmt(c.lower)}`;
  return `${name} < ${fmt(c.upper!)}`;
}

/**
 * Lists a tree's leaves as readable rules with their size and purity.
 *
 * Method: walks each root-to-leaf path of primary splits; conditions on the same numeric variable are merged into one
 * interval [lower, upper) and categorical conditions into the intersection of level sets (Quinlan 1987, "Simplifying
 * decision trees", for rule extraction from trees). Rows with missing values may reach a leaf through surrogate splits
 * instead, so a rule describes the leaf's region, not every row in it.
 *
 * @param tree A tree from {@link cart} or {@link pruneTree}.
 * @param options Units, labels, sort order, focus class and digits.
 * @returns One rule per leaf.
 * @throws RangeError when `digits` is not an integer in 1..21 or `focusClass` is not a class of the tree.
 * @example
 * const tree = cart({ features: { wait: [10, 20, 200, 300] }, target: ['ok', 'ok', 'bad', 'bad'] },
 *   { minSplit: 2, minBucket: 1, xval: 0 });
 * tree.status === 'ok' && treeRules(tree, { units: { wait: 's' } }).map((r) => r.text);
 * // => ['wait ≥ 110 s → 100 % bad, n = 2', 'wait < 110 s → 100 % ok, n = 2']
 */
export function treeRules(tree: CartTree, options: CartRuleOptions = {}): readonly CartRule[] {
  const digits = options.digits ?? 6;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new RangeError(`treeRules: digits must be an integer in 1..21, got ${digits}`);
  }
  const classLevels = tree.classLevels;
  let focus = -1;
  if (options.focusClass !== undefined) {
    focus = classLevels ? classLevels.indexOf(options.focusClass) : -1;
    if (focus < 0) throw new RangeError(`treeRules: focusClass must be one of the tree's classes, got '${options.focusClass}'`);
  }
  const rules: CartRule[] = [];
  const kindOf = new Map(tree.features.map((f) => [f.name, f]));
  const walk = (i: number, path: readonly CartRuleCondition[]): void => {
    const node = tree.nodes[i]!;
    const split = node.split;
    if (!split) {
      rules.push(makeRule(tree, i, path, options, digits, focus));
      return;
    }
    const sides: [number, boolean][] = [
      [node.left, true],
      [node.right, false],
    ];
    for (const [child, isLeft] of sides) {
      let next: CartRuleCondition;
      const prior = path.find((c) => c.variable === split.variable);
      if (split.kind === 'numeric') {
        const less = (split.lessGoes === 'left') === isLeft;
        const p = prior?.kind === 'numeric' ? prior : { lower: null, upper: null };
        next = less
          ? { kind: 'numeric', variable: split.variable, lower: p.lower, upper: p.upper === null ? split.threshold : Math.min(p.upper, split.threshold) }
          : { kind: 'numeric', variable: split.variable, lower: p.lower === null ? split.threshold : Math.max(p.lower, split.threshold), upper: p.upper };
      } else {
        const side = new Set(isLeft ? split.left : split.right);
        const base = prior?.kind === 'categorical' ? prior.levels : kindOf.get(split.variable)!.levels!;
        next = { kind: 'categorical', variable: split.variable, levels: base.filter((level) => side.has(level)) };
      }
      walk(child, prior ? path.map((c) => (c === prior ? next : c)) : [...path, next]);
    }
  };
  walk(0, []);
  if (options.sortBy === 'n') rules.sort((a, b) => b.n - a.n);
  else if (options.sortBy === 'purity') rules.sort((a, b) => (b.purity ?? 0) - (a.purity ?? 0));
  return rules;
}

function makeRule(
  tree: CartTree,
  i: number,
  path: readonly CartRuleCondition[],
  options: CartRuleOptions,
  digits: number,
  focus: number,
): CartRule {
  const node = tree.nodes[i]!;
  const conditions = path.length === 0 ? 'all rows' : path.map((c) => describe(c, options, digits)).join(' and ');
  let outcome: string;
  let purity: number | null = null;
  if (tree.method === 'class') {
    const k = focus >= 0 ? focus : tree.classLevels!.indexOf(node.prediction as string);
    purity = node.probabilities![k]!;
    const label = tree.classLevels![k]!;
    outcome = `${Math.round(purity * 100)} % ${options.labels?.[label] ?? label}`;
  } else {
    const unit = options.units?.['*target'];
    outcome = `mean ${formatNumber(node.prediction as number, digits)}${unit ? ` ${unit}` : ''}`;
  }
  return {
    nodeId: node.id,
    node: i,
    conditions: path,
    text: `${conditions} → ${outcome}, n = ${formatCount(node.n)}`,
    n: node.n,
    prediction: node.prediction,
    purity,
  };
}
