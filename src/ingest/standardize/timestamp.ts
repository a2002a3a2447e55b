/**
 * Timestamps to calendar parts, read straight from UTF-8 bytes, and parts to COPY text or epoch ms.
 *
 * Stages of `parseTimestampBytes` (one forward pass, no strings built):
 *   1. trim; a field of digits only (optionally `.fraction`) is numeric: 5 digits 20000–80000 = Excel serial
 *      day, 6 = `YYMMDD` (only under `YMD`, see two-digit years), 8 = `YYYYMMDD`, 10 = Unix seconds,
 *      12 = `YYYYMMDDHHMM`, 13 = Unix ms, 14 = `YYYYMMDDHHMMSS` (see compact dates below);
 *   2. otherwise the date: year first (`2026-01-05`, `2026/1/5`, `2026.01.05`, `2026年1月5日`, `2026-Jan-05`),
 *      compact (`20260105 130005`, `990103 7:12:05`), year last (`05/01/2026`, `5.1.2026`, read in the
 *      caller's `order`), textual (`5 Jan 2026`, `Jan 5, 2026`, `Mon, 05 Jan 2026`, `05-四月-2026`, Oracle's
 *      Chinese `05-4月 -2026`) or with a two-digit year (below);
 *   3. the optional time: after `T`, blanks, `,` or directly after `日`; a Chinese meridiem before it
 *      (`下午 1:05`), `H:MM[:SS[.fff]]`, `HHMM[SS]` or `13时5分3秒`/`13点`; then `AM`/`PM`;
 *   4. the optional offset: `Z`, `+08:00`, `+0800`, `+08`, `UTC`/`GMT` with or without an offset, and a
 *      trailing `(zone name)` or `[Area/City]` after it; zone abbreviations are rejected (CST is ambiguous);
 *   5. calendar validation (proleptic Gregorian, years 1000–9999, compact dates 1900–2099, no hour 24, no leap
 *      second).
 * Day/month evidence (`DAY_MONTH`) is set for year-last numeric dates from which readings of the date are
 * valid, even when the parse then fails, so the engine can tell "contradicts the column's order" from garbage.
 *
 * Two-digit years (`22-04-15`, `04/15/22 3:53 PM`, Oracle's DD-MON-RR `15-Apr-22`, `15.04.22`): a two-digit
 * number cannot show where the year is, so the caller's `order` says it: `YMD` puts it first, `DMY`/`MDY` last
 * (with a month name in the middle, `NN-Mon-NN` is always day then year, Oracle's form). A four-digit year still shows its own position, whatever the order. The
 * century comes from the caller's pivot P (0–99): yy < P is 20yy, else 19yy; with no pivot such a value is
 * never guessed: the parse fails and `twoDigitYear` says why. Only
 * `D[D] sep M[M] sep YY`, `YY sep M[M] sep D[D]` (sep `-`, `/` or `.`), `D[D] Mon YY` and, under `YMD` only,
 * the compact `YYMMDD` take a two-digit year; under `DMY`/`MDY` a digits-only field (`220415`) is never a date,
 * and a clock (`22:04:15`) is never one in any order.
 *
 * Compact dates, whatever the order: `YYYYMMDD`, `YYYYMMDDhhmm`, `YYYYMMDDhhmmss` (digits only), and `YYYYMMDD`
 * followed by a blank or `T` and a time (`20260105 13:15`, `20260105 131500`); under `YMD` also `YYMMDD` with
 * or without such a time (the Technion call-center data's `990103`, joined with its time column as
 * `990103 7:12:05`), its century from the pivot as above. Their year must be 1900–2099: a digits-only field is
 * often an identifier or an amount, and that window holds the dates exports write (`30001231` is no date). The
 * digit count alone picks the reading of a digits-only field, so none has two: 5 digits are an Excel serial,
 * 10 and 13 an epoch, 6/8/12/14 a compact date, any other count nothing. Where the numbers could overlap the
 * compact date wins by construction: an 8-digit `YYYYMMDD` (19000101–20991231) read as Unix seconds would be
 * 1970-08-08…1970-08-31 and as an Excel serial 19–21 million days, past Excel's last day 2958465 (9999-12-31);
 * a 6-digit `YYMMDD` as seconds would fall in 1970-01-02…1970-01-12 and as a serial after the year 2173, and
 * 6-digit serials are not read either. The day/month evidence of a compact date is `notApplicable`: the form
 * fixes the order.
 */
import {
  asciiWordEquals,
  code3,
  cjkCode,
  foldedBytes,
  foldFullWidthBytes,
  isAsciiLetterAt,
  isBlankByte,
  trimEndBytes,
  trimStartBytes,
  utf8,
} from './byte-text.js';

/** Calendar and clock fields of one timestamp; `offsetMinutes` is east of UTC and used when `hasOffset`. */
export interface TimestampParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** True when the text carried a UTC offset (or is a Unix epoch, which is UTC). */
  hasOffset: boolean;
  /** Minutes east of UTC (480 for +08:00); 0 when `hasOffset` is false. */
  offsetMinutes: number;
  /** Day/month-order evidence, one of `DAY_MONTH`. */
  dayMonth: number;
  /**
   * True when the parse failed only because the date's year has two digits and no pivot was declared: the
   * rest of the value (read with the year 20yy) is a valid timestamp. The caller can then ask for a pivot and
   * a date order rather than report an invalid value. Always false when a pivot was given.
   */
  twoDigitYear: boolean;
}

