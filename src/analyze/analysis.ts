/**
 * The contract of an analysis over the database, and the runner that turns its result into the output
 * document: checks the dimensions against the sources the analysis reads, adjusts p-values across the table,
 * explains an empty period with the span of the loaded data, and names the batches read.
 */
import { dimensionsOf, type MetricSource } from '../db/metrics/dimensions.js';
import { batchesInRanges, sourceSpans } from '../db/metrics/data-span.js';
import type { DateRange } from '../db/metrics/grouped-query.js';
import { UnknownDimensionError } from '../db/metrics/grouped-query.js';
import type { Database } from '../db/session.js';
import { flattenRow, type AnalysisDocument, type MetricRow } from './document.js';
import { adjustComparisons } from './estimates.js';
import { lastDayOf } from './period.js';
import type { AnalyzeRequest } from './request.js';

/** What an analysis returns before the runner stamps it. */
export interface AnalysisResult {
  readonly rows: readonly MetricRow[];
  readonly variants: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
  /** The ranges it read (for the batches used). */
  readonly ranges: readonly DateRange[];
  /** Rows (records) found in the period per source read: 0 explains an empty result. */
  readonly observed: Partial<Record<MetricSource, number>>;
}

export interface AnalysisDefinition {
  readonly name: string;
  /** One line for `servq analyze --list`. */
  readonly summary: string;
  /** The fact sources it reads; `--by` and `--filter` names must exist in at least one. */
  readonly sources: readonly MetricSource[];
  /** Grouping when `--by` is not given. */
  readonly defaultBy?: readonly string[];
  /**
   * Most of its time is JavaScript on a sample (models, text), not statements: runAnalyses runs at most one such
   * analysis at a time, beside analyses that wait on the database.
   */
  readonly compute?: boolean;
  run(db: Database, request: AnalyzeRequest): Promise<AnalysisResult>;
}

/** An option the analysis cannot honour (e.g. `--by` where the grouping is fixed): a usage error. */
export class UnsupportedOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedOptionError';
  }
}

/** No data of any source the analysis reads in the period. */
export class EmptyPeriodError extends Error {
  /** @param sources the sources without data (all those the analysis reads) */
  constructor(
    message: string,
    readonly sources: readonly MetricSource[] = [],
  ) {
    super(message);
    this.name = 'EmptyPeriodError';
  }
}

const SOURCE_NOUN: Readonly<Record<MetricSource, string>> = { contacts: 'contacts', surveys: 'survey responses', complaints: 'complaints' };

/** The sources of `sources` that have every dimension in `names`. */
export function sourcesWith(sources: readonly MetricSource[], names: readonly string[]): MetricSource[] {
  return sources.filter((s) => names.every((n) => dimensionsOf(s).includes(n)));
}

/** Throws UnknownDimensionError when a name exists in none of the sources (naming the valid ones). */
export function checkDimensions(definition: AnalysisDefinition, names: readonly string[]): void {
  for (const n of names) {
    if (!definition.sources.some((s) => dimensionsOf(s).includes(n))) {
      const valid = [...new Set(definition.sources.flatMap((s) => dimensionsOf(s)))];
      throw new UnknownDimensionError(n, definition.sources[0]!, valid);
    }
  }
}

/**
 * Says that `sources` have no data `between` the period's days, and what is loaded: 'no contacts, survey
 * responses or complaints between … ; loaded data spans 2025-01-01 to 2026-03-31' (one span when they share
 * it, else each source's).
 */
export function emptyPeriodMessage(sources: readonly MetricSource[], between: string, spanOf: (source: MetricSource) => string | undefined): string {
  const nouns = sources.map((s) => SOURCE_NOUN[s]);
  const list = nouns.length === 1 ? nouns[0]! : `${nouns.slice(0, -1).join(', ')} or ${nouns.at(-1)!}`;
  const spanList = sources.map(spanOf);
  const loaded = spanList.every((x) => x === spanList[0])
    ? spanList[0] !== undefined
      ? `loaded data spans ${spanList[0]}`
      : sources.length === 1
        ? `no ${list} are loaded`
        : 'none of them are loaded'
    : `loaded: ${sources.map((s, i) => `${SOURCE_NOUN[s]} ${spanList[i] ?? 'none'}`).join(', ')}`;
  return `no ${list} ${between}; ${loaded}`;
}

/**
 * Runs `definition` and returns its document.
 * @throws UnknownDimensionError for a dimension no source of the analysis has
 * @throws EmptyPeriodError when no source has data in the period (the message gives the loaded span)
 */
export async function runAnalysis(db: Database, definition: AnalysisDefinition, request: AnalyzeRequest): Promise<AnalysisDocument> {
  const req = request.by.length === 0 && definition.defaultBy ? { ...request, by: definition.defaultBy } : request;
  checkDimensions(definition, [...req.by, ...Object.keys(req.filters)]);
  const result = await definition.run(db, req);
  const notes = [...result.notes];
  const read = Object.entries(result.observed) as [MetricSource, number][];
  const empty = read.filter(([, n]) => n === 0);
  if (empty.length > 0) {
    const spans = new Map((await sourceSpans(db, req.timeZone)).map((s) => [s.source, s]));
    const between = `between ${req.period.from} and ${lastDayOf(req.period)} (${req.timeZone})`;
    const spanOf = (source: MetricSource) => {
      const span = spans.get(source);
      return span?.firstDay ? `${span.firstDay} to ${span.lastDay}` : undefined;
    };
    if (read.length > 0 && empty.length === read.length) {
      const sources = empty.map(([s]) => s);
      throw new EmptyPeriodError(emptyPeriodMessage(sources, between, spanOf), sources);
    }
    notes.push(...empty.map(([source]) => emptyPeriodMessage([source], between, spanOf)));
  }
  const rows = adjustComparisons(result.rows);
  const sources = read.filter(([, n]) => n > 0).map(([s]) => s);
  return {
    analysis: definition.name,
    period: { label: req.period.label, from: req.period.from, to: lastDayOf(req.period), timeZone: req.timeZone },
    filters: req.filters,
    by: req.by,
    variants: result.variants,
    generatedAt: req.generatedAt.toISOString(),
    dataBatches: await batchesInRanges(db, sources, result.ranges, req.timeZone),
    notes,
    rows: rows.map(flattenRow),
  };
}
