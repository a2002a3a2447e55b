/**
 * Kysely's view of the schema in `sql/`: one interface per table and view, and `TABLE_COLUMNS`, the same
 * columns as a runtime list. Neither can drift: the compiler checks that each list names exactly its
 * interface's keys (below), and test/db/schema-matches-tables.test.ts migrates a fresh database and checks
 * that the lists name exactly the columns information_schema reports, naming any column missing or extra.
 * A migration that adds a column therefore adds it here too, to the interface and to the list.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A column of a view: read, never written (`insertInto` / `updateTable` on it do not type-check). */
type ViewColumn<T> = ColumnType<T, never, never>;
/** A view with exactly a table's columns (the `*_current` views of sql/000004), read-only. */
type ViewOf<T> = { [K in keyof Selectable<T>]: ViewColumn<Selectable<T>[K]> };

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
  /** The record's own last-update time, when the export has one (sql/000004: picks the current version). */
  updated_at: Timestamp | null;
  /** A newer version of this record is loaded (sql/000008; src/db/record-versions.ts). */
  superseded: Generated<boolean>;
}

export interface SurveyResponseTable {
  batch_id: number;
  line_no: number;
  response_id: string | null;
  answered_at: Timestamp;
  method: string | null;
  method_raw: string | null;
  channel: string | null;
  channel_raw: string | null;
  contact_id: string | null;
  complaint_id: string | null;
  comment: string | null;
  agent_code: string | null;
  agent_name: string | null;
  team: string | null;
  region: string | null;
  customer_key: string | null;
  customer_key_source: string | null;
  row_key: string;
  flags: string[];
  updated_at: Timestamp | null;
  /** A newer version of this record is loaded (sql/000008; src/db/record-versions.ts). */
  superseded: Generated<boolean>;
  /** Canonical answer (1–5) by item, the same values as the response's survey_answer rows (sql/000012). */
  ratings: Generated<Record<string, number>>;
}

/** numeric columns come back as strings (pg and PGlite alike): parse them deliberately. */
export interface RatingScaleTable {
  scale_id: string;
  min_value: string;
  max_value: string;
  rule: string;
}

/** The rated items a survey can ask (sql/000004): built in, or declared by a profile at ingest. */
export interface SurveyItemTable {
  item: string;
  label: string;
  servqual_dimension: string | null;
  direction: ColumnType<'higher_better' | 'lower_better', 'higher_better' | 'lower_better' | undefined, 'higher_better' | 'lower_better'>;
  built_in: ColumnType<boolean, boolean | undefined, boolean>;
  declared_by_batch: number | null;
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
  contact_id: string | null;
  received_at: Timestamp;
  channel: string | null;
  channel_raw: string | null;
  description: string | null;
  category: string | null;
  category_raw: string | null;
  urgency: string | null;
  urgency_raw: string | null;
  impact: string | null;
  impact_raw: string | null;
  first_response_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  status: string | null;
  status_raw: string | null;
  reopened: boolean | null;
  reopened_at: Timestamp | null;
  escalated: boolean | null;
  root_cause: string | null;
  root_cause_raw: string | null;
  satisfaction_raw: string | null;
  satisfaction_value: number | null;
  satisfaction_scale: string | null;
  satisfaction_canonical: number | null;
  followup_at: Timestamp | null;
  agent_code: string | null;
  agent_name: string | null;
  team: string | null;
  region: string | null;
  customer_key: string | null;
  customer_key_source: string | null;
  row_key: string;
  flags: string[];
  updated_at: Timestamp | null;
  /** A newer version of this record is loaded (sql/000008; src/db/record-versions.ts). */
  superseded: Generated<boolean>;
}

/** View: one row per customer key seen in any source. */
export interface CustomerTable {
  customer_key: string;
  key_source: string;
  first_seen_at: Timestamp | null;
  last_seen_at: Timestamp | null;
}

/**
 * View: the periods in which each agent was observed in one team, consecutive observations in one team
 * forming one period (sql/000005_join_indexes.sql); `team_code` is '' for an agent never observed with a team.
 */
export interface AgentAssignmentView {
  agent_code: ViewColumn<string>;
  team_code: ViewColumn<string>;
  agent_name: ViewColumn<string | null>;
  valid_from: ViewColumn<Date>;
  valid_to: ViewColumn<Date>;
}

