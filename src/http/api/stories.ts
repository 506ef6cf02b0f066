// GET /api/v1/stories?relevant&source&q&limit&cursor: every stored story, newest first, with the
// relevance gate's verdict. Off-topic stories make no signal; this is where they can be found.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../store/db.js';
import { listStories } from '../../store/stories-list.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { badRequest, zodMessage } from '../errors.js';
import { sendJson } from '../json-body.js';

export const storyQuerySchema = z.object({
  relevant: z.enum(['true', 'false', 'all']).default('all').describe('true: stories that made signals; false: those the relevance gate dropped'),
  source: z.string().min(1).max(100).optional(),
  q: z.string().min(1).max(200).optional().describe('words in the title'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
}).strict();

export function storyQuery(db: Db, query: Record<string, string>) {
  const r = storyQuerySchema.safeParse(query);
  if (!r.success) throw badRequest(zodMessage(r.error));
  const { relevant, source, q, limit, cursor } = r.data;
  const c = cursor ? decodeCursor(cursor) : null;
  if (c && c.kind !== 'keyset') throw badRequest('cursor is not one this API issued', 'bad_cursor');
  const items = listStories(db, {
    limit: limit + 1, ...(relevant === 'all' ? {} : { relevant: relevant === 'true' }), ...(source ? { source } : {}), ...(q ? { q } : {}),
    ...(c ? { after: { first_seen_at: c.first_seen_at, id: c.id } } : {}),
  });
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, next_cursor: items.length > limit && last ? encodeCursor({ kind: 'keyset', first_seen_at: last.first_seen_at, id: last.id }) : null };
}

export function storiesApi(db: Db) {
  return new Hono().get('/', (c) => sendJson(c, JSON.stringify(storyQuery(db, c.req.query()))));
}
