/**
 * `servq inspect FILE [--kind K]`: what ingest would decide and do with a file, loading nothing (no database
 * is opened). Prints a report for people, or JSON (`--json`); `--write-profile P` writes a complete profile to
 * edit and pass to `ingest --map`. Exit 0 when the file would load, 1 when it would be refused.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { SOURCE_KINDS, type SourceKind } from '../ingest/fields.js';
import { inspectFile, type InspectReport } from '../ingest/inspect.js';
import { readProfile } from '../ingest/profile.js';
import { probeFile } from '../ingest/probe.js';
import { decideLayout, type IngestOptions } from '../ingest/ingest-file.js';
import { loadPresets } from '../ingest/presets.js';
import { isTimeZone } from '../ingest/time-zone.js';
import { DEFAULT_MAX_DUPLICATE_RATE, DEFAULT_MAX_REJECT_RATE, DEFAULT_TIME_ZONE } from '../ingest/defaults.js';
import { KeyedHasher } from '../privacy/keyed-hash.js';
import { CliError } from './cli-error.js';
import { count, table } from './context.js';
import { basename } from 'node:path';
import type { Encoding } from '../ingest/probe.js';
import { CsvSyntaxError } from '../ingest/csv-scanner.js';

export interface InspectCommandOptions {
  readonly kind?: string;
  readonly json?: boolean;
  readonly writeProfile?: string;
  readonly map?: string;
  readonly preset?: string;
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly dateFormat?: 'DMY' | 'MDY' | 'YMD';
  readonly timeZone?: string;
  readonly maxRejectRate?: number;
  readonly maxDuplicateRate?: number;
  readonly minDate: string;
  readonly force?: boolean;
}

function options(kind: SourceKind, o: InspectCommandOptions): IngestOptions {
  const profile = o.map ? readProfile(o.map) : undefined;
  const timeZone = o.timeZone ?? profile?.timeZone ?? DEFAULT_TIME_ZONE;
  const timeZoneIsDefault = o.timeZone === undefined && profile?.timeZone === undefined;
  if (!isTimeZone(timeZone)) throw new CliError(`--time-zone: '${timeZone}' is not a time-zone name (e.g. Asia/Shanghai, UTC)`, 2);
  const minEpochMs = Date.parse(`${o.minDate}T00:00:00Z`);
  if (Number.isNaN(minEpochMs)) throw new CliError(`--min-date: '${o.minDate}' is not a date like 2000-01-01`, 2);
  return {
    kind,
    // A throwaway key: inspect compares rows within the file only and must not create the pseudonym key.
    hasher: new KeyedHasher(randomBytes(32)),
    timeZone,
    timeZoneIsDefault,
    nowMs: Date.now(),
    minEpochMs,
    maxRejectRate: o.maxRejectRate ?? DEFAULT_MAX_REJECT_RATE,
    maxDuplicateRate: o.maxDuplicateRate ?? DEFAULT_MAX_DUPLICATE_RATE,
    encoding: o.encoding === 'gbk' ? 'gb18030' : (o.encoding as Encoding | undefined),
    delimiter: o.delimiter,
    dateFormat: o.dateFormat,
    profile,
    preset: o.preset,
  };
}

/** The kind whose fields the header names best (when --kind is not given), with the scores as evidence. */
async function guessKind(file: string, o: InspectCommandOptions): Promise<{ kind: SourceKind; evidence: string }> {
  const probe = await probeFile(file);
  const scores = SOURCE_KINDS.map((kind) => {
    try {
      const layout = decideLayout(probe, basename(file), options(kind, o), true);
      return { kind, score: layout.mapping.used.length + (layout.preset.preset ? 5 : 0) - 2 * layout.mapping.missing.length };
    } catch {
      return { kind, score: -1 };
    }
  }).sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  if (best!.score < 0) throw new CliError(`${file}: no kind fits its header; name one with --kind ${SOURCE_KINDS.join('|')}`, 1);
  if (second !== undefined && second.score === best!.score) {
    throw new CliError(`${file}: its header fits ${best!.kind} and ${second.kind} equally; name one with --kind`, 2);
  }
  return { kind: best!.kind, evidence: scores.map((s) => `${s.kind} ${s.score < 0 ? 'does not fit' : `${s.score} columns`}`).join(', ') };
}

