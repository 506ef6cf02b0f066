// npm run bench [ingest|analysis|api|digest|load]: every benchmark (or one), printed with the
// floor it is compared with in the same run, then written to test/bench/RESULTS.md with its
// target and verdict (results.ts). Figures are for comparison on this machine (ratios), not
// timed tests.
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runIngestBench } from './ingest.js';
import { runApiBench, runSearchScaleBench } from './api.js';
import { runAnalysisBench } from './analysis.js';
import { runDigestBench } from './digest.js';
import { runLoadBench } from './load.js';
import { commandLine, machineNow, verdict, writeResults, type Row, type Section } from './results.js';
import { loadSection, printLoad } from './load-report.js';

const benches = ['ingest', 'analysis', 'api', 'digest', 'load'];
const args = process.argv.slice(2);
const only = args[0];
if (only && !benches.includes(only)) {
  console.error(`unknown benchmark "${only}": choose one of ${benches.join(', ')}, or none for all`);
  process.exit(2);
}
const command = commandLine(args);
const resultsPath = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const sections: Section[] = [];
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const wants = (name: string) => !only || only === name;

/** Runs one benchmark into a section; one that throws is recorded as failed and the rest go on. */
async function measure(bench: string, key: string, title: string, run: () => Promise<Pick<Section, 'rows' | 'notes'>>): Promise<void> {
  const loadBefore = loadavg();
  const date = new Date().toISOString();
  try {
    const measured = await run();
    sections.push({ bench, key, title, date, command, machine: machineNow(loadBefore), ...measured });
  } catch (err) {
    console.error(`${title}: the benchmark failed: ${(err as Error).stack ?? err}`);
    sections.push({ bench, key, title, date, command, machine: machineNow(loadBefore), rows: [], notes: [], error: (err as Error).message });
  }
}

console.log(`Policy Radar benchmarks — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'} — node ${process.version}\n`);

let ingestPerSec: number | null = null;
if (wants('ingest')) await measure('ingest', 'ingest', 'Ingest', async () => {
  const ingest = await runIngestBench();
  ingestPerSec = ingest.storiesPerSec;
  console.log('ingest: a crawl pass over loopback feeds into an empty database');
  console.log(`  ${ingest.feeds} feeds × ${ingest.itemsPerFeed} full-text stories → ${ingest.stored} stories, ${ingest.signals} signals, ${ingest.failedSources} failed sources`);
  console.log(`  end to end:                 ${ingest.storiesPerSec} stories/s (${ingest.crawlMs} ms)   target ≥ 1000`);
  console.log(`  floor (fetch + rss-parser): ${ingest.floorPerSec} items/s (${ingest.floorMs} ms)`);
  console.log(`  ratio end-to-end / floor:   ${ingest.ratio.toFixed(2)}\n`);
  const complete = ingest.failedSources === 0 && ingest.stored === ingest.feeds * ingest.itemsPerFeed;
  return {
    rows: [{
      figure: `crawl pass, ${ingest.feeds} loopback feeds × ${ingest.itemsPerFeed} full-text stories, empty database`,
      measured: `${n(ingest.storiesPerSec)} stories/s (${n(ingest.stored)} stories, ${n(ingest.signals)} signals, ${n(ingest.crawlMs)} ms, ${ingest.failedSources} failed sources)`,
      target: '≥ 1,000 stories/s, every story stored', verdict: verdict(ingest.storiesPerSec >= 1000 && complete),
      floor: `fetch + rss-parser alone: ${n(ingest.floorPerSec)} items/s`, ratio: ingest.ratio.toFixed(2),
    }],
    notes: ['End to end: fetch, parse, settle the text, sanitize, analyze (entities, roles, event type, regions, predicted impacts), cluster and store ' +
      'with the full-text index, one transaction per source, six sources at a time, as `radar crawl` does. The floor is the least any crawl must do: ' +
      'fetch the same documents over loopback and parse them with rss-parser, six at a time.'],
  };
});