/**
 * What a numeric date with the year last (`03/05/2026`) says about the file's day/month order:
 * `dmyOnly` when only the day-first reading is a valid date (first number > 12), `mdyOnly` when only the
 * month-first one is (second number > 12), `equal` when both numbers are equal, `ambiguous` when both readings
 * are valid and differ; `notApplicable` for every other form (year first, textual, compact `YYYYMMDD` and
 * `YYMMDD`, Excel serial, epoch) and when neither reading is a valid date.
 *
 * With a two-digit year the evidence follows the declared order's year position and stays about day versus
 * month only: under `DMY`/`MDY` the last number is the year and the first two are judged as above (`04/15/22`
 * is `mdyOnly`, `22-04-15` is `dmyOnly`), with the year as the pivot resolves it (20yy without a pivot); under
 * `YMD` the date is year-first, so `notApplicable`. Whether `22-04-15` is YMD or DMY is never inferred: the
 * caller must declare the order (a first number > 31 only makes the DMY/MDY readings invalid).
 */
export const DAY_MONTH = { notApplicable: 0, ambiguous: 1, dmyOnly: 2, mdyOnly: 3, equal: 4 } as const;
/** One of the `DAY_MONTH` codes. */
export type DayMonthEvidence = (typeof DAY_MONTH)[keyof typeof DAY_MONTH];

/**
 * Order of the parts of numeric dates. `DMY`/`MDY`: the year is last and this is the day/month order
 * (`05/01/2026`). `YMD`: the year is first; it only matters for two-digit years (`22-04-15` is 2022-04-15, and
 * only `YMD` reads the compact `220415`), as a four-digit year shows its own position. A year-last numeric date
 * with a four-digit year under `YMD` is rejected (with its evidence set), as YMD says nothing of its day/month
 * order.
 */
export type DateOrder = 'DMY' | 'MDY' | 'YMD';

/** The pivot argument when none is declared: then two-digit years are rejected (see `twoDigitYear`). */
export const NO_TWO_DIGIT_YEAR_PIVOT = -1;

/**
 * True when `pivot` is a usable two-digit-year pivot: an integer 0–99. yy < pivot reads as 20yy, else 19yy,
 * so 0 reads every two-digit year as 19yy and 99 reads 00–98 as 20yy. Anything else (100, -5, 2.5, NaN) is
 * not a pivot and the parser treats it as none: a profile loader should refuse it rather than clamp it, since a
 * clamped pivot silently moves a century (100 → 99 would read `99` as 1999 where 2099 was meant).
 *
 * @param pivot the declared pivot
 * @example isTwoDigitYearPivot(50) // => true
 * @example isTwoDigitYearPivot(100) // => false
 */
export function isTwoDigitYearPivot(pivot: number): boolean {
  return pivot >= 0 && pivot <= 99 && Math.floor(pivot) === pivot;
}

/**
 * A zeroed `TimestampParts` to reuse across calls (the parser fills it in place).
 *
 * @example newTimestampParts().hasOffset // => false
 */
export function newTimestampParts(): TimestampParts {
  return { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0, hasOffset: false, offsetMinutes: 0, dayMonth: DAY_MONTH.notApplicable, twoDigitYear: false };
}

// ---- bytes and characters ------------------------------------------------------------------------------

const DASH = 0x2d;
const SLASH = 0x2f;
const DOT = 0x2e;
const COLON = 0x3a;
const COMMA = 0x2c;
const PLUS = 0x2b;
const LPAREN = 0x28;
const RPAREN = 0x29;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

const CH_YEAR = cjkCode('年');
const CH_MONTH = cjkCode('月');
const CH_DAY = cjkCode('日');
const CH_DAY_SPOKEN = cjkCode('号');
const CH_HOUR = cjkCode('时');
const CH_HOUR_TRAD = cjkCode('時');
const CH_OCLOCK = cjkCode('点');
const CH_OCLOCK_TRAD = cjkCode('點');
const CH_MINUTE = cjkCode('分');
const CH_SECOND = cjkCode('秒');
const CH_FULLWIDTH_COLON = cjkCode('：');

// Chinese meridiem words (two characters each, written before the time).
const MER_NONE = 0;
const MER_AM = 1; // 12 → 0
const MER_PM = 2; // 1–11 → +12; 13–23 kept (`下午15:00` is common)
const MER_NOON = 3; // 中午: 12 stays, 1–2 → +12
const CJK_MERIDIEMS: readonly (readonly [number, number, number])[] = (
  [
    ['上午', MER_AM], ['凌晨', MER_AM], ['早上', MER_AM], ['早晨', MER_AM], ['清晨', MER_AM],
    ['下午', MER_PM], ['晚上', MER_PM], ['傍晚', MER_PM], ['夜里', MER_PM], ['夜间', MER_PM], ['中午', MER_NOON],
  ] as const
).map(([word, kind]) => [cjkCode(word[0]!), cjkCode(word[1]!), kind] as const);

// Chinese numerals 一–十 (value = index + 1), for month names 一月–十二月 (Java's `MMM` in Locale.CHINA before
// JDK 9's CLDR data; Oracle and CLDR write `4月`, which `readCjkMonth` reads too).
const CJK_NUMERALS: readonly number[] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'].map(cjkCode);

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

// ---- calendar ----------------------------------------------------------------------------------------

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]!);
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date.
 * Method: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", `days_from_civil` (2013).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Fills the date and clock of `out` from UTC epoch ms (Hinnant's `civil_from_days`). */
