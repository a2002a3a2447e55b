/**
 * The steps pipelines are made of. Each calls what the command line calls — `ingestFile`, the rollup
 * refresh, `runAnalysis`, `makeReport` — so a scheduled run does exactly what the commands do by hand.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ANALYSES, EmptyPeriodError, REQUEST_DEFAULTS, parsePeriod, runAnalysis, type AnalysisDocument } from '../analyze/index.js';
import { describeRefresh, refreshPendingRollups, rollupsEnabled } from '../db/rollups.js';
import { withSession } from '../db/session.js';
import { ingestFile, type IngestResult } from '../ingest/ingest-file.js';
import type { SourceKind } from '../ingest/fields.js';
import { profileProblem } from '../ingest/profile.js';
import type { ReportKind } from '../reports/index.js';
import { documentCsv } from '../cli/analyze-command.js';
import { ingestOptions } from '../cli/ingest-command.js';
import { makeReport, shownPath } from '../cli/report-command.js';
import { count } from '../cli/context.js';
import type { Step, StepContext, StepResult } from './define.js';
import { moveToDone, moveToFailed, reasonText, scanInbox, strayFiles, unreadable, type InboxFile } from './inbox.js';
import { isTransient } from './retry.js';

/** The order kinds load in: calls first, so survey answers can be checked against the contacts they rate. */
const LOAD_ORDER: readonly SourceKind[] = ['calls', 'complaints', 'surveys'];

/**
 * Ingests the files waiting in each kind's inbox folder (`servq.config.json` → `inbox`), one batch per file,
 * then moves each to `done/` or `failed/` (with `<name>.reason.txt`). Files still being written are left.
 * Status 'warning' when a file was refused, or a kind's settings (its profile) cannot be used: its files wait.
 */
