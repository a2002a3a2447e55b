/**
 * `servq demo` (what `npm start` runs): generates a seeded sample data set as raw export files — mixed
 * formats, encodings and header languages, with a sprinkle of dirty rows — then ingests them exactly as a
 * user's exports, and prints the batch summary and a summary of the loaded data.
 */
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

export async function runDemo(o: { out: string; seed: number; scale: number; progress: boolean }, g: GlobalOptions): Promise<number> {
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
        const options = ingestOptions(kind, { timeZone: DEMO_TIME_ZONE, maxRejectRate: DEFAULT_MAX_REJECT_RATE, minDate: '2000-01-01', progress: o.progress }, interrupt.signal);
        results.push(...(await ingestFiles(db, files, options, { json: false, progress: o.progress })));
        if (interrupt.signal.aborted) break;
      }
      interrupt.settle();
      printSummary(results);
      await printDataSummary(db, DEMO_TIME_ZONE);
      const seconds = (performance.now() - t0) / 1000;
      console.log(`\nDone in ${seconds.toFixed(1)} s. Next: servq batches · servq rejects BATCH · servq ingest calls YOUR-EXPORT.csv · servq --help`);
      return results.every((r) => r.status !== 'failed') ? 0 : 1;
    });
  } finally {
    interrupt.dispose();
  }
}
