// A real HTTP server on 127.0.0.1 serving hostile feeds, every body made on the fly: the big
// ones are streamed with backpressure and stop when the client hangs up, so a 500 MB body or a
// gzip bomb costs the test process a few MB, and the server counts what it actually sent.
//
// The feeds are addressed by a made-up public name (hostile.test) that the fetcher deps below
// resolve to the server, so the crawl runs with the private-address guard ON: the server is
// reachable by its "public" name only, and every redirect to a private or loopback address
// (including this very server by IP) is refused.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { isPrivateAddress, type FetcherDeps } from '../../src/fetch/index.js';

export const hostileHost = 'hostile.test';
/** A name that resolves to the cloud metadata address, to exercise the guard on DNS answers. */
export const metadataHost = 'metadata.hostile.test';

/** The fetcher seams: hostile.test is "public" and points at the server; all else is judged for real. */
export function hostileFetcherDeps(): FetcherDeps {
  return {
    resolveHost: async (host) => {
      if (host === hostileHost) return [{ address: '127.0.0.1', family: 4 }];
      if (host === metadataHost) return [{ address: '169.254.169.254', family: 4 }];
      if (host === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }); // offline: no real DNS
    },
    isBlockedAddress: (ip, host) => host !== hostileHost && isPrivateAddress(ip),
  };
}

/** Every hostile case as a source: id, path on the server, and what it does. */
export const hostileFeeds: { id: string; path: string; what: string }[] = [
  { id: 'good', path: '/good.xml', what: 'a well-behaved feed with three full-text items' },
  { id: 'malformed', path: '/malformed.xml', what: 'XML with unclosed and mismatched tags' },
  { id: 'binary', path: '/binary', what: '256 KB of random bytes labelled application/rss+xml' },
  { id: 'html-page', path: '/html-page', what: 'a web page instead of a feed' },
  { id: 'charset-1252-as-utf8', path: '/charset/1252-as-utf8', what: 'header says utf-8, bytes are windows-1252' },
  { id: 'charset-sjis-as-utf8', path: '/charset/sjis-as-utf8', what: 'header says utf-8, XML says and bytes are Shift_JIS' },
  { id: 'charset-bom-vs-decl', path: '/charset/bom-vs-decl', what: 'UTF-8 BOM, XML says windows-1252, header iso-8859-1' },
  { id: 'charset-utf16-lie', path: '/charset/utf16-lie', what: 'header says utf-16, bytes are UTF-8' },
  { id: 'body-50mb', path: '/body/50mb', what: 'a declared 50 MB body' },
  { id: 'body-500mb', path: '/body/500mb', what: 'an undeclared (chunked) 500 MB body' },
  { id: 'gzip-bomb', path: '/gzip-bomb', what: '4 MB of gzip that inflates to 4 GB' },
  { id: 'trickle', path: '/trickle', what: 'a feed sent one byte a second' },
  { id: 'redirect-loop', path: '/loop/a', what: 'a → b → a → …' },
  { id: 'redirect-private', path: '/redirect/private', what: 'a redirect to http://10.0.0.1/' },
  { id: 'redirect-metadata', path: '/redirect/metadata', what: 'a redirect to the cloud metadata address 169.254.169.254' },
  { id: 'redirect-loopback', path: '/redirect/loopback', what: 'a redirect to this server by its loopback address' },
  { id: 'redirect-name', path: '/redirect/name', what: 'a redirect to a name that resolves to 169.254.169.254' },
  { id: 'billion-laughs', path: '/billion-laughs.xml', what: 'nested entity expansion' },
  { id: 'xxe', path: '/xxe.xml', what: 'external entities (file:, http:) and an external parameter entity' },
  { id: 'nested', path: '/nested.xml', what: '10,000 nested elements inside an item' },
  { id: 'items-100k', path: '/items-100k.xml', what: '100,000 items (8 MB, under the 10 MB cap)' },
  { id: 'dup-guids', path: '/dup-guids.xml', what: 'one guid five times, one link twice; a new link for the guid on the next fetch' },
  { id: 'dates', path: '/dates.xml', what: 'years 0001, 1800, 2400 and 9999, unreadable dates, one good date' },
  { id: 'dates-atom', path: '/dates.atom', what: 'Atom with an unreadable and a year-9999 date' },
];

export const bigItemCount = 100_000;

