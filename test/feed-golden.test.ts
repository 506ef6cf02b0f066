// The rss-parser golden corpus: our stories carry the same title, link, guid and date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed, FeedParseError } from '../src/parse/feed.js';
import { absoluteUrl } from '../src/domain/url.js';
import { corporaDir, fixturesDir, hasCorpora } from './helpers/corpora.js';
import { startFixtureServer } from './helpers/fixture-server.js';
import { testContext } from './helpers/db.js';
import { crawlSource } from '../src/pipeline/crawl-source.js';
import { upsertSources, getSource } from '../src/store/sources.js';

interface Case { id: string; input: string; expected?: string; input_read_as: string; check: string }
const base = 'http://feeds.example.com/feed';

/** The golden file for "encoding" was written by reading latin-1 as UTF-8: U+FFFD stands for one character. */
function sameText(ours: string, golden: string): boolean {
  if (!golden.includes('\uFFFD')) return ours === golden;
  const pattern = golden.split('\uFFFD').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.');
  return new RegExp(`^${pattern}$`, 'su').test(ours);
}

async function checkCase(dir: string, input: string, expected: string, readAs: string) {
  const text = readFileSync(join(dir, input), readAs === 'latin1' ? 'latin1' : 'utf8');
  const golden = JSON.parse(readFileSync(join(dir, expected), 'utf8')).feed.items as Record<string, string | undefined>[];
  const parsed = await parseFeed(text, base);
  // Items with neither link nor a URL guid cannot be stories: we skip them, the golden keeps them.
  const linkable = golden.filter((g) => (g.link ?? '').trim() || /^https?:/.test((g.guid ?? '').trim()));
  assert.equal(parsed.items.length, linkable.length, `${input}: item count`);
  linkable.forEach((g, i) => {
    const ours = parsed.items[i]!;
    assert.ok(sameText(ours.title, (g.title ?? '').replace(/\s+/g, ' ').trim()), `${input}[${i}] title: ${ours.title} vs ${g.title}`);
    assert.equal(ours.url, absoluteUrl(g.link ?? g.guid ?? '', base), `${input}[${i}] link`);
    assert.equal(ours.guid, (g.guid ?? g.id ?? '').trim() || null, `${input}[${i}] guid`);
    assert.equal(ours.publishedAt, g.isoDate ?? null, `${input}[${i}] date`);
  });
  return linkable.length;
}

test('golden feeds (fixtures copied from the corpus)', async () => {
  const dir = join(fixturesDir, 'rss-parser');
  for (const name of ['heise.atom', 'gulp-atom.atom']) await checkCase(dir, name, name.replace(/\.\w+$/, '.json'), 'utf8');
});

test('all 29 golden cases of the rss-parser corpus', { skip: !hasCorpora && 'corpora absent' }, async () => {
  const dir = join(corporaDir, 'rss-parser');
  const cases = (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Case[]).filter((c) => c.check.startsWith('deep_equal'));
  assert.equal(cases.length, 29);
  let items = 0;
  for (const c of cases) items += await checkCase(dir, c.input, c.expected!, c.input_read_as);
  assert.ok(items > 200, `compared ${items} items`);
});

test('an HTML page is rejected as "not a feed"', async () => {
  const html = readFileSync(join(fixturesDir, 'rss-parser/unrecognized.rss'), 'utf8');
  await assert.rejects(parseFeed(html, base), (e: unknown) => e instanceof FeedParseError && e.code === 'not_a_feed' && /not a feed/.test(e.message));
});

test('the latin-1 case served over HTTP decodes to the same stories', async () => {
  const srv = await startFixtureServer();
  try {
    const bytes = readFileSync(join(fixturesDir, 'rss-parser/encoding.rss'));
    srv.route('/latin1', (_req, res) => res.writeHead(200, { 'content-type': 'text/xml; charset=latin1' }).end(bytes));
    const ctx = testContext();
    upsertSources(ctx.db, [{ id: 'latin', name: 'Latin', kind: 'rss', url: `${srv.url}/latin1`, every: '1h', tier: 2, tags: [] }]);
    const o = await crawlSource(ctx, getSource(ctx.db, 'latin')!);
    assert.equal(o.status, 'ok', o.error ?? '');
    const titles = (ctx.db.prepare('SELECT title FROM stories ORDER BY id').all() as { title: string }[]).map((r) => r.title);
    const golden = JSON.parse(readFileSync(join(fixturesDir, 'rss-parser/encoding.json'), 'utf8')).feed.items as { title: string }[];
    assert.equal(titles.length, golden.length);
    assert.ok(titles.includes('Reações dos partidos ao veto de Marcelo'), titles.join(' | '));
    golden.forEach((g) => assert.ok(titles.some((t) => sameText(t, g.title.trim())), g.title));
  } finally {
    await srv.close();
  }
});
