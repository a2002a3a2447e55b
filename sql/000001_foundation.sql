-- servq foundation: ingest lineage, the three sources, customers, staff, standards as data.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 18). Applied once, inside a transaction, by src/db/migrate.ts.
--
-- Fact tables (contact, survey_response, survey_answer, complaint) carry batch_id + line_no: the file and the
-- line each row came from, unique by construction (the loader numbers lines). They are built for COPY speed:
-- no foreign key (a per-row RI trigger), no b-tree (measured here: a primary key and a random-UUID unique
-- index each cost more than PostgreSQL's whole typed-COPY budget), only a BRIN index on time, which rows
-- arrive ordered by; a batch's rows are found by batch_id within the batch's recorded time span
-- (ingest_batch.time_from / time_to), which that index narrows. row_key is a hash of the row's canonical content; the loader keeps each
-- key once per table (see src/db/ingest-queries.ts: a duplicate shares its time value, so only the batch's
-- time window is compared) and records every duplicate in duplicate_row.
-- Derived data (customers, teams, agent periods, cross-source checks) are views: always current, whatever
-- order files arrive in, and free at load time.

CREATE TABLE ingest_batch (
  batch_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_kind       text NOT NULL CHECK (source_kind IN ('calls', 'surveys', 'complaints')),
  file_name         text NOT NULL,
  file_path         text NOT NULL,
  file_bytes        bigint NOT NULL,
  content_sha256    text NOT NULL,
  status            text NOT NULL CHECK (status IN ('loaded', 'failed')),
  rows_read         bigint NOT NULL DEFAULT 0,
  rows_loaded       bigint NOT NULL DEFAULT 0,
  rows_rejected     bigint NOT NULL DEFAULT 0,
  rows_duplicate    bigint NOT NULL DEFAULT 0,
  time_from         timestamptz,  -- the span of the loaded rows' time column (received / started / answered)
  time_to           timestamptz,
  format            text,
  encoding          text,
  encoding_evidence text,
  delimiter         text,
  header_line       integer,
  column_mapping    jsonb,
  decisions         jsonb,
  error             text,
  started_at        timestamptz NOT NULL,
  finished_at       timestamptz,
  servq_version     text NOT NULL,
  CONSTRAINT ingest_batch_rows_accounted
    CHECK (status <> 'loaded' OR rows_read = rows_loaded + rows_rejected + rows_duplicate)
);
-- A file's content is loaded at most once per kind: the second ingest of the same bytes is a skip.
CREATE UNIQUE INDEX ingest_batch_loaded_once ON ingest_batch (source_kind, content_sha256) WHERE status = 'loaded';

CREATE TABLE rejected_row (
  batch_id     bigint NOT NULL REFERENCES ingest_batch (batch_id) ON DELETE CASCADE,
  line_no      bigint NOT NULL,
  raw_text     text NOT NULL,   -- the source line(s) decoded to UTF-8, personal data masked
  reason_codes text[] NOT NULL, -- stable codes (e.g. 'invalid_timestamp') for grouping
  reasons      text[] NOT NULL, -- one readable sentence per problem, naming the field
  PRIMARY KEY (batch_id, line_no)
);

CREATE TABLE duplicate_row (
  batch_id          bigint NOT NULL REFERENCES ingest_batch (batch_id) ON DELETE CASCADE,
  line_no           bigint NOT NULL,
  original_batch_id bigint NOT NULL,
  original_line_no  bigint NOT NULL,
  PRIMARY KEY (batch_id, line_no)
);

CREATE TABLE contact (
  batch_id               bigint NOT NULL,
  line_no                bigint NOT NULL,
  contact_id             text,
  started_at             timestamptz NOT NULL, -- offered / queued time
  answered_at            timestamptz,
  ended_at               timestamptz,
  channel                text NOT NULL CHECK (channel IN ('phone', 'email', 'chat', 'social', 'app', 'onsite', 'sms', 'other')),
  queue                  text,
  outcome                text CHECK (outcome IN ('answered', 'abandoned', 'other')),
  wait_seconds           double precision CHECK (wait_seconds >= 0),
  talk_seconds           double precision CHECK (talk_seconds >= 0),
  hold_seconds           double precision CHECK (hold_seconds >= 0),
  after_work_seconds     double precision CHECK (after_work_seconds >= 0),
  transferred            boolean,
  resolved_first_contact boolean,
  priority               text CHECK (priority IN ('major', 'ordinary')),
  agent_code             text,
  agent_name             text,
  team                   text,
  region                 text,
  customer_key           uuid,
  customer_key_source    text,
  row_key                uuid NOT NULL,
  flags                  text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX contact_started_at ON contact USING brin (started_at);

CREATE TABLE survey_response (
  batch_id            bigint NOT NULL,
  line_no             bigint NOT NULL,
  response_id         text,
  answered_at         timestamptz NOT NULL,
  method              text CHECK (method IN ('questionnaire', 'phone', 'online', 'onsite')),
  method_raw          text,
  channel             text CHECK (channel IN ('phone', 'email', 'chat', 'social', 'app', 'onsite', 'sms', 'other')),
  channel_raw         text,
  contact_id          text, -- the contact this answer rates, when known
  complaint_id        text, -- or the complaint
  comment             text, -- free text, personal data masked
  agent_code          text,
  agent_name          text,
  team                text,
  region              text,
  customer_key        uuid,
  customer_key_source text,
  row_key             uuid NOT NULL,
  flags               text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX survey_response_answered_at ON survey_response USING brin (answered_at);

-- The rating scales answers come on, and the declared rule that maps each to the canonical 1–5 scale.
CREATE TABLE rating_scale (
  scale_id    text PRIMARY KEY,
  min_value   numeric NOT NULL,
  max_value   numeric NOT NULL,
  rule        text NOT NULL
);

-- One row per rated item of a survey answer, each on its own scale, raw and canonical.
CREATE TABLE survey_answer (
  batch_id    bigint NOT NULL,
  line_no     bigint NOT NULL,
  item        text NOT NULL CHECK (item IN ('overall', 'attitude', 'expertise', 'communication', 'speed', 'solved', 'transparency', 'nps', 'ces')),
  raw_text    text NOT NULL,
  raw_value   double precision NOT NULL,
  scale_id    text NOT NULL CHECK (scale_id IN ('likert5', 'likert7', 'nps11', 'scale10', 'percent', 'binary', 'verbal5')),
  canonical   double precision NOT NULL CHECK (canonical BETWEEN 1 AND 5)
);
CREATE INDEX survey_answer_batch ON survey_answer USING brin (batch_id);

CREATE TABLE complaint (
  batch_id               bigint NOT NULL,
  line_no                bigint NOT NULL,
  ticket_id              text,
  contact_id             text, -- the contact the complaint came from, when known
  received_at            timestamptz NOT NULL,
  channel                text CHECK (channel IN ('phone', 'email', 'chat', 'social', 'app', 'onsite', 'sms', 'other')),
  channel_raw            text,
  description            text, -- free text, personal data masked
  category               text CHECK (category IN ('service', 'product', 'technical', 'other')),
  category_raw           text,
  urgency                text CHECK (urgency IN ('critical', 'high', 'medium', 'low')),
  urgency_raw            text,
  impact                 text CHECK (impact IN ('critical', 'high', 'medium', 'low')),
  impact_raw             text,
  first_response_at      timestamptz,
  resolved_at            timestamptz,
  closed_at              timestamptz,
  status                 text CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  status_raw             text,
  reopened               boolean,
  reopened_at            timestamptz,
  escalated              boolean,
  root_cause             text CHECK (root_cause IN ('process', 'staff_attitude', 'product_quality', 'technical_support', 'other')),
  root_cause_raw         text,
  satisfaction_raw       text,
  satisfaction_value     double precision,
  satisfaction_scale     text CHECK (satisfaction_scale IN ('likert5', 'likert7', 'nps11', 'scale10', 'percent', 'binary', 'verbal5')),
  satisfaction_canonical double precision CHECK (satisfaction_canonical BETWEEN 1 AND 5),
  followup_at            timestamptz,
  agent_code             text,
  agent_name             text,
  team                   text,
  region                 text,
  customer_key           uuid,
  customer_key_source    text,
  row_key                uuid NOT NULL,
  flags                  text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX complaint_received_at ON complaint USING brin (received_at);

-- One pseudonymous key per customer, joining surveys, calls and complaints (keyed hash; see src/privacy).
CREATE VIEW customer AS
SELECT customer_key, min(customer_key_source) AS key_source, min(seen_at) AS first_seen_at, max(seen_at) AS last_seen_at
FROM (
  SELECT customer_key, customer_key_source, started_at AS seen_at FROM contact WHERE customer_key IS NOT NULL
  UNION ALL
  SELECT customer_key, customer_key_source, answered_at FROM survey_response WHERE customer_key IS NOT NULL
  UNION ALL
  SELECT customer_key, customer_key_source, received_at FROM complaint WHERE customer_key IS NOT NULL
) seen
GROUP BY customer_key;

-- Teams and which team each agent was observed in, and when: a team change shows as two periods.
CREATE VIEW agent_assignment AS
SELECT agent_code, coalesce(team, '') AS team_code, max(agent_name) AS agent_name, min(seen_at) AS valid_from, max(seen_at) AS valid_to
FROM (
  SELECT agent_code, agent_name, team, started_at AS seen_at FROM contact WHERE agent_code IS NOT NULL
  UNION ALL
  SELECT agent_code, agent_name, team, answered_at FROM survey_response WHERE agent_code IS NOT NULL
  UNION ALL
  SELECT agent_code, agent_name, team, received_at FROM complaint WHERE agent_code IS NOT NULL
) seen
GROUP BY agent_code, coalesce(team, '');

CREATE VIEW team AS
SELECT team_code, min(valid_from) AS first_seen_at, max(valid_to) AS last_seen_at
FROM agent_assignment WHERE team_code <> '' GROUP BY team_code;

-- Survey answers given before the contact they rate started (a wrong link or clock skew): which record is
-- wrong cannot be known, so both stay loaded and this view names them.
CREATE VIEW survey_answered_before_contact AS
SELECT s.batch_id, s.line_no, s.response_id, s.contact_id, s.answered_at, c.started_at AS contact_started_at
FROM survey_response s
JOIN contact c ON c.contact_id = s.contact_id AND c.started_at > s.answered_at;

-- Service standards as data, with history: a change is a new row with a later valid_from.
CREATE TABLE service_level_policy (
  policy_id         text NOT NULL,
  description       text NOT NULL,
  channel           text,           -- null: all channels
  priority          text,           -- 'major' / 'ordinary' / null
  threshold_seconds double precision NOT NULL,
  target_share      double precision CHECK (target_share BETWEEN 0 AND 1), -- share that must meet the threshold
  valid_from        date NOT NULL,
  valid_to          date,
  PRIMARY KEY (policy_id, valid_from)
);

CREATE TABLE improvement_target (
  target_id    text NOT NULL,
  description  text NOT NULL,
  metric       text NOT NULL,
  comparator   text NOT NULL CHECK (comparator IN ('>=', '<=', '>', '<')),
  target_value double precision NOT NULL,
  unit         text NOT NULL,
  valid_from   date NOT NULL,
  valid_to     date,
  PRIMARY KEY (target_id, valid_from)
);
