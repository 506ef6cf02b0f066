// A real HTTP server on 127.0.0.1 serving fixture feeds and pages, with a request log.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;
export interface FixtureServer { url: string; port: number; hits: Map<string, number>; route(path: string, h: Handler | string, contentType?: string): void; close(): Promise<void> }

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, Handler>();
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const h = routes.get(path);
    if (h) return h(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    route(path, h, contentType = 'application/rss+xml; charset=utf-8') {
      routes.set(path, typeof h === 'string' ? (_req, res) => res.writeHead(200, { 'content-type': contentType }).end(h) : h);
    },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** An RSS 2.0 document from item descriptions. */
export function rssFeed(title: string, items: { title: string; link: string; guid?: string; date?: string; description?: string; content?: string; category?: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = items.map((i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>` +
    (i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : '') +
    (i.date ? `<pubDate>${i.date}</pubDate>` : '') +
    (i.category ? `<category>${esc(i.category)}</category>` : '') +
    (i.description ? `<description>${esc(i.description)}</description>` : '') +
    (i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : '') + '</item>').join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${esc(title)}</title><link>https://example.org/</link><description>fixture</description>\n${body}\n</channel></rss>`;
}
