// The digest ledger: one row per (subscriber, period), so no run mails anyone twice for a period.
// A 'sending' row names the run that holds it, so a later run can tell a period that run is
// still sending from one it left behind when it died (src/digest/claim-owner.ts judges which).
import type { Db } from './db.js';
import { stmt } from './statements.js';

export type LedgerStatus = 'sending' | 'sent' | 'empty' | 'failed' | 'bounced';

export interface LedgerRow {
  subscription_id: number; period_start: string; period_end: string; status: LedgerStatus; attempts: number;
  signal_count: number; message_id: string | null; last_error: string | null; created_at: string; updated_at: string;
  claim_host: string | null; claim_pid: number | null; claim_run: string | null; claim_proc_start: string | null;
  /** Times a run holding this period died before hearing back from SMTP. */
  interrupted: number;
}

/** The run that holds a claim: the liveness of its process decides whether a 'sending' row is resent. */
export interface ClaimOwner { host: string; pid: number; run: string; procStart: string | null }

export interface Claim {
  subscriptionId: number;
  /** The subscriber's last_period_end as read when the period was planned (compare-and-set). */
  expectedLastEnd: string | null;
  periodStart: string; periodEnd: string; nextDueAt: string;
  /** 'sending' before a message goes out; 'empty' when there is nothing to send. */
  status: 'sending' | 'empty';
  signalCount: number; messageId: string | null; now: string;
  owner: ClaimOwner;
}

/**
 * Claims a period in one immediate transaction: advances the subscriber's schedule (only if no
 * other run did first) and writes the ledger row. False: another run or process has it.
 */
export function claimPeriod(db: Db, c: Claim): boolean {
  try {
    return claimTransaction(db, c);
  } catch (err) {
    if (err instanceof LedgerConflict) return false;
    throw err;
  }
}

/** Thrown inside the claim to roll the schedule back when the period is already in the ledger. */
class LedgerConflict extends Error {}

