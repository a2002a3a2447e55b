-- Reference data: rating scales and the default service standards of DOMAIN.md (configurable: add rows with a
-- later valid_from to change a standard; history is kept).

INSERT INTO rating_scale (scale_id, min_value, max_value, rule) VALUES
  ('likert5', 1, 5,   'identity: canonical = raw'),
  ('likert7', 1, 7,   'linear: canonical = 1 + 4 * (raw - 1) / 6'),
  ('nps11',   0, 10,  'linear: canonical = 1 + 4 * raw / 10 (NPS itself is computed from raw)'),
  ('scale10', 1, 10,  'linear: canonical = 1 + 4 * (raw - 1) / 9'),
  ('percent', 0, 100, 'linear: canonical = 1 + 4 * raw / 100'),
  ('binary',  0, 1,   'linear: no = 1, yes = 5'),
  ('verbal5', 1, 5,   'label: very dissatisfied = 1 … very satisfied = 5');

INSERT INTO service_level_policy (policy_id, description, channel, priority, threshold_seconds, target_share, valid_from) VALUES
  ('phone_answer',       'phone answered within 60 s',            'phone', NULL,       60,     NULL, DATE '2000-01-01'),
  ('email_answer',       'email answered within 2 h',             'email', NULL,       7200,   NULL, DATE '2000-01-01'),
  ('chat_answer',        'online chat answered within 30 s',      'chat',  NULL,       30,     NULL, DATE '2000-01-01'),
  ('major_fault_response', 'major fault responded within 15 min', NULL,    'major',    900,    NULL, DATE '2000-01-01'),
  ('ordinary_response',  'ordinary issue responded within 1 h',   NULL,    'ordinary', 3600,   NULL, DATE '2000-01-01'),
  ('feedback_24h',       'feedback handled within 24 h',          NULL,    NULL,       86400,  0.95, DATE '2000-01-01'),
  ('followup_callback',  'follow-up callback within 48 h of resolution', NULL, NULL,   172800, NULL, DATE '2000-01-01'),
  ('first_reply_30min',  'first reply within 30 min (what most customers want)', NULL, NULL, 1800, 0.60, DATE '2000-01-01');

INSERT INTO improvement_target (target_id, description, metric, comparator, target_value, unit, valid_from) VALUES
  ('feedback_handled_24h', 'feedback handled within 24 h',        'share_handled_within_24h', '>=', 0.95, 'share', DATE '2000-01-01'),
  ('satisfaction',         'satisfaction (CSAT, top-two-box)',    'csat',                     '>=', 0.90, 'share', DATE '2000-01-01'),
  ('transparency',         'satisfaction with progress transparency', 'csat_transparency',    '>=', 0.85, 'share', DATE '2000-01-01');
