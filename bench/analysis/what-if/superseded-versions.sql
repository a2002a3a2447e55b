-- What-if for the analysis-at-scale benchmark, run on its scratch databases only:
--   npm run bench:analysis -- --only analyze --analyze-setup-sql bench/analysis/what-if/superseded-versions.sql
-- The *_current views read a materialized list of superseded versions instead of anti-joining every version of
-- every business key (servq_is_business_key on each row, a hash of the whole table, spilled at work_mem 4MB) on
-- each query. Ingest would maintain the list when it loads a batch (older versions of the batch's keys, found
-- through 000005's indexes) and when it removes one (those keys recomputed). Same columns as 000004's views, so
-- CREATE OR REPLACE keeps survey_answer_current. Repeatable (the benchmark runs it after every growth step).
-- Measured (README, "Analyze at scale"): the 15 analyses' total on the server at 2M calls 288 s → 172 s.
CREATE TABLE IF NOT EXISTS bench_superseded (source text NOT NULL, batch_id bigint NOT NULL, line_no bigint NOT NULL);
TRUNCATE bench_superseded;
INSERT INTO bench_superseded
SELECT 'contact', r.batch_id, r.line_no FROM contact r JOIN servq_batch_key_scope rs ON rs.batch_id = r.batch_id
WHERE servq_is_business_key(r.contact_id) AND EXISTS (
  SELECT 1 FROM contact n JOIN servq_batch_key_scope ns ON ns.batch_id = n.batch_id
  WHERE n.contact_id = r.contact_id AND ns.scope = rs.scope
    AND (n.updated_at IS NOT NULL, coalesce(n.updated_at, '-infinity'), n.batch_id, n.line_no)
      > (r.updated_at IS NOT NULL, coalesce(r.updated_at, '-infinity'), r.batch_id, r.line_no))
UNION ALL
SELECT 'survey_response', r.batch_id, r.line_no FROM survey_response r JOIN servq_batch_key_scope rs ON rs.batch_id = r.batch_id
WHERE servq_is_business_key(r.response_id) AND EXISTS (
  SELECT 1 FROM survey_response n JOIN servq_batch_key_scope ns ON ns.batch_id = n.batch_id
  WHERE n.response_id = r.response_id AND ns.scope = rs.scope
    AND (n.updated_at IS NOT NULL, coalesce(n.updated_at, '-infinity'), n.batch_id, n.line_no)
      > (r.updated_at IS NOT NULL, coalesce(r.updated_at, '-infinity'), r.batch_id, r.line_no))
UNION ALL
SELECT 'complaint', r.batch_id, r.line_no FROM complaint r JOIN servq_batch_key_scope rs ON rs.batch_id = r.batch_id
WHERE servq_is_business_key(r.ticket_id) AND EXISTS (
  SELECT 1 FROM complaint n JOIN servq_batch_key_scope ns ON ns.batch_id = n.batch_id
  WHERE n.ticket_id = r.ticket_id AND ns.scope = rs.scope
    AND (n.updated_at IS NOT NULL, coalesce(n.updated_at, '-infinity'), n.batch_id, n.line_no)
      > (r.updated_at IS NOT NULL, coalesce(r.updated_at, '-infinity'), r.batch_id, r.line_no));
ANALYZE bench_superseded;
CREATE OR REPLACE VIEW contact_current AS
SELECT r.* FROM contact r WHERE NOT EXISTS (SELECT 1 FROM bench_superseded s WHERE s.source = 'contact' AND s.batch_id = r.batch_id AND s.line_no = r.line_no);
CREATE OR REPLACE VIEW survey_response_current AS
SELECT r.* FROM survey_response r WHERE NOT EXISTS (SELECT 1 FROM bench_superseded s WHERE s.source = 'survey_response' AND s.batch_id = r.batch_id AND s.line_no = r.line_no);
CREATE OR REPLACE VIEW complaint_current AS
SELECT r.* FROM complaint r WHERE NOT EXISTS (SELECT 1 FROM bench_superseded s WHERE s.source = 'complaint' AND s.batch_id = r.batch_id AND s.line_no = r.line_no);
