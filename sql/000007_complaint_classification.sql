-- servq 000007: complaint text classification (servq classify; src/classify/, src/db/classification-queries.ts).
-- Runs on PostgreSQL 15 and PGlite (PostgreSQL 18).
--
-- Nothing here changes a loaded complaint: the export's own label stays in complaint.category / root_cause (and
-- the text it came as in *_raw). Predictions, the models that made them and reviewers' corrections live in side
-- tables keyed by the complaint's (batch_id, line_no), the key every fact row has. No foreign key to complaint
-- (it has no unique key by design, sql/000001); `servq classify complaints` removes predictions whose complaint
-- is gone (a removed batch). A correction refers to one loaded version of a complaint: a later export of the
-- same ticket is a new row and needs its own.

-- One row per training run (`servq classify complaints --train`): both targets' models, their cross-validated
-- evaluation and what they were learned from. A model is never changed; a new training is a new version.
CREATE TABLE classifier_model (
  model_version    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  trained_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  trained_by       text NOT NULL,  -- operating-system user@host
  command          text NOT NULL,  -- the command line that trained it
  method           text NOT NULL CHECK (method IN ('naive_bayes', 'logistic')),
  label_rule       text NOT NULL,  -- which labels were trusted, in words
  training_rows    integer NOT NULL CHECK (training_rows >= 0),
  taxonomy_version text NOT NULL,  -- catalog/taxonomy.json "version" of the rules it was compared with
  tokenizer_digest text NOT NULL,  -- SHA-256 prefix of the dictionary and stop-word files that read the text
  metrics          jsonb NOT NULL, -- per target: k-fold reports of the classifier, the majority class and the rules
  model            jsonb NOT NULL, -- per target: the classifier (src/analysis/classify/text-classifier.ts), or null
  servq_version    text NOT NULL
);

-- The latest prediction per complaint (replaced when complaints are classified again).
CREATE TABLE complaint_classification (
  batch_id              bigint NOT NULL,
  line_no               bigint NOT NULL,
  model_version         bigint NOT NULL REFERENCES classifier_model (model_version),
  category_predicted    text CHECK (category_predicted IN ('service', 'product', 'technical', 'other')),
  category_confidence   double precision CHECK (category_confidence BETWEEN 0 AND 1),
  root_cause_predicted  text CHECK (root_cause_predicted IN ('process', 'staff_attitude', 'product_quality', 'technical_support', 'other')),
  root_cause_confidence double precision CHECK (root_cause_confidence BETWEEN 0 AND 1),
  category_rule         text CHECK (category_rule IN ('service', 'product', 'technical', 'other')),  -- what the keyword rules say
  root_cause_rule       text CHECK (root_cause_rule IN ('process', 'staff_attitude', 'product_quality', 'technical_support', 'other')),
  terms                 integer NOT NULL CHECK (terms >= 0),  -- terms read from the description; 0: no prediction
  classified_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (batch_id, line_no)
);
CREATE INDEX complaint_classification_model ON complaint_classification (model_version);

-- Reviewers' corrections, never updated or deleted: the latest per complaint and target counts. Used as the
-- trusted label at the next training (before the export's own label).
CREATE TABLE complaint_label_review (
  review_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id             bigint NOT NULL,
  line_no              bigint NOT NULL,
  category             text CHECK (category IN ('service', 'product', 'technical', 'other')),
  root_cause           text CHECK (root_cause IN ('process', 'staff_attitude', 'product_quality', 'technical_support', 'other')),
  reviewed_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  reviewed_by          text NOT NULL,  -- operating-system user@host
  command              text NOT NULL,  -- the command (and file, for an import) that recorded it
  reason               text,
  model_version        bigint REFERENCES classifier_model (model_version),  -- the prediction under review, if any
  category_predicted   text,
  root_cause_predicted text,
  CONSTRAINT complaint_label_review_says_something CHECK (category IS NOT NULL OR root_cause IS NOT NULL)
);
CREATE INDEX complaint_label_review_complaint ON complaint_label_review (batch_id, line_no, review_id);

-- Every current complaint's labels side by side: the export's (given), the latest review, the prediction, and
-- the one to use: reviewed, else given, else predicted (`*_source` says which).
CREATE VIEW complaint_label AS
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
LEFT JOIN complaint_classification p ON p.batch_id = k.batch_id AND p.line_no = k.line_no
LEFT JOIN LATERAL (
  SELECT r.category FROM complaint_label_review r
  WHERE r.batch_id = k.batch_id AND r.line_no = k.line_no AND r.category IS NOT NULL
  ORDER BY r.review_id DESC LIMIT 1
) rc ON true
LEFT JOIN LATERAL (
  SELECT r.root_cause FROM complaint_label_review r
  WHERE r.batch_id = k.batch_id AND r.line_no = k.line_no AND r.root_cause IS NOT NULL
  ORDER BY r.review_id DESC LIMIT 1
) rr ON true;
