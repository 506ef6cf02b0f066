// JSON Feed 1.0/1.1 (jsonfeed.org): rss-parser does not read it, and it is a few fields.
import { z } from 'zod';
import { absoluteUrl } from '../domain/url.js';
import { toIsoUtc } from '../domain/time.js';
import type { ParsedItem } from '../domain/types.js';
import { FeedParseError, type ParsedFeed } from './feed.js';
import { feedXmlLimits } from './xml-guard.js';

const jsonFeedSchema = z.object({
  version: z.string().regex(/jsonfeed\.org\/version\//),
  title: z.string().optional(),
  home_page_url: z.string().optional(),
  items: z.array(z.object({
    id: z.union([z.string(), z.number()]).optional(),
    url: z.string().optional(),
    external_url: z.string().optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    date_published: z.string().optional(),
    date_modified: z.string().optional(),
    authors: z.array(z.object({ name: z.string().optional() })).optional(),
    author: z.object({ name: z.string().optional() }).optional(),
    tags: z.array(z.string()).optional(),
  }).passthrough()),
}).passthrough();

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function parseJsonFeed(body: string, baseUrl: string): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw new FeedParseError('malformed', `malformed JSON feed: ${(err as Error).message}`);
  }
  // The same item cap as XML feeds (see xml-guard), applied before zod copies every item.
  const all = json && typeof json === 'object' && Array.isArray((json as { items?: unknown }).items) ? (json as { items: unknown[] }).items : null;
  const itemsInDocument = all?.length ?? 0;
  if (all && all.length > feedXmlLimits.maxItems) json = { ...(json as object), items: all.slice(0, feedXmlLimits.maxItems) };
  const parsed = jsonFeedSchema.safeParse(json);
  if (!parsed.success) throw new FeedParseError('not_a_feed', 'not a feed: JSON without a jsonfeed.org version and items');
  const items: ParsedItem[] = [];
  for (const i of parsed.data.items) {
    const url = absoluteUrl(i.url ?? i.external_url ?? '', baseUrl);
    if (!url) continue;
    const contentHtml = i.content_html ?? (i.content_text ? `<p>${escapeText(i.content_text)}</p>` : '');
    items.push({
      guid: i.id != null ? String(i.id) : null,
      url,
      title: (i.title ?? '').trim(),
      summaryHtml: i.summary ? escapeText(i.summary) : contentHtml,
      contentHtml,
      author: i.authors?.[0]?.name ?? i.author?.name ?? null,
      publishedAt: toIsoUtc(i.date_published ?? i.date_modified),
      categories: i.tags ?? [],
    });
  }
  return { title: parsed.data.title ?? null, link: absoluteUrl(parsed.data.home_page_url ?? '', baseUrl), items, itemsInDocument };
}
