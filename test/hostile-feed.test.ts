// Hostile input (issue 7): every case served by a real HTTP server (test/helpers/hostile-server.ts)
// and crawled in one pass with the private-address guard on. The crawl goes on, the good source
// lands, each hostile source's health says why in plain words, nothing is lost or duplicated,
// and a fresh process crawling all of it stays under 300 MB resident.
//
// Decided behaviour, case by case:
// - too big (declared 50 MB, streamed 500 MB, a gzip bomb): cut at the 10 MB cap, counted after
//   decompression, long before the server has sent it all → "too large".
// - one byte a second: "timed out" at the fetcher's deadline for the whole response.
// - redirect loop → "redirect loop"; a redirect to 10/8, 169.254.169.254, loopback, or a name
//   resolving there → "blocked private address … (redirected from …)", never connected.
// - DTD entities (billion laughs, XXE): the document is refused before parsing; nothing is
//   expanded or fetched. 10,000 nested elements: refused (limit 256 levels).
// - 100,000 items: the document is cut after its first 2,000 items (feeds list newest first),
//   and a pass ingests at most 500 new items, the newest; the rest come in the next passes, which
//   are scheduled within 15 minutes and fetched in full (no validators kept meanwhile).
// - a guid (or a link) repeated in a feed, or again in a later fetch, is one story.
// - dates before 1990 or more than two days ahead, and unreadable ones, are not trusted: the story
//   is dated when it was first seen and says so (published_at_source 'first_seen'). Never
//   invented: "01 Jan 0001" is not read as 2001.
// - lying charsets: the BOM beats every label; a utf-8 header on bytes that are not UTF-8 yields to
//   the document's own declaration when the bytes bear it out, else windows-1252; a utf-16 label
//   on bytes without a single NUL is ignored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed, FeedParseError } from '../src/parse/feed.js';
import { createFetcher, decodeBody } from '../src/fetch/index.js';
import { toIsoUtc } from '../src/domain/time.js';
import { upsertSources, getSource, listSources, type SourceWithCount } from '../src/store/sources.js';
import { crawlSources, type RunSummary } from '../src/pipeline/crawl-run.js';
import { selectItems } from '../src/pipeline/select-items.js';
import type { SourceConfig } from '../src/domain/source.js';
import type { ParsedItem } from '../src/domain/types.js';
import type { PipelineContext } from '../src/pipeline/context.js';
import { count, memoryDb, testContext } from './helpers/db.js';
import { projectRoot } from './helpers/corpora.js';
import {
  bigItemCount, charsetTitles, datedItems, encodeShiftJis, hostileFeeds, hostileFetcherDeps, startHostileServer, type HostileServer,
} from './helpers/hostile-server.js';

let srv: HostileServer;
before(async () => { srv = await startHostileServer(); });
after(() => srv.close());

const MB = 1024 * 1024;

// ---------------------------------------------------------------- the parser on its own

const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');

test('billion laughs is refused as malformed, quickly', async () => {
  const doc = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels}]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://e.org/1</link></item></channel></rss>`;
  const t = performance.now();
  await assert.rejects(parseFeed(doc, 'https://e.org/'), (e: unknown) => e instanceof FeedParseError && e.code === 'malformed' && /entities/.test(e.message));
  assert.ok(performance.now() - t < 1000);
});

test('an external entity is never resolved', async () => {
  const doc = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>x</title><item><title>&xxe;</title><link>https://e.org/1</link></item></channel></rss>';
  try {
    const feed = await parseFeed(doc, 'https://e.org/');
    assert.doesNotMatch(JSON.stringify(feed), /root:/);
  } catch (err) {
    assert.ok(err instanceof FeedParseError); // refusing is fine too; reading the file is not
  }
});

const rssOf = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://e.org/</link>${items}</channel></rss>`;
const bigDoc = (n: number) => rssOf(Array.from({ length: n }, (_, i) => `<item><title>Notice ${i}</title><link>/n/${i}</link><guid>n${i}</guid></item>`).join('\n'));

