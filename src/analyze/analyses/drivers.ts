/**
 * `servq analyze drivers`: key drivers of overall satisfaction (the survey item `overall`, canonical 1–5), with
 * the importance × performance quadrant.
 *
 * Stages:
 *   1. SQL (rated-response-rows.ts): the period's responses with an overall answer, their other items and the
 *      contact each rates (a seeded sample above MODEL_ROW_CAP)
 *   2. per group of `--by`, two models, each by keyDrivers (src/analysis/key-drivers.ts: OLS, LMG importance or
 *      relative weights, quadrants):
 *        items       — overall on the other rated items of the same response; performance = top-two-box share
 *        operational — overall on the rated contact's wait (live channels), handle time, transferred and
 *                      resolved-at-first-contact flags; performance = the mean (seconds, or share of contacts)
 *   3. rows: per model its R²; per driver its importance (share of R²) and its performance, with the quadrant
 *      (items model only: a quadrant needs performances on one scale)
 */
import { keyDrivers, type KeyDriversResult } from '../../analysis/key-drivers.js';
import { ratedResponseRows, type RatedContact, type RatedResponseRow } from '../../db/metrics/rated-response-rows.js';
import type { AnalysisDefinition } from '../analysis.js';
import type { MetricRow, MetricUnit } from '../document.js';
import { belowMinimum, emptyRow, groupRows, MODEL_ROW_CAP, periodRange, sampleNotes } from './model-groups.js';

/** Items that are outcomes of their own (loyalty, effort), not attributes of the service: never item drivers. */
const NOT_ITEM_DRIVERS = new Set(['overall', 'nps', 'ces', 'effort']);

/** Items answered by fewer than this share of a group's responses are left out (listwise deletion would drop the rest). */
export const MIN_ITEM_COVERAGE = 0.5;

/**
 * Channels where the customer waits in a live queue (voice, chat, in-app, social messaging). An email's or an
 * on-site visit's "wait" is a response time in hours, another quantity: it does not enter the wait driver.
 */
export const LIVE_CHANNELS: readonly string[] = ['phone', 'chat', 'app', 'social'];

interface OperationalDriver {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly read: (c: RatedContact) => number | null;
  /** Why the driver can have no value in a group, when there is a reason beyond missing data. */
  readonly noValue?: string;
}

const flag = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

/** The operational drivers, in report order. */
export const OPERATIONAL_DRIVERS: readonly OperationalDriver[] = [
  {
    name: 'wait_seconds',
    unit: 'seconds',
    read: (c) => (c.channel !== null && LIVE_CHANNELS.includes(c.channel) ? c.waitSeconds : null),
    noValue: `no rated contact on a live channel (${LIVE_CHANNELS.join(', ')}) with a wait in this group: other channels' waits are response times, not queue waits`,
  },
  { name: 'handle_seconds', unit: 'seconds', read: (c) => c.handleSeconds },
  { name: 'transferred', unit: 'share', read: (c) => flag(c.transferred) },
  { name: 'resolved_first_contact', unit: 'share', read: (c) => flag(c.resolvedFirstContact) },
];

type Group = Readonly<Record<string, string | null>>;

export interface ModelInput {
  readonly model: 'items' | 'operational';
  readonly outcome: readonly number[];
  readonly columns: ReadonlyMap<string, readonly (number | null)[]>;
  readonly units: ReadonlyMap<string, MetricUnit>;
  /** Per driver, the reason given when it has no value in the group (default: 'no values in this group'). */
  readonly noValue?: ReadonlyMap<string, string>;
}

/** The key-driver analysis (`servq analyze drivers`); see the file header for its stages. */
export const drivers: AnalysisDefinition = {
  name: 'drivers',
  summary: 'key drivers of overall satisfaction: item ratings and the rated contact\'s wait, handle time, transfer and FCR (LMG importance × performance)',
  sources: ['surveys'],
  async run(db, req) {
    const range = periodRange(req);
    req.progress?.('reading survey responses');
    const read = await ratedResponseRows(db, { range, timeZone: req.timeZone, by: req.by, filters: req.filters, cap: MODEL_ROW_CAP, seed: req.seed });
    const notes = sampleNotes('survey responses with an overall answer', read.total, read.rows.length, req.seed);
    const rows: MetricRow[] = [];
    const leftOutItems = new Map<string, number>();
    for (const { group, rows: responses } of groupRows(read.rows)) {
      req.progress?.(`models of ${JSON.stringify(group)}`);
      const items = itemModel(responses, leftOutItems);
      rows.push(...fit(group, items, req.minN));
      rows.push(...fit(group, operationalModel(responses), req.minN));
    }
    if (leftOutItems.size > 0) {
      notes.push(
        `items answered by fewer than ${MIN_ITEM_COVERAGE * 100} % of a group's responses are left out of its items model: ${[...leftOutItems].map(([item, groups]) => `${item} (${groups} group${groups > 1 ? 's' : ''})`).join(', ')}`,
      );
    }
    return { rows, variants: DRIVER_VARIANTS, notes, ranges: [range], observed: { surveys: read.total } };
  },
};