if (wants('analysis')) await measure('analysis', 'analysis', 'Analysis', async () => {
  const a = runAnalysisBench();
  console.log('analysis: the rule analysis of the labelled stories, one core');
  console.log(`  ${a.stories} analyses: ${Math.round(a.perSecond)} stories/s   target ≥ 2000`);
  console.log(`  floor (splitting the same text into words): ${Math.round(a.floorPerSecond)} stories/s; ratio ${(a.perSecond / a.floorPerSecond).toFixed(3)}\n`);
  return {
    rows: [{
      figure: 'rule analysis of the labelled stories, one core', measured: `${n(a.perSecond)} stories/s (${n(a.stories)} analyses)`,
      target: '≥ 2,000 stories/s', verdict: verdict(a.perSecond >= 2000),
      floor: `splitting the same text into words: ${n(a.floorPerSecond)} stories/s`, ratio: (a.perSecond / a.floorPerSecond).toFixed(3),
    }],
    notes: ['Entities, roles, event type, regions and predicted impacts for each story of test/eval/labelled, in process; the floor only splits the same text into words, the first step of the analysis.'],
  };
});

if (wants('api')) {
  await measure('api', 'api', 'API', async () => {
    const api = await runApiBench(10);
    console.log('api: the real server over 10,000 signals, 32 connections, 10 s each (autocannon)');
    const base = api.health.rps;
    for (const r of [api.health, api.list, api.search, api.filtered, api.listCold, api.searchCold]) {
      console.log(`  ${r.path.padEnd(58)} ${String(r.rps).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}  non-2xx ${r.non2xx}  ratio to /healthz ${(r.rps / base).toFixed(2)}`);
    }
    console.log('  targets: list ≥ 1500 req/s, search ≥ 800 req/s, p99 < 50 ms, zero errors\n');
    const row = (r: typeof api.list, minRps: number | null): Row => ({
      figure: r.path, measured: `${n(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors, ${r.non2xx} non-2xx`,
      target: minRps === null ? 'the floor' : `≥ ${n(minRps)} req/s, p99 < 50 ms, no errors`,
      verdict: minRps === null ? '—' : verdict(r.rps >= minRps && r.p99 < 50 && r.errors === 0 && r.non2xx === 0),
      floor: minRps === null ? '—' : `/healthz: ${n(base)} req/s, p99 ${api.health.p99} ms`, ratio: minRps === null ? '1' : (r.rps / base).toFixed(2),
    });
    return {
      rows: [row(api.health, null), row(api.list, 1500), row(api.search, 800), row(api.filtered, 1500), row(api.listCold, 1500), row(api.searchCold, 800)],
      notes: ['`npm start`\'s server in its own process over 10,000 signals, loaded by autocannon from the bench process with 32 keep-alive connections for 10 s per row. ' +
        'The first rows repeat one URL, so after the first request the response cache answers (the cache is part of the product); "distinct queries" rows change the URL ' +
        'on every request (a different `until` minute, different words), so every request is ranked and rendered afresh. The floor is `/healthz` (a `SELECT 1` through the same ' +
        'middleware): what the server, HTTP and the client cost with no work behind them.'],
    };
  });
  await measure('api', 'search', 'Search at scale', async () => {
    const scale = await runSearchScaleBench();
    console.log(`search at scale: ${scale.signals} signals (built in ${scale.buildSeconds.toFixed(0)} s), 300 queries in process`);
    console.log(`  our search (parse, rank, point in time, hydrate): p50 ${scale.p50.toFixed(1)} ms  p95 ${scale.p95.toFixed(1)} ms   target p95 < 20 ms`);
    console.log(`  floor (bare FTS5 MATCH … ORDER BY rank LIMIT 20): p50 ${scale.rawP50.toFixed(1)} ms  p95 ${scale.rawP95.toFixed(1)} ms`);
    return {
      rows: [{
        figure: `search over ${n(scale.signals)} signals, 300 queries in process`, measured: `p50 ${scale.p50.toFixed(1)} ms, p95 ${scale.p95.toFixed(1)} ms`,
        target: 'p95 < 20 ms', verdict: verdict(scale.p95 < 20),
        floor: `bare FTS5 MATCH … ORDER BY rank LIMIT 20: p50 ${scale.rawP50.toFixed(1)} ms, p95 ${scale.rawP95.toFixed(1)} ms`, ratio: `p95 × ${(scale.p95 / scale.rawP95).toFixed(2)}`,
      }],
      notes: ['Our search parses the query language, ranks with bm25 (headline, summary and story text weighted), keeps the point in time and hydrates 20 signals with ' +
        'their entities, impacts and stories; the floor is the bare FTS5 query for the same words. Ten query shapes (words, phrases, OR, prefix, exclusion). The ratio is ' +
        'time, so above 1 means slower than the floor.'],
    };
  });
}