function setFromEpochMs(epochMs: number, out: TimestampParts): void {
  const days = Math.floor(epochMs / 86_400_000);
  let msOfDay = epochMs - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
  out.hour = Math.floor(msOfDay / 3_600_000);
  msOfDay -= out.hour * 3_600_000;
  out.minute = Math.floor(msOfDay / 60_000);
  msOfDay -= out.minute * 60_000;
  out.second = Math.floor(msOfDay / 1000);
  out.millisecond = msOfDay - out.second * 1000;
}

// ---- scanning ----------------------------------------------------------------------------------------

// Results of the readers, at module level so the hot path allocates nothing.
let cur = 0;
let digitCount = 0;

/** Reads an unsigned decimal at `p` (all its digits); returns its value (-1 when none) and sets cur/digitCount. */
function readUint(buf: Uint8Array, p: number, end: number): number {
  let value = 0;
  let n = 0;
  while (p < end) {
    const d = buf[p]! - 0x30;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    n++;
    p++;
  }
  cur = p;
  digitCount = n;
  return n === 0 ? -1 : value;
}

function skipBlanks(buf: Uint8Array, p: number, end: number): number {
  while (p < end && isBlankByte(buf[p]!)) p++;
  return p;
}

function letterRunEnd(buf: Uint8Array, p: number, end: number): number {
  while (p < end && isAsciiLetterAt(buf, p)) p++;
  return p;
}

/** Index+1 of the name in `names` that the letters `buf[p, q)` abbreviate (≥ 3 letters), or 0. */
function matchName(buf: Uint8Array, p: number, q: number, names: readonly string[]): number {
  const length = q - p;
  if (length < 3) return 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (length > name.length) continue;
    let j = 0;
    while (j < length && (buf[p + j]! | 0x20) === name.charCodeAt(j)) j++;
    if (j === length) return i + 1;
  }
  return 0;
}

/** Month 1–12 of the month name at `p` (`Jan`, `Sept.`, `January`), or 0; sets cur past it. */
function readMonthName(buf: Uint8Array, p: number, end: number): number {
  const q = letterRunEnd(buf, p, end);
  const month = matchName(buf, p, q, MONTH_NAMES);
  cur = q < end && buf[q] === DOT ? q + 1 : q;
  return month;
}

/** Value 1–10 of the Chinese numeral with code `code` (see `cjkCode`), or 0. */
function cjkNumeral(code: number): number {
  for (let i = 0; i < CJK_NUMERALS.length; i++) if (CJK_NUMERALS[i] === code) return i + 1;
  return 0;
}

/**
 * Month 1–12 of a Chinese month at `p`: `4月`, `04月`, `四月`, `十二月`, or 0; sets cur past it and past the
 * blanks after it, because Oracle pads its `MON` element (`15-4月 -22` under NLS_DATE_LANGUAGE SIMPLIFIED
 * CHINESE).
 */
function readCjkMonth(buf: Uint8Array, p: number, end: number): number {
  let month: number;
  let q: number;
  const d = buf[p]! - 0x30;
  if (d >= 0 && d <= 9) {
    month = readUint(buf, p, end);
    if (digitCount > 2) return 0;
    q = cur;
  } else {
    month = cjkNumeral(code3(buf, p, end));
    if (month === 0) return 0;
    q = p + 3;
    if (month === 10) {
      const unit = cjkNumeral(code3(buf, q, end));
      if (unit === 1 || unit === 2) {
        month = 10 + unit;
        q += 3;
      }
    }
  }
  if (month < 1 || month > 12 || code3(buf, q, end) !== CH_MONTH) return 0;
  cur = skipBlanks(buf, q + 3, end);
  return month;
}

/** Month of the English (`Jan`, `Sept.`) or Chinese (`4月`, `四月`) month at `p`, or 0; sets cur past it. */
function readMonthWord(buf: Uint8Array, p: number, end: number): number {
  if (isAsciiLetterAt(buf, p)) return readMonthName(buf, p, end);
  return readCjkMonth(buf, p, end);
}

// ---- two-digit years ---------------------------------------------------------------------------------

/**
 * The year of two-digit `yy` under `pivot`: 20yy when yy < pivot, else 19yy, a fixed century window. Excel's
 * default (00–29 → 2000–2029, 30–99 → 1930–1999; Windows' "2029" cutoff) is pivot 30; Oracle's `RR` format, read
 * in the years 2000–2049, is pivot 50. Without a pivot, 20yy: a nominal year that only lets the rest of the
 * value be validated before `finishTwoDigitYear` rejects it (every leap year 19yy is a leap year 20yy, so no
 * value a pivot would accept is lost).
 */
function twoDigitYear(yy: number, pivot: number): number {
  return isTwoDigitYearPivot(pivot) && yy >= pivot ? 1900 + yy : 2000 + yy;
}

/** The result of a parse whose year had two digits: `ok` with a pivot; without one false, flagging `out`. */
function finishTwoDigitYear(ok: boolean, pivot: number, out: TimestampParts): boolean {
  if (isTwoDigitYearPivot(pivot)) return ok;
  out.twoDigitYear = ok;
  return false;
}

// ---- the parse ---------------------------------------------------------------------------------------

function reset(out: TimestampParts): void {
  out.year = 0;
  out.month = 0;
  out.day = 0;
  out.hour = 0;
  out.minute = 0;
  out.second = 0;
  out.millisecond = 0;
  out.hasOffset = false;
  out.offsetMinutes = 0;
  out.dayMonth = DAY_MONTH.notApplicable;
  out.twoDigitYear = false;
}

