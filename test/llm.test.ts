// The optional local-model analysis: URL joining, lenient JSON, the schema's clamping, the prompt,
// and the whole round trip against a fake OpenAI-compatible server on 127.0.0.1.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { buildLlmMessages, parseLenientJson, readLlmAnswer, llmAnalysisSchema } from '../src/analyze/llm-output.js';
import { askLocalModel, chatCompletionsUrl, type LlmConfig } from '../src/fetch/llm.js';
import { analyzeWithLocalModel } from '../src/pipeline/model-analysis.js';
import { startFakeLlmServer, sampleAnswer, FAKE_MODEL, type FakeLlmServer } from './helpers/fake-llm-server.js';

const story = { title: 'Alibaba bans employees from using Claude', body: 'Alibaba told staff on Monday that Claude and ChatGPT are barred. '.repeat(3) };

describe('chatCompletionsUrl', () => {
  const cases: [string, string][] = [
    ['http://127.0.0.1:8000', 'http://127.0.0.1:8000/v1/chat/completions'], // vLLM, llama.cpp
    ['http://127.0.0.1:8000/', 'http://127.0.0.1:8000/v1/chat/completions'],
    ['http://localhost:11434/v1', 'http://localhost:11434/v1/chat/completions'], // Ollama's documented base
    ['http://localhost:11434/v1/', 'http://localhost:11434/v1/chat/completions'],
    ['https://llm.lan/api/v1/chat/completions', 'https://llm.lan/api/v1/chat/completions'],
    ['https://llm.lan/openai', 'https://llm.lan/openai/v1/chat/completions'],
    ['https://llm.lan/v1?api-version=2024', 'https://llm.lan/v1/chat/completions?api-version=2024'],
  ];
  for (const [base, want] of cases) test(`${base} → ${want}`, () => assert.equal(chatCompletionsUrl(base).href, want));
  test('rejects what is not an http(s) URL', () => {
    assert.throws(() => chatCompletionsUrl('not a url'), /not a valid URL/);
    assert.throws(() => chatCompletionsUrl('localhost:8000'), /must start with http:\/\/ or https:\/\/, got "localhost:8000"/);
    assert.throws(() => chatCompletionsUrl('ftp://llm.lan/'), /must start with http/);
  });
});

