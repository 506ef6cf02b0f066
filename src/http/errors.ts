// One error shape for the whole API: {"error": {"code", "message"}}. Bad input is a 4xx.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { SearchSyntaxError } from '../parse/search-query.js';

export class ApiError extends Error {
  constructor(readonly status: ContentfulStatusCode, readonly code: string, message: string) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'bad_request') => new ApiError(400, code, message);
export const notFound = (message = 'not found') => new ApiError(404, 'not_found', message);

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function zodMessage(err: ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
}

/** The app's single onError: known errors keep their status, anything else is a logged 500. */
export function handleError(err: Error, c: Context, log: (msg: string) => void = console.error) {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status);
  if (err instanceof ZodError) return c.json(errorBody('bad_request', zodMessage(err)), 400);
  if (err instanceof SearchSyntaxError) return c.json(errorBody('bad_query', err.message), 400);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return c.json(errorBody(status === 413 ? 'payload_too_large' : 'http_error', err.message || 'request failed'), status);
  }
  log(`unhandled error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
  return c.json(errorBody('internal', 'internal error'), 500);
}
