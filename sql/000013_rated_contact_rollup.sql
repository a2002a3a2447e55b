-- servq 000013: the overall satisfaction of rated contacts per contact day, for `analyze correlation`.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 17).
--
-- correlation joins a quarter's contacts with every current survey response that names one (2M calls and 1M
-- responses at the benchmark's size: a parallel hash join of 1.1–1.5 s, the slowest statement of the analysis).
-- Its answer is additive per contact day and the contact's channel, priority and team, so this table keeps
-- the counts and sums of the overall answers (the response's `ratings ->> 'overall'`, sql/000012) per
-- (zone, the contact's local day, the response's local day, channel, priority, team).
--
-- The pair of days is what keeps it right when either side changes (src/db/rollups.ts): a contact span
-- recomputes the rows of its contact days (with every response rating those contacts), a survey span the rows
-- of its response days (with the contacts those responses rate). A reader sums over the response days.
CREATE TABLE rated_contact_day_rollup (
  zone           text NOT NULL,
  -- The rated contact's local day (started_at).
  day            date NOT NULL,
  -- The response's local day (answered_at).
  answered_day   date NOT NULL,
  channel        text,
  priority       text,
  team           text,
  n              bigint NOT NULL,
  top2           bigint NOT NULL,
  overall_sum    double precision NOT NULL,
  overall_sumsq  double precision NOT NULL
);
CREATE INDEX rated_contact_day_rollup_zone_day ON rated_contact_day_rollup (zone, day);
CREATE INDEX rated_contact_day_rollup_zone_answered_day ON rated_contact_day_rollup (zone, answered_day);

-- Built zones lack this table's rows: every contact day is pending until the next refresh (`servq rollups
-- --refresh`, or the next `servq analyze`), and until then the analyses read the rows.
INSERT INTO rollup_pending (source, from_at, to_at)
SELECT 'contacts', '-infinity', 'infinity' WHERE EXISTS (SELECT 1 FROM rollup_zone WHERE built_at IS NOT NULL);
