/**
 * `servq analyze correlation`: how the KPIs move together across team-days — volume, service level, abandonment,
 * ASA, AHT, FCR, transfers, CSAT and complaints per 1 000 contacts, one value of each per team and local day
 * (aggregated in SQL) — as Spearman correlations with Benjamini–Hochberg adjusted p-values.
 *
 * Stages:
 *   1. SQL, grouped by `--by` (default channel) × team × day: contact-aggregates.ts (the KPI definitions of
 *      `analyze kpis`), rated-contact-satisfaction.ts (CSAT of the surveys that rate the team-day's contacts),
 *      complaint-aggregates.ts (complaints received by the team that day)
 *   2. one value per KPI and team-day (a team-day with contacts and no complaint has 0 complaints; with no rated
 *      contact, no CSAT)
 *   3. per group of `--by`: correlationMatrix (Spearman, pairwise complete); BH over every pair of the document
 *   4. rows: one per pair of KPIs
 */
import { adjustPValues } from '../../analysis/adjust-p-values.js';
import { correlationMatrix } from '../../analysis/correlation/index.js';
import { complaintAggregates } from '../../db/metrics/complaint-aggregates.js';
import { contactAggregates } from '../../db/metrics/contact-aggregates.js';
import { sourceSpans } from '../../db/metrics/data-span.js';
import { dimensionsOf } from '../../db/metrics/dimensions.js';
import { UnknownDimensionError, type GroupedRow } from '../../db/metrics/grouped-query.js';
import { ratedContactSatisfaction } from '../../db/metrics/rated-contact-satisfaction.js';
import { UnsupportedOptionError, type AnalysisDefinition } from '../analysis.js';
import { contactMetricSpecs, contactVariants } from '../contact-metrics.js';
import type { MetricRow } from '../document.js';
import type { Estimate } from '../estimates.js';
import { belowMinimum, compareGroups, emptyRow, periodRange } from './model-groups.js';

/** The contact KPIs correlated, by their `analyze kpis` names. */
export const CORRELATED_CONTACT_KPIS = ['contacts_offered', 'service_level', 'abandon_rate', 'asa_seconds', 'aht_seconds', 'fcr', 'transfer_rate'] as const;
/** All KPIs, in matrix order. */
export const CORRELATED_KPIS = [...CORRELATED_CONTACT_KPIS, 'csat', 'complaints_per_1000_contacts'] as const;

/** The dimensions that make the unit of the analysis (not groupable). */
const UNIT = ['team', 'day'];

type Group = Readonly<Record<string, string | null>>;

/** The point value of an estimate (no interval, no small-n rule: each team-day is one observation). */
function pointValue(e: Estimate | null): number | null {
  if (e === null) return null;
  switch (e.kind) {
    case 'proportion':
      return e.n > 0 ? e.x / e.n : null;
    case 'mean':
      return e.n > 0 ? e.mean : null;
    case 'nps':
      return null;
    case 'count':
      return e.value;
    case 'quantile':
    case 'ratio':
      return e.value;
  }
}

const keyOf = (d: Group, names: readonly string[]): string => JSON.stringify(names.map((n) => d[n] ?? null));