/** Milliseconds from the fraction digits at `p` (first three digits, the rest truncated); sets cur. */
function readMillis(buf: Uint8Array, p: number, end: number): number {
  let ms = 0;
  let n = 0;
  while (p < end) {
    const d = buf[p]! - 0x30;
    if (d < 0 || d > 9) break;
    if (n < 3) ms = ms * 10 + d;
    n++;
    p++;
  }
  cur = p;
  digitCount = n;
  if (n === 1) return ms * 100;
  if (n === 2) return ms * 10;
  return ms;
}

/** Digits-only fields: Excel serials, Unix epochs and compact dates. `p` is after the integer digits. */
function parseNumeric(
  buf: Uint8Array,
  s: number,
  p: number,
  end: number,
  value: number,
  digits: number,
  order: DateOrder,
  pivot: number,
  out: TimestampParts,
): boolean {
  let fractionStart = -1;
  if (p < end) {
    // Only `.digits` may follow, up to the end.
    fractionStart = p + 1;
    readUint(buf, fractionStart, end);
    if (digitCount === 0 || cur !== end) return false;
  }
  if (digits === 5) {
    // Excel serial day: days since 1899-12-30 (which absorbs Lotus 1-2-3's fictitious 1900-02-29), local time.
    let fraction = 0;
    let fractionDigits = 0;
    if (fractionStart >= 0) {
      fractionDigits = end - fractionStart;
      for (let i = end - 1; i >= fractionStart; i--) fraction = (fraction + (buf[i]! - 0x30)) / 10;
    }
    if (value < 20_000 || value + fraction > 80_000) return false;
    // Fewer than 8 fraction digits cannot resolve a millisecond (1e-8 day = 0.86 ms): such values were
    // written at second precision, so round to the second rather than report noise like 12:59:59.424.
    const timeMs = fractionDigits < 8 ? Math.round(fraction * 86_400) * 1000 : Math.round(fraction * 86_400_000);
    setFromEpochMs((value - 25_569) * 86_400_000 + timeMs, out);
    return isValidDate(out.year, out.month, out.day);
  }
  if (digits === 10 || digits === 13) {
    let epochMs = digits === 10 ? value * 1000 : value;
    if (fractionStart >= 0) {
      if (digits === 13) return false;
      epochMs += readMillis(buf, fractionStart, end);
    }
    setFromEpochMs(epochMs, out);
    out.hasOffset = true;
    out.offsetMinutes = 0;
    return isValidDate(out.year, out.month, out.day);
  }
  if (fractionStart >= 0) return false;
  if (digits === 6) {
    // `YYMMDD`: only where the declared order puts a two-digit year first.
    if (order !== 'YMD') return false;
    readCompactDate(buf, s, 2, pivot, out);
    return finishTwoDigitYear(validate(out), pivot, out);
  }
  if (digits !== 8 && digits !== 12 && digits !== 14) return false;
  if (!readCompactDate(buf, s, 4, pivot, out)) return false;
  if (digits >= 12) {
    out.hour = digitsAt(buf, s + 8, 2);
    out.minute = digitsAt(buf, s + 10, 2);
  }
  if (digits === 14) out.second = digitsAt(buf, s + 12, 2);
  return validate(out);
}

/**
 * Year, month and day of the compact date at `s` (`YYYYMMDD` when `yearDigits` is 4, `YYMMDD` when 2, the year
 * then from the pivot); false when a four-digit year is outside 1900–2099 (a two-digit one never is).
 */
function readCompactDate(buf: Uint8Array, s: number, yearDigits: number, pivot: number, out: TimestampParts): boolean {
  const year = digitsAt(buf, s, yearDigits);
  out.year = yearDigits === 2 ? twoDigitYear(year, pivot) : year;
  out.month = digitsAt(buf, s + yearDigits, 2);
  out.day = digitsAt(buf, s + yearDigits + 2, 2);
  return out.year >= 1900 && out.year <= 2099;
}

/** Value of `n` ASCII digits at `p` (the caller knows they are digits). */
function digitsAt(buf: Uint8Array, p: number, n: number): number {
  let value = 0;
  for (let i = 0; i < n; i++) value = value * 10 + (buf[p + i]! - 0x30);
  return value;
}

function validate(out: TimestampParts): boolean {
  return isValidDate(out.year, out.month, out.day) && out.hour < 24 && out.minute < 60 && out.second < 60;
}

/** Sets `out.dayMonth` from which readings of `a/b/year` are valid dates. */
function dayMonthEvidence(a: number, b: number, year: number): number {
  const dmy = isValidDate(year, b, a);
  const mdy = isValidDate(year, a, b);
  if (dmy && mdy) return a === b ? DAY_MONTH.equal : DAY_MONTH.ambiguous;
  if (dmy) return DAY_MONTH.dmyOnly;
  if (mdy) return DAY_MONTH.mdyOnly;
  return DAY_MONTH.notApplicable;
}

