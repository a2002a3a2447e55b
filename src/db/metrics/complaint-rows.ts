/**
 * Row-level complaints for `servq analyze segments`: one row per current complaint received in the period, with
 * its first-response and resolution times and its categorical fields.
 *
 * Bounded: above `cap` complaints a seeded, deterministic sample of `cap` (ordered by uuid_hash_extended(row_key, seed): sample-order.ts);
 * `total` says how many there were.
 *
 * - First response = first_response_at − received_at; resolution = resolved (else closed) − received, as in
 *   complaint-aggregates.ts (null while open).
 */
import { queryManyRows } from '../many-rows.js';
import type { Database } from '../session.js';
import { groupedParts, Params, type DateRange } from './grouped-query.js';
import { sampleOrderSql } from './sample-order.js';

export interface ComplaintRowInput {
  /** The period (one range). */
  readonly range: DateRange;
  readonly timeZone: string;
  /** Complaint dimensions (dimensions.ts) returned per row, for grouping. */
  readonly by: readonly string[];
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** Most rows returned; above it a seeded sample. */
  readonly cap: number;
  readonly seed: number;
}

export interface ComplaintRow {
  readonly dimensions: Readonly<Record<string, string | null>>;
  readonly firstResponseSeconds: number | null;
  readonly resolutionSeconds: number | null;
  readonly category: string | null;
  readonly channel: string | null;
  readonly urgency: string | null;
  readonly region: string | null;
  readonly rootCause: string | null;
}

export interface ComplaintRows {
  readonly rows: readonly ComplaintRow[];
  /** Complaints received in the period, before sampling. */
  readonly total: number;
  readonly sampled: boolean;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The complaints received in the period (a seeded sample of `cap` when there are more).
 * @throws UnknownDimensionError for a `by` or filter name complaints do not have
 */
export async function complaintRows(db: Database, input: ComplaintRowInput): Promise<ComplaintRows> {
  const params = new Params();
  const parts = groupedParts('complaints', { ranges: [input.range], timeZone: input.timeZone, by: input.by, filters: input.filters }, params, 'k.received_at');
  const seed = params.add(String(input.seed));
  const cap = params.add(input.cap);
  const text = `
    SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} ${parts.rangeKeySql} AS range_key,
      date_part('epoch', k.first_response_at - k.received_at)::float8 AS frt,
      date_part('epoch', coalesce(k.resolved_at, k.closed_at) - k.received_at)::float8 AS resolution,
      k.category, k.channel, k.urgency, k.region, k.root_cause,
      count(*) OVER ()::float8 AS total_rows
    FROM complaint_current k
    WHERE ${parts.timeWhere} AND ${parts.filterWhere}
    ORDER BY ${sampleOrderSql('k.row_key', seed)}, k.batch_id, k.line_no
    LIMIT ${cap}`;
  const columns = [...input.by.map((_, i) => `d${i}`), 'frt', 'resolution', 'category', 'channel', 'urgency', 'region', 'root_cause', 'total_rows'];
  const rows = await queryManyRows(db, text, params.values, columns);
  const total = rows.length > 0 ? Number(rows[0]!['total_rows']) : 0;
  return {
    total,
    sampled: total > rows.length,
    rows: rows.map((row) => {
      const dimensions: Record<string, string | null> = {};
      input.by.forEach((name, i) => {
        dimensions[name] = str(row[`d${i}`]);
      });
      return {
        dimensions,
        firstResponseSeconds: num(row['frt']),
        resolutionSeconds: num(row['resolution']),
        category: str(row['category']),
        channel: str(row['channel']),
        urgency: str(row['urgency']),
        region: str(row['region']),
        rootCause: str(row['root_cause']),
      };
    }),
  };
}
