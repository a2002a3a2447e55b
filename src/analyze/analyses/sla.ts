/**
 * `servq analyze sla`: contacts against the service standards, per channel by default — offered, answered,
 * abandoned, service level against the channel's and the priority's policy under the declared abandon rule,
 * ASA, AHT and its parts, median and P90 wait and handle time, FCR, transfers.
 */
import type { AnalysisDefinition } from '../analysis.js';
import { contactMetricSpecs, contactVariants } from '../contact-metrics.js';
import { ESTIMATE_VARIANTS } from '../estimates.js';
import { metricRows } from '../grouped-metrics.js';
import { prefixed } from './kpis.js';
import { aggregateReaders, currentTotal } from './shared.js';

export const sla: AnalysisDefinition = {
  name: 'sla',
  summary: 'service level, ASA, abandonment, AHT, waits and FCR per channel (or --by) against the policies',
  sources: ['contacts'],
  defaultBy: ['channel'],
  async run(db, req) {
    const read = aggregateReaders(db, req);
    const contacts = await read.contacts();
    return {
      rows: metricRows(contacts, contactMetricSpecs(req.abandonRule), { minN: req.minN, labels: read.labels, compare: true }),
      variants: { ...contactVariants(req.abandonRule, req.repeatWindowDays), ...prefixed(ESTIMATE_VARIANTS) },
      notes: [],
      ranges: read.ranges,
      observed: { contacts: currentTotal(contacts, 'offered') },
    };
  },
};
