-- Batches can be removed (servq batches remove) or replaced by a new load (servq ingest --replace). The batch
-- record stays, marked 'removed' with when and by which batch; every change to a batch is an event in
-- batch_event with who made it, when and why. A removed batch's content no longer blocks loading it again.
ALTER TABLE ingest_batch DROP CONSTRAINT ingest_batch_status_check;
ALTER TABLE ingest_batch ADD CONSTRAINT ingest_batch_status_check CHECK (status IN ('loaded', 'failed', 'removed'));
ALTER TABLE ingest_batch ADD COLUMN removed_at timestamptz;
ALTER TABLE ingest_batch ADD COLUMN replaced_by bigint REFERENCES ingest_batch (batch_id);

CREATE TABLE batch_event (
  event_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id  bigint NOT NULL REFERENCES ingest_batch (batch_id),
  event     text NOT NULL CHECK (event IN ('loaded', 'failed', 'removed', 'replaced', 'rows_promoted')),
  at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor     text NOT NULL, -- operating-system user@host and database role
  reason    text,          -- why, as the user said it (--reason)
  detail    jsonb
);
CREATE INDEX batch_event_batch ON batch_event (batch_id);

-- Removing a batch finds the rows of later batches that were filed as duplicates of its rows.
CREATE INDEX duplicate_row_original ON duplicate_row (original_batch_id, original_line_no);
