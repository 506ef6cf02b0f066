-- The relevance gate: every story is kept, but only a relevant one (tech policy) makes a signal.
-- Stories from before the gate were all turned into signals, so they count as relevant.
ALTER TABLE stories ADD COLUMN relevant INTEGER NOT NULL DEFAULT 1;
ALTER TABLE stories ADD COLUMN relevance REAL;
ALTER TABLE stories ADD COLUMN language TEXT;
-- The all-stories view lists newest first, optionally only the dropped ones.
CREATE INDEX stories_first_seen ON stories (first_seen_at DESC, id DESC);
CREATE INDEX stories_dropped ON stories (source_id, first_seen_at) WHERE relevant = 0;
-- A source that publishes only policy (a regulator's own press feed) skips the gate: 'always'.
ALTER TABLE sources ADD COLUMN relevance TEXT NOT NULL DEFAULT 'auto' CHECK (relevance IN ('auto', 'always'));
