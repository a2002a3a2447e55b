/**
 * The data of the analysis-at-scale benchmark, generated in SQL: `INSERT … SELECT generate_series` with
 * deterministic pseudo-random draws (`hashint8extended` of the row's index and a salt), straight into the fact
 * tables a `servq ingest` would fill, with one ingest_batch per source and month as monthly exports would make.
 * Same counts and the same rows on every run and on both engines (PostgreSQL 15 server and PGlite).
 *
 * Stages (the steps `scaleDataSteps` returns, run in order in one session; a file per stage, SQL building blocks
 * in scale-sql.ts):
 * 1. helpers in a scratch schema `bench_gen` (uniform `u(i, salt)` in (0, 1), standard normal `z(i, salt)` by
 *    Box–Muller), the day table (volume per local day: weekday, growth, month-start billing peak, two holiday
 *    weeks, noise) and the batch records (loaded, rowKeyVersion 3, no preset: one key scope);
 * 2. contacts (scale-contacts.ts): time of day from a mid-day-peaked arrival profile, channel mix, queue,
 *    customer (skewed, 10 % repeat contacts within 6 days, 5 % without a key), agent (skewed load, 5 % move team
 *    once), team, region; waits exponential per channel × day load × hour load; abandons where patience < wait;
 *    talk, hold and after-work lognormal per channel; transfers; FCR from transfer, agent skill, training, priority;
 * 3. complaints (scale-complaints.ts) from contacts, weighted towards unresolved, long-waiting and transferred
 *    ones (one team slower), with first response, resolution, closing, re-open, escalation, root cause, follow-up
 *    and satisfaction; 5 % of resolved tickets also have an older 'open' snapshot version (so complaint_current
 *    has versions to skip);
 * 4. surveys (scale-surveys.ts): 95 % rate an answered contact (the contact id in 92 % of them), 5 % a resolved
 *    complaint; a latent satisfaction from FCR, wait against the channel's threshold, transfer, handle time and
 *    agent skill; ≈ 6 items each on their scales (likert5 or scale10 forms, nps11, CES on likert7, effort on
 *    likert5);
 * 5. trainings (40 % of agents, three courses, half of them in the last quarter's weeks), batch spans and counts,
 *    identity restart (VACUUM (ANALYZE) is the caller's, scale-generate.ts).
 * `scaleGrowthSteps` (scale-growth.ts) grows a generated database to k× by copies.
 *
 * The span is fixed: 15 months, 2025-07-01 to 2026-09-30 in Asia/Shanghai (the CLI's default zone), so the
 * latest full quarter is 2026-Q3 with 2026-Q2 and 2025-Q3 to compare with. Volumes scale with `calls`; agents,
 * teams and customers scale with it too (a centre three times the size, not three times busier agents).
 */
import { complaintsSteps } from './scale-complaints.js';
import { contactsStep } from './scale-contacts.js';
import { BATCH_BASE, BATCH_SPANS_SQL, agentCode, fromMonth, MONTHS, spanHelpers, str, TRAINED_SHARE, TRAINING_DAY, u, z } from './scale-sql.js';
import { surveysSteps } from './scale-surveys.js';

export { scaleGrowthSteps } from './scale-growth.js';

/** What to generate. */
export interface ScalePlan {
  readonly calls: number;
  /** Survey responses (≈ 6 answers each). */
  readonly surveys: number;
  readonly complaints: number;
  readonly agents: number;
  readonly teams: number;
  readonly customers: number;
  /** First local day (inclusive) and the day after the last, YYYY-MM-DD. */
  readonly fromDay: string;
  readonly toDay: string;
  readonly timeZone: string;
}

/** One SQL step: a label for the progress line and its statement(s). */
export interface ScaleStep {
  readonly label: string;
  readonly sql: string;
}

/** The fact tables the benchmark fills, counts and times `count(*)` over. */
export const FACT_TABLES = ['contact', 'survey_response', 'survey_answer', 'complaint'] as const;

/** The reference size: the 2M calls + 1M survey responses + 200k complaints over 15 months. */
export const REFERENCE_CALLS = 2_000_000;
const SURVEYS_PER_CALL = 0.5;
const COMPLAINTS_PER_CALL = 0.1;
/** At the reference size: 160 agents in teams of 16, 700k customers (≈ 2.9 contacts each in 15 months). */
const AGENTS_PER_CALL = 160 / REFERENCE_CALLS;
const AGENTS_PER_TEAM = 16;
const CUSTOMERS_PER_CALL = 700_000 / REFERENCE_CALLS;

const FROM_DAY = '2025-07-01';
const TO_DAY = '2026-10-01';
const TIME_ZONE = 'Asia/Shanghai';

/**
 * The plan for a number of calls (surveys, complaints, agents, teams and customers in proportion).
 *
 * @param calls contacts to generate (≥ 1,000)
 * @throws RangeError when calls is not an integer ≥ 1,000
 * @example scalePlan(2_000_000).surveys // => 1000000
 */
