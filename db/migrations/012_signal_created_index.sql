-- A digest period holds the signals new to the reader in it: published in the period, or
-- published earlier but first crawled in it (a late story). The second half looks signals up by
-- when the ledger created them.
CREATE INDEX signals_created ON signals (created_at);