export async function runInspect(file: string, o: InspectCommandOptions): Promise<number> {
  if (!existsSync(file)) throw new CliError(`${file}: no such file`, 1);
  if (o.kind !== undefined && !(SOURCE_KINDS as readonly string[]).includes(o.kind)) {
    throw new CliError(`unknown kind '${o.kind}'; expected one of: ${SOURCE_KINDS.join(', ')}`, 2);
  }
  if (o.writeProfile !== undefined && existsSync(o.writeProfile) && o.force !== true) {
    throw new CliError(`--write-profile: ${o.writeProfile} exists; add --force to overwrite it`, 2);
  }
  const guessed = o.kind === undefined ? await guessKind(file, o) : undefined;
  const kind = (o.kind as SourceKind | undefined) ?? guessed!.kind;
  let report: InspectReport;
  try {
    report = await inspectFile(file, options(kind, o));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file}: ${error instanceof CsvSyntaxError ? error.describe() : (error as Error).message}`, 1);
  }
  if (o.writeProfile !== undefined) writeFileSync(o.writeProfile, `${JSON.stringify(report.profile, null, 2)}\n`);
  if (o.json) process.stdout.write(`${JSON.stringify({ ...report, ...(guessed ? { kindEvidence: guessed.evidence } : {}) })}\n`);
  else printReport(report, guessed?.evidence, o.writeProfile);
  return report.verdict.action === 'load' ? 0 : 1;
}

function printReport(r: InspectReport, kindEvidence: string | undefined, profilePath: string | undefined): void {
  const lines: string[] = [];
  lines.push(`${r.file}: ${r.kind}${kindEvidence ? ` (guessed from the header: ${kindEvidence}; say --kind to be sure)` : ''}`);
  lines.push(`  encoding   ${r.encoding.name} — ${r.encoding.evidence}`);
  lines.push(`  layout     ${r.format}${r.delimiter ? `, ${r.delimiter}-separated, header on line ${r.headerLine}` : ''}${r.headerRecordsSkipped > 0 ? `, ${r.headerRecordsSkipped} more header row(s) skipped` : ''}`);
  lines.push(`  preset     ${r.preset.id ?? 'none'} — ${r.preset.evidence}`);
  lines.push(`  dates      ${r.dayOrder.order} (${r.dayOrder.source}); times without an offset read as ${r.timeZone} time`);
  console.log(lines.join('\n'));
  console.log('\nColumns');
  console.log(
    table(
      ['#', 'header', 'field', 'how'],
      r.columns.map((c) => [String(c.column), c.header.slice(0, 48), c.field ?? '–', c.via === null ? 'unmapped (kept in the row identity)' : c.evidence ?? c.via]),
    ),
  );
  for (const [field, value] of Object.entries(r.constants)) console.log(`  ${field} = '${value}' (constant from the profile)`);
  for (const note of r.notes) console.log(`  note: ${note}`);
  const labelFields = Object.entries(r.labels);
  if (labelFields.length > 0) {
    console.log('\nLabels');
    for (const [field, labels] of labelFields) {
      const shown = labels.slice(0, 15).map((l) => `'${l.label}' → ${l.code ?? 'UNKNOWN'}${l.via === 'built-in' ? '' : ` [${l.via}]`} ×${count(l.rows)}`);
      console.log(`  ${field}: ${shown.join(', ')}${labels.length > 15 ? `, … (${labels.length} labels)` : ''}`);
    }
  }
  if (r.preview.length > 0) {
    console.log('\nFirst rows, standardized');
    for (const row of r.preview) {
      const values = Object.entries(row.values).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${typeof v === 'string' ? v.slice(0, 40) : v}`);
      console.log(`  line ${row.line}: ${values.join('  ')}`);
    }
  }
  console.log(`\nRows: ${count(r.rows.read)} read, ${count(r.rows.wouldLoad)} ${r.verdict.action === 'load' ? 'would load' : 'loadable if the file were accepted'}, ${count(r.rows.rejected)} rejected, ${count(r.rows.duplicateInFile)} ${r.rows.duplicateInFile === 1 ? "repeats" : "repeat"} another row of the file`);
  for (const [code, n] of Object.entries(r.rejects.reasons).sort((a, b) => b[1] - a[1])) console.log(`  ${code} ×${count(n)}`);
  for (const e of r.rejects.examples.slice(0, 5)) console.log(`  e.g. line ${e.line}: ${e.reason}`);
  if (r.verdict.action === 'load') console.log(`\nWould load. servq ingest ${r.kind} ${shellQuote(r.file)}${profilePath ? ` --map ${shellQuote(profilePath)}` : ''}`);
  else console.log(`\nWould refuse: ${r.verdict.reasons.join('; ')}`);
  if (profilePath) {
    const open = r.profile.unresolved;
    console.log(
      `Wrote ${profilePath}: every decision above as a profile to edit and pass with --map` +
        (open ? ` (left to decide under "unresolved": ${[open.columns ? `${open.columns.length} column(s)` : '', open.labels ? 'unknown labels' : '', open.notes ? 'notes' : ''].filter(Boolean).join(', ')})` : ''),
    );
  }
}

/** `servq presets`: the vendor presets, for people or as JSON. */
export function runPresets(o: { json?: boolean; kind?: string }): void {
  const presets = loadPresets().filter((p) => o.kind === undefined || p.kind === o.kind);
  if (o.json) {
    for (const p of presets) process.stdout.write(`${JSON.stringify({ id: p.id, vendor: p.vendor, product: p.product, kind: p.kind, documentation: p.documentation, detect: p.detect })}\n`);
    return;
  }
  console.log(table(['id', 'kind', 'vendor', 'export'], presets.map((p) => [p.id, p.kind, p.vendor, p.product])));
  console.log('Presets are detected from the header; force one with --preset ID, or turn detection off with --preset none.');
}

/** A path as a POSIX shell word: quoted when it holds anything but safe characters. */
function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}
