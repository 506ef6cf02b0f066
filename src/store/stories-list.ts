// The all-stories view: every stored story, newest first, with the relevance gate's verdict and
// the signal it joined (none for an off-topic story). Keyset-paged on (first_seen_at, id).
import type { Db } from './db.js';

export interface StoryListItem {
  id: number; url: string; title: string; outlet: string; source_id: string | null; published_at: string; first_seen_at: string;
  relevant: boolean; relevance: number | null; language: string | null; signal_id: number | null;
}
export interface StoryFilter {
  relevant?: boolean; source?: string; q?: string; limit: number;
  after?: { first_seen_at: string; id: number };
}

/** `q` matches the title as words in order (a LIKE over the title: the stories of one view, not the ranked search). */
export function listStories(db: Db, f: StoryFilter): StoryListItem[] {
  const where: string[] = [];
  const args: Record<string, unknown> = { limit: f.limit };
  if (f.relevant !== undefined) { where.push('s.relevant = @relevant'); args.relevant = f.relevant ? 1 : 0; }
  if (f.source) { where.push('s.source_id = @source'); args.source = f.source; }
  if (f.q) { where.push("s.title LIKE @q ESCAPE '\\'"); args.q = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`; }
  if (f.after) { where.push('(s.first_seen_at, s.id) < (@at, @id)'); args.at = f.after.first_seen_at; args.id = f.after.id; }
  const rows = db.prepare(`
    SELECT s.id, s.url, s.title, s.outlet, s.source_id, s.published_at, s.first_seen_at, s.relevant, s.relevance, s.language,
      (SELECT signal_id FROM signal_stories ss WHERE ss.story_id = s.id) AS signal_id
    FROM stories s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY s.first_seen_at DESC, s.id DESC LIMIT @limit`).all(args) as (Omit<StoryListItem, 'relevant'> & { relevant: number })[];
  return rows.map((r) => ({ ...r, relevant: r.relevant === 1 }));
}
