/**
 * `servq analyze tree`: a CART tree of rated contacts that miss CSAT (overall satisfaction below 4 of 5) on
 * operational and customer features, pruned by cross-validation, as readable rules with the share not satisfied
 * in each leaf, and its cross-validated performance beside the trivial baseline.
 *
 * Stages:
 *   1. SQL (rated-response-rows.ts): the period's responses with an overall answer and the contact each rates
 *      (a seeded sample above MODEL_ROW_CAP); only responses that rate a loaded contact are used
 *   2. per group of `--by`: features of the contact (channel, wait, handle time, transferred, resolved at first
 *      contact, priority, team, region, queue, hour of day, weekday); target 1 = not satisfied, 0 = satisfied
 *   3. cart (src/analysis/cart, rpart semantics) as a regression tree on the 0/1 target — each leaf's mean is its
 *      share not satisfied — with a 10-fold cross-validated cp table; pruned by the one-standard-error rule
 *   4. the same folds' held-out predictions at the chosen cp (rpart xpred.rpart: each fold's tree, grown for the
 *      cp table, cut back to the chosen complexity) → AUC (Mann–Whitney W ÷ n₁n₀), accuracy at 0.5 against the
 *      majority class, and R² against the training folds' mean (the Brier skill score); no tree is grown twice
 *   5. rows: the group's share not satisfied, one rule per leaf (worst first), variable importance, CV metrics
 */
import { cart, pruneTree, selectCp, treeRules, type CartTree, type CartXpred } from '../../analysis/cart/index.js';
import { mannWhitneyTest } from '../../analysis/mann-whitney-test.js';
import { ratedResponseRows, type RatedContact, type RatedResponseRow } from '../../db/metrics/rated-response-rows.js';
import type { AnalysisDefinition } from '../analysis.js';
import type { MetricRow } from '../document.js';
import { belowMinimum, emptyRow, groupRows, MODEL_ROW_CAP, periodRange, sampleNotes } from './model-groups.js';

/** Overall (canonical 1–5) below this is "not satisfied": the complement of CSAT's top two boxes. */
export const SATISFIED_FROM = 4;
/** Cross-validation folds (cp table and the performance estimate). */
export const TREE_FOLDS = 10;
/** Deepest split (root = 0): rules of at most four conditions stay readable. */
export const TREE_MAX_DEPTH = 4;
/** Complexity parameter the tree is grown to before pruning (relative to the root's sum of squares). */
export const TREE_GROW_CP = 0.002;

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const yesNo = (b: boolean | null): string | null => (b === null ? null : b ? 'yes' : 'no');

/** The features, by name, read from the rated contact. */
const FEATURES: Readonly<Record<string, (c: RatedContact) => number | string | null>> = {
  channel: (c) => c.channel,
  wait_seconds: (c) => c.waitSeconds,
  handle_seconds: (c) => c.handleSeconds,
  transferred: (c) => yesNo(c.transferred),
  resolved_first_contact: (c) => yesNo(c.resolvedFirstContact),
  priority: (c) => c.priority,
  team: (c) => c.team,
  region: (c) => c.region,
  queue: (c) => c.queue,
  hour_of_day: (c) => c.hourOfDay,
  weekday: (c) => (c.weekday === null ? null : (WEEKDAYS[c.weekday - 1] ?? null)),
};
const NUMERIC = new Set(['wait_seconds', 'handle_seconds', 'hour_of_day']);

type Group = Readonly<Record<string, string | null>>;

/** The decision-tree analysis (`servq analyze tree`); see the file header for its stages. */
export const tree: AnalysisDefinition = {
  name: 'tree',
  compute: true,
  summary: 'decision tree of rated contacts that miss CSAT (overall < 4) on wait, handle time, transfer, FCR, channel, team, time: rules and cross-validated accuracy',
  sources: ['surveys'],
  async run(db, req) {
    const range = periodRange(req);
    req.progress?.('reading rated contacts');
    const read = await ratedResponseRows(db, { range, timeZone: req.timeZone, by: req.by, filters: req.filters, cap: MODEL_ROW_CAP, seed: req.seed });
    const notes = sampleNotes('survey responses with an overall answer', read.total, read.rows.length, req.seed);
    const unrated = read.rows.filter((r) => r.contact === null).length;
    if (unrated > 0) notes.push(`${unrated.toLocaleString('en-US')} of ${read.rows.length.toLocaleString('en-US')} responses name no loaded contact and are left out`);
    const rows: MetricRow[] = [];
    for (const { group, rows: responses } of groupRows(read.rows.filter((r) => r.contact !== null))) {
      req.progress?.(`tree of ${JSON.stringify(group)}`);
      rows.push(...groupTree(group, responses, req.minN, req.seed));
    }
    return { rows, variants: TREE_VARIANTS, notes, ranges: [range], observed: { surveys: read.total } };
  },
};

