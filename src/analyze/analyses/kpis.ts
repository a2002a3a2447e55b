/**
 * `servq analyze kpis`: the headline KPIs of the three sources per group — contacts offered, service level,
 * abandonment, ASA, AHT, FCR; CSAT, NPS, CES, transparency; complaints received, 24 h handling, first reply
 * within 30 min, complaints per 1 000 contacts — each against the previous period and the same period last
 * year, with the test that fits it and BH-adjusted p-values.
 */
import type { AnalysisDefinition } from '../analysis.js';
import { COMPLAINT_RATE_SPEC, COMPLAINT_VARIANTS, complaintMetricSpecs, withContactCounts } from '../complaint-metrics.js';
import { contactMetricSpecs, contactVariants } from '../contact-metrics.js';
import type { MetricRow } from '../document.js';
import { ESTIMATE_VARIANTS } from '../estimates.js';
import { metricRows } from '../grouped-metrics.js';
import { itemRows, SURVEY_HEADLINE, SURVEY_KPIS, SURVEY_VARIANTS } from '../survey-metrics.js';
import { aggregateReaders, currentTotal, usableSources } from './shared.js';

export const kpis: AnalysisDefinition = {
  name: 'kpis',
  summary: 'headline KPIs of contacts, surveys and complaints, against the previous period and last year',
  sources: ['contacts', 'surveys', 'complaints'],
  async run(db, req) {
    const { usable, notes } = usableSources(this.sources, req);
    const read = aggregateReaders(db, req);
    const options = { minN: req.minN, labels: read.labels, compare: true };
    const rows: MetricRow[] = [];
    const observed: Partial<Record<'contacts' | 'surveys' | 'complaints', number>> = {};
    req.progress?.(usable.join(', '));
    // The sources' statements are independent: run together (separate connections of a server's pool; in turn
    // on PGlite's one session).
    const [contacts, items, complaints] = await Promise.all([
      usable.includes('contacts') ? read.contacts() : [],
      usable.includes('surveys') ? read.surveys() : [],
      usable.includes('complaints') ? read.complaints() : [],
    ]);
    if (usable.includes('contacts')) {
      observed.contacts = currentTotal(contacts, 'offered');
      rows.push(...metricRows(contacts, contactMetricSpecs(req.abandonRule, true), options));
    }
    if (usable.includes('surveys')) {
      observed.surveys = currentTotal(items, 'n');
      for (const { item, spec } of SURVEY_HEADLINE.filter((h) => SURVEY_KPIS.has(h.spec.metric))) rows.push(...metricRows(itemRows(items, item), [spec], options));
    }
    if (usable.includes('complaints')) {
      observed.complaints = currentTotal(complaints, 'received');
      // Per 1 000 contacts needs contacts grouped the same way: only when contacts have the dimensions too.
      const rated = usable.includes('contacts') ? withContactCounts(complaints, contacts) : complaints;
      rows.push(...metricRows(rated, [...complaintMetricSpecs(true), ...(usable.includes('contacts') ? [COMPLAINT_RATE_SPEC] : [])], options));
    }
    return {
      rows,
      variants: { ...contactVariants(req.abandonRule, req.repeatWindowDays), ...SURVEY_VARIANTS, ...COMPLAINT_VARIANTS, ...prefixed(ESTIMATE_VARIANTS) },
      notes,
      ranges: read.ranges,
      observed,
    };
  },
};

/** The estimate-kind variants under `estimate:` keys. */
export function prefixed(variants: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(variants).map(([k, v]) => [`estimate:${k}`, v]));
}
