// HTML list pages (press rooms without a feed) into ParsedItems, by the source's selector rules.
import * as cheerio from 'cheerio';
import type { ListRules } from '../domain/source.js';
import type { ParsedItem } from '../domain/types.js';
import { absoluteUrl, canonicalUrl } from '../domain/url.js';
import { toIsoUtc } from '../domain/time.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Applies list rules to a page. Links are made absolute and unique (first wins); a date is
 * taken only from what the page shows, never guessed. Throws when the item selector matches
 * nothing: for a scraper an empty page means broken rules, not a quiet day.
 */
export function parseListPage(html: string, pageUrl: string, rules: ListRules): ParsedItem[] {
  const $ = cheerio.load(html);
  const nodes = $(rules.item);
  if (nodes.length === 0) throw new Error(`list rule matched nothing: item selector "${rules.item}"`);
  const seen = new Set<string>();
  const items: ParsedItem[] = [];
  nodes.each((_, el) => {
    const item = $(el);
    const anchor = rules.link ? item.find(rules.link).first() : item.is('a') ? item : item.find('a').first();
    const url = absoluteUrl(anchor.attr('href') ?? '', pageUrl);
    const key = url && canonicalUrl(url);
    if (!url || !key || seen.has(key)) return;
    const title = squash(rules.title ? item.find(rules.title).first().text() : anchor.text());
    if (!title) return;
    seen.add(key);
    let publishedAt: string | null = null;
    if (rules.date) {
      const d = item.find(rules.date).first();
      publishedAt = toIsoUtc(rules.date_attr ? d.attr(rules.date_attr) : squash(d.text()));
    }
    items.push({ guid: null, url, title, summaryHtml: '', contentHtml: '', author: null, publishedAt, categories: [] });
  });
  if (items.length === 0) throw new Error(`list rules found ${nodes.length} items but none with a link and a title`);
  return items;
}