/** Reads the time, meridiem, offset and end of field from `p` (just after the date). */
function parseTimeTail(buf: Uint8Array, p: number, end: number, afterCjkDay: boolean, compact: boolean, out: TimestampParts): boolean {
  if (p === end) return validate(out);
  // Separator between date and time.
  const b = buf[p]!;
  if (b === 0x54 || b === 0x74 /* T t */) {
    p++;
    if (p === end) return false;
  } else if (isBlankByte(b) || b === COMMA) {
    if (b === COMMA) p++;
    p = skipBlanks(buf, p, end);
  } else if (!afterCjkDay) {
    return false;
  }
  if (p === end) return validate(out);
  // Chinese meridiem before the time.
  let meridiem = MER_NONE;
  if (buf[p]! >= 0xe0) {
    const c0 = code3(buf, p, end);
    const c1 = code3(buf, p + 3, end);
    for (let i = 0; i < CJK_MERIDIEMS.length; i++) {
      const m = CJK_MERIDIEMS[i]!;
      if (m[0] === c0 && m[1] === c1) {
        meridiem = m[2];
        p = skipBlanks(buf, p + 6, end);
        break;
      }
    }
  }
  const hour = readUint(buf, p, end);
  if (hour < 0) return false;
  const hourDigits = digitCount;
  p = cur;
  const next = p < end ? buf[p]! : -1;
  const nextCjk = code3(buf, p, end);
  if ((hourDigits === 4 || hourDigits === 6) && (compact || next === -1 || !(next === COLON || nextCjk === CH_FULLWIDTH_COLON))) {
    // Basic ISO 8601 time `HHMM[SS]` (as in `20260105 130005` or `20260105T1300`).
    out.hour = digitsAt(buf, p - hourDigits, 2);
    out.minute = digitsAt(buf, p - hourDigits + 2, 2);
    if (hourDigits === 6) out.second = digitsAt(buf, p - 2, 2);
    if (p < end && (next === DOT || next === COMMA) && hourDigits === 6) {
      out.millisecond = readMillis(buf, p + 1, end);
      if (digitCount === 0) return false;
      p = cur;
    }
  } else {
    if (hourDigits > 2) return false;
    out.hour = hour;
    if (next === COLON || nextCjk === CH_FULLWIDTH_COLON) {
      p += next === COLON ? 1 : 3;
      const minute = readUint(buf, p, end);
      if (minute < 0 || digitCount > 2) return false;
      out.minute = minute;
      p = cur;
      if (p < end && (buf[p] === COLON || code3(buf, p, end) === CH_FULLWIDTH_COLON)) {
        p += buf[p] === COLON ? 1 : 3;
        const second = readUint(buf, p, end);
        if (second < 0 || digitCount > 2) return false;
        out.second = second;
        p = cur;
        if (p < end && (buf[p] === DOT || buf[p] === COMMA)) {
          out.millisecond = readMillis(buf, p + 1, end);
          if (digitCount === 0) return false;
          p = cur;
        }
      }
    } else if (nextCjk === CH_HOUR || nextCjk === CH_HOUR_TRAD || nextCjk === CH_OCLOCK || nextCjk === CH_OCLOCK_TRAD) {
      // 13时5分3秒, 13点, 13点05分
      p += 3;
      const minute = readUint(buf, p, end);
      if (minute >= 0) {
        if (digitCount > 2 || code3(buf, cur, end) !== CH_MINUTE) return false;
        out.minute = minute;
        p = cur + 3;
        const second = readUint(buf, p, end);
        if (second >= 0) {
          if (digitCount > 2) return false;
          out.second = second;
          p = cur;
          if (p < end && buf[p] === DOT) {
            out.millisecond = readMillis(buf, p + 1, end);
            if (digitCount === 0) return false;
            p = cur;
          }
          if (code3(buf, p, end) !== CH_SECOND) return false;
          p += 3;
        }
      }
    } else {
      return false;
    }
  }
  p = skipBlanks(buf, p, end);
  // English meridiem after the time: AM, PM, a.m., p.m.
  if (p < end && meridiem === MER_NONE) {
    const m = buf[p]! | 0x20;
    if ((m === 0x61 || m === 0x70) && p + 1 < end) {
      let q = p + 1;
      if (buf[q] === DOT) q++;
      if (q < end && (buf[q]! | 0x20) === 0x6d && (q + 1 === end || !isAsciiLetterAt(buf, q + 1))) {
        q++;
        if (q < end && buf[q] === DOT) q++;
        if (out.hour > 12) return false;
        meridiem = m === 0x61 ? MER_AM : MER_PM;
        p = skipBlanks(buf, q, end);
      }
    }
  }
  if (meridiem !== MER_NONE) {
    const h = out.hour;
    if (meridiem === MER_AM) {
      if (h > 12) return false;
      if (h === 12) out.hour = 0;
    } else if (meridiem === MER_PM) {
      if (h < 12) out.hour = h + 12;
    } else if (h >= 1 && h <= 2) {
      out.hour = h + 12;
    }
  }
  // Offset.
  if (p < end && !parseOffset(buf, p, end, out)) return false;
  return validate(out);
}

