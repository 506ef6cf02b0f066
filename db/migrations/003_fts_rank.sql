-- Relevance: the headline weighs most, then the summary, then story text. Setting FTS5's rank
-- lets queries ORDER BY rank without naming bm25's weights each time.
INSERT INTO signals_fts (signals_fts, rank) VALUES ('rank', 'bm25(8.0, 3.0, 1.0)');
