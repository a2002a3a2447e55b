/**
 * A `Database` that records every statement run through it (text, parameters, milliseconds, rows), for the
 * analysis-at-scale benchmark: which queries an analysis ran and which of them took the time. Queries built with
 * `kyselyOf(db)` are recorded too (its Kysely runs over the recording sessions).
 */
import { performance } from 'node:perf_hooks';
import type { Database, LeasedSession, QueryOutput } from '../../src/db/session.js';

/** One statement as it ran. */
export interface RecordedQuery {
  /** Who ran it (the recorder's current `label`, e.g. the analysis name). */
  readonly label: string;
  readonly text: string;
  readonly params: readonly unknown[];
  readonly milliseconds: number;
  readonly rows: number;
}

/** The wrapper and its log. */
export interface RecordingDatabase {
  readonly db: Database;
  readonly log: RecordedQuery[];
  /** Label given to the statements recorded from now on. */
  label: string;
}

/**
 * Wraps `inner` so that every `query` of its sessions is timed and logged (`exec` and COPY pass through).
 *
 * @param inner the database to wrap (closed through the wrapper as usual)
 * @example
 * const rec = recordingDatabase(db); rec.label = 'kpis';
 * await runAnalysis(rec.db, ANALYSES.kpis, request); rec.log.length // => 4
 */
export function recordingDatabase(inner: Database): RecordingDatabase {
  const log: RecordedQuery[] = [];
  let label = '';
  const wrap = (session: LeasedSession): LeasedSession => {
    // A cursor's statement runs in its FETCHes (queryManyRows on PGlite): the DECLARE is recorded as that
    // statement and each FETCH adds its time and rows to it, so the slowest list names (and EXPLAIN runs) the
    // query, not `FETCH …`.
    let cursor: { -readonly [K in keyof RecordedQuery]: RecordedQuery[K] } | null = null;
    return {
      async query<R>(text: string, params?: readonly unknown[]): Promise<QueryOutput<R>> {
        const start = performance.now();
        const result = await session.query<R>(text, params);
        const milliseconds = performance.now() - start;
        const declared = /^\s*DECLARE\s+\w+\s+(?:NO\s+SCROLL\s+)?CURSOR\s+FOR\s+([\s\S]*)$/i.exec(text);
        if (/^\s*FETCH\b/i.test(text) && cursor !== null) {
          cursor.milliseconds += milliseconds;
          cursor.rows += result.rows.length;
        } else {
          const entry = { label, text: declared ? declared[1]! : text, params: params ?? [], milliseconds, rows: result.rows.length };
          cursor = declared ? entry : cursor;
          log.push(entry);
        }
        return result;
      },
      exec: (script) => session.exec(script),
      copyFrom: (copySql, chunks, format) => session.copyFrom(copySql, chunks, format),
      release: (broken) => session.release(broken),
    };
  };
  const db: Database = {
    kind: inner.kind,
    description: inner.description,
    acquire: async () => wrap(await inner.acquire()),
    cancel: () => inner.cancel(),
    close: () => inner.close(),
  };
  return {
    db,
    log,
    get label() {
      return label;
    },
    set label(value: string) {
      label = value;
    },
  };
}
