// Every route of DESIGN.md through app.request(): shapes validated against the same zod schemas
// the OpenAPI document is generated from, admin auth, feeds out, OPML, search syntax, hygiene.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Parser from 'rss-parser';
import { createApp } from '../src/http/app.js';
import { seeded, storyItem } from './helpers/seed.js';
import { ingestItems } from '../src/pipeline/ingest.js';
import * as S from '../src/http/schemas.js';
import { routeDocs } from '../src/http/openapi.js';

const token = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${token}` };
function make(n = 12, opts: { adminToken?: string | null; rate?: number } = {}) {
  const ctx = seeded(n);
  const app = createApp({ db: ctx.db, knowledge: ctx.knowledge, baseUrl: 'https://radar.example.org', adminToken: opts.adminToken === undefined ? token : opts.adminToken, rateLimitPerMinute: opts.rate ?? 0, log: () => {} });
  return { app, ctx };
}
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });

test('responses match the documented schemas', async () => {
  const { app } = make();
  const list = S.signalPageSchema.parse(await (await app.request('/api/v1/signals')).json());
  S.signalSchema.parse(await (await app.request(`/api/v1/signals/${list.items[0]!.id}`)).json());
  const ents = S.entityListSchema.parse(await (await app.request('/api/v1/entities')).json());
  assert.ok(ents.items.length > 0 && ents.items[0]!.signal_count >= ents.items.at(-1)!.signal_count);
  const detail = S.entityDetailSchema.parse(await (await app.request(`/api/v1/entities/${ents.items[0]!.slug}`)).json());
  assert.equal(detail.timeline.length, detail.signal_count);
  assert.equal((await app.request('/api/v1/entities/no-such-entity')).status, 404);
  assert.equal((await app.request('/api/v1/entities?limit=500')).status, 400);
  const q = S.entityListSchema.parse(await (await app.request('/api/v1/entities?q=hua')).json());
  assert.ok(q.items.every((e) => /hua/i.test(e.name + e.slug)) && q.items.length > 0);
  S.healthSchema.parse(await (await app.request('/healthz')).json());
});

test('the OpenAPI document covers every route the app serves', async () => {
  const { app } = make(1);
  const doc = await (await app.request('/api/openapi.json')).json();
  assert.equal(doc.openapi, '3.1.0');
  // The API surface: JSON routes, feeds, the mail-link endpoints and the health check (web pages are not API).
  const isApi = (path: string) => path.startsWith('/api/') || path.startsWith('/feed.') || path.startsWith('/subscriptions/') || path === '/healthz';
  const served = new Set(app.routes.filter((r) => r.method !== 'ALL' && isApi(r.path)).map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
  const documented = new Set(Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
  assert.deepEqual([...served].filter((r) => !documented.has(r)), [], 'served but undocumented');
  assert.deepEqual([...documented].filter((r) => !served.has(r)), [], 'documented but not served');
  const params = doc.paths['/api/v1/signals'].get.parameters.map((p: { name: string }) => p.name);
  assert.deepEqual(params.sort(), ['cursor', 'entity', 'limit', 'q', 'region', 'since', 'sort', 'source', 'type', 'until']);
  assert.equal(routeDocs.length, documented.size);
});

test('admin endpoints: 401 without the token, 403 when no token is configured', async () => {
  const { app } = make(1);
  for (const [method, path] of [['GET', '/api/v1/subscriptions'], ['POST', '/api/v1/sources'], ['DELETE', '/api/v1/sources/desk'], ['POST', '/api/v1/sources/desk/crawl']] as const) {
    const res = await app.request(path, { method });
    assert.equal(res.status, 401, `${method} ${path}`);
    assert.match(res.headers.get('www-authenticate') ?? '', /Bearer/);
    const wrong = await app.request(path, { method, headers: { authorization: 'Bearer wrong-token-wrong-token' } });
    assert.equal(wrong.status, 401);
  }
  const { app: closed } = make(1, { adminToken: null });
  const res = await closed.request('/api/v1/subscriptions', { headers: auth });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).error.code, 'admin_disabled');
  S.subscriptionListSchema.parse(await (await app.request('/api/v1/subscriptions', { headers: auth })).json());
});

test('sources: add, change, remove through the API; bad bodies are 4xx', async () => {
  const { app } = make(2);
  const add = await app.request('/api/v1/sources', json({ id: 'eff', name: 'EFF', kind: 'rss', url: 'https://www.eff.org/rss/updates.xml', every: '2h' }));
  assert.equal(add.status, 201);
  const created = S.sourceViewSchema.parse(await add.json());
  assert.deepEqual([created.id, created.origin, created.every_seconds, created.status], ['eff', 'api', 7200, 'pending']);
  assert.equal((await app.request('/api/v1/sources', json({ id: 'eff', name: 'again', kind: 'rss', url: 'https://x.org/' }))).status, 409);
  assert.equal((await app.request('/api/v1/sources', json({ id: 'Bad Id', name: 'x', kind: 'rss', url: 'https://x.org/' }))).status, 400);
  assert.equal((await app.request('/api/v1/sources', json({ id: 'h', name: 'x', kind: 'html', url: 'https://x.org/' }))).status, 400, 'html without rules');
  assert.equal((await app.request('/api/v1/sources', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{"id":' })).status, 400);
  assert.equal((await app.request('/api/v1/sources', { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: 'x' })).status, 415);
  const patch = await app.request('/api/v1/sources/eff', { ...json({ name: 'EFF Updates', enabled: false }), method: 'PATCH' });
  assert.equal(patch.status, 200);
  const changed = S.sourceViewSchema.parse(await patch.json());
  assert.deepEqual([changed.name, changed.enabled], ['EFF Updates', false]);
  assert.equal((await app.request('/api/v1/sources/eff', { ...json({ every: 'sometimes' }), method: 'PATCH' })).status, 400);
  assert.equal((await app.request('/api/v1/sources/nope', { ...json({ name: 'x' }), method: 'PATCH' })).status, 404);
  assert.equal((await app.request('/api/v1/sources/eff', { method: 'DELETE', headers: auth })).status, 204);
  assert.equal((await app.request('/api/v1/sources/eff')).status, 404);
  const desk = S.sourceViewSchema.parse(await (await app.request('/api/v1/sources/desk')).json());
  assert.equal(desk.story_count, 2);
  assert.equal((await app.request('/api/v1/sources/desk', { method: 'DELETE', headers: auth })).status, 204);
  const list = S.signalPageSchema.parse(await (await app.request('/api/v1/signals')).json());
  assert.equal(list.items.length, 2, 'stories outlive their source');
});

test('OPML: import through the API, export lists every source', async () => {
  const { app } = make(1);
  const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body><outline text="Tech">
    <outline type="rss" text="Lawfare &amp; Co" xmlUrl="https://www.lawfaremedia.org/feed"/><outline type="rss" text="Desk" xmlUrl="https://example.org/feed"/></outline></body></opml>`;
  const res = await app.request('/api/v1/sources/import-opml', { method: 'POST', headers: { 'content-type': 'text/x-opml', ...auth }, body: opml });
  assert.equal(res.status, 201);
  assert.deepEqual(await res.json(), { added: ['lawfare-co'], skipped: 1 });
  assert.equal((await app.request('/api/v1/sources/import-opml', { method: 'POST', headers: auth, body: '<html/>' })).status, 400);
  const out = await (await app.request('/api/v1/sources/export.opml')).text();
  assert.match(out, /xmlUrl="https:\/\/www\.lawfaremedia\.org\/feed"/);
  assert.match(out, /text="Lawfare &amp; Co"/);
});

