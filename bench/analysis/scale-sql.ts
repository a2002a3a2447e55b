/**
 * SQL building blocks of the analysis-at-scale data (scale-data.ts and its stage files scale-contacts.ts,
 * scale-complaints.ts, scale-surveys.ts, scale-growth.ts): the service centre's fixed shape (channels, queues,
 * regions, export labels), pseudo-random draws as SQL expressions over the `bench_gen` helpers, literals, the
 * plan's span, batches and trainings.
 */
import type { ScalePlan } from './scale-data.js';

/** Per-channel parameters (seconds): mix, queue wait, patience (null: never abandons), SL threshold, handling. */
export const CHANNELS = [
  { code: 'phone', share: 0.55, waitMean: 35, patienceMean: 300, threshold: 60, talkMedian: 240, talkSigma: 0.6, acwMedian: 40, transfer: 0.1, raw: '电话' },
  { code: 'chat', share: 0.18, waitMean: 15, patienceMean: 180, threshold: 30, talkMedian: 420, talkSigma: 0.5, acwMedian: 30, transfer: 0.06, raw: '在线客服' },
  { code: 'email', share: 0.07, waitMean: 3000, patienceMean: null, threshold: 7200, talkMedian: 300, talkSigma: 0.5, acwMedian: 90, transfer: 0.04, raw: '邮件' },
  { code: 'social', share: 0.07, waitMean: 900, patienceMean: null, threshold: 1800, talkMedian: 360, talkSigma: 0.5, acwMedian: 30, transfer: 0.05, raw: '微博' },
  { code: 'app', share: 0.1, waitMean: 60, patienceMean: 400, threshold: 1800, talkMedian: 300, talkSigma: 0.5, acwMedian: 30, transfer: 0.05, raw: 'APP' },
  { code: 'onsite', share: 0.03, waitMean: 420, patienceMean: 3600, threshold: 1800, talkMedian: 2700, talkSigma: 0.4, acwMedian: 600, transfer: 0.02, raw: '营业厅' },
] as const;
export type Channel = (typeof CHANNELS)[number];

/** Skill-group queues and their share of contacts (the demo's labels). */
export const QUEUES = [
  { name: '账务查询', share: 0.25 },
  { name: '宽带故障', share: 0.25 },
  { name: '移动业务', share: 0.2 },
  { name: '套餐办理', share: 0.2 },
  { name: '政企服务', share: 0.1 },
] as const;

/** Regions and their share of customers. */
export const REGIONS = [
  { name: '华东', share: 0.35 },
  { name: '华南', share: 0.25 },
  { name: '华北', share: 0.25 },
  { name: '西部', share: 0.15 },
] as const;

/** A SQL literal of a JavaScript number (never exponent notation). */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`num: expected a finite number, got ${x}`);
  return Number.isInteger(x) ? String(x) : x.toFixed(10).replace(/0+$/, '');
}

