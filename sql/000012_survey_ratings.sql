-- servq 000012: each survey response carries its canonical answers by item, beside its row.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 17).
--
-- survey_answer stays the record of every answer (raw text, raw value, scale, canonical) and what the item
-- aggregates and rollups read. The row-level models read one response with all its answers: key drivers and
-- the decision tree (a seeded sample of the period's responses with an `overall` answer), and the satisfaction
-- of rated contacts (correlation). Before this column each of them joined the period's 1.3M answers (6M in all
-- at the benchmark's 1M responses) back to their responses: 2.3–3 s of ~16 s for the whole quarterly set
-- (README "Analyze at scale"). `ratings` is {item: canonical 1–5}, written by the loader in the same COPY as
-- the row (src/ingest/row-writer.ts), so it cannot disagree with survey_answer; test/ingest checks they match.
ALTER TABLE survey_response ADD COLUMN ratings jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Responses loaded before: filled from their answers one batch at a time, each batch's rows moved out and back
-- in line order (an UPDATE would scatter the new row versions in join order, and the BRIN index on answered_at
-- would then match most of the table for any period). No trigger or foreign key sees survey_response rows.
DO $$
DECLARE b bigint;
BEGIN
  FOR b IN SELECT DISTINCT batch_id FROM survey_response ORDER BY batch_id LOOP
    WITH moved AS (DELETE FROM survey_response WHERE batch_id = b RETURNING *)
    INSERT INTO survey_response (batch_id, line_no, response_id, answered_at, method, method_raw, channel, channel_raw,
      contact_id, complaint_id, comment, agent_code, agent_name, team, region, customer_key, customer_key_source,
      row_key, flags, updated_at, superseded, ratings)
    SELECT m.batch_id, m.line_no, m.response_id, m.answered_at, m.method, m.method_raw, m.channel, m.channel_raw,
      m.contact_id, m.complaint_id, m.comment, m.agent_code, m.agent_name, m.team, m.region, m.customer_key,
      m.customer_key_source, m.row_key, m.flags, m.updated_at, m.superseded, coalesce(a.ratings, '{}'::jsonb)
    FROM moved m
    LEFT JOIN (SELECT line_no, jsonb_object_agg(item, canonical) AS ratings
               FROM survey_answer WHERE batch_id = b GROUP BY line_no) a ON a.line_no = m.line_no
    ORDER BY m.line_no;
  END LOOP;
END $$;

-- The view lists its columns when created: again, to show the new one.
CREATE OR REPLACE VIEW survey_response_current AS SELECT r.* FROM survey_response r WHERE NOT r.superseded;
