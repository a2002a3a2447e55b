/**
 * Reading statements that return many rows (a model's sample, a period's texts: tens of thousands of rows of
 * up to twenty columns; a grouping by team × day: thousands of rows of thirty columns).
 *
 * Why a path of its own: PGlite's protocol parser decodes each field of each row with an ArrayBuffer copy and a
 * TextDecoder call, about 2 µs a field. The drivers' sample (50,000 rows × 20 columns, 500k calls) took 3.1–3.5 s
 * to read where the statement ran in 0.8 s. On PGlite the rows therefore come back as JSON — the statement
 * wrapped in `json_agg(json_build_array(columns))`, one text per 10,000 rows — decoded by `JSON.parse`: 1.1–1.3 s
 * for the same rows (the chunks cost ~0.07 s more than one text at 50,000 rows, and keep each value far below
 * PostgreSQL's 1 GB limit). On a server the driver's parse costs less than building the JSON (the same sample:
 * 1.23–1.28 s as rows, 1.31–1.35 s + 0.14–0.17 s to parse as JSON), so the statement runs as written.
 *
 * Values are those of JSON on PGlite (numbers, booleans, strings, objects for json/jsonb; a timestamp is its
 * ISO text, NaN and infinities are strings) and those of the driver on a server: callers convert each field
 * (Number, String, a boolean test, JSON.parse of a string), which reads both alike.
 *
 * Row order: `row_number() OVER ()` numbers the rows as the statement yields them (its ORDER BY is kept in the
 * subquery; PGlite runs no parallel workers), and each chunk aggregates in that number's order.
 */
import type { Database } from './session.js';
import { withSession } from './session.js';

/** A plain SQL identifier (the statement's own column aliases). */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The rows of `text` in the statement's order: objects keyed by `columns` (a subset of its output columns, sent
 * on PGlite as compact arrays), or by every output column when `columns` is absent (sent as objects).
 * @throws Error for a column name that is not a plain lower-case identifier (they are the caller's aliases)
 */
export async function queryManyRows(db: Database, text: string, params: readonly unknown[], columns?: readonly string[]): Promise<Record<string, unknown>[]> {
  for (const c of columns ?? []) if (!IDENTIFIER.test(c)) throw new Error(`queryManyRows: '${c}' is not a plain column alias`);
  if (db.kind !== 'pglite') {
    const { rows } = await withSession(db, (s) => s.query<Record<string, unknown>>(text, params));
    return rows;
  }
  // json_build_array takes at most 100 arguments (FUNC_MAX_ARGS): wider rows would need nesting.
  if (columns !== undefined && columns.length > 100) throw new Error(`queryManyRows: ${columns.length} columns (at most 100)`);
  // One JSON text per CHUNK_ROWS rows, in order: a value of PostgreSQL stays under 1 GB, and no single string
  // holds every text of a period. row_number() OVER () numbers the rows in the statement's order. Without
  // columns each row goes whole (`servq_inner` as one composite value: its JSON object has the statement's
  // column names, and the row number stays out of it). The newline ends a trailing `--` comment of the statement.
  const element = columns === undefined ? 'servq_rows.servq_row' : `json_build_array(${columns.map((c) => `servq_rows.${c}`).join(', ')})`;
  const packed = `
    SELECT json_agg(${element} ORDER BY servq_rows.servq_n)::text AS rows
    FROM (SELECT ${columns === undefined ? 'servq_inner AS servq_row' : 'servq_inner.*'}, row_number() OVER () - 1 AS servq_n FROM (${text}
    ) servq_inner) servq_rows
    GROUP BY servq_rows.servq_n / ${CHUNK_ROWS}
    ORDER BY servq_rows.servq_n / ${CHUNK_ROWS}`;
  const { rows } = await withSession(db, (s) => s.query<{ rows: string }>(packed, params));
  if (columns === undefined) return rows.flatMap((chunk) => JSON.parse(chunk.rows) as Record<string, unknown>[]);
  const out: Record<string, unknown>[] = [];
  for (const chunk of rows) {
    for (const values of JSON.parse(chunk.rows) as unknown[][]) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
      out.push(row);
    }
  }
  return out;
}

/** Rows per JSON text on PGlite. */
const CHUNK_ROWS = 10_000;
