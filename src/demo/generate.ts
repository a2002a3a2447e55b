/**
 * `generateDemo`: writes a seeded, realistic set of raw export files of a telecom service center (calls,
 * surveys, complaints; English and Chinese; UTF-8 and GB18030; CSV, TSV, NDJSON, JSON) for `servq demo` to
 * ingest exactly like a user's exports.
 *
 * Stages:
 *   1. options → period (local days in Asia/Shanghai), export moment (23:59:59 on the last day), seeded streams
 *      (model, population, and per file a presentation stream and a dirty-row stream);
 *   2. population: 40 agents in 6 teams (two move team), customers (`population.ts`);
 *   3. layouts: calls split at +6 and +12 months into English CSV / GB18030 CSV / TSV; surveys by method into
 *      CSV and NDJSON; complaints split at +12 months into GB18030 CSV and a JSON array (`*-layouts.ts`);
 *   4. simulation day by day (`model.ts`), each record routed to its file's `LayoutWriter` as it is made,
 *      awaiting back-pressure after every day;
 *   5. close the files and return the manifest (counts, dirty rows, digests, planted effects).
 *
 * Same seed and options ⇒ byte-identical files.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SourceKind } from '../ingest/fields.js';
import { callsChineseLayout, callsEnglishLayout, callsTsvLayout } from './call-layouts.js';
import { complaintsCsvLayout, complaintsJsonLayout } from './complaint-layouts.js';
import { expectedIngestOutcome, type DirtyKind } from './dirty.js';
import type { FileLayout } from './layout.js';
import { addMonths, DAY_MS, formatLocalDate, parseLocalDate } from './local-time.js';
import { DemoSimulation, type MajorFault } from './model.js';
import { DEMO_TIME_ZONE, PLANTED_EFFECTS } from './planted-effects.js';
import { buildPopulation } from './population.js';
import { SeededRandom } from './random.js';
import type { DemoComplaint, DemoContact, DemoRecordSink, DemoSurvey } from './records.js';
import { surveysCsvLayout, surveysNdjsonLayout } from './survey-layouts.js';
import { BASE_CUSTOMERS } from './world.js';
import { LayoutWriter } from './write.js';

/** Options of `generateDemo`. */
export interface DemoOptions {
  /** Folder to write into (created if missing; existing demo files are overwritten). */
  readonly outDir: string;
  /** Seed of every random choice; default 20250101. */
  readonly seed?: number;
  /** First day `YYYY-MM-DD` (Asia/Shanghai); default 2025-01-01. */
  readonly from?: string;
  /** Last day `YYYY-MM-DD`, inclusive; default 2026-03-31. */
  readonly to?: string;
  /** Volume multiplier; default 1 (≈ 71k contacts, 7.7k surveys, 2.1k complaints over the default period). */
  readonly scale?: number;
}

