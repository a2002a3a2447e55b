/**
 * `servq analyze complaints`: received, first-response and resolution times (median, P90, mean, share within
 * the standard), 24 h handling, first reply within 30 min, re-opens, escalations, follow-up callbacks,
 * post-resolution satisfaction, complaints per 1 000 contacts, and the Pareto of categories and root causes
 * within each group (share and cumulative share, largest first).
 */
import type { GroupedRow } from '../../db/metrics/grouped-query.js';
import type { AnalysisDefinition } from '../analysis.js';
import { COMPLAINT_RATE_SPEC, COMPLAINT_VARIANTS, complaintMetricSpecs, withContactCounts } from '../complaint-metrics.js';
import type { MetricRow } from '../document.js';
import { ESTIMATE_VARIANTS } from '../estimates.js';
import { byGroup, metricRows } from '../grouped-metrics.js';
import { prefixed } from './kpis.js';
import { aggregateReaders, currentTotal, usableSources } from './shared.js';

export const complaints: AnalysisDefinition = {
  name: 'complaints',
  summary: 'complaint handling against the standards, complaints per 1 000 contacts, Pareto by category and root cause',
  sources: ['complaints'],
  async run(db, req) {
    const read = aggregateReaders(db, req);
    const options = { minN: req.minN, labels: read.labels, compare: true };
    const withContacts = usableSources(['contacts'], req).usable.length > 0;
    const paretoBy = ['category', 'root_cause'].filter((d) => !req.by.includes(d));
    req.progress?.(`complaints${paretoBy.length > 0 ? `, Pareto by ${paretoBy.join(' and ')}` : ''}`);
    // Independent statements, run together (separate connections of a server's pool; in turn on PGlite).
    // The headline grouping and the Pareto groupings come from one pass over the complaints (GROUPING SETS).
    const [[aggregates, ...paretoRows], counts] = await Promise.all([
      read.complaintSets([req.by, ...paretoBy.map((dimension) => [...req.by, dimension])]),
      withContacts ? read.contactCounts() : Promise.resolve([]),
    ]);
    const rated = withContacts ? withContactCounts(aggregates!, counts) : aggregates!;
    const rows: MetricRow[] = metricRows(rated, [...complaintMetricSpecs(), ...(withContacts ? [COMPLAINT_RATE_SPEC] : [])], options);
    paretoBy.forEach((dimension, i) => rows.push(...pareto(paretoRows[i]!, req.by, dimension)));
    return {
      rows,
      variants: {
        ...COMPLAINT_VARIANTS,
        pareto_share: 'complaints of the category (root cause) ÷ complaints of the group in the period, largest first; cumulative_share adds the larger ones; categories not given count as null',
        ...(withContacts ? {} : { complaints_per_1000_contacts: 'not computed: contacts cannot be grouped as asked' }),
        ...prefixed(ESTIMATE_VARIANTS),
      },
      notes: [],
      ranges: read.ranges,
      observed: { complaints: currentTotal(aggregates!, 'received') },
    };
  },
};

/** Pareto rows of `dimension` within each group of `by` (current period only). */
function pareto(rows: readonly GroupedRow[], by: readonly string[], dimension: string): MetricRow[] {
  const current = byGroup(rows.filter((r) => r.rangeKey === 'current'));
  const groups = new Map<string, { group: Record<string, string | null>; value: string | null; count: number }[]>();
  for (const { group, ranges } of current) {
    const outer = Object.fromEntries(by.map((b) => [b, group[b] ?? null]));
    const key = JSON.stringify(outer);
    const list = groups.get(key) ?? [];
    list.push({ group: outer, value: group[dimension] ?? null, count: ranges.get('current')?.['received'] ?? 0 });
    groups.set(key, list);
  }
  const out: MetricRow[] = [];
  for (const list of groups.values()) {
    const total = list.reduce((s, x) => s + x.count, 0);
    list.sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
    let cumulative = 0;
    list.forEach((x, i) => {
      cumulative += x.count;
      out.push({
        group: { ...x.group, [dimension]: x.value },
        metric: 'pareto_share',
        value: total === 0 ? null : x.count / total,
        n: x.count,
        status: total === 0 ? 'insufficient' : 'ok',
        unit: 'share',
        extra: { pareto_of: dimension, rank: i + 1, cumulative_share: total === 0 ? null : cumulative / total },
      });
    });
  }
  return out;
}
