/**
 * Stage 4 of the analysis-at-scale data (scale-data.ts): survey responses and their answers. A stage table in
 * `bench_gen` holds both kinds in time order — 95 % rate an answered contact (answered minutes to days after it by
 * method; 8 % do not name it), 5 % a resolved complaint (with the transparency item) — with a latent satisfaction
 * from FCR, wait against the channel's threshold, transfer, handle time, agent skill (or, for complaints,
 * resolution time and re-opening) and noise. Each response then gets ≈ 6 items: overall always; attitude,
 * expertise, speed and solved 95 %; communication 20 % (on the response's form, likert5 or — 60 % of online ones
 * — scale10); nps 60 % (nps11); ces 30 % (likert7, Gartner CES 2.0); effort 10 % (likert5, lower is better).
 * Canonical values follow sql/000002's declared rules.
 */
import type { ScalePlan, ScaleStep } from './scale-data.js';
import { BATCH_BASE, byChannel, CHANNEL_LABELS, clampRound, COMMENTS, exponential, hashUuid, label, METHOD_LABELS, pick, str, u, wrap, z, type SpanHelpers } from './scale-sql.js';

/** Share of surveys that rate a resolved complaint rather than a contact. */
const COMPLAINT_SURVEY_SHARE = 0.05;

/**
 * The survey steps: the stage (contact and complaint surveys, ordered by time), the answers staged from it, the
 * responses with their ratings (sql/000012), then the answers copied into survey_answer.
 *
 * @example surveysSteps(plan, spanHelpers(plan)).length // => 4
 */