test('nesting: 10,000 levels are refused before the parser recurses; 200 levels still parse', async () => {
  const deep = (n: number) => rssOf(`<item><title>Deep</title><link>https://e.org/1</link>${'<x>'.repeat(n)}${'</x>'.repeat(n)}</item>`);
  await assert.rejects(parseFeed(deep(10_000), 'https://e.org/'), (e: unknown) => e instanceof FeedParseError && /nested more than 256 levels deep/.test(e.message));
  const ok = await parseFeed(deep(200), 'https://e.org/');
  assert.deepEqual(ok.items.map((i) => i.title), ['Deep']);
});

test('100,000 items: the document is cut after the first 2,000, well-formed, and says how many it held', async () => {
  const feed = await parseFeed(bigDoc(bigItemCount), 'https://e.org/');
  assert.equal(feed.items.length, 2000);
  assert.equal(feed.itemsInDocument, bigItemCount);
  assert.equal(feed.items[0]!.title, 'Notice 0');
  assert.equal(feed.items[1999]!.title, 'Notice 1999');
  assert.equal(feed.items[1999]!.url, 'https://e.org/n/1999');
  // Atom too (the cut closes </feed>), and JSON Feed; a feed at the cap is not cut.
  const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>a</title>${Array.from({ length: 2500 }, (_, i) => `<entry><title>E${i}</title><link href="https://e.org/e/${i}"/><id>e${i}</id></entry>`).join('')}</feed>`;
  const a = await parseFeed(atom, 'https://e.org/');
  assert.deepEqual([a.items.length, a.itemsInDocument, a.items.at(-1)!.title], [2000, 2500, 'E1999']);
  const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: Array.from({ length: 3000 }, (_, i) => ({ id: `j${i}`, url: `https://e.org/j/${i}` })) });
  const j = await parseFeed(json, 'https://e.org/');
  assert.deepEqual([j.items.length, j.itemsInDocument], [2000, 3000]);
  const exact = await parseFeed(bigDoc(2000), 'https://e.org/');
  assert.deepEqual([exact.items.length, exact.itemsInDocument], [2000, 2000]);
});

test('an item with 150,000 elements is refused by the element cap; a web page full of <br> is "not a feed"', async () => {
  const categories = rssOf(`<item><title>c</title><link>https://e.org/1</link>${'<category>x</category>'.repeat(150_000)}</item>`);
  await assert.rejects(parseFeed(categories, 'https://e.org/'), (e: unknown) => e instanceof FeedParseError && /more than 100000 XML elements/.test(e.message));
  const page = `<!DOCTYPE html><html><body>${'<p>news<br><img src="x.png">'.repeat(500)}</body></html>`;
  await assert.rejects(parseFeed(page, 'https://e.org/'), (e: unknown) => e instanceof FeedParseError && e.code === 'not_a_feed' && /HTML page/.test(e.message));
});

test('binary garbage and an empty body are "not a feed"', async () => {
  const garbage = decodeBody(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), 'application/rss+xml').text;
  await assert.rejects(parseFeed(`\x89PNG${garbage}`, 'https://e.org/'), (e: unknown) => e instanceof FeedParseError && e.code === 'not_a_feed' && /binary data/.test(e.message));
  await assert.rejects(parseFeed('  \n', 'https://e.org/'), (e: unknown) => e instanceof FeedParseError && /empty/.test(e.message));
});

