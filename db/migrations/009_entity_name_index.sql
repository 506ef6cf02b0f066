-- The entity filter (?entity=, entity: in a search, the entity pages) finds an entity by slug or by
-- its name in any case; without this index the name half scanned the whole entities table, which
-- grows with every organisation the recognizer finds.
CREATE INDEX entities_name_nocase ON entities (name COLLATE NOCASE);
-- An entity's signals straight from the index, without a lookup of each signal_entities row; it
-- serves every query the index on entity_id alone did.
CREATE INDEX signal_entities_entity_signal ON signal_entities (entity_id, signal_id);
DROP INDEX signal_entities_entity;