export function scalePlan(calls: number): ScalePlan {
  if (!Number.isSafeInteger(calls) || calls < 1000) throw new RangeError(`scalePlan: expected calls ≥ 1000, got ${calls}`);
  const agents = Math.max(20, Math.round(calls * AGENTS_PER_CALL));
  return {
    calls,
    surveys: Math.round(calls * SURVEYS_PER_CALL),
    complaints: Math.round(calls * COMPLAINTS_PER_CALL),
    agents,
    teams: Math.max(2, Math.round(agents / AGENTS_PER_TEAM)),
    customers: Math.max(1000, Math.round(calls * CUSTOMERS_PER_CALL)),
    fromDay: FROM_DAY,
    toDay: TO_DAY,
    timeZone: TIME_ZONE,
  };
}

/**
 * The generation steps, in order, each a script of statements for one session (a generous work_mem helps).
 *
 * @param plan sizes and span
 * @example scaleDataSteps(scalePlan(2_000_000)).map((s) => s.label)[0] // => 'helpers, days and batches'
 */
export function scaleDataSteps(plan: ScalePlan): ScaleStep[] {
  const h = spanHelpers(plan);

  const helpers = `
    DROP SCHEMA IF EXISTS bench_gen CASCADE;
    CREATE SCHEMA bench_gen;
    CREATE FUNCTION bench_gen.u(i bigint, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT (((hashint8extended(i, salt) >> 11) & 9007199254740991)::float8 + 0.5) / 9007199254740992 $$;
    CREATE FUNCTION bench_gen.z(i bigint, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT sqrt(-2 * ln(bench_gen.u(i, salt))) * cos(2 * pi() * bench_gen.u(i, salt + 1000000)) $$;
    CREATE TABLE bench_gen.day AS
    WITH d AS (SELECT g AS d, ${str(plan.fromDay)}::date + g AS day FROM generate_series(0, ${h.days - 1}) g),
    w AS (
      SELECT d, day,
        (CASE extract(isodow FROM day) WHEN 6 THEN 0.72 WHEN 7 THEN 0.6 ELSE 1.0 END)
        * (1 + 0.12 * d / 365.0)
        * (1 + 0.3 * exp(-(extract(day FROM day) - 1) / 2.5))
        * (CASE WHEN day BETWEEN DATE '2025-10-01' AND DATE '2025-10-07' OR day BETWEEN DATE '2026-02-16' AND DATE '2026-02-22' THEN 0.55 ELSE 1 END)
        * exp(0.07 * ${z('d', 1)}) AS w
      FROM d),
    n AS (SELECT d, day, greatest(1, round(${plan.calls} * w / sum(w) OVER ()))::bigint AS n FROM w)
    SELECT d, day, n, (sum(n) OVER (ORDER BY d) - n)::bigint AS first_i,
      (extract(year FROM day) * 12 + extract(month FROM day) - 1 - ${fromMonth(plan)})::int AS month_no,
      n::float8 / avg(n) OVER () AS load
    FROM n;
    CREATE TABLE bench_gen.month AS SELECT month_no, min(first_i) AS first_i FROM bench_gen.day GROUP BY month_no;
    INSERT INTO ingest_batch (batch_id, source_kind, file_name, file_path, file_bytes, content_sha256, status, format, encoding, decisions, started_at, finished_at, servq_version)
    OVERRIDING SYSTEM VALUE
    SELECT base + m, kind, kind || '-' || to_char(${str(plan.fromDay)}::date + make_interval(months => m), 'YYYY-MM') || '.csv',
      '/bench/generated/' || kind || '-' || m || '.csv', 0, md5('servq-bench ' || kind || ' ' || m || ' ' || ${plan.calls}), 'loaded', 'csv', 'UTF-8',
      '{"rowKeyVersion":3}'::jsonb, now(), now(), 'bench'
    FROM (VALUES ('calls', ${BATCH_BASE.calls}), ('surveys', ${BATCH_BASE.surveys}), ('complaints', ${BATCH_BASE.complaints})) k(kind, base)
    CROSS JOIN generate_series(0, ${MONTHS - 1}) m;`;




  const trainings = `
    INSERT INTO training (agent_code, course, trained_on, source_file, source_sha256, line_no)
    SELECT ${agentCode('a')}, (ARRAY['投诉处理', '产品知识', '沟通技巧'])[1 + floor(${u('a', 62)} * 3)::int],
      ${str(plan.fromDay)}::date + ${TRAINING_DAY('a')}, 'trainings.csv', md5('servq-bench trainings'), a + 2
    FROM generate_series(0, ${plan.agents - 1}) a
    WHERE ${u('a', 61)} < ${TRAINED_SHARE}`;
  const finish = `${BATCH_SPANS_SQL};
    ALTER TABLE ingest_batch ALTER COLUMN batch_id RESTART WITH 1000;
    DROP SCHEMA bench_gen CASCADE;`;
  return [
    { label: 'helpers, days and batches', sql: helpers },
    contactsStep(plan, h),
    ...complaintsSteps(plan, h),
    ...surveysSteps(plan, h),
    { label: 'trainings, batch spans', sql: `${trainings};\n${finish}` },
  ];
}
