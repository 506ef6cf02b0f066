// The stream's filters as they travel in URLs: the page, its feeds and its "email me this" link
// all carry the same parameters, so any view can be bookmarked, followed or subscribed to.
import { withQuery } from './format.js';

// `sort` rides along so a newest-first search stays newest-first while filters change.
export const filterKeys = ['q', 'type', 'region', 'entity', 'source', 'since', 'until', 'sort'] as const;
export type FilterKey = (typeof filterKeys)[number];
export type StreamFilters = Partial<Record<FilterKey, string>>;

/** The filters present in a query, empty values dropped (a no-JS form submits every field). */
export function pickFilters(query: Record<string, string>): StreamFilters {
  const f: StreamFilters = {};
  for (const k of filterKeys) {
    const v = query[k]?.trim();
    if (v) f[k] = v;
  }
  return f;
}

export const hasFilters = (f: StreamFilters) => filterKeys.some((k) => k !== 'sort' && f[k]);

/** The stream with these filters, some changed (undefined removes one). */
export function streamHref(f: StreamFilters, change: StreamFilters & { cursor?: string } = {}): string {
  return withQuery('/', { ...f, ...change });
}

export function feedHrefs(f: StreamFilters): { atom: string; json: string } {
  return { atom: withQuery('/feed.atom', f), json: withQuery('/feed.json', f) };
}

/**
 * The subscribe form prefilled with this view. A digest filters by words, entities, types and
 * regions; a source filter travels inside the words as `source:id` (the search language), and
 * a date range has no meaning for a digest that always covers its own period.
 */
export function subscribeHref(f: StreamFilters): string {
  const q = [f.q, f.source ? `source:${f.source}` : undefined].filter(Boolean).join(' ');
  return withQuery('/subscribe', { q, entity: f.entity, type: f.type, region: f.region });
}
