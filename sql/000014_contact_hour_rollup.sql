-- servq 000014: contacts per local hour of the day, for `analyze staffing`.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 17).
--
-- staffing needs arrivals and handle time per local day and hour (Erlang C works per interval): from the rows
-- that is a quarter of contacts read and formatted twice each (to_char of the local day and hour), 0.46–0.67 s
-- at the benchmark's 2M calls. This table keeps the counts per (zone, local day, local hour, channel,
-- priority); staffing reads it when it groups and filters by nothing else (src/db/metrics/rollup-reads.ts).
-- The hour is the text the row query groups by (to_char 'HH24' of the local time), so a 25-hour day's
-- repeated hour is one group on both paths.
CREATE TABLE contact_hour_rollup (
  zone        text NOT NULL,
  day         date NOT NULL,
  hour        text NOT NULL,
  channel     text,
  priority    text,
  offered     bigint NOT NULL,
  -- Contacts not abandoned with a talk time, and their talk + hold + after-contact work (seconds).
  handle_n    bigint NOT NULL,
  handle_sum  double precision
);
CREATE INDEX contact_hour_rollup_zone_day ON contact_hour_rollup (zone, day);

-- Built zones lack this table's rows: every contact day is pending until the next refresh (`servq rollups
-- --refresh`, or the next `servq analyze`), and until then the analyses read the rows.
INSERT INTO rollup_pending (source, from_at, to_at)
SELECT 'contacts', '-infinity', 'infinity' WHERE EXISTS (SELECT 1 FROM rollup_zone WHERE built_at IS NOT NULL);
