/**
 * How one export file of the demo looks: kind, format, encoding, headers (aliases from `ingest/fields.ts`, so
 * they map without a profile), which columns play which role for the dirty-row injector, and the function that
 * turns a clean record into the file's cells. Plus the label and duration spellings the vendors use.
 */
import type { SourceKind } from '../ingest/fields.js';
import type { SeededRandom } from './random.js';
import type { DemoChannel } from './world.js';

/** A cell before serialisation: CSV writes '' for null/undefined; JSON omits undefined keys. */
export type Cell = string | number | boolean | null | undefined;

/** Column indices the dirty-row injector needs (-1 when the file has no such column). */
export interface LayoutRoles {
  /** A required timestamp column (impossible / future dates, missing key in JSON). */
  readonly timestamp: number;
  /** A duration column that is never empty (negative duration). */
  readonly duration: number;
  /** A rating column on 1–5 (out-of-range rating). */
  readonly rating: number;
  readonly channel: number;
  readonly phone: number;
  /** Text columns that get leading/trailing spaces. */
  readonly padded: readonly number[];
}

/** One demo export file's shape. */
export interface FileLayout<R> {
  readonly kind: SourceKind;
  readonly fileName: string;
  readonly format: 'csv' | 'json' | 'ndjson';
  readonly encoding: 'utf-8' | 'gb18030';
  readonly bom: boolean;
  /** ',' or '\t' for delimited text, '' for JSON. */
  readonly delimiter: string;
  readonly lineEnd: '\n' | '\r\n';
  /** Report-title lines above the header (delimited text only). */
  readonly titleLines: readonly string[];
  readonly headers: readonly string[];
  readonly roles: LayoutRoles;
  /** A channel label no vocabulary knows, for the unknown-channel dirty row. */
  readonly unknownChannel: string;
  /** Share of rows written with every non-empty field quoted (exports that quote "as needed or always"). */
  readonly quoteShare: number;
  /** Share of rows spoiled on purpose (`dirty.ts`): 0.5 % for call logs, more for the small files so every
   * defect kind shows up at scale 1. */
  readonly dirtyShare: number;
  /** Writes the record's cells into `out` (length = headers); `rng` draws presentation choices only. */
  readonly fill: (record: R, rng: SeededRandom, out: Cell[]) => void;
}

/**
 * Chinese channel labels as Chinese ACD/CRM exports write them (social alternates 微信/微博).
 * @example CHANNEL_ZH.chat // => '在线客服'
 */
export const CHANNEL_ZH: Readonly<Record<DemoChannel, string>> = {
  phone: '电话',
  chat: '在线客服',
  email: '邮件',
  social: '微信',
  app: 'APP',
  onsite: '上门',
};

/**
 * A second vendor's English channel labels.
 * @example CHANNEL_VENDOR.phone // => 'Voice'
 */
export const CHANNEL_VENDOR: Readonly<Record<DemoChannel, string>> = {
  phone: 'Voice',
  chat: 'Web Chat',
  email: 'E-mail',
  social: 'WeChat',
  app: 'App',
  onsite: 'Field Service',
};

/**
 * The Chinese channel label of a record; a fifth of social contacts are labelled 微博 instead of 微信.
 * @param channel channel code @param rng presentation stream
 * @example channelZh('phone', rng) // => '电话'
 */
export function channelZh(channel: DemoChannel, rng: SeededRandom): string {
  return channel === 'social' && rng.bernoulli(0.2) ? '微博' : CHANNEL_ZH[channel];
}

const VERBAL = ['', '非常不满意', '不满意', '一般', '满意', '非常满意'];

/**
 * A 1–5 rating as text: the verbal label (非常满意 … 非常不满意) with probability `labelShare`, else the digit;
 * '' for a skipped item (NaN).
 * @param value 1–5 or NaN @param rng presentation stream @param labelShare 0–1
 * @example ratingText(5, rng, 1) // => '非常满意'
 */
export function ratingText(value: number, rng: SeededRandom, labelShare: number): string {
  if (value !== value) return '';
  return rng.bernoulli(labelShare) ? VERBAL[value]! : String(value);
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * Seconds as a clock `HH:MM:SS` (hours may exceed 24: e-mail waits).
 * @param seconds whole seconds ≥ 0
 * @example clockHms(150) // => '00:02:30'
 */
export function clockHms(seconds: number): string {
  return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor((seconds % 3600) / 60))}:${pad2(seconds % 60)}`;
}

/**
 * Seconds as `m:ss` below an hour, `h:mm:ss` from an hour.
 * @param seconds whole seconds ≥ 0
 * @example clockShort(90) // => '1:30'
 */
export function clockShort(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}:${pad2(Math.floor((seconds % 3600) / 60))}:${pad2(seconds % 60)}`;
  return `${Math.floor(seconds / 60)}:${pad2(seconds % 60)}`;
}

/**
 * Seconds in Chinese units: `2分30秒`, `45秒` (minutes may exceed 59).
 * @param seconds whole seconds ≥ 0
 * @example chineseMinutes(150) // => '2分30秒'
 */
export function chineseMinutes(seconds: number): string {
  return seconds < 60 ? `${seconds}秒` : `${Math.floor(seconds / 60)}分${seconds % 60}秒`;
}
