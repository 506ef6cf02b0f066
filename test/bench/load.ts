// Load benchmark: the API under 64 concurrent clients for 60 s while a crawl of 10,000 stories
// runs in the server's own process, as in production (one process: the HTTP server and the crawl
// share one event loop and one SQLite connection). The server is load-server.ts (startRadar plus
// an event-loop probe) in a child process; the load generator (autocannon) and the loopback feeds
// run here, so the generator's own work never stalls the server it measures.
// Floor, in the same run: the same request mix over the same data with no crawl running.
// Diagnosis, in the same run: each kind's service time at one connection, and what one source's
// pass costs the event loop (parse, enrich, analysis, ingest) timed alone.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCorpus } from './corpus.js';
import { syntheticFeed } from './synthetic-feeds.js';
import { byKind, kinds, pct, requestMix, round1, runMix, summarize, type Kind, type MixRun, type Sample } from './load-mix.js';
import { startLoadServer, type LoadServer, type Stall } from './load-server.js';
import { testContext } from '../helpers/db.js';
import { parseFeed } from '../../src/parse/feed.js';
import { enrichItems } from '../../src/pipeline/enrich.js';
import { ingestItems } from '../../src/pipeline/ingest.js';
import { analyzeStory, leadOf } from '../../src/analyze/analyze.js';
import { upsertSources } from '../../src/store/sources.js';

export interface LoadOptions {
  seconds?: number;
  stories?: number;
  connections?: number;
  /** Signals in the database before the crawl (corpus.ts). */
  baseSignals?: number;
  /** The floor's duration; default: as long as the loaded run. */
  floorSeconds?: number;
  /** Requests per kind for the service times. */
  serviceRequests?: number;
  /** A response slower than this counts as an error (autocannon's timeout). */
  timeoutSeconds?: number;
}

/** One loopback server per feed: separate host:port keys, so the fetcher's politeness spaces none. */
async function serveFeeds(feeds: number, items: number): Promise<{ urls: string[]; close: () => void }> {
  const servers: Server[] = [];
  const urls: string[] = [];
  for (let f = 0; f < feeds; f++) {
    let body = Buffer.alloc(0);
    const server = createServer((req, res) => {
      if (req.url !== '/feed.xml') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    body = Buffer.from(syntheticFeed(f, items, origin));
    servers.push(server);
    urls.push(`${origin}/feed.xml`);
  }
  return { urls, close: () => servers.forEach((s) => { s.closeAllConnections(); s.close(); }) };
}

interface Outcome { id: string; http: number; status: string; added: number; error: string | null }

/** The crawl through the product's own "crawl now" route, six sources at a time like a crawl pass. */
async function crawlAll(base: string, token: string, ids: string[], concurrency = 6): Promise<Outcome[]> {
  const queue = [...ids];
  const outcomes: Outcome[] = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      try {
        const res = await fetch(`${base}/api/v1/sources/${id}/crawl`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        const body = await res.json() as { outcome?: { status: string; added: number; error: string | null } };
        outcomes.push({ id, http: res.status, status: body.outcome?.status ?? 'no outcome', added: body.outcome?.added ?? 0, error: body.outcome?.error ?? null });
      } catch (err) {
        outcomes.push({ id, http: 0, status: 'request failed', added: 0, error: (err as Error).message });
      }
    }
  }));
  return outcomes;
}

/**
 * What one source's pass costs the event loop once its feed has arrived, timed alone: parse,
 * enrich and the ingest transaction run back to back with no await that yields to I/O, so their
 * sum is one stretch in which the server answers nobody. `analyzeMs` is the rule analysis the
 * ingest does, timed on its own (part of ingestMs, the rest is clustering and SQL).
 */
async function sourcePassBlock(items: number) {
  const ctx = testContext();
  upsertSources(ctx.db, [{ id: 'p', name: 'P', kind: 'rss', url: 'http://127.0.0.1:1/feed.xml', every: '1h', tier: 2, tags: [] }]);
  const once = async (feedNo: number) => {
    const t0 = performance.now();
    const parsed = (await parseFeed(syntheticFeed(feedNo, items, 'http://127.0.0.1:1'), 'http://127.0.0.1:1/feed.xml')).items;
    const t1 = performance.now();
    const ready = await enrichItems(ctx, parsed, null, 'p');
    const t2 = performance.now();
    ctx.db.transaction(() => ingestItems(ctx, { id: 'p', name: 'P', tier: 2 }, ready))();
    const t3 = performance.now();
    for (const r of ready) analyzeStory(ctx.knowledge, { title: r.title, body: leadOf(r.text) });
    const t4 = performance.now();
    return { items, parseMs: round1(t1 - t0), enrichMs: round1(t2 - t1), ingestMs: round1(t3 - t2), analyzeMs: round1(t4 - t3), totalMs: round1(t3 - t0) };
  };
  await once(9998); // warm-up (JIT, knowledge caches)
  const r = await once(9999);
  ctx.db.close();
  return r;
}

