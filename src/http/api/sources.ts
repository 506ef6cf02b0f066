// GET /api/v1/sources: every source with its health.
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import { listSources } from '../../store/sources.js';

export function sourcesApi(db: Db) {
  return new Hono().get('/', (c) => {
    const items = listSources(db).map((s) => ({
      id: s.id, name: s.name, kind: s.kind, url: s.url, region: s.region, language: s.language, tier: s.tier,
      tags: JSON.parse(s.tags) as string[], every_seconds: Math.round(s.every_ms / 1000), enabled: s.enabled === 1,
      status: s.status, silent: s.silent === 1, last_fetched_at: s.last_fetched_at, last_success_at: s.last_success_at,
      last_error: s.last_error, error_count: s.error_count, next_fetch_at: s.next_fetch_at, story_count: s.story_count,
    }));
    return c.json({ items });
  });
}
