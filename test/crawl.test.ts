// The pipeline against a real HTTP server on 127.0.0.1: feeds, pages, failures and health.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFixtureServer, rssFeed, type FixtureServer } from './helpers/fixture-server.js';
import { count, testContext } from './helpers/db.js';
import { upsertSources, getSource, listSources } from '../src/store/sources.js';
import { crawlSource } from '../src/pipeline/crawl-source.js';
import { crawlSources } from '../src/pipeline/crawl-run.js';
import type { SourceConfig } from '../src/domain/source.js';
import type { PipelineContext } from '../src/pipeline/context.js';

let srv: FixtureServer;
const longText = (topic: string) => Array.from({ length: 8 }, (_, i) => `<p>${topic} paragraph ${i}: the regulator said the measure applies to all providers operating in the market, and companies have ninety days to comply with the new obligations.</p>`).join('');

before(async () => {
  srv = await startFixtureServer();
  const feed = rssFeed('Policy Desk', [
    { title: 'FTC sues Acme over data broker sales', link: `${srv.url}/a/1`, guid: 'a1', date: 'Mon, 06 Jan 2025 10:00:00 GMT', content: longText('FTC') },
    { title: 'Japan tightens chip equipment export controls', link: `${srv.url}/a/2?utm_source=rss`, guid: 'a2', date: 'Tue, 07 Jan 2025 10:00:00 GMT', content: longText('Japan') },
  ]);
  srv.route('/feed.xml', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(feed);
  });
  srv.route('/broken.xml', '<rss version="2.0"><channel><title>x</title><item><title>unclosed</channel>');
  srv.route('/not-a-feed', '<html><head><title>Moved</title></head><body>Document moved</body></html>', 'text/html');
  srv.route('/hang', () => { /* never answers */ });
  srv.route('/huge', (_req, res) => { res.writeHead(200, { 'content-type': 'application/rss+xml' }); res.end(Buffer.alloc(3 * 1024 * 1024, 0x20)); });
  srv.route('/loop', (_req, res) => res.writeHead(302, { location: '/loop2' }).end());
  srv.route('/loop2', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
  // Summary-only feed: the article pages carry the text; one page is broken.
  srv.route('/teasers.xml', rssFeed('Teaser Wire', [
    { title: 'Brazil court suspends X nationwide', link: `${srv.url}/p/x`, guid: 't1', date: 'Fri, 30 Aug 2024 20:00:00 GMT', description: 'Short teaser.' },
    { title: 'Korea fines platform over privacy breach', link: `${srv.url}/p/broken`, guid: 't2', date: 'Sat, 31 Aug 2024 08:00:00 GMT', description: 'Another teaser.' },
  ]));
  srv.route('/p/x', `<html><head><title>Brazil</title></head><body><nav>menu</nav><article><h1>Brazil court suspends X nationwide</h1>${longText('Brazil')}</article><footer>footer</footer></body></html>`, 'text/html; charset=utf-8');
  srv.route('/p/broken', (_req, res) => res.writeHead(500).end('oops'));
  // An html press room with selector rules for the list and the article.
  srv.route('/press', `<html><body><ul class="news">
      <li><a class="t" href="/press/one">Ministry publishes AI procurement rules</a><time datetime="2025-02-03T09:00:00Z">3 Feb</time></li>
      <li><a class="t" href="/press/two">Ministry opens probe into cloud market</a><time>no date here</time></li>
      <li><a class="t" href="/press/one">Duplicate link is ignored</a></li>
    </ul></body></html>`, 'text/html');
  srv.route('/press/one', `<html><body><div class="article-body">${longText('Procurement')}</div><div class="share">share me</div></body></html>`, 'text/html');
  srv.route('/press/two', `<html><body><div class="article-body">${longText('Cloud probe')}</div></body></html>`, 'text/html');
});
after(() => srv.close());

function withSources(ctx: PipelineContext, list: Partial<SourceConfig>[]) {
  upsertSources(ctx.db, list.map((s) => ({ kind: 'rss', every: '1h', tier: 2, tags: [], name: s.id!, ...s }) as SourceConfig));
}

test('an RSS source is crawled into stories and signals; a re-crawl duplicates nothing and 304 is cheap', async () => {
  const ctx = testContext();
  withSources(ctx, [{ id: 'desk', url: `${srv.url}/feed.xml` }]);
  const first = await crawlSource(ctx, getSource(ctx.db, 'desk')!);
  assert.deepEqual([first.status, first.added], ['ok', 2]);
  const urls = (ctx.db.prepare('SELECT canonical_url FROM stories ORDER BY id').all() as { canonical_url: string }[]).map((r) => r.canonical_url);
  assert.equal(urls[1], `${srv.url}/a/2`, 'tracking parameter stripped');
  const health = getSource(ctx.db, 'desk')!;
  assert.equal(health.status, 'ok');
  assert.equal(health.etag, '"v1"');
  const second = await crawlSource(ctx, health);
  assert.equal(second.status, 'not_modified');
  // Without the validator, a full re-crawl still adds nothing.
  ctx.db.prepare('UPDATE sources SET etag = NULL').run();
  const third = await crawlSource(ctx, getSource(ctx.db, 'desk')!);
  assert.deepEqual([third.status, third.added, third.known], ['ok', 0, 2]);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM stories'), 2);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM signal_stories'), 2);
});

