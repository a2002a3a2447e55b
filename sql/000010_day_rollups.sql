-- servq 000010: daily rollups of the current contacts and survey answers, maintained per batch
-- (src/db/rollups.ts). Runs on PostgreSQL 15 and PGlite (PostgreSQL 18).
--
-- The analyses' statements read millions of fact rows at ~1–3 µs a row each (README, "Analyze at scale"),
-- while their answers are per day, channel and a few other dimensions. These tables hold, per time zone and
-- local day, the additive parts of every aggregate (counts, sums, sums of squares), so a query whose
-- dimensions and filters they carry reads thousands of rows instead of millions, with the same result:
--   contacts by (day, channel, priority, team): 8,220 groups per 2M calls without team, 71,770 with it,
--   559,387 with the agent too (a table of its own, for the analyses per agent);
--   survey answers by (day, channel, method, item): ~50k groups per 6M answers.
-- Anything else (agent, region, queue, quantiles, another repeat-contact window) still reads the rows.
--
-- Writers never update these tables directly: they note the span of time they changed in rollup_pending
-- (ingest, batch removal, record versions, the policy trigger below), and refreshRollups recomputes the local
-- days those spans cover for every zone in rollup_zone. A reader uses a rollup only when its zone is built and
-- nothing is pending for its source, so a stale rollup is never read.

CREATE TABLE rollup_zone (
  zone      text PRIMARY KEY,
  -- Null until the first full build.
  built_at  timestamptz
);

CREATE TABLE rollup_pending (
  pending_id  bigserial PRIMARY KEY,
  source      text NOT NULL CHECK (source IN ('contacts', 'surveys')),
  -- Instants, inclusive; ±infinity for "everything" (a policy change).
  from_at     timestamptz NOT NULL,
  to_at       timestamptz NOT NULL,
  noted_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per zone, local day, channel, priority and team of contact_current. SL counts against the policies
-- in effect that day (the trigger below makes a policy change recompute everything); FCR with the default
-- repeat-contact window of 7 days (a request with another window reads the rows).
CREATE TABLE contact_day_rollup (
  zone                 text NOT NULL,
  day                  date NOT NULL,
  channel              text,
  priority             text,
  team                 text,
  offered              bigint NOT NULL,
  with_outcome         bigint NOT NULL,
  answered             bigint NOT NULL,
  abandoned            bigint NOT NULL,
  sl_threshold         double precision,
  sl_answered_known    bigint NOT NULL,
  sl_answered_within   bigint NOT NULL,
  sl_abandoned_known   bigint NOT NULL,
  sl_abandoned_within  bigint NOT NULL,
  pl_threshold         double precision,
  pl_answered_known    bigint NOT NULL,
  pl_answered_within   bigint NOT NULL,
  pl_abandoned_known   bigint NOT NULL,
  pl_abandoned_within  bigint NOT NULL,
  wait_n               bigint NOT NULL,
  wait_sum             double precision,
  wait_sumsq           double precision,
  handle_n             bigint NOT NULL,
  handle_sum           double precision,
  handle_sumsq         double precision,
  talk_sum             double precision,
  hold_sum             double precision,
  after_work_sum       double precision,
  fcr_n                bigint NOT NULL,
  fcr_yes              bigint NOT NULL,
  fcr_unkeyed          bigint NOT NULL,
  transferred_n        bigint NOT NULL,
  transferred_yes      bigint NOT NULL
);
CREATE INDEX contact_day_rollup_zone_day ON contact_day_rollup (zone, day);

-- The same per agent as well (the staff scorecards and training effectiveness group by agent): ~8× the rows of
-- contact_day_rollup, which is summed from it.
CREATE TABLE contact_agent_day_rollup (LIKE contact_day_rollup);
ALTER TABLE contact_agent_day_rollup ADD COLUMN agent_code text;
CREATE INDEX contact_agent_day_rollup_zone_day ON contact_agent_day_rollup (zone, day);

-- One row per zone, local day, channel, method and item of the current survey answers.
CREATE TABLE survey_day_rollup (
  zone              text NOT NULL,
  day               date NOT NULL,
  channel           text,
  method            text,
  item              text NOT NULL,
  n                 bigint NOT NULL,
  canonical_sum     double precision NOT NULL,
  canonical_sumsq   double precision NOT NULL,
  top2              bigint NOT NULL,
  dist1             bigint NOT NULL,
  dist2             bigint NOT NULL,
  dist3             bigint NOT NULL,
  dist4             bigint NOT NULL,
  dist5             bigint NOT NULL,
  raw_sum           double precision NOT NULL,
  nps_n             bigint NOT NULL,
  promoters         bigint NOT NULL,
  detractors        bigint NOT NULL,
  ces_n             bigint NOT NULL,
  ces_easy          bigint NOT NULL,
  ces_raw_sum       double precision,
  ces_raw_sumsq     double precision,
  effort_n          bigint NOT NULL,
  effort_low        bigint NOT NULL,
  effort_raw_sum    double precision,
  effort_raw_sumsq  double precision
);
CREATE INDEX survey_day_rollup_zone_day ON survey_day_rollup (zone, day);

-- The overall item only, per team, region and agent as well (the staff scorecards and training effectiveness
-- read nothing else per agent): ~550k groups per 1M overall answers, but no join of 6M answers per query.
CREATE TABLE survey_agent_day_rollup (LIKE survey_day_rollup);
ALTER TABLE survey_agent_day_rollup ADD COLUMN team text, ADD COLUMN region text, ADD COLUMN agent_code text;
CREATE INDEX survey_agent_day_rollup_zone_day ON survey_agent_day_rollup (zone, day);

-- Current survey responses per zone, local day, channel and method (whatever items they answer).
CREATE TABLE survey_response_day_rollup (
  zone       text NOT NULL,
  day        date NOT NULL,
  channel    text,
  method     text,
  responses  bigint NOT NULL
);
CREATE INDEX survey_response_day_rollup_zone_day ON survey_response_day_rollup (zone, day);

-- A service-level policy edited by hand (SQL) changes the SL counts of every day it covers.
CREATE FUNCTION servq_policy_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_pending (source, from_at, to_at) VALUES ('contacts', '-infinity', 'infinity');
  RETURN NULL;
END $$;
CREATE TRIGGER service_level_policy_rollups AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_level_policy
  FOR EACH STATEMENT EXECUTE FUNCTION servq_policy_changed();
