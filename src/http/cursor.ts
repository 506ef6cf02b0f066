// Opaque page cursors, base64url JSON. Two kinds:
//  - keyset {k: [first_seen_at, id]} for the newest-first stream: immune to inserts, since new
//    signals sort before the page already seen;
//  - search {s, o, m} for relevance order: a point in time (the id list of the first page's
//    query, kept a while in memory) plus an offset, so inserts or shifting bm25 statistics never
//    duplicate or skip a result while a client pages.
import { badRequest } from './errors.js';

export type Cursor = { kind: 'keyset'; first_seen_at: string; id: number } | { kind: 'search'; session: string; offset: number; maxId: number };

export function encodeCursor(c: Cursor): string {
  const v = c.kind === 'keyset' ? { k: [c.first_seen_at, c.id] } : { s: c.session, o: c.offset, m: c.maxId };
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

const bad = () => badRequest('cursor is not one this API issued', 'bad_cursor');

export function decodeCursor(cursor: string): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!v || typeof v !== 'object') throw bad();
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.k) && o.k.length === 2 && typeof o.k[0] === 'string' && !Number.isNaN(Date.parse(o.k[0])) && Number.isSafeInteger(o.k[1])) {
    return { kind: 'keyset', first_seen_at: o.k[0], id: o.k[1] as number };
  }
  if (typeof o.s === 'string' && /^[a-z0-9]{1,32}$/.test(o.s) && Number.isSafeInteger(o.o) && (o.o as number) >= 0 && Number.isSafeInteger(o.m) && (o.m as number) >= 0) {
    return { kind: 'search', session: o.s, offset: o.o as number, maxId: o.m as number };
  }
  throw bad();
}
