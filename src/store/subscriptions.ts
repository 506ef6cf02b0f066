// Digest subscriptions: double opt-in, preferences, and who is due. Emails are stored only to
// send digests; no public route reads them.
import type { Db } from './db.js';
import { stmt } from './statements.js';

export type Cadence = 'daily' | 'weekly';
export type SubscriptionStatus = 'pending' | 'confirmed' | 'unsubscribed';

export interface SubscriptionRow {
  id: number; email: string; status: SubscriptionStatus; cadence: Cadence; filters: string;
  send_hour: number; timezone: string; created_at: string; confirmed_at: string | null; unsubscribed_at: string | null; bounce_count: number;
  confirm_nonce: string | null; confirm_expires_at: string | null; last_period_end: string | null; next_due_at: string | null;
}

/** What a subscriber chooses; filters as JSON text. */
export interface Preferences { cadence: Cadence; filters: string; send_hour: number; timezone: string }

export function listSubscriptions(db: Db): SubscriptionRow[] {
  return stmt(db, 'SELECT * FROM subscriptions ORDER BY id').all() as SubscriptionRow[];
}

export function getSubscription(db: Db, id: number): SubscriptionRow | null {
  return (stmt(db, 'SELECT * FROM subscriptions WHERE id = ?').get(id) as SubscriptionRow | undefined) ?? null;
}

export function findSubscriptionByEmail(db: Db, email: string): SubscriptionRow | null {
  return (stmt(db, 'SELECT * FROM subscriptions WHERE email = ?').get(email) as SubscriptionRow | undefined) ?? null;
}

/**
 * A new request to subscribe: inserts a pending row, or turns an existing pending or
 * unsubscribed row back into a pending one with the new preferences and a fresh nonce.
 * Never touches a confirmed row (returns null): a stranger must not change someone's digest.
 */
export function requestSubscription(db: Db, email: string, p: Preferences, nonce: string, expiresAt: string, now: string): SubscriptionRow | null {
  const existing = findSubscriptionByEmail(db, email);
  if (existing?.status === 'confirmed') return null;
  if (!existing) {
    // Above every id ever used, purged ones included (see purgeExpiredPending).
    stmt(db, `INSERT INTO subscriptions (id, email, status, cadence, filters, send_hour, timezone, created_at, confirm_nonce, confirm_expires_at)
      VALUES (max(coalesce((SELECT max(id) FROM subscriptions), 0), coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'subscription_id_floor'), 0)) + 1,
        ?, 'pending', ?, ?, ?, ?, ?, ?, ?)`).run(email, p.cadence, p.filters, p.send_hour, p.timezone, now, nonce, expiresAt);
  } else {
    stmt(db, `UPDATE subscriptions SET status = 'pending', cadence = ?, filters = ?, send_hour = ?, timezone = ?, confirm_nonce = ?,
      confirm_expires_at = ?, confirmed_at = NULL, unsubscribed_at = NULL, last_period_end = NULL, next_due_at = NULL, bounce_count = 0
      WHERE id = ? AND status != 'confirmed'`).run(p.cadence, p.filters, p.send_hour, p.timezone, nonce, expiresAt, existing.id);
  }
  return findSubscriptionByEmail(db, email);
}

/** Confirms once: only while pending and only with the nonce the link was signed with. */
export function confirmSubscription(db: Db, id: number, nonce: string, now: string): boolean {
  return stmt(db, `UPDATE subscriptions SET status = 'confirmed', confirmed_at = ?, confirm_nonce = NULL, confirm_expires_at = NULL
    WHERE id = ? AND status = 'pending' AND confirm_nonce = ? AND confirm_expires_at > ?`).run(now, id, nonce, now).changes === 1;
}

export function unsubscribe(db: Db, id: number, now: string): boolean {
  return stmt(db, "UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = ?, confirm_nonce = NULL WHERE id = ? AND status != 'unsubscribed'")
    .run(now, id).changes === 1;
}

/** New preferences for a confirmed subscriber; nextDueAt re-plans the schedule when it changed. */
export function updatePreferences(db: Db, id: number, p: Preferences, nextDueAt: string | null): boolean {
  return stmt(db, `UPDATE subscriptions SET cadence = ?, filters = ?, send_hour = ?, timezone = ?,
      next_due_at = CASE WHEN last_period_end IS NULL THEN NULL ELSE ? END
    WHERE id = ? AND status = 'confirmed'`).run(p.cadence, p.filters, p.send_hour, p.timezone, nextDueAt, id).changes === 1;
}

/** Forgets pending subscriptions nobody confirmed in time (the address may then subscribe again). */
export function purgeExpiredPending(db: Db, now: string): number {
  // Ids are never given out twice: a link signed for a departed subscriber must never open the
  // next person's subscription. The highest id ever used is kept before rows go.
  return db.transaction(() => {
    const max = stmt(db, 'SELECT max(id) AS m FROM subscriptions').get() as { m: number | null };
    if (max.m !== null) stmt(db, `INSERT INTO settings (key, value, created_at) VALUES ('subscription_id_floor', ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`).run(String(max.m), now);
    return stmt(db, "DELETE FROM subscriptions WHERE status = 'pending' AND confirm_expires_at <= ?").run(now).changes;
  })();
}

/** Confirmed subscribers whose next digest is due (never sent one yet: due at once). */
export function dueSubscriptions(db: Db, now: string, maxHardBounces: number): SubscriptionRow[] {
  return stmt(db, `SELECT * FROM subscriptions WHERE status = 'confirmed' AND bounce_count < ?
    AND (next_due_at IS NULL OR next_due_at <= ?) ORDER BY coalesce(next_due_at, confirmed_at), id`).all(maxHardBounces, now) as SubscriptionRow[];
}
