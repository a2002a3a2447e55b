/**
 * Inbox folders: exports dropped into `<inbox>/<kind>/` are ingested by the `ingest inbox` step, then moved
 * to `<inbox>/<kind>/done/` (loaded, or the same content already loaded) or `<inbox>/<kind>/failed/` with a
 * `<name>.reason.txt` beside it. A file is moved only after its batch committed (or was refused), so a run
 * killed mid-file leaves the file in the inbox and the next run loads it; a file moved twice by a crash
 * between commit and move is simply skipped (same content) the next time.
 *
 * A file still being written is left for the next run: its size and modification time are read twice,
 * `settleMs` apart, and must not change (and it must not be younger than `settleMs`, unless its time is ahead of
 * the clock). Symbolic links are followed. Hidden files, editor
 * and download temporaries (`.part`, `.tmp`, `.crdownload`, `~`) and the reason files are never picked up.
 */
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { INBOX_KIND_KEYS } from './config.js';

/** Sub-folders of an inbox folder that hold handled files. */
export const DONE_DIR = 'done';
export const FAILED_DIR = 'failed';

const TEMPORARY = /(^\.|~$|\.(part|partial|tmp|temp|crdownload|download|swp|lock)$|\.reason\.txt$)/i;

export interface InboxFile {
  readonly path: string;
  readonly name: string;
  readonly bytes: number;
}

export interface InboxScan {
  /** Files ready to ingest, in name order (exports named by date load oldest first). */
  readonly ready: readonly InboxFile[];
  /** Files whose size or time changed while looking (still being written): left for the next run. */
  readonly growing: readonly InboxFile[];
  /** Symbolic links that lead to no file (dangling, or to a folder): never loaded, named in the run's log. */
  readonly badLinks: readonly string[];
}

interface Look {
  readonly size: number;
  readonly mtimeMs: number;
}

function look(path: string): Look | undefined {
  try {
    const s = statSync(path);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  } catch {
    return undefined; // gone meanwhile
  }
}

/**
 * Lists the files of an inbox folder (creating it when missing, so users see where to drop exports) and
 * sorts them into ready and still-growing.
 * @param now injected clock (ms), for the age check
 */
export async function scanInbox(dir: string, settleMs: number, now: () => number = Date.now, signal?: AbortSignal): Promise<InboxScan> {
  mkdirSync(dir, { recursive: true });
  const names = entryNames(dir);
  const first = new Map<string, Look>();
  const badLinks: string[] = [];
  for (const name of names) {
    const l = look(join(dir, name));
    if (l) first.set(name, l);
    else if (isLink(join(dir, name))) badLinks.push(name);
  }
  if (first.size > 0 && settleMs > 0) await sleep(settleMs, undefined, signal ? { signal } : {});
  const ready: InboxFile[] = [];
  const growing: InboxFile[] = [];
  for (const [name, before] of first) {
    const path = join(dir, name);
    const after = look(path);
    if (after === undefined) continue;
    const file = { path, name, bytes: after.size };
    // Modified within the settle time. A time ahead of the clock (a share whose server's clock runs ahead) says
    // nothing about age: the two looks alone decide then.
    const age = now() - after.mtimeMs;
    const young = age >= 0 && age < settleMs;
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || young) growing.push(file);
    else ready.push(file);
  }
  return { ready, growing, badLinks };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Files dropped into the inbox folder itself rather than a kind's folder (never loaded: their kind is unknown),
 * for the run's log. Temporaries and the kinds' own folders are left out.
 */
export function strayFiles(inboxDir: string): string[] {
  if (!existsSync(inboxDir)) return [];
  return entryNames(inboxDir).filter((name) => look(join(inboxDir, name)) !== undefined);
}

/**
 * The names of a folder's files and symbolic links, temporaries left out, in name order. A symbolic link to an
 * export counts as the export (look() follows it; one to a folder or to nothing is sorted out there).
 */
function entryNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => (d.isFile() || d.isSymbolicLink()) && !TEMPORARY.test(d.name))
    .map((d) => d.name)
    .sort();
}

