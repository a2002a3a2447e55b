/**
 * Stage 3 of the analysis-at-scale data (scale-data.ts): complaints drawn from the contacts, weighted towards
 * unresolved, long-waiting, transferred and abandoned ones and one slower team (≈ 10 % of calls); urgency from the
 * contact's priority, category by queue, lognormal first response and resolution by urgency (the slow team and
 * technical faults take longer), closing, re-opens, escalations, root causes, follow-up callbacks and the
 * satisfaction of resolved ones; 15 % name no contact. Then 5 % of the resolved tickets get an older 'open'
 * snapshot version (updated half-way to the resolution), so complaint_current has versions to skip.
 */
import type { ScalePlan, ScaleStep } from './scale-data.js';
import { BATCH_BASE, byChannel, CATEGORY_LABELS, CHANNEL_LABELS, clampRound, DESCRIPTIONS, exponential, hashUuid, label, LEVELS, lognormal, pick, ROOT_CAUSE_LABELS, SLOW_TEAM, STATUS_LABELS, str, u, wrap, z, type SpanHelpers } from './scale-sql.js';

/**
 * The complaint steps: complaints, then the snapshot versions.
 *
 * @example complaintsSteps(plan, spanHelpers(plan)).map((s) => s.label) // => ['complaints', 'complaint versions']
 */
