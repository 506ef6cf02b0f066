-- What each open prediction waits for, indexed, so a new signal looks up only the predictions
-- its event type (and entity or region, where the criterion names one) could confirm, instead
-- of reading every open prediction. One row per event type a criterion accepts.
CREATE TABLE impact_triggers (
  impact_id  INTEGER NOT NULL REFERENCES impacts (id) ON DELETE CASCADE,
  event_type TEXT NOT NULL,
  entity     TEXT,           -- the criterion's entity slug, if any
  region     TEXT,           -- the criterion's region, if any
  made_at    TEXT NOT NULL,
  due_at     TEXT NOT NULL   -- made_at + horizon
);
CREATE INDEX impact_triggers_lookup ON impact_triggers (event_type, due_at);
CREATE INDEX impact_triggers_impact ON impact_triggers (impact_id);

INSERT INTO impact_triggers (impact_id, event_type, entity, region, made_at, due_at)
SELECT i.id, t.value, json_extract(i.criterion, '$.entity'), json_extract(i.criterion, '$.region'), i.made_at,
       strftime('%Y-%m-%dT%H:%M:%fZ', i.made_at, '+' || i.horizon_days || ' days')
FROM impacts i, json_each(i.criterion, '$.event_types') t
WHERE i.status = 'open' AND i.criterion IS NOT NULL AND i.made_at IS NOT NULL;
