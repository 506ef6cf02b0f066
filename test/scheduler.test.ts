// The schedule: first fetches spread by a stable offset, due sources crawled, no overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixtureServer, rssFeed } from './helpers/fixture-server.js';
import { testContext } from './helpers/db.js';
import { upsertSources, getSource } from '../src/store/sources.js';
import { startScheduler } from '../src/jobs/scheduler.js';
import { crawlSources } from '../src/pipeline/crawl-run.js';
import { waitFor } from './helpers/spawn.js';

test('never-fetched sources get a spread first fetch; due ones are crawled on the tick', async () => {
  const srv = await startFixtureServer();
  srv.route('/f.xml', rssFeed('F', [{ title: 'EU designates gatekeepers under the DMA', link: `${srv.url}/1`, guid: '1', date: 'Wed, 06 Sep 2023 10:00:00 GMT' }]));
  let now = new Date('2025-01-01T00:00:00Z');
  const ctx = testContext(undefined, {}, () => now);
  upsertSources(ctx.db, ['a', 'b', 'c'].map((id) => ({ id, name: id, kind: 'rss' as const, url: `${srv.url}/f.xml`, every: '1h', tier: 2, tags: [] })));
  const sched = startScheduler(ctx, { cronExpression: '0 0 1 1 *' }); // the test drives tick() itself
  try {
    await sched.tick();
    const firsts = ['a', 'b', 'c'].map((id) => Date.parse(getSource(ctx.db, id)!.next_fetch_at!) - now.getTime());
    assert.ok(firsts.every((d) => d >= 0 && d < 300_000), firsts.join(','));
    assert.equal(new Set(firsts).size, 3, 'spread, not all at once');
    assert.equal(srv.hits.get('/f.xml') ?? 0, 0);
    now = new Date(now.getTime() + 300_000);
    await sched.tick();
    await waitFor(() => ['a', 'b', 'c'].every((id) => getSource(ctx.db, id)!.status === 'ok'), 5000, 'crawl on tick');
    const next = Date.parse(getSource(ctx.db, 'a')!.next_fetch_at!) - now.getTime();
    assert.ok(Math.abs(next - 3_600_000) < 1000, 'next fetch one cadence later');
  } finally {
    await sched.stop();
    await srv.close();
  }
});

test('a source already being crawled is not started twice', async () => {
  const srv = await startFixtureServer();
  let concurrent = 0, maxConcurrent = 0;
  srv.route('/slow.xml', (_req, res) => {
    concurrent++; maxConcurrent = Math.max(maxConcurrent, concurrent);
    setTimeout(() => { concurrent--; res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('S', [])); }, 300);
  });
  const ctx = testContext();
  upsertSources(ctx.db, [{ id: 'slow', name: 'slow', kind: 'rss', url: `${srv.url}/slow.xml`, every: '1h', tier: 2, tags: [] }]);
  const s = getSource(ctx.db, 'slow')!;
  const [one, two] = await Promise.all([crawlSources(ctx, [s]), crawlSources(ctx, [s])]);
  assert.equal(one.sources + two.sources, 1);
  assert.equal(maxConcurrent, 1);
  await srv.close();
});
