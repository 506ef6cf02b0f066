// Bearer-token guard for write endpoints. No token configured: writes are off (403), never open.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function requireAdmin(token: string | null): MiddlewareHandler {
  const expected = token ? digest(token) : null;
  return async (c, next) => {
    if (!expected) throw new ApiError(403, 'admin_disabled', 'write endpoints are off: set RADAR_ADMIN_TOKEN to enable them');
    const m = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    // Compare digests in constant time, so the token cannot be guessed byte by byte.
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="policy-radar"');
      throw new ApiError(401, 'unauthorized', 'this endpoint needs Authorization: Bearer <RADAR_ADMIN_TOKEN>');
    }
    c.header('Cache-Control', 'no-store');
    await next();
  };
}