test('POST /api/v1/analyze returns the Analysis shape; bad bodies are 400', async () => {
  const { app } = make(0);
  const res = await app.request('/api/v1/analyze', json({ title: 'Alibaba orders staff to stop using Claude and ChatGPT', body: 'Alibaba told employees to switch to its in-house Qwen models.' }));
  assert.equal(res.status, 200);
  const a = S.analysisSchema.parse(await res.json());
  assert.equal(a.event_type, 'usage_restriction');
  assert.ok(a.entities.some((e) => e.name === 'Alibaba' && e.role === 'actor'));
  for (const body of [{}, { title: 5 }, { title: 'x', extra: 1 }, { title: '' }]) assert.equal((await app.request('/api/v1/analyze', json(body))).status, 400, JSON.stringify(body));
});

test('feeds out: Atom, RSS and JSON Feed parse back with absolute links and escaped text', async () => {
  const { app, ctx } = make(6);
  ingestItems(ctx, { id: 'desk', name: 'Desk <b>&</b>', tier: 2 }, [storyItem(90, 'Court <script>alert(1)</script> rules on "TikTok" & data', 700)]);
  const parser = new Parser();
  for (const path of ['/feed.atom', '/feed.rss']) {
    const res = await app.request(path);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.doesNotMatch(text, /<script>/);
    const feed = await parser.parseString(text);
    assert.equal(feed.items.length, 7, path);
    assert.ok(feed.items.every((i) => i.link?.startsWith('https://radar.example.org/signals/')), path);
    assert.ok(feed.items.some((i) => i.title === 'Court <script>alert(1)</script> rules on "TikTok" & data'), `${path} round-trips the title as text`);
  }
  const jf = await (await app.request('/feed.json?type=trade_restriction')).json();
  assert.equal(jf.version, 'https://jsonfeed.org/version/1.1');
  assert.ok(jf.items.length > 0 && jf.items.every((i: { tags: string[]; url: string }) => i.tags[0] === 'trade_restriction' && i.url.startsWith('https://')));
  assert.equal((await app.request('/feed.atom?type=nonsense')).status, 400);
  const filtered = await parser.parseString(await (await app.request('/feed.rss?q=huawei')).text());
  assert.ok(filtered.items.length > 0 && filtered.items.every((i) => /Huawei/.test(i.title ?? '')));
});