/**
 * Outcome and item columns of the items model: overall satisfaction, and every rated item (not overall, NPS or
 * effort) answered by at least {@link MIN_ITEM_COVERAGE} of the responses, in name order. Items left out are
 * counted in `leftOut`. Exported for notebooks.
 */
export function itemModel(responses: readonly RatedResponseRow[], leftOut: Map<string, number> = new Map()): ModelInput {
  const answered = new Map<string, number>();
  for (const r of responses) for (const item of Object.keys(r.items)) if (!NOT_ITEM_DRIVERS.has(item)) answered.set(item, (answered.get(item) ?? 0) + 1);
  const kept = [...answered.keys()].filter((item) => {
    const ok = (answered.get(item) ?? 0) >= MIN_ITEM_COVERAGE * responses.length;
    if (!ok) leftOut.set(item, (leftOut.get(item) ?? 0) + 1);
    return ok;
  });
  kept.sort();
  return {
    model: 'items',
    outcome: responses.map((r) => r.items['overall'] as number),
    columns: new Map(kept.map((item) => [item, responses.map((r) => r.items[item] ?? null)])),
    units: new Map(kept.map((item) => [item, 'share'])),
  };
}

/** Outcome and operational columns over the responses that rate a loaded contact. */
function operationalModel(responses: readonly RatedResponseRow[]): ModelInput {
  const rated = responses.filter((r): r is RatedResponseRow & { contact: RatedContact } => r.contact !== null);
  return {
    model: 'operational',
    outcome: rated.map((r) => r.items['overall'] as number),
    columns: new Map(OPERATIONAL_DRIVERS.map((d) => [d.name, rated.map((r) => d.read(r.contact))])),
    units: new Map(OPERATIONAL_DRIVERS.map((d) => [d.name, d.unit])),
    noValue: new Map(OPERATIONAL_DRIVERS.flatMap((d) => (d.noValue === undefined ? [] : [[d.name, d.noValue] as const]))),
  };
}

/**
 * Drivers that cannot enter the model of this group: no value at all, or no variation over the rows complete in
 * every other usable driver. Removing one can complete more rows, so the check repeats until it is stable.
 */
function usableDrivers(input: ModelInput): { readonly usable: string[]; readonly dropped: Map<string, string> } {
  const dropped = new Map<string, string>();
  let usable = [...input.columns.keys()];
  for (const name of usable) {
    if ((input.columns.get(name) ?? []).every((v) => v === null)) dropped.set(name, input.noValue?.get(name) ?? 'no values in this group');
  }
  usable = usable.filter((name) => !dropped.has(name));
  for (;;) {
    const complete = input.outcome.map((_, i) => usable.every((name) => (input.columns.get(name) as readonly (number | null)[])[i] !== null));
    const constant = usable.filter((name) => {
      const values = (input.columns.get(name) as readonly (number | null)[]).filter((_, i) => complete[i]);
      return values.length > 0 && values.every((v) => v === values[0]);
    });
    if (constant.length === 0) return { usable, dropped };
    for (const name of constant) dropped.set(name, 'no variation: every complete row has the same value');
    usable = usable.filter((name) => !constant.includes(name));
  }
}

