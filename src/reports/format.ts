/**
 * Numbers for people, in a metric's unit: shares as percent (0–1 in code, percent only when printed, STYLE.md),
 * durations in the largest unit that keeps them readable, changes of shares in percentage points. The terminal
 * tables of `servq analyze` and the reports print the same text.
 */
import type { Lang } from './labels.js';

const DURATION_UNITS: Readonly<Record<Lang, readonly [s: string, m: string, h: string, d: string]>> = {
  en: ['s', 'm', 'h', 'd'],
  zh: ['秒', '分', '小时', '天'],
};

/**
 * A value in its unit (`share` → '61.2%', `seconds` → '68s' / '3.9h', counts with thousands separators).
 * @example formatValue(0.6117, 'share') // => '61.2%'
 * @example formatValue(14040, 'seconds', 'zh') // => '3.9小时'
 */
export function formatValue(value: unknown, unit: unknown, lang: Lang = 'en'): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'share':
      return `${(value * 100).toFixed(1)}%`;
    case 'seconds':
      return formatSeconds(value, lang);
    case 'count':
    case 'agents':
      // A mean count (contacts per hour) keeps its fraction; a count is a whole number.
      return Number.isInteger(value) || Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(Math.abs(value) < 10 ? 2 : 1);
    case 'score':
      return value.toFixed(1);
    case 'days':
      return value.toFixed(0);
    default:
      return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
  }
}

/** Seconds in s / m / h / d (the largest unit under which the number stays below 120 or 48). */
export function formatSeconds(s: number, lang: Lang = 'en'): string {
  const [us, um, uh, ud] = DURATION_UNITS[lang];
  const a = Math.abs(s);
  const sign = s < 0 ? '-' : '';
  if (a < 120) return `${sign}${a.toFixed(a < 10 ? 1 : 0)}${us}`;
  if (a < 7200) return `${sign}${(a / 60).toFixed(1)}${um}`;
  if (a < 172800) return `${sign}${(a / 3600).toFixed(1)}${uh}`;
  return `${sign}${(a / 86400).toFixed(1)}${ud}`;
}

/**
 * A change in the metric's unit with its sign: shares in percentage points.
 * @example formatChange(-0.0496, 'share') // => '-5.0 pp'
 */
export function formatChange(change: number, unit: unknown, lang: Lang = 'en'): string {
  const sign = change > 0 ? '+' : change < 0 ? '' : '±';
  if (unit === 'share') return `${sign}${(change * 100).toFixed(1)} ${lang === 'zh' ? '个百分点' : 'pp'}`;
  return `${sign}${formatValue(change, unit, lang)}`;
}

/**
 * A p-value as a reader sees it: two significant digits, '< 0.001' below that.
 * @example formatP(0.00312) // => '= 0.0031'
 */
export function formatP(p: number): string {
  if (p < 0.001) return '< 0.001';
  return `= ${p.toPrecision(2)}`;
}

/** A whole number with thousands separators. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
