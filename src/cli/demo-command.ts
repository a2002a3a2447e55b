/**
 * `servq demo` (what `npm start` runs): generates a seeded sample data set as raw export files — mixed
 * formats, encodings and header languages, with a sprinkle of dirty rows — then ingests them exactly as a
 * user's exports, and prints the batch summary and a summary of the loaded data.
 */
import { describeRefresh, refreshRollups } from '../db/rollups.js';
import { relative } from 'node:path';
import { generateDemo } from '../demo/generate.js';
import { DEMO_TIME_ZONE } from '../demo/planted-effects.js';
import { DEFAULT_MAX_REJECT_RATE } from '../ingest/defaults.js';
import type { SourceKind } from '../ingest/fields.js';
import type { IngestResult } from '../ingest/ingest-file.js';
import { count, withDatabase, type GlobalOptions } from './context.js';
import { ingestFiles, ingestOptions, printSummary } from './ingest-command.js';
import { interruptOnSignals } from './interrupt.js';
import { printDataSummary } from './summary-command.js';
import { printHeadline } from './headline.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withSession } from '../db/session.js';
import { generateTrainings, trainingsCsv } from '../demo/trainings.js';
import { DEFAULT_DEMO_FROM, DEFAULT_DEMO_TO } from '../demo/generate.js';
import { runTrainingsImport } from './trainings-command.js';
import { parsePeriod, REQUEST_DEFAULTS } from '../analyze/index.js';

export async function runDemo(o: { out: string; seed: number; scale: number; progress: boolean; reports: string | false }, g: GlobalOptions): Promise<number> {
  const t0 = performance.now();
  console.log(`Generating the demo data set (seed ${o.seed}, scale ${o.scale}) into ${o.out} …`);
  const manifest = await generateDemo({ outDir: o.out, seed: o.seed, scale: o.scale });
  for (const f of manifest.files) {
    console.log(`  ${relative(process.cwd(), f.path)}  ${f.kind}, ${f.format}, ${f.encoding}, ${count(f.rows)} rows (${f.dirtyRows} dirty)`);
  }
  const interrupt = interruptOnSignals();
  try {
    return await withDatabase(g, async (db) => {
      interrupt.watch(db);
      console.log(`Ingesting into the ${db.description} …`);
      const results: IngestResult[] = [];
      // Calls first, so survey answers can be checked against the contacts they rate.
      for (const kind of ['calls', 'complaints', 'surveys'] as const satisfies readonly SourceKind[]) {
        const files = manifest.files.filter((f) => f.kind === kind).map((f) => f.path);
        if (files.length === 0) continue;
        const options = { ...ingestOptions(kind, { timeZone: DEMO_TIME_ZONE, maxRejectRate: DEFAULT_MAX_REJECT_RATE, minDate: '2000-01-01', progress: o.progress }, interrupt.signal), rollupZone: DEMO_TIME_ZONE };
        results.push(...(await ingestFiles(db, files, options, { json: false, progress: o.progress })));
        if (interrupt.signal.aborted) break;
      }
      interrupt.settle();
      printSummary(results);
      // What `servq analyze` would do first: the daily rollups of the loaded days (src/db/rollups.ts).
      if (!interrupt.signal.aborted) console.log(`Analyses read daily rollups: ${describeRefresh(await refreshRollups(db))}.`);
      if (!interrupt.signal.aborted) {
        // The trainings agents took, for `servq analyze training`: imported as a user would, from a CSV.
        const agents = await withSession(db, async (x) => (await x.query<{ agent_code: string }>(`SELECT DISTINCT agent_code FROM contact WHERE agent_code IS NOT NULL ORDER BY 1`)).rows.map((r) => r.agent_code));
        const trainingsFile = join(o.out, 'trainings.csv');
        writeFileSync(trainingsFile, trainingsCsv(generateTrainings({ seed: o.seed, agents, from: DEFAULT_DEMO_FROM, to: DEFAULT_DEMO_TO })));
        await runTrainingsImport(trainingsFile, {}, (work) => work(db));
      }
      // The loaded sources, then the latest full quarter as a quality manager reads it (servq summary: all of it).
      await printDataSummary(db, DEMO_TIME_ZONE, { sourcesOnly: true });
      const quarter = await printHeadline(db, DEMO_TIME_ZONE, new Date());
      if (quarter && o.reports !== false && !interrupt.signal.aborted) {
        // The quarterly report and the leadership scorecard of that quarter, as `servq report` writes them.
        const { makeReport, shownPath } = await import('./report-command.js');
        // The report runs the quarter's whole set of analyses: the heap settings of `servq analyze` (heap-growth.ts).
        (await import('./heap-growth.js')).limitHeapGrowthForAnalyses();
        console.log(`\nReports for ${quarter}:`);
        for (const kind of ['quarterly', 'scorecard'] as const) {
          const started = performance.now();
          const made = await makeReport(db, kind, { period: parsePeriod(quarter), lang: 'en', out: o.reports, timeZone: DEMO_TIME_ZONE, madeAt: new Date(), filters: {}, minN: REQUEST_DEFAULTS.minN });
          console.log(`  ${kind}: ${shownPath(join(made.folder, 'report.html'))} · report.pdf · ${made.files.length} files (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      console.log(`\nDone in ${seconds.toFixed(1)} s. Next: servq report quarterly --lang zh · servq analyze --list · servq analyze sla${quarter ? ` --period ${quarter}` : ''} · servq batches · servq ingest calls YOUR-EXPORT.csv · servq pipelines · npm run notebooks · servq --help`);
      return results.every((r) => r.status !== 'failed') ? 0 : 1;
    });
  } finally {
    interrupt.dispose();
  }
}