/** The correlation analysis (`servq analyze correlation`); see the file header for its stages. */
export const correlation: AnalysisDefinition = {
  name: 'correlation',
  summary: 'Spearman correlations of the KPIs across team-days (service level, ASA, AHT, abandonment, FCR, CSAT, complaints per 1 000) per channel, BH-adjusted',
  sources: ['contacts', 'complaints'],
  defaultBy: ['channel'],
  async run(db, req) {
    for (const d of UNIT) {
      if (req.by.includes(d)) throw new UnsupportedOptionError(`correlation: the unit of this analysis is a team × day, so --by cannot include '${d}' (group by other dimensions, or --filter ${d}=…)`);
    }
    const contactDimensions = dimensionsOf('contacts');
    for (const d of [...req.by, ...Object.keys(req.filters)]) {
      if (!contactDimensions.includes(d)) throw new UnknownDimensionError(d, 'contacts', contactDimensions.filter((x) => !UNIT.includes(x)));
    }
    const range = periodRange(req);
    const by = [...req.by, ...UNIT];
    const input = { ranges: [range], timeZone: req.timeZone, by, filters: req.filters };
    const notes: string[] = [];
    const complaintDimensions = dimensionsOf('complaints');
    const withComplaints = [...by, ...Object.keys(req.filters)].every((d) => complaintDimensions.includes(d));
    req.progress?.(withComplaints ? 'contact KPIs, satisfaction and complaints per team-day' : 'contact KPIs and satisfaction per team-day');
    // Independent statements, run together (separate connections of a server's pool; in turn on PGlite).
    const [contacts, satisfaction, complaints] = await Promise.all([
      contactAggregates(db, { ...input, repeatWindowDays: req.repeatWindowDays, quantiles: false }),
      ratedContactSatisfaction(db, input),
      withComplaints
        ? sourceSpans(db, req.timeZone).then((spans) => complaintAggregates(db, { ...input, asOf: spans.find((s) => s.source === 'complaints')?.last ?? new Date(0), quantiles: false }))
        : Promise.resolve<GroupedRow[]>([]),
    ]);
    if (!withComplaints) {
      notes.push(`complaints cannot be grouped or filtered by ${[...req.by, ...Object.keys(req.filters)].filter((d) => !complaintDimensions.includes(d)).join(', ')}: complaints_per_1000_contacts left out`);
    }
    const kpis = CORRELATED_KPIS.filter((k) => withComplaints || k !== 'complaints_per_1000_contacts');

    // Stage 2: one value per KPI and team-day.
    const specs = new Map(contactMetricSpecs(req.abandonRule).map((s) => [s.metric, s]));
    const csat = new Map(satisfaction.map((r) => [keyOf(r.dimensions, by), r.values]));
    const received = new Map(complaints.map((r) => [keyOf(r.dimensions, by), r.values['received'] ?? 0]));
    const groups = new Map<string, { group: Group; cells: Record<string, number | null>[] }>();
    let noTeam = 0;
    for (const r of contacts) {
      if (r.dimensions['team'] === null) {
        noTeam += r.values['offered'] ?? 0;
        continue;
      }
      const key = keyOf(r.dimensions, by);
      const cell: Record<string, number | null> = {};
      for (const kpi of CORRELATED_CONTACT_KPIS) {
        const spec = specs.get(kpi);
        cell[kpi] = spec ? pointValue(spec.estimate(r.values)) : null;
      }
      const s = csat.get(key);
      cell['csat'] = s && (s['n'] ?? 0) > 0 ? (s['top2'] ?? 0) / (s['n'] as number) : null;
      const offered = r.values['offered'] ?? 0;
      if (withComplaints) cell['complaints_per_1000_contacts'] = offered > 0 ? (1000 * (received.get(key) ?? 0)) / offered : null;
      const outer: Group = Object.fromEntries(req.by.map((d) => [d, r.dimensions[d] ?? null]));
      const outerKey = keyOf(outer, req.by);
      let g = groups.get(outerKey);
      if (!g) groups.set(outerKey, (g = { group: outer, cells: [] }));
      g.cells.push(cell);
    }
    if (noTeam > 0) notes.push(`${noTeam.toLocaleString('en-US')} contacts name no team (e.g. abandoned before reaching one) and belong to no team-day`);
    const offeredTotal = contacts.reduce((s, r) => s + (r.values['offered'] ?? 0), 0);
    const complaintsReceived = complaints.reduce((s, r) => s + (r.values['received'] ?? 0), 0);
    const answers = satisfaction.reduce((s, r) => s + (r.values['n'] ?? 0), 0);

    // Stage 3: a matrix per group; BH over every pair of the document.
    const rows: MetricRow[] = [];
    const pValues: (number | null)[] = [];
    const constant = new Set<string>();
    const absent = new Map<string, string[]>();
    for (const { group, cells } of [...groups.values()].sort((a, b) => compareGroups(a.group, b.group))) {
      req.progress?.(`correlations of ${JSON.stringify(group)}`);
      // A KPI with no value in any team-day of the group (e.g. service level of a channel without a standard)
      // is left out of the group's matrix rather than reported as a row of empty pairs.
      const present = kpis.filter((k) => {
        const has = cells.some((c) => c[k] !== null && c[k] !== undefined);
        if (!has) absent.set(k, [...(absent.get(k) ?? []), req.by.length > 0 ? req.by.map((d) => `${d} ${group[d] ?? '(none)'}`).join(', ') : 'all']);
        return has;
      });
      const columns = Object.fromEntries(present.map((k) => [k, cells.map((c) => c[k] ?? null)]));
      const m = correlationMatrix(columns, { method: 'spearman' });
      for (let i = 0; i < present.length; i++) {
        for (let j = i + 1; j < present.length; j++) {
          const x = present[i] as string;
          const y = present[j] as string;
          const n = (m.n[i] as readonly number[])[j] as number;
          const rho = (m.estimates[i] as readonly (number | null)[])[j] ?? null;
          const extra = { x, y, pValue: null, qValue: null };
          if (n < req.minN) {
            rows.push(emptyRow(group, 'correlation', 'value', n, n === 0 ? 'insufficient' : 'suppressed', n === 0 ? 'no team-day with both' : belowMinimum(n, req.minN), extra));
            pValues.push(null);
          } else if (rho === null) {
            const flat = [x, y].filter((k) => isConstant(columns[k] as readonly (number | null)[]));
            for (const k of flat) constant.add(k);
            rows.push(emptyRow(group, 'correlation', 'value', n, 'insufficient', flat.length > 0 ? `${flat.join(' and ')} constant over the team-days` : 'no variation over the team-days with both', extra));
            pValues.push(null);
          } else {
            const p = (m.pValues[i] as readonly (number | null)[])[j] ?? null;
            rows.push({ group, metric: 'correlation', value: rho, n, status: 'ok', unit: 'value', extra: { x, y, pValue: p, qValue: null } });
            pValues.push(p);
          }
        }
      }
    }
    const q = adjustPValues(pValues, 'BH').adjusted;
    const adjusted = rows.map((r, i) => (r.status === 'ok' ? { ...r, extra: { ...r.extra, qValue: q[i] ?? null } } : r));
    for (const [k, where] of absent) notes.push(`${k} has no value in any team-day of ${where.join('; ')}: left out there`);
    if (constant.size > 0) notes.push(`constant over the team-days of a group (no correlation): ${[...constant].join(', ')}`);
    return {
      rows: adjusted,
      variants: correlationVariants(req.abandonRule, req.repeatWindowDays),
      notes,
      ranges: [range],
      observed: { contacts: offeredTotal, surveys: answers, ...(withComplaints ? { complaints: complaintsReceived } : {}) },
    };
  },
};

