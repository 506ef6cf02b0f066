// Clustering: reports of one event join one signal; look-alike events stay apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testContext, count } from './helpers/db.js';
import { ingestItems, type ReadyItem } from '../src/pipeline/ingest.js';
import { stem, contentWords } from '../src/cluster/features.js';

let n = 0;
const item = (title: string, body: string, at: string): ReadyItem => ({
  guid: `c${++n}`, url: `https://example.org/c/${n}`, title, summaryHtml: '', contentHtml: '', author: null, publishedAt: at,
  categories: [], text: body, html: '', fullText: false, pagePublishedAt: null,
});

test('three outlets, three wordings, one signal; the primary source comes first', () => {
  const ctx = testContext();
  ingestItems(ctx, { id: null, name: 'Asia desk', tier: 1 }, [item('Samsung bans staff from using ChatGPT and other generative AI tools',
    'Samsung Electronics told employees to stop using generative AI services such as ChatGPT on company devices after engineers uploaded source code.', '2023-05-02T06:00:00Z')]);
  ingestItems(ctx, { id: null, name: 'Wire A', tier: 2 }, [item('ChatGPT barred on Samsung devices after engineers leak internal code',
    'OpenAI\'s ChatGPT can no longer be used on Samsung-owned devices, the South Korean company told staff.', '2023-05-02T09:30:00Z')]);
  ingestItems(ctx, { id: null, name: 'Tech desk', tier: 2 }, [item('Leaked source code prompts Samsung to prohibit outside AI chatbots',
    'Samsung has prohibited employees from using chatbots like ChatGPT after a leak of sensitive code.', '2023-05-03T09:00:00Z')]);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM signals'), 1);
  const outlets = (ctx.db.prepare('SELECT st.outlet FROM signal_stories ss JOIN stories st ON st.id = ss.story_id ORDER BY ss.is_primary DESC, st.published_at').all() as { outlet: string }[]).map((r) => r.outlet);
  assert.deepEqual(outlets, ['Asia desk', 'Wire A', 'Tech desk']);
  const s = ctx.db.prepare('SELECT importance, revision_note FROM signals').get() as { importance: number; revision_note: string };
  assert.ok(s.importance > 0.6);
  assert.match(s.revision_note, /now 3 outlets/);
});

test('two countries banning the same app in one week stay two signals', () => {
  const ctx = testContext();
  ingestItems(ctx, { id: null, name: 'Europe desk', tier: 2 }, [item('European Commission suspends TikTok on staff devices',
    'The European Commission told its staff to remove TikTok from corporate phones and personal devices used for work, citing cybersecurity.', '2023-02-23T14:00:00Z')]);
  ingestItems(ctx, { id: null, name: 'Americas desk', tier: 2 }, [item('Canada bans TikTok on government devices',
    'Canada\'s government said TikTok will be removed from government-issued mobile devices, citing privacy and security risks.', '2023-02-27T18:00:00Z')]);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM signals'), 2);
});

test('the same story weeks later starts a new signal (time window)', () => {
  const ctx = testContext();
  const t = 'Netherlands publishes export licence rules for advanced chipmaking machines';
  ingestItems(ctx, { id: null, name: 'A', tier: 2 }, [item(t, 'The Dutch government published rules requiring licences for ASML lithography exports.', '2023-06-30T12:00:00Z')]);
  ingestItems(ctx, { id: null, name: 'B', tier: 2 }, [item(t, 'The Dutch government published rules requiring licences for ASML lithography exports.', '2023-07-30T12:00:00Z')]);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM signals'), 2);
});

test('stems and synonyms fold headline wording', () => {
  assert.equal(stem('bans'), stem('barred'));
  assert.equal(stem('prohibits'), 'ban');
  assert.equal(stem('restrictions'), 'ban');
  assert.deepEqual(contentWords('The Chinese chipmakers'), ['china', 'chip']);
});

test('a primary source joining later takes over the headline; importance grows with coverage', async () => {
  const { upsertSources } = await import('../src/store/sources.js');
  const ctx = testContext();
  upsertSources(ctx.db, [
    { id: 'blog', name: 'Tech blog', kind: 'rss', url: 'https://blog.example/feed', every: '1h', tier: 3, tags: [] },
    { id: 'ministry', name: 'Ministry press room', kind: 'rss', url: 'https://gov.example/feed', every: '1h', tier: 1, tags: [] },
  ]);
  ingestItems(ctx, { id: 'blog', name: 'Tech blog', tier: 3 }, [item('Netherlands expands export licence rules for ASML chip machines',
    'The Dutch government said ASML needs licences to export more lithography machines to China.', '2023-06-30T10:00:00Z')]);
  const before = ctx.db.prepare('SELECT importance FROM signals').get() as { importance: number };
  ingestItems(ctx, { id: 'ministry', name: 'Ministry press room', tier: 1 }, [item('Government publishes new export licence rules for advanced ASML chip machines',
    'The Dutch government published export licence rules for advanced lithography machines made by ASML.', '2023-06-30T12:00:00Z')]);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM signals'), 1);
  const s = ctx.db.prepare('SELECT headline, importance, revision_note FROM signals').get() as { headline: string; importance: number; revision_note: string };
  assert.equal(s.headline, 'Government publishes new export licence rules for advanced ASML chip machines');
  assert.match(s.revision_note, /headline now from Ministry press room/);
  assert.ok(s.importance > before.importance);
});
