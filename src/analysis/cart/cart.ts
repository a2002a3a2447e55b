/**
 * Fits a CART tree with rpart's semantics (see index.ts for the stages).
 */
import type { InsufficientResult } from '../result.js';
import { insufficient } from '../result.js';
import type { AnalysisWarning } from '../result.js';
import { buildCpList } from './cp-table.js';
import type { Engine } from './engine.js';
import { evalNode, initGini, newNode } from './engine.js';
import { exportNodes, exportWhere, variableImportance } from './export-tree.js';
import { newGrowScratch, partition } from './grow.js';
import type { EncodedData } from './prepare.js';
import { encodeData } from './prepare.js';
import { buildSorts } from './presort.js';
import { resolveControl, resolveFolds } from './control.js';
import type { CartControl, CartCpRow, CartData, CartOptions, CartTree, CartXpred } from './types.js';
import { CART_WARNINGS } from './types.js';
import { crossValidateCp } from './xval.js';

/** Largest number of levels searched over all 2^(k−1) subsets when there are more than two classes. */
export const CART_MAX_EXHAUSTIVE_LEVELS = 16;

/** Builds the fit state for encoded data. */
export function createEngine(enc: EncodedData, control: CartControl): Engine {
  const n = enc.n;
  let maxcat = 0;
  for (let v = 0; v < enc.ncat.length; v++) if (enc.ncat[v]! > maxcat) maxcat = enc.ncat[v]!;
  const numclass = enc.classLevels ? enc.classLevels.length : 0;
  // all-1 weights take the unweighted path: the arithmetic is identical, the weight arrays are never read
  let unit = true;
  if (enc.wt) for (let i = 0; i < n && unit; i++) unit = enc.wt[i] === 1;
  const rtemp = new Int32Array(n + 1);
  const rowtemp = new Int32Array(n);
  const { sorts, rank } = buildSorts(enc.x, enc.ncat, n);
  return {
    n,
    nvar: enc.x.length,
    x: enc.x,
    ncat: enc.ncat,
    maxcat,
    isClass: enc.method === 'class',
    yc: enc.yc,
    yn: enc.yn,
    wt: unit ? new Float64Array(0) : enc.wt!,
    unit,
    sorts,
    rank,
    which: new Int32Array(n).fill(1),
    // the partition scratch shares memory with the gather scratch: they are never live at the same time
    tempvec: rowtemp,
    temprank: rtemp,
    side: new Uint8Array(n),
    tempy: new Int8Array(n),
    rtemp,
    rowtemp,
    yctemp: new Uint16Array(enc.method === 'class' ? n : 0),
    yntemp: new Float64Array(enc.method === 'anova' ? n : 0),
    wtemp: new Float64Array(unit ? 0 : n),
    minNode: control.minBucket,
    minSplit: control.minSplit,
    alpha: 0,
    maxnode: 2 ** control.maxDepth - 1,
    maxsur: control.maxSurrogate,
    useSurrogate: control.useSurrogate,
    surAgree: control.surrogateStyle,
    iscale: 0,
    numclass,
    prior: new Float64Array(numclass),
    aprior: new Float64Array(numclass),
    loss: new Float64Array(numclass * numclass),
    information: control.split === 'information',
    skipSurrogates: null,
    maxExhaustiveLevels: CART_MAX_EXHAUSTIVE_LEVELS,
    manyLevelsSeen: false,
  };
}

/** R's default prior `counts / sum(counts)` and `prior / max(1, counts)` used for node probabilities. */
function classPriors(enc: EncodedData, numclass: number): { priorR: Float64Array; priorOverCount: Float64Array } {
  const counts = new Float64Array(numclass);
  for (let i = 0; i < enc.n; i++) counts[enc.yc[i]!]! += enc.wt ? enc.wt[i]! : 1;
  let total = 0;
  for (const c of counts) total += c;
  const priorR = counts.map((c) => c / total);
  const priorOverCount = priorR.map((p, i) => p / Math.max(1, counts[i]!));
  return { priorR, priorOverCount };
}

/**
 * Grows a classification or regression tree with rpart's algorithm and defaults, and its cross-validated cp table.
 *
 * Method: CART (Breiman, Friedman, Olshen & Stone 1984) as implemented by rpart 4.1.19 (Therneau & Atkinson, "An
 * Introduction to Recursive Partitioning Using the RPART Routines"): Gini (or information) splitting with the
 * observed class proportions as priors and 0/1 loss, or sum-of-squares splitting; numeric splits at mid-points;
 * categorical splits over levels ordered by first-class proportion (two classes) or mean (anova), all subsets for
 * more classes (levels ≤ 16; more levels are ordered by the share of the node's commonest class, with a warning);
 * growth stopped by minSplit, minBucket, maxDepth and the complexity parameter; surrogate splits for missing values
 * (rpart's usesurrogate = 2: surrogates, then the majority direction); the cp table with k-fold cross-validated
 * error; variable importance as rpart (primary improvements plus adjusted-agreement-weighted surrogate
 * improvements). Random folds come from a seeded generator, so xerror matches R only with explicit `folds`.
 * Missing values: numeric NaN/null and categorical null are missing (±Infinity too inside the split search, as rpart's
 * R_FINITE); rows with a missing target or with every feature NaN/null are dropped (warning `cart-rows-dropped`,
 * `where` = -1); other missing values travel by surrogates.
 * Cost: one O(p · n log n) presort, then O(p · n) per tree level (surrogates roughly double it); about 8 bytes × n × p
 * of working memory (+4 × n × p with cross-validation). Float64Array columns are used without a copy.
 *
 * @param data Named feature columns and the target (see {@link CartData}).
 * @param options rpart.control-like options (see {@link CartOptions}); counts are rows, cp is relative to the root risk.
 * @returns The tree, or `insufficient` when no row has both a target and a feature value.
 * @throws TypeError for malformed columns or a label target with method 'anova'; RangeError for options out of range or
 *   columns of unequal length.
 * @example
 * const tree = cart({ features: { wait: [10, 20, 200, 300] }, target: ['ok', 'ok', 'bad', 'bad'] },
 *   { minSplit: 2, minBucket: 1, xval: 0 });
 * tree.status === 'ok' && tree.nodes[0].split; // => { kind: 'numeric', variable: 'wait', threshold: 110, lessGoes: 'right', … }
 */
