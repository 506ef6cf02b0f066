// GET /api/v1/entities?q&kind&limit and /api/v1/entities/:slug
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../store/db.js';
import { entityCandidates, getEntity, listEntities } from '../../store/entities.js';
import { requireAdmin } from '../admin.js';
import { entityKinds } from '../../domain/types.js';
import { badRequest, notFound, zodMessage } from '../errors.js';
import { sendJson } from '../json-body.js';

export const entityQuerySchema = z.object({
  q: z.string().min(1).max(200).optional().describe('part of the name or slug'),
  kind: z.enum(entityKinds).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
}).strict();

export const candidateQuerySchema = z.object({
  min: z.coerce.number().int().min(1).max(1000).default(2).describe('signals a name must appear in'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).strict();

export function entitiesApi(db: Db, adminToken: string | null = null) {
  return new Hono()
    // Admin: names found by shape that keep coming back, to promote into feeds/knowledge/.
    .get('/candidates', requireAdmin(adminToken), (c) => {
      const r = candidateQuerySchema.safeParse(c.req.query());
      if (!r.success) throw badRequest(zodMessage(r.error));
      return sendJson(c, JSON.stringify({ items: entityCandidates(db, r.data.min, r.data.limit) }));
    })
    .get('/', (c) => {
      const r = entityQuerySchema.safeParse(c.req.query());
      if (!r.success) throw badRequest(zodMessage(r.error));
      return sendJson(c, JSON.stringify({ items: listEntities(db, r.data) }));
    })
    .get('/:slug', (c) => {
      const slug = c.req.param('slug');
      if (!/^[\p{L}\p{N}-]{1,200}$/u.test(slug)) throw badRequest('entity slug is lowercase letters, digits and dashes');
      const e = getEntity(db, slug);
      if (!e) throw notFound(`no entity "${slug}"`);
      return sendJson(c, JSON.stringify(e));
    });
}
