-- Sources and their health. Health columns live with the source: one row tells the whole story.
CREATE TABLE sources (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('rss', 'html')),
  url              TEXT NOT NULL,
  every_ms         INTEGER NOT NULL,
  region           TEXT,
  language         TEXT,
  tier             INTEGER NOT NULL DEFAULT 2,
  tags             TEXT NOT NULL DEFAULT '[]',   -- JSON array
  rules            TEXT,                          -- JSON {list, article} for html sources
  origin           TEXT NOT NULL DEFAULT 'file', -- file | api | opml | snapshot
  enabled          INTEGER NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'error')),
  silent           INTEGER NOT NULL DEFAULT 0,
  error_count      INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT,
  last_fetched_at  TEXT,
  last_success_at  TEXT,
  last_new_story_at TEXT,
  next_fetch_at    TEXT,
  etag             TEXT,
  last_modified    TEXT
);

CREATE TABLE stories (
  id                  INTEGER PRIMARY KEY,
  source_id           TEXT REFERENCES sources (id) ON DELETE SET NULL,
  guid                TEXT,
  url                 TEXT NOT NULL,
  canonical_url       TEXT NOT NULL UNIQUE,
  title               TEXT NOT NULL,
  summary             TEXT NOT NULL DEFAULT '',
  content_html        TEXT NOT NULL DEFAULT '',
  content_text        TEXT NOT NULL DEFAULT '',
  author              TEXT,
  outlet              TEXT NOT NULL,
  published_at        TEXT NOT NULL,
  published_at_source TEXT NOT NULL CHECK (published_at_source IN ('feed', 'page', 'first_seen')),
  first_seen_at       TEXT NOT NULL,
  full_text           INTEGER NOT NULL DEFAULT 0 -- 1 when content_text came from the article page
);
CREATE UNIQUE INDEX stories_source_guid ON stories (source_id, guid) WHERE guid IS NOT NULL;
CREATE INDEX stories_source ON stories (source_id);

CREATE TABLE signals (
  id               INTEGER PRIMARY KEY,
  headline         TEXT NOT NULL,
  summary          TEXT NOT NULL DEFAULT '',
  event_type       TEXT NOT NULL,
  regions          TEXT NOT NULL DEFAULT '[]', -- JSON array
  importance       REAL NOT NULL DEFAULT 0,
  first_seen_at    TEXT NOT NULL,              -- fixed at creation: the keyset for paging
  last_seen_at     TEXT NOT NULL,
  revision_note    TEXT,
  analysis_basis   TEXT,                       -- how event type and regions were decided
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX signals_first_seen ON signals (first_seen_at DESC, id DESC);
CREATE INDEX signals_type ON signals (event_type, first_seen_at DESC);

CREATE TABLE signal_stories (
  story_id   INTEGER PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
  signal_id  INTEGER NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
  is_primary INTEGER NOT NULL DEFAULT 0,
  added_at   TEXT NOT NULL
);
CREATE INDEX signal_stories_signal ON signal_stories (signal_id);

CREATE TABLE entities (
  id         INTEGER PRIMARY KEY,
  slug       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('company', 'product', 'government', 'regulator', 'country', 'person', 'organization', 'group')),
  country    TEXT,
  owner_slug TEXT
);

CREATE TABLE signal_entities (
  signal_id  INTEGER NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
  entity_id  INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('actor', 'target', 'affected', 'mentioned')),
  confidence REAL NOT NULL,
  PRIMARY KEY (signal_id, entity_id)
);
CREATE INDEX signal_entities_entity ON signal_entities (entity_id);

CREATE TABLE impacts (
  id           INTEGER PRIMARY KEY,
  signal_id    INTEGER NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
  statement    TEXT NOT NULL,
  confidence   REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  horizon_days INTEGER NOT NULL,
  basis        TEXT NOT NULL,
  playbook     TEXT,
  criterion    TEXT,                          -- JSON: what a later signal must match
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'expired')),
  resolved_by  INTEGER REFERENCES signals (id) ON DELETE SET NULL,
  resolved_at  TEXT,
  created_at   TEXT NOT NULL
);
CREATE INDEX impacts_signal ON impacts (signal_id);
CREATE INDEX impacts_open ON impacts (status) WHERE status = 'open';

-- Full article pages fetched for summary-only feeds: fetched once, kept, failures remembered.
CREATE TABLE article_cache (
  url        TEXT PRIMARY KEY,
  fetched_at TEXT NOT NULL,
  ok         INTEGER NOT NULL,
  text       TEXT,
  html       TEXT,
  published_at TEXT,
  error      TEXT
);

-- Search over signal headline, summary and the text of its stories; rowid = signals.id.
-- Written by src/store/search-index.ts in the same transaction as the signal it mirrors.
CREATE VIRTUAL TABLE signals_fts USING fts5 (
  headline, summary, body,
  tokenize = 'unicode61 remove_diacritics 2'
);
