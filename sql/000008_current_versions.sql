-- servq 000008: record versions resolved once per batch, not on every query (src/db/record-versions.ts).
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 18).
--
-- 000004's *_current views anti-joined every version of every business key on each query (a hash of the
-- whole table's keys, servq_is_business_key on each row): at 2M calls that was 40 % of the analyses' time
-- (README, "Analyze at scale"), although a key's current version only changes when a batch brings or takes
-- away one of its versions. So each fact row now says whether a newer version of its record exists; ingest
-- and batch removal rank the versions of the keys they touch again (same rule as 000004: newer = has an
-- update time where the other has none, else a later update time, else a later batch, else a later line;
-- within one source system, servq_batch_key_scope), and the views are a plain filter. A constant default
-- adds the column without rewriting the tables.
ALTER TABLE contact ADD COLUMN superseded boolean NOT NULL DEFAULT false;
ALTER TABLE survey_response ADD COLUMN superseded boolean NOT NULL DEFAULT false;
ALTER TABLE complaint ADD COLUMN superseded boolean NOT NULL DEFAULT false;

-- The versions already loaded, by 000004's rule (once, here).
UPDATE complaint r SET superseded = true
FROM servq_batch_key_scope rs
WHERE rs.batch_id = r.batch_id AND servq_is_business_key(r.ticket_id) AND EXISTS (
  SELECT 1 FROM complaint n JOIN servq_batch_key_scope ns ON ns.batch_id = n.batch_id
  WHERE n.ticket_id = r.ticket_id AND ns.scope = rs.scope
    AND (n.updated_at IS NOT NULL, coalesce(n.updated_at, '-infinity'), n.batch_id, n.line_no)
      > (r.updated_at IS NOT NULL, coalesce(r.updated_at, '-infinity'), r.batch_id, r.line_no));

UPDATE survey_response r SET superseded = true
FROM servq_batch_key_scope rs
WHERE rs.batch_id = r.batch_id AND servq_is_business_key(r.response_id) AND EXISTS (
  SELECT 1 FROM survey_response n JOIN servq_batch_key_scope ns ON ns.batch_id = n.batch_id
  WHERE n.response_id = r.response_id AND ns.scope = rs.scope
    AND (n.updated_at IS NOT NULL, coalesce(n.updated_at, '-infinity'), n.batch_id, n.line_no)
      > (r.updated_at IS NOT NULL, coalesce(r.updated_at, '-infinity'), r.batch_id, r.line_no));

UPDATE contact r SET superseded = true
FROM servq_batch_key_scope rs
WHERE rs.batch_id = r.batch_id AND servq_is_business_key(r.contact_id) AND EXISTS (
  SELECT 1 FROM contact n JOIN servq_batch_key_scope ns ON ns.batch_id = n.batch_id
  WHERE n.contact_id = r.contact_id AND ns.scope = rs.scope
    AND (n.updated_at IS NOT NULL, coalesce(n.updated_at, '-infinity'), n.batch_id, n.line_no)
      > (r.updated_at IS NOT NULL, coalesce(r.updated_at, '-infinity'), r.batch_id, r.line_no));

-- Same names, same columns (plus `superseded`, always false here): survey_answer_current and every query keep
-- working. The filter is on the fact table itself, so a query's time range still prunes by the BRIN index and
-- the statement distributes unchanged on Citus.
CREATE OR REPLACE VIEW complaint_current AS SELECT r.* FROM complaint r WHERE NOT r.superseded;
CREATE OR REPLACE VIEW survey_response_current AS SELECT r.* FROM survey_response r WHERE NOT r.superseded;
CREATE OR REPLACE VIEW contact_current AS SELECT r.* FROM contact r WHERE NOT r.superseded;
