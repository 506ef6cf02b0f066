// Opaque page cursors: the keyset (first_seen_at, id) of the last item, base64url-encoded JSON.
import { badRequest } from './errors.js';

export interface Keyset { first_seen_at: string; id: number }

export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify([k.first_seen_at, k.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && Number.isSafeInteger(v[1])) {
      return { first_seen_at: v[0], id: v[1] as number };
    }
  } catch {
    // fall through to the one error below
  }
  throw badRequest('cursor is not one this API issued', 'bad_cursor');
}
