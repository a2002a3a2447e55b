-- Open survey items and record versions.
--
-- Survey items: the CHECK listing nine items becomes a reference table, so a survey asking 14 (an airline) or
-- 22 (SERVQUAL) questions stores each as itself, with its label, an optional SERVQUAL dimension (Parasuraman,
-- Zeithaml & Berry 1988) and its direction. `canonical` is always oriented so that 5 is the best answer: an
-- item where a higher answer is worse (customer effort, CES 1.0: "how much effort did you have to put forth")
-- keeps its raw value and gets canonical = 6 − the linear map; `ces` is Gartner's CES 2.0 ease item ("made it
-- easy", 1–7 agreement, higher is better). Ingest registers a profile's declared items before loading.
-- No foreign key from survey_answer.item: its per-row trigger made a COPY of 2M answers 14–20 s instead of
-- 1 s (PostgreSQL 15, this machine); ingest is the only writer and registers every item code it writes.
CREATE TABLE survey_item (
  item               text PRIMARY KEY CHECK (item ~ '^[a-z][a-z0-9_]{0,62}$'),
  label              text NOT NULL,
  servqual_dimension text CHECK (servqual_dimension IN ('tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy')),
  direction          text NOT NULL DEFAULT 'higher_better' CHECK (direction IN ('higher_better', 'lower_better')),
  built_in           boolean NOT NULL DEFAULT false,
  declared_by_batch  bigint -- the batch whose profile first declared it (null: built in)
);

INSERT INTO survey_item (item, label, servqual_dimension, direction, built_in) VALUES
  ('overall',       'overall satisfaction',                  NULL,             'higher_better', true),
  ('attitude',      'service attitude (courtesy)',           'assurance',      'higher_better', true),
  ('expertise',     'expertise (knowledge)',                 'assurance',      'higher_better', true),
  ('communication', 'communication',                         NULL,             'higher_better', true),
  ('speed',         'response speed',                        'responsiveness', 'higher_better', true),
  ('solved',        'problem solved',                        'reliability',    'higher_better', true),
  ('transparency',  'progress transparency (kept informed)', 'responsiveness', 'higher_better', true),
  ('nps',           'likelihood to recommend (NPS)',         NULL,             'higher_better', true),
  ('ces',           'ease (CES 2.0: made it easy)',          NULL,             'higher_better', true),
  ('effort',        'customer effort (CES 1.0: effort spent)', NULL,           'lower_better',  true);

ALTER TABLE survey_answer DROP CONSTRAINT survey_answer_item_check;

-- Record versions. Ticketing systems export snapshots (a complaint open in one export, resolved in the next);
-- survey platforms re-export edited responses. Every version stays in the fact table with the batch that
-- brought it (the history); the *_current views hold one row per business key (ticket_id, response_id,
-- contact_id) within a source system: the latest by the record's own update time when the export has one,
-- else by load order (batch, then line). Rows without a business key are records of their own. Analyses read
-- the views.
ALTER TABLE contact ADD COLUMN updated_at timestamptz;
ALTER TABLE survey_response ADD COLUMN updated_at timestamptz;
ALTER TABLE complaint ADD COLUMN updated_at timestamptz;

-- Which ids are business keys: not a placeholder ('-', 'N/A', '0', 无 …: several records, no identity).
CREATE FUNCTION servq_is_business_key(id text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT id IS NOT NULL AND lower(btrim(id)) NOT IN ('', '-', '--', '0', 'n/a', 'na', '#n/a', 'null', 'none', 'nil', '?', '无', '空', '暂无', '未知')
$$;

-- Whose ids can name the same record: the batches of one source system. A batch's scope is its vendor
-- preset (Zendesk ticket 4821 and Freshdesk ticket 4821 are two tickets), '' for batches without one (a
-- deployment's own exports); a batch loaded before record versions existed (rowKeyVersion < 3) is a scope of
-- its own, so that an upgrade never merges what was loaded as separate records.
CREATE VIEW servq_batch_key_scope AS
SELECT batch_id,
       CASE WHEN coalesce((decisions ->> 'rowKeyVersion')::int, 1) < 3 THEN 'batch ' || batch_id
            ELSE coalesce(decisions #>> '{preset,id}', '') END AS scope
FROM ingest_batch;

-- A version is current when no other version of its key, in its scope, is newer: newer = has an update time
-- where it has none, else a later update time, else a later batch, else a later line. Written as an anti-join
-- (not DISTINCT ON, which sorts the whole table on every query) in one branch, so that a query's conditions
-- on the key reach the table and its indexes (one day's surveys ⋈ contact_current at 1M contacts: 35–42 ms
-- with 000005's index, ~2 s through a UNION ALL branch); a row with no key, or a placeholder, has no newer
-- version by construction. A later migration that adds a column to a fact table
-- recreates its view (SELECT * is expanded when a view is created).
CREATE VIEW complaint_current AS
SELECT r.* FROM complaint r LEFT JOIN servq_batch_key_scope rs ON rs.batch_id = r.batch_id
WHERE NOT EXISTS (
  SELECT 1 FROM complaint n JOIN servq_batch_key_scope ns ON ns.batch_id = n.batch_id
  WHERE n.ticket_id = r.ticket_id AND servq_is_business_key(n.ticket_id) AND ns.scope = rs.scope
    AND (n.updated_at IS NOT NULL, coalesce(n.updated_at, '-infinity'), n.batch_id, n.line_no)
      > (r.updated_at IS NOT NULL, coalesce(r.updated_at, '-infinity'), r.batch_id, r.line_no)
);

CREATE VIEW survey_response_current AS
SELECT r.* FROM survey_response r LEFT JOIN servq_batch_key_scope rs ON rs.batch_id = r.batch_id
WHERE NOT EXISTS (
  SELECT 1 FROM survey_response n JOIN servq_batch_key_scope ns ON ns.batch_id = n.batch_id
  WHERE n.response_id = r.response_id AND servq_is_business_key(n.response_id) AND ns.scope = rs.scope
    AND (n.updated_at IS NOT NULL, coalesce(n.updated_at, '-infinity'), n.batch_id, n.line_no)
      > (r.updated_at IS NOT NULL, coalesce(r.updated_at, '-infinity'), r.batch_id, r.line_no)
);

CREATE VIEW contact_current AS
SELECT r.* FROM contact r LEFT JOIN servq_batch_key_scope rs ON rs.batch_id = r.batch_id
WHERE NOT EXISTS (
  SELECT 1 FROM contact n JOIN servq_batch_key_scope ns ON ns.batch_id = n.batch_id
  WHERE n.contact_id = r.contact_id AND servq_is_business_key(n.contact_id) AND ns.scope = rs.scope
    AND (n.updated_at IS NOT NULL, coalesce(n.updated_at, '-infinity'), n.batch_id, n.line_no)
      > (r.updated_at IS NOT NULL, coalesce(r.updated_at, '-infinity'), r.batch_id, r.line_no)
);

-- The answers of current survey responses.
CREATE VIEW survey_answer_current AS
SELECT a.* FROM survey_answer a JOIN survey_response_current r USING (batch_id, line_no);
