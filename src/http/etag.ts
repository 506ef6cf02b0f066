// Weak ETags and 304s for every successful GET. The body is read once and handed back to the
// server as bytes: Hono's etag middleware clones the response instead (a tee'd stream that the
// Node adapter then reads chunk by chunk over several turns of the event loop, while a crawl
// may be waiting for the same loop). A response that already carries an ETag (the response
// cache's) is only compared.
import type { Context, MiddlewareHandler } from 'hono';
import { createHash } from 'node:crypto';
import { bodyBytes, replaceResponse } from './json-body.js';

/** What a 304 keeps of the 200 it stands for (RFC 9110 §15.4.5). */
const kept = new Set(['cache-control', 'content-location', 'date', 'etag', 'expires', 'vary']);

function weakEtag(body: Uint8Array): string {
  return `W/"${createHash('sha1').update(body).digest('hex')}"`;
}

/** Makes the context's response a byte response that carries its ETag; returns the bytes. */
export async function tagResponse(c: Context): Promise<Uint8Array<ArrayBuffer>> {
  const body = await bodyBytes(c.res);
  const headers = new Headers(c.res.headers);
  if (!headers.has('ETag')) headers.set('ETag', weakEtag(body));
  replaceResponse(c, new Response(body, { status: c.res.status, headers }));
  return body;
}

export function conditionalGet(): MiddlewareHandler {
  return async (c, next) => {
    const ifNoneMatch = c.req.header('If-None-Match') ?? null;
    await next();
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !c.res.ok) return;
    if (!c.res.headers.has('ETag')) {
      if (!c.res.body) return;
      await tagResponse(c);
    }
    const tag = c.res.headers.get('ETag')!;
    if (ifNoneMatch && matches(tag, ifNoneMatch)) {
      const headers = new Headers();
      for (const [k, v] of c.res.headers) if (kept.has(k)) headers.set(k, v);
      replaceResponse(c, new Response(null, { status: 304, headers }));
    }
  };
}

/** If-None-Match uses weak comparison: W/"x" and "x" name the same version. */
function matches(tag: string, ifNoneMatch: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const bare = tag.replace(/^W\//, '');
  return ifNoneMatch.match(/"[^"]*"/g)?.includes(bare) ?? false;
}
