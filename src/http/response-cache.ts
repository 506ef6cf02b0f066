// Caches GET responses until the database changes. The process has one connection and every
// write goes through it, so total_changes() moves on each write; data_version moves when another
// process (a `radar crawl` beside the server) commits. Together they say "nothing changed".
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../store/db.js';

interface Entry { gen: string; status: number; body: ArrayBuffer; headers: [string, string][] }

export function responseCache(db: Db, maxEntries = 1000): MiddlewareHandler {
  const entries = new Map<string, Entry>();
  const version = db.prepare('SELECT total_changes() AS t');
  const generation = () => `${db.pragma('data_version', { simple: true })}:${(version.get() as { t: number }).t}`;
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const key = c.req.url;
    const gen = generation();
    const hit = entries.get(key);
    if (hit && hit.gen === gen) {
      entries.delete(key);
      entries.set(key, hit); // most recently used last
      c.res = new Response(hit.body, { status: hit.status, headers: hit.headers });
      return;
    }
    await next();
    if (c.res.status !== 200) return;
    const body = await c.res.clone().arrayBuffer();
    if (body.byteLength > 512 * 1024) return;
    entries.set(key, { gen, status: 200, body, headers: [...c.res.headers] });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };
}
