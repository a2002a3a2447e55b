/**
 * Row-level free text for `servq analyze themes` / `comment-themes`: the descriptions of current complaints, or
 * the comments of current survey responses, in the period and the period before, with the request's
 * dimensions. Rows without text are left out (they have no terms).
 *
 * Bounded: above `cap` rows in a range, a seeded, deterministic sample of `cap` of that range (ordered by
 * uuid_hash_extended(row_key, seed): sample-order.ts); `totals` says how many each range had.
 */
import { queryManyRows } from '../many-rows.js';
import type { Database } from '../session.js';
import { groupedParts, Params, type DateRange } from './grouped-query.js';
import { sampleOrderSql } from './sample-order.js';

/** Which text. */
export type TextSource = 'complaints' | 'surveys';

export interface TextRowInput {
  readonly source: TextSource;
  readonly ranges: readonly DateRange[];
  readonly timeZone: string;
  readonly by: readonly string[];
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** Most rows per range; above it a seeded sample. */
  readonly cap: number;
  readonly seed: number;
}

/** One text with its group, range and record. */
export interface TextRow {
  readonly dimensions: Readonly<Record<string, string | null>>;
  readonly rangeKey: string;
  /** `BATCH:LINE` of the record. */
  readonly record: string;
  /** Ticket id or survey response id, when the export had one. */
  readonly businessId: string | null;
  readonly at: Date;
  readonly text: string;
}

export interface TextRows {
  readonly rows: readonly TextRow[];
  /** Rows with text per range key, before sampling. */
  readonly totals: Readonly<Record<string, number>>;
}

const SOURCE_SQL: Readonly<Record<TextSource, { from: (joinContact: boolean) => string; text: string; id: string; time: string; alias: string }>> = {
  complaints: { from: () => 'complaint_current k', text: 'k.description', id: 'k.ticket_id', time: 'k.received_at', alias: 'k' },
  surveys: {
    from: (joinContact) =>
      `survey_response_current r${joinContact ? ' LEFT JOIN contact_current rc ON rc.contact_id = r.contact_id AND servq_is_business_key(r.contact_id)' : ''}`,
    text: 'r.comment',
    id: 'r.response_id',
    time: 'r.answered_at',
    alias: 'r',
  },
};

/**
 * The texts of the ranges (a seeded sample of `cap` per range when there are more).
 * @throws UnknownDimensionError for a `by` or filter name the source does not have
 */
export async function textRows(db: Database, input: TextRowInput): Promise<TextRows> {
  const spec = SOURCE_SQL[input.source];
  const params = new Params();
  const parts = groupedParts(input.source, { ranges: input.ranges, timeZone: input.timeZone, by: input.by, filters: input.filters }, params, spec.time);
  const joinContact = [...input.by, ...Object.keys(input.filters)].some((d) => d === 'queue' || d === 'priority');
  const seed = params.add(String(input.seed));
  const cap = params.add(input.cap);
  const a = spec.alias;
  const dims = input.by.map((_, i) => `d${i}, `).join('');
  // Few fields a row (each costs the driver a parse): the record as one text, the time as epoch milliseconds
  // (a number, not a timestamp text for the driver to parse into a Date).
  const text = `
    SELECT ${dims}range_key, batch_id || ':' || line_no AS record, business_id,
      (extract(epoch FROM at) * 1000)::float8 AS at_ms, body, range_total
    FROM (
      SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} ${parts.rangeKeySql} AS range_key,
        ${a}.batch_id, ${a}.line_no, ${spec.id} AS business_id, ${spec.time} AS at, ${spec.text} AS body,
        row_number() OVER (PARTITION BY ${parts.rangeKeySql} ORDER BY ${sampleOrderSql(`${a}.row_key`, seed)}, ${a}.batch_id, ${a}.line_no) AS pick,
        count(*) OVER (PARTITION BY ${parts.rangeKeySql})::float8 AS range_total
      FROM ${spec.from(joinContact)}
      WHERE ${parts.timeWhere} AND ${parts.filterWhere} AND btrim(coalesce(${spec.text}, '')) <> ''
    ) t
    WHERE pick <= ${cap}
    ORDER BY range_key, at, batch_id, line_no`;
  const columns = [...input.by.map((_, i) => `d${i}`), 'range_key', 'record', 'business_id', 'at_ms', 'body', 'range_total'];
  const rows = await queryManyRows(db, text, params.values, columns);
  const totals: Record<string, number> = {};
  for (const r of input.ranges) totals[r.key] = 0;
  const out = rows.map((row) => {
    const dimensions: Record<string, string | null> = {};
    input.by.forEach((name, i) => {
      const v = row[`d${i}`];
      dimensions[name] = v === null || v === undefined ? null : String(v);
    });
    const rangeKey = String(row['range_key']);
    totals[rangeKey] = Number(row['range_total']);
    return {
      dimensions,
      rangeKey,
      record: String(row['record']),
      businessId: row['business_id'] === null || row['business_id'] === undefined ? null : String(row['business_id']),
      at: new Date(Number(row['at_ms'])),
      text: String(row['body']),
    };
  });
  return { rows: out, totals };
}
