-- Run history of the declared pipelines (pipelines/, src/pipeline/): one row per run, one per step.
-- A scheduled run is identified by its pipeline and the tick it was scheduled for: the unique index lets
-- two schedulers (or a scheduler restarted after a crash) start each tick once. Manual runs have no tick.
CREATE TABLE pipeline_run (
  run_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pipeline      text NOT NULL,
  trigger       text NOT NULL CHECK (trigger IN ('schedule', 'catch-up', 'manual')),
  scheduled_for timestamptz,            -- the cron tick (schedule, catch-up); null for manual runs
  missed_ticks  integer NOT NULL DEFAULT 0, -- catch-up: ticks missed while no scheduler ran (this run covers them)
  params        jsonb NOT NULL,         -- resolved parameters, e.g. {"period": "2026-Q3"}
  status        text NOT NULL CHECK (status IN ('running', 'succeeded', 'warning', 'failed', 'interrupted', 'abandoned')),
  started_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at   timestamptz,
  error         text,                   -- the failing step's error, with its cause
  host          text NOT NULL,
  pid           integer NOT NULL,
  servq_version text NOT NULL,
  CHECK ((trigger = 'manual') = (scheduled_for IS NULL))
);
-- A run that was killed ('abandoned') or stopped by a signal ('interrupted') does not hold its tick: the
-- scheduler's catch-up runs that tick again once.
CREATE UNIQUE INDEX pipeline_run_tick ON pipeline_run (pipeline, scheduled_for)
  WHERE scheduled_for IS NOT NULL AND status NOT IN ('abandoned', 'interrupted');
CREATE INDEX pipeline_run_started ON pipeline_run (pipeline, started_at DESC);

CREATE TABLE pipeline_step (
  run_id      bigint NOT NULL REFERENCES pipeline_run (run_id) ON DELETE CASCADE,
  step_no     integer NOT NULL,
  name        text NOT NULL,
  status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'warning', 'failed', 'interrupted', 'abandoned')),
  started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz,
  attempts    integer NOT NULL DEFAULT 1,  -- > 1 when transient database errors were retried
  counts      jsonb NOT NULL DEFAULT '{}', -- what the step did: files, rows, analyses, report files …
  detail      text,                        -- one line for people: what was loaded, written, left
  error       text,
  PRIMARY KEY (run_id, step_no)
);
