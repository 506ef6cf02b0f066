// npm start as a user runs it: an empty database gets the offline snapshot, the API serves it,
// and SIGTERM shuts down cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startMain, waitFor } from './helpers/spawn.js';
import { openDatabase } from '../src/store/db.js';

test('first start on an empty database imports the snapshot and serves signals; SIGTERM exits 0', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'radar-start-'));
  const sources = join(dir, 'sources.yaml');
  writeFileSync(sources, 'sources:\n  - { id: nowhere, name: Nowhere, kind: rss, url: "http://127.0.0.1:9/feed.xml", every: 1h }\n');
  const port = await freePort();
  const dbPath = join(dir, 'radar.sqlite');
  const { child, output } = startMain({ RADAR_DB: dbPath, PORT: String(port), HOST: '127.0.0.1', RADAR_SOURCES: sources, RADAR_ALLOW_PRIVATE_NETWORKS: '1' });
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 30_000, `server start\n${output()}`);
    const body = await (await fetch(`http://127.0.0.1:${port}/api/v1/signals?limit=100`)).json();
    assert.ok(body.items.length >= 30, `signals from the snapshot: ${body.items.length}`);
    const types = new Set(body.items.map((s: { event_type: string }) => s.event_type));
    assert.ok(types.size >= 8, `event types covered: ${[...types].join(', ')}`);
    const multi = body.items.filter((s: { stories: unknown[] }) => s.stories.length >= 3);
    assert.ok(multi.length >= 1, 'one event told by three outlets is one signal');
    const sourcesRes = await (await fetch(`http://127.0.0.1:${port}/api/v1/sources`)).json();
    assert.equal(sourcesRes.items[0].id, 'nowhere');
  } finally {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, output());
  }
  assert.match(output(), /offline snapshot/);
  const db = openDatabase(dbPath);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  const stories = db.prepare('SELECT count(*) AS n FROM stories').get() as { n: number };
  assert.ok(stories.n >= 40);
  db.close();
});

test('a bad setting stops start-up with a message naming the variable', async () => {
  const { child, output } = startMain({ PORT: 'eighty' });
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  assert.equal(code, 2);
  assert.match(output(), /PORT="eighty"/);
});
