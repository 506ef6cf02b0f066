// Ingest benchmark: a crawl pass over 100 loopback feeds of 100 full-text stories each into an
// empty database, against the floor of fetching and parsing the same feeds with rss-parser alone.
import { createServer, type Server } from 'node:http';
import { get } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { syntheticFeed } from './synthetic-feeds.js';
import { openDatabase } from '../../src/store/db.js';
import { upsertSources, listSources, getSource } from '../../src/store/sources.js';
import { crawlSources } from '../../src/pipeline/crawl-run.js';
import { ClusterIndex } from '../../src/cluster/cluster-index.js';
import { loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { createFetcher } from '../../src/fetch/index.js';
import { quietLogger } from '../../src/pipeline/context.js';

const hosts = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];

async function serveFeeds(feeds: number, items: number): Promise<{ urls: string[]; close: () => void }> {
  const servers: Server[] = [];
  const urls: string[] = [];
  for (const host of hosts) {
    const bodies = new Map<string, Buffer>();
    const server = createServer((req, res) => {
      const body = bodies.get(req.url ?? '');
      if (!body) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, host, r));
    const port = (server.address() as { port: number }).port;
    servers.push(server);
    for (let f = hosts.indexOf(host); f < feeds; f += hosts.length) {
      bodies.set(`/feed/${f}.xml`, Buffer.from(syntheticFeed(f, items, `http://${host}:${port}`)));
      urls[f] = `http://${host}:${port}/feed/${f}.xml`;
    }
  }
  return { urls, close: () => servers.forEach((s) => { s.closeAllConnections(); s.close(); }) };
}

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    }).on('error', reject);
  });
}

export async function runIngestBench(feeds = 100, items = 100) {
  const { urls, close } = await serveFeeds(feeds, items);
  const dir = mkdtempSync(join(tmpdir(), 'radar-bench-'));
  try {
    // Floor: fetch + rss-parser, 6 at a time, like the crawl's workers.
    const parser = new Parser();
    let parsed = 0;
    const t0 = performance.now();
    const queue = [...urls];
    await Promise.all(Array.from({ length: 6 }, async () => {
      for (let u = queue.shift(); u; u = queue.shift()) parsed += (await parser.parseString(await fetchText(u))).items.length;
    }));
    const floorMs = performance.now() - t0;

    const db = openDatabase(join(dir, 'bench.sqlite'));
    upsertSources(db, urls.map((url, i) => ({ id: `feed-${i}`, name: `Synthetic ${i}`, kind: 'rss' as const, url, every: '1h', tier: 2, tags: [] })));
    const ctx = {
      db, log: quietLogger, clusters: new ClusterIndex(), knowledge: loadKnowledge(), now: () => new Date(),
      fetcher: createFetcher({ allowPrivateNetworks: true, perHostIntervalMs: 0 }),
    };
    const t1 = performance.now();
    const summary = await crawlSources(ctx, listSources(db).map((s) => getSource(db, s.id)!));
    const crawlMs = performance.now() - t1;
    const stored = (db.prepare('SELECT count(*) AS n FROM stories').get() as { n: number }).n;
    const signals = (db.prepare('SELECT count(*) AS n FROM signals').get() as { n: number }).n;
    db.close();
    const storiesPerSec = stored / (crawlMs / 1000);
    const floorPerSec = parsed / (floorMs / 1000);
    return {
      feeds, itemsPerFeed: items, stored, signals, failedSources: summary.failed,
      crawlMs: Math.round(crawlMs), storiesPerSec: Math.round(storiesPerSec),
      floorMs: Math.round(floorMs), floorPerSec: Math.round(floorPerSec), ratio: storiesPerSec / floorPerSec,
    };
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runIngestBench();
  console.log(JSON.stringify(r, null, 2));
}
