// Crash safety of a crawl: `radar crawl` (the real CLI, as a child process) killed with SIGKILL
// several times mid-pass, then run to the end twice. The database must come out whole: SQLite's
// own checks pass, the search index agrees with the tables, every story the feeds served is
// stored exactly once and belongs to exactly one signal, and what is derived from the rows
// (primary story, time span, prediction triggers, source health) agrees with them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runRadar, waitFor } from './helpers/spawn.js';
import { projectRoot } from './helpers/corpora.js';
import { rssFeed, startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { canonicalUrl } from '../src/domain/url.js';

const FEEDS = 40;
const FULL_ITEMS = 50;
const SUMMARY_ITEMS = 10;
/** Article pages are spread over several servers: the fetcher spaces requests to one host:port by a second. */
const PAGE_SERVERS = 16;

const places = ['Brazil', 'Japan', 'India', 'Germany', 'Canada', 'Korea', 'France', 'Australia', 'Italy', 'Spain', 'Mexico', 'Kenya'];
const actors = ['Commission', 'Ministry', 'Regulator', 'Senate', 'Court', 'Agency', 'Parliament', 'Authority', 'Watchdog', 'Council'];
const verbs = ['fines', 'probes', 'sues', 'bans', 'restricts', 'approves', 'blocks', 'investigates', 'orders', 'clears'];
const topics = ['privacy', 'competition', 'export', 'safety', 'copyright', 'security', 'procurement', 'tax', 'labour', 'content'];
const syllables = ['ka', 'lo', 'mer', 'tis', 'va', 'ron', 'qu', 'ex', 'ul', 'dra', 'po', 'zen', 'fi', 'bar', 'nu', 'sol'];
const at = <T>(xs: T[], n: number): T => xs[n % xs.length]!;

function company(n: number): string {
  let w = '';
  for (let x = n + 7, k = 0; k < 3; k++, x = Math.floor(x / 16)) w += syllables[x % 16];
  return `${w[0]!.toUpperCase()}${w.slice(1)} ${at(['Systems', 'Labs', 'Networks', 'Holdings', 'Technologies'], n)}`;
}

interface Story { feed: number; item: number; guid: string; link: string; title: string; date: string; paragraphs: string[] }
interface Feed { id: string; slowMs: number; etag: string | null; summaryOnly: boolean; stories: Story[] }

/**
 * Deterministic feeds: a quarter of the items report one of 100 shared events (so outlets join
 * the same signal), the rest are each their own event; every fifth feed is summary-only, its
 * articles on pages the crawl must fetch; every third answers slowly; even ones send an ETag.
 */
function buildFeeds(pageOrigins: string[], now: number): Feed[] {
  return Array.from({ length: FEEDS }, (_, f) => {
    const summaryOnly = f % 5 === 4;
    const items = summaryOnly ? SUMMARY_ITEMS : FULL_ITEMS;
    const stories = Array.from({ length: items }, (_, i): Story => {
      const n = f * FULL_ITEMS + i;
      const shared = n % 4 === 0;
      const e = shared ? (f * 13 + i) % 100 : 1000 + n;
      const title = `${shared && f % 2 ? 'Report: ' : ''}${at(places, e * 7)} ${at(actors, e * 3)} ${at(verbs, e)} ${company(e)} over ${at(topics, e * 5)} concerns`;
      const date = new Date(now - 3_600_000 - (shared ? e * 40 * 60_000 + f * 60_000 : (n % 1500) * 3 * 60_000)).toUTCString();
      const paragraphs = Array.from({ length: 6 }, (_, p) => `${title}. Paragraph ${p}: officials said the ${at(topics, e + p)} review of ${company(e)} would continue, with a decision expected after consultation with ${at(places, e + p * 5)} and industry groups (${f}/${i}).`);
      const link = summaryOnly
        ? `${pageOrigins[(f * 3 + i) % pageOrigins.length]}/article/${f}/${i}`
        : `https://outlet${f}.example/news/${i}-${e}${i % 3 === 0 ? '?utm_source=rss&utm_medium=feed' : ''}`;
      return { feed: f, item: i, guid: `desk-${f}-${i}`, link, title, date, paragraphs };
    });
    return { id: `desk-${String(f).padStart(2, '0')}`, slowMs: f % 3 === 1 ? 300 + ((f * 137) % 900) : 0, etag: f % 2 === 0 ? `"v1-${f}"` : null, summaryOnly, stories };
  });
}

function feedXml(feed: Feed): string {
  return rssFeed(`Desk ${feed.id}`, feed.stories.map((s) => ({
    title: s.title, link: s.link, guid: s.guid, date: s.date,
    description: s.paragraphs[0]!,
    ...(feed.summaryOnly ? {} : { content: s.paragraphs.map((p) => `<p>${p}</p>`).join('') }),
  })));
}

const articleHtml = (s: Story) => `<!DOCTYPE html><html><head><title>${s.title}</title></head><body><header><nav><a href="/">Home</a></nav></header>
<article><h1>${s.title}</h1>${s.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article><footer>© Desk</footer></body></html>`;

const dir = mkdtempSync(join(tmpdir(), 'radar-crash-crawl-'));
const dbPath = join(dir, 'radar.sqlite');
const servers: FixtureServer[] = [];
let feeds: Feed[] = [];
let env: Record<string, string>;

before(async () => {
  const pages: FixtureServer[] = [];
  for (let p = 0; p < PAGE_SERVERS; p++) pages.push(await startFixtureServer());
  servers.push(...pages);
  feeds = buildFeeds(pages.map((s) => s.url), Date.now());
  const lines: string[] = ['sources:'];
  for (const feed of feeds) {
    const srv = await startFixtureServer();
    servers.push(srv);
    const body = Buffer.from(feedXml(feed));
    srv.route('/feed.xml', (req, res) => {
      if (feed.etag && req.headers['if-none-match'] === feed.etag) return void res.writeHead(304, { etag: feed.etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': body.length, ...(feed.etag ? { etag: feed.etag } : {}) });
      if (!feed.slowMs) return void res.end(body);
      // Half now, the rest later: a slow server keeps the pass busy, so kills find it mid-way.
      const half = Math.floor(body.length / 2);
      res.write(body.subarray(0, half));
      setTimeout(() => res.end(body.subarray(half)), feed.slowMs);
    });
    lines.push(`  - { id: ${feed.id}, name: "Desk ${feed.id}", kind: rss, url: "${srv.url}/feed.xml", every: 1h }`);
    for (const s of feed.summaryOnly ? feed.stories : []) {
      const page = pages.find((p) => s.link.startsWith(p.url))!;
      page.route(new URL(s.link).pathname, articleHtml(s), 'text/html; charset=utf-8');
    }
  }
  const sources = join(dir, 'sources.yaml');
  writeFileSync(sources, `${lines.join('\n')}\n`);
  env = { RADAR_DB: dbPath, RADAR_SOURCES: sources, RADAR_ALLOW_PRIVATE_NETWORKS: '1' };
});

after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

const n = (db: Db | Database.Database, sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

/** Stories stored so far, read through a connection of the test's own (WAL lets it read while the crawl writes). */
function storiesNow(watch: { db: Database.Database | null }): number {
  if (!watch.db) {
    // Not before the crawl has put the file in WAL mode: that switch needs the file to itself.
    if (!existsSync(`${dbPath}-wal`)) return 0;
    watch.db = new Database(dbPath, { timeout: 5000 });
  }
  try {
    return n(watch.db, 'SELECT count(*) AS n FROM stories');
  } catch {
    return 0; // the first crawl may not have created the table yet
  }
}

function startCrawl(): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stderr: () => string } {
  const child = spawn(process.execPath, [join(projectRoot, 'bin/radar.js'), 'crawl'], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return { child, exited: new Promise((r) => child.on('exit', (code, signal) => r({ code, signal }))), stderr: () => err };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a crawl killed with SIGKILL several times mid-pass, then finished: the database is whole and every story is there exactly once', { timeout: 240_000 }, async () => {
  const total = feeds.reduce((k, f) => k + f.stories.length, 0);
  const watch: { db: Database.Database | null } = { db: null };
  // Kill 0 lands as soon as the database file appears (migrations, sources); the others after
  // the crawl has written a varied number of new stories, plus a varied delay.
  const kills = [{ grow: 0, extraMs: 0 }, { grow: 40, extraMs: 0 }, { grow: 150, extraMs: 180 }, { grow: 90, extraMs: 450 }, { grow: 250, extraMs: 60 }];
  const progress: number[] = [];
  for (const [k, kill] of kills.entries()) {
    const before = storiesNow(watch);
    const run = startCrawl();
    if (kill.grow === 0) await waitFor(() => existsSync(dbPath), 30_000, 'the database file');
    else await waitFor(() => storiesNow(watch) >= before + kill.grow, 60_000, `kill ${k}: ${kill.grow} new stories (${run.stderr().slice(-500)})`);
    await sleep(kill.extraMs);
    run.child.kill('SIGKILL');
    const exit = await run.exited;
    assert.equal(exit.signal, 'SIGKILL', `kill ${k} found the crawl still running (exit ${exit.code}: ${run.stderr().slice(-500)})`);
    const after = storiesNow(watch);
    if (kill.grow > 0) assert.ok(after >= before + kill.grow, `kill ${k}: stories were being written (${before} → ${after})`);
    assert.ok(after < total, `kill ${k} landed mid-pass (${after} of ${total} stories)`);
    progress.push(after);
  }
  watch.db?.close();
  assert.ok(progress.at(-1)! > 0);

  const final = await runRadar(['crawl', '--json'], env);
  assert.equal(final.code, 0, final.stderr);
  const summary = JSON.parse(final.stdout) as { sources: number; failed: number; itemErrors: number; added: number };
  assert.equal(summary.sources, FEEDS);
  assert.equal(summary.failed, 0, final.stdout.slice(0, 2000));
  assert.equal(summary.itemErrors, 0);
  assert.equal(summary.added, total - progress.at(-1)!, 'the last pass added exactly what the killed passes had not committed');
  const again = JSON.parse((await runRadar(['crawl', '--json'], env)).stdout) as { sources: number; failed: number; added: number };
  assert.deepEqual([again.sources, again.failed, again.added], [FEEDS, 0, 0], 'a second full pass finds nothing new');

  const db = openDatabase(dbPath);
  try {
    // SQLite's own view of the file.
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    // The search index: internally consistent, and one row per signal, no more, no less.
    db.exec("INSERT INTO signals_fts (signals_fts) VALUES ('integrity-check')");
    assert.equal(n(db, 'SELECT count(*) AS n FROM signals_fts'), n(db, 'SELECT count(*) AS n FROM signals'));
    assert.equal(n(db, 'SELECT count(*) AS n FROM signals s LEFT JOIN signals_fts f ON f.rowid = s.id WHERE f.rowid IS NULL'), 0);

    // Every story served is there exactly once, by canonical URL and by (source, guid).
    const served = feeds.flatMap((f) => f.stories.map((s) => ({ source: f.id, guid: s.guid, key: canonicalUrl(s.link)! })));
    assert.equal(new Set(served.map((s) => s.key)).size, total, 'the fixture serves distinct stories');
    const rows = db.prepare('SELECT source_id, guid, canonical_url, full_text FROM stories').all() as { source_id: string; guid: string; canonical_url: string; full_text: number }[];
    assert.equal(rows.length, total, 'every served story stored, none twice');
    const byKey = new Map<string, number>();
    for (const r of rows) byKey.set(r.canonical_url, (byKey.get(r.canonical_url) ?? 0) + 1);
    const byGuid = new Map<string, number>();
    for (const r of rows) byGuid.set(`${r.source_id}|${r.guid}`, (byGuid.get(`${r.source_id}|${r.guid}`) ?? 0) + 1);
    for (const s of served) {
      assert.equal(byKey.get(s.key), 1, `${s.key} stored once`);
      assert.equal(byGuid.get(`${s.source}|${s.guid}`), 1, `${s.source} ${s.guid} stored once`);
    }
    // The summary-only feeds really went through enrichment: their text came from the page.
    const paged = feeds.filter((f) => f.summaryOnly).flatMap((f) => f.stories.map((s) => canonicalUrl(s.link)!));
    const fullByKey = new Map(rows.map((r) => [r.canonical_url, r.full_text]));
    assert.ok(paged.length > 0 && paged.every((k) => fullByKey.get(k) === 1), 'summary-only stories carry the article page text');

    // Every story in exactly one signal (story_id is signal_stories' key, so "at least one" is the check), no empty signal.
    assert.equal(n(db, 'SELECT count(*) AS n FROM stories s LEFT JOIN signal_stories ss ON ss.story_id = s.id WHERE ss.story_id IS NULL'), 0);
    assert.equal(n(db, 'SELECT count(*) AS n FROM signal_stories'), total);
    assert.equal(n(db, 'SELECT count(*) AS n FROM signals g WHERE NOT EXISTS (SELECT 1 FROM signal_stories ss WHERE ss.signal_id = g.id)'), 0);
    const signals = n(db, 'SELECT count(*) AS n FROM signals');
    assert.ok(signals < total, `outlets covering one event joined one signal (${signals} signals for ${total} stories)`);
    // What is derived from the rows agrees with them: one primary story, the time span, triggers only for open predictions.
    assert.equal(n(db, 'SELECT count(*) AS n FROM (SELECT signal_id FROM signal_stories GROUP BY signal_id HAVING sum(is_primary) != 1)'), 0, 'one primary story per signal');
    assert.equal(n(db, `SELECT count(*) AS n FROM signals g WHERE g.last_seen_at != (SELECT max(st.published_at) FROM signal_stories ss
      JOIN stories st ON st.id = ss.story_id WHERE ss.signal_id = g.id)`), 0, 'last_seen_at is the newest story');
    assert.equal(n(db, "SELECT count(*) AS n FROM impact_triggers t JOIN impacts i ON i.id = t.impact_id WHERE i.status != 'open'"), 0);
    assert.equal(n(db, "SELECT count(*) AS n FROM impacts WHERE status = 'confirmed' AND resolved_by IS NULL"), 0);
    assert.ok(n(db, 'SELECT count(*) AS n FROM impacts') > 0, 'predictions were made');
    // Health: every source ended its last pass fine, and its ETag (if any) stands beside its stories.
    const health = db.prepare('SELECT id, status, error_count, etag, (SELECT count(*) FROM stories WHERE source_id = s.id) AS stories FROM sources s ORDER BY id').all() as { id: string; status: string; error_count: number; etag: string | null; stories: number }[];
    assert.equal(health.length, FEEDS);
    for (const h of health) {
      const feed = feeds.find((f) => f.id === h.id)!;
      assert.deepEqual([h.status, h.error_count, h.etag, h.stories], ['ok', 0, feed.etag, feed.stories.length], h.id);
    }
  } finally {
    db.close();
  }
});