function isConstant(values: readonly (number | null)[]): boolean {
  const present = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  return present.length > 0 && present.every((v) => v === present[0]);
}

/** The variants a correlation document states. */
function correlationVariants(rule: Parameters<typeof contactVariants>[0], repeatWindowDays: number): Record<string, string> {
  const contact = contactVariants(rule, repeatWindowDays);
  return {
    correlation:
      "Spearman's rho (average ranks for ties; R cor.test(method = 'spearman')) between two KPIs over the team-days of the group (a team's contacts started on one local day; team-days missing either KPI left out), " +
      'p-value two-sided: AS 89 Edgeworth series for n ≤ 1290 without ties, else the t approximation; qValue: Benjamini–Hochberg across every pair of the document (R p.adjust "BH"). ' +
      `KPIs per team-day as in analyze kpis — contacts_offered; service_level: ${contact['service_level']}; abandon_rate: ${contact['abandon_rate']}; asa_seconds: ${contact['asa_seconds']}; aht_seconds: ${contact['aht_seconds']}; fcr: ${contact['fcr']}; transfer_rate: ${contact['transfer_rate']}; ` +
      'csat: overall satisfaction 4–5 of 5 ÷ overall answers of the surveys that name one of the team-day\'s contacts (by the contact rated, not the day the survey was answered; surveys naming no contact are left out); ' +
      'complaints_per_1000_contacts: complaints the team received that day (0 when none) ÷ its contacts offered × 1 000. Spearman, not Pearson: team-day KPIs are skewed (ASA, AHT) and bounded (shares of a few contacts), and a rank correlation measures any monotone association without letting one extreme day dominate. ' +
      'Grouped by channel unless --by says otherwise: ASA and service level compare within one channel\'s standard (email waits are hours, phone waits seconds)',
  };
}
