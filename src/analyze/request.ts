/**
 * What an analysis is asked: the period (and the two it is compared with), the grouping, the filters, the
 * deployment's time zone and the rules that change numbers (minimum n, how abandons count, the repeat-contact
 * window). The command line builds one; notebooks and reports build their own.
 */
import type { DateRange } from '../db/metrics/grouped-query.js';
import { previousPeriod, sameLastYear, type Period } from './period.js';

/** How abandoned contacts count in the service level (DOMAIN.md: say which). */
export const ABANDON_RULES = {
  missed: 'every abandoned contact counts as a miss: answered within T ÷ (answered + abandoned)',
  excluded: 'contacts abandoned within T are left out; later abandons are misses: answered within T ÷ (answered + abandoned after T)',
  met: 'contacts abandoned within T count as met: (answered within T + abandoned within T) ÷ (answered + abandoned)',
} as const;
export type AbandonRule = keyof typeof ABANDON_RULES;

export interface AnalyzeRequest {
  readonly period: Period;
  readonly by: readonly string[];
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** IANA time zone of the calendar (days, weeks, months, quarters). */
  readonly timeZone: string;
  /** Groups with fewer observations than this show no figure (status 'suppressed'). Default 30. */
  readonly minN: number;
  readonly abandonRule: AbandonRule;
  /** FCR: a contact resolved at first contact counts only if the customer does not contact again within this many days. */
  readonly repeatWindowDays: number;
  /** Stamped on the output, never read for the numbers. */
  readonly generatedAt: Date;
  /** Seed of the analyses that draw random numbers (k-means starts, cross-validation folds). */
  readonly seed: number;
  /** Progress messages of long analyses. */
  readonly progress?: (message: string) => void;
}

/** Request defaults (the command line's). */
export const REQUEST_DEFAULTS = { minN: 30, abandonRule: 'missed', repeatWindowDays: 7, seed: 1 } as const satisfies Partial<AnalyzeRequest>;

/** The period and the two it is compared with, as the date ranges metric queries take. */
export function comparisonRanges(period: Period): { readonly ranges: readonly DateRange[]; readonly labels: Readonly<Record<string, string>> } {
  const previous = previousPeriod(period);
  const lastYear = sameLastYear(period);
  const ranges: DateRange[] = [{ key: 'current', from: period.from, to: period.to }, { key: 'previous', from: previous.from, to: previous.to }];
  const labels: Record<string, string> = { current: period.label, previous: previous.label };
  // A year (or a range of a year or more) would meet its own "last year" in the previous period: compare with
  // the previous period only.
  if (lastYear.to <= previous.from) {
    ranges.push({ key: 'last_year', from: lastYear.from, to: lastYear.to });
    labels['last_year'] = lastYear.label;
  }
  return { ranges, labels };
}
