// Real publishers' feeds that a strict XML parser rejects still give their items: HTML entities
// outside CDATA, bare ampersands, RSS 1.0/RDF, Atom 0.3 with the link as text, a namespace
// prefix on every element, a channel with no items. Our own small fixtures, written for this test
// after the classes issue 14 lists; one of them crawled through a real HTTP server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '../src/parse/feed.js';
import { startFixtureServer } from './helpers/fixture-server.js';
import { count, testContext } from './helpers/db.js';
import { getSource, upsertSources } from '../src/store/sources.js';
import { crawlSource } from '../src/pipeline/crawl-source.js';
import type { SourceConfig } from '../src/domain/source.js';

const entities = `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk &nbsp; news</title>
<item><title>Regulator fines carrier &mdash; and it&rsquo;s a record</title><link>https://news.example/a?id=1&ref=rss</link><guid>a1</guid>
<pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate><description>The telecom regulator fined the carrier &euro;5m &amp; ordered fixes.</description></item>
<item><title>Ministry & regulator open joint probe</title><link>https://news.example/a?id=2</link><guid>a2</guid></item></channel></rss>`;

test('HTML entities and bare ampersands: every item, text decoded', async () => {
  const f = await parseFeed(entities, 'https://news.example/feed');
  assert.deepEqual(f.items.map((i) => i.title), ['Regulator fines carrier — and it’s a record', 'Ministry & regulator open joint probe']);
  assert.equal(f.items[0]!.url, 'https://news.example/a?id=1&ref=rss');
  assert.equal(f.items[0]!.publishedAt, '2025-01-06T10:00:00.000Z');
  assert.match(f.items[0]!.summaryHtml, /€5m & ordered/);
});

test('RSS 1.0 (RDF), Atom 0.3 with the link as text, a prefix on every element', async () => {
  const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link></channel>
    <item rdf:about="https://r.example/1"><title>One &hellip;</title><link>https://r.example/1</link><dc:date>2024-01-01T00:00:00Z</dc:date></item></rdf:RDF>`;
  assert.deepEqual((await parseFeed(rdf, 'https://r.example/')).items.map((i) => [i.title, i.url, i.publishedAt]), [['One …', 'https://r.example/1', '2024-01-01T00:00:00.000Z']]);
  const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>A</title>
    <entry><title>e1</title><link>https://b.example/1</link><id>tag:b,1</id><modified>2004-01-02T00:00:00Z</modified><content type="text/html" mode="escaped">&lt;p&gt;body&lt;/p&gt;</content></entry></feed>`;
  const a = (await parseFeed(atom03, 'https://b.example/')).items;
  assert.deepEqual(a.map((i) => [i.title, i.url, i.guid, i.publishedAt]), [['e1', 'https://b.example/1', 'tag:b,1', '2004-01-02T00:00:00.000Z']]);
  const prefixed = `<rss:rss xmlns:rss="http://purl.org/rss/2.0/"><rss:channel><rss:title>P</rss:title><rss:item><rss:title>p1</rss:title><rss:link>https://c.example/1</rss:link></rss:item></rss:channel></rss:rss>`;
  assert.deepEqual((await parseFeed(prefixed, 'https://c.example/')).items.map((i) => [i.title, i.url]), [['p1', 'https://c.example/1']]);
});

test('a channel with no items is an empty feed, not an error; a page is still not a feed', async () => {
  const f = await parseFeed('<rss version="2.0"><channel><title>quiet</title><link>https://q.example/</link></channel></rss>', 'https://q.example/');
  assert.equal(f.items.length, 0);
  await assert.rejects(parseFeed('<html><body><p>Moved &nbsp; here</p></body></html>', 'https://q.example/'), /not a feed/);
});

const srv = await startFixtureServer();
after(() => srv.close());

test('crawled: a feed with entities outside CDATA lands its stories and the source is healthy', async () => {
  srv.route('/entities.xml', entities, 'application/rss+xml');
  const ctx = testContext();
  upsertSources(ctx.db, [{ id: 'desk', name: 'Desk', kind: 'rss', url: `${srv.url}/entities.xml`, every: '1h', tier: 2, tags: [] } as SourceConfig]);
  const r = await crawlSource(ctx, getSource(ctx.db, 'desk')!);
  assert.equal(r.status, 'ok');
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM stories'), 2);
  assert.equal(getSource(ctx.db, 'desk')!.status, 'ok');
});
