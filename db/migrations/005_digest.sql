-- The email digest: double opt-in, the schedule, and a ledger that makes sending at most once.

-- Values the process generates once and keeps, such as the key that signs email links: stored
-- in the database so it survives restarts and never lives in the code or the environment.
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- The confirmation link signs this nonce; confirming clears it, so the link works only once.
ALTER TABLE subscriptions ADD COLUMN confirm_nonce TEXT;
-- A pending subscription is forgotten after this (7 days after the last request).
ALTER TABLE subscriptions ADD COLUMN confirm_expires_at TEXT;
-- End of the last period claimed for a digest: the next period starts here, so periods never
-- overlap or leave a gap. Null: no digest yet (the first covers the period before it is sent).
ALTER TABLE subscriptions ADD COLUMN last_period_end TEXT;
-- When the next digest is due (UTC), from send_hour in the subscriber's time zone.
ALTER TABLE subscriptions ADD COLUMN next_due_at TEXT;
CREATE INDEX subscriptions_due ON subscriptions (status, next_due_at);

-- One row per subscriber and period, written before the message is handed to SMTP. A row that
-- exists is never sent again, except 'failed' (the server said "try later"), which a later run
-- retries; a row left in 'sending' by a crash is not resent, as it may have gone out.
CREATE TABLE digest_ledger (
  subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  period_start    TEXT NOT NULL,
  period_end      TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'empty', 'failed', 'bounced')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  signal_count    INTEGER NOT NULL DEFAULT 0,
  message_id      TEXT,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (subscription_id, period_end)
);
CREATE INDEX digest_ledger_status ON digest_ledger (status, updated_at);
