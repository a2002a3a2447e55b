-- Open survey items and record versions.
--
-- Survey items: the CHECK listing nine items becomes a reference table, so a survey asking 14 (an airline) or
-- 22 (SERVQUAL) questions stores each as itself, with its label, an optional SERVQUAL dimension (Parasuraman,
-- Zeithaml & Berry 1988) and its direction. `canonical` is always oriented so that 5 is the best answer: an
-- item where a higher answer is worse (customer effort, CES 1.0: "how much effort did you have to put forth")
-- keeps its raw value and gets canonical = 6 − the linear map; `ces` is Gartner's CES 2.0 ease item ("made it
-- easy", 1–7 agreement, higher is better). Ingest registers a profile's declared items before loading.
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
ALTER TABLE survey_answer ADD CONSTRAINT survey_answer_item_fkey FOREIGN KEY (item) REFERENCES survey_item (item);

-- Record versions. Ticketing systems export snapshots (a complaint open in one export, resolved in the next);
-- survey platforms re-export edited responses. Every version stays in the fact table with the batch that
-- brought it (the history); the *_current views hold one row per business key (ticket_id, response_id,
-- contact_id): the latest by the record's own update time when the export has one, else by load order
-- (batch, then line). Rows without a business key are records of their own. Analyses read the views.
ALTER TABLE contact ADD COLUMN updated_at timestamptz;
ALTER TABLE survey_response ADD COLUMN updated_at timestamptz;
ALTER TABLE complaint ADD COLUMN updated_at timestamptz;

CREATE VIEW complaint_current AS
SELECT * FROM complaint WHERE ticket_id IS NULL
UNION ALL
SELECT * FROM (
  SELECT DISTINCT ON (ticket_id) * FROM complaint WHERE ticket_id IS NOT NULL
  ORDER BY ticket_id, updated_at DESC NULLS LAST, batch_id DESC, line_no DESC
) latest;

CREATE VIEW survey_response_current AS
SELECT * FROM survey_response WHERE response_id IS NULL
UNION ALL
SELECT * FROM (
  SELECT DISTINCT ON (response_id) * FROM survey_response WHERE response_id IS NOT NULL
  ORDER BY response_id, updated_at DESC NULLS LAST, batch_id DESC, line_no DESC
) latest;

CREATE VIEW contact_current AS
SELECT * FROM contact WHERE contact_id IS NULL
UNION ALL
SELECT * FROM (
  SELECT DISTINCT ON (contact_id) * FROM contact WHERE contact_id IS NOT NULL
  ORDER BY contact_id, updated_at DESC NULLS LAST, batch_id DESC, line_no DESC
) latest;

-- The answers of current survey responses.
CREATE VIEW survey_answer_current AS
SELECT a.* FROM survey_answer a JOIN survey_response_current r USING (batch_id, line_no);
