// Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into ParsedItems. No I/O.
import Parser from 'rss-parser';
import { absoluteUrl } from '../domain/url.js';
import { toIsoUtc } from '../domain/time.js';
import type { ParsedItem } from '../domain/types.js';
import { parseJsonFeed } from './json-feed.js';

export class FeedParseError extends Error {
  constructor(readonly code: 'not_a_feed' | 'malformed', message: string) {
    super(message);
  }
}

export interface ParsedFeed { title: string | null; link: string | null; items: ParsedItem[] }

// defaultRSS 2.0: an <rss> root without a version attribute is still RSS 2.0 in practice.
const parser = new Parser({ defaultRSS: 2.0 });

type RawItem = Record<string, unknown>;

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '_' in v) return text((v as { _: unknown })._);
  return '';
}

function firstString(...values: unknown[]): string | null {
  for (const v of values) {
    const s = text(v).trim();
    if (s) return s;
  }
  return null;
}

export function toParsedItem(raw: RawItem, baseUrl: string): ParsedItem | null {
  const guid = firstString(raw.guid, raw.id);
  const link = absoluteUrl(firstString(raw.link) ?? '', baseUrl) ?? (guid ? absoluteUrl(guid) : null);
  if (!link) return null; // an item we cannot link to cannot be a story
  const contentHtml = firstString(raw['content:encoded'], raw.content) ?? '';
  const summaryHtml = firstString(raw.summary, raw.description, raw.content) ?? '';
  const title = firstString(raw.title) ?? '';
  return {
    guid,
    url: link,
    title: title.replace(/\s+/g, ' ').trim(),
    summaryHtml,
    contentHtml,
    author: firstString(raw.creator, raw.author, raw['dc:creator']),
    publishedAt: toIsoUtc(raw.isoDate ?? raw.pubDate ?? raw.published ?? raw.updated),
    categories: Array.isArray(raw.categories) ? raw.categories.map(text).filter(Boolean) : [],
  };
}

/** Parses a decoded feed document. Throws FeedParseError with a message fit for source health. */
export async function parseFeed(body: string, baseUrl: string): Promise<ParsedFeed> {
  const trimmed = body.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) return parseJsonFeed(trimmed, baseUrl);
  if (!trimmed.startsWith('<')) throw new FeedParseError('not_a_feed', 'not a feed: the document is neither XML nor JSON');
  let feed: Parser.Output<RawItem>;
  try {
    feed = await parser.parseString(trimmed);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/not recognized as RSS/i.test(message)) {
      const what = /<html[\s>]/i.test(trimmed.slice(0, 2000)) ? 'an HTML page' : 'an XML document that is not RSS or Atom';
      throw new FeedParseError('not_a_feed', `not a feed: got ${what} (${message})`);
    }
    throw new FeedParseError('malformed', `malformed feed XML: ${message.split('\n')[0]}`);
  }
  const items = (feed.items ?? []).map((i) => toParsedItem(i as RawItem, baseUrl)).filter((i): i is ParsedItem => i !== null);
  return { title: firstString(feed.title), link: absoluteUrl(feed.link ?? '', baseUrl), items };
}
