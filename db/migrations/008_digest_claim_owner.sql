-- Digest sending becomes exactly-once per subscriber and period. Until now a period left in
-- 'sending' by a run that died (SIGKILL, crash, power cut) was never resent, so its subscriber
-- got nothing for that period. Each claim now names the run that holds it; a later run resends
-- the period when that run is gone: its process no longer exists on this host (or its pid now
-- belongs to another process), or, for a claim from another host, the claim is older than a
-- lease. The resend carries the same Message-ID, so a message the relay had accepted just
-- before the kill shows once wherever Message-IDs are de-duplicated (src/digest/send-run.ts).
ALTER TABLE digest_ledger ADD COLUMN claim_host TEXT;        -- os.hostname() of the claiming process
ALTER TABLE digest_ledger ADD COLUMN claim_pid INTEGER;      -- its pid
ALTER TABLE digest_ledger ADD COLUMN claim_run TEXT;         -- a random id per run (one process may run many)
ALTER TABLE digest_ledger ADD COLUMN claim_proc_start TEXT;  -- the process's start time as the kernel tells it (pid reuse), if known
-- How many times a run holding this period died before hearing back from SMTP. Above zero, the
-- subscriber may have got the same message (same Message-ID) twice at the relay.
ALTER TABLE digest_ledger ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
