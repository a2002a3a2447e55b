/**
 * `servq analyze scorecards`: staff scorecards per team and per agent — contacts, service level, AHT, FCR,
 * CSAT and complaints per 1 000 answered contacts — with the raw figure (suppressed below the minimum n) and
 * the empirical-Bayes value shrunk toward the team (beta-binomial for rates, the normal random-intercept model
 * for AHT), side by side, and each agent's rank in the team by the shrunk value. So a new agent with 3 surveys
 * is neither first nor last by chance (Efron & Morris 1975; Robinson 1991).
 *
 * Team rows compare each team with all other teams together (two-proportion test, or Welch for AHT,
 * Benjamini–Hochberg across the teams and metrics) and flag a team that is significantly worse or better.
 * An agent who changed team has a row in each team, for the contacts handled there.
 */
import { shrinkMeans, shrinkProportions } from '../../analysis/empirical-bayes/index.js';
import { adjustPValues } from '../../analysis/adjust-p-values.js';
import { twoProportionTest } from '../../analysis/two-proportion-test.js';
import { welchTestFromSummary } from '../../analysis/welch-summary-test.js';
import { complaintAggregateSets } from '../../db/metrics/complaint-aggregates.js';
import { contactAggregates } from '../../db/metrics/contact-aggregates.js';
import { sourceSpans } from '../../db/metrics/data-span.js';
import type { GroupedRow } from '../../db/metrics/grouped-query.js';
import { surveyItemAggregates } from '../../db/metrics/survey-aggregates.js';
import { UnsupportedOptionError, type AnalysisDefinition } from '../analysis.js';
import type { MetricRow, MetricUnit } from '../document.js';
import { figure, type Estimate } from '../estimates.js';

type Values = Readonly<Record<string, number | null>>;

/** One scorecard metric: how to read a team's or agent's estimate from the joined aggregates. */
interface ScoreMetric {
  readonly metric: string;
  readonly unit: MetricUnit;
  /** 'higher' is better or 'lower' (ranks and flags). */
  readonly better: 'higher' | 'lower';
  readonly estimate: (v: Values) => Estimate | null;
  /** Multiplier from the estimate's proportion to the shown value (1 000 for a rate per 1 000). */
  readonly scale?: number;
}

const v = (x: Values, k: string) => x[k] ?? 0;

const METRICS: readonly ScoreMetric[] = [
  { metric: 'contacts', unit: 'count', better: 'higher', estimate: (x) => ({ kind: 'count', value: v(x, 'offered') }) },
  {
    metric: 'service_level',
    unit: 'share',
    better: 'higher',
    estimate: (x) => (x['sl_threshold'] === null || x['sl_threshold'] === undefined ? null : { kind: 'proportion', x: v(x, 'sl_answered_within'), n: v(x, 'sl_answered_known') + v(x, 'sl_abandoned_known') }),
  },
  { metric: 'aht_seconds', unit: 'seconds', better: 'lower', estimate: (x) => ({ kind: 'mean', mean: x['handle_mean'] ?? null, variance: x['handle_var'] ?? null, n: v(x, 'handle_n') }) },
  { metric: 'fcr', unit: 'share', better: 'higher', estimate: (x) => (v(x, 'fcr_n') === 0 ? null : { kind: 'proportion', x: v(x, 'fcr_yes'), n: v(x, 'fcr_n') }) },
  { metric: 'csat', unit: 'share', better: 'higher', estimate: (x) => (v(x, 'csat_n') === 0 ? null : { kind: 'proportion', x: v(x, 'csat_top2'), n: v(x, 'csat_n') }) },
  {
    metric: 'complaints_per_1000_contacts',
    unit: 'per_1000',
    better: 'lower',
    scale: 1000,
    // Complaints ÷ answered contacts of the same agent or team: each answered contact is a trial.
    estimate: (x) => (v(x, 'answered') === 0 ? null : { kind: 'proportion', x: Math.min(v(x, 'complaints'), v(x, 'answered')), n: v(x, 'answered') }),
  },
];

/** Joins the three sources' aggregates of the current range by group key. */
function join(contacts: readonly GroupedRow[], surveys: readonly GroupedRow[], complaints: readonly GroupedRow[]): Map<string, { group: Record<string, string | null>; values: Record<string, number | null> }> {
  const out = new Map<string, { group: Record<string, string | null>; values: Record<string, number | null> }>();
  const at = (r: GroupedRow) => {
    const { item: _item, ...group } = r.dimensions;
    const key = JSON.stringify(group);
    let e = out.get(key);
    if (!e) out.set(key, (e = { group, values: {} }));
    return e;
  };
  for (const r of contacts) Object.assign(at(r).values, r.values);
  for (const r of surveys) Object.assign(at(r).values, { csat_n: r.values['n'] ?? 0, csat_top2: r.values['top2'] ?? 0 });
  for (const r of complaints) Object.assign(at(r).values, { complaints: r.values['received'] ?? 0 });
  return out;
}

const scaled = (value: number | null | undefined, scale = 1) => (value === null || value === undefined ? null : value * scale);

