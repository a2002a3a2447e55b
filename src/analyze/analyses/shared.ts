/**
 * Pieces the metric analyses share: reading each source's aggregates for the request's period and its
 * comparison periods, and the note for a source that cannot be grouped as asked.
 */
import { complaintAggregates, complaintAggregateSets } from '../../db/metrics/complaint-aggregates.js';
import { contactAggregates, contactCounts } from '../../db/metrics/contact-aggregates.js';
import { sourceSpans } from '../../db/metrics/data-span.js';
import type { MetricSource } from '../../db/metrics/dimensions.js';
import type { GroupedRow } from '../../db/metrics/grouped-query.js';
import { surveyItemAggregates } from '../../db/metrics/survey-aggregates.js';
import type { Database } from '../../db/session.js';
import { comparisonRanges, type AnalyzeRequest } from '../request.js';
import { sourcesWith } from '../analysis.js';

/** The sources among `sources` that have the request's dimensions, and notes for those left out. */
export function usableSources(sources: readonly MetricSource[], req: AnalyzeRequest): { readonly usable: MetricSource[]; readonly notes: string[] } {
  const names = [...req.by, ...Object.keys(req.filters)];
  const usable = sourcesWith(sources, names);
  const notes = sources.filter((s) => !usable.includes(s)).map((s) => `${s} cannot be grouped or filtered by ${names.join(', ')}: left out`);
  return { usable, notes };
}

/** Sum of `key` over the rows of the current period. */
export function currentTotal(rows: readonly GroupedRow[], key: string): number {
  return rows.filter((r) => r.rangeKey === 'current').reduce((sum, r) => sum + (r.values[key] ?? 0), 0);
}

/** The end of the loaded complaints (their `asOf`: an open complaint younger than a threshold is pending). */
async function complaintsAsOf(db: Database, req: AnalyzeRequest): Promise<Date> {
  return (await sourceSpans(db, req.timeZone)).find((s) => s.source === 'complaints')?.last ?? new Date(0);
}

/** The three aggregate reads, each over the period and its comparison ranges. */
export function aggregateReaders(db: Database, req: AnalyzeRequest) {
  const { ranges, labels } = comparisonRanges(req.period);
  const base = { ranges, timeZone: req.timeZone, by: req.by, filters: req.filters };
  return {
    ranges,
    labels,
    contacts: (by: readonly string[] = req.by) => contactAggregates(db, { ...base, by, repeatWindowDays: req.repeatWindowDays }),
    /** Contacts offered only (contactCounts): for rates per contact. */
    contactCounts: (by: readonly string[] = req.by) => contactCounts(db, { ...base, by }),
    surveys: (by: readonly string[] = req.by) => surveyItemAggregates(db, { ...base, by }),
    /** Complaint aggregates with their quantiles. */
    complaints: async (by: readonly string[] = req.by) => complaintAggregates(db, { ...base, by, asOf: await complaintsAsOf(db, req), quantiles: true }),
    /** Complaint aggregates of several groupings in one pass; the quantiles for the first only. */
    complaintSets: async (sets: readonly (readonly string[])[]) => complaintAggregateSets(db, { ...base, sets, asOf: await complaintsAsOf(db, req), quantiles: true }),
  };
}
