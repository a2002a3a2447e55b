/**
 * A seeded, streaming generator of call-log CSV text with the messiness of real exports (cached on disk by
 * `call-log-files.ts`).
 *
 * Messiness, all of it valid input for `servq ingest calls` (the benchmark measures the clean path):
 * - timestamps mixed within each column: `2024-01-08 13:00:05`, `2024/01/08 13:00:05`,
 *   `2024-01-08T13:00:05+08:00` (year first only: day-first and month-first forms are never mixed);
 * - durations as `90`, `1:30`, `1分30秒` (`45秒` under a minute);
 * - channels, outcomes, priorities and booleans in English and Chinese (`phone`/`电话`/`在线客服`, `接通`/`放弃`,
 *   `普通`/`major`, `是`/`否`/`Y`/`N`);
 * - quoted fields: team names with commas and doubled quotes, and needlessly quoted regions;
 * - empty optional fields (no answer time on abandoned calls, no hold time on non-voice channels).
 * Call ids are unique; phone numbers are 11-digit mainland mobiles (servq pseudonymises them with a keyed hash).
 */

/** Bumped whenever the generated content changes, so cached files of an older generator are not reused. */
export const GENERATOR_VERSION = 2;

/** The header of the generated call log: every name is an alias of a field in `CALL_FIELDS`. */
export const CALL_LOG_HEADER = [
  'call_id',
  'start_time',
  'answer_time',
  'end_time',
  'channel',
  'queue',
  'status',
  'wait_time',
  'talk_time',
  'hold_time',
  'acw',
  'transferred',
  'fcr',
  'priority',
  'agent',
  'team',
  'region',
  'phone',
] as const;

// Vocabularies, already CSV-encoded. Repeated entries weight the draw.
const VOICE_CHANNELS = ['phone', 'phone', 'phone', '电话', '电话', 'Phone'] as const;
const OTHER_CHANNELS = ['在线客服', '在线客服', 'chat', 'email', '邮件', '微信', '微信', 'app'] as const;
const QUEUES = ['宽带故障', 'billing', '账单查询', '新装业务', 'tech_support', '投诉建议', 'general'] as const;
const ANSWERED = ['answered', '接通', '接通', 'Answered'] as const;
const ABANDONED = ['abandoned', '放弃', '放弃'] as const;
// Canonical priorities are 'ordinary' and 'major' (sql/000001_foundation.sql); these are common spellings of each.
const PRIORITIES = ['ordinary', 'ordinary', '普通', '普通', '一般', 'normal', 'major', '重大'] as const;
const TEAMS = [
  '宽带一组',
  '宽带二组',
  '"售后服务,二组"',
  'Network Support',
  '"Billing, Tier 2"',
  '"VIP ""Gold"" desk"',
  '在线客服组',
  'Tier 1',
] as const;
const REGIONS = ['北京', '上海', '"上海"', '广东', '浙江', '"江苏"', 'Sichuan', 'Hubei', '深圳'] as const;
const MOBILE_PREFIXES = ['138', '139', '135', '186', '158', '177', '199', '150'] as const;

const SECONDS_PER_DAY = 86_400;
/**
 * 2024-01-08 08:00:00 as wall-clock seconds since 1970-01-01 00:00:00 (no zone: printed as is; the `+08:00`
 * form says it is China Standard Time). In the past, so servq's future-date check never rejects a row.
 */
const FIRST_CALL_WALL_SECONDS = Date.UTC(2024, 0, 8, 8, 0, 0) / 1000;
/** Rows per string chunk handed to the file stream: ~0.5–0.6 MB, well above the 16 KiB that stops per-write costs. */
const ROWS_PER_CHUNK = 4096;

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_unused, n) => String(n).padStart(2, '0'));

/** State of the mulberry32 generator (public domain, Tommy Ettinger 2017): one 32-bit word. */
interface RandomState {
  word: number;
}

/** Per-run generator state: the random stream, the clock and a one-day cache of the formatted date parts. */
interface GeneratorState {
  readonly random: RandomState;
  wallSeconds: number;
  cachedDay: number;
  dashDate: string;
  slashDate: string;
}

/** Options of `generateCallLogChunks`. */
export interface CallLogOptions {
  /** Number of data rows (the header is extra). */
  readonly rows: number;
  /** Seed of the pseudo-random stream: equal seeds give byte-identical files. */
  readonly seed: number;
}

