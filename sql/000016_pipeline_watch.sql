-- When a scheduler began watching each enabled pipeline. A pipeline that has no scheduled run yet counts its
-- missed runs from here (a pipeline with runs counts from its latest tick, as before): a first start catches up
-- nothing, and a pipeline that had not yet reached its first tick (a monthly report on a scheduler installed
-- mid-month) is still caught up when the machine was off over it. A scheduler that starts with the pipeline
-- disabled removes its row.
CREATE TABLE pipeline_watch (
  pipeline text PRIMARY KEY,
  since    timestamptz NOT NULL DEFAULT clock_timestamp()
);