export const scorecards: AnalysisDefinition = {
  name: 'scorecards',
  summary: 'staff scorecards per team and agent: raw and shrunk (empirical Bayes) SL, AHT, FCR, CSAT, complaint rate',
  sources: ['contacts', 'surveys', 'complaints'],
  async run(db, req) {
    if (req.by.length > 0) throw new UnsupportedOptionError('scorecards are per team and agent: --by is not supported (filters are, e.g. --filter team=T4)');
    const ranges = [{ key: 'current', from: req.period.from, to: req.period.to }];
    const base = { ranges, timeZone: req.timeZone, filters: req.filters };
    const asOf = (await sourceSpans(db, req.timeZone)).find((s) => s.source === 'complaints')?.last ?? new Date(0);
    // The three sources' statements are independent: run together (a server's pool runs them on separate
    // connections; PGlite's one session takes them in turn).
    // Complaints per team and per team × agent come from one pass over them (GROUPING SETS).
    const complaintSets = complaintAggregateSets(db, { ...base, sets: [['team'], ['team', 'agent']], asOf });
    const read = async (by: readonly string[], set: number) => {
      const [contacts, surveys, complaints] = await Promise.all([
        contactAggregates(db, { ...base, by, repeatWindowDays: req.repeatWindowDays, quantiles: false }),
        surveyItemAggregates(db, { ...base, by, items: ['overall'] }),
        complaintSets.then((sets) => sets[set]!),
      ]);
      return { contacts, surveys, complaints, joined: join(contacts, surveys, complaints) };
    };
    req.progress?.('teams and agents');
    const [teams, agents] = await Promise.all([read(['team'], 0), read(['team', 'agent'], 1)]);
    const rows: MetricRow[] = [];

    // Teams, each against all the others.
    const teamEntries = [...teams.joined.values()].filter((e) => e.group['team'] !== null).sort((a, b) => String(a.group['team']).localeCompare(String(b.group['team'])));
    const teamRows: { row: MetricRow; p: number | null; direction: number }[] = [];
    const total = (metric: ScoreMetric, except: string | null): Estimate | null => {
      const list = teamEntries.filter((e) => e.group['team'] !== except).map((e) => metric.estimate(e.values));
      if (list.some((e) => e === null)) return null;
      const es = list as Estimate[];
      if (es.every((e) => e.kind === 'proportion')) return { kind: 'proportion', x: es.reduce((s, e) => s + (e.kind === 'proportion' ? e.x : 0), 0), n: es.reduce((s, e) => s + (e.kind === 'proportion' ? e.n : 0), 0) };
      if (es.every((e) => e.kind === 'mean')) {
        // Pooled mean and variance of the union (parallel-axis: within + between).
        const n = es.reduce((s, e) => s + (e.kind === 'mean' ? e.n : 0), 0);
        const mean = es.reduce((s, e) => s + (e.kind === 'mean' && e.mean !== null ? e.mean * e.n : 0), 0) / n;
        const ss = es.reduce((s, e) => s + (e.kind === 'mean' && e.mean !== null ? (e.n - 1) * (e.variance ?? 0) + e.n * (e.mean - mean) ** 2 : 0), 0);
        return { kind: 'mean', mean, variance: n > 1 ? ss / (n - 1) : null, n };
      }
      return null;
    };
    for (const e of teamEntries) {
      for (const m of METRICS) {
        const est = m.estimate(e.values);
        if (!est) continue;
        const f = figure(est, req.minN);
        const others = m.metric === 'contacts' ? null : total(m, e.group['team'] ?? null);
        let p: number | null = null;
        let direction = 0;
        if (others && f.status === 'ok' && f.value !== null) {
          if (est.kind === 'proportion' && others.kind === 'proportion' && others.n > 0) {
            const t = twoProportionTest(est.x, est.n, others.x, others.n);
            if (t.status === 'ok') p = t.pValue;
            direction = Math.sign(est.x / est.n - others.x / others.n);
          } else if (est.kind === 'mean' && others.kind === 'mean' && est.mean !== null && others.mean !== null && est.variance !== null && others.variance !== null) {
            const t = welchTestFromSummary({ mean: est.mean, variance: est.variance, n: est.n }, { mean: others.mean, variance: others.variance, n: others.n });
            if (t.status === 'ok') p = t.pValue;
            direction = Math.sign(est.mean - others.mean);
          }
        }
        const othersValue = others ? figure(others, 0).value : null;
        teamRows.push({
          row: {
            group: { team: e.group['team'] ?? null },
            metric: m.metric,
            value: scaled(f.value, m.scale),
            n: f.n,
            ...(f.lower !== undefined ? { lower: scaled(f.lower, m.scale), upper: scaled(f.upper, m.scale) } : {}),
            status: f.status,
            unit: m.unit,
            ...(f.reason ? { reason: f.reason } : {}),
            extra: { other_teams: scaled(othersValue, m.scale) },
          },
          p,
          direction: m.better === 'higher' ? direction : -direction,
        });
      }
    }
    const q = adjustPValues(teamRows.map((t) => t.p), 'BH').adjusted;
    teamRows.forEach((t, i) => {
      const qi = q[i] ?? null;
      const flag = qi !== null && qi < 0.05 ? (t.direction > 0 ? 'better' : t.direction < 0 ? 'worse' : null) : null;
      rows.push({ ...t.row, extra: { ...t.row.extra, vs_others_p: t.p, vs_others_q: qi, flag } });
    });

    // Agents, shrunk toward their team.
    const byTeam = new Map<string, { group: Record<string, string | null>; values: Record<string, number | null> }[]>();
    for (const e of agents.joined.values()) {
      if (e.group['agent'] === null) continue;
      const team = e.group['team'] ?? '';
      byTeam.set(team, [...(byTeam.get(team) ?? []), e]);
    }
    const warnings = new Set<string>();
    for (const [team, list] of [...byTeam.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      list.sort((a, b) => String(a.group['agent']).localeCompare(String(b.group['agent'])));
      for (const m of METRICS) {
        const ests = list.map((e) => m.estimate(e.values));
        const shrunk: ({ value: number; lower: number | null; upper: number | null } | null)[] = ests.map(() => null);
        const idx = ests.map((e, i) => (e ? i : -1)).filter((i) => i >= 0);
        if (ests.some((e) => e?.kind === 'proportion')) {
          const groups = idx.map((i) => ests[i] as Extract<Estimate, { kind: 'proportion' }>);
          const r = shrinkProportions(groups.map((g) => ({ x: g.x, n: g.n })));
          if (r.status === 'ok') {
            r.groups.forEach((g, j) => (shrunk[idx[j]!] = { value: g.shrunk, lower: g.lower, upper: g.upper }));
            r.warnings.forEach((w) => warnings.add(`${m.metric} in team ${team}: ${w.message}`));
          }
        } else if (ests.some((e) => e?.kind === 'mean')) {
          const usable = idx.filter((i) => {
            const e = ests[i]!;
            return e.kind === 'mean' && e.mean !== null && e.n > 0;
          });
          const r = shrinkMeans(usable.map((i) => {
            const e = ests[i] as Extract<Estimate, { kind: 'mean' }>;
            return { mean: e.mean!, variance: e.variance ?? 0, n: e.n };
          }));
          if (r.status === 'ok') r.groups.forEach((g, j) => (shrunk[usable[j]!] = { value: g.shrunk, lower: g.shrunk - 1.959964 * g.stderr, upper: g.shrunk + 1.959964 * g.stderr }));
        }
        // Rank by the shrunk value within the team (1 = best); equal values share a rank (a team with no
        // variation beyond chance ranks everyone 1).
        const values = shrunk.map((x) => x?.value ?? null);
        const rankOf = (i: number): number | null => {
          const mine = values[i];
          if (mine === null || mine === undefined) return null;
          return 1 + values.filter((o) => o !== null && o !== undefined && (m.better === 'higher' ? o > mine + 1e-12 : o < mine - 1e-12)).length;
        };
        list.forEach((e, i) => {
          const est = ests[i];
          if (!est) return;
          const f = figure(est, req.minN);
          const s = shrunk[i];
          rows.push({
            group: { team, agent: e.group['agent'] ?? null },
            metric: m.metric,
            value: scaled(f.value, m.scale),
            n: f.n,
            ...(f.lower !== undefined ? { lower: scaled(f.lower, m.scale), upper: scaled(f.upper, m.scale) } : {}),
            status: f.status,
            unit: m.unit,
            ...(f.reason ? { reason: f.reason } : {}),
            extra: m.metric === 'contacts' ? {} : { shrunk: scaled(s?.value, m.scale), shrunk_lower: scaled(s?.lower, m.scale), shrunk_upper: scaled(s?.upper, m.scale), rank_in_team: rankOf(i) },
          });
        });
      }
    }
    const sum = (rs: readonly GroupedRow[], k: string) => rs.reduce((s, r) => s + (r.values[k] ?? 0), 0);
    return {
      rows,
      variants: {
        shrunk: 'empirical Bayes toward the team: rates by beta-binomial marginal ML (posterior mean, equal-tailed 95 % interval); AHT by the normal random-intercept model fitted by REML (BLUP ± 1.96 prediction SE); agents ranked in their team by the shrunk value',
        flag: 'team vs all other teams together: two-proportion test (Yates) for rates, Welch for AHT; BH-adjusted across teams and metrics; worse/better at q < 0.05',
        service_level: 'as servq analyze sla, abandons counted as misses',
        complaints_per_1000_contacts: 'complaints received with the agent (team) ÷ contacts it answered × 1 000',
        csat: 'top-two-box of overall satisfaction on surveys naming the agent (team)',
      },
      notes: [...warnings],
      ranges,
      observed: { contacts: sum(teams.contacts, 'offered'), surveys: sum(teams.surveys, 'n'), complaints: sum(teams.complaints, 'received') },
    };
  },
};