/** Why a file cannot be read, or undefined when it can. */
export function unreadable(path: string): string | undefined {
  try {
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? 'cannot read the file: permission denied (check its owner and mode)' : `cannot read the file (${code ?? (error as Error).message})`;
  }
}

/** `dir/name`, or `dir/stem.1.ext`, `dir/stem.2.ext` … when taken (a file of the same name handled before). */
function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return join(dir, name);
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = join(dir, `${stem}.${i}${ext}`);
    if (!existsSync(candidate) && !existsSync(`${candidate}.reason.txt`)) return candidate;
  }
}

/** Moves a handled file to `done/`; returns its new path. */
export function moveToDone(file: InboxFile): string {
  const dir = join(file.path, '..', DONE_DIR);
  mkdirSync(dir, { recursive: true });
  const target = freeName(dir, file.name);
  moveEntry(file.path, target);
  return target;
}

/**
 * Moves an inbox entry. A symbolic link is moved as a link to its resolved, absolute target: a relative
 * target (`../../exports/x.csv`) would not resolve from `done/`.
 */
function moveEntry(from: string, to: string): void {
  if (!lstatSync(from).isSymbolicLink()) {
    renameSync(from, to);
    return;
  }
  symlinkSync(realpathSync(from), to);
  unlinkSync(from);
}

/**
 * Moves a refused file to `failed/` and writes `<name>.reason.txt` beside it. Returns the new path.
 */
export function moveToFailed(file: InboxFile, reason: string): string {
  const dir = join(file.path, '..', FAILED_DIR);
  mkdirSync(dir, { recursive: true });
  const target = freeName(dir, file.name);
  // Moved first: a file that cannot be moved (gone, no permission) leaves no reason file without its file.
  moveEntry(file.path, target);
  writeFileSync(`${target}.reason.txt`, reason.endsWith('\n') ? reason : `${reason}\n`);
  return target;
}

/** The config keys standing for the ingest options `message` names, e.g. `--max-reject-rate → inbox.kinds.calls.maxRejectRate`. */
export function optionsAsConfigKeys(message: string, kind: string): string[] {
  const named = new Set(message.match(/--[a-z][a-z-]*/g) ?? []);
  // An inbox kind's settings carry the ingest options' names: --max-reject-rate is maxRejectRate.
  return INBOX_KIND_KEYS.map((key) => [`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, key] as const)
    .filter(([option]) => named.has(option))
    .map(([option, key]) => `${option} → inbox.kinds.${kind}.${key}`);
}

/**
 * The text of `<file>.reason.txt`: why the file was refused and how to retry. `rejectedKept` is the number of
 * the file's rejected rows stored with its failed batch (a file refused for its reject rate keeps its first
 * ones; a file refused before its rows were read keeps none, so `servq rejects` is not offered).
 */
export function reasonText(o: { file: string; kind: string; error: string; batchId: number | null; rejectedKept: number; at: Date; runId: number; pipeline: string }): string {
  const keys = optionsAsConfigKeys(o.error, o.kind);
  return [
    `${basename(o.file)} was not loaded.`,
    '',
    `Reason: ${o.error}`,
    ...(keys.length > 0 ? ['', `For the inbox, of the options named above these are set in servq.config.json: ${keys.join('; ')}.`] : []),
    '',
    `Kind: ${o.kind}`,
    `Refused at: ${o.at.toISOString()} by run #${o.runId} of ${o.pipeline}`,
    ...(o.batchId !== null
      ? [`Batch: ${o.batchId} (${o.rejectedKept > 0 ? `servq rejects ${o.batchId} shows the ${o.rejectedKept} rejected rows it kept; ` : ''}servq batches history ${o.batchId})`]
      : []),
    '',
    'To retry: fix the file (or write a mapping profile: servq inspect FILE --write-profile profile.json, then set',
    `inbox.kinds.${o.kind}.map in servq.config.json), and move it back into the inbox folder.`,
  ].join('\n');
}
