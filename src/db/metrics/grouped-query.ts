/**
 * The shape every metric query shares: one pass over a fact source's current rows in one or more date ranges
 * (the period, the period before, the same period last year), grouped by the requested dimensions and by the
 * range. A plain GROUP BY per fact table, no per-row subqueries, so the same statement distributes unchanged
 * when the fact tables are sharded (Citus pushes each group-by down to the shards and merges the partials).
 *
 * Ranges are calendar days in the deployment's time zone, turned into instants by PostgreSQL (`AT TIME ZONE`),
 * so daylight-saving days have their real length. The WHERE clause repeats the ranges on the raw time column so
 * the BRIN index on it prunes blocks.
 */
import { dimensionSql, dimensionsOf, type MetricSource } from './dimensions.js';
import { queryManyRows } from '../many-rows.js';
import type { Database } from '../session.js';

/** A named half-open range of calendar days `[from, to)`, YYYY-MM-DD. */
export interface DateRange {
  readonly key: string;
  readonly from: string;
  readonly to: string;
}

export interface GroupedQueryInput {
  /** Disjoint date ranges; each output row belongs to one (its `rangeKey`). */
  readonly ranges: readonly DateRange[];
  /** IANA time zone of the calendar days and of the calendar dimensions. */
  readonly timeZone: string;
  /** Dimensions to group by (see dimensions.ts). */
  readonly by: readonly string[];
  /** Dimension → accepted values (rows whose value is not listed are left out). */
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /**
   * Read the daily rollups when they cover the query (default true; src/db/rollups.ts): false reads the rows,
   * as the tests that hold the two paths equal do.
   */
  readonly rollups?: boolean;
}

/** One aggregate row: the group's dimension values, its range, and the aggregates (numbers or null). */
export interface GroupedRow {
  readonly dimensions: Readonly<Record<string, string | null>>;
  readonly rangeKey: string;
  readonly values: Readonly<Record<string, number | null>>;
}

/** A dimension name the source does not have; `valid` lists those it has. */
export class UnknownDimensionError extends Error {
  constructor(
    readonly dimension: string,
    readonly source: MetricSource,
    readonly valid: readonly string[],
  ) {
    super(`unknown dimension '${dimension}' for ${source}; valid: ${valid.join(', ')}`);
    this.name = 'UnknownDimensionError';
  }
}

/** Collects positional parameters ($1, $2, …). */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The SQL pieces of a grouped query, for the source's alias conventions (dimensions.ts). */
export interface GroupedParts {
  /** `expr AS d0, expr AS d1, …` (empty when not grouped). */
  readonly dimensionSelect: string;
  /** The range each row falls in: a CASE over the ranges (null outside them). */
  readonly rangeKeySql: string;
  /** `(T >= … AND T < …) OR …` (widened by `extendDays`). */
  readonly timeWhere: string;
  /** The filters, ANDed (`TRUE` when none). */
  readonly filterWhere: string;
  /** Columns to GROUP BY, by position: dimensions first, then the range key. */
  readonly groupBy: string;
  /** The time-zone parameter's placeholder. */
  readonly zone: string;
  /**
   * The range a local calendar day (a SQL date expression) falls in, null outside them: the same answer as
   * `rangeKeySql` for the rows of that day, the ranges being whole local days. (Not in a zone where local
   * midnight occurs twice, e.g. America/Havana's autumn change: PostgreSQL reads the bound as the later
   * midnight, so the first hour after the earlier one belongs to the day before by instant and to its own day
   * here; the daily rollups read days the same way.)
   */
  dayRangeKeySql(day: string): string;
}

/**
 * Builds the shared parts. `timeSql` is the time column as the query sees it (default the source's own);
 * `extendDays` widens each range's end in the WHERE clause only (a query that needs rows after a range, e.g.
 * repeat contacts within 7 days, sees them; `rangeKeySql` still says which range a row is in).
 * @throws UnknownDimensionError for a `by` or filter name the source does not have
 */
