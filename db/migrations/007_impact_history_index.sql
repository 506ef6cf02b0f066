-- The base-rate query (how often a playbook impact came true before a time) reads only this
-- index: no table rows, however long the record grows.
DROP INDEX impacts_playbook;
CREATE INDEX impacts_history ON impacts (playbook, impact_id, status, made_at);

-- Expiry looks up overdue predictions through impact_triggers; a model's claims (no criterion,
-- so no triggers) through this small index.
CREATE INDEX impacts_open_without_criterion ON impacts (made_at) WHERE status = 'open' AND criterion IS NULL;
