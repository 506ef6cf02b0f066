// OPML 1.0/2.0 subscription lists in and out. Pure.
import * as cheerio from 'cheerio';
import { absoluteUrl } from '../domain/url.js';

export interface OpmlFeed { title: string; xmlUrl: string; htmlUrl: string | null; category: string | null }

export function parseOpml(text: string): OpmlFeed[] {
  const $ = cheerio.load(text, { xml: true });
  if ($('opml').length === 0) throw new Error('not an OPML document: no <opml> root');
  const feeds: OpmlFeed[] = [];
  $('outline[xmlUrl], outline[xmlurl]').each((_, el) => {
    const o = $(el);
    const xmlUrl = absoluteUrl(o.attr('xmlUrl') ?? o.attr('xmlurl') ?? '');
    if (!xmlUrl) return;
    const parent = o.parent('outline');
    feeds.push({
      title: (o.attr('title') ?? o.attr('text') ?? xmlUrl).trim(),
      xmlUrl,
      htmlUrl: absoluteUrl(o.attr('htmlUrl') ?? o.attr('htmlurl') ?? ''),
      category: parent.length ? (parent.attr('title') ?? parent.attr('text') ?? null) : null,
    });
  });
  return feeds;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildOpml(title: string, feeds: { title: string; xmlUrl: string; kind: string }[], now = new Date()): string {
  const lines = feeds.map((f) => `    <outline type="${f.kind === 'rss' ? 'rss' : 'link'}" text="${attr(f.title)}" title="${attr(f.title)}" xmlUrl="${attr(f.xmlUrl)}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head>\n    <title>${attr(title)}</title>\n    <dateCreated>${now.toUTCString()}</dateCreated>\n  </head>\n  <body>\n${lines.join('\n')}\n  </body>\n</opml>\n`;
}