export function ingestInbox(): Step {
  return {
    name: 'ingest inbox',
    async run(c: StepContext): Promise<StepResult> {
      const counts = { files: 0, loaded: 0, skipped: 0, failed: 0, left: 0, unmoved: 0, blocked: 0, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsDuplicate: 0 };
      const kinds = [...c.config.inbox.kinds].sort((a, b) => LOAD_ORDER.indexOf(a.kind) - LOAD_ORDER.indexOf(b.kind));
      const settingProblems: string[] = [];
      const kindInRoot = kinds.some((k) => resolve(k.dir) === resolve(c.config.inbox.dir));
      for (const name of kindInRoot ? [] : strayFiles(c.config.inbox.dir)) {
        c.log(`${name}: in the inbox folder itself, not a kind's folder; not loaded (move it into ${kinds.map((k) => shownPath(k.dir)).join(', ')})`);
      }
      // Every kind's folder is looked at over the same settle window (one wait per run, not one per kind).
      const scans = await Promise.all(kinds.map((k) => scanInbox(k.dir, c.config.inbox.settleSeconds * 1000, () => c.now().getTime(), c.signal)));
      for (const [i, k] of kinds.entries()) {
        c.signal.throwIfAborted();
        const scan = scans[i]!;
        counts.left += scan.growing.length;
        for (const f of scan.growing) c.log(`${shownPath(f.path)}: still being written (size or time changed); left for the next run`);
        for (const name of scan.badLinks) c.log(`${shownPath(join(k.dir, name))}: a symbolic link to no file (its target is missing or a folder); not loaded`);
        if (scan.ready.length === 0) continue;
        // The ingest options of `servq ingest`, from the kind's inbox settings; the rollups are kept in the
        // pipeline's zone and refreshed by the next step, once for all files.
        // (The kind's settings carry `servq ingest`'s option names.)
        const { kind: _kind, dir: _dir, ...settings } = k;
        let kindOptions: ReturnType<typeof ingestOptions>;
        try {
          // Times without an offset: the kind's zone, else its profile's, else its preset's, else the pipeline's.
          kindOptions = ingestOptions(k.kind, { ...settings, progress: false, defaultTimeZone: c.params.timeZone }, c.signal);
        } catch (error) {
          // The kind's profile cannot be read (missing or broken; the config warns of it): its files wait in the
          // inbox; the other kinds load and the rollups are refreshed. Any other error of the options fails the step.
          const unusable = k.map === undefined ? undefined : profileProblem(k.map);
          if (unusable === undefined) throw error;
          const problem = `inbox.kinds.${k.kind}.map: ${unusable}`;
          settingProblems.push(problem);
          counts.blocked += scan.ready.length;
          c.log(`${k.kind}: ${scan.ready.length} file(s) not loaded — ${problem}; fix ${c.config.file ?? 'servq.config.json'}`);
          continue;
        }
        const options = {
          ...kindOptions,
          nowMs: c.now().getTime(),
          rollupZone: c.params.timeZone,
          refreshRollups: false,
          actor: `servq pipeline ${c.pipeline} run #${c.runId}`,
          reason: `inbox of ${c.pipeline} (run #${c.runId})`,
        };
        for (const file of scan.ready) {
          c.signal.throwIfAborted();
          // Gone since the scan (moved away by someone else): nothing to load, nothing to move.
          if (!existsSync(file.path)) {
            c.log(`${file.name}: gone from the inbox before it was loaded; skipped`);
            continue;
          }
          counts.files++;
          const cannotRead = unreadable(file.path);
          const result: IngestResult = cannotRead
            ? { file: file.path, kind: k.kind, batchId: null, status: 'failed', rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsDuplicate: 0, error: cannotRead, seconds: 0 }
            : await ingestFile(c.db, file.path, options);
          // Interrupted: the batch rolled back; the file stays in the inbox for the next run.
          c.signal.throwIfAborted();
          if (result.status === 'failed' && !cannotRead) {
            const cause = await notTheFilesFault(c, result);
            if (cause !== undefined) throw cause;
          }
          counts.rowsRead += result.rowsRead;
          counts.rowsLoaded += result.rowsLoaded;
          counts.rowsRejected += result.rowsRejected;
          counts.rowsDuplicate += result.rowsDuplicate;
          if (result.status === 'failed') {
            counts.failed++;
            // Only for the reason's wording: a failed count must not fail the step after the batch committed.
            const rejectedKept = result.batchId === null ? 0 : await rejectedRowsOf(c, result.batchId).catch(() => 0);
            const to = move(
              c,
              () => moveToFailed(file, reasonText({ file: file.name, kind: k.kind, error: result.error ?? 'refused', batchId: result.batchId, rejectedKept, at: c.now(), runId: c.runId, pipeline: c.pipeline })),
              file,
            );
            if (to === undefined) counts.unmoved++;
            c.log(`${file.name} (${k.kind}): refused — ${result.error}${to !== undefined ? `; moved to ${shownPath(to)} (reason in ${shownPath(`${to}.reason.txt`)})` : ''}`);
          } else {
            if (result.status === 'loaded') counts.loaded++;
            else counts.skipped++;
            const to = move(c, () => moveToDone(file), file);
            if (to === undefined) counts.unmoved++;
            const where = to !== undefined ? `; moved to ${shownPath(to)}` : '';
            c.log(
              result.status === 'loaded'
                ? `${file.name} (${k.kind}): batch ${result.batchId}, ${count(result.rowsLoaded)} rows loaded, ${count(result.rowsRejected)} rejected, ${count(result.rowsDuplicate)} duplicate${result.timeZone ? `, times without an offset read in ${result.timeZone}` : ''}${where}`
                : `${file.name} (${k.kind}): not loaded again — ${result.message ?? 'already loaded'}${where}`,
            );
          }
        }
      }
      const blocked = settingProblems.length > 0 ? `; ${counts.blocked} not loaded: ${settingProblems.join('; ')}` : '';
      const detail =
        counts.files + counts.left + counts.blocked === 0
          ? 'inbox empty'
          : `${counts.files} file(s): ${counts.loaded} loaded (${count(counts.rowsLoaded)} rows), ${counts.skipped} already loaded, ${counts.failed} refused${counts.left > 0 ? `; ${counts.left} still being written, left for the next run` : ''}${counts.unmoved > 0 ? `; ${counts.unmoved} could not be moved out of the inbox` : ''}${blocked}`;
      return { status: counts.failed > 0 || counts.unmoved > 0 || counts.blocked > 0 ? 'warning' : 'succeeded', counts, detail };
    },
  };
}

/** Operating-system errors in a load's error text that blame the machine (disk full, too many files), not the file. */
const MACHINE_TROUBLE = /\b(ENOSPC|EMFILE|ENFILE|EIO|ENOMEM|EDQUOT)\b/;

/**
 * Why a refused load is not the file's fault, or undefined when it is. The file is the cause of a refusal
 * servq decided (mapping, encoding, syntax, error budget: no SQLSTATE) or of a data exception or constraint
 * violation (SQLSTATE classes 22 and 23); anything else the database or the machine answered — a lost
 * connection, a full disk, missing privileges, a read-only server — leaves the file in the inbox, and the
 * error goes up (retried by the runner when transient, see retry.ts).
 */
async function notTheFilesFault(c: StepContext, result: IngestResult): Promise<Error | undefined> {
  const text = result.error ?? 'refused';
  const code = /SQLSTATE (\w{5})/.exec(text)?.[1];
  const error = Object.assign(new Error(`loading ${basename(result.file)}: ${text}`), code !== undefined ? { code } : {});
  if (code !== undefined) return /^2[23]/.test(code) ? undefined : error;
  if (isTransient(error) || MACHINE_TROUBLE.test(text)) return error;
  try {
    await withSession(c.db, (s) => s.query('SELECT 1'));
  } catch (cause) {
    return new Error(`loading ${basename(result.file)} failed and the database does not answer: ${text}`, { cause });
  }
  return undefined;
}

