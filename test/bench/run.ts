// npm run bench: every benchmark, printed with the floor it is compared with in the same run.
// Figures are for comparison on this machine (ratios), not timed tests.
import { cpus } from 'node:os';
import { runIngestBench } from './ingest.js';
import { runApiBench, runSearchScaleBench } from './api.js';
import { runAnalysisBench } from './analysis.js';
import { runDigestBench } from './digest.js';

const cpu = cpus()[0]?.model ?? 'unknown cpu';
const only = process.argv[2];
console.log(`Policy Radar benchmarks — ${new Date().toISOString()} — ${cpus().length} × ${cpu} — node ${process.version}\n`);

if (!only || only === 'ingest') {
  const ingest = await runIngestBench();
  console.log('ingest: a crawl pass over loopback feeds into an empty database');
  console.log(`  ${ingest.feeds} feeds × ${ingest.itemsPerFeed} full-text stories → ${ingest.stored} stories, ${ingest.signals} signals, ${ingest.failedSources} failed sources`);
  console.log(`  end to end:                 ${ingest.storiesPerSec} stories/s (${ingest.crawlMs} ms)   target ≥ 1000`);
  console.log(`  floor (fetch + rss-parser): ${ingest.floorPerSec} items/s (${ingest.floorMs} ms)`);
  console.log(`  ratio end-to-end / floor:   ${ingest.ratio.toFixed(2)}\n`);
}

if (!only || only === 'analysis') {
  const a = runAnalysisBench();
  console.log('analysis: the rule analysis of the labelled stories, one core');
  console.log(`  ${a.stories} analyses: ${Math.round(a.perSecond)} stories/s   target ≥ 2000`);
  console.log(`  floor (splitting the same text into words): ${Math.round(a.floorPerSecond)} stories/s; ratio ${(a.perSecond / a.floorPerSecond).toFixed(3)}\n`);
}

if (!only || only === 'api') {
  const api = await runApiBench(10);
  console.log('api: the real server over 10,000 signals, 32 connections, 10 s each (autocannon)');
  const base = api.health.rps;
  for (const r of [api.health, api.list, api.search, api.filtered, api.listCold, api.searchCold]) {
    console.log(`  ${r.path.padEnd(58)} ${String(r.rps).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}  non-2xx ${r.non2xx}  ratio to /healthz ${(r.rps / base).toFixed(2)}`);
  }
  console.log('  targets: list ≥ 1500 req/s, search ≥ 800 req/s, p99 < 50 ms, zero errors\n');
  const scale = await runSearchScaleBench();
  console.log(`search at scale: ${scale.signals} signals (built in ${scale.buildSeconds.toFixed(0)} s), 300 queries in process`);
  console.log(`  our search (parse, rank, point in time, hydrate): p50 ${scale.p50.toFixed(1)} ms  p95 ${scale.p95.toFixed(1)} ms   target p95 < 20 ms`);
  console.log(`  floor (bare FTS5 MATCH … ORDER BY rank LIMIT 20): p50 ${scale.rawP50.toFixed(1)} ms  p95 ${scale.rawP95.toFixed(1)} ms`);
}

if (!only || only === 'digest') {
  const d = await runDigestBench();
  console.log(`\ndigest: ${d.subscribers} confirmed subscribers (varied filters, cadences, zones) over ${d.signals} signals of the last week (seeded in ${d.seedSeconds.toFixed(1)} s)`);
  console.log(`  composed, rendered, claimed, delivered: ${Math.round(d.perSecond)} digests/s (${d.sent} sent, ${d.empty} with nothing new, ${d.failed} failed, ${d.ms} ms; ${Math.round(d.sentPerSecond)} mails/s)   target ≥ 200`);
  console.log(`  the sink received ${d.delivered} messages to ${d.unique} addresses; ${d.avgSignals.toFixed(1)} matching signals per digest on average (at most 30 shown)`);
  console.log(`  compose + render only (dry run):        ${Math.round(d.dryPerSecond)} digests/s (${d.dryMs} ms)`);
  console.log(`  floor (${d.sent} fixed tiny messages, same pool and sink): ${Math.round(d.floorPerSecond)} mails/s (${Math.round(d.floorMs)} ms); ratio ${(d.sentPerSecond / d.floorPerSecond).toFixed(2)}`);
  console.log(`  floor (one average-size digest, ${Math.round(d.typicalBytes / 1024)} KB, rendered once, sent ${d.sent} times): ${Math.round(d.fixedPerSecond)} mails/s (${Math.round(d.fixedMs)} ms); ratio ${(d.sentPerSecond / d.fixedPerSecond).toFixed(2)}`);
}
