/**
 * `servq analyze training`: did a course change the KPIs of the agents who took it? Per course and KPI (AHT,
 * FCR, CSAT), the difference in differences of agent-month values before/after the training against agents who
 * took no course, with a cluster-robust interval (CR1 by agent) and a pre-trend check.
 *
 * Design (stated in `variants`): the window is the requested period; units are agent × calendar month in the
 * deployment's time zone (the month of the training itself is left out); a trained agent's months after the
 * training month are "post"; for untrained agents "post" starts after the course's median training month.
 * Agents trained on another course are left out of that course's comparison. Agent-months need at least
 * `MIN_MONTH_N` observations (contacts, or survey answers for CSAT).
 */
import { differenceInDifferences } from '../../analysis/difference-in-differences.js';
import { contactAggregates } from '../../db/metrics/contact-aggregates.js';
import type { GroupedRow } from '../../db/metrics/grouped-query.js';
import { surveyItemAggregates } from '../../db/metrics/survey-aggregates.js';
import { listTrainings, type StoredTraining } from '../../db/training-queries.js';
import { UnsupportedOptionError, type AnalysisDefinition } from '../analysis.js';
import type { MetricRow } from '../document.js';
import { lastDayOf } from '../period.js';

/** Fewest observations for an agent-month to enter the comparison. */
export const MIN_MONTH_N = 5;

/**
 * Fewest trained agents for a figure: with fewer treated clusters, cluster-robust standard errors are far too
 * small and tests over-reject badly (MacKinnon & Webb 2017, "Wild bootstrap inference for wildly different
 * cluster sizes", J. Applied Econometrics 32).
 */
export const MIN_TRAINED_AGENTS = 5;

interface Kpi {
  readonly metric: string;
  readonly unit: 'seconds' | 'share';
  readonly value: (v: Readonly<Record<string, number | null>>) => { value: number; n: number } | null;
}

const CONTACT_KPIS: readonly Kpi[] = [
  { metric: 'aht_seconds', unit: 'seconds', value: (v) => (v['handle_mean'] == null ? null : { value: v['handle_mean'], n: v['handle_n'] ?? 0 }) },
  { metric: 'fcr', unit: 'share', value: (v) => (!v['fcr_n'] ? null : { value: (v['fcr_yes'] ?? 0) / v['fcr_n'], n: v['fcr_n'] }) },
];
const SURVEY_KPIS: readonly Kpi[] = [{ metric: 'csat', unit: 'share', value: (v) => (!v['n'] ? null : { value: (v['top2'] ?? 0) / v['n'], n: v['n'] }) }];

interface AgentMonth {
  readonly agent: string;
  readonly month: string;
  readonly value: number;
}

function agentMonths(rows: readonly GroupedRow[], kpi: Kpi): AgentMonth[] {
  const out: AgentMonth[] = [];
  for (const r of rows) {
    const agent = r.dimensions['agent'];
    const month = r.dimensions['month'];
    const x = kpi.value(r.values);
    if (agent && month && x && x.n >= MIN_MONTH_N && Number.isFinite(x.value)) out.push({ agent, month, value: x.value });
  }
  return out;
}

const median = (xs: readonly string[]) => [...xs].sort()[Math.floor((xs.length - 1) / 2)]!;
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

