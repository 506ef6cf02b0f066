// GET /api/v1/signals and /api/v1/signals/:id
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../store/db.js';
import { getSignal, listSignals } from '../../store/signals-read.js';
import { eventTypes } from '../../domain/types.js';
import { badRequest, notFound, zodMessage } from '../errors.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { toFtsQuery } from '../search-query.js';

const isoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or time')
  .transform((s) => new Date(s).toISOString());

export const signalQuerySchema = z.object({
  q: z.string().max(500).optional(),
  entity: z.string().min(1).max(200).optional(),
  type: z.enum(eventTypes).optional(),
  region: z.string().regex(/^([A-Z]{2}|EU)$/, 'must be an ISO 3166-1 alpha-2 code or EU').optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
}).strict();

export function signalsApi(db: Db) {
  return new Hono()
    .get('/', (c) => {
      const parsed = signalQuerySchema.safeParse(c.req.query());
      if (!parsed.success) throw badRequest(zodMessage(parsed.error));
      const q = parsed.data;
      const page = listSignals(db, {
        match: q.q ? toFtsQuery(q.q) ?? undefined : undefined,
        entity: q.entity, type: q.type, region: q.region, since: q.since, until: q.until, limit: q.limit,
        after: q.cursor ? decodeCursor(q.cursor) : undefined,
      });
      return c.json({ items: page.items, next_cursor: page.next ? encodeCursor(page.next) : null });
    })
    .get('/:id', (c) => {
      const id = c.req.param('id');
      if (!/^\d{1,15}$/.test(id)) throw badRequest('signal id must be a positive integer');
      const signal = getSignal(db, Number(id));
      if (!signal) throw notFound(`no signal ${id}`);
      return c.json(signal);
    });
}
