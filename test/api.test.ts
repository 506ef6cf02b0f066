// The HTTP API through app.request(): shapes of DESIGN.md, paging, and 4xx JSON for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../src/http/app.js';
import { seeded as seededContext } from './helpers/seed.js';

function seeded(n: number) {
  const ctx = seededContext(n);
  return { app: createApp({ db: ctx.db, knowledge: ctx.knowledge, log: () => {} }), db: ctx.db };
}

test('GET /api/v1/signals lists signals in the DESIGN shape, newest first', async () => {
  const { app } = seeded(12);
  const res = await app.request('/api/v1/signals');
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.items.length, 12);
  assert.equal(body.next_cursor, null);
  const s = body.items[0];
  for (const k of ['id', 'headline', 'summary', 'event_type', 'regions', 'importance', 'first_seen_at', 'last_seen_at', 'entities', 'impacts', 'stories']) assert.ok(k in s, k);
  assert.ok(s.first_seen_at >= body.items[1].first_seen_at);
  assert.deepEqual(Object.keys(s.stories[0]).sort(), ['id', 'outlet', 'published_at', 'source_id', 'title', 'url']);
  assert.match(s.first_seen_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('limit and cursor page through every signal once', async () => {
  const { app } = seeded(25);
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: Response = await app.request(`/api/v1/signals?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    const body = await res.json();
    seen.push(...body.items.map((s: { id: number }) => s.id));
    cursor = body.next_cursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 4);
  assert.equal(new Set(seen).size, 25);
  assert.equal(seen.length, 25);
});

test('filters: type, region, entity and q', async () => {
  const { app } = seeded(16);
  const get = async (qs: string) => (await (await app.request(`/api/v1/signals?${qs}`)).json()).items as { headline: string; event_type: string; regions: string[] }[];
  const trade = await get('type=trade_restriction');
  assert.ok(trade.length > 0 && trade.every((s) => s.event_type === 'trade_restriction'));
  const q = await get('q=huawei');
  assert.ok(q.length > 0 && q.every((s) => /Huawei/.test(s.headline)));
  const ent = await get('entity=samsung');
  assert.ok(ent.length > 0 && ent.every((s) => /Samsung/.test(s.headline)));
  const region = await get('region=IT');
  assert.ok(region.length > 0 && region.every((s) => s.regions.includes('IT')));
});

test('bad input gets a 4xx JSON error, never a 5xx', async () => {
  const { app } = seeded(3);
  for (const qs of ['limit=0', 'limit=101', 'limit=abc', 'cursor=garbage', 'cursor=eyJ4IjoxfQ', 'since=yesterday', 'until=2024-13-45', 'type=war', 'region=xx', 'bogus=1', `q=${'a'.repeat(600)}`]) {
    const res = await app.request(`/api/v1/signals?${qs}`);
    assert.equal(res.status, 400, qs);
    const body = await res.json();
    assert.ok(body.error?.code && body.error?.message, qs);
  }
  for (const q of ['"unbalanced', 'AND', '*', 'NEAR(', 'a OR', '-', '())']) {
    const res = await app.request(`/api/v1/signals?q=${encodeURIComponent(q)}`);
    assert.ok(res.status === 200 || res.status === 400, `${q}: ${res.status}`);
  }
});

test('GET /api/v1/signals/:id returns one signal or a JSON 404', async () => {
  const { app } = seeded(2);
  const list = await (await app.request('/api/v1/signals')).json();
  const one = await app.request(`/api/v1/signals/${list.items[0].id}`);
  assert.equal(one.status, 200);
  assert.equal((await one.json()).id, list.items[0].id);
  const missing = await app.request('/api/v1/signals/999999');
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, 'not_found');
  assert.equal((await app.request('/api/v1/signals/abc')).status, 400);
  assert.equal((await app.request('/api/v1/nothing-here')).status, 404);
});

test('GET /api/v1/sources shows each source with its health; /healthz checks the database', async () => {
  const { app, db } = seeded(2);
  const body = await (await app.request('/api/v1/sources')).json();
  const s = body.items[0];
  for (const k of ['id', 'name', 'kind', 'url', 'status', 'last_fetched_at', 'last_error', 'error_count', 'next_fetch_at', 'story_count']) assert.ok(k in s, k);
  assert.equal(s.story_count, 2);
  const h = await app.request('/healthz');
  assert.equal(h.status, 200);
  assert.equal((await h.json()).database, 'ok');
  db.close();
  const down = await app.request('/healthz');
  assert.equal(down.status, 503);
});