/** View: each team and when it was first and last observed. */
export interface TeamView {
  team_code: ViewColumn<string>;
  first_seen_at: ViewColumn<Date>;
  last_seen_at: ViewColumn<Date>;
}

/** View: the source system (key scope) of each batch, within which business keys name one record (sql/000004). */
export interface ServqBatchKeyScopeView {
  batch_id: ViewColumn<number>;
  scope: ViewColumn<string>;
}

/** View: survey answers given before the contact they rate started. */
export interface SurveyAnsweredBeforeContactView {
  batch_id: ViewColumn<number>;
  line_no: ViewColumn<number>;
  response_id: ViewColumn<string | null>;
  contact_id: ViewColumn<string>;
  answered_at: ViewColumn<Date>;
  contact_started_at: ViewColumn<Date>;
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

/**
 * Improvement targets with their history (sql/000006): one row per recorded version; `valid_to` is kept equal
 * to the next version's `valid_from` by src/db/target-queries.ts, and a corrected version gets
 * `valid_to = valid_from` (an empty interval). Read dates with `to_char`: drivers parse `date` differently.
 */
export interface ImprovementTargetTable {
  target_id: string;
  description: string;
  metric: string;
  comparator: string;
  target_value: number;
  unit: string;
  valid_from: Timestamp;
  valid_to: Timestamp | null;
  version_id: Generated<number>;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
  recorded_by: string | null;
  reason: string | null;
}

/** Trainings agents finished (sql/000006): one row per agent, course and day, with the file it came from. */
export interface TrainingTable {
  agent_code: string;
  course: string;
  /** The day the course ended (`date`; read it with `to_char`). */
  trained_on: Timestamp;
  source_file: string;
  source_sha256: string;
  line_no: number;
  imported_at: ColumnType<Date, Date | string | undefined, Date | string>;
  imported_by: string | null;
}

/** One training run of `servq classify complaints --train` (sql/000007): both targets' models and their evaluation. */
export interface ClassifierModelTable {
  model_version: Generated<number>;
  trained_at: ColumnType<Date, Date | string | undefined, Date | string>;
  trained_by: string;
  command: string;
  method: 'naive_bayes' | 'logistic';
  label_rule: string;
  training_rows: number;
  taxonomy_version: string;
  tokenizer_digest: string;
  metrics: unknown;
  model: unknown;
  servq_version: string;
}

/** The latest predicted category and root cause of a complaint (sql/000007), keyed by its batch and line. */
export interface ComplaintClassificationTable {
  batch_id: number;
  line_no: number;
  model_version: number;
  category_predicted: string | null;
  category_confidence: number | null;
  root_cause_predicted: string | null;
  root_cause_confidence: number | null;
  category_rule: string | null;
  root_cause_rule: string | null;
  terms: number;
  classified_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A reviewer's correction of a complaint's category and/or root cause (sql/000007): never updated. */
export interface ComplaintLabelReviewTable {
  review_id: Generated<number>;
  batch_id: number;
  line_no: number;
  category: string | null;
  root_cause: string | null;
  reviewed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  reviewed_by: string;
  command: string;
  reason: string | null;
  model_version: number | null;
  category_predicted: string | null;
  root_cause_predicted: string | null;
  /** The reviewed version's ticket id and source system: the review applies to the ticket's other versions too (sql/000009). */
  ticket_id: string | null;
  key_scope: string | null;
}

/** View: each current complaint's given, reviewed and predicted labels, and the one to use (sql/000007). */
export interface ComplaintLabelView {
  batch_id: ViewColumn<number>;
  line_no: ViewColumn<number>;
  ticket_id: ViewColumn<string | null>;
  category_given: ViewColumn<string | null>;
  category_reviewed: ViewColumn<string | null>;
  category_predicted: ViewColumn<string | null>;
  category_confidence: ViewColumn<number | null>;
  category: ViewColumn<string | null>;
  category_source: ViewColumn<'reviewed' | 'given' | 'predicted' | null>;
  root_cause_given: ViewColumn<string | null>;
  root_cause_reviewed: ViewColumn<string | null>;
  root_cause_predicted: ViewColumn<string | null>;
  root_cause_confidence: ViewColumn<number | null>;
  root_cause: ViewColumn<string | null>;
  root_cause_source: ViewColumn<'reviewed' | 'given' | 'predicted' | null>;
  model_version: ViewColumn<number | null>;
}

/** Written by src/db/migrate.ts (not by a migration file): which migrations are applied. */
export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Daily rollup of contact_current per zone, local day, channel, priority and team (sql/000010; `day` is a `date`, read it with `to_char`). */
export interface ContactDayRollupTable {
  zone: string;
  day: Timestamp;
  channel: string | null;
  priority: string | null;
  team: string | null;
  offered: number;
  with_outcome: number;
  answered: number;
  abandoned: number;
  sl_threshold: number | null;
  sl_answered_known: number;
  sl_answered_within: number;
  sl_abandoned_known: number;
  sl_abandoned_within: number;
  pl_threshold: number | null;
  pl_answered_known: number;
  pl_answered_within: number;
  pl_abandoned_known: number;
  pl_abandoned_within: number;
  wait_n: number;
  wait_sum: number | null;
  wait_sumsq: number | null;
  handle_n: number;
  handle_sum: number | null;
  handle_sumsq: number | null;
  talk_sum: number | null;
  hold_sum: number | null;
  after_work_sum: number | null;
  fcr_n: number;
  fcr_yes: number;
  fcr_unkeyed: number;
  transferred_n: number;
  transferred_yes: number;
}

/** contact_day_rollup per agent as well (sql/000010). */
export interface ContactAgentDayRollupTable extends ContactDayRollupTable {
  agent_code: string | null;
}

/** The current contacts' durations per zone, local day, channel, priority and team, sorted (sql/000011). */
export interface ContactDurationDayRollupTable {
  zone: string;
  day: Timestamp;
  channel: string | null;
  priority: string | null;
  team: string | null;
  waits: number[];
  handles: number[];
}

/** Contacts per zone, local day, local hour ('00'…'23'), channel and priority (sql/000014), for staffing. */
export interface ContactHourRollupTable {
  zone: string;
  day: Timestamp;
  hour: string;
  channel: string | null;
  priority: string | null;
  offered: number;
  handle_n: number;
  handle_sum: number | null;
}

/**
 * Overall answers of the surveys that rate a contact, per zone, the contact's local day, the response's local day,
 * and the contact's channel, priority and team (sql/000013).
 */
export interface RatedContactDayRollupTable {
  zone: string;
  day: Timestamp;
  answered_day: Timestamp;
  channel: string | null;
  priority: string | null;
  team: string | null;
  n: number;
  top2: number;
  overall_sum: number;
  overall_sumsq: number;
}

/** Daily rollup of the current survey answers per zone, local day, channel, method and item (sql/000010). */
export interface SurveyDayRollupTable {
  zone: string;
  day: Timestamp;
  channel: string | null;
  method: string | null;
  item: string;
  n: number;
  canonical_sum: number;
  canonical_sumsq: number;
  top2: number;
  dist1: number;
  dist2: number;
  dist3: number;
  dist4: number;
  dist5: number;
  raw_sum: number;
  nps_n: number;
  promoters: number;
  detractors: number;
  ces_n: number;
  ces_easy: number;
  ces_raw_sum: number | null;
  ces_raw_sumsq: number | null;
  effort_n: number;
  effort_low: number;
  effort_raw_sum: number | null;
  effort_raw_sumsq: number | null;
}

/** survey_day_rollup of the overall item per team, region and agent as well (sql/000010). */
export interface SurveyAgentDayRollupTable extends SurveyDayRollupTable {
  team: string | null;
  region: string | null;
  agent_code: string | null;
}

/** Current survey responses per zone, local day, channel and method (sql/000010). */
export interface SurveyResponseDayRollupTable {
  zone: string;
  day: Timestamp;
  channel: string | null;
  method: string | null;
  responses: number;
}

/** A time zone whose daily rollups are kept (sql/000010); `built_at` is null until the first full build. */
export interface RollupZoneTable {
  zone: string;
  built_at: Date | null;
}

/** A span of time whose rollups must be recomputed (sql/000010, src/db/rollups.ts). */
export interface RollupPendingTable {
  pending_id: Generated<number>;
  source: 'contacts' | 'surveys';
  from_at: Date;
  to_at: Date;
  noted_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One run of a declared pipeline (sql/000015, src/db/pipeline-runs.ts). */
export interface PipelineRunTable {
  run_id: Generated<number>;
  pipeline: string;
  trigger: 'schedule' | 'catch-up' | 'manual';
  scheduled_for: Timestamp | null;
  missed_ticks: ColumnType<number, number | undefined, number>;
  params: unknown;
  status: PipelineStatus;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Timestamp | null;
  error: string | null;
  host: string;
  pid: number;
  servq_version: string;
}

export type PipelineStatus = 'running' | 'succeeded' | 'warning' | 'failed' | 'interrupted' | 'abandoned';

/** One step of a pipeline run (sql/000015). */
export interface PipelineStepTable {
  run_id: number;
  step_no: number;
  name: string;
  status: PipelineStatus;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  counts: unknown;
  detail: string | null;
  error: string | null;
}

/** When a scheduler began watching a pipeline: missed runs are counted from here at the latest (sql/000016). */
export interface PipelineWatchTable {
  pipeline: string;
  since: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Tables {
  schema_migration: SchemaMigrationTable;
  ingest_batch: IngestBatchTable;
  batch_event: BatchEventTable;
  rejected_row: RejectedRowTable;
  duplicate_row: DuplicateRowTable;
  contact: ContactTable;
  survey_response: SurveyResponseTable;
  rating_scale: RatingScaleTable;
  survey_item: SurveyItemTable;
  survey_answer: SurveyAnswerTable;
  complaint: ComplaintTable;
  /** Views: the current version of each record (one row per business key; sql/000004). */
  contact_current: ViewOf<ContactTable>;
  survey_response_current: ViewOf<SurveyResponseTable>;
  complaint_current: ViewOf<ComplaintTable>;
  survey_answer_current: ViewOf<SurveyAnswerTable>;
  servq_batch_key_scope: ServqBatchKeyScopeView;
  customer: CustomerTable;
  agent_assignment: AgentAssignmentView;
  team: TeamView;
  survey_answered_before_contact: SurveyAnsweredBeforeContactView;
  service_level_policy: ServiceLevelPolicyTable;
  improvement_target: ImprovementTargetTable;
  training: TrainingTable;
  classifier_model: ClassifierModelTable;
  complaint_classification: ComplaintClassificationTable;
  complaint_label_review: ComplaintLabelReviewTable;
  complaint_label: ComplaintLabelView;
  rollup_zone: RollupZoneTable;
  rollup_pending: RollupPendingTable;
  contact_day_rollup: ContactDayRollupTable;
  contact_agent_day_rollup: ContactAgentDayRollupTable;
  contact_duration_day_rollup: ContactDurationDayRollupTable;
  contact_hour_rollup: ContactHourRollupTable;
  survey_day_rollup: SurveyDayRollupTable;
  survey_agent_day_rollup: SurveyAgentDayRollupTable;
  survey_response_day_rollup: SurveyResponseDayRollupTable;
  rated_contact_day_rollup: RatedContactDayRollupTable;
  pipeline_run: PipelineRunTable;
  pipeline_step: PipelineStepTable;
  pipeline_watch: PipelineWatchTable;
}


// The fact tables' columns, shared with their `*_current` views (which select `*`).
const CONTACT_COLUMNS = [
  'batch_id', 'line_no', 'contact_id', 'started_at', 'answered_at', 'ended_at', 'channel', 'queue', 'outcome',
  'wait_seconds', 'talk_seconds', 'hold_seconds', 'after_work_seconds', 'transferred', 'resolved_first_contact',
  'priority', 'agent_code', 'agent_name', 'team', 'region', 'customer_key', 'customer_key_source', 'row_key',
  'flags', 'updated_at', 'superseded',
] as const;

const SURVEY_RESPONSE_COLUMNS = [
  'batch_id', 'line_no', 'response_id', 'answered_at', 'method', 'method_raw', 'channel', 'channel_raw',
  'contact_id', 'complaint_id', 'comment', 'agent_code', 'agent_name', 'team', 'region', 'customer_key',
  'customer_key_source', 'row_key', 'flags', 'updated_at', 'superseded', 'ratings',
] as const;

const COMPLAINT_COLUMNS = [
  'batch_id', 'line_no', 'ticket_id', 'contact_id', 'received_at', 'channel', 'channel_raw', 'description',
  'category', 'category_raw', 'urgency', 'urgency_raw', 'impact', 'impact_raw', 'first_response_at',
  'resolved_at', 'closed_at', 'status', 'status_raw', 'reopened', 'reopened_at', 'escalated', 'root_cause',
  'root_cause_raw', 'satisfaction_raw', 'satisfaction_value', 'satisfaction_scale', 'satisfaction_canonical',
  'followup_at', 'agent_code', 'agent_name', 'team', 'region', 'customer_key', 'customer_key_source', 'row_key',
  'flags', 'updated_at', 'superseded',
] as const;

const SURVEY_ANSWER_COLUMNS = ['batch_id', 'line_no', 'item', 'raw_text', 'raw_value', 'scale_id', 'canonical'] as const;

/**
 * Every column of every table and view in `Tables` (in the migrations' column order), for code that needs the
 * names at run time and for the schema check (test/db/schema-matches-tables.test.ts).
 */
export const TABLE_COLUMNS = {
  schema_migration: ['version', 'name', 'checksum', 'applied_at'],
  ingest_batch: [
    'batch_id', 'source_kind', 'file_name', 'file_path', 'file_bytes', 'content_sha256', 'status', 'rows_read',
    'rows_loaded', 'rows_rejected', 'rows_duplicate', 'time_from', 'time_to', 'format', 'encoding',
    'encoding_evidence', 'delimiter', 'header_line', 'column_mapping', 'decisions', 'error', 'started_at',
    'finished_at', 'servq_version', 'removed_at', 'replaced_by',
  ],
  batch_event: ['event_id', 'batch_id', 'event', 'at', 'actor', 'reason', 'detail'],
  rejected_row: ['batch_id', 'line_no', 'raw_text', 'reason_codes', 'reasons'],
  duplicate_row: ['batch_id', 'line_no', 'original_batch_id', 'original_line_no'],
  contact: CONTACT_COLUMNS,
  survey_response: SURVEY_RESPONSE_COLUMNS,
  rating_scale: ['scale_id', 'min_value', 'max_value', 'rule'],
  survey_item: ['item', 'label', 'servqual_dimension', 'direction', 'built_in', 'declared_by_batch'],
  survey_answer: SURVEY_ANSWER_COLUMNS,
  complaint: COMPLAINT_COLUMNS,
  contact_current: CONTACT_COLUMNS,
  survey_response_current: SURVEY_RESPONSE_COLUMNS,
  complaint_current: COMPLAINT_COLUMNS,
  survey_answer_current: SURVEY_ANSWER_COLUMNS,
  servq_batch_key_scope: ['batch_id', 'scope'],
  customer: ['customer_key', 'key_source', 'first_seen_at', 'last_seen_at'],
  agent_assignment: ['agent_code', 'team_code', 'agent_name', 'valid_from', 'valid_to'],
  team: ['team_code', 'first_seen_at', 'last_seen_at'],
  survey_answered_before_contact: ['batch_id', 'line_no', 'response_id', 'contact_id', 'answered_at', 'contact_started_at'],
  service_level_policy: [
    'policy_id', 'description', 'channel', 'priority', 'threshold_seconds', 'target_share', 'valid_from', 'valid_to',
  ],
  improvement_target: [
    'target_id', 'description', 'metric', 'comparator', 'target_value', 'unit', 'valid_from', 'valid_to',
    'version_id', 'recorded_at', 'recorded_by', 'reason',
  ],
  training: [
    'agent_code', 'course', 'trained_on', 'source_file', 'source_sha256', 'line_no', 'imported_at', 'imported_by',
  ],
  classifier_model: [
    'model_version', 'trained_at', 'trained_by', 'command', 'method', 'label_rule', 'training_rows', 'taxonomy_version',
    'tokenizer_digest', 'metrics', 'model', 'servq_version',
  ],
  complaint_classification: [
    'batch_id', 'line_no', 'model_version', 'category_predicted', 'category_confidence', 'root_cause_predicted',
    'root_cause_confidence', 'category_rule', 'root_cause_rule', 'terms', 'classified_at',
  ],
  complaint_label_review: [
    'review_id', 'batch_id', 'line_no', 'category', 'root_cause', 'reviewed_at', 'reviewed_by', 'command', 'reason',
    'model_version', 'category_predicted', 'root_cause_predicted', 'ticket_id', 'key_scope',
  ],
  complaint_label: [
    'batch_id', 'line_no', 'ticket_id', 'category_given', 'category_reviewed', 'category_predicted', 'category_confidence',
    'category', 'category_source', 'root_cause_given', 'root_cause_reviewed', 'root_cause_predicted',
    'root_cause_confidence', 'root_cause', 'root_cause_source', 'model_version',
  ],
  rollup_zone: ['zone', 'built_at'],
  rollup_pending: ['pending_id', 'source', 'from_at', 'to_at', 'noted_at'],
  contact_day_rollup: ['zone', 'day', 'channel', 'priority', 'team', 'offered', 'with_outcome', 'answered', 'abandoned', 'sl_threshold', 'sl_answered_known', 'sl_answered_within', 'sl_abandoned_known', 'sl_abandoned_within', 'pl_threshold', 'pl_answered_known', 'pl_answered_within', 'pl_abandoned_known', 'pl_abandoned_within', 'wait_n', 'wait_sum', 'wait_sumsq', 'handle_n', 'handle_sum', 'handle_sumsq', 'talk_sum', 'hold_sum', 'after_work_sum', 'fcr_n', 'fcr_yes', 'fcr_unkeyed', 'transferred_n', 'transferred_yes'],
  contact_agent_day_rollup: [...['zone', 'day', 'channel', 'priority', 'team', 'offered', 'with_outcome', 'answered', 'abandoned', 'sl_threshold', 'sl_answered_known', 'sl_answered_within', 'sl_abandoned_known', 'sl_abandoned_within', 'pl_threshold', 'pl_answered_known', 'pl_answered_within', 'pl_abandoned_known', 'pl_abandoned_within', 'wait_n', 'wait_sum', 'wait_sumsq', 'handle_n', 'handle_sum', 'handle_sumsq', 'talk_sum', 'hold_sum', 'after_work_sum', 'fcr_n', 'fcr_yes', 'fcr_unkeyed', 'transferred_n', 'transferred_yes'], 'agent_code'],
  contact_duration_day_rollup: ['zone', 'day', 'channel', 'priority', 'team', 'waits', 'handles'],
  contact_hour_rollup: ['zone', 'day', 'hour', 'channel', 'priority', 'offered', 'handle_n', 'handle_sum'],
  survey_day_rollup: ['zone', 'day', 'channel', 'method', 'item', 'n', 'canonical_sum', 'canonical_sumsq', 'top2', 'dist1', 'dist2', 'dist3', 'dist4', 'dist5', 'raw_sum', 'nps_n', 'promoters', 'detractors', 'ces_n', 'ces_easy', 'ces_raw_sum', 'ces_raw_sumsq', 'effort_n', 'effort_low', 'effort_raw_sum', 'effort_raw_sumsq'],
  survey_agent_day_rollup: [...['zone', 'day', 'channel', 'method', 'item', 'n', 'canonical_sum', 'canonical_sumsq', 'top2', 'dist1', 'dist2', 'dist3', 'dist4', 'dist5', 'raw_sum', 'nps_n', 'promoters', 'detractors', 'ces_n', 'ces_easy', 'ces_raw_sum', 'ces_raw_sumsq', 'effort_n', 'effort_low', 'effort_raw_sum', 'effort_raw_sumsq'], 'team', 'region', 'agent_code'],
  survey_response_day_rollup: ['zone', 'day', 'channel', 'method', 'responses'],
  rated_contact_day_rollup: ['zone', 'day', 'answered_day', 'channel', 'priority', 'team', 'n', 'top2', 'overall_sum', 'overall_sumsq'],
  pipeline_run: [
    'run_id', 'pipeline', 'trigger', 'scheduled_for', 'missed_ticks', 'params', 'status', 'started_at', 'finished_at',
    'error', 'host', 'pid', 'servq_version',
  ],
  pipeline_step: ['run_id', 'step_no', 'name', 'status', 'started_at', 'finished_at', 'attempts', 'counts', 'detail', 'error'],
  pipeline_watch: ['pipeline', 'since'],
  // `satisfies`: every table of `Tables` has a list, and a list names only its interface's columns.
} as const satisfies { readonly [T in keyof Tables]: readonly (keyof Tables[T] & string)[] };

/** Columns an interface has that its list lacks, as `table.column` (never when every list is complete). */
type UnlistedColumns = {
  [T in keyof Tables]: Exclude<keyof Tables[T] & string, (typeof TABLE_COLUMNS)[T][number]> extends infer C extends string
    ? `${T}.${C}`
    : never;
}[keyof Tables];

/**
 * Compile-time check that each list names every column of its interface: when one is missing, this fails
 * to compile with a message that names it ("… is not assignable to type '{ unlisted: "contact.x"; }'").
 */
// `& {}` makes the compiler print the names rather than the alias.
const everyColumnListed: [UnlistedColumns] extends [never] ? true : { unlisted: UnlistedColumns & {} } = true;
void everyColumnListed;
