// The radar command as a user runs it: crawl, analyze, sources.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRadar } from './helpers/spawn.js';
import { rssFeed, startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';

let srv: FixtureServer;
let env: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'radar-cli-'));

before(async () => {
  srv = await startFixtureServer();
  srv.route('/ok.xml', rssFeed('OK Desk', [
    { title: 'Netherlands expands ASML export licence rules', link: `${srv.url}/s/1`, guid: '1', date: 'Fri, 30 Jun 2023 12:00:00 GMT', description: 'The Dutch government published rules on advanced lithography exports.' },
  ]));
  srv.route('/bad.xml', 'this is not xml at all');
  const sources = join(dir, 'sources.yaml');
  writeFileSync(sources, `sources:
  - { id: ok-desk, name: OK Desk, kind: rss, url: "${srv.url}/ok.xml", every: 1h }
  - { id: bad-desk, name: Bad Desk, kind: rss, url: "${srv.url}/bad.xml", every: 1h }
`);
  env = { RADAR_DB: join(dir, 'radar.sqlite'), RADAR_SOURCES: sources, RADAR_ALLOW_PRIVATE_NETWORKS: '1' };
});
after(() => srv.close());

test('radar --help lists the commands', async () => {
  const r = await runRadar(['--help'], env);
  assert.equal(r.code, 0);
  for (const c of ['crawl', 'analyze', 'sources list', 'import-opml', 'export-opml', 'digest']) assert.ok(r.stdout.includes(c), c);
});

test('radar crawl --json runs one pass, exits 0 even when a source fails, and reports it', { timeout: 30_000 }, async () => {
  const r = await runRadar(['crawl', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.sources, 2);
  assert.equal(summary.added, 1);
  assert.equal(summary.failed, 1);
  const bad = summary.outcomes.find((o: { sourceId: string }) => o.sourceId === 'bad-desk');
  assert.match(bad.error, /not a feed/);
  const again = JSON.parse((await runRadar(['crawl', '--json', '--source', 'ok-desk'], env)).stdout);
  assert.deepEqual([again.sources, again.added, again.known], [1, 0, 1]);
  const text = await runRadar(['crawl'], env);
  assert.match(text.stdout, /crawled 2 sources/);
  const unknown = await runRadar(['crawl', '--source', 'nope'], env);
  assert.equal(unknown.code, 2);
});

test('radar sources list, export-opml and import-opml', { timeout: 30_000 }, async () => {
  const list = await runRadar(['sources', 'list'], env);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /ok-desk/);
  const opml = await runRadar(['sources', 'export-opml'], env);
  assert.match(opml.stdout, /<opml version="2.0">/);
  assert.match(opml.stdout, /xmlUrl="http:\/\/127\.0\.0\.1:\d+\/ok\.xml"/);
  const file = join(dir, 'in.opml');
  writeFileSync(file, `<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
    <outline text="Policy"><outline text="EFF Updates" type="rss" xmlUrl="https://www.eff.org/rss/updates.xml"/></outline>
    <outline text="OK again" type="rss" xmlUrl="${srv.url}/ok.xml"/></body></opml>`);
  const imp = await runRadar(['sources', 'import-opml', file], env);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, /imported 1 new sources \(1 already present\)/);
  const json = JSON.parse((await runRadar(['sources', 'list', '--json'], env)).stdout);
  assert.ok(json.some((s: { id: string; origin: string }) => s.id === 'eff-updates' && s.origin === 'opml'));
});

test('radar analyze reads JSON lines and writes one analysis per line', async () => {
  const input = [
    JSON.stringify({ title: 'Samsung bans staff from using ChatGPT after code leak', body: 'Samsung Electronics told employees not to use generative AI tools such as ChatGPT.' }),
    'not json',
    JSON.stringify({ title: 'US adds Huawei to entity list', body: 'The Commerce Department restricted exports to Huawei.' }),
  ].join('\n');
  const r = await runRadar(['analyze'], env, input);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[0].event_type, 'usage_restriction');
  assert.ok(lines[0].entities.some((e: { name: string; role: string }) => e.name === 'Samsung' && e.role === 'actor'));
  assert.ok(lines[0].entities.some((e: { name: string; role: string }) => e.name === 'OpenAI' && e.role === 'target'));
  assert.ok(lines[1].error);
  assert.equal(lines[2].event_type, 'trade_restriction');
  assert.deepEqual(lines[2].regions, ['US']);
});

test('radar crawl --sources FILE crawls that file\'s sources and leaves the configured ones as they are', { timeout: 30_000 }, async () => {
  const own = { ...env, RADAR_DB: join(dir, 'own.sqlite') };
  assert.equal((await runRadar(['sources', 'list'], own)).code, 0); // the configured set is in the database
  const extra = join(dir, 'extra.yaml');
  writeFileSync(extra, `sources:\n  - { id: extra-desk, name: Extra Desk, kind: rss, url: "${srv.url}/ok.xml", every: 1h }\n`);
  const r = await runRadar(['crawl', '--json', '--sources', extra], own);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).sources, 1, 'only the file\'s source was crawled');
  const list = await runRadar(['sources', 'list', '--json'], own);
  const rows = JSON.parse(list.stdout) as { id: string; enabled: number | boolean }[];
  for (const id of ['ok-desk', 'bad-desk', 'extra-desk']) assert.ok(rows.find((s) => s.id === id)?.enabled, id);
});

test('radar backup copies the live database, private to its owner, and never overwrites', { timeout: 30_000 }, async () => {
  const own = { ...env, RADAR_DB: join(dir, 'backup-src.sqlite') };
  assert.equal((await runRadar(['crawl', '--json'], own)).code, 0);
  const file = join(dir, 'copy.sqlite');
  const r = await runRadar(['backup', file], own);
  assert.equal(r.code, 0, r.stderr);
  const { statSync } = await import('node:fs');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(own.RADAR_DB).mode & 0o777, 0o600, 'the database itself is created private too');
  const copy = await runRadar(['sources', 'list', '--json'], { ...own, RADAR_DB: file });
  assert.ok((JSON.parse(copy.stdout) as { story_count: number }[]).some((s) => s.story_count > 0), 'the copy holds the stories');
  assert.equal((await runRadar(['backup', file], own)).code, 2, 'an existing file is refused');
});

test('output cut short by the reader (| head) ends quietly', { timeout: 30_000 }, async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync('sh', ['-c', 'node bin/radar.js sources list --json | head -c 10'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, /EPIPE|at .*\(/);
});

test('radar entities candidates lists names found by shape, as JSON or lines', { timeout: 30_000 }, async () => {
  const r = await runRadar(['entities', 'candidates', '--min', '1', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Array.isArray(JSON.parse(r.stdout)));
  assert.equal((await runRadar(['entities', 'candidates', '--min', 'x'], env)).code, 2);
});
