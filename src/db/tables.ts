/**
 * Kysely's view of the schema in `sql/` (only the columns queries through Kysely use are typed strictly;
 * keep in step with the migrations).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface IngestBatchTable {
  batch_id: Generated<number>;
  source_kind: string;
  file_name: string;
  file_path: string;
  file_bytes: number;
  content_sha256: string;
  status: 'loaded' | 'failed' | 'removed';
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rows_duplicate: number;
  time_from: Timestamp | null;
  time_to: Timestamp | null;
  format: string | null;
  encoding: string | null;
  encoding_evidence: string | null;
  delimiter: string | null;
  header_line: number | null;
  column_mapping: unknown;
  decisions: unknown;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  servq_version: string;
  removed_at: Timestamp | null;
  replaced_by: number | null;
}

export interface BatchEventTable {
  event_id: Generated<number>;
  batch_id: number;
  event: 'loaded' | 'failed' | 'removed' | 'replaced' | 'rows_promoted';
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  actor: string;
  reason: string | null;
  detail: unknown;
}

export interface RejectedRowTable {
  batch_id: number;
  line_no: number;
  raw_text: string;
  reason_codes: string[];
  reasons: string[];
}

export interface DuplicateRowTable {
  batch_id: number;
  line_no: number;
  original_batch_id: number;
  original_line_no: number;
}

export interface ContactTable {
  batch_id: number;
  line_no: number;
  contact_id: string | null;
  started_at: Timestamp;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  channel: string;
  queue: string | null;
  outcome: string | null;
  wait_seconds: number | null;
  talk_seconds: number | null;
  hold_seconds: number | null;
  after_work_seconds: number | null;
  transferred: boolean | null;
  resolved_first_contact: boolean | null;
  priority: string | null;
  agent_code: string | null;
  agent_name: string | null;
  team: string | null;
  region: string | null;
  customer_key: string | null;
  customer_key_source: string | null;
  row_key: string;
  flags: string[];
}

export interface SurveyResponseTable {
  batch_id: number;
  line_no: number;
  response_id: string | null;
  answered_at: Timestamp;
  method: string | null;
  channel: string | null;
  contact_id: string | null;
  complaint_id: string | null;
  comment: string | null;
  agent_code: string | null;
  team: string | null;
  region: string | null;
  customer_key: string | null;
  row_key: string;
  flags: string[];
}

export interface SurveyAnswerTable {
  batch_id: number;
  line_no: number;
  item: string;
  raw_text: string;
  raw_value: number;
  scale_id: string;
  canonical: number;
}

export interface ComplaintTable {
  batch_id: number;
  line_no: number;
  ticket_id: string | null;
  received_at: Timestamp;
  channel: string | null;
  description: string | null;
  category: string | null;
  category_raw: string | null;
  urgency: string | null;
  root_cause: string | null;
  status: string | null;
  first_response_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  followup_at: Timestamp | null;
  reopened: boolean | null;
  escalated: boolean | null;
  satisfaction_canonical: number | null;
  team: string | null;
  region: string | null;
  customer_key: string | null;
  row_key: string;
  flags: string[];
}

export interface CustomerTable {
  customer_key: string;
  key_source: string;
  first_seen_at: Timestamp | null;
  last_seen_at: Timestamp | null;
}

export interface ServiceLevelPolicyTable {
  policy_id: string;
  description: string;
  channel: string | null;
  priority: string | null;
  threshold_seconds: number;
  target_share: number | null;
  valid_from: Timestamp;
  valid_to: Timestamp | null;
}

export interface ImprovementTargetTable {
  target_id: string;
  description: string;
  metric: string;
  comparator: string;
  target_value: number;
  unit: string;
  valid_from: Timestamp;
  valid_to: Timestamp | null;
}

export interface Tables {
  ingest_batch: IngestBatchTable;
  batch_event: BatchEventTable;
  rejected_row: RejectedRowTable;
  duplicate_row: DuplicateRowTable;
  contact: ContactTable;
  survey_response: SurveyResponseTable;
  survey_answer: SurveyAnswerTable;
  complaint: ComplaintTable;
  customer: CustomerTable;
  service_level_policy: ServiceLevelPolicyTable;
  improvement_target: ImprovementTargetTable;
}
