// ETags, 304s and the response cache: one read of each body, the same tag from the cache as from
// the route, weak comparison, pages as well as the API; and search filters that bound nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../src/http/app.js';
import { seeded, storyItem } from './helpers/seed.js';
import { ingestItems } from '../src/pipeline/ingest.js';
import { rankSignalIds } from '../src/store/signals-read.js';

function make(n: number) {
  const ctx = seeded(n);
  return { ctx, app: createApp({ db: ctx.db, knowledge: ctx.knowledge, rateLimitPerMinute: 0, log: () => {} }) };
}

test('a cached answer carries the same weak ETag and body as the first, and a write changes both', async () => {
  const { ctx, app } = make(6);
  const first = await app.request('/api/v1/signals?limit=3');
  const body = await first.text();
  const tag = first.headers.get('etag')!;
  assert.match(tag, /^W\/"[0-9a-f]{40}"$/);
  const again = await app.request('/api/v1/signals?limit=3');
  assert.equal(again.headers.get('etag'), tag);
  assert.equal(await again.text(), body);
  assert.equal(again.headers.get('content-type'), first.headers.get('content-type'));
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [storyItem(99, 'Brazil fines a chip maker over cartel', 2000)]);
  const after = await app.request('/api/v1/signals?limit=3');
  assert.notEqual(after.headers.get('etag'), tag, 'a new signal is a new version');
  assert.match(await after.text(), /Brazil fines/);
});

test('If-None-Match: strong or weak form of the tag, a list, or * gives 304 with the validators; another tag gives 200', async () => {
  const { app } = make(3);
  const first = await app.request('/api/v1/signals');
  const tag = first.headers.get('etag')!;
  const bare = tag.replace(/^W\//, '');
  for (const inm of [tag, bare, `"nope", ${tag}`, '*']) {
    const r = await app.request('/api/v1/signals', { headers: { 'if-none-match': inm } });
    assert.equal(r.status, 304, inm);
    assert.equal(await r.text(), '');
    assert.equal(r.headers.get('etag'), tag);
    assert.match(r.headers.get('cache-control') ?? '', /max-age=60/);
    assert.equal(r.headers.get('content-type'), null, 'a 304 carries no entity headers');
  }
  assert.equal((await app.request('/api/v1/signals', { headers: { 'if-none-match': '"other"' } })).status, 200);
});

test('pages and routes outside the response cache get ETags and 304s too; errors get neither', async () => {
  const { app } = make(3);
  const page = await app.request('/');
  assert.equal(page.status, 200);
  const tag = page.headers.get('etag')!;
  assert.match(tag, /^W\/"/);
  assert.match(await page.text(), /<html/i);
  assert.equal((await app.request('/', { headers: { 'if-none-match': tag } })).status, 304);
  const missing = await app.request('/api/v1/signals/999999');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('etag'), null);
});

test('a search bounded by dates that every signal meets ranks as the unbounded search; a real bound still filters', () => {
  const ctx = seeded(12); // published 2024-01-01 + 9 days apart
  const match = 'fines';
  const all = rankSignalIds(ctx.db, { match }, 100);
  assert.ok(all.length >= 2);
  assert.deepEqual(rankSignalIds(ctx.db, { match, since: '1999-01-01T00:00:00.000Z', until: '2099-01-01T00:00:00.000Z' }, 100), all);
  const firstSeen = (id: number) => (ctx.db.prepare('SELECT first_seen_at AS t FROM signals WHERE id = ?').get(id) as { t: string }).t;
  const cut = [...all.map(firstSeen)].sort()[1]!; // keeps the earliest match only
  const bounded = rankSignalIds(ctx.db, { match, until: cut }, 100);
  assert.equal(bounded.length, 1);
  assert.ok(firstSeen(bounded[0]!) < cut);
  assert.ok(rankSignalIds(ctx.db, { match, since: cut }, 100).every((id) => firstSeen(id) >= cut));
  assert.equal(rankSignalIds(ctx.db, { match, since: cut }, 100).length, all.length - 1);
});
