/**
 * Child process of the analysis-at-scale benchmark:
 * `node dist/bench/analysis/scale-generate.js CALLS [--grow FROM TO] [--no-vacuum]`.
 *
 * Opens the database servq itself would open (DATABASE_URL, else SERVQ_DATA_DIR), which applies the migrations,
 * generates the data of scale-data.ts for CALLS calls in one session — or, with `--grow`, grows a database
 * generated for CALLS from FROM× to TO× its size by copies — then (unless `--no-vacuum`) runs VACUUM (ANALYZE) on the tables,
 * as autovacuum would on a server after a load (PGlite has no autovacuum). Prints one JSON line
 * `{ plan, factor, steps, rows, seconds }` and exits 0, or prints the error on stderr and exits 1.
 */
import { performance } from 'node:perf_hooks';
import { connect } from '../../src/db/connect.js';
import { resolveBatchVersions } from '../../src/db/record-versions.js';
import { addRollupZone, noteRollupChange, refreshRollupsIn, ROLLUP_TABLES } from '../../src/db/rollups.js';
import { DEFAULT_TIME_ZONE } from '../../src/ingest/defaults.js';
import { withSession } from '../../src/db/session.js';
import { FACT_TABLES, scaleDataSteps, scaleGrowthSteps, scalePlan } from './scale-data.js';

async function main(argv: readonly string[]): Promise<number> {
  const calls = Number(argv[0]);
  const vacuum = !argv.includes('--no-vacuum');
  const growAt = argv.indexOf('--grow');
  const from = growAt >= 0 ? Number(argv[growAt + 1]) : 0;
  const factor = growAt >= 0 ? Number(argv[growAt + 2]) : 1;
  const plan = scalePlan(calls);
  const work = growAt < 0 ? scaleDataSteps(plan) : scaleGrowthSteps(plan, from, factor);
  const started = performance.now();
  const db = await connect();
  const steps: { label: string; seconds: number }[] = [];
  try {
    await withSession(db, async (s) => {
      // Sorting the survey stage and hashing in memory is faster; PGlite's heap is the process's, so less there.
      await s.query(`SET work_mem = '${db.kind === 'postgres' ? '256MB' : '64MB'}'`);
      // JIT compiling these long expressions costs seconds per statement and gains little here.
      if (db.kind === 'postgres') await s.exec('SET synchronous_commit = off; SET jit = off');
      for (const step of work) {
        const t0 = performance.now();
        process.stderr.write(`    generate: ${step.label}…\n`);
        await s.exec(step.sql);
        steps.push({ label: step.label, seconds: (performance.now() - t0) / 1000 });
      }
      // Record versions are resolved per batch at ingest (src/db/record-versions.ts); rows written by SQL here
      // are resolved the same way, all keys at once (the complaint snapshots become superseded versions).
      {
        const t0 = performance.now();
        process.stderr.write('    generate: record versions…\n');
        const { rows: batches } = await s.query<{ batch_id: number }>("SELECT batch_id::int AS batch_id FROM ingest_batch WHERE status = 'loaded'");
        for (const table of ['contact', 'survey_response', 'complaint'] as const) await resolveBatchVersions(s, table, batches.map((b) => Number(b.batch_id)));
        steps.push({ label: 'record versions', seconds: (performance.now() - t0) / 1000 });
      }
      // Ingest keeps the daily rollups of the analyses' zone (src/db/rollups.ts): built here the same way, once
      // for everything generated (a first load builds them whole).
      {
        const t0 = performance.now();
        process.stderr.write('    generate: daily rollups…\n');
        await s.query('BEGIN');
        await addRollupZone(s, DEFAULT_TIME_ZONE);
        await noteRollupChange(s, 'contacts', null, null);
        await noteRollupChange(s, 'surveys', null, null);
        await refreshRollupsIn(s);
        await s.query('COMMIT');
        steps.push({ label: 'daily rollups', seconds: (performance.now() - t0) / 1000 });
      }
      if (vacuum) {
        const t0 = performance.now();
        process.stderr.write('    generate: VACUUM (ANALYZE)…\n');
        await s.query(`VACUUM (ANALYZE) ${[...FACT_TABLES, 'ingest_batch', 'training', ...ROLLUP_TABLES.contacts, ...ROLLUP_TABLES.surveys].join(', ')}`);
        steps.push({ label: 'VACUUM (ANALYZE)', seconds: (performance.now() - t0) / 1000 });
      }
    });
    const { rows } = await withSession(db, (s) =>
      s.query<Record<string, number>>(
        `SELECT ${FACT_TABLES.map((t) => `(SELECT count(*) FROM ${t})::float8 AS ${t}`).join(', ')},
                (SELECT count(*) FROM training)::float8 AS training, (SELECT count(*) FROM ingest_batch)::float8 AS ingest_batch`,
      ),
    );
    const counts = Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
    process.stdout.write(`${JSON.stringify({ plan, factor, steps, rows: counts, seconds: (performance.now() - started) / 1000 })}\n`);
  } finally {
    await db.close();
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`scale-generate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