test('search language: phrases, OR, exclusion, prefix, inline filters; odd syntax never 5xx', async () => {
  const { app } = make(18);
  const heads = async (q: string) => {
    const res = await app.request(`/api/v1/signals?limit=100&q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200, q);
    return ((await res.json()).items as { headline: string; event_type: string; regions: string[] }[]);
  };
  assert.ok((await heads('"entity list"')).every((s) => /entity list/.test(s.headline)));
  const either = await heads('huawei OR samsung');
  assert.ok(either.some((s) => /Huawei/.test(s.headline)) && either.some((s) => /Samsung/.test(s.headline)));
  assert.ok(either.every((s) => /Huawei|Samsung/.test(s.headline)));
  const minus = await heads('chatgpt -samsung');
  assert.ok(minus.length > 0 && minus.every((s) => !/Samsung/.test(s.headline)));
  assert.ok((await heads('huaw*')).length > 0);
  const typed = await heads('type:litigation');
  assert.ok(typed.length > 0 && typed.every((s) => s.event_type === 'litigation'));
  const regioned = await heads('region:it openai');
  assert.ok(regioned.length > 0 && regioned.every((s) => s.regions.includes('IT')));
  assert.ok((await heads('entity:samsung')).every((s) => /Samsung/.test(s.headline)));
  assert.ok((await heads('source:desk huawei')).length > 0);
  assert.equal((await heads('source:nope huawei')).length, 0);
  for (const odd of ['"unbalanced quote', 'AND', '*', 'NEAR(', 'a OR', 'OR OR', '())', '"', '-', 'a NOT b', 'col:val', '^', '\u0000', '🙂', 'x'.repeat(400)]) {
    const res = await app.request(`/api/v1/signals?q=${encodeURIComponent(odd)}`);
    assert.ok(res.status === 200 || res.status === 400, `${JSON.stringify(odd)} → ${res.status}`);
    if (res.status === 400) assert.ok((await res.json()).error.message);
  }
  for (const bad of ['-samsung', 'type:war', 'region:xyz']) {
    const res = await app.request(`/api/v1/signals?q=${encodeURIComponent(bad)}`);
    assert.equal(res.status, 400, bad);
  }
  assert.equal((await app.request('/api/v1/signals?q=type:litigation&type=regulation')).status, 400, 'conflicting filters');
});

test('search ranks headline matches above body matches', async () => {
  const { app, ctx } = make(0);
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [
    { ...storyItem(1, 'Regulator publishes annual report', 0), text: 'The report mentions lithography only once in passing.' },
    { ...storyItem(2, 'Lithography export rules tightened', 30), text: 'New licences for lithography machines.' },
  ]);
  const items = (await (await app.request('/api/v1/signals?q=lithography')).json()).items as { headline: string }[];
  assert.equal(items[0]!.headline, 'Lithography export rules tightened');
  assert.equal(items.length, 2);
});

test('cursors stay stable while signals are inserted between pages', async () => {
  for (const q of ['', '&q=report']) {
    const { app, ctx } = make(30);
    const seen: number[] = [];
    let cursor: string | null = null;
    let inserted = 100;
    do {
      const body: { items: { id: number }[]; next_cursor: string | null } = await (await app.request(`/api/v1/signals?limit=7${q}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
      seen.push(...body.items.map((s) => s.id));
      cursor = body.next_cursor;
      // New coverage arrives between page requests, dated before, inside and after the page.
      ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [storyItem(inserted++, `Report on new rules number ${inserted}`, 400), storyItem(inserted++, `Report on old rules ${inserted}`, -50), storyItem(inserted++, `Report mid ${inserted}`, 100)]);
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length, `no duplicates (${q || 'recent'})`);
    assert.equal(seen.filter((id) => id <= 30).length, 30, `no gaps among the signals that existed (${q || 'recent'})`);
  }
});

