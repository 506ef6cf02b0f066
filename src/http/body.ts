// Request bodies: JSON parsed and validated with zod, with 4xx messages a client can act on.
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, badRequest, zodMessage } from './errors.js';

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw badRequest('body is not valid JSON', 'bad_json');
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw badRequest(zodMessage(r.error), 'invalid_body');
  return r.data;
}