/** A SQL string literal (the texts here are our own constants). */
export function str(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** `CASE WHEN u < c1 THEN v1 WHEN u < c2 THEN v2 … ELSE vn END` over cumulative shares. */
export function pick(uSql: string, choices: readonly { readonly value: string; readonly share: number }[]): string {
  let cumulative = 0;
  const whens = choices.slice(0, -1).map((c) => {
    cumulative += c.share;
    return `WHEN ${uSql} < ${num(cumulative)} THEN ${c.value}`;
  });
  return `CASE ${whens.join(' ')} ELSE ${choices[choices.length - 1]!.value} END`;
}

/** `CASE col WHEN 'phone' THEN … END` of a per-channel number. */
export function byChannel(column: string, value: (c: Channel) => number | null): string {
  return `CASE ${column} ${CHANNELS.map((c) => `WHEN ${str(c.code)} THEN ${value(c) === null ? 'NULL' : num(value(c)!)}`).join(' ')} END`;
}

/** Agent codes `A00042`, team codes `T003` (digits enough for 99,999 agents and 999 teams). */
export const AGENT_DIGITS = 5;
export const TEAM_DIGITS = 3;
export const teamCode = (t: string) => `'T' || lpad((${t})::text, ${TEAM_DIGITS}, '0')`;
/** The team whose complaints take longer and which draws more complaints. */
export const SLOW_TEAM = `'T${'3'.padStart(TEAM_DIGITS, '0')}'`;

/** Uniform draw in (0, 1) of an index and a salt; `u(i, s)` in the SQL below. */
export const u = (i: string, salt: number) => `bench_gen.u(${i}, ${salt})`;
/** Standard normal draw. */
export const z = (i: string, salt: number) => `bench_gen.z(${i}, ${salt})`;
/** Lognormal draw with the given median (SQL expression) and log-sd. */
export const lognormal = (median: string, sigma: string, i: string, salt: number) => `(${median}) * exp((${sigma}) * ${z(i, salt)})`;
/** Exponential draw with the given mean (SQL expression). */
export const exponential = (mean: string, i: string, salt: number) => `(-(${mean}) * ln(${u(i, salt)}))`;
/** A pseudo-random uuid of an integer and a salt: two 64-bit hashes in hex (md5 cost 2.5× as much per row). */
export const hashUuid = (i: string, salt: number) =>
  `(lpad(to_hex(hashint8extended(${i}, ${salt})), 16, '0') || lpad(to_hex(hashint8extended(${i}, ${salt + 1})), 16, '0'))::uuid`;
/** Clamps a rounded value to [lo, hi]. */
export const clampRound = (x: string, lo: number, hi: number) => `greatest(${lo}, least(${hi}, round(${x})))::float8`;

/** Instants and months of the plan's span, as SQL. */
export interface SpanHelpers {
  readonly zone: string;
  /** The end of the data (the day after the last, local midnight) as a timestamptz expression. */
  readonly endTs: string;
  /** Whole days in the span, and calls per day on average. */
  readonly days: number;
  readonly avgPerDay: number;
  /** Month number (0 = the first month) of a timestamptz expression, local. */
  readonly monthOf: (t: string) => string;
  /** Keeps an instant that would fall after the data's end inside the span, spread over what is left of it. */
  readonly withinSpan: (start: string, t: string, i: string, salt: number) => string;
}

/**
 * The span helpers of a plan.
 *
 * @example spanHelpers(scalePlan(2_000_000)).days // => 457
 */
export function spanHelpers(plan: ScalePlan): SpanHelpers {
  const zone = str(plan.timeZone);
  const endTs = `(${str(plan.toDay)}::timestamp AT TIME ZONE ${zone})`;
  const days = Math.round((Date.parse(plan.toDay) - Date.parse(plan.fromDay)) / 86_400_000);
  return {
    zone,
    endTs,
    days,
    avgPerDay: plan.calls / days,
    monthOf: (t) => `(extract(year FROM ${t} AT TIME ZONE ${zone}) * 12 + extract(month FROM ${t} AT TIME ZONE ${zone}) - 1 - ${fromMonth(plan)})::int`,
    withinSpan: (start, t, i, salt) => `CASE WHEN ${t} < ${endTs} THEN ${t} ELSE ${start} + (${endTs} - ${start}) * ${u(i, salt)} END`,
  };
}

/** Year × 12 + month − 1 of the plan's first day. */
export function fromMonth(plan: ScalePlan): number {
  return Number(plan.fromDay.slice(0, 4)) * 12 + Number(plan.fromDay.slice(5, 7)) - 1;
}

/** `A00042`: the agent code of an agent number (SQL expression). */
export const agentCode = (a: string) => `'A' || lpad((${a})::text, ${AGENT_DIGITS}, '0')`;

/** ingest_batch ids: calls 1…15, surveys 101…115, complaints 201…215 (month 0 = July 2025). */
export const BATCH_BASE = { calls: 1, surveys: 101, complaints: 201 } as const;
export const MONTHS = 15;

/** Each batch's row count and time span from its rows (as a load records them). */
export const BATCH_SPANS_SQL = `
    UPDATE ingest_batch b SET rows_read = x.n, rows_loaded = x.n, time_from = x.f, time_to = x.t, file_bytes = x.n * x.bytes
    FROM (SELECT batch_id, count(*) AS n, min(started_at) AS f, max(started_at) AS t, 160 AS bytes FROM contact GROUP BY batch_id
          UNION ALL SELECT batch_id, count(*), min(answered_at), max(answered_at), 420 FROM survey_response GROUP BY batch_id
          UNION ALL SELECT batch_id, count(*), min(received_at), max(received_at), 400 FROM complaint GROUP BY batch_id) x
    WHERE x.batch_id = b.batch_id;
    DELETE FROM ingest_batch WHERE servq_version = 'bench' AND rows_loaded = 0`;

/** Share of agents who take a course; half of them in the last quarter's weeks, so the training analysis has cases. */
export const TRAINED_SHARE = 0.4;
/** Day index (from the first day) an agent's course ends. */
export const TRAINING_DAY = (a: string) => `(CASE WHEN ${u(a, 64)} < 0.5 THEN 370 + floor(${u(a, 63)} * 60) ELSE 60 + floor(${u(a, 63)} * 300) END)::int`;
/** Whether agent `agent` had finished a course by day index `day` (trained agents: FCR +5 points, talk −5 %). */
export function trainedAfter(agent: string, day: string): string {
  return `(${u(agent, 61)} < ${TRAINED_SHARE} AND ${day} > ${TRAINING_DAY(agent)})`;
}

/** `CASE col WHEN 'a' THEN 'x' … END`: a raw (export) label of a canonical value. */
export function label(column: string, labels: Readonly<Record<string, string>>): string {
  return `CASE ${column} ${Object.entries(labels).map(([k, v]) => `WHEN ${str(k)} THEN ${str(v)}`).join(' ')} END`;
}

/** Export labels (raw values) of the canonical codes, as a Chinese ticketing system would write them. */
export const LEVELS = { critical: '紧急', high: '高', medium: '中', low: '低' } as const;
export const CATEGORY_LABELS = { service: '服务态度', product: '产品问题', technical: '技术故障', other: '其他' } as const;
export const STATUS_LABELS = { open: '待处理', in_progress: '处理中', resolved: '已解决', closed: '已关闭' } as const;
export const ROOT_CAUSE_LABELS = { process: '流程问题', staff_attitude: '服务态度', product_quality: '产品质量', technical_support: '技术支持', other: '其他' } as const;
export const METHOD_LABELS = { phone: '电话回访', online: '在线问卷', questionnaire: '纸质问卷', onsite: '现场评价' } as const;
export const CHANNEL_LABELS = Object.fromEntries(CHANNELS.map((c) => [c.code, c.raw]));
/** Complaint descriptions and survey comments, drawn at random (free text is not analysed for speed here). */
export const DESCRIPTIONS = ['多次来电未解决', '等待时间太长', '账单金额有误', '宽带经常断线', '客服态度不好', '承诺的回电没有收到'];
export const COMMENTS = ['很满意', '处理很快', '等待太久', '问题没有解决', '态度很好，谢谢', '希望能更专业一些'];

/** An SQL text[] literal of constants. */
export const wrap = (values: readonly string[]) => `(ARRAY[${values.map(str).join(', ')}])`;