test('dates: far past, far future and unreadable are not trusted, and none is invented', async () => {
  const now = Date.now();
  for (const d of datedItems(now)) assert.equal(toIsoUtc(d.date, now), d.trusted, d.date);
  // V8 alone reads these years as 2001 and 2025: a plausible date out of a placeholder.
  assert.equal(new Date('Mon, 01 Jan 0001 00:00:00 GMT').getUTCFullYear(), 2001, 'the trap this guards against');
  assert.equal(toIsoUtc('Mon, 01 Jan 0001 00:00:00 GMT', now), null);
  assert.equal(toIsoUtc('5 Jan 0025', now), null);
  assert.equal(toIsoUtc('0001-01-01T00:00:00Z', now), null);
  // Written years that time zones move across New Year still count.
  assert.equal(toIsoUtc('Wed, 31 Dec 2025 23:30:00 -0500', Date.parse('2026-06-01')), '2026-01-01T04:30:00.000Z');
  // One unreadable Atom date used to fail the whole feed inside rss-parser ("Invalid time value").
  const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>a</title>
    <entry><title>bad</title><link href="https://e.org/1"/><id>1</id><published>not a date</published></entry>
    <entry><title>good</title><link href="https://e.org/2"/><id>2</id><updated>2025-01-02T00:00:00Z</updated></entry></feed>`;
  const feed = await parseFeed(atom, 'https://e.org/');
  assert.deepEqual(feed.items.map((i) => [i.title, i.publishedAt]), [['bad', null], ['good', '2025-01-02T00:00:00.000Z']]);
});

test('charsets that lie are decoded by what the bytes support', () => {
  const sjisTitle = charsetTitles['charset-sjis-as-utf8'];
  const sjis = encodeShiftJis(`<?xml version="1.0" encoding="Shift_JIS"?><rss><title>${sjisTitle}</title></rss>`);
  assert.equal(new TextDecoder('shift_jis').decode(sjis).includes(sjisTitle), true, 'the encoder round-trips');
  assert.match(decodeBody(sjis, 'application/rss+xml; charset=utf-8').text, new RegExp(sjisTitle));
  const latin = Buffer.from(`<rss><title>${charsetTitles['charset-1252-as-utf8']}</title></rss>`, 'latin1');
  assert.match(decodeBody(latin, 'text/xml; charset=utf-8').text, /Café crème: naïve Zürich/);
  const utf8 = Buffer.from(`<rss><title>${charsetTitles['charset-utf16-lie']}</title></rss>`);
  assert.equal(decodeBody(utf8, 'text/xml; charset=utf-16').text, utf8.toString());
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<?xml version="1.0" encoding="windows-1252"?><rss><title>${charsetTitles['charset-bom-vs-decl']}</title></rss>`)]);
  assert.match(decodeBody(bom, 'text/xml; charset=iso-8859-1').text, /Zürich regulator — 中文/);
  // Real UTF-16 with its NULs is still obeyed.
  assert.equal(decodeBody(Buffer.from('<rss>é</rss>', 'utf16le'), 'text/xml; charset=utf-16le').text, '<rss>é</rss>');
});

test('item selection: repeats collapse to the first; at most max new items, the newest, the rest deferred', () => {
  const db = memoryDb();
  const it = (n: number, guid: string | null, date: string | null, url = `https://e.org/${n}`): ParsedItem =>
    ({ guid, url, title: `t${n}`, summaryHtml: '', contentHtml: '', author: null, publishedAt: date, categories: [] });
  const items = [
    it(0, 'g0', '2025-01-01T00:00:00.000Z'),
    it(1, 'g0', '2025-01-09T00:00:00.000Z'), // same guid: a repeat, whatever its date
    it(2, 'g2', null, 'https://e.org/0?utm_source=rss'), // same link as item 0
    it(3, 'g3', '2025-01-05T00:00:00.000Z'),
    it(4, null, '2025-01-07T00:00:00.000Z'),
    it(5, 'g5', '2025-01-03T00:00:00.000Z'),
    it(6, 'g6', null),
  ];
  const all = selectItems(db, 'src', items, 10);
  assert.deepEqual([all.take.map((i) => i.title), all.deferred], [['t0', 't3', 't4', 't5', 't6'], 0]);
  const capped = selectItems(db, 'src', items, 3);
  assert.deepEqual([capped.take.map((i) => i.title), capped.deferred], [['t3', 't4', 't5'], 2], 'the three newest, in feed order');
});

// ---------------------------------------------------------------- the fetcher's clock

test('our own stall is not the server\'s fault: a deadline that expires while the event loop is held lets the finished I/O through', async () => {
  // Within a crawl, one source's ingest can hold the thread for seconds; the feeds fetched
  // meanwhile have their answers waiting, and must not time out for it.
  const f = createFetcher({ allowPrivateNetworks: false, perHostIntervalMs: 0, totalTimeoutMs: 300, connectTimeoutMs: 300 }, hostileFetcherDeps());
  const stall = async (ms: number) => {
    await new Promise((r) => setImmediate(r)); // the request is on its way, its timers running
    const until = performance.now() + ms;
    while (performance.now() < until) { /* a synchronous stall */ }
  };
  const pending = f.fetch({ url: srv.url('/good.xml') });
  await stall(1000); // three times both deadlines
  const r = await pending;
  assert.equal(r.kind === 'ok' && r.status, 200);
  // A server that really is too slow still times out, stall or not.
  const trickle = f.fetch({ url: srv.url('/trickle') });
  await stall(500);
  await assert.rejects(trickle, /timed out: no complete response within 300 ms/);
});

