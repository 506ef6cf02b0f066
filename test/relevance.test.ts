// The relevance gate and messy text, end to end: a content-farm post crawled as a real blog
// serves it (a teaser in the feed, the post behind the link), beside a gadget review in the
// same feed. The post and the review are our own wording, written for this test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFixtureServer, rssFeed, type FixtureServer } from './helpers/fixture-server.js';
import { count, testContext } from './helpers/db.js';
import { upsertSources, getSource, getSourceWithCount } from '../src/store/sources.js';
import { crawlSource } from '../src/pipeline/crawl-source.js';
import { createApp } from '../src/http/app.js';
import { loadKnowledge } from '../src/pipeline/knowledge-files.js';
import { analyzeStory } from '../src/analyze/analyze.js';
import type { SourceConfig } from '../src/domain/source.js';

let srv: FixtureServer;

const farmPost = `<html><head><title>Siemens Mandates Internal AI Tools to Secure Corporate Data | GadgetPulse Daily</title></head><body>
<nav>Home · Reviews · Deals</nav>
<article><h1>Siemens Mandates Internal AI Tools to Secure Corporate Data</h1>
<p><em>This post may contain affiliate links. If you buy through them, we may earn a small commission at no extra cost to you.</em></p>
<p>Follow us on Google News for more stories like this!</p>
<p>The German industrial group Siemens has directed its workforce to cease the use of external generative AI platforms, including ChatGPT and Claude, on company laptops and networks, according to an internal notice seen by several outlets.</p>
<p>Staff are instead told to rely on the company's own assistant, which runs on servers Siemens controls, because prompts typed into outside chatbots may be stored by their providers.</p>
<p>Looking for a reliable VPN? Try ShieldNet VPN for just $2.99 a month and keep your browsing private.</p>
<p>The notice reportedly applies to every division, from rail to healthcare, and managers were asked to confirm that their teams had uninstalled browser extensions linked to the outside services.</p>
<p>Need a new laptop for work? Check out our roundup of the best business notebooks of the year.</p>
<p>Here is the source article for this story: https://news.example/siemens-ai-notice</p>
</article><footer>© GadgetPulse Daily</footer></body></html>`;

const review = `<html><head><title>Review</title></head><body><article><h1>Aurora X2 headphones review: great sound, so-so battery</h1>
<p>The Aurora X2 are the best-sounding over-ear headphones we have tested under $200, with a warm, detailed tuning and excellent noise cancelling on trains and planes.</p>
<p>Battery life is the weak point: we got 22 hours with noise cancelling on, well short of the 30 the box promises. The companion app is tidy and the equaliser is worth a look.</p>
<p>Comfort is good for long sessions, though the headband clamps a little at first. Verdict: four stars, and an easy pick if you find them on sale.</p>
</article></body></html>`;

before(async () => {
  srv = await startFixtureServer();
  srv.route('/blog.xml', rssFeed('GadgetPulse Daily', [
    { title: 'Siemens Mandates Internal AI Tools to Secure Corporate Data', link: `${srv.url}/posts/siemens-ai`, guid: 'g1', date: 'Tue, 04 Nov 2025 08:00:00 GMT', description: 'This post may contain affiliate links. Siemens is changing how its staff use AI…' },
    { title: 'Aurora X2 headphones review: great sound, so-so battery', link: `${srv.url}/posts/aurora-x2`, guid: 'g2', date: 'Tue, 04 Nov 2025 09:00:00 GMT', description: 'Our verdict on the Aurora X2…' },
  ]));
  srv.route('/posts/siemens-ai', farmPost, 'text/html; charset=utf-8');
  srv.route('/posts/aurora-x2', review, 'text/html; charset=utf-8');
});
after(() => srv.close());

function withSource(ctx: ReturnType<typeof testContext>, extra: Partial<SourceConfig> = {}) {
  upsertSources(ctx.db, [{ id: 'blog', name: 'GadgetPulse Daily', kind: 'rss', url: `${srv.url}/blog.xml`, every: '1h', tier: 3, tags: [], ...extra } as SourceConfig]);
}

