-- servq 000005: the indexes the analyses' joins need, and agent periods that survive a move A → B → A.
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 18).
--
-- JOIN INDEXES. Every index on a fact table is paid by every load, row by row, inside the COPY: that is why
-- the foundation (000001) gave the fact tables no b-tree. Each index below states its cost, measured by
-- bench/index-costs.ts on this project's machine kind (2 cores; PostgreSQL 15.20; PGlite 0.5.16 at 200k rows):
-- binary COPY of 1,000,000 realistic rows into the table with its BRIN index plus this index alone, median of
-- 5 runs interleaved with the other candidates. "ratio" = the load's speed with the index ÷ without (0.50:
-- twice as long); "+s CPU" = the server backend's extra CPU per 1M rows (less disturbed than wall time by
-- other work on the machine). Read them ±30 %.
--
-- How each was chosen:
--   * Identifier joins that time cannot bound (a survey or complaint names the contact or ticket it is
--     about, however long after) get a b-tree on the side that is looked up. A whole-period join is a hash
--     join of two scans whatever the indexes; the index serves the selective ones, e.g. one day's surveys and
--     their contacts: 139 ms with no index, 50 ms with, at 1M contacts (and without it the time grows with
--     the history). Partial (WHERE key IS NOT NULL): an equality join never looks for NULL, PostgreSQL proves
--     that from the join clause, and rows without the key cost nothing.
--   * B-tree rather than hash: on keys that arrive in increasing order a b-tree writes only its right-hand
--     leaf, the cheapest index there is, while a hash index costs the same whatever the order. COPY alone,
--     contact_id: b-tree +0.6 s CPU per 1M with increasing ids, +3.7 s with random UUID text (as Amazon
--     Connect and Genesys Cloud export contact ids); hash +1.6 / +1.5 s. End to end (`servq ingest calls`
--     of the benchmark's 1M-row call log, contact index alone; noisy, ±20 % between runs): b-tree ratio
--     0.79 with increasing call ids, 0.61 with UUIDs; hash 0.76 and 0.75. The whole-process benchmark
--     (bench/ingest-bench.ts) went from 0.33–0.35× to 0.29–0.30× of raw COPY with this migration. If
--     exports with UUID ids come to dominate, a hash index is the cheaper kind for contact_id.
--   * No index for joins bounded in time: the BRIN index on each time column narrows both sides. The
--     analyses' customer join (complaints and the same customer's contacts in the 7 days before) is one: one
--     week of complaints took 106 ms at 1M contacts with BRIN alone when the SQL bounds the contacts' time too
--     (182 ms without that bound: a scan of every contact). A hash index on contact.customer_key made it
--     12 ms but costs ratio 0.43 (+1.7 s CPU per 1M contacts; a b-tree on (customer_key, started_at):
--     ratio 0.29, +3.3 s), too dear for a time-bounded join. So analyses that join "within N days" bound
--     both tables' time columns in SQL.
--     Agent + time likewise: one agent's week of contacts took 21 ms through BRIN, against ratio 0.50
--     (+1.8 s CPU) for a partial b-tree on (agent_code, started_at); agent_assignment reads every row anyway.
--   * Surveys are ~a tenth and complaints ~a fiftieth of the contacts (as in the benchmark's data): per 1M
--     contacts loaded, their indexes cost about a tenth and a fiftieth of the figures quoted per 1M of their rows.
-- Through 000004's *_current views a join does not reach these indexes yet: the business-key branch's
-- anti-join sits under UNION ALL, so a join condition is not pushed into it and every contact is read (one
-- day's surveys ⋈ contact_current at 1M contacts: 1486 ms without the index, 1474 ms with). Written as one
-- branch, with the business-key test inside the NOT EXISTS, the same join used contact_contact_id twice and
-- took 35–42 ms instead of ~2 s (measured with psql: 1M contacts, 100k surveys, this index).

-- Surveys and complaints → the contact they are about (and survey_answered_before_contact).
-- COPY of 1M contacts: ratio 0.80, +0.8 s CPU, 30.1 MB (PGlite: ratio 0.80).
CREATE INDEX contact_contact_id ON contact (contact_id) WHERE contact_id IS NOT NULL;

-- A contact → its surveys. COPY of 1M surveys: ratio 0.51, +1.2 s CPU (PGlite: ratio 0.52).
CREATE INDEX survey_response_contact_id ON survey_response (contact_id) WHERE contact_id IS NOT NULL;

-- A complaint → the surveys that rate its handling (few surveys do: most rows are not in the index).
-- COPY of 1M surveys: ratio 0.77, +0.3 s CPU, 2.1 MB (PGlite: ratio 0.86).
CREATE INDEX survey_response_complaint_id ON survey_response (complaint_id) WHERE complaint_id IS NOT NULL;

-- A survey → the complaint it rates; a ticket's versions (000004).
-- COPY of 1M complaints: ratio 0.61, +0.7 s CPU (PGlite: ratio 0.71).
CREATE INDEX complaint_ticket_id ON complaint (ticket_id) WHERE ticket_id IS NOT NULL;

-- A contact → the complaints it led to. COPY of 1M complaints: ratio 0.74, +0.8 s CPU (PGlite: ratio 0.77).
CREATE INDEX complaint_contact_id ON complaint (contact_id) WHERE contact_id IS NOT NULL;

-- AGENT PERIODS. 000001's agent_assignment grouped by (agent, team), so an agent who moved A → B → A had
-- one period for A spanning B's. Here a period is an island of consecutive observations (across the three
-- sources, ordered by time) of one agent in one team; a change of team starts the next period.
--   * Observations that name no team do not end a period (a source without a team column would otherwise
--     cut every period into pieces); an agent never observed in a team keeps one period with team_code ''.
--   * Two teams observed at the same instant are ordered by team code, so the result never depends on the
--     order rows were stored or scanned in; such periods share that instant (valid_to = next valid_from),
--     otherwise each period ends before the next begins.
--   * Same columns, names and types as before, so CREATE OR REPLACE keeps `team` and other dependants.
-- Cost: islands need the observations sorted by agent and time; sorting all 1.1M of the benchmark's took
-- ~2 s on the server, where 000001's grouping took 0.25 s. But an agent whose spans in different teams
-- neither overlap nor touch has exactly one period per team: that span. So spans are computed by grouping,
-- as before, and only the observations of agents whose spans meet are sorted into islands: ~0.2 s when no
-- agent moved back, 0.9 s with 20 of 200 agents moving A → B → A (bench/index-costs.ts, Q10).
CREATE OR REPLACE VIEW agent_assignment AS
WITH span AS (
  -- Grouped per table first: each table's statistics then estimate the groups as few, and PostgreSQL
  -- hashes them (grouping the three tables' union at once, it sorted all 1.1M rows: 1.8 s).
  SELECT agent_code, team_code, max(agent_name) AS agent_name, min(valid_from) AS valid_from, max(valid_to) AS valid_to
  FROM (
    SELECT agent_code, coalesce(team, '') AS team_code, max(agent_name) AS agent_name, min(started_at) AS valid_from, max(started_at) AS valid_to
    FROM contact WHERE agent_code IS NOT NULL GROUP BY 1, 2
    UNION ALL
    SELECT agent_code, coalesce(team, ''), max(agent_name), min(answered_at), max(answered_at)
    FROM survey_response WHERE agent_code IS NOT NULL GROUP BY 1, 2
    UNION ALL
    SELECT agent_code, coalesce(team, ''), max(agent_name), min(received_at), max(received_at)
    FROM complaint WHERE agent_code IS NOT NULL GROUP BY 1, 2
  ) per_table
  GROUP BY agent_code, team_code
),
kept AS (
  SELECT * FROM span s
  WHERE team_code <> '' OR NOT EXISTS (SELECT FROM span t WHERE t.agent_code = s.agent_code AND t.team_code <> '')
),
interleaved AS (
  SELECT DISTINCT a.agent_code FROM kept a JOIN kept b
    ON b.agent_code = a.agent_code AND b.team_code > a.team_code AND b.valid_from <= a.valid_to AND a.valid_from <= b.valid_to
)
SELECT agent_code, team_code, agent_name, valid_from, valid_to
FROM kept k WHERE NOT EXISTS (SELECT FROM interleaved i WHERE i.agent_code = k.agent_code)
UNION ALL
SELECT agent_code, team_code, max(agent_name), min(seen_at), max(seen_at)
FROM (
  SELECT agent_code, team_code, agent_name, seen_at,
         count(*) FILTER (WHERE starts_period) OVER (PARTITION BY agent_code ORDER BY seen_at, team_code ROWS UNBOUNDED PRECEDING) AS period_no
  FROM (
    SELECT agent_code, team_code, agent_name, seen_at,
           team_code IS DISTINCT FROM lag(team_code) OVER (PARTITION BY agent_code ORDER BY seen_at, team_code) AS starts_period
    FROM (
      SELECT agent_code, coalesce(team, '') AS team_code, agent_name, started_at AS seen_at FROM contact
      UNION ALL
      SELECT agent_code, coalesce(team, ''), agent_name, answered_at FROM survey_response
      UNION ALL
      SELECT agent_code, coalesce(team, ''), agent_name, received_at FROM complaint
    ) seen
    WHERE team_code <> '' AND agent_code IN (SELECT agent_code FROM interleaved)
  ) flagged
) numbered
GROUP BY agent_code, period_no, team_code;
