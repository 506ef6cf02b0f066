import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations, migrate, openDb } from '../src/store/db.js';
import { count, memoryDb, testContext } from './helpers/db.js';
import { ingestItems, type ReadyItem } from '../src/pipeline/ingest.js';
import { listSignals } from '../src/store/signals-read.js';

const item = (n: number, over: Partial<ReadyItem> = {}): ReadyItem => ({
  guid: `g${n}`, url: `https://example.org/story/${n}`, title: `Story number ${n} about export controls`, summaryHtml: '',
  contentHtml: '', author: null, publishedAt: `2024-01-0${(n % 9) + 1}T10:00:00.000Z`, categories: [], text: `Body ${n} mentions semiconductors.`,
  html: '', fullText: false, pagePublishedAt: null, ...over,
});

test('migrations run from empty to the latest version, each once', () => {
  const db = openDb(':memory:');
  const all = loadMigrations();
  assert.deepEqual(migrate(db), all.map((m) => m.version));
  assert.equal(db.pragma('user_version', { simple: true }), all.at(-1)!.version);
  assert.deepEqual(migrate(db), [], 'a second run applies nothing');
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  for (const t of ['sources', 'stories', 'signals', 'signal_stories', 'entities', 'signal_entities', 'impacts', 'signals_fts']) assert.ok(tables.includes(t), t);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
});

test('a file database uses WAL and a busy timeout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'radar-'));
  const db = openDb(join(dir, 'sub', 'x.sqlite'));
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
  db.close();
});

test('a failing migration leaves the database at the last good version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'radar-mig-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE a (x);');
  writeFileSync(join(dir, '002_b.sql'), 'CREATE TABLE b (x); THIS IS NOT SQL;');
  const db = openDb(':memory:');
  assert.throws(() => migrate(db, loadMigrations(dir)));
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  assert.equal(count(db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'"), 0);
});

test('stories are unique by canonical URL and by guid within a source', () => {
  const ctx = testContext(memoryDb());
  ctx.db.prepare("INSERT INTO sources (id, name, kind, url, every_ms, created_at) VALUES ('s', 'S', 'rss', 'https://e.org/f', 3600000, 'now')").run();
  const first = ingestItems(ctx, { id: 's', name: 'S', tier: 2 }, [item(1), item(2)]);
  assert.equal(first.added, 2);
  const again = ingestItems(ctx, { id: 's', name: 'S', tier: 2 }, [
    item(1, { url: 'https://example.org/story/1?utm_source=rss#top' }), // same canonical URL
    item(3, { guid: 'g2' }), // same guid, new URL
  ]);
  assert.deepEqual([again.added, again.known], [0, 2]);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM stories'), 2);
});

test('the search index follows every write', () => {
  const ctx = testContext(memoryDb());
  ingestItems(ctx, { id: null, name: 'Desk', tier: 2 }, [item(1, { title: 'Netherlands tightens ASML export licences', text: 'Lithography machines need a licence.' })]);
  const hit = listSignals(ctx.db, { match: '"lithography"', limit: 10 });
  assert.equal(hit.items.length, 1);
  assert.equal(listSignals(ctx.db, { match: '"zebra"', limit: 10 }).items.length, 0);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM signals_fts'), count(ctx.db, 'SELECT count(*) AS n FROM signals'));
});

test('a story without a date keeps its first-seen time and says so', () => {
  const ctx = testContext(memoryDb(), {}, () => new Date('2025-03-01T12:00:00Z'));
  ingestItems(ctx, { id: null, name: 'Desk', tier: 2 }, [item(5, { publishedAt: null })]);
  const row = ctx.db.prepare('SELECT published_at, published_at_source FROM stories').get();
  assert.deepEqual(row, { published_at: '2025-03-01T12:00:00.000Z', published_at_source: 'first_seen' });
});