/** One written file. */
export interface DemoFile {
  /** Absolute path. */
  readonly path: string;
  readonly fileName: string;
  readonly kind: SourceKind;
  readonly format: 'csv' | 'json' | 'ndjson';
  readonly encoding: 'utf-8' | 'gb18030';
  readonly bom: boolean;
  /** ',' or '\t'; null for JSON. */
  readonly delimiter: string | null;
  /** 1-based line of the header row; null for JSON. */
  readonly headerLine: number | null;
  /** Header names (CSV) or keys (JSON), all aliases from `ingest/fields.ts`. */
  readonly headers: readonly string[];
  /** Data rows / objects written, including dirty rows and duplicates. */
  readonly rows: number;
  /** Rows spoiled on purpose (a duplicate counts once). */
  readonly dirtyRows: number;
  readonly dirtyByKind: Readonly<Record<DirtyKind, number>>;
  /** Rows a correct ingest rejects (`DIRTY_KINDS[k].outcome === 'reject'`). */
  readonly expectedRejected: number;
  /** Rows a correct ingest records as duplicates. */
  readonly expectedDuplicates: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** What `generateDemo` wrote and what the data contain. */
export interface DemoManifest {
  readonly outDir: string;
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly scale: number;
  readonly timeZone: string;
  readonly files: readonly DemoFile[];
  /** Clean record counts (before dirty rows and duplicates). */
  readonly totals: {
    readonly contacts: number;
    readonly answered: number;
    readonly surveys: number;
    readonly complaints: number;
    readonly customers: number;
    readonly agents: number;
  };
  readonly teamMoves: readonly { readonly agentCode: string; readonly fromTeam: string; readonly toTeam: string; readonly date: string }[];
  readonly majorFaults: readonly { readonly date: string; readonly region: string; readonly startHour: number; readonly hours: number }[];
  readonly plantedEffects: typeof PLANTED_EFFECTS;
}

/** Default seed. */
export const DEFAULT_DEMO_SEED = 20250101;
/** Default first day. */
export const DEFAULT_DEMO_FROM = '2025-01-01';
/** Default last day (inclusive). */
export const DEFAULT_DEMO_TO = '2026-03-31';

/**
 * A period's label for file names: `2025`, `2025H1`, `2026Q1`, else `20250315-20250614`.
 * @param startMs local midnight of the first day @param endMs local midnight after the last day
 * @example periodLabel(parseLocalDate('2025-07-01'), parseLocalDate('2026-01-01')) // => '2025H2'
 */
export function periodLabel(startMs: number, endMs: number): string {
  const s = new Date(startMs);
  const y = s.getUTCFullYear();
  const m = s.getUTCMonth();
  if (s.getUTCDate() === 1) {
    if (m === 0 && endMs === addMonths(startMs, 12)) return String(y);
    if (m % 6 === 0 && endMs === addMonths(startMs, 6)) return `${y}H${m / 6 + 1}`;
    if (m % 3 === 0 && endMs === addMonths(startMs, 3)) return `${y}Q${m / 3 + 1}`;
  }
  return `${formatLocalDate(startMs).replaceAll('-', '')}-${formatLocalDate(endMs - DAY_MS).replaceAll('-', '')}`;
}

/** A file that receives the records of one kind within a time range. */
interface Route<R> {
  readonly writer: LayoutWriter<R>;
  readonly fromMs: number;
  readonly toMs: number;
}

function route<R>(routes: readonly Route<R>[], ms: number): LayoutWriter<R> | undefined {
  for (const r of routes) if (ms >= r.fromMs && ms < r.toMs) return r.writer;
  // Times past the last boundary (a survey answered after the period) go to the last file.
  return routes.length > 0 && ms >= routes[routes.length - 1]!.toMs ? routes[routes.length - 1]!.writer : routes[0]?.writer;
}

/** Routes records to writers and counts them. */
class Router implements DemoRecordSink {
  contacts = 0;
  answered = 0;
  surveys = 0;
  complaints = 0;

  constructor(
    private readonly calls: readonly Route<DemoContact>[],
    private readonly interviews: LayoutWriter<DemoSurvey>,
    private readonly online: LayoutWriter<DemoSurvey>,
    private readonly tickets: readonly Route<DemoComplaint>[],
  ) {}

  onContact(c: DemoContact): void {
    this.contacts++;
    if (c.answered) this.answered++;
    route(this.calls, c.startedMs)?.add(c);
  }

  onSurvey(s: DemoSurvey): void {
    this.surveys++;
    (s.method === 'online' ? this.online : this.interviews).add(s);
  }