export const training: AnalysisDefinition = {
  name: 'training',
  summary: 'training effectiveness: difference in differences of trained vs untrained agents\' AHT, FCR, CSAT per course',
  sources: ['contacts', 'surveys'],
  async run(db, req) {
    if (req.by.length > 0) throw new UnsupportedOptionError('training compares courses: --by is not supported (filters are)');
    const trainings = await listTrainings(db, { to: lastDayOf(req.period) });
    const inWindow = trainings.filter((t) => t.trainedOn >= req.period.from && t.trainedOn < req.period.to);
    const notes: string[] = [];
    if (trainings.length === 0) notes.push('no trainings are recorded: import them with servq trainings import FILE');
    const base = { ranges: [{ key: 'current', from: req.period.from, to: req.period.to }], timeZone: req.timeZone, by: ['agent', 'month'], filters: req.filters };
    req.progress?.('agent-months');
    const [contacts, surveys] = await Promise.all([
      contactAggregates(db, { ...base, repeatWindowDays: req.repeatWindowDays, quantiles: false }),
      surveyItemAggregates(db, { ...base, items: ['overall'] }),
    ]);
    const everTrained = new Set(trainings.map((t) => t.agentCode));
    const courses = new Map<string, StoredTraining[]>();
    for (const t of inWindow) courses.set(t.course, [...(courses.get(t.course) ?? []), t]);
    const rows: MetricRow[] = [];
    for (const [course, list] of [...courses.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const trainedMonth = new Map<string, string>();
      for (const t of list) if (!trainedMonth.has(t.agentCode)) trainedMonth.set(t.agentCode, t.trainedOn.slice(0, 7));
      const cut = median([...trainedMonth.values()]);
      for (const [kpi, source] of [...CONTACT_KPIS.map((k) => [k, contacts] as const), ...SURVEY_KPIS.map((k) => [k, surveys] as const)]) {
        const units = agentMonths(source, kpi).filter((u) => trainedMonth.has(u.agent) || !everTrained.has(u.agent));
        const kept = units.filter((u) => u.month !== (trainedMonth.get(u.agent) ?? cut));
        const treated = kept.map((u) => trainedMonth.has(u.agent));
        const post = kept.map((u) => u.month > (trainedMonth.get(u.agent) ?? cut));
        const treatedAgents = new Set(kept.filter((u) => trainedMonth.has(u.agent)).map((u) => u.agent)).size;
        const controlAgents = new Set(kept.filter((u) => !trainedMonth.has(u.agent)).map((u) => u.agent)).size;
        const group = { course };
        const extra = { kpi: kpi.metric, trained_agents: treatedAgents, control_agents: controlAgents, post_from_month: cut };
        if (treatedAgents < 2 || controlAgents < 2) {
          rows.push({ group, metric: `did_${kpi.metric}`, value: null, n: treatedAgents, lower: null, upper: null, status: 'insufficient', unit: kpi.unit, reason: `needs ≥ 2 trained and ≥ 2 untrained agents with agent-months of ≥ ${MIN_MONTH_N} observations, got ${treatedAgents} and ${controlAgents}`, extra });
          continue;
        }
        const did = differenceInDifferences({
          outcome: kept.map((u) => u.value),
          treated,
          post,
          cluster: kept.map((u) => u.agent),
          period: kept.map((u) => monthIndex(u.month)),
        });
        if (did.status !== 'ok') {
          rows.push({ group, metric: `did_${kpi.metric}`, value: null, n: treatedAgents, lower: null, upper: null, status: 'insufficient', unit: kpi.unit, reason: did.reason, extra });
          continue;
        }
        if (treatedAgents < MIN_TRAINED_AGENTS) {
          rows.push({ group, metric: `did_${kpi.metric}`, value: null, n: treatedAgents, lower: null, upper: null, status: 'suppressed', unit: kpi.unit, reason: `${treatedAgents} trained agents < ${MIN_TRAINED_AGENTS}: with so few treated clusters the cluster-robust interval would be far too narrow`, extra: { ...extra, agent_months: did.n } });
          continue;
        }
        rows.push({
          group,
          metric: `did_${kpi.metric}`,
          value: did.effect,
          n: treatedAgents,
          lower: did.confidenceInterval.lower,
          upper: did.confidenceInterval.upper,
          status: 'ok',
          unit: kpi.unit,
          extra: { ...extra, p_value: did.pValue, agent_months: did.n, pre_trend_p: did.preTrend?.pValue ?? null, standard_error: did.method, warnings: did.warnings.map((w) => w.code).join(' ') || null },
        });
      }
    }
    if (trainings.length > 0 && courses.size === 0) notes.push(`no training falls between ${req.period.from} and ${lastDayOf(req.period)}; ${trainings.length} recorded in all`);
    const currentTotal = (rs: readonly GroupedRow[], k: string) => rs.reduce((s, r) => s + (r.values[k] ?? 0), 0);
    return {
      rows,
      variants: {
        design: `agent × month units in ${req.timeZone}; the training month left out; trained agents' later months are post; untrained agents' post starts after the course's median training month; agents trained on other courses left out; agent-months with ≥ ${MIN_MONTH_N} observations`,
        did_aht_seconds: 'difference in differences of agent-month mean handle time (talk + hold + after-work), OLS y ~ treated × post, CR1 standard errors clustered by agent, 95 % t interval',
        did_fcr: 'as did_aht_seconds, of agent-month first-contact resolution shares',
        did_csat: 'as did_aht_seconds, of agent-month CSAT (top-two-box of overall satisfaction)',
        pre_trend_p: 'p-value of the treated × month slope difference over pre-training months (parallel-trends check; small = the groups were already diverging)',
      },
      notes,
      ranges: base.ranges,
      observed: { contacts: currentTotal(contacts, 'offered'), surveys: currentTotal(surveys, 'n') },
    };
  },
};
