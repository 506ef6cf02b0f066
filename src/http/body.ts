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

export type FormBody = Record<string, string | File | (string | File)[]>;

/**
 * A form post's fields. A multipart body with a broken boundary or a truncated part makes the
 * platform's form parser throw a TypeError, which would surface as a 500; it is the client's
 * bad input, so it is a 400 here. (Browsers never send such bodies; scanners and fuzzers do.)
 */
export async function readForm(c: Context): Promise<FormBody> {
  try {
    return await c.req.parseBody({ all: true });
  } catch {
    throw badRequest('body is not a readable form (application/x-www-form-urlencoded or multipart/form-data)', 'bad_form');
  }
}