/** Each kind alone at one connection: its service time, and what the cycle costs per request. */
async function serviceTimes(base: string, mix: ReturnType<typeof requestMix>, amount: number) {
  const out = {} as Record<Kind, number>;
  for (const only of kinds) {
    const r = await runMix(base, { amount, connections: 1, mix, origin: performance.now(), only });
    out[only] = Math.round(r.samples.reduce((n, s) => n + s.ms, 0) / Math.max(1, r.samples.length) * 100) / 100;
  }
  return out;
}

function stallSummary(stalls: Stall[], from: number, to: number) {
  const ms = stalls.filter(([at]) => at >= from && at <= to).map(([, d]) => d);
  return {
    over50ms: ms.length, over100ms: ms.filter((d) => d > 100).length, over200ms: ms.filter((d) => d > 200).length,
    longestMs: round1(Math.max(0, ...ms)), medianMs: round1(pct(ms, 0.5)),
    stalledShare: Math.round((ms.reduce((a, b) => a + b, 0) / Math.max(1, to - from)) * 1000) / 1000,
  };
}

/** Per second of the loaded run: responses, their slowest, and the server's stalled milliseconds. */
function timeline(samples: Sample[], stalls: Stall[], wall0: number, seconds: number) {
  return Array.from({ length: seconds }, (_, i) => {
    const inSecond = samples.filter((s) => s.at >= i * 1000 && s.at < (i + 1) * 1000).map((s) => s.ms);
    const stalled = stalls.filter(([at]) => at - wall0 >= i * 1000 && at - wall0 < (i + 1) * 1000).reduce((n, [, d]) => n + d, 0);
    return { second: i, responses: inSecond.length, slowestMs: Math.round(Math.max(0, ...inSecond)), stalledMs: Math.round(stalled) };
  });
}

function servedSummary(served: Stall[], from: number, to: number) {
  const ms = served.filter(([at]) => at >= from && at <= to).map(([, d]) => d);
  return { requests: ms.length, p50: round1(pct(ms, 0.5)), p99: round1(pct(ms, 0.99)), max: round1(pct(ms, 1)) };
}

function figures(r: MixRun) {
  return {
    rps: Math.round(r.result.requests.average), requests: r.result.requests.total, p50: r.result.latency.p50, p99: r.result.latency.p99, max: r.result.latency.max,
    errors: r.result.errors, timeouts: r.result.timeouts, non2xx: r.result.non2xx,
  };
}