describe('parseLenientJson', () => {
  const want = { a: 1, b: ['x', 'y'] };
  test('plain JSON', () => assert.deepEqual(parseLenientJson('  {"a":1,"b":["x","y"]} '), want));
  test('```json fences with prose around them', () => {
    assert.deepEqual(parseLenientJson('Here you go:\n```json\n{"a": 1, "b": ["x", "y"]}\n```\nHope it helps {:'), want);
    assert.deepEqual(parseLenientJson('```\n{"a": 1, "b": ["x", "y"]}\n```'), want);
  });
  test('prose before and after, with braces of its own', () => {
    assert.deepEqual(parseLenientJson('Sure {as asked}: {"a": 1, "b": ["x", "y"]} Anything else? }'), want);
  });
  test('trailing commas', () => assert.deepEqual(parseLenientJson('{"a": 1, "b": ["x", "y",],\n}'), want));
  test('single quotes, keeping apostrophes inside', () => {
    assert.deepEqual(parseLenientJson(`{'a': 1, 'b': ['x', 'y'], 's': 'Alibaba's ban'}`), { ...want, s: "Alibaba's ban" });
  });
  test('smart quotes as delimiters, and inside normal strings', () => {
    assert.deepEqual(parseLenientJson('{\u201Ca\u201D: 1, \u201Cb\u201D: [\u201Cx\u201D, \u2018y\u2019]}'), want);
    assert.deepEqual(parseLenientJson('{"s": "He said \u201Cno\u201D"}'), { s: 'He said \u201Cno\u201D' });
  });
  test('braces and quotes inside strings do not end the object', () => {
    assert.deepEqual(parseLenientJson('Answer: {"s": "a } { b", "q": "say \\"hi\\" {", "n": {"m": [1, {"k": "]"}]}} tail'), { s: 'a } { b', q: 'say "hi" {', n: { m: [1, { k: ']' }] } });
  });
  test('unescaped double quotes inside a string', () => {
    assert.deepEqual(parseLenientJson('{"s": "He said "no" today", "a": 1}'), { s: 'He said "no" today', a: 1 });
  });
  test('bare keys, Python literals, raw newlines, <think> blocks', () => {
    assert.deepEqual(parseLenientJson('<think>maybe {"a": 2}</think>{a: 1, ok: True, none: None, s: "line1\nline2"}'), { a: 1, ok: true, none: null, s: 'line1\nline2' });
  });
  test('a cut-off answer keeps what was complete', () => {
    assert.deepEqual(parseLenientJson('{"a": 1, "b": ["x", "y"], "c": {"d": "unfinis'), { a: 1, b: ['x', 'y'], c: { d: 'unfinis' } });
    assert.deepEqual(parseLenientJson('{"a": 1, "b": ["x", "y"], "c": {"d": '), { a: 1, b: ['x', 'y'], c: {} });
    assert.deepEqual(parseLenientJson('```json\n{"a": 1, "b": ["x", "y", '), want);
  });
  test('throws a clear error when there is no object', () => {
    assert.throws(() => parseLenientJson('I cannot help with that.'), /not JSON: no parsable \{\.\.\.\} object in "I cannot help/);
    assert.throws(() => parseLenientJson('{{{ : : }'), /not JSON/);
    const t0 = Date.now(); // pathological nesting is refused fast, not scanned quadratically
    assert.throws(() => parseLenientJson('{ {'.repeat(50_000)), /not JSON/);
    assert.ok(Date.now() - t0 < 500);
  });
});

describe('llmAnalysisSchema and readLlmAnswer', () => {
  test('clamps, coerces, trims, drops unknown kinds and roles, caps lengths', () => {
    const a = readLlmAnswer(JSON.stringify({
      summary: `  ${'word '.repeat(200)}`,
      entities: [
        { name: ' Alibaba ', kind: 'Company', role: 'actor', confidence: 7 },
        { name: 'Zorg', kind: 'alien', role: 'actor', confidence: 0.5 },
        { name: 'Claude', kind: 'product', role: 'bystander' },
        { name: 'Claude', kind: 'product', role: 'target' }, // no confidence: defaulted
        { name: 'alibaba', kind: 'company', role: 'target', confidence: 0.2 }, // duplicate
        'not an object',
      ],
      impacts: [
        { statement: 'Peers follow', confidence: -2, horizon_days: 99999.4, basis: '  history ' },
        { statement: 'Fractional', confidence: '0.4', horizon_days: '45.6' },
        { statement: 'No confidence', horizon_days: 30 },
        ...Array.from({ length: 5 }, (_, i) => ({ statement: `Extra ${i}`, confidence: 0.1, horizon_days: 0 })),
      ],
    }));
    assert.ok(a.summary && a.summary.length <= 600 && a.summary.endsWith('…') && !a.summary.startsWith(' '));
    assert.deepEqual(a.entities, [
      { name: 'Alibaba', kind: 'company', role: 'actor', confidence: 1 },
      { name: 'Claude', kind: 'product', role: 'target', confidence: 0.5 },
    ]);
    assert.equal(a.impacts.length, 4);
    assert.deepEqual(a.impacts[0], { statement: 'Peers follow', confidence: 0, horizon_days: 3650, basis: 'history' });
    assert.deepEqual(a.impacts[1], { statement: 'Fractional', confidence: 0.4, horizon_days: 46, basis: '' });
    assert.equal(a.impacts[2]!.horizon_days, 1);
  });
  test('missing lists become empty; an answer with nothing usable fails', () => {
    assert.deepEqual(llmAnalysisSchema.parse({ summary: 'Short.' }), { summary: 'Short.', entities: [], impacts: [] });
    assert.equal(llmAnalysisSchema.parse({ summary: '', entities: [{ name: 'EU', kind: 'government', role: 'actor' }] }).summary, null);
    assert.throws(() => readLlmAnswer('{"summary": "  ", "entities": [{"name": "X", "kind": "alien"}]}'), /no summary, entities or impacts/);
    assert.throws(() => readLlmAnswer('["a list"]'), /does not match the schema/);
  });
});

describe('buildLlmMessages', () => {
  test('a system prompt with the schema, the story in the user message, the body truncated', () => {
    const msgs = buildLlmMessages({ title: ' T ', body: 'word '.repeat(5000), ruleAnalysis: { event_type: 'usage_restriction', regions: ['CN'] } });
    assert.deepEqual(msgs.map((m) => m.role), ['system', 'user']);
    for (const k of ['ONLY', '"summary"', '"horizon_days"', 'company|product|government|regulator|country|person|organization|group', 'actor|target|affected|mentioned', '60 words', '2 to 4']) {
      assert.ok(msgs[0]!.content.includes(k), k);
    }
    const user = msgs[1]!.content;
    assert.ok(user.startsWith('Title: T\n') && user.includes('event_type=usage_restriction, regions=CN'));
    assert.ok(user.length < 6200 && user.includes('…'), `user message is ${user.length} chars`);
    assert.ok(!buildLlmMessages(story)[1]!.content.includes('pre-analysis'));
  });
});

describe('against a fake local model server', () => {
  let srv: FakeLlmServer;
  const cfg = (over: Partial<LlmConfig> = {}): LlmConfig => ({ url: srv.url, model: 'qwen2.5:7b', apiKey: null, timeoutMs: 3000, ...over });
  before(async () => { srv = await startFakeLlmServer(); });
  after(() => srv.close());
  beforeEach(() => { srv.requests.length = 0; srv.queue.length = 0; srv.mode = 'valid'; });

  test('a valid answer is parsed, with the model name the server reports', async () => {
    const r = await analyzeWithLocalModel(cfg(), story);
    assert.ok(!('error' in r), JSON.stringify(r));
    assert.deepEqual(r, { ...sampleAnswer, model: FAKE_MODEL });
  });

  test('the request carries model, messages, temperature 0, JSON mode and the bearer token', async () => {
    await analyzeWithLocalModel(cfg({ apiKey: 'sk-local-123' }), { ...story, ruleAnalysis: { event_type: 'usage_restriction', regions: ['CN'] } });
    const [req] = srv.requests;
    assert.equal(srv.requests.length, 1);
    assert.equal(req!.method, 'POST');
    assert.equal(req!.path, '/v1/chat/completions');
    assert.equal(req!.headers.authorization, 'Bearer sk-local-123');
    assert.match(String(req!.headers['content-type']), /application\/json/);
    assert.equal(req!.body.model, 'qwen2.5:7b');
    assert.equal(req!.body.temperature, 0);
    assert.deepEqual(req!.body.response_format, { type: 'json_object' });
    assert.deepEqual(req!.body.messages, buildLlmMessages({ ...story, ruleAnalysis: { event_type: 'usage_restriction', regions: ['CN'] } }));
  });

  test('no key, no Authorization header; no model, "default"; /v1 base joined once', async () => {
    const r = await askLocalModel(cfg({ model: null, url: `${srv.url}/v1/` }), [{ role: 'user', content: 'hi' }]);
    assert.equal(r.model, FAKE_MODEL);
    assert.equal(srv.requests[0]!.path, '/v1/chat/completions');
    assert.equal(srv.requests[0]!.headers.authorization, undefined);
    assert.equal(srv.requests[0]!.body.model, 'default');
  });

  test('fenced JSON with prose and trailing commas is read', async () => {
    srv.mode = 'fenced';
    assert.deepEqual(await analyzeWithLocalModel(cfg(), story), { ...sampleAnswer, model: FAKE_MODEL });
  });

  test('a schema-violating answer is clamped, not rejected', async () => {
    srv.mode = 'schema';
    const r = await analyzeWithLocalModel(cfg(), story);
    assert.ok(!('error' in r), JSON.stringify(r));
    assert.deepEqual(r.entities, [{ name: 'Alibaba', kind: 'company', role: 'actor', confidence: 1 }]);
    assert.deepEqual(r.impacts.slice(0, 2), [
      { statement: 'Peers follow', confidence: 0, horizon_days: 3650, basis: 'history' },
      { statement: 'Fractional horizon', confidence: 0.4, horizon_days: 46, basis: '' },
    ]);
    assert.equal(r.impacts.length, 4);
    assert.ok(r.summary!.length <= 600);
  });

  test('a truncated answer keeps its complete parts', async () => {
    srv.mode = 'truncated';
    const r = await analyzeWithLocalModel(cfg(), story);
    assert.ok(!('error' in r), JSON.stringify(r));
    assert.equal(r.summary, sampleAnswer.summary);
    assert.deepEqual(r.entities, sampleAnswer.entities);
    assert.deepEqual(r.impacts, sampleAnswer.impacts.slice(0, 1)); // the cut-off second impact has no confidence
  });

  test('garbage → {error} after one corrective retry', async () => {
    srv.mode = 'garbage';
    const r = await analyzeWithLocalModel(cfg(), story);
    assert.ok('error' in r);
    assert.match(r.error, /not JSON/);
    assert.equal(srv.requests.length, 2);
    const retry = srv.requests[1]!.body.messages as { role: string; content: string }[];
    assert.deepEqual(retry.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.match(retry[3]!.content, /ONLY the JSON object/);
  });

  test('garbage then a valid answer succeeds on the retry', async () => {
    srv.queue.push('garbage');
    const r = await analyzeWithLocalModel(cfg(), story);
    assert.deepEqual(r, { ...sampleAnswer, model: FAKE_MODEL });
    assert.equal(srv.requests.length, 2);
  });

  test('HTTP 500 → {error} with the status and a body excerpt, no retry', async () => {
    srv.mode = 'http500';
    const r = await analyzeWithLocalModel(cfg(), story);
    assert.ok('error' in r);
    assert.match(r.error, /HTTP 500: .*CUDA out of memory/);
    assert.equal(srv.requests.length, 1);
  });

  test('a server that never answers → {error} within about the timeout', async () => {
    srv.mode = 'hang';
    const t0 = Date.now();
    const r = await analyzeWithLocalModel(cfg({ timeoutMs: 300 }), story);
    const took = Date.now() - t0;
    assert.ok('error' in r);
    assert.match(r.error, /did not answer within 300 ms/);
    assert.ok(took >= 280 && took < 1500, `took ${took} ms`);
    assert.equal(srv.requests.length, 1);
  });

  test('bad envelopes, empty content, oversized answers and unreachable servers are clear errors', async () => {
    const msgs = [{ role: 'user' as const, content: 'hi' }];
    srv.mode = 'not-json-envelope';
    await assert.rejects(askLocalModel(cfg(), msgs), /did not answer with JSON: "<html>/);
    srv.mode = 'no-content';
    await assert.rejects(askLocalModel(cfg(), msgs), /empty content/);
    srv.mode = 'huge';
    await assert.rejects(askLocalModel(cfg(), msgs), /exceeds the 2097152-byte limit/);
    await assert.rejects(askLocalModel(cfg({ url: `${srv.url}/nowhere` }), msgs), /HTTP 404/);
    const r = await analyzeWithLocalModel(cfg({ url: 'http://127.0.0.1:1' }), story);
    assert.ok('error' in r && /cannot reach local model at http:\/\/127\.0\.0\.1:1\/v1\/chat\/completions/.test(r.error), JSON.stringify(r));
  });
});