function groupTree(group: Group, responses: readonly RatedResponseRow[], minN: number, seed: number): MetricRow[] {
  const n = responses.length;
  const target = Float64Array.from(responses, (r) => ((r.items['overall'] as number) < SATISFIED_FROM ? 1 : 0));
  const notSatisfied = target.reduce((s, v) => s + v, 0);
  if (n < minN) {
    return ['share_not_satisfied', 'rule', 'cv_auc'].map((metric) => emptyRow(group, metric, metric === 'cv_auc' ? 'ratio' : 'share', n, 'suppressed', belowMinimum(n, minN)));
  }
  const rows: MetricRow[] = [{ group, metric: 'share_not_satisfied', value: notSatisfied / n, n, status: 'ok', unit: 'share' }];
  const features: Record<string, (number | null)[] | (string | null)[]> = {};
  for (const [name, read] of Object.entries(FEATURES)) {
    const values = responses.map((r) => read(r.contact as RatedContact));
    if (values.every((v) => v === null)) continue;
    features[name] = NUMERIC.has(name) ? (values as (number | null)[]) : (values as (string | null)[]).map((v) => (v === null ? null : String(v)));
  }
  // Every leaf holds at least minN rows, so no rule is shown on fewer rows than any other figure.
  const options = { method: 'anova', minBucket: minN, maxDepth: TREE_MAX_DEPTH } as const;
  const grown = cart({ features, target }, { ...options, cp: TREE_GROW_CP, xval: TREE_FOLDS, seed, xpred: true });
  if (grown.status !== 'ok') return [emptyRow(group, 'rule', 'share', n, 'insufficient', grown.reason)];
  const crossValidated = grown.cpTable.length > 1 && grown.cpTable.every((r) => r.xerror !== null);
  const cp = crossValidated ? selectCp(grown.cpTable, 'one-se') : TREE_GROW_CP;
  const pruned = pruneTree(grown, cp);
  rows.push(...ruleRows(group, pruned));
  rows.push(...importanceRows(group, pruned, n));
  // the chosen cp is a row of the cp table; its held-out predictions are that row's column
  const chosen = grown.cpTable.findIndex((r) => r.cp === cp);
  if (pruned.nodes.length > 1 && grown.xpred && chosen >= 0) {
    rows.push(...treeCrossValidatedRows(group, grown.xpred, chosen, target));
    return rows;
  }
  // One leaf predicts the training folds' share for everyone; scored out of sample that share runs against
  // the held-out fold (a fold rich in unsatisfied contacts trains on fewer), so AUC and R² would fall below
  // the baseline for no reason in the data. (A tree with splits but no held-out predictions is not expected.)
  const reason = pruned.nodes.length > 1 ? 'the cross-validation kept no held-out predictions for the chosen cp' : 'the pruned tree has no split: it gives every contact the same share';
  for (const [metric, unit] of [['cv_auc', 'ratio'], ['cv_accuracy', 'share'], ['cv_r_squared', 'ratio']] as const) {
    rows.push(emptyRow(group, metric, unit, n, 'insufficient', reason, { rank: null, leaf: null, rule: null, variable: null, baseline: null, folds: TREE_FOLDS }));
  }
  return rows;
}

/** One row per leaf, worst first: its rule, its rows and its share not satisfied. */
function ruleRows(group: Group, t: CartTree): MetricRow[] {
  const rules = treeRules(t, { units: { wait_seconds: 's', handle_seconds: 's', hour_of_day: 'h' }, digits: 4 });
  return [...rules]
    .sort((a, b) => (b.prediction as number) - (a.prediction as number) || a.nodeId - b.nodeId)
    .map((rule, i) => {
      const share = rule.prediction as number;
      const conditions = rule.text.slice(0, rule.text.lastIndexOf(' → '));
      return {
        group,
        metric: 'rule',
        value: share,
        n: rule.n,
        status: 'ok',
        unit: 'share',
        extra: { rank: i + 1, leaf: rule.nodeId, rule: `${conditions} → ${(share * 100).toFixed(1)} % not satisfied, n = ${rule.n.toLocaleString('en-US')}`, variable: null, baseline: null },
      } satisfies MetricRow;
    });
}

/** rpart's variable importance of the pruned tree, as shares of its total. */
function importanceRows(group: Group, t: CartTree, n: number): MetricRow[] {
  const total = t.variableImportance.reduce((s, v) => s + v.importance, 0);
  if (total <= 0) return [];
  return t.variableImportance.map((v, i) => ({
    group,
    metric: 'variable_importance',
    value: v.importance / total,
    n,
    status: 'ok',
    unit: 'share',
    extra: { rank: i + 1, leaf: null, rule: null, variable: v.variable, baseline: null },
  }));
}

/**
 * Held-out performance of the tree with the chosen cp, beside the baselines: each contact scored by the tree of
 * the folds it was not in, cut back to cp-table row `chosen` (rpart xpred.rpart); the baseline scores it with
 * the training folds' share. Exported for its test against R (test/reference/cart-xpred.R).
 */
