// Per-client token buckets for public routes: a burst is fine, a flood gets 429 + Retry-After.
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ApiError } from './errors.js';

export function rateLimit(perMinute: number, burst = Math.max(10, Math.ceil(perMinute / 4))): MiddlewareHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  return async (c, next) => {
    if (perMinute <= 0) return next();
    let client = 'local';
    try { client = getConnInfo(c).remote.address ?? 'local'; } catch { /* app.request() in tests: no socket */ }
    const now = Date.now();
    const b = buckets.get(client) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * refillPerMs);
    b.at = now;
    if (b.tokens < 1) {
      const wait = Math.ceil((1 - b.tokens) / refillPerMs / 1000);
      c.header('Retry-After', String(wait));
      buckets.set(client, b);
      throw new ApiError(429, 'rate_limited', `too many requests: retry after ${wait} s`);
    }
    b.tokens -= 1;
    buckets.set(client, b);
    if (buckets.size > 10_000) for (const [k, v] of buckets) if (now - v.at > 120_000) buckets.delete(k);
    await next();
  };
}
