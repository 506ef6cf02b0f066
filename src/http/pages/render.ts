// How every page leaves the server: HTML with a strict Content-Security-Policy (scripts and
// styles only from our own hashed files, never inline), so text from a feed can never run.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const contentSecurityPolicy = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
  "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
].join('; ');

/** Anything with a string rendering: a hono/jsx element (our components are all synchronous). */
type Html = { toString(): string };

export function sendPage(c: Context, page: Html, status: ContentfulStatusCode = 200) {
  c.header('Content-Security-Policy', contentSecurityPolicy);
  c.header('X-Content-Type-Options', 'nosniff');
  // Links go out to news outlets: do not tell them which internal radar the reader came from.
  c.header('Referrer-Policy', 'no-referrer');
  // Revalidate every time (the ETag makes that cheap): the stream should never look stale.
  c.header('Cache-Control', 'no-cache');
  return c.html(`<!doctype html>${page.toString()}`, status);
}