/** The rows of one model in one group. */
function fit(group: Group, input: ModelInput, minN: number): MetricRow[] {
  const { model } = input;
  const { usable, dropped } = usableDrivers(input);
  const rows: MetricRow[] = [];
  const driverRows = (n: number, status: 'suppressed' | 'insufficient', reason: string, names: readonly string[]) => {
    for (const driver of names) {
      rows.push(emptyRow(group, 'importance', 'share', n, status, reason, { model, driver, rank: null, quadrant: null }));
      rows.push(emptyRow(group, 'performance', input.units.get(driver) ?? 'value', n, status, reason, { model, driver, quadrant: null }));
    }
  };
  const outcome = input.outcome;
  const complete = outcome.filter((_, i) => usable.every((name) => (input.columns.get(name) as readonly (number | null)[])[i] !== null)).length;
  if (usable.length === 0) {
    const reason = input.columns.size === 0 ? 'no driver answered by enough responses' : 'no driver with values and variation';
    rows.push(emptyRow(group, 'r_squared', 'ratio', outcome.length, 'insufficient', reason, { model, driver: null }));
  } else if (complete < minN) {
    rows.push(emptyRow(group, 'r_squared', 'ratio', complete, 'suppressed', belowMinimum(complete, minN), { model, driver: null }));
    driverRows(complete, 'suppressed', belowMinimum(complete, minN), usable);
  } else {
    const columns = Object.fromEntries(usable.map((name) => [name, input.columns.get(name) as readonly (number | null)[]]));
    // Items: performance is the top-two-box share on the canonical 1–5 scale (CSAT's definition); operational
    // drivers are in seconds and 0/1 flags, so their performance is the plain mean and they get no quadrant.
    const result = keyDrivers({ outcome, drivers: columns }, model === 'items' ? { scale: { min: 1, max: 5, topBoxes: 2 } } : {});
    if (result.status !== 'ok') {
      rows.push(emptyRow(group, 'r_squared', 'ratio', complete, 'insufficient', result.reason, { model, driver: null }));
      driverRows(complete, 'insufficient', result.reason, usable);
    } else {
      rows.push(...modelRows(group, model, result, input.units));
    }
  }
  for (const [driver, reason] of dropped) driverRows(outcome.length, 'insufficient', reason, [driver]);
  return rows;
}

function modelRows(group: Group, model: 'items' | 'operational', r: KeyDriversResult, units: ReadonlyMap<string, MetricUnit>): MetricRow[] {
  const rows: MetricRow[] = [
    {
      group,
      metric: 'r_squared',
      value: r.rSquared,
      n: r.n,
      status: 'ok',
      unit: 'ratio',
      extra: { model, driver: null, method: r.method, adjusted_r_squared: r.adjustedRSquared, f_p_value: r.fPValue },
    },
  ];
  const byRank = [...r.drivers].sort((a, b) => a.rank - b.rank);
  for (const d of byRank) {
    const quadrant = model === 'items' ? d.quadrant : null;
    rows.push({
      group,
      metric: 'importance',
      value: d.share,
      n: r.n,
      status: 'ok',
      unit: 'share',
      extra: { model, driver: d.name, rank: d.rank, quadrant, importance_r2: d.importance, beta: d.beta, beta_p_value: d.pValue, coefficient: d.coefficient, vif: d.vif },
    });
    rows.push({ group, metric: 'performance', value: d.performance, n: r.n, status: 'ok', unit: units.get(d.name) ?? 'value', extra: { model, driver: d.name, quadrant } });
  }
  return rows;
}

/** The variants a drivers document states (keyed by the metrics they define, so the table prints them). */
export const DRIVER_VARIANTS: Readonly<Record<string, string>> = {
  r_squared:
    `R² of the OLS of overall satisfaction (the survey item overall on the canonical 1–5 scale, every scale mapped by its declared rule; one value per current response answered in the period) on the model's drivers, listwise complete rows, with adjusted R² and the F test's p-value. ` +
    `Items model: the other rated items of the same response (canonical 1–5) except nps, ces and effort (outcomes of their own); an item answered by fewer than ${MIN_ITEM_COVERAGE * 100} % of a group's responses is left out. ` +
    `Operational model: responses whose survey names a loaded contact (survey contact_id = contact contact_id, a business key); wait_seconds = the contact's queue wait (the export's, else answered − started) on live channels only (${LIVE_CHANNELS.join(', ')}: an email's or visit's wait is a response time in hours), so contacts of other channels leave this model unless a group has no live contact (then the wait is dropped); handle_seconds = talk + hold + after-contact work; transferred and resolved_first_contact = the exported flags as 1/0 (the flag itself, not the repeat-window FCR of analyze kpis)`,
  importance:
    "share of the model's R² (0–1, the shares sum to 1) by LMG — each driver's R² increment averaged over all orderings (Lindeman, Merenda & Gold 1980; R relaimpo type 'lmg'), exact over all subsets — or Johnson's (2000) relative weights above 12 drivers (the r_squared row's method); beta = standardized coefficient, beta_p_value its two-sided t test, coefficient in outcome points per driver unit. " +
    'quadrant (importance × performance, Martilla & James 1977; items model only), split at the mean share (1 ÷ number of drivers) and the mean performance: improve = important and under-performing (fix first), maintain = important and performing (keep up), secondary = neither (low priority), overkill = performing but unimportant (possible overkill); operational drivers are in different units, so they get no quadrant',
  performance:
    "items model: the item's top-two-box share (canonical ≥ 4 of 5, as CSAT) over the model's rows; operational model: the driver's mean over the model's rows (seconds for wait and handle time, share of contacts for the 0/1 flags)",
};