  onComplaint(c: DemoComplaint): void {
    this.complaints++;
    route(this.tickets, c.receivedMs)?.add(c);
  }
}

function checkOptions(o: DemoOptions): { seed: number; from: string; to: string; scale: number; fromMs: number; endMs: number } {
  const seed = o.seed ?? DEFAULT_DEMO_SEED;
  const from = o.from ?? DEFAULT_DEMO_FROM;
  const to = o.to ?? DEFAULT_DEMO_TO;
  const scale = o.scale ?? 1;
  if (!Number.isFinite(seed)) throw new RangeError(`generateDemo: seed must be a finite number, got ${seed}`);
  if (!(scale > 0 && scale <= 1000)) throw new RangeError(`generateDemo: scale must be in (0, 1000], got ${scale}`);
  const fromMs = parseLocalDate(from);
  const endMs = parseLocalDate(to) + DAY_MS;
  if (endMs <= fromMs) throw new RangeError(`generateDemo: 'to' (${to}) must not be before 'from' (${from})`);
  return { seed, from, to, scale, fromMs, endMs };
}

/**
 * Generates the demo exports into `options.outDir` and returns the manifest.
 *
 * @param options output folder, seed, period (`from`/`to`, `YYYY-MM-DD`, Asia/Shanghai) and volume `scale`
 * @throws RangeError on a non-finite seed, a scale outside (0, 1000], or a bad/empty period
 * @example
 * const manifest = await generateDemo({ outDir: 'demo-data', seed: 7, scale: 0.1 });
 * manifest.files.map((f) => f.fileName) // => ['calls-2025H1.csv', 'calls-2025H2-gb18030.csv', 'calls-2026Q1.tsv', …]
 */
export async function generateDemo(options: DemoOptions): Promise<DemoManifest> {
  const { seed, from, to, scale, fromMs, endMs } = checkOptions(options);
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const days = Math.round((endMs - fromMs) / DAY_MS);
  const exportMs = endMs - 1000;
  const root = new SeededRandom(seed);
  const population = buildPopulation(root.fork('population'), Math.max(50, Math.round(BASE_CUSTOMERS * scale)), days);
  const simulation = new DemoSimulation(root.fork('model'), population, { fromMs, days, scale, exportMs });

  const writers: LayoutWriter<never>[] = [];
  const open = <R>(layout: FileLayout<R>): LayoutWriter<R> => {
    const writer = new LayoutWriter(layout, resolve(outDir, layout.fileName), root.fork('format:' + layout.fileName), root.fork('dirt:' + layout.fileName));
    writers.push(writer as unknown as LayoutWriter<never>);
    return writer;
  };

  // Calls: three vendors' exports over consecutive ranges (+6 and +12 months from the start month).
  const b1 = Math.min(endMs, Math.max(fromMs, addMonths(fromMs, 6)));
  const b2 = Math.min(endMs, Math.max(b1, addMonths(fromMs, 12)));
  const callRoutes: Route<DemoContact>[] = [];
  if (b1 > fromMs) callRoutes.push({ writer: open(callsEnglishLayout(`calls-${periodLabel(fromMs, b1)}.csv`)), fromMs, toMs: b1 });
  if (b2 > b1) {
    const title = `呼叫明细报表（${formatLocalDate(b1)} 至 ${formatLocalDate(b2 - DAY_MS)}）`;
    callRoutes.push({ writer: open(callsChineseLayout(`calls-${periodLabel(b1, b2)}-gb18030.csv`, title)), fromMs: b1, toMs: b2 });
  }
  if (endMs > b2) callRoutes.push({ writer: open(callsTsvLayout(`calls-${periodLabel(b2, endMs)}.tsv`)), fromMs: b2, toMs: endMs });

  const interviews = open(surveysCsvLayout('surveys-interviews.csv'));
  const online = open(surveysNdjsonLayout('surveys-online.ndjson'));

  const complaintRoutes: Route<DemoComplaint>[] = [];
  if (b2 > fromMs) complaintRoutes.push({ writer: open(complaintsCsvLayout(`complaints-${periodLabel(fromMs, b2)}-gb18030.csv`)), fromMs, toMs: b2 });
  if (endMs > b2) complaintRoutes.push({ writer: open(complaintsJsonLayout(`complaints-${periodLabel(b2, endMs)}.json`)), fromMs: b2, toMs: endMs });

  const router = new Router(callRoutes, interviews, online, complaintRoutes);
  for (let d = 0; d < days; d++) {
    simulation.simulateDay(d, router);
    for (const w of writers) await w.drained();
  }

  const files: DemoFile[] = [];
  for (const w of writers) {
    const result = await w.finish();
    const layout = w.layout;
    const expected = expectedIngestOutcome(result.dirtyByKind);
    files.push({
      path: resolve(outDir, layout.fileName),
      fileName: layout.fileName,
      kind: layout.kind,
      format: layout.format,
      encoding: layout.encoding,
      bom: layout.bom,
      delimiter: layout.format === 'csv' ? layout.delimiter : null,
      headerLine: result.headerLine,
      headers: layout.headers,
      rows: result.rows,
      dirtyRows: result.dirtyRows,
      dirtyByKind: result.dirtyByKind,
      expectedRejected: expected.rejected,
      expectedDuplicates: expected.duplicates,
      bytes: result.bytes,
      sha256: result.sha256,
    });
  }
  return {
    outDir,
    seed,
    from,
    to,
    scale,
    timeZone: DEMO_TIME_ZONE,
    files,
    totals: {
      contacts: router.contacts,
      answered: router.answered,
      surveys: router.surveys,
      complaints: router.complaints,
      customers: population.customers.length,
      agents: population.agents.length,
    },
    teamMoves: population.moves.map((m) => ({ agentCode: m.agentCode, fromTeam: m.fromTeam, toTeam: m.toTeam, date: formatLocalDate(fromMs + m.day * DAY_MS) })),
    majorFaults: simulation.faults.map((f: MajorFault) => ({ date: formatLocalDate(fromMs + f.day * DAY_MS), region: f.region, startHour: f.startHour, hours: f.hours })),
    plantedEffects: PLANTED_EFFECTS,
  };
}