test('HTTP hygiene: ETag/304, Cache-Control, CORS, body limit, rate limit with Retry-After', async () => {
  const { app } = make(3);
  const first = await app.request('/api/v1/signals');
  const tag = first.headers.get('etag');
  assert.ok(tag);
  assert.match(first.headers.get('cache-control') ?? '', /max-age=60/);
  assert.equal((await app.request('/api/v1/signals', { headers: { 'if-none-match': tag! } })).status, 304);
  const feed = await app.request('/feed.atom');
  assert.equal((await app.request('/feed.atom', { headers: { 'if-none-match': feed.headers.get('etag')! } })).status, 304);
  const cors = await app.request('/api/v1/signals', { headers: { origin: 'https://elsewhere.example' } });
  assert.equal(cors.headers.get('access-control-allow-origin'), '*');
  const big = await app.request('/api/v1/analyze', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) }, body: JSON.stringify({ title: 'x', body: 'y'.repeat(2 * 1024 * 1024) }) });
  assert.equal(big.status, 413);
  assert.equal((await big.json()).error.code, 'payload_too_large');
  const { app: limited } = make(1, { rate: 60 });
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 40; i++) {
    const r = await limited.request('/api/v1/signals');
    statuses.push(r.status);
    if (r.status === 429) { retryAfter = r.headers.get('retry-after'); assert.equal((await r.json()).error.code, 'rate_limited'); }
  }
  assert.ok(statuses.includes(200) && statuses.includes(429));
  assert.ok(Number(retryAfter) >= 1);
  assert.equal((await limited.request('/healthz')).status, 200, 'the health check is never limited');
});

test('cached responses never outlive a write', async () => {
  const { app, ctx } = make(3);
  const before = (await (await app.request('/api/v1/signals')).json()).items.length;
  assert.equal((await (await app.request('/api/v1/signals')).json()).items.length, before, 'served again (from cache)');
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [storyItem(50, 'Brand new event about quantum export rules', 900)]);
  const after = (await (await app.request('/api/v1/signals')).json()).items;
  assert.equal(after.length, before + 1);
  assert.equal(after[0].headline, 'Brand new event about quantum export rules');
  const feed = await (await app.request('/feed.json')).json();
  assert.equal(feed.items[0].title, 'Brand new event about quantum export rules');
});
