/**
 * Child process of the analysis-at-scale benchmark: `node dist/bench/analysis/scale-explain.js QUERIES.json OUT.json`.
 *
 * Runs `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` of each statement in the file (a JSON array of
 * `{ label, text, params }`, the slowest statements of a scale-run) on the database servq would open, with the
 * same parameters, and writes one JSON array to OUT.json: per statement its label, the plan summary
 * (plan-summary.ts) and the raw EXPLAIN document. Run apart from scale-run so the extra executions count in neither its time nor its RSS.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from '../../src/db/connect.js';
import { withSession } from '../../src/db/session.js';
import { summarizePlan, type ExplainDocument, type PlanSummary } from './plan-summary.js';

/** One statement's EXPLAIN, as written to OUT.json. */
export interface ExplainedQuery {
  readonly label: string;
  readonly summary: PlanSummary | null;
  /** The raw EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) document. */
  readonly plan: unknown;
  readonly error: string | null;
}

interface QueryToExplain {
  readonly label: string;
  readonly text: string;
  readonly params: readonly unknown[];
}

async function main(argv: readonly string[]): Promise<number> {
  const [file, outFile] = argv;
  if (file === undefined || outFile === undefined) {
    process.stderr.write('usage: node dist/bench/analysis/scale-explain.js QUERIES.json OUT.json\n');
    return 2;
  }
  const queries = JSON.parse(readFileSync(file, 'utf8')) as QueryToExplain[];
  const db = await connect();
  const out: ExplainedQuery[] = [];
  try {
    for (const q of queries) {
      process.stderr.write(`    EXPLAIN ANALYZE ${q.label}…\n`);
      try {
        const { rows } = await withSession(db, (s) => s.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.text}`, q.params));
        const cell = Object.values(rows[0] ?? {})[0];
        const parsed = (typeof cell === 'string' ? JSON.parse(cell) : cell) as ExplainDocument[];
        const doc = parsed[0]!;
        out.push({ label: q.label, summary: summarizePlan(doc), plan: doc, error: null });
      } catch (error) {
        out.push({ label: q.label, summary: null, plan: null, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    await db.close();
  }
  writeFileSync(outFile, `${JSON.stringify(out)}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`scale-explain: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