/** `Z`, `±HH[[:]MM]`, `UTC`/`GMT` optionally followed by an offset, then an optional `(zone name)`; to the end. */
function parseOffset(buf: Uint8Array, p: number, end: number, out: TimestampParts): boolean {
  const b = buf[p]!;
  if (b === 0x5a || b === 0x7a /* Z z */) {
    out.hasOffset = true;
    out.offsetMinutes = 0;
    p++;
  } else {
    if (isAsciiLetterAt(buf, p)) {
      const q = letterRunEnd(buf, p, end);
      if (!asciiWordEquals(buf, p, q, 'utc') && !asciiWordEquals(buf, p, q, 'gmt')) return false;
      out.hasOffset = true;
      out.offsetMinutes = 0;
      p = q;
    }
    if (p < end && (buf[p] === PLUS || buf[p] === DASH)) {
      const sign = buf[p] === DASH ? -1 : 1;
      const hours = readUint(buf, p + 1, end);
      let minutes = 0;
      if (hours < 0) return false;
      let h = hours;
      if (digitCount === 4) {
        h = Math.floor(hours / 100);
        minutes = hours % 100;
      } else if (digitCount > 2) {
        return false;
      }
      p = cur;
      if (digitCount <= 2 && p < end && buf[p] === COLON) {
        minutes = readUint(buf, p + 1, end);
        if (digitCount !== 2) return false;
        p = cur;
      }
      // Real offsets lie within −12:00…+14:00; PostgreSQL accepts up to ±15:59.
      if (h > 14 || minutes > 59) return false;
      out.hasOffset = true;
      out.offsetMinutes = sign * (h * 60 + minutes);
    } else if (!out.hasOffset) {
      return false;
    }
  }
  p = skipBlanks(buf, p, end);
  // A trailing zone name, `(China Standard Time)` (Date#toString) or `[Asia/Shanghai]` (java.time): the offset
  // before it already fixes the instant. Bare abbreviations are rejected: CST is China and US Central time.
  if (p < end && ((buf[p] === LPAREN && buf[end - 1] === RPAREN) || (buf[p] === LBRACKET && buf[end - 1] === RBRACKET))) p = end;
  return p === end;
}

/**
 * Textual dates: `[Weekday,] D Mon YYYY`, `D-Mon-YYYY`, `[Weekday,] Mon D[,] YYYY`, each with an optional time;
 * `Mon` English or Chinese (`readMonthWord`). The day-first forms also take a two-digit year, placed by `order`:
 * `D[D]-Mon-YY` in every order (Oracle's DD-MON-YY; a file may mix it with `YY-MM-DD` under YMD); a last number
 * of four digits is the year.
 */
function parseTextual(buf: Uint8Array, p: number, end: number, order: DateOrder, pivot: number, out: TimestampParts): boolean {
  if (isAsciiLetterAt(buf, p)) {
    const q = letterRunEnd(buf, p, end);
    if (matchName(buf, p, q, MONTH_NAMES) === 0) {
      if (matchName(buf, p, q, WEEKDAY_NAMES) === 0) return false;
      p = q < end && buf[q] === DOT ? q + 1 : q;
      if (p < end && buf[p] === COMMA) p++;
      p = skipBlanks(buf, p, end);
    }
  }
  if (p >= end) return false;
  let day: number;
  let month: number;
  // Digits of the number before the month, -1 in the month-first form (which takes four-digit years only).
  let firstDigits = -1;
  if (isAsciiLetterAt(buf, p)) {
    // Mon D[,] YYYY
    month = readMonthName(buf, p, end);
    if (month === 0) return false;
    p = skipBlanks(buf, cur, end);
    if (p < end && buf[p] === DASH) p++;
    day = readUint(buf, p, end);
    if (day < 0 || digitCount > 2) return false;
    p = cur;
    if (p < end && buf[p] === COMMA) p++;
    if (p < end && buf[p] === DASH) p++;
    const q = skipBlanks(buf, p, end);
    if (q === p && buf[p - 1] !== COMMA && buf[p - 1] !== DASH) return false;
    p = q;
  } else {
    // D Mon YYYY, D-Mon-YYYY, D-Mon-YY, YY-Mon-D
    day = readUint(buf, p, end);
    if (day < 0 || digitCount > 2) return false;
    firstDigits = digitCount;
    p = cur;
    let sep = -1;
    if (p < end && (buf[p] === DASH || buf[p] === SLASH || buf[p] === DOT)) sep = buf[p++]!;
    else p = skipBlanks(buf, p, end);
    if (p >= end) return false;
    month = readMonthWord(buf, p, end);
    if (month === 0) return false;
    p = cur;
    if (sep >= 0) {
      if (p >= end || buf[p] !== sep) return false;
      p++;
    } else {
      if (p < end && buf[p] === COMMA) p++;
      p = skipBlanks(buf, p, end);
    }
  }
  const last = readUint(buf, p, end);
  if (last < 0) return false;
  out.month = month;
  if (digitCount === 4) {
    out.year = last;
    out.day = day;
    return parseTimeTail(buf, cur, end, false, false, out);
  }
  // A two-digit year: the month name fixes the month, the order says which number is the year.
  if (digitCount > 2 || firstDigits < 0) return false;
  // Day first whatever the order: `22-Apr-15` is Oracle's DD-MON-YY (22 April 2015); a year-first form with a
  // month name (YY-Mon-DD) is not one exports write, and a file may mix it with YY-MM-DD columns under YMD.
  void order;
  if (digitCount !== 2) return false;
  out.year = twoDigitYear(last, pivot);
  out.day = day;
  return finishTwoDigitYear(parseTimeTail(buf, cur, end, false, false, out), pivot, out);
}

