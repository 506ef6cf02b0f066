// JSON responses whose text the ETag and cache middlewares can take as it is. A Response's body
// can only be read back through a stream (the Node adapter then builds a full WHATWG Response
// and reads it chunk by chunk); remembering the text it was made from skips all of that.
import type { Context } from 'hono';

const texts = new WeakMap<Response, string>();

export function sendJson(c: Context, text: string): Response {
  const res = c.body(text, 200, { 'Content-Type': 'application/json' });
  texts.set(res, text);
  return res;
}

/** The response's body as bytes: the remembered text when there is one, otherwise read once. */
export async function bodyBytes(res: Response): Promise<Uint8Array<ArrayBuffer>> {
  const text = texts.get(res);
  return text !== undefined ? new TextEncoder().encode(text) : new Uint8Array(await res.arrayBuffer());
}

/**
 * Puts a new response in the context's place. Assigned over an existing one, Hono rebuilds it
 * from the old one's body stream (to merge headers); clearing first keeps the new body as bytes,
 * which the Node adapter writes straight out. The new response must carry every header itself.
 */
export function replaceResponse(c: Context, res: Response): void {
  c.res = undefined;
  c.res = res;
}
