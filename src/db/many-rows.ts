/**
 * Reading statements that return many rows (a model's sample, a period's texts: tens of thousands of rows of
 * up to twenty columns; a grouping by team × day: thousands of rows of thirty columns).
 *
 * Why a path of its own: PGlite's protocol parser decodes each field of each row with an ArrayBuffer copy and a
 * TextDecoder call, about 2 µs a field. The drivers' sample (50,000 rows × 20 columns, 500k calls) took 3.1–3.5 s
 * to read where the statement ran in 0.8 s. On PGlite the rows therefore come back as JSON — the statement
 * wrapped in `json_agg(json_build_array(columns))`, one text per 10,000 rows — decoded by `JSON.parse`: 1.1–1.3 s
 * for the same rows (the chunks cost ~0.07 s more than one text at 50,000 rows, and keep each value far below
 * PostgreSQL's 1 GB limit). The chunks are fetched one at a time through a cursor, so only one chunk's text is
 * in memory at once (below). On a server the driver's parse costs less than building the JSON (the same sample:
 * 1.23–1.28 s as rows, 1.31–1.35 s + 0.14–0.17 s to parse as JSON), so the statement runs as written.
 *
 * Values are those of JSON on PGlite (numbers, booleans, strings, objects for json/jsonb; a timestamp is its
 * ISO text, NaN and infinities are strings) and those of the driver on a server: callers convert each field
 * (Number, String, a boolean test, JSON.parse of a string), which reads both alike.
 *
 * Row order: `row_number() OVER ()` numbers the rows as the statement yields them (its ORDER BY is kept in the
 * subquery; PGlite runs no parallel workers), each chunk aggregates in that number's order, and the chunks
 * come in order.
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
  const out: Record<string, unknown>[] = [];
  // Through a cursor, one chunk per FETCH: PGlite holds a statement's whole reply several times over on its
  // way out (its receive buffer, which grows by half again, a copy of it, the decoded rows, the message to this
  // thread), so the drivers' sample at 2M calls (11 MB of JSON in one reply) raised the peak RSS by ~100 MB; a
  // chunk at a time, only one chunk's copies exist at once, each parsed and dropped before the next is read
  // (the 17 analyses' peak with 16 MB shared_buffers: 578 → 513 MB). The cursor needs a transaction: the session
  // is leased here, so none is open.
  await withSession(db, async (s) => {
    await s.query('BEGIN');
    await s.query(`DECLARE servq_many_rows NO SCROLL CURSOR FOR ${packed}`, params);
    for (;;) {
      const { rows } = await s.query<{ rows: string }>('FETCH FORWARD 1 FROM servq_many_rows');
      if (rows.length === 0) break;
      const chunk = JSON.parse(rows[0]!.rows) as unknown[];
      if (columns === undefined) {
        for (const row of chunk) out.push(row as Record<string, unknown>);
        continue;
      }
      for (const values of chunk as unknown[][]) {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
        out.push(row);
      }
    }
    await s.query('COMMIT');
  });
  return out;
}

/** Rows per JSON text on PGlite. */
const CHUNK_ROWS = 10_000;