/**
 * Parses a timestamp field into `out` (see the module header for the forms).
 * Method: a single forward pass; calendar arithmetic after H. Hinnant's civil-date algorithms; Excel serial
 * days per the 1900 date system with epoch 1899-12-30 (ECMA-376 Part 1 §18.17.4.1).
 *
 * @param buf UTF-8 bytes of the input chunk
 * @param start inclusive start of the field
 * @param end exclusive end of the field
 * @param order order of numeric date parts (`05/01/2026` is 5 January in DMY); for a two-digit year also where
 *   the year is (`22-04-15` is 2022-04-15 in YMD, 2015-04-22 in DMY; `220415` is a date in YMD only)
 * @param out parts to fill; `out.dayMonth` and `out.twoDigitYear` are set even when the result is false
 * @param pivot two-digit-year pivot 0–99 (yy < pivot is 20yy, else 19yy), or `NO_TWO_DIGIT_YEAR_PIVOT`:
 *   then a two-digit year fails the parse with `out.twoDigitYear` set; any value that `isTwoDigitYearPivot`
 *   refuses counts as none
 * @returns true when `out` holds a valid timestamp
 * @example parseTimestampBytes(utf8('05/01/2026 13:00'), 0, 16, 'DMY', p) // => true (p.month === 1, p.dayMonth === DAY_MONTH.ambiguous)
 * @example parseTimestampBytes(utf8('04/15/22'), 0, 8, 'MDY', p, 50) // => true (p.year === 2022, p.dayMonth === DAY_MONTH.mdyOnly)
 * @example parseTimestampBytes(utf8('04/15/22'), 0, 8, 'MDY', p) // => false (p.twoDigitYear === true)
 * @example parseTimestampBytes(utf8('990103 7:12:05'), 0, 14, 'YMD', p, 50) // => true (p.year === 1999)
 */
export function parseTimestampBytes(
  buf: Uint8Array,
  start: number,
  end: number,
  order: DateOrder,
  out: TimestampParts,
  pivot: number = NO_TWO_DIGIT_YEAR_PIVOT,
): boolean {
  if (parseForms(buf, start, end, order, pivot, out)) return true;
  // Rare: full-width digits or punctuation (`２０２６年１月５日`). Fold them to ASCII and try once more.
  const length = foldFullWidthBytes(buf, start, end);
  return length >= 0 && parseForms(foldedBytes(), 0, length, order, pivot, out);
}

function parseForms(buf: Uint8Array, start: number, end: number, order: DateOrder, pivot: number, out: TimestampParts): boolean {
  reset(out);
  const s = trimStartBytes(buf, start, end);
  const e = trimEndBytes(buf, s, end);
  if (s >= e) return false;
  if (isAsciiLetterAt(buf, s)) return parseTextual(buf, s, e, order, pivot, out);
  const first = readUint(buf, s, e);
  if (first < 0) return false;
  const d1 = digitCount;
  let p = cur;
  if (p === e || (buf[p] === DOT && d1 !== 4 && d1 > 2)) return parseNumeric(buf, s, p, e, first, d1, order, pivot, out);
  const sep = buf[p]!;
  if (d1 === 4) {
    out.year = first;
    if (sep === DASH || sep === SLASH || sep === DOT) {
      p++;
      let month: number;
      if (p < e && isAsciiLetterAt(buf, p)) {
        month = readMonthName(buf, p, e);
        if (month === 0) return false;
      } else {
        month = readUint(buf, p, e);
        if (month < 0 || digitCount > 2) return false;
      }
      p = cur;
      if (p >= e || buf[p] !== sep) return false;
      const day = readUint(buf, p + 1, e);
      if (day < 0 || digitCount > 2) return false;
      out.month = month;
      out.day = day;
      return parseTimeTail(buf, cur, e, false, false, out);
    }
    p = skipBlanks(buf, p, e);
    if (code3(buf, p, e) === CH_YEAR) {
      p = skipBlanks(buf, p + 3, e);
      const month = readUint(buf, p, e);
      if (month < 0 || digitCount > 2) return false;
      p = skipBlanks(buf, cur, e);
      if (code3(buf, p, e) !== CH_MONTH) return false;
      p = skipBlanks(buf, p + 3, e);
      const day = readUint(buf, p, e);
      if (day < 0 || digitCount > 2) return false;
      p = cur;
      const q = skipBlanks(buf, p, e);
      const marker = code3(buf, q, e);
      const hasMarker = marker === CH_DAY || marker === CH_DAY_SPOKEN;
      if (hasMarker) p = q + 3;
      out.month = month;
      out.day = day;
      return parseTimeTail(buf, p, e, hasMarker, false, out);
    }
    return false;
  }
  if (d1 === 8 || d1 === 6) {
    // `YYYYMMDD` or (under YMD) `YYMMDD`, then a time: `20260105 131500`, `990103 7:12:05`.
    if (!(isBlankByte(sep) || sep === 0x54 || sep === 0x74)) return false;
    if (d1 === 8) return readCompactDate(buf, s, 4, pivot, out) && parseTimeTail(buf, p, e, false, true, out);
    if (order !== 'YMD') return false;
    readCompactDate(buf, s, 2, pivot, out);
    return finishTwoDigitYear(parseTimeTail(buf, p, e, false, true, out), pivot, out);
  }
  if (d1 > 2) return false;
  if (sep === DASH || sep === SLASH || sep === DOT) {
    p++;
    // A month word after the first number: `05-Jan-2026`, `15-四月-22` (CJK lead bytes are ≥ 0xE0).
    if (p < e && (isAsciiLetterAt(buf, p) || buf[p]! >= 0xe0)) return parseTextual(buf, s, e, order, pivot, out);
    const second = readUint(buf, p, e);
    if (second < 0 || digitCount > 2) return false;
    p = cur;
    if (code3(buf, p, e) === CH_MONTH) return parseTextual(buf, s, e, order, pivot, out); // `15-4月 -22`
    if (p >= e || buf[p] !== sep) return false;
    const third = readUint(buf, p + 1, e);
    if (third < 0) return false;
    if (digitCount === 4) {
      // The year is last, as its four digits show, whatever the order.
      out.dayMonth = dayMonthEvidence(first, second, third);
      // YMD says nothing of the order of day and month before a year: refuse rather than guess.
      if (order === 'YMD') return false;
      out.year = third;
      setDayMonth(first, second, order, out);
      return parseTimeTail(buf, cur, e, false, false, out);
    }
    if (digitCount > 2) return false;
    // A two-digit year, where the order puts it.
    if (order === 'YMD') {
      if (d1 !== 2) return false;
      out.year = twoDigitYear(first, pivot);
      out.month = second;
      out.day = third;
    } else {
      if (digitCount !== 2) return false;
      out.year = twoDigitYear(third, pivot);
      out.dayMonth = dayMonthEvidence(first, second, out.year);
      setDayMonth(first, second, order, out);
    }
    return finishTwoDigitYear(parseTimeTail(buf, cur, e, false, false, out), pivot, out);
  }
  return parseTextual(buf, s, e, order, pivot, out);
}

