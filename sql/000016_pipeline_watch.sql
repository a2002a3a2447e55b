-- When a scheduler began watching each enabled pipeline. Missed runs are counted from the pipeline's latest
-- scheduled run or from here, whichever is later: a first start catches up nothing, and a pipeline that has
-- not yet reached its first tick (a monthly report on a scheduler installed mid-month) is still caught up when
-- the machine was off over it. A scheduler that starts with the pipeline disabled removes its row, so enabling
-- it again counts from then.
CREATE TABLE pipeline_watch (
  pipeline text PRIMARY KEY,
  since    timestamptz NOT NULL DEFAULT clock_timestamp()
);
