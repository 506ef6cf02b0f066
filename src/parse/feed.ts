// Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into ParsedItems. No I/O.
import Parser from 'rss-parser';
import { absoluteUrl } from '../domain/url.js';
import { toIsoUtc } from '../domain/time.js';
import type { ParsedItem } from '../domain/types.js';
import { parseJsonFeed } from './json-feed.js';
import { guardFeedXml } from './xml-guard.js';
import { parseFeedLoosely } from './feed-fallback.js';

export class FeedParseError extends Error {
  constructor(readonly code: 'not_a_feed' | 'malformed', message: string) {
    super(message);
  }
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: ParsedItem[];
  /** Items the document holds; more than items.length when a huge feed was cut (see xml-guard). */
  itemsInDocument: number;
}

// defaultRSS 2.0: an <rss> root without a version attribute is still RSS 2.0 in practice.
const parser = new Parser({ defaultRSS: 2.0, xml2js: { valueProcessors: [blankUnreadableAtomDate] } });

/**
 * rss-parser calls new Date(published).toISOString() on Atom dates, which throws on an
 * unreadable one and would fail the whole feed for one bad entry. Blanked here, the entry just
 * has no date (toIsoUtc judges the readable ones).
 */
function blankUnreadableAtomDate(value: string, name: string): string {
  const local = name.slice(name.indexOf(':') + 1);
  if ((local === 'published' || local === 'updated') && Number.isNaN(new Date(value.trim()).getTime())) return '';
  return value;
}

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
    // The date as written before rss-parser's own reading (isoDate), which turns year 0001 into 2001.
    publishedAt: toIsoUtc(raw.pubDate ?? raw.date ?? raw.isoDate ?? raw.published ?? raw.updated),
    categories: Array.isArray(raw.categories) ? raw.categories.map(text).filter(Boolean) : [],
  };
}

/** Parses a decoded feed document. Throws FeedParseError with a message fit for source health. */
export async function parseFeed(body: string, baseUrl: string): Promise<ParsedFeed> {
  const trimmed = body.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed) throw new FeedParseError('not_a_feed', 'not a feed: the document is empty');
  if (trimmed.startsWith('{')) return parseJsonFeed(trimmed, baseUrl);
  if (!trimmed.startsWith('<')) {
    const what = looksBinary(trimmed) ? 'binary data, not text' : 'the document is neither XML nor JSON';
    throw new FeedParseError('not_a_feed', `not a feed: ${what}`);
  }
  const guarded = guardFeedXml(trimmed);
  if (!guarded.ok) throw new FeedParseError('malformed', guarded.reason);
  // Whatever else it is, a document whose root is <html> is a web page, never RSS or Atom.
  if (guarded.root?.toLowerCase() === 'html') throw new FeedParseError('not_a_feed', 'not a feed: got an HTML page');
  let feed: Parser.Output<RawItem>;
  try {
    feed = await parser.parseString(guarded.xml);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // One stray entity or ampersand, a prefix on every element, an extension that trips the
    // mapping: the forgiving reader still recovers the items, as feedparser would.
    const loose = looseFeed(guarded.xml, baseUrl, guarded.itemsInDocument);
    if (loose) return loose;
    if (/not recognized as RSS/i.test(message)) {
      const what = /<html[\s>]/i.test(trimmed.slice(0, 2000)) ? 'an HTML page' : 'an XML document that is not RSS or Atom';
      throw new FeedParseError('not_a_feed', `not a feed: got ${what} (${message})`);
    }
    throw new FeedParseError('malformed', `malformed feed XML: ${message.split('\n')[0]}`);
  }
  const items = (feed.items ?? []).map((i) => toParsedItem(i as RawItem, baseUrl)).filter((i): i is ParsedItem => i !== null);
  // rss-parser read no item (or none it could link) from a document that holds some: the forgiving reader's turn.
  if (items.length === 0 && guarded.itemsInDocument > 0) {
    const loose = looseFeed(guarded.xml, baseUrl, guarded.itemsInDocument);
    if (loose && loose.items.length) return loose;
  }
  return { title: firstString(feed.title), link: absoluteUrl(feed.link ?? '', baseUrl), items, itemsInDocument: guarded.itemsInDocument };
}

function looseFeed(xml: string, baseUrl: string, itemsInDocument: number): ParsedFeed | null {
  const f = parseFeedLoosely(xml);
  if (!f) return null;
  const items = f.items.map((i) => toParsedItem({
    title: i.title, link: i.link ?? '', guid: i.guid ?? undefined, pubDate: i.date ?? undefined, description: i.summary,
    'content:encoded': i.content, creator: i.author ?? undefined, categories: i.categories,
  }, baseUrl)).filter((i): i is ParsedItem => i !== null);
  // A channel with no items is a feed with nothing new, not a broken one; items none of which
  // can be linked are no feed we can read.
  if (f.items.length > 0 && items.length === 0) return null;
  return { title: f.title, link: absoluteUrl(f.link ?? '', baseUrl), items, itemsInDocument: Math.max(itemsInDocument, f.items.length) };
}

/** Control characters (other than tab and line breaks) in the first kilobyte: text has none. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 1024);
  const controls = head.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  return controls > head.length / 20;
}
