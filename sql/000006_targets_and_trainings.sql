-- servq 000006: improvement targets with their history (who, when, why), and the trainings agents took.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 18).
--
-- IMPROVEMENT TARGETS (`servq targets set`; src/db/target-queries.ts). A target's value on a day is the row
-- whose [valid_from, valid_to) holds the day, as for service_level_policy. A change is a new row: no row is
-- deleted and no recorded value changes. The one column `servq targets set` does update is valid_to, so that
-- every row reads on its own:
--   * setting a value from day D closes the version in effect before D (its valid_to becomes D, unless it
--     already ended earlier) and the new row runs until the next later version's valid_from, or stays open;
--   * a second value for the same target and the same valid_from (a correction) is a new row too; the version
--     it corrects keeps its values and gets valid_to = valid_from, an empty interval no day falls in.
-- So `valid_from <= d AND (valid_to IS NULL OR valid_to > d)` finds one row per target, and recorded_at /
-- recorded_by / reason say who changed what, when and why. version_id (the order rows were recorded in)
-- replaces (target_id, valid_from) as the key; a partial unique index keeps one live version per target and day.
--
-- Rows already here keep their values. Rows a deployment added with a later valid_from (as 000002 says to)
-- while leaving the earlier one open get that earlier row closed at the later valid_from; recorded_at of
-- existing rows is when 000002 was applied, recorded_by is unknown (NULL).

UPDATE improvement_target t SET valid_to = n.next_from
FROM (SELECT target_id, valid_from, lead(valid_from) OVER (PARTITION BY target_id ORDER BY valid_from) AS next_from
      FROM improvement_target) n
WHERE n.target_id = t.target_id AND n.valid_from = t.valid_from AND n.next_from IS NOT NULL AND t.valid_to IS NULL;

ALTER TABLE improvement_target ADD COLUMN version_id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE improvement_target ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT clock_timestamp();
ALTER TABLE improvement_target ADD COLUMN recorded_by text;  -- operating-system user@host and database role
ALTER TABLE improvement_target ADD COLUMN reason text;       -- why, as the user said it (--reason)

UPDATE improvement_target
SET recorded_at = coalesce((SELECT applied_at FROM schema_migration WHERE version = 2), recorded_at),
    reason = 'in the database before target history was kept (sql/000006)';

ALTER TABLE improvement_target DROP CONSTRAINT improvement_target_pkey;
ALTER TABLE improvement_target ADD PRIMARY KEY (version_id);
ALTER TABLE improvement_target ADD CONSTRAINT improvement_target_interval CHECK (valid_to IS NULL OR valid_to >= valid_from);
CREATE UNIQUE INDEX improvement_target_live ON improvement_target (target_id, valid_from)
  WHERE valid_to IS NULL OR valid_to > valid_from;

-- TRAININGS (`servq trainings import FILE`; src/db/training-queries.ts): which agent finished which course on
-- which day, for the training-effectiveness analysis (agents' results before and after, against agents not
-- trained). One row per agent, course and day: that is the key, so importing the same file again, or the same
-- training from another file, adds nothing; the row keeps the lineage of the file that brought it first
-- (file name, its SHA-256, the line, when and by whom). agent_code is the code the contact, survey and
-- complaint records carry (trimmed, as ingest stores it).
CREATE TABLE training (
  agent_code    text NOT NULL CHECK (agent_code <> ''),
  course        text NOT NULL CHECK (course <> ''),
  trained_on    date NOT NULL,  -- the day the course ended
  source_file   text NOT NULL,  -- the imported file's name (without its folder)
  source_sha256 text NOT NULL,
  line_no       integer NOT NULL CHECK (line_no >= 1),
  imported_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  imported_by   text,           -- operating-system user@host and database role
  PRIMARY KEY (agent_code, course, trained_on)
);