if (wants('digest')) await measure('digest', 'digest', 'Digest', async () => {
  const d = await runDigestBench();
  console.log(`\ndigest: ${d.subscribers} confirmed subscribers (varied filters, cadences, zones) over ${d.signals} signals of the last week (seeded in ${d.seedSeconds.toFixed(1)} s)`);
  console.log(`  composed, rendered, claimed, delivered: ${Math.round(d.perSecond)} digests/s (${d.sent} sent, ${d.empty} with nothing new, ${d.failed} failed, ${d.ms} ms; ${Math.round(d.sentPerSecond)} mails/s)   target ≥ 200`);
  console.log(`  the sink received ${d.delivered} messages to ${d.unique} addresses; ${d.avgSignals.toFixed(1)} matching signals per digest on average (at most 30 shown)`);
  console.log(`  compose + render only (dry run):        ${Math.round(d.dryPerSecond)} digests/s (${d.dryMs} ms)`);
  console.log(`  floor (${d.sent} fixed tiny messages, same pool and sink): ${Math.round(d.floorPerSecond)} mails/s (${Math.round(d.floorMs)} ms); ratio ${(d.sentPerSecond / d.floorPerSecond).toFixed(2)}`);
  console.log(`  floor (one average-size digest, ${Math.round(d.typicalBytes / 1024)} KB, rendered once, sent ${d.sent} times): ${Math.round(d.fixedPerSecond)} mails/s (${Math.round(d.fixedMs)} ms); ratio ${(d.sentPerSecond / d.fixedPerSecond).toFixed(2)}`);
  return {
    rows: [
      {
        figure: `digests for ${n(d.subscribers)} subscribers: composed, rendered, claimed, delivered over pooled SMTP`,
        measured: `${n(d.perSecond)} digests/s (${n(d.sent)} sent, ${n(d.empty)} with nothing new, ${d.failed} failed; ${n(d.sentPerSecond)} mails/s; the sink got ${n(d.delivered)} to ${n(d.unique)} addresses)`,
        target: '≥ 200 digests/s, none failed, each mail once', verdict: verdict(d.perSecond >= 200 && d.failed === 0 && d.delivered === d.sent && d.unique === d.sent),
        floor: `${n(d.sent)} fixed tiny messages, same pool and sink: ${n(d.floorPerSecond)} mails/s`, ratio: (d.sentPerSecond / d.floorPerSecond).toFixed(2),
      },
      {
        figure: 'the same mails against one average digest sent as often', measured: `${n(d.sentPerSecond)} mails/s`, target: '—', verdict: '—',
        floor: `one ${Math.round(d.typicalBytes / 1024)} KB digest, rendered once, sent ${n(d.sent)} times: ${n(d.fixedPerSecond)} mails/s`, ratio: (d.sentPerSecond / d.fixedPerSecond).toFixed(2),
      },
      { figure: 'compose and render only (dry run, nothing sent)', measured: `${n(d.dryPerSecond)} digests/s`, target: '—', verdict: '—', floor: '—', ratio: '—' },
    ],
    notes: [`${n(d.subscribers)} confirmed subscribers with varied filters, cadences and time zones over ${n(d.signals)} signals of the last week, ingested through the real pipeline; ` +
      `${d.avgSignals.toFixed(1)} matching signals per digest on average (at most 30 shown). Every digest is chosen, rendered (HTML and text), claimed in the ledger and ` +
      'delivered to a local SMTP sink in its own process. The floors send through the same pool to the same sink: what SMTP and nodemailer cost alone, and what the bytes of a digest cost without choosing or rendering.'],
  };
});

if (wants('load')) await measure('load', 'load', 'Load: the API while a crawl runs', async () => {
  const l = await runLoadBench();
  printLoad(l);
  return loadSection(l, ingestPerSec);
});

const written = writeResults(resultsPath, sections, !only);
const missed = written.filter((s) => s.error || s.rows.some((r) => r.verdict === 'MISSED')).map((s) => s.title);
console.log(`\nwrote ${resultsPath} (${only ? `the ${only} sections; the others kept from earlier runs` : 'every benchmark'})${missed.length ? `; targets missed in: ${missed.join(', ')}` : ''}`);
