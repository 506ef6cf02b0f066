// Caches GET responses until the database changes, and tags each with its ETag. The process has
// one connection and every write goes through it, so total_changes() moves on each write;
// data_version moves when another process (a `radar crawl` beside the server) commits. Together
// they say "nothing changed".
//
// The body is read once, hashed once (etag.ts then only compares) and kept as bytes, which the
// Node adapter writes straight out.
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../store/db.js';
import { tagResponse } from './etag.js';
import { replaceResponse } from './json-body.js';

interface Entry { gen: string; status: number; body: Uint8Array<ArrayBuffer>; headers: [string, string][] }

export function responseCache(db: Db, maxEntries = 1000): MiddlewareHandler {
  const entries = new Map<string, Entry>();
  const version = db.prepare('SELECT total_changes() AS t');
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const generation = () => `${dataVersion.get() as number}:${(version.get() as { t: number }).t}`;
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const key = c.req.url;
    const gen = generation();
    const hit = entries.get(key);
    if (hit && hit.gen === gen) {
      entries.delete(key);
      entries.set(key, hit); // most recently used last
      replaceResponse(c, new Response(hit.body, { status: hit.status, headers: hit.headers }));
      return;
    }
    await next();
    if (c.res.status !== 200) return;
    const body = await tagResponse(c);
    if (body.byteLength > 512 * 1024) return;
    entries.set(key, { gen, status: 200, body, headers: [...c.res.headers] });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };
}
