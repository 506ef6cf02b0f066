// The API against a real listening server (the same startRadar npm start uses): routes over a
// socket, per-client rate limiting by address, admin writes, a crawl triggered through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { loadConfig } from '../src/config.js';
import { startRadar, type Radar } from '../src/main.js';
import { quietLogger } from '../src/pipeline/context.js';
import { rssFeed, startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import * as S from '../src/http/schemas.js';

let radar: Radar;
let srv: FixtureServer;
let base: string;
const token = 'server-test-token-0123456789';

before(async () => {
  srv = await startFixtureServer();
  srv.route('/wire.xml', rssFeed('Wire', [{ title: 'Australia bans DeepSeek on government devices', link: `${srv.url}/d/1`, guid: 'd1', date: 'Tue, 04 Feb 2025 09:00:00 GMT', description: 'The Australian government ordered DeepSeek removed from all government systems and devices.' }]));
  const dir = mkdtempSync(join(tmpdir(), 'radar-server-'));
  writeFileSync(join(dir, 'sources.yaml'), `sources:\n  - { id: wire, name: Wire, kind: rss, url: "${srv.url}/wire.xml", every: 1h }\n`);
  const config = loadConfig({
    RADAR_DB: join(dir, 'radar.sqlite'), PORT: '0', HOST: '127.0.0.1', RADAR_SOURCES: join(dir, 'sources.yaml'), RADAR_SCHEDULER: '0',
    RADAR_ALLOW_PRIVATE_NETWORKS: '1', RADAR_ADMIN_TOKEN: token, RADAR_RATE_LIMIT: '240', RADAR_BASE_URL: 'https://radar.example.org',
  });
  radar = await startRadar(config, quietLogger);
  base = `http://127.0.0.1:${radar.port}`;
});
after(async () => {
  await radar.stop();
  await srv.close();
});

test('routes answer over a real socket with their documented shapes', async () => {
  const page = S.signalPageSchema.parse(await (await fetch(`${base}/api/v1/signals?limit=5`)).json());
  assert.equal(page.items.length, 5);
  assert.ok(page.next_cursor);
  const next = S.signalPageSchema.parse(await (await fetch(`${base}/api/v1/signals?limit=5&cursor=${page.next_cursor}`)).json());
  assert.equal(new Set([...page.items, ...next.items].map((s) => s.id)).size, 10);
  S.signalSchema.parse(await (await fetch(`${base}/api/v1/signals/${page.items[0]!.id}`)).json());
  S.entityListSchema.parse(await (await fetch(`${base}/api/v1/entities?q=samsung`)).json());
  const doc = await (await fetch(`${base}/api/openapi.json`)).json();
  assert.equal(doc.servers[0].url, 'https://radar.example.org');
  const atom = await (await fetch(`${base}/feed.atom?q=samsung`)).text();
  const feed = await new Parser().parseString(atom);
  assert.ok(feed.items.length >= 1 && feed.items.every((i) => i.link!.startsWith('https://radar.example.org/signals/')));
  const notFound = await fetch(`${base}/api/v1/signals/0`);
  assert.equal(notFound.status, 404);
  assert.equal(notFound.headers.get('content-type'), 'application/json');
});

test('an admin triggers a crawl of one source through the API', async () => {
  const denied = await fetch(`${base}/api/v1/sources/wire/crawl`, { method: 'POST' });
  assert.equal(denied.status, 401);
  const res = await fetch(`${base}/api/v1/sources/wire/crawl`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.outcome.status, 'ok');
  assert.equal(body.outcome.added, 1);
  assert.equal(body.source.story_count, 1);
  const found = await (await fetch(`${base}/api/v1/signals?q=deepseek%20australia`)).json();
  // The snapshot already holds this event: the new report joins that signal as one more outlet.
  const signal = found.items.find((s: { stories: { url: string }[] }) => s.stories.some((st) => st.url === `${srv.url}/d/1`));
  assert.ok(signal, 'the crawled story is searchable');
});

test('a client flooding public routes gets 429 with Retry-After; the server stays up', async () => {
  const statuses = await Promise.all(Array.from({ length: 120 }, () => fetch(`${base}/api/v1/sources`).then(async (r) => { await r.arrayBuffer(); return [r.status, r.headers.get('retry-after')] as const; })));
  const limited = statuses.filter(([s]) => s === 429);
  assert.ok(limited.length > 0, 'some requests limited');
  assert.ok(limited.every(([, retry]) => Number(retry) >= 1));
  assert.ok(statuses.every(([s]) => s === 200 || s === 429));
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
});
