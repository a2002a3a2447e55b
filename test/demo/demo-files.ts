/**
 * Test helpers: read a demo export back (any of its formats and encodings) into rows keyed by canonical field
 * name, using only the alias lists of `ingest/fields.ts`, plus small independent parsers for the values the
 * tests need (times, durations, ratings, yes/no). Deliberately not the ingest engine: these tests check the
 * generator's raw files, not the loader.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { FIELDS_BY_KIND, normalizeHeader, type SourceKind } from '../../src/ingest/fields.js';
import type { DemoFile } from '../../src/demo/generate.js';

/** A raw value as read: text (CSV, JSON strings), number, boolean or null (JSON), undefined (missing). */
export type RawValue = string | number | boolean | null | undefined;

/** Header → canonical field, first alias wins (the same rule as `ingest/mapping.ts`). */
export function aliasIndex(kind: SourceKind): Map<string, string> {
  const index = new Map<string, string>();
  for (const field of FIELDS_BY_KIND[kind]) {
    for (const alias of [field.name, ...field.aliases]) {
      const key = normalizeHeader(alias);
      if (!index.has(key)) index.set(key, field.name);
    }
  }
  return index;
}

/** The file's text, decoded as the manifest says (GB18030 strictly: a bad byte throws). */
export function fileText(file: DemoFile): string {
  const bytes = readFileSync(file.path);
  const text = new TextDecoder(file.encoding === 'gb18030' ? 'gb18030' : 'utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Headers (CSV) or keys in first-seen order (JSON) and the data rows as objects keyed by header. */
export function readRaw(file: DemoFile): { headers: string[]; rows: Record<string, RawValue>[] } {
  const text = fileText(file);
  if (file.format === 'csv') {
    const records = parse(text, {
      delimiter: file.delimiter ?? ',',
      relax_column_count: true,
      relax_quotes: false,
      from_line: file.headerLine ?? 1,
    }) as string[][];
    const headers = records[0]!;
    const rows = records.slice(1).map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]])) as Record<string, RawValue>);
    return { headers, rows };
  }
  const objects: Record<string, RawValue>[] =
    file.format === 'ndjson'
      ? text
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as Record<string, RawValue>)
      : (JSON.parse(text) as Record<string, RawValue>[]);
  const headers: string[] = [];
  for (const o of objects) for (const k of Object.keys(o)) if (!headers.includes(k)) headers.push(k);
  return { headers, rows: objects };
}

/** Rows keyed by canonical field name. */
export function readCanonical(file: DemoFile): Record<string, RawValue>[] {
  const { headers, rows } = readRaw(file);
  const index = aliasIndex(file.kind);
  const fieldOf = new Map(headers.map((h) => [h, index.get(normalizeHeader(h))!]));
  return rows.map((row) => {
    const out: Record<string, RawValue> = {};
    for (const [header, value] of Object.entries(row)) out[fieldOf.get(header)!] = typeof value === 'string' ? value.normalize('NFKC').trim() : value;
    return out;
  });
}

const TIME = /^(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

/** Shanghai wall-clock of a timestamp as `{ date: 'YYYY-MM-DD', weekday: 0 = Sunday … 6 }`, or null if invalid. */
export function shanghaiDate(value: RawValue): { date: string; weekday: number } | null {
  if (typeof value !== 'string') return null;
  const m = TIME.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || y > 2030) return null;
  let ms = Date.UTC(y, mo - 1, d, h, mi);
  if (m[7] === 'Z') ms += 8 * 3_600_000;
  else if (m[7] !== undefined && m[7] !== '+08:00') return null;
  const local = new Date(ms);
  return { date: local.toISOString().slice(0, 10), weekday: local.getUTCDay() };
}

/** Seconds of `90`, `1:30`, `0:01:30`, `2分30秒`, `45秒`; NaN for anything else (negative included). */
export function seconds(value: RawValue): number {
  if (typeof value === 'number') return value >= 0 ? value : Number.NaN;
  if (typeof value !== 'string' || value === '' || value.startsWith('-')) return Number.NaN;
  if (/^\d+$/.test(value)) return Number(value);
  const clock = /^(\d+):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (clock) return clock[3] === undefined ? Number(clock[1]) * 60 + Number(clock[2]) : Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const zh = /^(?:(\d+)分)?(?:(\d+)秒)?$/.exec(value);
  if (zh && (zh[1] !== undefined || zh[2] !== undefined)) return Number(zh[1] ?? 0) * 60 + Number(zh[2] ?? 0);
  return Number.NaN;
}

const VERBAL: Record<string, number> = { 非常满意: 5, 满意: 4, 一般: 3, 不满意: 2, 非常不满意: 1 };

/** A 1–5 rating from a digit or a verbal label; NaN otherwise (out of range included). */
export function rating5(value: RawValue): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? (VERBAL[value] ?? (/^\d+$/.test(value) ? Number(value) : Number.NaN)) : Number.NaN;
  return n >= 1 && n <= 5 ? n : Number.NaN;
}

/** Yes/no as the demo writes it (Y/N, 是/否, yes/no, true/false); null when empty or unknown. */
export function yesNo(value: RawValue): boolean | null {
  if (value === true || value === 'Y' || value === '是' || value === 'yes') return true;
  if (value === false || value === 'N' || value === '否' || value === 'no') return false;
  return null;
}

/** Channel codes from the demo's labels (English codes, Chinese labels, the TSV vendor's labels). */
export const CHANNEL_CODES: Readonly<Record<string, string>> = {
  phone: 'phone', chat: 'chat', email: 'email', social: 'social', app: 'app', onsite: 'onsite',
  电话: 'phone', 在线客服: 'chat', 邮件: 'email', 微信: 'social', 微博: 'social', APP: 'app', 上门: 'onsite',
  Voice: 'phone', 'Web Chat': 'chat', 'E-mail': 'email', WeChat: 'social', App: 'app', 'Field Service': 'onsite',
};
