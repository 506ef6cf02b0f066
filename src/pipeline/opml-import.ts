// Adds the feeds of an OPML list as sources (origin "opml"), skipping URLs already present.
import type { Db } from '../store/db.js';
import { listSources, upsertSources } from '../store/sources.js';
import { parseOpml } from '../parse/opml.js';
import { slugify } from '../domain/slug.js';

export function importOpml(db: Db, text: string): { added: string[]; skipped: number } {
  const feeds = parseOpml(text); // throws "not an OPML document" for anything else
  const existing = listSources(db);
  const taken = new Set(existing.map((s) => s.id));
  const knownUrls = new Set(existing.map((s) => s.url));
  const fresh = feeds.filter((f) => !knownUrls.has(f.xmlUrl)).map((f) => {
    knownUrls.add(f.xmlUrl);
    const base = slugify(f.title).slice(0, 44) || 'feed';
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return { id, name: f.title, kind: 'rss' as const, url: f.xmlUrl, every: '1h', tier: 3, tags: f.category ? [f.category] : [] };
  });
  upsertSources(db, fresh, 'opml');
  return { added: fresh.map((f) => f.id), skipped: feeds.length - fresh.length };
}