// ---------------------------------------------------------------- one crawl over all of it

interface Expect { status: 'ok' | 'error'; error?: RegExp; stories?: number }
const expected: Record<string, Expect> = {
  'good': { status: 'ok', stories: 3 },
  'malformed': { status: 'error', error: /^malformed feed XML/ },
  'binary': { status: 'error', error: /^not a feed: binary data/ },
  'html-page': { status: 'error', error: /^not a feed: got an HTML page/ },
  'charset-1252-as-utf8': { status: 'ok', stories: 1 },
  'charset-sjis-as-utf8': { status: 'ok', stories: 1 },
  'charset-bom-vs-decl': { status: 'ok', stories: 1 },
  'charset-utf16-lie': { status: 'ok', stories: 1 },
  'body-50mb': { status: 'error', error: /^too large: Content-Length 50 MB is over the 10 MB limit/ },
  'body-500mb': { status: 'error', error: /^too large: more than 10 MB/ },
  'gzip-bomb': { status: 'error', error: /^too large: inflates to more than 10 MB/ },
  'trickle': { status: 'error', error: /^timed out/ },
  'redirect-loop': { status: 'error', error: /^redirect loop: back to http:\/\/hostile\.test:\d+\/loop\/a/ },
  'redirect-private': { status: 'error', error: /^blocked private address: 10\.0\.0\.1 .*redirected from .*\/redirect\/private/ },
  'redirect-metadata': { status: 'error', error: /^blocked private address: 169\.254\.169\.254 .*redirected from/ },
  'redirect-loopback': { status: 'error', error: /^blocked private address: 127\.0\.0\.1 .*redirected from/ },
  'redirect-name': { status: 'error', error: /^blocked private address: metadata\.hostile\.test resolves to 169\.254\.169\.254/ },
  'billion-laughs': { status: 'error', error: /^refused: the feed declares its own XML entities/ },
  'xxe': { status: 'error', error: /^refused: the feed declares its own XML entities/ },
  'nested': { status: 'error', error: /^refused: elements nested more than 256 levels deep/ },
  'items-100k': { status: 'ok', stories: 500 },
  'dup-guids': { status: 'ok', stories: 3 },
  'dates': { status: 'ok', stories: 7 },
  'dates-atom': { status: 'ok', stories: 4 },
};

function checkHealth(rows: Pick<SourceWithCount, 'id' | 'status' | 'last_error' | 'story_count'>[], storyCounts: boolean) {
  assert.deepEqual(rows.map((r) => r.id).sort(), Object.keys(expected).sort(), 'every hostile case is a source');
  for (const r of rows) {
    const e = expected[r.id]!;
    assert.equal(r.status, e.status, `${r.id}: ${r.last_error}`);
    if (e.error) assert.match(r.last_error ?? '', e.error, r.id);
    else assert.equal(r.last_error, null, r.id);
    if (storyCounts) assert.equal(r.story_count, e.stories ?? 0, r.id);
  }
}

/**
 * The crawl's fetcher: production limits, the guard ON (only hostile.test counts as public), and
 * a deadline short enough for the trickle but long enough that a busy machine, where one
 * source's ingest holds the event loop for a second or two, does not time out the good feeds.
 */
function hostileContext(): PipelineContext {
  return {
    ...testContext(),
    fetcher: createFetcher({ allowPrivateNetworks: false, perHostIntervalMs: 0, totalTimeoutMs: 5000, connectTimeoutMs: 2000 }, hostileFetcherDeps()),
  };
}

const stories = (ctx: PipelineContext, sourceId: string) => ctx.db.prepare(
  'SELECT guid, url, canonical_url, title, content_text, published_at, published_at_source, first_seen_at FROM stories WHERE source_id = ? ORDER BY id',
).all(sourceId) as Record<string, string>[];

