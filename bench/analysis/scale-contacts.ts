/**
 * Stage 2 of the analysis-at-scale data (scale-data.ts): the contacts, one INSERT … SELECT over the day table.
 * Level 1 draws the index's local time (a mid-day-peaked arrival profile between 07:00 and 23:00), channel,
 * queue, customer (skewed; 10 % repeat an earlier customer within 6 days; 5 % without a key), agent (skewed
 * load) and priority; level 2 what follows (team — 5 % of agents move once —, region, skill, training, waits
 * exponential per channel × day load^1.5 × hour load, patience, lognormal talk / hold / wrap-up, transfer);
 * level 3 the outcome (abandoned when patience < wait; 1.5 % 'other'), FCR from transfer, skill, training and
 * priority.
 */
import type { ScalePlan, ScaleStep } from './scale-data.js';
import { agentCode, BATCH_BASE, byChannel, CHANNELS, exponential, hashUuid, lognormal, num, pick, QUEUES, REGIONS, str, teamCode, trainedAfter, u, z, type SpanHelpers } from './scale-sql.js';

/**
 * The contacts step.
 *
 * @example contactsStep(plan, spanHelpers(plan)).label // => 'contacts'
 */
export function contactsStep(plan: ScalePlan, h: SpanHelpers): ScaleStep {
  const { zone, days, avgPerDay } = h;
  // Level 1: the index's day and time, channel, queue, customer, agent and priority. Level 2: what follows from
  // them (team, region, skill, waits, handling). Level 3: the outcome. OFFSET 0 keeps each level's draws computed
  // once per row (a flattened sub-select would evaluate an expression once per reference).
  const channelPick = pick(u('i', 11), CHANNELS.map((c) => ({ value: str(c.code), share: c.share })));
  const queuePick = pick(u('i', 12), QUEUES.map((q) => ({ value: str(q.name), share: q.share })));
  const regionPick = pick(u('y.customer', 13), REGIONS.map((r) => ({ value: str(r.name), share: r.share })));
  const baseCustomer = (j: string) => `floor(${plan.customers} * power(${u(j, 21)}, 1.25))::bigint`;
  const earlier = `greatest(0, i - 1 - floor(${u('i', 24)} * ${num(6 * avgPerDay)})::bigint)`;
  const contacts = `
    INSERT INTO contact (batch_id, line_no, contact_id, started_at, answered_at, ended_at, channel, queue, outcome, wait_seconds,
      talk_seconds, hold_seconds, after_work_seconds, transferred, resolved_first_contact, priority, agent_code, agent_name, team,
      region, customer_key, customer_key_source, row_key)
    SELECT ${BATCH_BASE.calls} + x.month_no, x.i - x.month_first_i + 2, 'C' || lpad(x.i::text, 10, '0'), x.started_at,
      CASE WHEN x.abandoned THEN NULL ELSE x.started_at + x.wait * interval '1 second' END,
      x.started_at + (CASE WHEN x.abandoned THEN x.patience ELSE x.wait + x.talk + x.hold END) * interval '1 second',
      x.channel, x.queue,
      CASE WHEN x.abandoned THEN 'abandoned' WHEN x.other THEN 'other' ELSE 'answered' END,
      CASE WHEN x.wait_missing THEN NULL WHEN x.abandoned THEN round(x.patience) ELSE round(x.wait) END,
      CASE WHEN x.abandoned THEN NULL ELSE round(x.talk) END,
      CASE WHEN x.abandoned OR x.channel <> 'phone' THEN NULL ELSE round(x.hold) END,
      CASE WHEN x.abandoned THEN NULL ELSE round(x.acw) END,
      CASE WHEN x.abandoned THEN NULL ELSE x.transferred END,
      CASE WHEN x.abandoned OR ${u('x.i', 75)} < 0.03 THEN NULL
           ELSE ${u('x.i', 31)} < 0.76 - 0.28 * x.transferred::int + 0.05 * x.skill + 0.05 * x.trained::int - 0.1 * (x.priority = 'major')::int END,
      x.priority,
      CASE WHEN x.abandoned THEN NULL ELSE ${agentCode('x.agent')} END,
      CASE WHEN x.abandoned THEN NULL ELSE '坐席' || x.agent END,
      ${teamCode('x.team')}, x.region,
      CASE WHEN x.keyless THEN NULL ELSE ${hashUuid('x.customer', 901)} END,
      CASE WHEN x.keyless THEN NULL ELSE 'phone' END,
      ${hashUuid('x.i', 903)}
    FROM (
      SELECT y.*,
        ${u('y.i', 73)} < 0.015 AS other,
        y.patience < y.wait AND ${u('y.i', 73)} >= 0.015 AS abandoned,
        ${u('y.i', 74)} < 0.08 AS wait_missing
      FROM (
        SELECT y.*,
          CASE WHEN ${u('y.agent', 43)} < 0.05 AND y.d > floor(${u('y.agent', 44)} * ${days}) THEN (y.agent + 1) % ${plan.teams} ELSE y.agent % ${plan.teams} END AS team,
          ${regionPick} AS region,
          ${z('y.agent', 51)} AS skill,
          ${trainedAfter('y.agent', 'y.d')} AS trained,
          ${exponential(`${byChannel('y.channel', (c) => c.waitMean)} * power(y.load, 1.5) * y.hour_load`, 'y.i', 71)} AS wait,
          coalesce(${exponential(byChannel('y.channel', (c) => c.patienceMean), 'y.i', 72)}, 1e9) AS patience,
          ${lognormal(byChannel('y.channel', (c) => c.talkMedian), byChannel('y.channel', (c) => c.talkSigma), 'y.i', 81)}
            * exp(-0.1 * ${z('y.agent', 51)}) * (CASE WHEN y.priority = 'major' THEN 1.3 ELSE 1 END)
            * (CASE WHEN ${trainedAfter('y.agent', 'y.d')} THEN 0.95 ELSE 1 END) AS talk,
          CASE WHEN y.channel = 'phone' AND ${u('y.i', 83)} < 0.3 THEN ${lognormal('45', '0.7', 'y.i', 84)} ELSE 0 END AS hold,
          ${lognormal(byChannel('y.channel', (c) => c.acwMedian), '0.6', 'y.i', 85)} AS acw,
          ${u('y.i', 91)} < ${byChannel('y.channel', (c) => c.transfer)} AS transferred
        FROM (
          SELECT i, d, load, month_no, month_first_i,
            ((day + (25200 + 57600 * (f + 0.6 * sin(2 * pi() * f) / (2 * pi()))) * interval '1 second')::timestamp AT TIME ZONE ${zone}) AS started_at,
            0.55 + 0.9 * (1 - cos(2 * pi() * f)) / 2 AS hour_load,
            ${channelPick} AS channel,
            ${queuePick} AS queue,
            CASE WHEN ${u('i', 23)} < 0.1 THEN ${baseCustomer(earlier)} ELSE ${baseCustomer('i')} END AS customer,
            ${u('i', 22)} < 0.05 AS keyless,
            floor(${plan.agents} * power(${u('i', 42)}, 1.15))::int AS agent,
            CASE WHEN ${u('i', 95)} < 0.03 THEN 'major' WHEN ${u('i', 95)} < 0.9 THEN 'ordinary' END AS priority
          FROM (
            SELECT d.first_i + k AS i, d.d, d.day, d.load, d.month_no, m.first_i AS month_first_i, (k + 0.5)::float8 / d.n AS f
            FROM bench_gen.day d
            JOIN bench_gen.month m ON m.month_no = d.month_no
            CROSS JOIN LATERAL generate_series(0, d.n - 1) k) l0
          OFFSET 0) y
        OFFSET 0) y
      OFFSET 0) x`;
  return { label: 'contacts', sql: contacts };
}
