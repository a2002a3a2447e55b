-- servq 000011: the contacts' waits and handle times per day, sorted, for exact medians and P90s from a rollup.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 17).
--
-- The median and P90 of the wait and of the handle time are the one contact aggregate sums cannot give: before
-- this table every `kpis` and `sla` read the rows of three quarters for them (1.8–1.9 s of ~2 s at 2M calls,
-- README "Analyze at scale"). Here each (zone, local day, channel, priority, team) keeps its durations as a
-- sorted array: a quantile over any range of days and any of those dimensions is percentile_cont over the
-- union of the arrays, the same multiset the row query sorts, so the same number (test/db/day-rollups.test.ts).
-- Maintained with the other contact rollups by src/db/rollups.ts (the same pending spans and refresh).
CREATE TABLE contact_duration_day_rollup (
  zone      text NOT NULL,
  day       date NOT NULL,
  channel   text,
  priority  text,
  team      text,
  -- Answered contacts' waits (a known wait only), ascending.
  waits     double precision[] NOT NULL,
  -- Handle times (talk + hold + after-call work) of contacts not abandoned, ascending.
  handles   double precision[] NOT NULL
);
CREATE INDEX contact_duration_day_rollup_zone_day ON contact_duration_day_rollup (zone, day);

-- Built zones hold contact rollups without this table's rows: every contact day is pending until the next
-- refresh (`servq rollups --refresh`, or the next `servq analyze`), and until then the analyses read the rows.
INSERT INTO rollup_pending (source, from_at, to_at)
SELECT 'contacts', '-infinity', 'infinity' WHERE EXISTS (SELECT 1 FROM rollup_zone WHERE built_at IS NOT NULL);