export function cart(data: CartData, options: CartOptions = {}): CartTree | InsufficientResult {
  const fn = 'cart';
  const control = resolveControl(fn, options);
  const enc = encodeData(fn, data, options.method, options.weights);
  if (enc.n === 0) return insufficient(enc.method, `${fn}: no row has a target and at least one feature value`);
  const warnings: AnalysisWarning[] = [];
  if (enc.n < enc.nInput) {
    warnings.push({
      code: CART_WARNINGS.rowsDropped,
      message: `${enc.nInput - enc.n} of ${enc.nInput} rows dropped: target missing or every feature missing`,
    });
  }
  return fitEncoded(enc, control, resolveFolds(fn, options, control, enc), warnings, null, options.xpred === true);
}

/**
 * Grows a tree on encoded rows (the part of {@link cart} after validation). `skipSurrogates` (per variable, 1 = no
 * surrogates needed) is for callers that only predict rows known to have no missing value in those variables.
 */
export function fitEncoded(
  enc: EncodedData,
  control: CartControl,
  folds: { group: Int32Array; k: number } | null,
  warnings: AnalysisWarning[],
  skipSurrogates: Uint8Array | null,
  keepXpred = false,
): CartTree {
  const e = createEngine(enc, control);
  e.skipSurrogates = skipSurrogates;
  const priors = e.isClass ? classPriors(enc, e.numclass) : null;
  if (priors) initGini(e, priors.priorR);

  const root = newNode(e.numclass);
  const identity = e.tempvec;
  for (let i = 0; i < enc.n; i++) identity[i] = i;
  evalNode(e, root, identity, 0, enc.n);
  root.complexity = root.risk;
  e.alpha = control.cp * root.risk;
  const savesort = folds && folds.k > 1 ? e.sorts.slice() : null;
  const g = newGrowScratch(e);
  partition(e, 1, root, 0, enc.n, g);
  const list = buildCpList(root, e.alpha);
  // rpart scales by the root risk; a pure root (risk 0) has nothing to scale, so its table reads cp, 0, 1
  const scale = root.risk > 0 ? 1 / root.risk : 0;
  const exported = exportNodes(e, root, enc, scale, priors ? priors.priorOverCount : new Float64Array(0));
  // `where` is read before cross-validation, which reuses the row-to-node array
  const where = exportWhere(e.which, enc, exported.index);
  const crossValidated = folds !== null && savesort !== null && root.right !== null;
  const xp = crossValidated && keepXpred ? new Float64Array(enc.n * list.count).fill(NaN) : null;
  if (crossValidated) crossValidateCp(e, list, folds.group, folds.k, savesort, g, xp);

  const cpTable: CartCpRow[] = [];
  for (let c: typeof list.head | null = list.head; c; c = c.forward) {
    cpTable.push({
      cp: root.risk > 0 ? c.cp * scale : control.cp,
      nsplit: c.nsplit,
      relError: root.risk > 0 ? c.risk * scale : 1,
      xerror: crossValidated ? c.xrisk * scale : null,
      xstd: crossValidated ? c.xstd * scale : null,
    });
  }
  if (exported.nodes.length === 1) {
    warnings.push({ code: CART_WARNINGS.noSplit, message: 'the root was not split: too few rows, a constant target, or no split lowers the risk by cp' });
  }
  if (e.manyLevelsSeen) {
    warnings.push({
      code: CART_WARNINGS.manyLevels,
      message: `a categorical feature has more than ${CART_MAX_EXHAUSTIVE_LEVELS} levels with more than 2 classes: levels were ordered by the share of the commonest class instead of searching every subset`,
    });
  }
  return {
    status: 'ok',
    method: enc.method,
    warnings,
    nodes: exported.nodes,
    where,
    cpTable,
    variableImportance: variableImportance(exported.nodes, !e.isClass),
    features: enc.features,
    classLevels: enc.classLevels,
    nUsed: enc.n,
    control,
    ...(xp && folds ? { xpred: inputXpred(enc, folds.group, xp, list.count) } : {}),
  };
}

/** The kept rows' held-out predictions (row-major, `m` per row) as one input-row array per cp-table row. */
function inputXpred(enc: EncodedData, group: Int32Array, xp: Float64Array, m: number): CartXpred {
  const inputFolds = new Int32Array(enc.nInput);
  const predictions = Array.from({ length: m }, () => new Float64Array(enc.nInput).fill(NaN));
  for (let i = 0; i < enc.n; i++) {
    const r = enc.rows ? enc.rows[i]! : i;
    inputFolds[r] = group[i]!;
    for (let j = 0; j < m; j++) predictions[j]![r] = xp[i * m + j]!;
  }
  return { folds: inputFolds, predictions };
}
