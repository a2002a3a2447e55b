/**
 * What every command needs: the database the global options select (with a message while waiting for another
 * process holding the embedded directory), and formatting helpers for the terminal.
 */
import { connect } from '../db/connect.js';
import type { Database } from '../db/session.js';
import { ownerHint } from '../db/dir-lock.js';

export interface GlobalOptions {
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly debug?: boolean;
}

/** Opens the selected database, migrated; `lockTimeoutMs`: how long to wait for another process on the embedded one. */
export async function openDatabase(g: GlobalOptions, lockTimeoutMs?: number, signal?: AbortSignal): Promise<Database> {
  return connect({
    databaseUrl: g.databaseUrl,
    dataDir: g.dataDir,
    ...(lockTimeoutMs !== undefined ? { lockTimeoutMs } : {}),
    ...(signal !== undefined ? { signal } : {}),
    onLockWait: (owner) =>
      console.error(`servq: waiting for process ${owner.pid} (${owner.command}, since ${owner.since}), which is using the embedded database${ownerHint(owner)}…`),
  });
}

/** Runs `work` with the database open, always closing it (and releasing the embedded directory's lock). */
export async function withDatabase<T>(g: GlobalOptions, work: (db: Database) => Promise<T>, open: { lockTimeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
  const db = await openDatabase(g, open.lockTimeoutMs, open.signal);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Says, once, that this command waits for another process's load of the same kind (ingest, batches remove). */
export function noteLockWait(kind: string): void {
  console.error(`servq: another servq process is loading ${kind}; waiting for it to finish…`);
}

/** 1234567 → "1,234,567". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Terminal columns of `text`: East Asian wide and full-width characters take two (UAX #11, the common ranges). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    width += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return width;
}

/** A plain text table with right-aligned numeric columns (aligned by display width, so Chinese text lines up). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^[-\d.,% ]*$/.test(r[i] ?? '')));
  const pad = (c: string, w: number, right: boolean) => (right ? ' '.repeat(w - displayWidth(c)) + c : c + ' '.repeat(w - displayWidth(c)));
  const line = (cells: readonly string[]) => cells.map((c, i) => pad(c, widths[i]!, numeric[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