function claimTransaction(db: Db, c: Claim): boolean {
  return db.transaction(() => {
    const moved = stmt(db, `UPDATE subscriptions SET last_period_end = ?, next_due_at = ?
      WHERE id = ? AND status = 'confirmed' AND last_period_end IS ?`).run(c.periodEnd, c.nextDueAt, c.subscriptionId, c.expectedLastEnd).changes;
    if (moved !== 1) return false;
    const added = stmt(db, `INSERT INTO digest_ledger (subscription_id, period_start, period_end, status, signal_count, message_id, created_at, updated_at,
        claim_host, claim_pid, claim_run, claim_proc_start)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
      .run(c.subscriptionId, c.periodStart, c.periodEnd, c.status, c.signalCount, c.messageId, c.now, c.now, c.owner.host, c.owner.pid, c.owner.run, c.owner.procStart).changes;
    if (added !== 1) throw new LedgerConflict();
    return true;
  }).immediate();
}

export function markSent(db: Db, subscriptionId: number, periodEnd: string, messageId: string, attempts: number, now: string): void {
  db.transaction(() => {
    stmt(db, `UPDATE digest_ledger SET status = 'sent', message_id = ?, attempts = attempts + ?, last_error = NULL, updated_at = ?
      WHERE subscription_id = ? AND period_end = ?`).run(messageId, attempts, now, subscriptionId, periodEnd);
    // Hard bounces count only when they come in a row: a delivered digest clears them.
    stmt(db, 'UPDATE subscriptions SET bounce_count = 0 WHERE id = ? AND bounce_count != 0').run(subscriptionId);
  })();
}

/** The server said "try later" every time: a later run may retry this period. */
export function markFailed(db: Db, subscriptionId: number, periodEnd: string, error: string, attempts: number, now: string): void {
  stmt(db, `UPDATE digest_ledger SET status = 'failed', attempts = attempts + ?, last_error = ?, updated_at = ?
    WHERE subscription_id = ? AND period_end = ?`).run(attempts, error.slice(0, 500), now, subscriptionId, periodEnd);
}

/** A permanent refusal: recorded, and counted against the subscriber. */
export function markBounced(db: Db, subscriptionId: number, periodEnd: string, error: string, attempts: number, now: string): void {
  db.transaction(() => {
    stmt(db, `UPDATE digest_ledger SET status = 'bounced', attempts = attempts + ?, last_error = ?, updated_at = ?
      WHERE subscription_id = ? AND period_end = ?`).run(attempts, error.slice(0, 500), now, subscriptionId, periodEnd);
    stmt(db, 'UPDATE subscriptions SET bounce_count = bounce_count + 1 WHERE id = ?').run(subscriptionId);
  })();
}

/** Failed periods of active subscribers that may be tried again (fewer than maxAttempts so far, last try before `before`). */
export function retryableFailures(db: Db, maxAttempts: number, before: string, maxHardBounces: number): LedgerRow[] {
  return stmt(db, `SELECT l.* FROM digest_ledger l JOIN subscriptions s ON s.id = l.subscription_id
    WHERE l.status = 'failed' AND l.attempts < ? AND l.updated_at <= ? AND s.status = 'confirmed' AND s.bounce_count < ?
    ORDER BY l.updated_at`).all(maxAttempts, before, maxHardBounces) as LedgerRow[];
}

/** Takes a failed period back for a retry; false when another run already did. */
export function reclaimFailed(db: Db, subscriptionId: number, periodEnd: string, owner: ClaimOwner, now: string): boolean {
  return stmt(db, `UPDATE digest_ledger SET status = 'sending', updated_at = ?, claim_host = ?, claim_pid = ?, claim_run = ?, claim_proc_start = ?
    WHERE subscription_id = ? AND period_end = ? AND status = 'failed'`)
    .run(now, owner.host, owner.pid, owner.run, owner.procStart, subscriptionId, periodEnd).changes === 1;
}

/** Every period some run has claimed and not yet settled, oldest first; which of their runs are gone is for the caller to judge. */
export function sendingClaims(db: Db): LedgerRow[] {
  return stmt(db, "SELECT * FROM digest_ledger WHERE status = 'sending' ORDER BY updated_at").all() as LedgerRow[];
}

/**
 * Takes over a period whose run died mid-send, as a compare-and-set on the dead run's id, so of
 * two runs that both found it only one resends it. Counts the interruption.
 */
export function takeOverClaim(db: Db, row: Pick<LedgerRow, 'subscription_id' | 'period_end' | 'claim_run'>, owner: ClaimOwner, now: string): boolean {
  return stmt(db, `UPDATE digest_ledger SET updated_at = ?, claim_host = ?, claim_pid = ?, claim_run = ?, claim_proc_start = ?, interrupted = interrupted + 1
    WHERE subscription_id = ? AND period_end = ? AND status = 'sending' AND claim_run IS ?`)
    .run(now, owner.host, owner.pid, owner.run, owner.procStart, row.subscription_id, row.period_end, row.claim_run).changes === 1;
}

/** Periods still in 'sending' since before `before`: held by a run that is alive but slow, or by another host within its lease. */
export function staleSends(db: Db, before: string): number {
  return (stmt(db, "SELECT count(*) AS n FROM digest_ledger WHERE status = 'sending' AND updated_at < ?").get(before) as { n: number }).n;
}

export function ledgerFor(db: Db, subscriptionId: number): LedgerRow[] {
  return stmt(db, 'SELECT * FROM digest_ledger WHERE subscription_id = ? ORDER BY period_end').all(subscriptionId) as LedgerRow[];
}

/** A retried period that turned out to have nothing to send any more. */
export function markEmpty(db: Db, subscriptionId: number, periodEnd: string, now: string): void {
  stmt(db, "UPDATE digest_ledger SET status = 'empty', signal_count = 0, updated_at = ? WHERE subscription_id = ? AND period_end = ?").run(now, subscriptionId, periodEnd);
}
