/**
 * Small hand-built call logs for the edge cases of the time-series analyses (too short a history, an empty
 * period, a constant series): a fresh database of `target` with one loaded call export whose days, volumes
 * and waits are given exactly. Times are UTC wall times; analyse them with `timeZone: 'UTC'`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REQUEST_DEFAULTS, type AnalysisDocument, type AnalyzeRequest, type Period } from '../../src/analyze/index.js';
import { addDays } from '../../src/analyze/period.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import type { OpenTestDatabase, TestDatabase } from '../helpers/databases.js';

export interface DailyCalls {
  /** First day (YYYY-MM-DD). */
  readonly from: string;
  readonly days: number;
  /** Calls per day (a number, or per day index). */
  readonly perDay: number | ((day: number) => number);
  readonly channel?: string;
  /** Queue wait of every call, seconds (default 20). */
  readonly waitSeconds?: number;
  /** Talk time of every call, seconds (default 300). */
  readonly talkSeconds?: number;
}

/** Opens `target` with the calls of `spec` loaded (call k of a day starts at 08:00 + k·7 min, answered). */
export async function openCallsDatabase(target: TestDatabase, spec: DailyCalls): Promise<OpenTestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'servq-series-'));
  const lines = ['call_id,start_time,channel,status,wait_time,talk_time,agent,team,region,phone'];
  for (let d = 0; d < spec.days; d++) {
    const day = addDays(spec.from, d);
    const n = typeof spec.perDay === 'number' ? spec.perDay : spec.perDay(d);
    for (let k = 0; k < n; k++) {
      const minute = 8 * 60 + k * 7;
      const time = `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
      lines.push(`F${d}-${k},${day} ${time},${spec.channel ?? 'phone'},接通,${spec.waitSeconds ?? 20},${spec.talkSeconds ?? 300},A${k % 5},T1,华东,1380000${String(k).padStart(4, '0')}`);
    }
  }
  const path = join(dir, 'calls.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const t = await target.open();
  const r = await ingestFile(t.db, path, { kind: 'calls', hasher: new KeyedHasher(Buffer.alloc(32, 3)), timeZone: 'UTC', nowMs: Date.UTC(2027, 0, 1), maxRejectRate: 0 });
  if (r.status !== 'loaded') throw new Error(`fixture calls were not loaded: ${r.status} ${r.error ?? ''}`);
  return {
    get db() {
      return t.db;
    },
    env: t.env,
    reopen: () => t.reopen(),
    async dispose() {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A request with the command line's defaults. */
export function request(period: Period, options: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return { period, by: [], filters: {}, timeZone: 'UTC', ...REQUEST_DEFAULTS, generatedAt: new Date(0), ...options };
}

/** Every number of the document is finite (no NaN or ±Infinity reached a row: JSON would print them as null). */
export function expectFiniteNumbers(doc: AnalysisDocument): void {
  const bad: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) bad.push(`${path} = ${v}`);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  doc.rows.forEach((r, i) => walk(r, `rows[${i}]`));
  expect(bad).toEqual([]);
}

/** Rows whose fields include all of `match`. */
export function rowsWhere(doc: AnalysisDocument, match: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>>[] {
  return doc.rows.filter((r) => Object.entries(match).every(([k, v]) => r[k] === v));
}

/** The one row whose fields include all of `match` (fails otherwise). */
export function rowWhere(doc: AnalysisDocument, match: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const found = rowsWhere(doc, match);
  expect(found, JSON.stringify(match)).toHaveLength(1);
  return found[0]!;
}