function nextRandom(random: RandomState): number {
  random.word = (random.word + 0x6d2b79f5) | 0;
  let t = random.word;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

function randomInt(random: RandomState, exclusiveMax: number): number {
  return Math.floor(nextRandom(random) * exclusiveMax);
}

function pick(random: RandomState, values: readonly string[]): string {
  return values[randomInt(random, values.length)] ?? '';
}

/** Exponentially distributed whole seconds with the given mean, capped: queue waits and talk times are skewed. */
function skewedSeconds(random: RandomState, meanSeconds: number, maxSeconds: number): number {
  const seconds = Math.floor(-Math.log(1 - nextRandom(random)) * meanSeconds);
  return seconds > maxSeconds ? maxSeconds : seconds;
}

/** Civil date of a day number (days since 1970-01-01): Hinnant's `civil_from_days` (chrono-compatible algorithms). */
function cacheDateParts(state: GeneratorState, day: number): void {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const monthText = TWO_DIGITS[month] ?? '';
  const dayText = TWO_DIGITS[dayOfMonth] ?? '';
  state.cachedDay = day;
  state.dashDate = `${year}-${monthText}-${dayText}`;
  state.slashDate = `${year}/${monthText}/${dayText}`;
}

/** A wall-clock timestamp in one of three year-first formats, drawn per field (mixed within the column). */
function formatTimestamp(state: GeneratorState, wallSeconds: number): string {
  const day = Math.floor(wallSeconds / SECONDS_PER_DAY);
  if (day !== state.cachedDay) cacheDateParts(state, day);
  const secondOfDay = wallSeconds - day * SECONDS_PER_DAY;
  const hours = TWO_DIGITS[Math.floor(secondOfDay / 3600)] ?? '';
  const minutes = TWO_DIGITS[Math.floor(secondOfDay / 60) % 60] ?? '';
  const clock = `${hours}:${minutes}:${TWO_DIGITS[secondOfDay % 60] ?? ''}`;
  const draw = nextRandom(state.random);
  if (draw < 0.6) return `${state.dashDate} ${clock}`;
  if (draw < 0.85) return `${state.slashDate} ${clock}`;
  return `${state.dashDate}T${clock}+08:00`;
}

/** A duration as `90`, `1:30` or `1分30秒`, drawn per field. */
function formatDuration(random: RandomState, seconds: number): string {
  const draw = nextRandom(random);
  if (draw < 0.5) return String(seconds);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (draw < 0.75) return `${minutes}:${TWO_DIGITS[rest] ?? ''}`;
  return minutes > 0 ? `${minutes}分${rest}秒` : `${rest}秒`;
}

function formatBoolean(random: RandomState, value: boolean): string {
  return nextRandom(random) < 0.5 ? (value ? '是' : '否') : value ? 'Y' : 'N';
}

function formatPhone(random: RandomState): string {
  return pick(random, MOBILE_PREFIXES) + String(randomInt(random, 100_000_000)).padStart(8, '0');
}

/** One CSV line (with its `\n`) for the call with 1-based number `callNumber`; advances the clock. */
function generateRow(state: GeneratorState, callNumber: number): string {
  const random = state.random;
  state.wallSeconds += randomInt(random, 4);
  const startSeconds = state.wallSeconds;
  const voice = nextRandom(random) < 0.65;
  const channel = voice ? pick(random, VOICE_CHANNELS) : pick(random, OTHER_CHANNELS);
  const answered = nextRandom(random) < 0.88;
  const waitSeconds = skewedSeconds(random, answered ? 25 : 60, 900);
  let answerTime = '';
  let endTime: string;
  let talkTime = '0';
  let holdTime = '';
  let acw = '';
  let transferred: string;
  let fcr = '';
  let status: string;
  if (answered) {
    const talkSeconds = 20 + skewedSeconds(random, 240, 3000);
    const holdSeconds = voice && nextRandom(random) < 0.3 ? 5 + skewedSeconds(random, 40, 600) : 0;
    answerTime = formatTimestamp(state, startSeconds + waitSeconds);
    endTime = formatTimestamp(state, startSeconds + waitSeconds + talkSeconds + holdSeconds);
    talkTime = formatDuration(random, talkSeconds);
    if (voice) holdTime = formatDuration(random, holdSeconds);
    acw = formatDuration(random, skewedSeconds(random, 30, 600));
    transferred = formatBoolean(random, nextRandom(random) < 0.1);
    fcr = formatBoolean(random, nextRandom(random) < 0.75);
    status = pick(random, ANSWERED);
  } else {
    endTime = formatTimestamp(state, startSeconds + waitSeconds);
    transferred = formatBoolean(random, false);
    status = pick(random, ABANDONED);
  }
  return (
    `CL${String(callNumber).padStart(8, '0')},${formatTimestamp(state, startSeconds)},${answerTime},${endTime},` +
    `${channel},${pick(random, QUEUES)},${status},${formatDuration(random, waitSeconds)},${talkTime},${holdTime},` +
    `${acw},${transferred},${fcr},${pick(random, PRIORITIES)},A${1000 + randomInt(random, 400)},` +
    `${pick(random, TEAMS)},${pick(random, REGIONS)},${formatPhone(random)}\n`
  );
}

/**
 * Yields a call-log CSV (header first) as string chunks of whole lines, holding one chunk at a time, so
 * any number of rows streams in constant memory.
 *
 * Method: mulberry32 pseudo-random stream (seeded); calls 0–3 s apart from 2024-01-08 08:00 wall-clock
 * (5M rows span ~3 months); ~88 % answered; waits, talk, hold and wrap-up times exponentially distributed.
 *
 * @param options.rows number of data rows (≥ 0)
 * @param options.seed seed of the random stream (any 32-bit integer)
 * @throws RangeError when rows is not a non-negative integer
 * @example
 * const [first] = [...generateCallLogChunks({ rows: 2, seed: 1 })];
 * first?.split('\n')[0]
 * // => 'call_id,start_time,answer_time,end_time,channel,queue,status,wait_time,talk_time,hold_time,acw,transferred,fcr,priority,agent,team,region,phone'
 */
export function* generateCallLogChunks(options: CallLogOptions): Generator<string, void, undefined> {
  if (!Number.isSafeInteger(options.rows) || options.rows < 0) {
    throw new RangeError(`generateCallLogChunks: expected rows to be a non-negative integer, got ${options.rows}`);
  }
  const state: GeneratorState = {
    random: { word: options.seed | 0 },
    wallSeconds: FIRST_CALL_WALL_SECONDS,
    cachedDay: Number.NaN,
    dashDate: '',
    slashDate: '',
  };
  let chunk = `${CALL_LOG_HEADER.join(',')}\n`;
  let rowsInChunk = 0;
  for (let callNumber = 1; callNumber <= options.rows; callNumber++) {
    chunk += generateRow(state, callNumber);
    if (++rowsInChunk === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = '';
      rowsInChunk = 0;
    }
  }
  if (chunk.length > 0) yield chunk;
}
