-- Predictions you can trust (issue 13).
-- Where a prediction came from: a live forecast, or the imported offline snapshot (history whose
-- follow-ups were never crawled). Only live forecasts move the priors.
ALTER TABLE impacts ADD COLUMN origin TEXT NOT NULL DEFAULT 'live';
-- Why it resolved (JSON): for a confirmation, which criterion matched which entity, region and
-- type of which signal; for an operator's undo, when, and which signals may not confirm it again.
ALTER TABLE impacts ADD COLUMN resolution TEXT;
-- An expiry without adequate coverage (imported history; no signal about the subject in the
-- window) is void, not false: it says nothing about the forecast. Status stays 'expired' in the
-- table (its CHECK predates void); the API and the record read a non-null void_reason as 'void'.
ALTER TABLE impacts ADD COLUMN void_reason TEXT;
-- Predictions on the snapshot's signals (stories with no source) are imported history.
UPDATE impacts SET origin = 'imported' WHERE signal_id IN (
  SELECT ss.signal_id FROM signal_stories ss JOIN stories s ON s.id = ss.story_id WHERE ss.is_primary = 1 AND s.source_id IS NULL);
-- Their expiries said nothing: void.
UPDATE impacts SET void_reason = 'imported history: its follow-ups were never crawled' WHERE origin = 'imported' AND status = 'expired';
-- Base rates count live, non-void resolutions only.
DROP INDEX impacts_history;
CREATE INDEX impacts_history ON impacts (playbook, impact_id, status, made_at) WHERE origin = 'live' AND void_reason IS NULL;
-- Confirmations from before the evidence rules (no recorded reason) are judged again at every
-- start until none is left: this index keeps that check from reading the whole ledger.
CREATE INDEX impacts_unjudged ON impacts (id) WHERE status = 'confirmed' AND resolution IS NULL;
-- Expiry deletes the triggers past due in one statement per pass.
CREATE INDEX impact_triggers_due ON impact_triggers (due_at);