test('failing sources mark their health and the pass goes on', async () => {
  const ctx = testContext(undefined, { totalTimeoutMs: 600, connectTimeoutMs: 300, maxBodyBytes: 1024 * 1024 });
  withSources(ctx, [
    { id: 'good', url: `${srv.url}/feed.xml` },
    { id: 'malformed', url: `${srv.url}/broken.xml` },
    { id: 'html-page', url: `${srv.url}/not-a-feed` },
    { id: 'hangs', url: `${srv.url}/hang` },
    { id: 'huge', url: `${srv.url}/huge` },
    { id: 'loop', url: `${srv.url}/loop` },
    { id: 'missing', url: `${srv.url}/404` },
  ]);
  const summary = await crawlSources(ctx, listSources(ctx.db).map((s) => getSource(ctx.db, s.id)!));
  assert.equal(summary.sources, 7);
  assert.equal(summary.ok, 1);
  assert.equal(summary.failed, 6);
  const byId = Object.fromEntries(listSources(ctx.db).map((s) => [s.id, s]));
  assert.equal(byId.good!.story_count, 2);
  assert.match(byId.malformed!.last_error!, /malformed/);
  assert.match(byId['html-page']!.last_error!, /not a feed/);
  assert.match(byId.hangs!.last_error!, /timeout/);
  assert.match(byId.huge!.last_error!, /too_large/);
  assert.match(byId.loop!.last_error!, /too_many_redirects/);
  assert.match(byId.missing!.last_error!, /404/);
  for (const id of ['malformed', 'hangs', 'missing']) {
    const s = byId[id]!;
    assert.equal(s.status, 'error');
    assert.equal(s.error_count, 1);
    const wait = Date.parse(s.next_fetch_at!) - Date.parse(s.last_fetched_at!);
    assert.ok(wait >= 0.8 * 3_600_000 && wait <= 1.2 * 3_600_000, `${id} backs off ~1 h, got ${wait}`);
  }
  // A second failure doubles the wait; the source is never given up.
  await crawlSource(ctx, getSource(ctx.db, 'malformed')!);
  const again = getSource(ctx.db, 'malformed')!;
  assert.equal(again.error_count, 2);
  const wait2 = Date.parse(again.next_fetch_at!) - Date.parse(again.last_fetched_at!);
  assert.ok(wait2 >= 1.6 * 3_600_000 && wait2 <= 2.4 * 3_600_000, String(wait2));
  assert.equal(again.enabled, 1);
});

test('the private-address guard refuses loopback unless allowed', async () => {
  const ctx = testContext(undefined, { allowPrivateNetworks: false });
  withSources(ctx, [{ id: 'local', url: `${srv.url}/feed.xml` }, { id: 'localhost', url: `http://localhost:${srv.port}/feed.xml` }]);
  for (const id of ['local', 'localhost']) {
    const o = await crawlSource(ctx, getSource(ctx.db, id)!);
    assert.equal(o.status, 'error');
    assert.match(o.error!, /blocked_address/);
  }
});

test('summary-only items get the article text, fetched once; a broken page keeps the summary', async () => {
  const ctx = testContext();
  withSources(ctx, [{ id: 'teasers', url: `${srv.url}/teasers.xml` }]);
  const o = await crawlSource(ctx, getSource(ctx.db, 'teasers')!);
  assert.deepEqual([o.status, o.added], ['ok', 2]);
  const rows = ctx.db.prepare('SELECT url, content_text, full_text FROM stories ORDER BY id').all() as { url: string; content_text: string; full_text: number }[];
  assert.equal(rows[0]!.full_text, 1);
  assert.match(rows[0]!.content_text, /Brazil paragraph 3/);
  assert.doesNotMatch(rows[0]!.content_text, /footer/);
  assert.equal(rows[1]!.full_text, 0);
  assert.match(rows[1]!.content_text, /Another teaser/);
  const hitsBefore = srv.hits.get('/p/x');
  ctx.db.prepare('DELETE FROM signal_stories').run();
  ctx.db.prepare('DELETE FROM stories').run();
  await crawlSource(ctx, getSource(ctx.db, 'teasers')!);
  assert.equal(srv.hits.get('/p/x'), hitsBefore, 'article page served from the cache');
});

test('an html source is read with its selector rules; dates come only from the page', async () => {
  const ctx = testContext();
  withSources(ctx, [{
    id: 'press', kind: 'html', url: `${srv.url}/press`,
    list: { item: 'ul.news li', link: 'a.t', title: 'a.t', date: 'time', date_attr: 'datetime' },
    article: { body: '.article-body' },
  }]);
  const o = await crawlSource(ctx, getSource(ctx.db, 'press')!);
  assert.equal(o.status, 'ok', o.error ?? '');
  assert.equal(o.added, 2, 'duplicate link ignored');
  const rows = ctx.db.prepare('SELECT title, published_at, published_at_source, content_text FROM stories ORDER BY id').all() as Record<string, string>[];
  assert.equal(rows[0]!.published_at, '2025-02-03T09:00:00.000Z');
  assert.equal(rows[0]!.published_at_source, 'feed');
  assert.equal(rows[1]!.published_at_source, 'first_seen', 'no date on the page: first-seen, and it says so');
  assert.match(rows[0]!.content_text!, /Procurement paragraph 7/);
  assert.doesNotMatch(rows[0]!.content_text!, /share me/);
});

test('an html source whose rules match nothing is an error, not a quiet day', async () => {
  const ctx = testContext();
  withSources(ctx, [{ id: 'press2', kind: 'html', url: `${srv.url}/press`, list: { item: 'div.gone' } }]);
  const o = await crawlSource(ctx, getSource(ctx.db, 'press2')!);
  assert.equal(o.status, 'error');
  assert.match(o.error!, /matched nothing/);
});
