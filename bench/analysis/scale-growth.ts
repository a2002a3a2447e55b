/**
 * Growth of the analysis-at-scale data: a generated database made k times its size by copies (scale-data.ts
 * generates the 1×).
 */
import type { ScalePlan, ScaleStep } from './scale-data.js';
import { AGENT_DIGITS, BATCH_SPANS_SQL, teamCode } from './scale-sql.js';
/** Each copy's rows are this much earlier (seconds × copy number), so copies do not tie to the second. */
const COPY_SHIFT_SECONDS = 7;
/** Copy c's line numbers are the original's + c × this (lines of a real file never reach it). */
const COPY_LINE_OFFSET = 10_000_000_000;

/**
 * The steps that grow a generated database from `from`× to `to`× the size of `plan`: copies number from … to − 1
 * of every original fact row (line_no below COPY_LINE_OFFSET), each copy a centre of its own — its own agents, teams,
 * customers (keys re-hashed), contact, ticket and response ids — in the same monthly batches and the same days
 * (times shifted by seconds). Copying costs a third of generating (the expressions are done once), and the
 * rows stay in time order within the appended part, so the BRIN indexes prune as after monthly loads.
 *
 * @param plan the plan the database was generated with
 * @param from the size it has now (1 after generation)
 * @param to the size to reach, an integer > from
 * @throws RangeError when from or to is not an integer or to ≤ from
 * @example scaleGrowthSteps(scalePlan(2_000_000), 1, 3).length // => 5
 */
export function scaleGrowthSteps(plan: ScalePlan, from: number, to: number): ScaleStep[] {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to <= from) {
    throw new RangeError(`scaleGrowthSteps: expected integers 1 ≤ from < to, got ${from} and ${to}`);
  }
  const factor = to;
  const copies = `generate_series(${from}, ${to - 1}) cp`;
  const original = `line_no < ${COPY_LINE_OFFSET}`;
  const line = `line_no + cp * ${COPY_LINE_OFFSET}`;
  const id = (column: string) => `cp || ${column}`;
  const shift = (column: string) => `${column} - cp * ${COPY_SHIFT_SECONDS} * interval '1 second'`;
  const agent = `CASE WHEN agent_code IS NOT NULL THEN 'A' || lpad((substr(agent_code, 2)::int + cp * ${plan.agents})::text, ${AGENT_DIGITS}, '0') END`;
  const agentName = `CASE WHEN agent_code IS NOT NULL THEN '坐席' || (substr(agent_code, 2)::int + cp * ${plan.agents}) END`;
  const team = `CASE WHEN team IS NOT NULL THEN ${teamCode(`substr(team, 2)::int + cp * ${plan.teams}`)} END`;
  const rekey = (column: string) => `md5(${column}::text || cp)::uuid`;
  const contactColumns = 'batch_id, line_no, contact_id, started_at, answered_at, ended_at, channel, queue, outcome, wait_seconds, talk_seconds, hold_seconds, after_work_seconds, transferred, resolved_first_contact, priority, agent_code, agent_name, team, region, customer_key, customer_key_source, row_key, updated_at';
  const contacts = `
    INSERT INTO contact (${contactColumns})
    SELECT batch_id, ${line}, ${id('contact_id')}, ${shift('started_at')}, ${shift('answered_at')}, ${shift('ended_at')}, channel, queue, outcome,
      wait_seconds, talk_seconds, hold_seconds, after_work_seconds, transferred, resolved_first_contact, priority, ${agent}, ${agentName}, ${team},
      region, ${rekey('customer_key')}, customer_key_source, ${rekey('row_key')}, ${shift('updated_at')}
    FROM contact CROSS JOIN ${copies} WHERE ${original}`;
  const complaintColumns = 'batch_id, line_no, ticket_id, contact_id, received_at, channel, channel_raw, description, category, category_raw, urgency, urgency_raw, impact, impact_raw, first_response_at, resolved_at, closed_at, status, status_raw, reopened, reopened_at, escalated, root_cause, root_cause_raw, satisfaction_raw, satisfaction_value, satisfaction_scale, satisfaction_canonical, followup_at, agent_code, agent_name, team, region, customer_key, customer_key_source, row_key, updated_at';
  const complaints = `
    INSERT INTO complaint (${complaintColumns})
    SELECT batch_id, ${line}, ${id('ticket_id')}, ${id('contact_id')}, ${shift('received_at')}, channel, channel_raw, description, category, category_raw,
      urgency, urgency_raw, impact, impact_raw, ${shift('first_response_at')}, ${shift('resolved_at')}, ${shift('closed_at')}, status, status_raw,
      reopened, ${shift('reopened_at')}, escalated, root_cause, root_cause_raw, satisfaction_raw, satisfaction_value, satisfaction_scale,
      satisfaction_canonical, ${shift('followup_at')}, ${agent}, ${agentName}, ${team}, region, ${rekey('customer_key')}, customer_key_source,
      ${rekey('row_key')}, ${shift('updated_at')}
    FROM complaint CROSS JOIN ${copies} WHERE ${original}`;
  const responseColumns = 'batch_id, line_no, response_id, answered_at, method, method_raw, channel, channel_raw, contact_id, complaint_id, comment, agent_code, agent_name, team, region, customer_key, customer_key_source, row_key, updated_at, ratings';
  const responses = `
    INSERT INTO survey_response (${responseColumns})
    SELECT batch_id, ${line}, ${id('response_id')}, ${shift('answered_at')}, method, method_raw, channel, channel_raw, ${id('contact_id')},
      ${id('complaint_id')}, comment, ${agent}, ${agentName}, ${team}, region, ${rekey('customer_key')}, customer_key_source, ${rekey('row_key')},
      ${shift('updated_at')}, ratings
    FROM survey_response CROSS JOIN ${copies} WHERE ${original}`;
  const answers = `
    INSERT INTO survey_answer (batch_id, line_no, item, raw_text, raw_value, scale_id, canonical)
    SELECT batch_id, ${line}, item, raw_text, raw_value, scale_id, canonical
    FROM survey_answer CROSS JOIN ${copies} WHERE ${original}`;
  const trainings = `
    INSERT INTO training (agent_code, course, trained_on, source_file, source_sha256, line_no)
    SELECT ${agent}, course, trained_on, source_file, source_sha256, line_no + cp * ${plan.agents}
    FROM training CROSS JOIN ${copies} WHERE substr(agent_code, 2)::int < ${plan.agents}`;
  return [
    { label: `contacts ×${factor}`, sql: contacts },
    { label: `complaints ×${factor}`, sql: complaints },
    { label: `survey responses ×${factor}`, sql: responses },
    { label: `survey answers ×${factor}`, sql: answers },
    { label: 'trainings, batch spans', sql: `${trainings};\n${BATCH_SPANS_SQL}` },
  ];
}

