/**
 * Durations (queue wait, talk, hold, after-call work) to seconds, read straight from UTF-8 bytes.
 *
 * Accepted forms, tried in this order after trimming and one optional leading sign:
 *   1. a plain number of seconds: `90`, `90.5`, `.5`, `-5` (negatives are returned; the caller flags them);
 *   2. a clock: `m:ss` (`1:30`, `90:00`) or `h:mm:ss` (`1:02:03`, `00:01:30.5`); later parts must be < 60;
 *   3. number–unit pairs, largest unit first: `1.5 min`, `90s`, `1h 2m 3s`, `1h2m`, `2 hours`, `2分30秒`,
 *      `1小时2分3秒`, `1.5分钟`; a trailing bare number takes the next smaller unit (`2分30` = 150 s);
 *      units: ms/msec/毫秒, s/sec/second(s)/秒/秒钟, m/min/minute(s)/分/分钟, h/hr/hour(s)/小时/时/钟头, d/day(s)/天;
 *   4. ISO 8601 durations (ISO 8601-1:2019 §5.5.2): `PT1M30S`, `P1DT2H`, `PT1.5S`, `P1W` (years and months
 *      have no fixed length in seconds and are rejected).
 * Rejected (NaN): empty, exponents (`1e308`), `NaN`, `Infinity`, any number with more than 15 integer digits
 * (IEEE doubles hold 15 decimal digits exactly, so a 20-digit id must not pass as 1e19 s), more than one sign,
 * `1..5`, `5.`, units out of order or repeated.
 * Results with a fraction are rounded to the millisecond so float noise (`1.1 min` = 66.00000000000001) never
 * reaches the database.
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

const DOT = 0x2e;
const COLON = 0x3a;
const PLUS = 0x2b;
const MINUS = 0x2d;
const FULLWIDTH_COLON = cjkCode('：');
const MAX_INT_DIGITS = 15;
const MAX_FRACTION_DIGITS = 15;

/** 10^k for k = 0…15, so a fraction is one exact division. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

// Results of `readNumber`, kept at module level so the hot path allocates nothing.
let numValue = 0;
let numEnd = 0;
let numHasFraction = false;

/**
 * Reads `digits[.digits]` or `.digits` at `p`. False when there is no number, more than 15 integer digits,
 * or a dot without digits after it.
 */
function readNumber(buf: Uint8Array, p: number, end: number): boolean {
  let value = 0;
  let intDigits = 0;
  while (p < end) {
    const d = buf[p]! - 0x30;
    if (d < 0 || d > 9) break;
    if (++intDigits > MAX_INT_DIGITS) return false;
    value = value * 10 + d;
    p++;
  }
  numHasFraction = false;
  if (p < end && buf[p] === DOT) {
    p++;
    let fraction = 0;
    let fractionDigits = 0;
    let seen = 0;
    while (p < end) {
      const d = buf[p]! - 0x30;
      if (d < 0 || d > 9) break;
      // Digits past the 15th cannot change a double's value at this magnitude: read and drop them.
      if (fractionDigits < MAX_FRACTION_DIGITS) {
        fraction = fraction * 10 + d;
        fractionDigits++;
      }
      seen++;
      p++;
    }
    if (seen === 0) return false;
    value += fraction / POW10[fractionDigits]!;
    numHasFraction = true;
  } else if (intDigits === 0) {
    return false;
  }
  numValue = value;
  numEnd = p;
  return true;
}

// ---- units -------------------------------------------------------------------------------------------

// Ranks order the units so that `1h 2m` passes and `2m 1h` does not; rank 0 means "not a unit".
const RANK_MS = 1;
const RANK_S = 2;
const RANK_M = 3;
const RANK_H = 4;
const RANK_D = 5;
const RANK_W = 6;
/** Seconds per unit, indexed by rank. */
const UNIT_SECONDS = [0, 0.001, 1, 60, 3600, 86_400, 604_800];

const ASCII_UNITS: readonly (readonly [string, number])[] = [
  ['ms', RANK_MS], ['msec', RANK_MS], ['msecs', RANK_MS], ['millisecond', RANK_MS], ['milliseconds', RANK_MS],
  ['s', RANK_S], ['sec', RANK_S], ['secs', RANK_S], ['second', RANK_S], ['seconds', RANK_S],
  ['m', RANK_M], ['min', RANK_M], ['mins', RANK_M], ['minute', RANK_M], ['minutes', RANK_M],
  ['h', RANK_H], ['hr', RANK_H], ['hrs', RANK_H], ['hour', RANK_H], ['hours', RANK_H],
  ['d', RANK_D], ['day', RANK_D], ['days', RANK_D],
  ['w', RANK_W], ['wk', RANK_W], ['week', RANK_W], ['weeks', RANK_W],
];