/** Rejected rows stored with a refused file's failed batch (its first ones when refused for its reject rate). */
async function rejectedRowsOf(c: StepContext, batchId: number): Promise<number> {
  const { rows } = await withSession(c.db, (s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM rejected_row WHERE batch_id = $1', [batchId]));
  return rows[0]?.n ?? 0;
}

/** Moves a handled file, or says why it stayed (the step then ends with a warning). */
function move(c: StepContext, to: () => string, file: InboxFile): string | undefined {
  try {
    return to();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    c.log(`${file.name}: could not be moved out of the inbox (${e.code ?? e.message}); check that servq may write to ${shownPath(dirname(file.path))}; it stays there and the next run skips it as already loaded`);
    return undefined;
  }
}

/** Brings the daily rollups up to date for everything loaded since (what `servq analyze` does first). */
export function refreshRollups(): Step {
  return {
    name: 'refresh rollups',
    async run(c: StepContext): Promise<StepResult> {
      const r = await refreshPendingRollups(c.db);
      if (r === null) return { counts: {}, detail: rollupsEnabled() ? 'daily rollups already up to date' : 'daily rollups are off (SERVQ_ROLLUPS=off): analyses read the rows' };
      return { counts: { contactDays: r.days.contacts, surveyDays: r.days.surveys, built: r.built.length }, detail: describeRefresh(r) };
    },
  };
}

/** Writes `text` to `path` whole: a reader never sees half a file. */
function writeWhole(path: string, text: string): void {
  const partial = `${path}.partial-${process.pid}`;
  writeFileSync(partial, text);
  renameSync(partial, path);
}

/**
 * Runs one analysis for the run's period and writes `<outputs>/<pipeline>/<analysis>-<period>.json` and
 * `.csv` (the documents `servq analyze --format json|csv` prints). A period without data is a warning.
 */
export function analysis(name: string, o: { by?: readonly string[] } = {}): Step {
  if (!ANALYSES[name]) throw new Error(`pipeline step: unknown analysis '${name}'; choose one of: ${Object.keys(ANALYSES).join(', ')}`);
  return {
    name: `analyze ${name}${o.by?.length ? ` by ${o.by.join(',')}` : ''}`,
    async run(c: StepContext): Promise<StepResult> {
      const period = parsePeriod(requirePeriod(c));
      let doc: AnalysisDocument;
      try {
        doc = await runAnalysis(c.db, ANALYSES[name]!, { ...REQUEST_DEFAULTS, period, by: o.by ?? [], filters: {}, timeZone: c.params.timeZone, minN: c.config.reports.minN, generatedAt: c.now() });
      } catch (error) {
        if (error instanceof EmptyPeriodError) return { status: 'warning', counts: { rows: 0 }, detail: `no data for ${period.label}: ${error.message}` };
        throw error;
      }
      const dir = join(c.config.outputs, c.pipeline);
      mkdirSync(dir, { recursive: true });
      const base = join(dir, `${name}${o.by?.length ? `-by-${o.by.join('-')}` : ''}-${period.label}`);
      writeWhole(`${base}.json`, `${JSON.stringify(doc, null, 2)}\n`);
      writeWhole(`${base}.csv`, documentCsv(doc));
      return { counts: { rows: doc.rows.length }, detail: `${doc.rows.length} rows → ${shownPath(`${base}.json`)} and .csv` };
    },
  };
}

function requirePeriod(c: StepContext): string {
  if (c.params.period === undefined) throw new Error(`pipeline ${c.pipeline} declares no period; give one with --period`);
  return c.params.period;
}

/**
 * Writes a report (`servq report KIND`) for the run's period in each configured language, into the
 * configured reports folder. A period without data is a warning (nothing written), not a failure.
 */
export function report(kind: ReportKind): Step {
  return {
    name: `report ${kind}`,
    async run(c: StepContext): Promise<StepResult> {
      const period = parsePeriod(requirePeriod(c));
      const folders: string[] = [];
      let files = 0;
      for (const lang of c.config.reports.languages) {
        c.signal.throwIfAborted();
        try {
          const made = await makeReport(c.db, kind, { period, lang, out: c.config.reports.out, timeZone: c.params.timeZone, madeAt: c.now(), filters: {}, minN: c.config.reports.minN });
          folders.push(shownPath(made.folder));
          files += made.files.length;
        } catch (error) {
          if (error instanceof EmptyPeriodError) return { status: 'warning', counts: { reports: folders.length, files }, detail: `no data for ${period.label}, no ${kind} report written: ${error.message}` };
          throw error;
        }
      }
      return { counts: { reports: folders.length, files }, detail: `${kind} ${period.label}: ${folders.join(', ')}` };
    },
  };
}
