// The optional local model inside the pipeline: what it writes is stored with its name, a model
// that fails leaves the rule analysis in place, and with no model configured nothing is called.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeLlmServer, FAKE_MODEL, type FakeLlmServer } from './helpers/fake-llm-server.js';
import { rssFeed, startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import { testContext } from './helpers/db.js';
import { upsertSources, getSource } from '../src/store/sources.js';
import { crawlSource } from '../src/pipeline/crawl-source.js';
import { allPredictions } from '../src/store/impacts.js';
import { loadConfig } from '../src/config.js';

let llm: FakeLlmServer;
let srv: FixtureServer;
const body = 'Alibaba Group has told employees to stop using Anthropic\'s Claude and OpenAI\'s ChatGPT at work. '.repeat(10);

before(async () => {
  llm = await startFakeLlmServer();
  srv = await startFixtureServer();
  srv.route('/feed.xml', rssFeed('Wire', [{ title: 'Alibaba orders staff to stop using Claude and ChatGPT', link: `${srv.url}/a`, guid: 'a', date: 'Mon, 03 Nov 2025 08:00:00 GMT', content: `<p>${body}</p>` }]));
});
after(async () => { await llm.close(); await srv.close(); });

function crawlWith(llmConfig: { url: string; model: string | null; apiKey: string | null; timeoutMs: number } | null) {
  const ctx = { ...testContext(), llm: llmConfig };
  upsertSources(ctx.db, [{ id: 'wire', name: 'Wire', kind: 'rss', url: `${srv.url}/feed.xml`, every: '1h', tier: 2, tags: [] }]);
  return crawlSource(ctx, getSource(ctx.db, 'wire')!).then((o) => ({ o, ctx }));
}

test('a configured model writes the summary and adds its predictions, each under its name', async () => {
  llm.mode = 'valid';
  const before = llm.requests.length;
  const { o, ctx } = await crawlWith({ url: llm.url, model: FAKE_MODEL, apiKey: null, timeoutMs: 5000 });
  assert.equal(o.status, 'ok');
  assert.equal(llm.requests.length, before + 1);
  const s = ctx.db.prepare('SELECT summary, summary_model, event_type FROM signals').get() as { summary: string; summary_model: string; event_type: string };
  assert.match(s.summary, /Alibaba has barred its employees/);
  assert.equal(s.summary_model, FAKE_MODEL);
  assert.equal(s.event_type, 'usage_restriction', 'the rules keep the event type');
  const model = ctx.db.prepare("SELECT model, basis, criterion FROM impacts WHERE playbook = 'model'").all() as { model: string; basis: string; criterion: string | null }[];
  assert.equal(model.length, 2);
  assert.ok(model.every((m) => m.model === FAKE_MODEL && m.basis.startsWith(`model ${FAKE_MODEL}:`) && m.criterion === null));
  assert.ok(ctx.db.prepare("SELECT count(*) AS n FROM impacts WHERE playbook = 'corporate-ai-tool-ban'").get());
  assert.ok(allPredictions(ctx.db).some((p) => p.playbook === `model:${FAKE_MODEL}`));
});

test('a model that hangs or answers garbage leaves the rule analysis, and the crawl goes on', async () => {
  for (const mode of ['hang', 'garbage', 'http500'] as const) {
    llm.mode = mode;
    llm.queue = [];
    const { o, ctx } = await crawlWith({ url: llm.url, model: FAKE_MODEL, apiKey: null, timeoutMs: 400 });
    assert.equal(o.status, 'ok', mode);
    assert.equal(o.added, 1, mode);
    const s = ctx.db.prepare('SELECT summary, summary_model FROM signals').get() as { summary: string; summary_model: string | null };
    assert.equal(s.summary_model, null, mode);
    assert.match(s.summary, /^Alibaba Group has told employees/, mode);
  }
});

test('no model configured: no call anywhere', async () => {
  const before = llm.requests.length;
  const { o } = await crawlWith(null);
  assert.equal(o.status, 'ok');
  assert.equal(llm.requests.length, before);
  assert.equal(loadConfig({}).llm, null);
  assert.deepEqual(loadConfig({ RADAR_LLM_URL: 'http://127.0.0.1:11434/v1', RADAR_LLM_MODEL: 'qwen2.5' }).llm, { url: 'http://127.0.0.1:11434/v1', model: 'qwen2.5', apiKey: null, timeoutMs: 30000 });
});
