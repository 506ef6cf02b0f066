// GET /api/v1/entities?q&kind&limit and /api/v1/entities/:slug
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../store/db.js';
import { getEntity, listEntities } from '../../store/entities.js';
import { entityKinds } from '../../domain/types.js';
import { badRequest, notFound, zodMessage } from '../errors.js';
import { sendJson } from '../json-body.js';

export const entityQuerySchema = z.object({
  q: z.string().min(1).max(200).optional().describe('part of the name or slug'),
  kind: z.enum(entityKinds).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
}).strict();

export function entitiesApi(db: Db) {
  return new Hono()
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
