// The stream's query: validated parameters → a page of signals. Shared by the JSON API and the
// feeds out, so every filter means the same everywhere.
import { z } from 'zod';
import type { Db } from '../store/db.js';
import { eventTypes, type SignalOut } from '../domain/types.js';
import { getSignalsByIds, listSignalIds, maxSignalId, rankSignalIds, type SignalFilters } from '../store/signals-read.js';
import { signalsJsonByIds } from '../store/signals-json.js';
import { badRequest } from './errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { parseSearch } from '../parse/search-query.js';
import { SearchSessions } from './search-sessions.js';

const isoDate = z.string().max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or date-time')
  .transform((s) => new Date(s).toISOString());

export const signalQuerySchema = z.object({
  q: z.string().max(500).optional().describe('search: words, "phrases", OR, -exclusion, prefix*, entity:, type:, region:, source:'),
  entity: z.string().min(1).max(200).optional().describe('entity slug or name'),
  type: z.enum(eventTypes).optional(),
  region: z.string().regex(/^([A-Z]{2}|EU)$/, 'must be an ISO 3166-1 alpha-2 code or EU').optional(),
  source: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a source id').max(100).optional(),
  since: isoDate.optional().describe('first seen at or after (ISO 8601)'),
  until: isoDate.optional().describe('first seen before (ISO 8601)'),
  sort: z.enum(['relevance', 'recent']).optional().describe('default: relevance when q has terms, else recent'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional().describe('next_cursor of the previous page'),
}).strict();

export type SignalQuery = z.output<typeof signalQuerySchema>;

/** Most results a relevance search pages through (a point in time holds this many ids). */
const searchCap = 1000;

export class SignalQueries {
  readonly sessions = new SearchSessions();
  constructor(private readonly db: Db) {}

  parse(raw: Record<string, string>): SignalQuery {
    const r = signalQuerySchema.safeParse(raw);
    if (!r.success) throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
    if (r.data.since && r.data.until && r.data.since >= r.data.until) throw badRequest('since must be before until');
    return r.data;
  }

  run(q: SignalQuery): { items: SignalOut[]; next_cursor: string | null } {
    const page = this.page(q);
    return { items: getSignalsByIds(this.db, page.ids), next_cursor: page.next_cursor };
  }

  /** The same answer as JSON text, the signals written by SQLite (store/signals-json.ts). */
  runJson(q: SignalQuery): string {
    const page = this.page(q);
    return `{"items":[${signalsJsonByIds(this.db, page.ids).join(',')}],"next_cursor":${JSON.stringify(page.next_cursor)}}`;
  }

  private page(q: SignalQuery): { ids: number[]; next_cursor: string | null } {
    const filters = toFilters(q);
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const relevance = filters.match && q.sort !== 'recent';
    if (!relevance) {
      if (cursor && cursor.kind !== 'keyset') throw badRequest('cursor belongs to a relevance search; repeat the same query', 'bad_cursor');
      const page = listSignalIds(this.db, { ...filters, limit: q.limit, after: cursor ?? undefined });
      return { ids: page.ids, next_cursor: page.next ? encodeCursor({ kind: 'keyset', ...page.next }) : null };
    }
    if (cursor && cursor.kind !== 'search') throw badRequest('cursor belongs to a newest-first listing; repeat the same query', 'bad_cursor');
    const key = JSON.stringify({ ...filters, limit: undefined });
    let session = cursor?.session;
    const maxId = cursor?.maxId ?? maxSignalId(this.db);
    let ids = session ? this.sessions.get(session, key) : null;
    if (!ids) {
      // First page, or the point in time expired: rank again as of the same newest id.
      ids = rankSignalIds(this.db, { ...filters, match: filters.match!, maxId }, searchCap);
      session = this.sessions.open(key, ids);
    }
    const offset = cursor?.offset ?? 0;
    const more = offset + q.limit < ids.length;
    return {
      ids: ids.slice(offset, offset + q.limit),
      next_cursor: more ? encodeCursor({ kind: 'search', session: session!, offset: offset + q.limit, maxId }) : null,
    };
  }
}

function toFilters(q: SignalQuery): SignalFilters {
  const s = q.q ? parseSearch(q.q) : { match: null };
  const both = <T>(a: T | undefined, b: T | undefined, name: string): T | undefined => {
    if (a !== undefined && b !== undefined && a !== b) throw badRequest(`${name} is given twice with different values (parameter and q)`);
    return a ?? b;
  };
  return {
    match: s.match ?? undefined,
    entity: both(q.entity, 'entity' in s ? s.entity : undefined, 'entity'),
    type: both(q.type, 'type' in s ? s.type : undefined, 'type'),
    region: both(q.region, 'region' in s ? s.region : undefined, 'region'),
    source: both(q.source, 'source' in s ? s.source : undefined, 'source'),
    since: q.since,
    until: q.until,
  };
}
