-- The entity filter (?entity=, entity: in a search, the entity pages) finds an entity by slug or by
-- its name in any case; without this index the name half scanned the whole entities table, which
-- grows with every organisation the recognizer finds.
CREATE INDEX entities_name_nocase ON entities (name COLLATE NOCASE);