export interface HostileServer {
  port: number;
  /** When the server started: the "now" of the dated feeds. */
  startedAt: number;
  /** http://hostile.test:PORT — the name the fetcher deps resolve to this server. */
  origin: string;
  url(path: string): string;
  hits(path: string): number;
  /** Body bytes handed to the socket for a path (summed over requests). */
  sent(path: string): number;
  close(): Promise<void>;
}

/** Paragraphs long enough (≥ 700 characters of text) that the pipeline needs no article page. */
export function fullText(topic: string): string {
  return Array.from({ length: 6 }, (_, i) => `<p>${topic}, paragraph ${i}: the authority said the measure applies to every provider in the market, and firms have ninety days to comply with the new obligations.</p>`).join('');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rss(items: string[], extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"${extra}><channel><title>Hostile</title><link>https://hostile.example/</link><description>x</description>\n${items.join('\n')}\n</channel></rss>`;
}

function item(o: { title: string; link: string; guid?: string; date?: string; content?: string }): string {
  return `<item><title>${esc(o.title)}</title><link>${esc(o.link)}</link>${o.guid ? `<guid isPermaLink="false">${esc(o.guid)}</guid>` : ''}` +
    `${o.date ? `<pubDate>${o.date}</pubDate>` : ''}<description>${esc(o.content ?? fullText(o.title))}</description></item>`;
}

/** Titles the charset cases must come out with, whatever the labels said. */
export const charsetTitles = {
  'charset-1252-as-utf8': 'Café crème: naïve Zürich rules on données',
  'charset-sjis-as-utf8': '日本の規制当局がデータ保護で罰金',
  'charset-bom-vs-decl': 'Zürich regulator — 中文 rules',
  'charset-utf16-lie': 'Crème brûlée: EU rules on données',
} as const;

/** Dates in the dates feeds, with what the pipeline must make of them (null: not trusted). */
export function datedItems(now: number): { date: string; trusted: string | null }[] {
  const good = new Date(now - 86_400_000);
  good.setUTCMilliseconds(0);
  return [
    { date: good.toUTCString(), trusted: good.toISOString() },
    { date: 'Mon, 01 Jan 0001 00:00:00 GMT', trusted: null }, // V8 alone would read this as 2001
    { date: 'Wed, 01 Jan 1800 00:00:00 GMT', trusted: null },
    { date: 'Fri, 31 Dec 9999 23:59:59 GMT', trusted: null },
    { date: 'Sat, 01 Jan 2400 00:00:00 GMT', trusted: null },
    { date: 'not a date at all', trusted: null },
    { date: 'Tue, 45 Foo 2024 99:99:99 GMT', trusted: null },
  ];
}

export async function startHostileServer(): Promise<HostileServer> {
  const hits = new Map<string, number>();
  const sent = new Map<string, number>();
  let port = 0;
  const startedAt = Date.now();
  const url = (path: string) => `http://${hostileHost}:${port}${path}`;
  const count = (path: string, n: number) => sent.set(path, (sent.get(path) ?? 0) + n);
  // 16 MB of spaces in one gzip member (~16 KB); members concatenate into one valid gzip stream.
  const bombMember = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20), { level: 9 });
  const bombHead = gzipSync(Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>bomb</title>'));

  /** Streams chunks from next() until it returns null or the client goes away, minding backpressure. */
  function stream(path: string, res: ServerResponse, next: () => Buffer | string | null): void {
    let closed = false;
    res.on('close', () => { closed = true; });
    const pump = () => {
      while (!closed) {
        const chunk = next();
        if (chunk === null) { res.end(); return; }
        count(path, Buffer.byteLength(chunk));
        if (!res.write(chunk)) { res.once('drain', pump); return; }
      }
    };
    pump();
  }

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, path: string) => void> = {
    '/good.xml': (req, res) => {
      if (req.headers['if-none-match'] === '"good-v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"good-v1"' }).end(rss([
        item({ title: 'FTC sues Acme over data broker sales', link: url('/good/1'), guid: 'good-1', date: new Date(startedAt - 3_600_000).toUTCString() }),
        item({ title: 'Japan tightens chip equipment export controls', link: url('/good/2'), guid: 'good-2', date: new Date(startedAt - 7_200_000).toUTCString() }),
        item({ title: 'Brazil court suspends messaging app nationwide', link: url('/good/3'), guid: 'good-3', date: new Date(startedAt - 10_800_000).toUTCString() }),
      ]));
    },
    '/malformed.xml': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' })
      .end('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>unclosed<link>https://e.org/1</link></item></channel></rss'),
    '/binary': (_q, res) => {
      let x = 0x2545f491; // xorshift32: the same garbage every run
      const bytes = Buffer.alloc(256 * 1024);
      for (let i = 0; i < bytes.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; bytes[i] = x & 0xff; }
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes); // a PNG signature
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(bytes);
    },
    '/html-page': (_q, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!DOCTYPE html><html><head><title>News</title><link rel="alternate" type="application/rss+xml" href="/feed"></head><body>${'<p>Welcome<br>to our news page<img src="x.png">'.repeat(300)}</body></html>`),
    '/charset/1252-as-utf8': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
      .end(Buffer.from(rss([item({ title: charsetTitles['charset-1252-as-utf8'], link: url('/c/1252'), guid: 'c-1252' })]).replace('encoding="UTF-8"', ''), 'latin1')),
    '/charset/sjis-as-utf8': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
      .end(encodeShiftJis(rss([item({ title: charsetTitles['charset-sjis-as-utf8'], link: url('/c/sjis'), guid: 'c-sjis', content: `<p>${'個人データの保護に関する規則が強化され、事業者は九十日以内に対応する必要があります。'.repeat(20)}</p>` })]).replace('encoding="UTF-8"', 'encoding="Shift_JIS"'))),
    '/charset/bom-vs-decl': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=iso-8859-1' })
      .end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss([item({ title: charsetTitles['charset-bom-vs-decl'], link: url('/c/bom'), guid: 'c-bom' })]).replace('encoding="UTF-8"', 'encoding="windows-1252"'))])),
    '/charset/utf16-lie': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-16' })
      .end(rss([item({ title: charsetTitles['charset-utf16-lie'], link: url('/c/utf16'), guid: 'c-utf16' })]).replace('encoding="UTF-8"', '')),
    '/body/50mb': (_q, res, path) => {
      const total = 50 * 1024 * 1024;
      let left = total;
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(total) });
      stream(path, res, () => { if (left <= 0) return null; left -= chunk.length; return chunk; });
    },
    '/body/500mb': (_q, res, path) => {
      let left = 500 * 1024 * 1024;
      const items = Buffer.from(Array.from({ length: 500 }, (_, i) => `<item><title>Endless ${i}</title><link>/e/${i}</link></item>`).join(''));
      let first = true;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }); // no length: chunked
      stream(path, res, () => {
        if (first) { first = false; return '<?xml version="1.0"?><rss version="2.0"><channel><title>endless</title>'; }
        if (left <= 0) return null;
        left -= items.length;
        return items;
      });
    },
    '/gzip-bomb': (_q, res, path) => {
      let members = 256; // × 16 MB = 4 GB inflated
      let first = true;
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      stream(path, res, () => {
        if (first) { first = false; return bombHead; }
        return members-- > 0 ? bombMember : null;
      });
    },
    '/trickle': (_q, res, path) => {
      const doc = rss([item({ title: 'Slow news', link: url('/slow/1'), guid: 'slow-1' })]);
      let i = 0;
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => {
        if (i >= doc.length) { clearInterval(timer); res.end(); return; }
        count(path, 1);
        res.write(doc[i++]!);
      }, 1000);
      res.write(doc[i++]!);
      res.on('close', () => clearInterval(timer));
    },
    '/loop/a': (_q, res) => res.writeHead(302, { location: '/loop/b' }).end(),
    '/loop/b': (_q, res) => res.writeHead(302, { location: '/loop/a' }).end(),
    '/redirect/private': (_q, res) => res.writeHead(302, { location: 'http://10.0.0.1/feed.xml' }).end(),
    '/redirect/metadata': (_q, res) => res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/redirect/loopback': (_q, res) => res.writeHead(301, { location: `http://127.0.0.1:${port}/good.xml` }).end(),
    '/redirect/name': (_q, res) => res.writeHead(302, { location: `http://${metadataHost}/latest/meta-data/` }).end(),
    '/billion-laughs.xml': (_q, res) => {
      const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels}]>` +
        `<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>${url('/laughs/1')}</link></item></channel></rss>`);
    },
    '/xxe.xml': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % remote SYSTEM "${url('/xxe-dtd')}"> %remote; ` +
      `<!ENTITY passwd SYSTEM "file:///etc/passwd"><!ENTITY probe SYSTEM "${url('/xxe-probe')}">]>` +
      `<rss version="2.0"><channel><title>x</title><item><title>&passwd; &probe;</title><link>${url('/xxe/1')}</link><description>&passwd;</description></item></channel></rss>`),
    '/nested.xml': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([
      `<item><title>Deep</title><link>${url('/deep/1')}</link><guid>deep-1</guid>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</item>`,
    ])),
    '/items-100k.xml': (req, res, path) => {
      // ~80 bytes an item, so the 100,000 fit under the fetcher's default 10 MB cap and it is
      // the parser's item cap, not the size cap, that has to keep this bounded.
      if (req.headers['if-none-match'] === '"big-v1"') return void res.writeHead(304).end();
      let i = -1;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"big-v1"' });
      stream(path, res, () => {
        if (i === -1) { i = 0; return '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://big.example/</link>\n'; }
        if (i > bigItemCount) return null;
        if (i === bigItemCount) { i++; return '</channel></rss>\n'; }
        const parts: string[] = [];
        for (const end = Math.min(i + 1000, bigItemCount); i < end; i++) parts.push(`<item><title>Notice ${i}</title><link>/n/${i}</link><guid>n${i}</guid></item>`);
        return parts.join('\n');
      });
    },
    '/dup-guids.xml': (_q, res, path) => {
      // The second and later fetches offer the repeated guid once more, with a new link and title.
      const later = (hits.get(path) ?? 0) > 1;
      const items = later
        ? [item({ title: 'Same guid, new link on a later fetch', link: url('/s/6'), guid: 'same-guid' }), item({ title: 'Ministry opens cloud market probe', link: url('/s/c'), guid: 'c' })]
        : [
            ...[1, 2, 3, 4, 5].map((n) => item({ title: `Regulator fines telecom over outage, copy ${n}`, link: url(`/s/${n}`), guid: 'same-guid' })),
            item({ title: 'Court blocks app store rules', link: url('/s/b'), guid: 'b1' }),
            item({ title: 'Court blocks app store rules (updated)', link: url('/s/b?utm_source=rss'), guid: 'b2' }),
            item({ title: 'Ministry opens cloud market probe', link: url('/s/c'), guid: 'c' }),
          ];
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss(items));
    },
    '/dates.xml': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss(
      datedItems(startedAt).map((d, n) => item({ title: `Dated story ${n} on spectrum auction rules`, link: url(`/d/${n}`), guid: `d${n}`, date: d.date })),
    )),
    '/dates.atom': (_q, res) => {
      const good = new Date(startedAt - 86_400_000).toISOString();
      const entry = (n: number, date: string) => `<entry><title>Atom story ${n} on satellite licensing</title><link href="${url(`/atom/${n}`)}"/><id>atom-${n}</id>` +
        `<published>${date}</published><content type="html">${esc(fullText(`Atom ${n}`))}</content></entry>`;
      res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom dates</title><id>x</id>` +
        `${entry(0, good)}${entry(1, 'not a date')}${entry(2, '9999-12-31T23:59:59Z')}${entry(3, '0001-01-01T00:00:00Z')}</feed>`);
    },
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) return route(req, res, path);
    // Article pages of the teaser items (and anything else): a quick 404.
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    startedAt,
    origin: `http://${hostileHost}:${port}`,
    url,
    hits: (path) => hits.get(path) ?? 0,
    sent: (path) => sent.get(path) ?? 0,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

let sjisTable: Map<string, number[]> | null = null;

/** Shift_JIS bytes for a string. TextDecoder reads Shift_JIS but nothing writes it, so invert it once. */
export function encodeShiftJis(text: string): Buffer {
  if (!sjisTable) {
    sjisTable = new Map();
    const decoder = new TextDecoder('shift_jis', { fatal: true });
    for (let lead = 0x81; lead <= 0xef; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        if (trail === 0x7f) continue;
        try {
          const ch = decoder.decode(Uint8Array.of(lead, trail));
          if (!sjisTable.has(ch)) sjisTable.set(ch, [lead, trail]);
        } catch { /* not a character */ }
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) { out.push(code); continue; }
    const bytes = sjisTable.get(ch);
    if (!bytes) throw new Error(`no Shift_JIS bytes for ${ch}`);
    out.push(...bytes);
  }
  return Buffer.from(out);
}