let ctx: PipelineContext;
let first: RunSummary;

test('one crawl pass over every hostile feed and a good one: it finishes, the good stories land, each failure says why', async (t) => {
  ctx = hostileContext();
  upsertSources(ctx.db, hostileFeeds.map((f): SourceConfig => ({ id: f.id, name: f.id, kind: 'rss', url: srv.url(f.path), every: '1h', tier: 2, tags: [] })));
  const sent = (p: string) => srv.sent(p);
  const sentBefore = { big: sent('/body/500mb'), declared: sent('/body/50mb') };
  first = await crawlSources(ctx, listSources(ctx.db));
  assert.equal(first.sources, hostileFeeds.length);
  checkHealth(listSources(ctx.db), true);

  // The good feed is whole, with its validator kept.
  assert.deepEqual(stories(ctx, 'good').map((s) => s.title), ['FTC sues Acme over data broker sales', 'Japan tightens chip equipment export controls', 'Brazil court suspends messaging app nationwide']);
  assert.equal(getSource(ctx.db, 'good')!.etag, '"good-v1"');
  // Lying charsets: every title exactly as written.
  for (const [id, title] of Object.entries(charsetTitles)) assert.equal(stories(ctx, id)[0]!.title, title, id);

  // Failures back off about an hour (±20 % jitter), counted once.
  for (const [id, e] of Object.entries(expected)) {
    if (e.status !== 'error') continue;
    const s = getSource(ctx.db, id)!;
    assert.equal(s.error_count, 1, id);
    const wait = Date.parse(s.next_fetch_at!) - Date.parse(s.last_fetched_at!);
    assert.ok(wait >= 0.8 * 3_600_000 && wait <= 1.2 * 3_600_000, `${id} backs off ~1 h, got ${wait}`);
  }

  // Huge bodies were cut at the cap, long before the server had sent them.
  t.diagnostic(`sent before the cut: 500 MB body ${((sent('/body/500mb') - sentBefore.big) / MB).toFixed(1)} MB, 50 MB body ${((sent('/body/50mb') - sentBefore.declared) / MB).toFixed(1)} MB; pass took ${first.ms} ms`);
  assert.ok(sent('/body/500mb') - sentBefore.big < 64 * MB, `500 MB body: ${(sent('/body/500mb') - sentBefore.big) / MB} MB sent`);
  assert.ok(sent('/body/50mb') - sentBefore.declared < 16 * MB, `50 MB body: ${(sent('/body/50mb') - sentBefore.declared) / MB} MB sent`);
  // No entity was ever fetched or expanded.
  assert.equal(srv.hits('/xxe-probe') + srv.hits('/xxe-dtd'), 0);
  assert.equal(count(ctx.db, "SELECT count(*) AS n FROM stories WHERE content_text LIKE '%root:%' OR title LIKE '%lol%'"), 0);

  // 100,000 items: 2,000 read, the first 500 taken (no dates: feed order), 1,500 left for a
  // sooner pass, and no validator stored so that pass gets the feed in full.
  const big = first.outcomes.find((o) => o.sourceId === 'items-100k')!;
  assert.deepEqual([big.items, big.added, big.deferred], [2000, 500, 1500]);
  assert.equal(first.deferred, 1500, 'the run summary counts what was left for the next pass');
  assert.deepEqual(stories(ctx, 'items-100k').map((s) => s.guid).slice(0, 3), ['n0', 'n1', 'n2']);
  assert.equal(stories(ctx, 'items-100k').at(-1)!.guid, 'n499');
  const bigHealth = getSource(ctx.db, 'items-100k')!;
  assert.equal(bigHealth.etag, null);
  assert.equal(Date.parse(bigHealth.next_fetch_at!) - Date.parse(bigHealth.last_fetched_at!), 15 * 60_000);

  // One guid five times is one story (the first); one link under two guids is one story.
  assert.deepEqual(stories(ctx, 'dup-guids').map((s) => [s.guid, s.title]), [
    ['same-guid', 'Regulator fines telecom over outage, copy 1'], ['b1', 'Court blocks app store rules'], ['c', 'Ministry opens cloud market probe'],
  ]);

  // Dates: only the good one is trusted; the others are dated first-seen and say so.
  const dated = datedItems(srv.startedAt);
  const rows = stories(ctx, 'dates');
  assert.equal(rows[0]!.published_at, dated[0]!.trusted);
  assert.equal(rows[0]!.published_at_source, 'feed');
  for (const r of rows.slice(1)) {
    assert.equal(r.published_at_source, 'first_seen', r.title);
    assert.equal(r.published_at, r.first_seen_at, r.title);
  }
  assert.deepEqual(stories(ctx, 'dates-atom').map((s) => s.published_at_source), ['feed', 'first_seen', 'first_seen', 'first_seen']);

  // Nothing stored twice; every story in exactly one signal.
  assert.equal(count(ctx.db, 'SELECT count(*) - count(DISTINCT canonical_url) AS n FROM stories'), 0);
  const total = Object.values(expected).reduce((n, e) => n + (e.stories ?? 0), 0);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM stories'), total);
  // Every policy story in exactly one signal; the off-topic ones (most of these synthetic items) in none.
  const relevant = count(ctx.db, 'SELECT count(*) AS n FROM stories WHERE relevant = 1');
  assert.ok(relevant > 0);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM signal_stories'), relevant);
  assert.equal(count(ctx.db, 'SELECT count(DISTINCT story_id) AS n FROM signal_stories'), relevant);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM stories s WHERE relevant = 0 AND EXISTS (SELECT 1 FROM signal_stories ss WHERE ss.story_id = s.id)'), 0);
});

