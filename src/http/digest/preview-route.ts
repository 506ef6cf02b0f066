// GET /api/v1/subscriptions/:id/preview (admin): the digest this subscriber would get now, as
// the HTML part (or ?format=text), so the operator can see it in a browser before it goes out.
import { Hono } from 'hono';
import { requireAdmin } from '../admin.js';
import { badRequest, notFound } from '../errors.js';
import { getSubscription } from '../../store/subscriptions.js';
import { previewDigest } from '../../digest/preview.js';
import { previewQuerySchema } from '../../digest/input.js';
import type { DigestRouteDeps } from './routes.js';

export function previewRoute(deps: DigestRouteDeps) {
  return new Hono().get('/api/v1/subscriptions/:id/preview', requireAdmin(deps.adminToken), (c) => {
    const q = previewQuerySchema.safeParse(c.req.query());
    if (!q.success) throw badRequest(q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
    const id = Number(c.req.param('id'));
    const sub = Number.isSafeInteger(id) ? getSubscription(deps.db, id) : null;
    if (!sub) throw notFound(`no subscription ${c.req.param('id')}`);
    const p = previewDigest(deps.db, deps.config.baseUrl, sub, deps.now());
    c.header('X-Digest-Subject', encodeURIComponent(p.view.subject));
    c.header('X-Digest-Signals', String(p.content.total));
    return q.data.format === 'text' ? c.text(p.text) : c.html(p.html);
  });
}
