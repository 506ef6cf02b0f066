// Points in time for relevance-ordered searches: the ranked id list of a query, kept for a while
// so every page of one search comes from the same ordering. Bounded in count and age.
import { randomBytes } from 'node:crypto';

interface Session { ids: number[]; key: string; expires: number }

export class SearchSessions {
  private readonly sessions = new Map<string, Session>();
  constructor(private readonly ttlMs = 15 * 60_000, private readonly maxSessions = 2000) {}

  open(key: string, ids: number[], now = Date.now()): string {
    if (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value; // Map keeps insertion order
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const id = randomBytes(9).toString('hex');
    this.sessions.set(id, { ids, key, expires: now + this.ttlMs });
    return id;
  }

  /** The ranked ids, if the session is alive and belongs to this same query. */
  get(id: string, key: string, now = Date.now()): number[] | null {
    const s = this.sessions.get(id);
    if (!s || s.expires < now) { this.sessions.delete(id); return null; }
    return s.key === key ? s.ids : null;
  }
}