/** CJK unit spellings as UTF-8 bytes, longest first so `分钟` wins over `分`. */
const CJK_UNITS: readonly (readonly [Uint8Array, number])[] = (
  [
    ['个小时', RANK_H], ['個小時', RANK_H], ['毫秒', RANK_MS], ['秒钟', RANK_S], ['秒鐘', RANK_S], ['分钟', RANK_M],
    ['分鐘', RANK_M], ['小时', RANK_H], ['小時', RANK_H], ['钟头', RANK_H], ['鐘頭', RANK_H], ['秒', RANK_S],
    ['分', RANK_M], ['时', RANK_H], ['時', RANK_H], ['天', RANK_D], ['日', RANK_D], ['周', RANK_W], ['週', RANK_W],
  ] as const
).map(([word, rank]) => [utf8(word), rank] as const);

let unitEnd = 0;

/** Rank of the unit spelled at `p` (0 when none); sets `unitEnd`. ASCII units must be a whole letter run. */
function readUnit(buf: Uint8Array, p: number, end: number): number {
  if (isAsciiLetterAt(buf, p)) {
    let q = p + 1;
    while (q < end && isAsciiLetterAt(buf, q)) q++;
    for (let i = 0; i < ASCII_UNITS.length; i++) {
      const unit = ASCII_UNITS[i]!;
      if (asciiWordEquals(buf, p, q, unit[0])) {
        unitEnd = q;
        return unit[1];
      }
    }
    return 0;
  }
  if (buf[p]! < 0xe0) return 0;
  for (let i = 0; i < CJK_UNITS.length; i++) {
    const unit = CJK_UNITS[i]!;
    const bytes = unit[0];
    if (p + bytes.length > end) continue;
    let j = 0;
    while (j < bytes.length && buf[p + j] === bytes[j]) j++;
    if (j === bytes.length) {
      unitEnd = p + bytes.length;
      return unit[1];
    }
  }
  return 0;
}

function skipBlanks(buf: Uint8Array, p: number, end: number): number {
  while (p < end && isBlankByte(buf[p]!)) p++;
  return p;
}

/** `1h 2m 3s`, `2分30秒`, `2分30`: number–unit pairs from `p`, largest unit first. */
function parseUnits(buf: Uint8Array, p: number, end: number): number {
  let total = 0;
  let lastRank = RANK_W + 1;
  while (p < end) {
    if (!readNumber(buf, p, end)) return NaN;
    const value = numValue;
    p = skipBlanks(buf, numEnd, end);
    if (p === end) {
      // A bare number after a unit counts in the next smaller unit: 2分30 = 2 min 30 s, 1h30 = 1 h 30 min.
      if (lastRank <= RANK_MS + 1 || lastRank > RANK_W) return NaN;
      return total + value * UNIT_SECONDS[lastRank - 1]!;
    }
    const rank = readUnit(buf, p, end);
    if (rank === 0 || rank >= lastRank) return NaN;
    total += value * UNIT_SECONDS[rank]!;
    lastRank = rank;
    p = skipBlanks(buf, unitEnd, end);
  }
  return total;
}

/** `m:ss` or `h:mm:ss[.fff]` starting at `p`; only the last part may carry a fraction. */
function parseClock(buf: Uint8Array, p: number, end: number): number {
  let total = 0;
  let parts = 0;
  while (true) {
    const partStart = p;
    if (!readNumber(buf, p, end)) return NaN;
    const value = numValue;
    p = numEnd;
    const atEnd = p === end;
    if (parts > 0) {
      // Parts after the first are sexagesimal: one or two digits, below 60.
      let digits = 0;
      while (partStart + digits < end && buf[partStart + digits]! >= 0x30 && buf[partStart + digits]! <= 0x39) digits++;
      if (digits < 1 || digits > 2 || value >= 60) return NaN;
    }
    if (numHasFraction && !atEnd) return NaN;
    total = total * 60 + value;
    parts++;
    if (atEnd) return parts >= 2 ? total : NaN;
    if (parts === 3) return NaN;
    if (buf[p] === COLON) p++;
    else if (code3(buf, p, end) === FULLWIDTH_COLON) p += 3;
    else return NaN;
    if (p === end) return NaN;
  }
}

