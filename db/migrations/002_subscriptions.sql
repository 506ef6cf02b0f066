-- Email digest subscriptions. Emails are stored only for sending digests and are never shown
-- by a public route.
CREATE TABLE subscriptions (
  id              INTEGER PRIMARY KEY,
  email           TEXT NOT NULL COLLATE NOCASE UNIQUE,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
  cadence         TEXT NOT NULL DEFAULT 'daily' CHECK (cadence IN ('daily', 'weekly')),
  filters         TEXT NOT NULL DEFAULT '{}',   -- JSON {q?, entities?, types?, regions?}
  send_hour       INTEGER NOT NULL DEFAULT 7 CHECK (send_hour BETWEEN 0 AND 23),
  timezone        TEXT NOT NULL DEFAULT 'UTC',  -- IANA zone name
  created_at      TEXT NOT NULL,
  confirmed_at    TEXT,
  unsubscribed_at TEXT,
  bounce_count    INTEGER NOT NULL DEFAULT 0
);

-- Which entity names have been seen most: the entities list sorts by it without a scan.
CREATE INDEX signal_entities_role ON signal_entities (entity_id, role);
CREATE INDEX stories_published ON stories (source_id, published_at DESC);