export function surveysSteps(plan: ScalePlan, h: SpanHelpers): ScaleStep[] {
  const contactSurveys = Math.round(plan.surveys * (1 - COMPLAINT_SURVEY_SHARE));
  const complaintSurveys = plan.surveys - contactSurveys;
  const waitSql = `coalesce(s.wait_seconds, extract(epoch FROM s.answered_at_contact - s.started_at))`;
  const handleSql = `(s.talk_seconds + coalesce(s.hold_seconds, 0) + coalesce(s.after_work_seconds, 0))`;
  const delay = `CASE s.method WHEN 'phone' THEN ${exponential('72000', 's.i', 106)} WHEN 'online' THEN ${exponential('10800', 's.i', 106)}
    WHEN 'questionnaire' THEN ${exponential('172800', 's.i', 106)} ELSE ${exponential('300', 's.i', 106)} END`;
  const stage = `
    CREATE TABLE bench_gen.survey AS
    SELECT ${BATCH_BASE.surveys} + ${h.monthOf('t.answered_at')} AS batch_id, t.* FROM (
      SELECT 2 * s.i AS line_no, 'S' || lpad(s.i::text, 10, '0') AS response_id,
        ${h.withinSpan('s.ended_at', `s.ended_at + (${delay}) * interval '1 second'`, 's.i', 107)} AS answered_at,
        s.method, s.channel, CASE WHEN ${u('s.i', 103)} < 0.08 THEN NULL ELSE s.contact_id END AS contact_id, NULL::text AS complaint_id,
        s.agent_code, s.agent_name, s.team, s.region, s.customer_key, s.customer_key_source,
        4.1 + 0.45 * (CASE WHEN s.resolved_first_contact THEN 1 WHEN s.resolved_first_contact IS NULL THEN 0 ELSE -1 END)
          - 0.5 * least(${waitSql} / ${byChannel('s.channel', (c) => c.threshold)}, 3) / 3
          - 0.3 * coalesce(s.transferred, false)::int
          - 0.25 * (${handleSql} > 2 * ${byChannel('s.channel', (c) => c.talkMedian + c.acwMedian)})::int
          + 0.15 * ${z('s.agent_no', 51)}
          + 0.75 * ${z('s.i', 111)} AS l,
        CASE WHEN s.method = 'online' AND ${u('s.i', 104)} < 0.6 THEN 'scale10' ELSE 'likert5' END AS form,
        false AS about_complaint
      FROM (
        SELECT c.*, c.answered_at AS answered_at_contact, substr(c.agent_code, 2)::bigint AS agent_no,
          CASE WHEN c.channel = 'onsite' AND ${u('c.i', 105)} < 0.7 THEN 'onsite'
               ELSE ${pick(u('c.i', 108), Object.keys(METHOD_LABELS).map((v, k) => ({ value: str(v), share: [0.4, 0.45, 0.1, 0.05][k]! })))} END AS method
        FROM (SELECT c.*, substr(c.contact_id, 2)::bigint AS i FROM contact c WHERE c.outcome = 'answered') c
        WHERE ${u('c.i', 101)} < ${contactSurveys} / (SELECT count(*) FROM contact WHERE outcome = 'answered')::float8
        OFFSET 0) s
      UNION ALL
      SELECT 2 * k.i + 1, 'SK' || lpad(k.i::text, 10, '0'),
        ${h.withinSpan('k.resolved_at', `k.resolved_at + ${exponential('86400', 'k.i', 109)} * interval '1 second'`, 'k.i', 110)},
        CASE WHEN ${u('k.i', 102)} < 0.6 THEN 'phone' ELSE 'online' END, k.channel, NULL, k.ticket_id,
        k.agent_code, k.agent_name, k.team, k.region, k.customer_key, k.customer_key_source,
        3.8 - 0.6 * (k.resolved_at - k.received_at > interval '1 day')::int - 0.3 * coalesce(k.reopened, false)::int + 0.8 * ${z('k.i', 112)},
        'likert5', true
      FROM (SELECT k.*, substr(k.ticket_id, 2)::bigint AS i FROM complaint k WHERE k.resolved_at IS NOT NULL) k
      WHERE ${u('k.i', 113)} < ${complaintSurveys} / (SELECT count(*) FROM complaint WHERE resolved_at IS NOT NULL)::float8
    ) t
    ORDER BY t.answered_at`;
  const responses = `
    INSERT INTO survey_response (batch_id, line_no, response_id, answered_at, method, method_raw, channel, channel_raw, contact_id,
      complaint_id, comment, agent_code, agent_name, team, region, customer_key, customer_key_source, row_key, ratings)
    SELECT s.batch_id, s.line_no, s.response_id, s.answered_at, s.method, ${label('s.method', METHOD_LABELS)}, s.channel,
      ${label('s.channel', CHANNEL_LABELS)}, s.contact_id, s.complaint_id,
      CASE WHEN ${u('s.line_no', 331)} < 0.2 THEN ${wrap(COMMENTS)}[1 + floor(${u('s.line_no', 332)} * ${COMMENTS.length})::int] END,
      s.agent_code, s.agent_name, s.team, s.region, s.customer_key, s.customer_key_source, ${hashUuid('s.line_no', 909)},
      coalesce(a.ratings, '{}')
    FROM bench_gen.survey s
    LEFT JOIN (SELECT batch_id, line_no, jsonb_object_agg(item, canonical) AS ratings FROM bench_gen.answer GROUP BY batch_id, line_no) a
      ON a.batch_id = s.batch_id AND a.line_no = s.line_no
    ORDER BY s.batch_id, s.line_no`;
  // Items: (name, present, scale, bias on the latent, salt). Form items follow the survey's form (likert5 or scale10).
  const items = [
    `('overall', true, s.form, 0.0, 301)`,
    `('attitude', ${u('s.line_no', 311)} < 0.95, s.form, 0.15, 312)`,
    `('expertise', ${u('s.line_no', 313)} < 0.95, s.form, 0.0, 314)`,
    `('speed', ${u('s.line_no', 315)} < 0.95, s.form, -0.1, 316)`,
    `('solved', ${u('s.line_no', 317)} < 0.95, s.form, 0.0, 318)`,
    `('communication', ${u('s.line_no', 319)} < 0.2, s.form, 0.05, 320)`,
    `('nps', ${u('s.line_no', 321)} < 0.6, 'nps11', 0.0, 322)`,
    `('ces', ${u('s.line_no', 323)} < 0.3, 'likert7', 0.0, 324)`,
    `('effort', ${u('s.line_no', 325)} < 0.1, 'likert5', 0.0, 326)`,
    `('transparency', s.about_complaint, 'likert5', -0.3, 327)`,
  ];
  const x = `(a.l + a.bias)`;
  const noise = `bench_gen.z(a.line_no, a.salt)`;
  // The answers are staged first: each response row carries its ratings (sql/000012), as the loader writes them.
  const answers = `
    CREATE TABLE bench_gen.answer AS
    SELECT r.batch_id, r.line_no, r.item, r.raw::text AS raw_text, r.raw::float8 AS raw_value, r.scale_id,
      (CASE r.scale_id WHEN 'likert5' THEN (CASE WHEN r.item = 'effort' THEN 6 - r.raw ELSE r.raw END)
        WHEN 'scale10' THEN 1 + 4 * (r.raw - 1) / 9 WHEN 'nps11' THEN 1 + 4 * r.raw / 10 ELSE 1 + 4 * (r.raw - 1) / 6 END)::float8 AS canonical
    FROM (
      SELECT a.batch_id, a.line_no, a.item, a.scale_id,
        CASE WHEN a.item = 'effort' THEN ${clampRound(`6 - ${x} + 0.6 * ${noise}`, 1, 5)}
             WHEN a.scale_id = 'likert5' THEN ${clampRound(`${x} + 0.55 * ${noise}`, 1, 5)}
             WHEN a.scale_id = 'scale10' THEN ${clampRound(`1 + (${x} - 1) * 2.25 + ${noise}`, 1, 10)}
             WHEN a.scale_id = 'nps11' THEN ${clampRound(`(${x} - 1) * 2.5 + 0.8 + 1.2 * ${noise}`, 0, 10)}
             ELSE ${clampRound(`1 + (${x} - 1) * 1.5 + 0.8 * ${noise}`, 1, 7)} END AS raw
      FROM (
        SELECT s.batch_id, s.line_no, s.l, i.item, i.scale_id, i.bias, i.salt
        FROM bench_gen.survey s
        CROSS JOIN LATERAL (VALUES ${items.join(',\n          ')}) i(item, present, scale_id, bias, salt)
        WHERE i.present) a
      OFFSET 0) r`;
  return [
    { label: 'survey stage', sql: stage },
    { label: 'survey answers', sql: answers },
    { label: 'survey responses', sql: responses },
    { label: 'survey answers copied', sql: 'INSERT INTO survey_answer (batch_id, line_no, item, raw_text, raw_value, scale_id, canonical) SELECT batch_id, line_no, item, raw_text, raw_value, scale_id, canonical FROM bench_gen.answer ORDER BY batch_id, line_no' },
  ];
}

