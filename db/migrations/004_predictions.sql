-- The prediction ledger: which playbook impact a prediction came from, when it was made (the
-- signal's time), and, for model-written analyses, which model wrote what.
ALTER TABLE impacts ADD COLUMN impact_id TEXT;
ALTER TABLE impacts ADD COLUMN made_at TEXT;
ALTER TABLE impacts ADD COLUMN prior REAL;
ALTER TABLE impacts ADD COLUMN model TEXT;              -- null: written by the rule analysis
ALTER TABLE signals ADD COLUMN playbook TEXT;
ALTER TABLE signals ADD COLUMN summary_model TEXT;      -- null: summary taken from the primary story
CREATE INDEX impacts_playbook ON impacts (playbook, impact_id, status);
CREATE INDEX impacts_open_made ON impacts (made_at) WHERE status = 'open';
