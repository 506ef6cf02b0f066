// Which of a feed's items one pass works on. A feed may repeat an item (the same guid or the
// same link several times: the first one counts) and may offer far more new items than one pass
// should take on (the first crawl of an archive feed, or a hostile one). Every new item costs
// an analysis inside the source's transaction, which holds the one database connection that the
// web server shares, and for a teaser an article fetch; so a pass takes at most `max` new
// items, the newest, and leaves the rest to the next pass (nothing is dropped: they are still
// new then).
import type { Db } from '../store/db.js';
import type { ParsedItem } from '../domain/types.js';
import { canonicalUrl } from '../domain/url.js';
import { findKnownStory } from '../store/stories.js';

/** New items per source per pass; a typical feed offers 10 to 100. */
export const maxNewItemsPerPass = 500;

export interface Selection {
  /** New items for this pass, in feed order. */
  take: ParsedItem[];
  /** New items left for the next pass. */
  deferred: number;
}

export function selectItems(db: Db, sourceId: string | null, items: ParsedItem[], max = maxNewItemsPerPass): Selection {
  const seenGuids = new Set<string>();
  const seenUrls = new Set<string>();
  const fresh: { item: ParsedItem; index: number }[] = [];
  items.forEach((item, index) => {
    const key = canonicalUrl(item.url);
    // The same test ingest makes against stored stories, made against the new items before it.
    if ((item.guid !== null && seenGuids.has(item.guid)) || (key !== null && seenUrls.has(key))) return;
    // A bad link goes on, so that ingest reports it as a failed item.
    if (key !== null && findKnownStory(db, sourceId, item.guid, key) !== null) return;
    if (item.guid !== null) seenGuids.add(item.guid);
    if (key !== null) seenUrls.add(key);
    fresh.push({ item, index });
  });
  if (fresh.length <= max) return { take: fresh.map((f) => f.item), deferred: 0 };
  // Newest first by the feed's own dates (ISO strings sort as times); undated items keep their
  // place after the dated ones, since feeds list newest first anyway.
  const newest = [...fresh].sort((a, b) => (b.item.publishedAt ?? '').localeCompare(a.item.publishedAt ?? '') || a.index - b.index).slice(0, max);
  newest.sort((a, b) => a.index - b.index);
  return { take: newest.map((f) => f.item), deferred: fresh.length - max };
}