/** Day and month of a year-last numeric date `a/b/year` in a DMY or MDY `order`. */
function setDayMonth(a: number, b: number, order: DateOrder, out: TimestampParts): void {
  if (order === 'DMY') {
    out.day = a;
    out.month = b;
  } else {
    out.month = a;
    out.day = b;
  }
}

/**
 * Parses a timestamp given as a string (convenience for tests, JSON records and profiles).
 *
 * @param text the field text
 * @param order order of numeric date parts (see `parseTimestampBytes`)
 * @param pivot two-digit-year pivot 0–99, or `NO_TWO_DIGIT_YEAR_PIVOT` (the default): two-digit years rejected
 * @returns new parts, or null when the text is not a valid timestamp
 * @example parseTimestamp('2026年1月5日 13:00', 'DMY')?.hour // => 13
 * @example parseTimestamp('22-Apr-15 3:53:50 PM', 'YMD', 50)?.year // => 2015
 */
export function parseTimestamp(text: string, order: DateOrder, pivot: number = NO_TWO_DIGIT_YEAR_PIVOT): TimestampParts | null {
  const bytes = utf8(text);
  const parts = newTimestampParts();
  return parseTimestampBytes(bytes, 0, bytes.length, order, parts, pivot) ? parts : null;
}

// ---- output ------------------------------------------------------------------------------------------

function write2(out: Uint8Array, pos: number, value: number): number {
  out[pos] = 0x30 + Math.floor(value / 10);
  out[pos + 1] = 0x30 + (value % 10);
  return pos + 2;
}

/**
 * Writes `YYYY-MM-DD HH:MM:SS[.mmm][±HH:MM]` as ASCII at `pos`: PostgreSQL's ISO input format, which a
 * `timestamptz` COPY column reads in the session's TimeZone when the offset is absent.
 *
 * @param p valid parts (as filled by `parseTimestampBytes`)
 * @param out output bytes with at least 40 bytes of room at `pos`
 * @param pos where to write
 * @returns the position after the text
 * @example formatTimestampCopy(parseTimestamp('2026-01-05T13:00Z', 'DMY')!, buf, 0) // => 25 ('2026-01-05 13:00:00+00:00')
 */
export function formatTimestampCopy(p: TimestampParts, out: Uint8Array, pos: number): number {
  pos = write2(out, pos, Math.floor(p.year / 100));
  pos = write2(out, pos, p.year % 100);
  out[pos++] = DASH;
  pos = write2(out, pos, p.month);
  out[pos++] = DASH;
  pos = write2(out, pos, p.day);
  out[pos++] = 0x20;
  pos = write2(out, pos, p.hour);
  out[pos++] = COLON;
  pos = write2(out, pos, p.minute);
  out[pos++] = COLON;
  pos = write2(out, pos, p.second);
  if (p.millisecond !== 0) {
    out[pos++] = DOT;
    out[pos++] = 0x30 + Math.floor(p.millisecond / 100);
    pos = write2(out, pos, p.millisecond % 100);
  }
  if (p.hasOffset) {
    const offset = p.offsetMinutes;
    out[pos++] = offset < 0 ? DASH : PLUS;
    const abs = offset < 0 ? -offset : offset;
    pos = write2(out, pos, Math.floor(abs / 60));
    out[pos++] = COLON;
    pos = write2(out, pos, abs % 60);
  }
  return pos;
}

/**
 * UTC epoch milliseconds of the parts: their own offset when they carry one, else `defaultOffsetMinutes`.
 *
 * @param p valid parts
 * @param defaultOffsetMinutes minutes east of UTC for offset-less parts (480 for Asia/Shanghai)
 * @returns epoch ms
 * @example partsToEpochMs(parseTimestamp('2026-01-05 08:00', 'DMY')!, 480) // => Date.UTC(2026, 0, 5)
 */
export function partsToEpochMs(p: TimestampParts, defaultOffsetMinutes: number): number {
  const offset = p.hasOffset ? p.offsetMinutes : defaultOffsetMinutes;
  return (
    daysFromCivil(p.year, p.month, p.day) * 86_400_000 +
    ((p.hour * 60 + p.minute - offset) * 60 + p.second) * 1000 +
    p.millisecond
  );
}
