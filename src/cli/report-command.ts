/**
 * `servq report quarterly|monthly|scorecard|data-quality`: runs the report's analyses for the period, builds
 * the report and writes its folder (`report.html`, `report.pdf`, `charts/`, `tables/`, `manifest.json`). The
 * folder is written beside the old one and renamed into place, so a reader never sees half a report.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { gatherReportInputs } from '../analyze/report-inputs.js';
import { EmptyPeriodError, type Period } from '../analyze/index.js';
import { UnknownDimensionError } from '../db/metrics/grouped-query.js';
import { describeRefresh, refreshPendingRollups } from '../db/rollups.js';
import type { Database } from '../db/session.js';
import { isTimeZone } from '../ingest/time-zone.js';
import { buildReport, renderReportFiles, REPORT_KINDS, type Lang, type ReportFile, type ReportKind } from '../reports/index.js';
import { parseFilters, resolvePeriod } from './analyze-command.js';
import { CliError } from './cli-error.js';
import { withDatabase, type GlobalOptions } from './context.js';
import { reportAssets } from './report-assets.js';

export interface ReportCommandOptions {
  readonly period?: string;
  readonly lang: Lang;
  readonly out: string;
  readonly timeZone: string;
  readonly madeAt?: string;
  readonly filter?: readonly string[];
  readonly minN: number;
  readonly json?: boolean;
  readonly progress: boolean;
}

/** The grain of period the quarterly and monthly reports are written for (the others take any period). */
const REQUIRED_GRAIN: Readonly<Record<string, 'quarter' | 'month'>> = { quarterly: 'quarter', monthly: 'month' };

/** Where a report's files go: `<out>/<kind>-<period>[-zh]`. */
export function reportFolder(out: string, kind: ReportKind, period: Period, lang: Lang): string {
  return join(out, `${kind}-${period.label}${lang === 'en' ? '' : `-${lang}`}`);
}

/** Writes `files` into `dir`, replacing what was there only once every file is written. */
export function writeReportFiles(dir: string, files: readonly ReportFile[]): void {
  const staging = `${dir}.partial-${process.pid}`;
  const old = `${dir}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const f of files) {
      const path = join(staging, ...f.name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.bytes);
    }
  } catch (error) {
    // A full disk or a folder that cannot be written: nothing half-written stays behind.
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  let moved = false;
  try {
    renameSync(dir, old);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  }
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Put the previous report back where readers look for it.
    if (moved) renameSync(old, dir);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (moved) rmSync(old, { recursive: true, force: true });
}

export interface MadeReport {
  readonly kind: ReportKind;
  readonly folder: string;
  readonly files: readonly ReportFile[];
  readonly period: Period;
}

/** Gathers, builds, renders and writes one report; returns where it went. */
export async function makeReport(db: Database, kind: ReportKind, o: { period: Period; lang: Lang; out: string; timeZone: string; madeAt: Date; filters: Readonly<Record<string, readonly string[]>>; minN: number; progress?: (message: string) => void }): Promise<MadeReport> {
  const progress = o.progress ?? (() => {});
  const inputs = await gatherReportInputs(db, { kind, lang: o.lang, period: o.period, timeZone: o.timeZone, madeAt: o.madeAt, filters: o.filters, minN: o.minN, onAnalysis: (name) => progress(`analysis ${name}`) });
  const report = buildReport(inputs);
  const files = await renderReportFiles(report, reportAssets(), { onStage: (stage) => progress(`rendering ${stage}`) });
  const folder = reportFolder(o.out, kind, o.period, o.lang);
  writeReportFiles(folder, files);
  return { kind, folder, files, period: o.period };
}

/** A path as the user can paste it: relative when under the working directory, absolute otherwise. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel;
}

/** `--made-at`: an ISO time with its offset (Z or ±hh:mm), a real calendar day (2026-02-30 is refused, not March 2). */
export function parseMadeAt(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/.exec(text);
  const d = new Date(text);
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  // A time without an offset would be read in the machine's zone: the same --made-at would stamp other bytes elsewhere.
  if (!m || Number.isNaN(d.getTime()) || day!.getUTCFullYear() !== Number(m[1]) || day!.getUTCMonth() !== Number(m[2]) - 1 || day!.getUTCDate() !== Number(m[3])) {
    throw new CliError(`--made-at: expected an ISO time with its offset such as 2026-04-01T08:00:00Z or 2026-04-01T16:00:00+08:00, got '${text}'`, 2);
  }
  return d;
}

export async function runReport(kind: string, o: ReportCommandOptions, g: GlobalOptions): Promise<void> {
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) throw new CliError(`unknown report '${kind}'; choose one of: ${REPORT_KINDS.join(', ')}`, 2);
  if (!isTimeZone(o.timeZone)) throw new CliError(`--time-zone: '${o.timeZone}' is not a time-zone name (e.g. Asia/Shanghai, UTC)`, 2);
  const madeAt = parseMadeAt(o.madeAt);
  const filters = parseFilters(o.filter);
  const started = performance.now();
  const progress = o.progress && process.stderr.isTTY ? (m: string) => process.stderr.write(`servq: report ${kind}: ${m}…\n`) : undefined;
  await withDatabase(g, async (db) => {
    let period: Period;
    try {
      const resolved = await resolvePeriod(db, { ...(o.period !== undefined ? { period: o.period } : {}), timeZone: o.timeZone }, kind === 'monthly' ? 'month' : 'quarter');
      period = resolved.period;
      if (resolved.note && !o.json) console.error(`servq: ${resolved.note}`);
      // A quarterly report of a month would say "quarterly" over a month's numbers (and compare it with the month before).
      const grain = REQUIRED_GRAIN[kind];
      if (grain !== undefined && period.grain !== grain) {
        throw new CliError(`--period ${period.label}: the ${kind} report is for a ${grain} (e.g. ${grain === 'quarter' ? '2026-Q1' : '2026-03'}); for a ${period.grain === 'month' ? 'month use servq report monthly' : period.grain === 'quarter' ? 'quarter use servq report quarterly' : 'other period use servq report scorecard or data-quality'}`, 2);
      }
    } catch (error) {
      if (error instanceof RangeError) throw new CliError(error.message.replace(/^period: /, '--period: '), 2);
      throw error;
    }
    const refreshed = await refreshPendingRollups(db);
    if (refreshed !== null && refreshed.seconds >= 1) console.error(`servq: first the data loaded since the last analysis: ${describeRefresh(refreshed)}`);
    let made: MadeReport;
    try {
      made = await makeReport(db, kind as ReportKind, { period, lang: o.lang, out: o.out, timeZone: o.timeZone, madeAt, filters, minN: o.minN, ...(progress ? { progress } : {}) });
    } catch (error) {
      if (error instanceof EmptyPeriodError) throw new CliError(`report ${kind}: ${error.message}`);
      if (error instanceof UnknownDimensionError) throw new CliError(`--filter: unknown dimension '${error.dimension}'; valid: ${error.valid.join(', ')}`, 2);
      throw error;
    }
    if (o.json) {
      process.stdout.write(`${JSON.stringify({ report: kind, folder: made.folder, period: period.label, files: made.files.map((f) => f.name) })}\n`);
    } else {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${kind} report ${period.label} (${o.lang}): ${made.files.length} files in ${shownPath(made.folder)} (${seconds} s)`);
      console.log(`  ${shownPath(join(made.folder, 'report.html'))}`);
      console.log(`  ${shownPath(join(made.folder, 'report.pdf'))}`);
    }
  });
}
