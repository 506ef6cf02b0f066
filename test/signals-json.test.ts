// The API's signals are JSON written by SQLite (store/signals-json.ts); the pages, feeds and
// digests read them parsed (getSignalsByIds). Both must say the same, in the order asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seeded, storyItem } from './helpers/seed.js';
import { ingestItems } from '../src/pipeline/ingest.js';
import { getSignalsByIds } from '../src/store/signals-read.js';
import { signalsJsonByIds } from '../src/store/signals-json.js';
import { createApp } from '../src/http/app.js';
import { confirmPrediction } from '../src/store/impacts.js';
import { upsertSources } from '../src/store/sources.js';

test('SQLite-built signal JSON parses to exactly the objects the other readers get, in the order asked', () => {
  const ctx = seeded(12);
  // A second outlet on the first events: several stories per signal, primary first.
  upsertSources(ctx.db, [{ id: 'wire', name: 'Wire', kind: 'rss', url: 'https://wire.example/feed', every: '1h', tier: 1, tags: [] }]);
  ingestItems(ctx, { id: 'wire', name: 'Wire', tier: 1 }, [0, 1, 2].map((i) => ({ ...storyItem(i), guid: `w${i}`, url: `https://wire.example/${i}` })));
  const ids = (ctx.db.prepare('SELECT id FROM signals ORDER BY id DESC').pluck().all() as number[]);
  const [first] = ids.slice(-1);
  const impact = ctx.db.prepare('SELECT id FROM impacts WHERE signal_id = ? LIMIT 1').pluck().get(first) as number | undefined;
  if (impact !== undefined) confirmPrediction(ctx.db, impact, ids[0]!, new Date().toISOString(), { signal: ids[0]!, matched: ['test'] }); // a resolved_by that is not null
  const order = [...ids.slice(3), ...ids.slice(0, 3), 999_999];
  const fromSql = signalsJsonByIds(ctx.db, order).map((j) => JSON.parse(j));
  const fromJs = getSignalsByIds(ctx.db, order);
  assert.equal(fromSql.length, ids.length, 'an unknown id is skipped');
  assert.deepEqual(fromSql, fromJs);
  assert.ok(fromJs.some((s) => s.stories.length > 1), 'the comparison covers signals with several stories');
  assert.ok(fromJs.some((s) => s.impacts.length > 0 && s.entities.length > 0), 'and with impacts and entities');
  assert.deepEqual(signalsJsonByIds(ctx.db, []), []);
});

test('the API answers lists, searches and single signals with that JSON, valid and complete', async () => {
  const ctx = seeded(8);
  const app = createApp({ db: ctx.db, knowledge: ctx.knowledge, rateLimitPerMinute: 0, log: () => {} });
  const list = await app.request('/api/v1/signals?limit=3');
  assert.equal(list.status, 200);
  assert.match(list.headers.get('content-type') ?? '', /^application\/json/);
  const body = await list.json() as { items: { id: number }[]; next_cursor: string | null };
  assert.equal(body.items.length, 3);
  assert.ok(body.next_cursor);
  assert.deepEqual(body.items, getSignalsByIds(ctx.db, body.items.map((s) => s.id)));
  const end = await (await app.request(`/api/v1/signals?limit=100`)).json() as { next_cursor: unknown };
  assert.equal(end.next_cursor, null);
  const one = await app.request(`/api/v1/signals/${body.items[0]!.id}`);
  assert.deepEqual(await one.json(), getSignalsByIds(ctx.db, [body.items[0]!.id])[0]);
  const search = await (await app.request('/api/v1/signals?q=fines')).json() as { items: { headline: string }[] };
  assert.ok(search.items.length > 0 && search.items.every((s) => /fine/i.test(JSON.stringify(s))));
});
