-- servq 000009: a reviewer's correction follows its complaint to the complaint's later versions.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 18).
--
-- 000007 keyed a correction to one loaded version of a complaint (batch_id, line_no). Ticketing systems export
-- snapshots (sql/000004: open in Monday's export, resolved in Tuesday's), so the correction a reviewer made on
-- Monday's version was lost on Tuesday, and the classifier stopped learning from it. The problem type and root
-- cause belong to the ticket, not to one snapshot: a correction now applies to every version of the same
-- ticket within its source system (servq_batch_key_scope), the latest correction of any version winning. A
-- complaint without a business-key ticket id (none, or a placeholder) keeps its correction on its own row.
ALTER TABLE complaint_label_review ADD COLUMN ticket_id text;
ALTER TABLE complaint_label_review ADD COLUMN key_scope text;

UPDATE complaint_label_review r SET ticket_id = k.ticket_id, key_scope = sc.scope
FROM complaint k JOIN servq_batch_key_scope sc ON sc.batch_id = k.batch_id
WHERE k.batch_id = r.batch_id AND k.line_no = r.line_no AND servq_is_business_key(k.ticket_id);

CREATE INDEX complaint_label_review_record ON complaint_label_review (ticket_id, key_scope, review_id) WHERE ticket_id IS NOT NULL;

-- Same columns as 000007's view; the reviews are now those of the row or of its ticket.
CREATE OR REPLACE VIEW complaint_label AS
SELECT k.batch_id, k.line_no, k.ticket_id,
       k.category AS category_given, rc.category AS category_reviewed, p.category_predicted, p.category_confidence,
       coalesce(rc.category, k.category, p.category_predicted) AS category,
       CASE WHEN rc.category IS NOT NULL THEN 'reviewed' WHEN k.category IS NOT NULL THEN 'given'
            WHEN p.category_predicted IS NOT NULL THEN 'predicted' END AS category_source,
       k.root_cause AS root_cause_given, rr.root_cause AS root_cause_reviewed, p.root_cause_predicted, p.root_cause_confidence,
       coalesce(rr.root_cause, k.root_cause, p.root_cause_predicted) AS root_cause,
       CASE WHEN rr.root_cause IS NOT NULL THEN 'reviewed' WHEN k.root_cause IS NOT NULL THEN 'given'
            WHEN p.root_cause_predicted IS NOT NULL THEN 'predicted' END AS root_cause_source,
       p.model_version
FROM complaint_current k
LEFT JOIN servq_batch_key_scope ks ON ks.batch_id = k.batch_id
LEFT JOIN complaint_classification p ON p.batch_id = k.batch_id AND p.line_no = k.line_no
LEFT JOIN LATERAL (
  SELECT r.category FROM complaint_label_review r
  WHERE ((r.batch_id = k.batch_id AND r.line_no = k.line_no) OR (r.ticket_id = k.ticket_id AND r.key_scope = ks.scope))
    AND r.category IS NOT NULL
  ORDER BY r.review_id DESC LIMIT 1
) rc ON true
LEFT JOIN LATERAL (
  SELECT r.root_cause FROM complaint_label_review r
  WHERE ((r.batch_id = k.batch_id AND r.line_no = k.line_no) OR (r.ticket_id = k.ticket_id AND r.key_scope = ks.scope))
    AND r.root_cause IS NOT NULL
  ORDER BY r.review_id DESC LIMIT 1
) rr ON true;
