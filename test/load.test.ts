// A short load run for CI: 64 clients against the real server (startRadar in a child process,
// over a file database) while a crawl of 1,500 stories from loopback feeds runs in that same
// process. Asserts correctness only: no errors, no non-2xx, and the crawl completes with every
// story stored. Latency is printed, never asserted (this is not a timed test; the machine is
// shared). The full figures come from `npm run bench load`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLoadBench } from './bench/load.js';
import { kinds } from './bench/load-mix.js';

test('the API answers every request while a crawl runs in its process, and the crawl completes', async (t) => {
  // A generous client timeout: a slow answer on a busy machine is not an error here, a wrong one is.
  const r = await runLoadBench({ seconds: 8, floorSeconds: 3, stories: 1500, connections: 64, baseSignals: 2000, serviceRequests: 30, timeoutSeconds: 30 });
  t.diagnostic(`under load: ${r.load.rps} req/s, p50 ${r.load.p50} ms, p99 ${r.load.p99} ms; while crawling p99 ${r.duringCrawl.p99} ms (${r.duringCrawl.requests} requests)`);
  t.diagnostic(`floor (no crawl): ${r.floor.rps} req/s, p50 ${r.floor.p50} ms, p99 ${r.floor.p99} ms`);
  t.diagnostic(`crawl: ${r.crawl.stored}/${r.stories} stories in ${r.crawl.seconds} s; event-loop stalls > 100 ms while crawling: ${r.stalls.duringCrawl.over100ms} (longest ${r.stalls.duringCrawl.longestMs} ms)`);

  assert.deepEqual(r.badResponses, [], 'no request of the mix gets a non-2xx answer');
  assert.equal(r.load.errors, 0, 'no connection error or timeout under load');
  assert.equal(r.load.non2xx, 0);
  assert.equal(r.floor.errors, 0);
  assert.equal(r.floor.non2xx, 0);
  assert.ok(r.load.requests > 0 && r.duringCrawl.requests > 0, 'requests were answered while the crawl ran: the two overlapped');

  assert.equal(r.crawl.sources, 15);
  assert.equal(r.crawl.failedSources, 0, r.crawl.failures.join('\n'));
  assert.equal(r.crawl.added, 1500, 'the crawl reported every story as new');
  assert.equal(r.crawl.stored, 1500, 'the sources API counts every story as stored');
  assert.equal(r.crawl.completed, true);

  // Every kind of the mix was exercised and answered (a kind that always failed would show above).
  for (const k of kinds) assert.ok(r.floorByKind[k].requests > 0, `the mix sent "${k}" requests`);
  assert.deepEqual(r.serverLogTail, [], 'the server logged no warning or error');
});