export function treeCrossValidatedRows(group: Group, xpred: CartXpred, chosen: number, target: Float64Array): MetricRow[] {
  const extra = (baseline: number | null) => ({ rank: null, leaf: null, rule: null, variable: null, baseline, folds: TREE_FOLDS });
  const predicted = xpred.predictions[chosen]!;
  // training folds' share for each fold: (all − the fold's) ÷ (rows − the fold's rows)
  const foldSum = new Float64Array(TREE_FOLDS + 1);
  const foldN = new Float64Array(TREE_FOLDS + 1);
  for (let i = 0; i < target.length; i++) {
    const f = xpred.folds[i]!;
    if (f === 0) continue;
    foldSum[f]! += target[i]!;
    foldN[f]!++;
    foldSum[0]! += target[i]!;
    foldN[0]!++;
  }
  let sse = 0;
  let baselineSse = 0;
  const positives: number[] = [];
  const negatives: number[] = [];
  let hits = 0;
  let ones = 0;
  let n = 0;
  for (let i = 0; i < target.length; i++) {
    const p = predicted[i]!;
    const f = xpred.folds[i]!;
    // rows the tree dropped (every feature missing) have no held-out score
    if (f === 0 || Number.isNaN(p)) continue;
    n++;
    const baseline = (foldSum[0]! - foldSum[f]!) / (foldN[0]! - foldN[f]!);
    sse += (target[i]! - p) ** 2;
    baselineSse += (target[i]! - baseline) ** 2;
    if (target[i] === 1) {
      positives.push(p);
      ones++;
    } else negatives.push(p);
    if ((p > 0.5 ? 1 : 0) === target[i]) hits++;
  }
  const rows: MetricRow[] = [];
  // AUC = P(a not-satisfied contact gets a higher held-out score than a satisfied one), ties ½: Mann–Whitney W ÷ n₁n₀.
  if (positives.length === 0 || negatives.length === 0) {
    rows.push(emptyRow(group, 'cv_auc', 'ratio', n, 'insufficient', `every rated contact is ${positives.length === 0 ? 'satisfied' : 'not satisfied'}: no AUC`, extra(0.5)));
  } else {
    const w = mannWhitneyTest(positives, negatives, { exact: false });
    // Every held-out score equal (a tree with no split in any fold): every pair ties, AUC = ½.
    const auc = w.status === 'ok' ? w.statistic / (positives.length * negatives.length) : 0.5;
    rows.push({ group, metric: 'cv_auc', value: auc, n, status: 'ok', unit: 'ratio', extra: extra(0.5) });
  }
  rows.push({ group, metric: 'cv_accuracy', value: hits / n, n, status: 'ok', unit: 'share', extra: extra(Math.max(ones, n - ones) / n) });
  const r2Extra = { ...extra(0), rmse: Math.sqrt(sse / n), baseline_rmse: Math.sqrt(baselineSse / n) };
  const r2 = 1 - sse / baselineSse;
  // A constant target leaves the baseline no error to remove: R² is 0/0.
  if (Number.isFinite(r2)) rows.push({ group, metric: 'cv_r_squared', value: r2, n, status: 'ok', unit: 'ratio', extra: r2Extra });
  else rows.push(emptyRow(group, 'cv_r_squared', 'ratio', n, 'insufficient', 'the baseline predicts every held-out contact exactly (one class only)', r2Extra));
  return rows;
}

/** The variants a tree document states (keyed by the metrics they define). */
export const TREE_VARIANTS: Readonly<Record<string, string>> = {
  share_not_satisfied: `rated contacts not satisfied: the survey item overall below ${SATISFIED_FROM} on the canonical 1–5 scale (outside CSAT's top two boxes) ÷ responses that rate a loaded contact (survey contact_id = contact contact_id), responses answered in the period`,
  rule:
    `one row per leaf of a CART regression tree on the 0/1 target (rpart semantics, method anova: a leaf's mean is its share not satisfied; the same splits as Gini on two classes, pruned on squared error rather than misclassification so a minority class can still be described), ` +
    `features of the rated contact: channel, wait_seconds (queue wait: the export's, else answered − started), handle_seconds (talk + hold + after-contact work), transferred, resolved_first_contact (the exported flag), priority, team, region, queue, hour_of_day and weekday (local); ` +
    `grown to cp ${TREE_GROW_CP} with leaves of at least the minimum n and depth ≤ ${TREE_MAX_DEPTH}, ${TREE_FOLDS}-fold cross-validated (seeded) and pruned by the one-standard-error rule (Breiman et al. 1984); missing values travel by surrogate splits; rules worst first`,
  variable_importance: "rpart's variable importance of the pruned tree (primary improvements plus agreement-weighted surrogate improvements) as a share of its total",
  cv_auc: `${TREE_FOLDS}-fold cross-validated (seeded; the folds of the cp table, each fold's tree cut back to the chosen cp as rpart's xpred.rpart): AUC of the held-out leaf shares = Mann–Whitney W ÷ (n not satisfied × n satisfied), ties ½; baseline 0.5 (one score for all)`,
  cv_accuracy: 'share of held-out contacts classed right when a leaf share above 0.5 predicts not satisfied; baseline = predicting the majority class for all',
  cv_r_squared: '1 − held-out squared error ÷ that of predicting the training folds\' share (the Brier skill score); rmse = √Brier of the tree, baseline_rmse of the baseline',
};
