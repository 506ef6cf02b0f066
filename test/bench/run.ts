// npm run bench: every benchmark, printed with the floor it is compared with in the same run.
// Figures are for comparison on this machine (ratios), not timed tests.
import { cpus } from 'node:os';
import { runIngestBench } from './ingest.js';

const cpu = cpus()[0]?.model ?? 'unknown cpu';
console.log(`Policy Radar benchmarks — ${new Date().toISOString()} — ${cpus().length} × ${cpu} — node ${process.version}\n`);

const ingest = await runIngestBench();
console.log('ingest: crawl pass over loopback feeds into an empty database');
console.log(`  ${ingest.feeds} feeds × ${ingest.itemsPerFeed} full-text stories → ${ingest.stored} stories, ${ingest.signals} signals, ${ingest.failedSources} failed sources`);
console.log(`  end to end:                 ${ingest.storiesPerSec} stories/s (${ingest.crawlMs} ms)   target ≥ 1000`);
console.log(`  floor (fetch + rss-parser): ${ingest.floorPerSec} items/s (${ingest.floorMs} ms)`);
console.log(`  ratio end-to-end / floor:   ${ingest.ratio.toFixed(2)}`);
