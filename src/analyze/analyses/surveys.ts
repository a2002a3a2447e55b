/**
 * `servq analyze surveys`: responses, the headline survey KPIs (CSAT with its Wilson interval, NPS with its
 * interval, CES, effort, transparency) and, per item, answers, mean, top-two-box share and the distribution
 * over the canonical 1–5 points.
 */
import { surveyResponseCounts } from '../../db/metrics/survey-aggregates.js';
import type { AnalysisDefinition } from '../analysis.js';
import type { MetricRow } from '../document.js';
import { ESTIMATE_VARIANTS } from '../estimates.js';
import { metricRows } from '../grouped-metrics.js';
import { comparisonRanges } from '../request.js';
import { itemRows, RESPONSE_SPEC, SURVEY_HEADLINE, SURVEY_ITEM_SPECS, SURVEY_VARIANTS } from '../survey-metrics.js';
import { prefixed } from './kpis.js';
import { aggregateReaders, currentTotal } from './shared.js';

export const surveys: AnalysisDefinition = {
  name: 'surveys',
  summary: 'CSAT, NPS, CES, transparency and every item\'s mean and distribution',
  sources: ['surveys'],
  async run(db, req) {
    const read = aggregateReaders(db, req);
    const options = { minN: req.minN, labels: read.labels, compare: true };
    const items = await read.surveys();
    const { ranges } = comparisonRanges(req.period);
    const responses = await surveyResponseCounts(db, { ranges, timeZone: req.timeZone, by: req.by, filters: req.filters });
    const rows: MetricRow[] = [...metricRows(responses, [RESPONSE_SPEC], options)];
    for (const { item, spec } of SURVEY_HEADLINE) rows.push(...metricRows(itemRows(items, item), [spec], options));
    rows.push(...metricRows(items, SURVEY_ITEM_SPECS, options));
    return {
      rows,
      variants: { ...SURVEY_VARIANTS, ...prefixed(ESTIMATE_VARIANTS) },
      notes: [],
      ranges: read.ranges,
      observed: { surveys: currentTotal(responses, 'responses') },
    };
  },
};