export function groupedParts(source: MetricSource, input: GroupedQueryInput, params: Params, timeSql: string, extendDays = 0): GroupedParts {
  const zone = params.add(input.timeZone);
  const dimension = (name: string) => {
    const expr = dimensionSql(source, name, zone);
    if (expr === undefined) throw new UnknownDimensionError(name, source, dimensionsOf(source));
    return expr;
  };
  const dimensionSelect = input.by.map((name, i) => `${dimension(name)} AS d${i}`).join(', ');
  const bounds = input.ranges.map((r) => {
    const key = params.add(r.key);
    const fromDay = params.add(r.from);
    const toDay = params.add(r.to);
    const toExtended = extendDays > 0 ? `(${params.add(r.to)}::timestamp + ${params.add(extendDays)} * interval '1 day') AT TIME ZONE ${zone}` : '';
    return { key, fromDay, toDay, from: `(${fromDay}::timestamp AT TIME ZONE ${zone})`, to: `(${toDay}::timestamp AT TIME ZONE ${zone})`, toExtended };
  });
  const rangeKeySql = `CASE ${bounds.map((b) => `WHEN ${timeSql} >= ${b.from} AND ${timeSql} < ${b.to} THEN ${b.key}::text`).join(' ')} END`;
  const timeWhere = `(${bounds.map((b) => `(${timeSql} >= ${b.from} AND ${timeSql} < ${extendDays > 0 ? b.toExtended : b.to})`).join(' OR ')})`;
  const filters = Object.entries(input.filters).map(([name, values]) => `${dimension(name)} = ANY(${params.add(values)}::text[])`);
  const groupBy = [...input.by.map((_, i) => String(i + 1)), String(input.by.length + 1)].join(', ');
  const dayRangeKeySql = (day: string) => `CASE ${bounds.map((b) => `WHEN ${day} >= ${b.fromDay}::date AND ${day} < ${b.toDay}::date THEN ${b.key}::text`).join(' ')} END`;
  return { dimensionSelect, rangeKeySql, timeWhere, filterWhere: filters.length > 0 ? filters.join(' AND ') : 'TRUE', groupBy, zone, dayRangeKeySql };
}

/**
 * Runs a grouped statement and shapes its rows (`d0…`, `range_key`, the rest as numbers). The rows are read
 * through queryManyRows (as JSON on PGlite), so the statement's columns must be text (the dimensions,
 * `range_key`) or numbers: a date or timestamp would read differently from JSON.
 */
export async function runGrouped(db: Database, text: string, params: Params, by: readonly string[]): Promise<GroupedRow[]> {
  const rows = await queryManyRows(db, text, params.values);
  return rows.map((row) => {
    const dimensions: Record<string, string | null> = {};
    by.forEach((name, i) => {
      const v = row[`d${i}`];
      dimensions[name] = v === null || v === undefined ? null : String(v);
    });
    const values: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(row)) {
      if (k === 'range_key' || /^d\d+$/.test(k)) continue;
      values[k] = v === null || v === undefined ? null : Number(v);
    }
    return { dimensions, rangeKey: String(row['range_key']), values };
  });
}

/** A row's group and range as one map key. */
export function groupKey(r: GroupedRow): string {
  return JSON.stringify([r.dimensions, r.rangeKey]);
}

/**
 * `rows` with the values of the quantile statement's row of the same group and range added (`none` where the
 * group has none): the aggregates and their quantiles come from separate statements.
 */
export function withQuantiles(rows: readonly GroupedRow[], quantileRows: readonly GroupedRow[], none: Readonly<Record<string, null>>): GroupedRow[] {
  const quantiles = new Map(quantileRows.map((q) => [groupKey(q), q.values]));
  return rows.map((r) => ({ ...r, values: { ...r.values, ...(quantiles.get(groupKey(r)) ?? none) } }));
}