/** ISO 8601 duration after the `P`: `[nW][nD][T[nH][nM][nS]]`. */
function parseIso(buf: Uint8Array, p: number, end: number): number {
  let total = 0;
  let inTime = false;
  let components = 0;
  let lastRank = RANK_W + 1;
  while (p < end) {
    const b = buf[p]! | 0x20;
    if (b === 0x74 /* t */) {
      if (inTime) return NaN;
      inTime = true;
      lastRank = RANK_H + 1;
      p++;
      if (p === end) return NaN;
      continue;
    }
    if (!readNumber(buf, p, end)) return NaN;
    p = numEnd;
    if (p === end) return NaN;
    const designator = buf[p]! | 0x20;
    let rank = 0;
    if (!inTime) {
      if (designator === 0x77 /* w */) rank = RANK_W;
      else if (designator === 0x64 /* d */) rank = RANK_D;
    } else if (designator === 0x68 /* h */) rank = RANK_H;
    else if (designator === 0x6d /* m */) rank = RANK_M;
    else if (designator === 0x73 /* s */) rank = RANK_S;
    if (rank === 0 || rank >= lastRank) return NaN;
    total += numValue * UNIT_SECONDS[rank]!;
    lastRank = rank;
    components++;
    p++;
  }
  return components > 0 && !(inTime && lastRank > RANK_H) ? total : NaN;
}

/** Rounds away float noise (to the millisecond) and turns -0 into 0. */
function finish(seconds: number): number {
  if (!Number.isFinite(seconds)) return NaN;
  if (!Number.isInteger(seconds) && Math.abs(seconds) < 1e12) seconds = Math.round(seconds * 1000) / 1000;
  return seconds === 0 ? 0 : seconds;
}

/**
 * Parses a duration field to seconds (see the module header for every accepted form).
 * Method: one forward pass over the bytes; no strings are built. Clock and unit forms follow the spellings of
 * call-center exports (Genesys, Avaya, Chinese ACD systems) and ISO 8601-1:2019 §5.5.2 for `PnDTnHnMnS`.
 *
 * @param buf UTF-8 bytes of the input chunk
 * @param start inclusive start of the field
 * @param end exclusive end of the field
 * @param bareNumberSeconds seconds per unit of a plain number (60 in a column whose header says minutes; see
 *   duration-unit.ts); forms with their own units or a clock are read as written
 * @returns seconds (finite, may be negative or fractional), or NaN when the text is not a duration
 * @example parseDurationBytes(utf8('2分30秒'), 0, 9) // => 150
 * @example parseDurationBytes(utf8('2.5'), 0, 3, 60) // => 150
 */
export function parseDurationBytes(buf: Uint8Array, start: number, end: number, bareNumberSeconds = 1): number {
  const seconds = parseAsciiForms(buf, start, end, bareNumberSeconds);
  if (seconds === seconds) return seconds;
  // Rare: full-width digits or colons (`１：３０`). Fold them to ASCII and try once more.
  const length = foldFullWidthBytes(buf, start, end);
  return length < 0 ? NaN : parseAsciiForms(foldedBytes(), 0, length, bareNumberSeconds);
}

function parseAsciiForms(buf: Uint8Array, start: number, end: number, bareNumberSeconds: number): number {
  const s0 = trimStartBytes(buf, start, end);
  const e = trimEndBytes(buf, s0, end);
  if (s0 >= e) return NaN;
  let s = s0;
  let sign = 1;
  const first = buf[s];
  if (first === MINUS) {
    sign = -1;
    s++;
  } else if (first === PLUS) {
    s++;
  }
  if (s >= e) return NaN;
  const lead = buf[s]! | 0x20;
  if (lead === 0x70 /* p */) return finish(sign * parseIso(buf, s + 1, e));
  if (!readNumber(buf, s, e)) return NaN;
  // The common case: a plain number of seconds (or of the column's declared unit).
  if (numEnd === e) return finish(sign * numValue * bareNumberSeconds);
  const next = buf[numEnd]!;
  if (next === COLON || (next === 0xef && code3(buf, numEnd, e) === FULLWIDTH_COLON)) {
    if (numHasFraction) return NaN;
    return finish(sign * parseClock(buf, s, e));
  }
  return finish(sign * parseUnits(buf, s, e));
}

/**
 * Parses a duration given as a string (convenience for tests, JSON records and profiles).
 *
 * @param text the field text
 * @returns seconds, or NaN when the text is not a duration
 * @example parseDuration('1h 2m 3s') // => 3723
 */
export function parseDuration(text: string): number {
  const bytes = utf8(text);
  return parseDurationBytes(bytes, 0, bytes.length);
}
