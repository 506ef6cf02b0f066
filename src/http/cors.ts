// CORS for the public read-only routes: any origin may GET them. Hono's cors middleware sets its
// headers on the context's response before the handler runs, which makes Hono rebuild the
// handler's response around a stream of its body afterwards; here the headers go on the
// handler's own response after it, so a JSON body stays bytes to the socket.
import type { MiddlewareHandler } from 'hono';

const methods = 'GET,HEAD,OPTIONS';

export function readOnlyCors(opts: { maxAgeSeconds?: number } = {}): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': methods });
      const asked = c.req.header('Access-Control-Request-Headers');
      if (asked) {
        headers.set('Access-Control-Allow-Headers', asked.split(',').map((h) => h.trim()).join(','));
        headers.set('Vary', 'Access-Control-Request-Headers');
      }
      if (opts.maxAgeSeconds !== undefined) headers.set('Access-Control-Max-Age', String(opts.maxAgeSeconds));
      return new Response(null, { status: 204, headers });
    }
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', '*');
  };
}
