// GET /api/v1/subscriptions (admin): who is subscribed to what. Emails never leave through a public route.
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import { listSubscriptions } from '../../store/subscriptions.js';
import { requireAdmin } from '../admin.js';

export function subscriptionsApi(db: Db, adminToken: string | null) {
  return new Hono().get('/', requireAdmin(adminToken), (c) => c.json({
    items: listSubscriptions(db).map((s) => ({
      id: s.id, email: s.email, status: s.status, cadence: s.cadence, filters: JSON.parse(s.filters) as Record<string, unknown>,
      send_hour: s.send_hour, timezone: s.timezone, created_at: s.created_at, confirmed_at: s.confirmed_at,
    })),
  }));
}
