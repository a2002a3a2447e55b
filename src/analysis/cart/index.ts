/**
 * CART decision trees with rpart 4.1.19's semantics (Therneau & Atkinson, "An Introduction to Recursive
 * Partitioning Using the RPART Routines"; Breiman, Friedman, Olshen & Stone 1984), ported stage by stage from
 * rpart's C code so trees, cp tables and cross-validated errors agree with R to rounding.
 *
 * Stages (one file each; engine.ts holds the shared state, insert-split.ts the ranked split lists):
 *   1. prepare.ts      — validate, encode categorical levels and class labels, drop rows as na.rpart
 *   2. presort.ts      — sort every numeric variable once, O(p · n log n) (rpart's own quicksort, so ties keep
 *                        rpart's order), plus dense ranks aligned with the sorted indices
 *   3. grow.ts         — recursive partitioning with the cp rule; per node, O(n_node · p):
 *        gini-split.ts / anova-split.ts (+ graycode.ts) — best split of each variable by one sorted scan
 *        surrogate.ts   — surrogate splits and the majority direction
 *        node-split.ts  — route rows, stably partition the presorted indices (children never re-sort)
 *   4. cp-table.ts     — the complexity-parameter table
 *   5. xval.ts         — k-fold cross-validated xerror / xstd (folds.ts: seeded fold assignment)
 *   6. export-tree.ts  — public nodes, `where`, variable importance
 * and, on a fitted tree: prune.ts (cost-complexity pruning), predict.ts, rules.ts, cross-validate.ts.
 */
export { cart, CART_MAX_EXHAUSTIVE_LEVELS } from './cart.js';
export * from './types.js';
export { pruneTree, selectCp } from './prune.js';
export type { CartPruneRule } from './prune.js';
export { predict, CART_PREDICT_WARNINGS } from './predict.js';
export type { CartAnovaPrediction, CartClassPrediction, CartPrediction, CartPredictInput } from './predict.js';
export { treeRules } from './rules.js';
export type { CartRule, CartRuleCondition, CartRuleOptions } from './rules.js';
export { crossValidate } from './cross-validate.js';
export type { CartAnovaCrossValidation, CartClassCrossValidation, CartCrossValidateOptions, CartCrossValidation } from './cross-validate.js';
