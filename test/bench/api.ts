// API benchmark: the real server (npm start's main.ts, in its own process) over a store of
// 10,000 signals, loaded by autocannon from this process: list, search, and /healthz as the
// floor measured in the same run. Then search latency over 100,000 signals, in process.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCorpus } from './corpus.js';
import { freePort, startMain, waitFor } from '../helpers/spawn.js';
import { SignalQueries } from '../../src/http/signal-query.js';

interface LoadResult { path: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }

async function load(url: string, path: string, seconds: number, vary?: () => string): Promise<LoadResult> {
  const r = await autocannon({
    url: url + path, connections: 32, duration: seconds, pipelining: 1,
    // vary: a new path per request, so the response cache cannot answer (the cold path).
    ...(vary ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: vary() }) }] } : {}),
  });
  return { path: vary ? `${path} (distinct queries)` : path, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

const words = ['lithography', 'export', 'privacy', 'fine', 'court', 'ruling', 'chip', 'sanction', 'tariff', 'merger', 'audit', 'gallium', 'encryption', 'deepfake', 'satellite', 'cloud', 'model', 'subsidy', 'ban', 'breach'];
let n = 0;
// Default page size (20); the until-minute changes every request, so no two paths are the same.
const until = () => new Date(Date.UTC(2020, 3, 1) + (n++ % 100_000) * 60_000).toISOString();
const distinctSearch = () => `/api/v1/signals?q=${words[n % 20]}%20OR%20${words[(n * 7) % 20]}&until=${until()}`;
const distinctList = () => `/api/v1/signals?until=${until()}`;

export async function runApiBench(seconds = 10) {
  const dir = mkdtempSync(join(tmpdir(), 'radar-apibench-'));
  const dbPath = join(dir, 'api.sqlite');
  buildCorpus(dbPath, 10_000).close();
  const port = await freePort();
  const { child, output } = startMain({
    RADAR_DB: dbPath, PORT: String(port), HOST: '127.0.0.1', RADAR_SCHEDULER: '0', RADAR_RATE_LIMIT: '0',
    RADAR_SOURCES: join(dir, 'none.yaml'),
  });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'none.yaml'), 'sources: []\n');
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await fetch(`${url}/healthz`)).ok, 30_000, `server\n${output()}`);
    await load(url, '/api/v1/signals', 2); // warm-up
    const health = await load(url, '/healthz', seconds);
    const list = await load(url, '/api/v1/signals', seconds);
    const search = await load(url, '/api/v1/signals?q=lithography%20export', seconds);
    const filtered = await load(url, '/api/v1/signals?type=regulation&region=EU', seconds);
    const listCold = await load(url, '/api/v1/signals', seconds, distinctList);
    const searchCold = await load(url, '/api/v1/signals?q', seconds, distinctSearch);
    return { health, list, search, filtered, listCold, searchCold };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runSearchScaleBench(signals = 100_000, queries = 300) {
  const dir = mkdtempSync(join(tmpdir(), 'radar-searchbench-'));
  try {
    const t0 = performance.now();
    const db = buildCorpus(join(dir, 'search.sqlite'), signals, 7);
    const buildMs = performance.now() - t0;
    const q = new SignalQueries(db);
    const terms = ['lithography', 'export control', 'privacy fine', '"entity list"', 'huawei OR nvidia', 'chip* -tariff', 'regulator audit', 'gallium', 'court ruling appeal', 'deepfake election'];
    const times: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < queries; i++) {
      const text = terms[i % terms.length]!;
      const t = performance.now();
      q.run(q.parse({ q: text }));
      times.push(performance.now() - t);
      // Floor: the bare FTS5 query for the same words, ranked, first 20 rows.
      const t2 = performance.now();
      db.prepare('SELECT rowid FROM signals_fts WHERE signals_fts MATCH ? ORDER BY rank LIMIT 20').all(text.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim().split(/\s+/).map((w) => `"${w}"`).join(' '));
      rawTimes.push(performance.now() - t2);
    }
    db.close();
    const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)]!;
    return { signals, buildSeconds: buildMs / 1000, p50: pct(times, 0.5), p95: pct(times, 0.95), rawP50: pct(rawTimes, 0.5), rawP95: pct(rawTimes, 0.95) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