test('a second pass takes only what the first left over: repeated guids stay one story, nothing doubles', async () => {
  assert.ok(ctx, 'runs after the first pass');
  const before = count(ctx.db, 'SELECT count(*) AS n FROM stories');
  const okSources = listSources(ctx.db).filter((s) => s.status === 'ok' || s.id === 'malformed');
  const second = await crawlSources(ctx, okSources.map((s) => getSource(ctx.db, s.id)!));
  const byId = Object.fromEntries(second.outcomes.map((o) => [o.sourceId, o]));
  assert.equal(byId.good!.status, 'not_modified', 'the good feed answered 304 to its validator');
  assert.deepEqual([byId['items-100k']!.added, byId['items-100k']!.known, byId['items-100k']!.deferred], [500, 500, 1000]);
  assert.deepEqual(stories(ctx, 'items-100k').slice(500, 502).map((s) => s.guid), ['n500', 'n501']);
  // The repeated guid came back with a new link and title: still the one story it was.
  assert.equal(byId['dup-guids']!.added, 0);
  assert.equal(stories(ctx, 'dup-guids').length, 3);
  for (const id of ['dates', 'dates-atom', ...Object.keys(charsetTitles)]) assert.equal(byId[id]!.added, 0, id);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM stories'), before + 500);
  assert.equal(count(ctx.db, 'SELECT count(*) - count(DISTINCT canonical_url) AS n FROM stories'), 0);
  assert.equal(getSource(ctx.db, 'malformed')!.error_count, 2, 'a failing source keeps failing, counted');
});

// ---------------------------------------------------------------- memory, in a process of its own

test('memory: a fresh process crawling every hostile feed stays under 300 MB resident', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'radar-hostile-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/helpers/hostile-crawl-child.ts'), srv.origin, join(dir, 'radar.sqlite')], {
      cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(code, 0, err);
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as { maxRssMb: number; health: SourceWithCount[] };
    // The same verdicts in a fresh process (the dup-guids server already moved on to its later
    // variant, so story counts are checked for the sources that do not change).
    checkHealth(result.health, false);
    const storiesOf = (id: string) => result.health.find((h) => h.id === id)!.story_count;
    assert.deepEqual([storiesOf('good'), storiesOf('items-100k')], [3, 500]);
    // Without the parser's item cap this pass peaked at 323 MB (measured); a tsx process
    // with the pipeline loaded and one small feed crawled is about 175 MB.
    assert.ok(result.maxRssMb < 300, `peak resident memory ${result.maxRssMb.toFixed(0)} MB`);
    t.diagnostic(`hostile crawl child: peak RSS ${result.maxRssMb.toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