export function complaintsSteps(plan: ScalePlan, h: SpanHelpers): ScaleStep[] {
  const waitSql = `coalesce(c.wait_seconds, extract(epoch FROM coalesce(c.answered_at, c.ended_at) - c.started_at))`;
  const weight = `(1 + 2 * (c.resolved_first_contact IS FALSE)::int + 1.5 * (${waitSql} > 2 * ${byChannel('c.channel', (ch) => ch.threshold)})::int
    + (c.transferred IS TRUE)::int + 0.5 * (c.outcome = 'abandoned')::int + 0.8 * (c.team = ${SLOW_TEAM})::int)`;
  const levelPick = (salt: number, shares: readonly [number, number, number, number]) =>
    pick(u('y.i', salt), (['critical', 'high', 'medium', 'low'] as const).map((v, k) => ({ value: str(v), share: shares[k] ?? 0 })));
  const insert = `
    INSERT INTO complaint (batch_id, line_no, ticket_id, contact_id, received_at, channel, channel_raw, description, category, category_raw,
      urgency, urgency_raw, impact, impact_raw, first_response_at, resolved_at, closed_at, status, status_raw, reopened, reopened_at,
      escalated, root_cause, root_cause_raw, satisfaction_raw, satisfaction_value, satisfaction_scale, satisfaction_canonical,
      followup_at, agent_code, agent_name, team, region, customer_key, customer_key_source, row_key, updated_at)
    SELECT ${BATCH_BASE.complaints} + ${h.monthOf('x.received_at')}, 2 * x.i, 'K' || lpad(x.i::text, 10, '0'),
      CASE WHEN ${u('x.i', 202)} < 0.15 THEN NULL ELSE x.contact_id END,
      x.received_at, x.channel, ${label('x.channel', CHANNEL_LABELS)},
      CASE WHEN ${u('x.i', 228)} < 0.5 THEN ${wrap(DESCRIPTIONS)}[1 + floor(${u('x.i', 229)} * ${DESCRIPTIONS.length})::int] END,
      x.category, ${label('x.category', CATEGORY_LABELS)}, x.urgency, ${label('x.urgency', LEVELS)}, x.impact, ${label('x.impact', LEVELS)},
      x.first_response_at, x.resolved_at, x.closed_at, x.status, ${label('x.status', STATUS_LABELS)}, x.reopened, x.reopened_at,
      CASE WHEN ${u('x.i', 221)} < 0.05 THEN NULL ELSE ${u('x.i', 222)} < (CASE WHEN x.urgency = 'critical' THEN 0.3 ELSE 0.08 END) END,
      x.root_cause, ${label('x.root_cause', ROOT_CAUSE_LABELS)},
      x.satisfaction::text, x.satisfaction, CASE WHEN x.satisfaction IS NOT NULL THEN 'likert5' END, x.satisfaction,
      x.followup_at, x.agent_code, x.agent_name, x.team, x.region, x.customer_key, x.customer_key_source, ${hashUuid('x.i', 905)},
      greatest(x.received_at, x.first_response_at, x.resolved_at, x.closed_at, x.reopened_at, x.followup_at)
    FROM (
      SELECT y.*,
        CASE WHEN y.resolved_at IS NOT NULL AND ${u('y.i', 215)} < 0.6 AND y.closed_candidate < ${h.endTs} THEN y.closed_candidate END AS closed_at,
        CASE WHEN y.resolved_at IS NOT NULL AND ${u('y.i', 215)} < 0.6 AND y.closed_candidate < ${h.endTs} THEN 'closed'
             WHEN y.resolved_at IS NOT NULL THEN 'resolved' WHEN ${u('y.i', 217)} < 0.5 THEN 'open' ELSE 'in_progress' END AS status,
        CASE WHEN ${u('y.i', 218)} < 0.1 THEN NULL WHEN y.resolved_at IS NULL THEN false ELSE ${u('y.i', 219)} < 0.06 END AS reopened,
        CASE WHEN y.resolved_at IS NOT NULL AND ${u('y.i', 218)} >= 0.1 AND ${u('y.i', 219)} < 0.06
              AND y.resolved_at + (1 + 4 * ${u('y.i', 220)}) * interval '1 day' < ${h.endTs}
             THEN y.resolved_at + (1 + 4 * ${u('y.i', 220)}) * interval '1 day' END AS reopened_at,
        CASE WHEN ${u('y.i', 223)} < 0.2 THEN NULL ELSE ${pick(u('y.i', 224), Object.keys(ROOT_CAUSE_LABELS).map((v, k) => ({ value: str(v), share: [0.3, 0.15, 0.25, 0.2, 0.1][k] ?? 0 })))} END AS root_cause,
        CASE WHEN y.resolved_at IS NOT NULL AND ${u('y.i', 225)} < 0.35
             THEN ${clampRound(`3.7 - 0.6 * (y.handle > 86400)::int + 0.9 * ${z('y.i', 226)}`, 1, 5)} END AS satisfaction,
        CASE WHEN y.resolved_at IS NOT NULL AND ${u('y.i', 227)} < 0.7 AND y.followup_candidate < ${h.endTs} THEN y.followup_candidate END AS followup_at
      FROM (
        SELECT y.*,
          CASE WHEN ${u('y.i', 208)} < 0.6 THEN y.urgency ELSE ${levelPick(209, [0.03, 0.2, 0.5, 0.27])} END AS impact,
          CASE WHEN ${u('y.i', 210)} >= 0.03 AND y.received_at + y.frt * interval '1 second' < ${h.endTs}
               THEN y.received_at + y.frt * interval '1 second' END AS first_response_at,
          CASE WHEN y.received_at + y.handle * interval '1 second' < ${h.endTs} THEN y.received_at + y.handle * interval '1 second' END AS resolved_at,
          y.received_at + y.handle * interval '1 second' + ${exponential('172800', 'y.i', 216)} * interval '1 second' AS closed_candidate,
          y.received_at + y.handle * interval '1 second' + ${lognormal('72000', '0.8', 'y.i', 230)} * interval '1 second' AS followup_candidate
        FROM (
          SELECT y.*,
            ${lognormal(`CASE y.urgency WHEN 'critical' THEN 300 WHEN 'high' THEN 900 ELSE 1500 END`, '1.0', 'y.i', 211)} AS frt,
            ${lognormal(`CASE y.urgency WHEN 'critical' THEN 10800 WHEN 'high' THEN 21600 WHEN 'medium' THEN 43200 ELSE 72000 END`, '0.9', 'y.i', 213)}
              * (CASE WHEN y.team = ${SLOW_TEAM} THEN 1.4 ELSE 1 END) * (CASE WHEN y.category = 'technical' THEN 1.3 ELSE 1 END) AS handle
          FROM (
            SELECT c.i, c.contact_id, c.team, c.agent_code, c.agent_name, c.region, c.customer_key, c.customer_key_source,
              ${h.withinSpan('c.ended_at', `c.ended_at + ${exponential('18000', 'c.i', 203)} * interval '1 second'`, 'c.i', 204)} AS received_at,
              CASE WHEN ${u('c.i', 205)} < 0.8 THEN c.channel ELSE ${pick(u('c.i', 206), [{ value: "'email'", share: 0.5 }, { value: "'social'", share: 0.3 }, { value: "'app'", share: 0.2 }])} END AS channel,
              CASE WHEN c.priority = 'major' THEN (CASE WHEN ${u('c.i', 207)} < 0.5 THEN 'critical' ELSE 'high' END)
                   ELSE ${pick(u('c.i', 207), (['critical', 'high', 'medium', 'low'] as const).map((v, k) => ({ value: str(v), share: [0.03, 0.17, 0.5, 0.3][k]! })))} END AS urgency,
              CASE WHEN c.queue = '宽带故障' THEN ${pick(u('c.i', 212), Object.keys(CATEGORY_LABELS).map((v, k) => ({ value: str(v), share: [0.25, 0.15, 0.5, 0.1][k]! })))}
                   ELSE ${pick(u('c.i', 212), Object.keys(CATEGORY_LABELS).map((v, k) => ({ value: str(v), share: [0.4, 0.3, 0.2, 0.1][k]! })))} END AS category
            FROM (SELECT c.*, substr(c.contact_id, 2)::bigint AS i, ${weight} AS w FROM contact c) c
            WHERE ${u('c.i', 201)} < ${plan.complaints} * c.w / (SELECT sum(${weight}) FROM contact c)
            OFFSET 0) y
          OFFSET 0) y
        OFFSET 0) y
      OFFSET 0) x`;
  const snapshots = `
    INSERT INTO complaint (batch_id, line_no, ticket_id, contact_id, received_at, channel, channel_raw, description, category, category_raw,
      urgency, urgency_raw, impact, impact_raw, first_response_at, status, status_raw, escalated, agent_code, agent_name, team, region,
      customer_key, customer_key_source, row_key, updated_at)
    SELECT batch_id, line_no + 1, ticket_id, contact_id, received_at, channel, channel_raw, description, category, category_raw,
      urgency, urgency_raw, impact, impact_raw, CASE WHEN first_response_at < resolved_at THEN first_response_at END, 'open', '待处理', escalated,
      agent_code, agent_name, team, region, customer_key, customer_key_source, ${hashUuid("substr(ticket_id, 2)::bigint", 907)},
      received_at + (resolved_at - received_at) / 2
    FROM complaint
    WHERE resolved_at IS NOT NULL AND ${u('substr(ticket_id, 2)::bigint', 251)} < 0.05`;
  return [{ label: 'complaints', sql: insert }, { label: 'complaint versions', sql: snapshots }];
}

