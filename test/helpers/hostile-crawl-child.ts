// Run as a child process by test/hostile-feed.test.ts: one crawl pass over every hostile feed
// (served by the parent's hostile server) into a file database, with the fetcher's production
// limits (10 MB body cap, 5 redirects, private-address guard on) and short timeouts. It prints
// one JSON line: the process's peak resident memory and each source's health, so the parent
// can hold the whole pass to a memory ceiling that no in-process measurement could isolate.
//   node --import tsx test/helpers/hostile-crawl-child.ts http://hostile.test:PORT /tmp/x/radar.sqlite
import { openDatabase } from '../../src/store/db.js';
import { listSources, upsertSources } from '../../src/store/sources.js';
import { crawlSources } from '../../src/pipeline/crawl-run.js';
import { quietLogger, type PipelineContext } from '../../src/pipeline/context.js';
import { loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { ClusterIndex } from '../../src/cluster/cluster-index.js';
import { createFetcher } from '../../src/fetch/index.js';
import type { SourceConfig } from '../../src/domain/source.js';
import { hostileFeeds, hostileFetcherDeps } from './hostile-server.js';

const [origin, dbPath] = process.argv.slice(2);
if (!origin || !dbPath) throw new Error('usage: hostile-crawl-child.ts ORIGIN DB_PATH');

const db = openDatabase(dbPath);
upsertSources(db, hostileFeeds.map((f): SourceConfig => ({ id: f.id, name: f.id, kind: 'rss', url: `${origin}${f.path}`, every: '1h', tier: 2, tags: [] })));
const ctx: PipelineContext = {
  db, log: quietLogger, clusters: new ClusterIndex(), knowledge: loadKnowledge(), now: () => new Date(),
  // Production defaults except: no politeness gap (every feed is on one host) and short timeouts.
  fetcher: createFetcher({ allowPrivateNetworks: false, perHostIntervalMs: 0, totalTimeoutMs: 5000, connectTimeoutMs: 2000 }, hostileFetcherDeps()),
};
const summary = await crawlSources(ctx, listSources(db));
const health = listSources(db).map((s) => ({ id: s.id, status: s.status, last_error: s.last_error, story_count: s.story_count }));
db.close();
// maxRSS is in kilobytes.
console.log(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, summary: { ...summary, outcomes: undefined }, health }));