export async function runLoadBench(opts: LoadOptions = {}) {
  const seconds = opts.seconds ?? 60;
  const floorSeconds = opts.floorSeconds ?? seconds;
  const timeout = opts.timeoutSeconds ?? 10;
  const connections = opts.connections ?? 64;
  const baseSignals = opts.baseSignals ?? 10_000;
  const feedCount = Math.max(1, Math.ceil((opts.stories ?? 10_000) / 100));
  const perFeed = Math.ceil((opts.stories ?? 10_000) / feedCount);
  const token = 'load-bench-admin-token-0123456789';
  const dir = mkdtempSync(join(tmpdir(), 'radar-loadbench-'));
  const feeds = await serveFeeds(feedCount, perFeed);
  let server: LoadServer | null = null;
  try {
    const dbPath = join(dir, 'load.sqlite');
    buildCorpus(dbPath, baseSignals).close();
    writeFileSync(join(dir, 'sources.yaml'), `sources:\n${feeds.urls.map((u, i) => `  - { id: feed-${i}, name: "Synthetic ${i}", kind: rss, url: "${u}", every: 1h }`).join('\n')}\n`);
    server = await startLoadServer({
      RADAR_DB: dbPath, PORT: '0', HOST: '127.0.0.1', RADAR_SOURCES: join(dir, 'sources.yaml'), RADAR_SCHEDULER: '0',
      RADAR_RATE_LIMIT: '0', RADAR_ADMIN_TOKEN: token, RADAR_ALLOW_PRIVATE_NETWORKS: '1',
    });
    const base = `http://127.0.0.1:${server.port}`;
    const mix = requestMix(baseSignals);
    await runMix(base, { seconds: 2, connections, mix, origin: performance.now(), timeout }); // warm-up: JIT, page cache
    await server.probe(); // forget the warm-up

    // Under load: the crawl starts with the clients and runs as long as it needs.
    const origin = performance.now();
    const wall0 = Date.now();
    const crawlRun = crawlAll(base, token, feeds.urls.map((_, i) => `feed-${i}`)).then((o) => ({ outcomes: o, ms: performance.now() - origin }));
    const loaded = await runMix(base, { seconds, connections, mix, origin, timeout });
    const crawl = await crawlRun;
    const crawlWindow = Math.min(seconds, crawl.ms / 1000);
    const during = loaded.samples.filter((s) => s.at <= crawl.ms);

    // Floor: the same mix over the same (now larger) data, nothing else running.
    const floorWall = Date.now();
    const floor = await runMix(base, { seconds: floorSeconds, connections, mix, origin: performance.now(), timeout });
    const floorEnd = Date.now();
    const { stalls, served } = await server.probe();
    const service = await serviceTimes(base, mix, opts.serviceRequests ?? 200);

    const sources = await (await fetch(`${base}/api/v1/sources`)).json() as { items: { id: string; story_count: number }[] };
    const stored = sources.items.filter((s) => s.id.startsWith('feed-')).reduce((n, s) => n + s.story_count, 0);
    const failed = crawl.outcomes.filter((o) => o.http !== 200 || o.status !== 'ok');
    const serverLog = await server.stop();
    server = null;
    const block = await sourcePassBlock(perFeed);

    const load = figures(loaded);
    const floorFigures = figures(floor);
    // The cycle's mean service time: with every client always waiting (a closed loop), a single
    // event loop answers at most 1000 / this many requests a second, and a request waits about
    // connections × this (Little's law), whatever else is going on.
    const cycleMs = Math.round((4 * service.list + 4 * service.search + 4 * service.signal + 3 * service.filtered + service['next page'] +
      service.entities + service.entity + service.sources + service.healthz) / 20 * 100) / 100;
    return {
      seconds, floorSeconds, connections, baseSignals, feeds: feedCount, storiesPerFeed: perFeed, stories: feedCount * perFeed,
      load, floor: floorFigures,
      duringCrawl: summarize(during, crawlWindow),
      // The clients connect as the crawl starts: their first requests wait for the server to
      // take the new connection; the others ride on connections already open.
      duringCrawlOpen: summarize(during.filter((x) => !x.first), crawlWindow),
      firstRequests: summarize(loaded.samples.filter((x) => x.first), crawlWindow),
      floorOpen: summarize(floor.samples.filter((x) => !x.first), floorSeconds),
      floorFirstRequests: summarize(floor.samples.filter((x) => x.first), floorSeconds),
      afterCrawl: summarize(loaded.samples.filter((s) => s.at > crawl.ms), Math.max(0.001, seconds - crawlWindow)),
      floorOwn: summarize(floor.samples, floorSeconds),
      duringCrawlByKind: byKind(during), floorByKind: byKind(floor.samples),
      ratio: { rps: load.rps / floorFigures.rps, p99: load.p99 / floorFigures.p99 },
      crawl: {
        completed: failed.length === 0 && stored === feedCount * perFeed, seconds: round1(crawl.ms / 1000), sources: crawl.outcomes.length,
        failedSources: failed.length, added: crawl.outcomes.reduce((n, o) => n + o.added, 0), stored,
        storiesPerSec: Math.round(stored / (crawl.ms / 1000)), outlastedClients: crawl.ms > seconds * 1000,
        failures: failed.slice(0, 5).map((o) => `${o.id}: ${o.http} ${o.status} ${o.error ?? ''}`),
      },
      stalls: { duringCrawl: stallSummary(stalls, wall0, wall0 + crawl.ms), floor: stallSummary(stalls, floorWall, floorEnd) },
      insideServer: { duringCrawl: servedSummary(served, wall0, wall0 + crawl.ms), floor: servedSummary(served, floorWall, floorEnd) },
      serviceMs: service, cycleMs, capacityRps: Math.round(1000 / cycleMs), littleMs: round1(connections * cycleMs),
      sourcePassBlock: block,
      timeline: timeline(loaded.samples, stalls, wall0, Math.ceil(Math.max(seconds, crawl.ms / 1000))),
      badResponses: [...loaded.bad, ...floor.bad].slice(0, 10),
      serverLogTail: serverLog.split('\n').filter(Boolean).slice(-10),
    };
  } finally {
    await server?.stop();
    feeds.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export type LoadResult = Awaited<ReturnType<typeof runLoadBench>>;

// `tsx test/bench/load.ts [seconds] [stories]`: one run, printed as JSON.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await runLoadBench({ seconds: Number(process.argv[2] ?? 60), stories: Number(process.argv[3] ?? 10_000) }), null, 2));
}
