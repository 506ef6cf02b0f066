// Sources: the public health list and OPML export; admin writes (add, change, remove, crawl now,
// OPML import).
import { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../store/db.js';
import { deleteSource, getSource, getSourceWithCount, listSources, makeDueNow, sourceConfigOf, upsertSources, type SourceWithCount } from '../../store/sources.js';
import { sourceSchema } from '../../domain/source.js';
import { buildOpml } from '../../parse/opml.js';
import { importOpml } from '../../pipeline/opml-import.js';
import { ApiError, badRequest, notFound, zodMessage } from '../errors.js';
import { readJson } from '../body.js';
import { requireAdmin } from '../admin.js';

export interface CrawlNow { (sourceId: string): Promise<{ status: string; added: number; known: number; error: string | null }> }

export function sourceView(s: SourceWithCount) {
  return {
    id: s.id, name: s.name, kind: s.kind, url: s.url, region: s.region, language: s.language, tier: s.tier,
    tags: JSON.parse(s.tags) as string[], every_seconds: Math.round(s.every_ms / 1000), enabled: s.enabled === 1, origin: s.origin,
    status: s.status, silent: s.silent === 1, last_fetched_at: s.last_fetched_at, last_success_at: s.last_success_at,
    last_error: s.last_error, error_count: s.error_count, next_fetch_at: s.next_fetch_at, story_count: s.story_count,
    dropped_count: s.dropped_count, relevance: s.relevance,
  };
}

export const sourcePatchSchema = z.object({
  name: z.string().min(1).optional(), url: z.string().url().optional(), every: z.string().optional(),
  region: z.string().optional(), language: z.string().optional(), tier: z.number().int().min(1).max(3).optional(),
  tags: z.array(z.string()).optional(), enabled: z.boolean().optional(), relevance: z.enum(['auto', 'always']).optional(),
}).strict();

function findView(db: Db, id: string) {
  const s = getSourceWithCount(db, id);
  if (!s) throw notFound(`no source "${id}"`);
  return sourceView(s);
}

export function sourcesApi(db: Db, adminToken: string | null, crawlNow?: CrawlNow) {
  const admin = requireAdmin(adminToken);
  return new Hono()
    .get('/', (c) => c.json({ items: listSources(db).map(sourceView) }))
    .get('/export.opml', (c) => {
      const rows = listSources(db);
      c.header('Content-Type', 'text/x-opml; charset=utf-8');
      return c.body(buildOpml('Policy Radar sources', rows.map((s) => ({ title: s.name, xmlUrl: s.url, kind: s.kind }))));
    })
    .get('/:id', (c) => c.json(findView(db, c.req.param('id'))))
    .post('/', admin, async (c) => {
      const input = await readJson(c, sourceSchema);
      if (getSource(db, input.id)) throw new ApiError(409, 'conflict', `a source with id "${input.id}" exists`);
      upsertSources(db, [input], 'api');
      return c.json(findView(db, input.id), 201);
    })
    .patch('/:id', admin, async (c) => {
      const id = c.req.param('id');
      const row = getSource(db, id);
      if (!row) throw notFound(`no source "${id}"`);
      const { enabled, ...patch } = await readJson(c, sourcePatchSchema);
      const merged = sourceSchema.safeParse({ ...sourceConfigOf(row), ...patch });
      if (!merged.success) throw badRequest(zodMessage(merged.error), 'invalid_body');
      db.transaction(() => {
        upsertSources(db, [merged.data], row.origin);
        if (enabled !== undefined) db.prepare('UPDATE sources SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id);
        if (patch.url && patch.url !== row.url) {
          // A new address starts fresh: old validators and back-off belonged to the old one.
          db.prepare("UPDATE sources SET etag = NULL, last_modified = NULL, error_count = 0, status = 'pending' WHERE id = ?").run(id);
          makeDueNow(db, id, new Date().toISOString());
        }
      })();
      return c.json(findView(db, id));
    })
    .delete('/:id', admin, (c) => {
      const id = c.req.param('id');
      if (!deleteSource(db, id)) throw notFound(`no source "${id}"`);
      return c.body(null, 204);
    })
    .post('/:id/crawl', admin, async (c) => {
      const id = c.req.param('id');
      if (!getSource(db, id)) throw notFound(`no source "${id}"`);
      if (!crawlNow) throw new ApiError(503, 'unavailable', 'crawling is not available in this process');
      const outcome = await crawlNow(id);
      return c.json({ source: findView(db, id), outcome });
    })
    .post('/import-opml', admin, async (c) => {
      try {
        return c.json(importOpml(db, await c.req.text()), 201);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        throw badRequest((err as Error).message, 'bad_opml');
      }
    });
}
