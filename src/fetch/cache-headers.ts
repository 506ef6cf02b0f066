// What the server says about when to come back: freshness (Cache-Control, Expires) for the
// scheduler's next fetch, and Retry-After for back-off after 429/503. Servers send all kinds of
// junk here, so every parser returns null rather than guessing.
import type { IncomingHttpHeaders } from 'node:http';

/** Seconds the response stays fresh: Cache-Control max-age (no-store/no-cache → 0), else Expires. */
export function parseMaxAge(headers: IncomingHttpHeaders, now = Date.now()): number | null {
  const cacheControl = headers['cache-control'];
  if (cacheControl) {
    const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
    if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0;
    for (const d of directives) {
      const m = /^max-age\s*=\s*"?(\d+)"?$/.exec(d);
      if (m) return Math.min(Number(m[1]), 2 ** 31 - 1);
    }
  }
  const expires = headerValue(headers, 'expires');
  if (expires === null) return null;
  const at = Date.parse(expires);
  // RFC 9111 5.3: an Expires that does not parse ("0", "-1") means already expired.
  if (Number.isNaN(at)) return 0;
  // Measure against the server's own clock when it sends one, so clock skew does not count.
  const serverNow = Date.parse(headerValue(headers, 'date') ?? '');
  const base = Number.isNaN(serverNow) ? now : serverNow;
  return Math.max(0, Math.round((at - base) / 1000));
}

/** Retry-After as seconds from now: either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const v = headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}
