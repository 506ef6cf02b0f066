// Subscriptions (the digest issue adds creation, confirmation and sending).
import type { Db } from './db.js';
import { stmt } from './statements.js';

export interface SubscriptionRow {
  id: number; email: string; status: 'pending' | 'confirmed' | 'unsubscribed'; cadence: 'daily' | 'weekly'; filters: string;
  send_hour: number; timezone: string; created_at: string; confirmed_at: string | null; unsubscribed_at: string | null; bounce_count: number;
}

export function listSubscriptions(db: Db): SubscriptionRow[] {
  return stmt(db, 'SELECT * FROM subscriptions ORDER BY id').all() as SubscriptionRow[];
}