test('a content-farm post becomes the company\'s usage restriction on the AI providers; the review beside it makes no signal', async () => {
  const ctx = testContext();
  withSource(ctx);
  const r = await crawlSource(ctx, getSource(ctx.db, 'blog')!);
  assert.equal(r.status, 'ok');
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM stories'), 2, 'both stories are kept');
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM signals'), 1, 'only the policy story makes a signal');

  const app = createApp({ db: ctx.db, knowledge: ctx.knowledge, baseUrl: 'http://radar.test' });
  const list = await (await app.request('/api/v1/signals')).json() as { items: { id: number; summary: string; event_type: string; regions: string[]; entities: { name: string; kind: string; role: string }[]; impacts: { statement: string; basis: string }[] }[] };
  const s = list.items[0]!;
  assert.equal(s.event_type, 'usage_restriction');
  const role = (name: string) => s.entities.find((e) => e.name === name)?.role;
  assert.equal(role('Siemens'), 'actor');
  for (const target of ['ChatGPT', 'OpenAI', 'Claude', 'Anthropic']) assert.equal(role(target), 'target', `${target} is a target`);
  const groups = s.entities.filter((e) => e.kind === 'group' && e.role === 'affected').map((e) => e.name);
  assert.ok(groups.includes('employees reliant on external AI tools'), `affected groups: ${groups.join(', ')}`);
  assert.ok(s.impacts.some((i) => i.basis.includes('corporate-ai-tool-ban')), 'the playbook of corporate AI-tool bans predicts');
  assert.match(s.summary, /^The German industrial group Siemens has directed its workforce/, 'the summary starts with the news');
  assert.doesNotMatch(s.summary, /affiliate|Google News|VPN|source article/i);
  assert.deepEqual(s.regions, ['DE']);

  // The review is kept where an operator can find it, with the gate's verdict, and counted in health.
  const dropped = await (await app.request('/api/v1/stories?relevant=false')).json() as { items: { title: string; relevant: boolean; relevance: number; signal_id: number | null }[] };
  assert.equal(dropped.items.length, 1);
  assert.match(dropped.items[0]!.title, /Aurora X2/);
  assert.equal(dropped.items[0]!.signal_id, null);
  assert.ok(dropped.items[0]!.relevance < 0.5);
  assert.equal(getSourceWithCount(ctx.db, 'blog')!.dropped_count, 1);
  const feed = await (await app.request('/feed.json')).text();
  assert.ok(!feed.includes('Aurora'), 'no feed item for the review');
  const page = await (await app.request('/stories?relevant=false')).text();
  assert.match(page, /Aurora X2/);
  assert.match(page, /off-topic/);
});

test('a source marked relevance: always skips the gate', async () => {
  const ctx = testContext();
  withSource(ctx, { relevance: 'always' });
  await crawlSource(ctx, getSource(ctx.db, 'blog')!);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM signals'), 2);
  assert.equal(count(ctx.db, 'SELECT count(*) AS n FROM stories WHERE relevant = 0'), 0);
});

test('radar analyze\'s shape: relevant, relevance and language on every analysis; off-topic stories get no type and no prediction', async () => {
  const k = loadKnowledge();
  const offtopic = [
    ['Aurora X2 headphones review: great sound, so-so battery', 'The best-sounding over-ear headphones we have tested under $200, with excellent noise cancelling.'],
    ['Striker banned for three matches after red card in derby', 'The league disciplinary panel handed the forward a three-match ban for violent conduct in Sunday\'s derby.'],
    ['How to export your photos from iCloud to an external drive', 'Follow these steps to export your whole library in original quality.'],
  ];
  for (const [title, body] of offtopic) {
    const a = analyzeStory(k, { title: title!, body: body! });
    assert.equal(a.relevant, false, title);
    assert.equal(a.event_type, 'other');
    assert.deepEqual(a.impacts, []);
  }
  const policy = analyzeStory(k, { title: 'EU fines Meta €1.2bn over data transfers to the US', body: 'Ireland\'s Data Protection Commission fined Meta a record €1.2bn for transferring European users\' data to the United States.' });
  assert.equal(policy.relevant, true);
  assert.ok(policy.relevance > 0.5);
  assert.equal(policy.language, 'en');
  const app = createApp({ db: testContext().db, knowledge: k, baseUrl: 'http://radar.test' });
  const res = await app.request('/api/v1/analyze', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: offtopic[0]![0], body: offtopic[0]![1] }) });
  const body = await res.json() as { relevant: boolean; relevance: number; language: string };
  assert.deepEqual([body.relevant, typeof body.relevance, body.language], [false, 'number', 'en']);
});
