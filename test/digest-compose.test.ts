// What goes into a digest: signals seeded through the real ingest path, chosen by each
// subscriber's filters exactly as the stream API would, ranked, grouped, and the predictions
// confirmed or expired in the period.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testContext } from './helpers/db.js';
import { storyItem, topics } from './helpers/seed.js';
import { ingestItems } from '../src/pipeline/ingest.js';
import { upsertSources } from '../src/store/sources.js';
import { listSignals } from '../src/store/signals-read.js';
import { confirmPrediction, expireOverdue } from '../src/store/impacts.js';
import { parseSearch } from '../src/parse/search-query.js';
import { DigestComposer } from '../src/digest/compose.js';
import { digestView } from '../src/digest/view.js';
import type { DigestFilters } from '../src/digest/input.js';
import { eventTypes } from '../src/domain/types.js';

const dayMs = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * dayMs);
const period = { start: at(200).toISOString(), end: at(201).toISOString() };

/** The six seed topics on day 100 (their 90-day predictions expire by day 200), on day 150 and again on day 200. */
function world() {
  let clock = at(100);
  const ctx = testContext(undefined, {}, () => clock);
  upsertSources(ctx.db, [{ id: 'desk', name: 'Desk', kind: 'rss', url: 'https://example.org/feed', every: '1h', tier: 2, tags: [] }]);
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, topics.map((t, i) => storyItem(100 + i, t, 100 + i * 0.02)));
  // Coverage of the same subjects within the horizons: the claims that then find no evidence expire (not void).
  clock = at(150);
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, topics.map((t, i) => storyItem(300 + i, t, 150 + i * 0.02)));
  clock = at(200.3);
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, topics.map((t, i) => storyItem(i, t, 200 + i * 0.02)));
  // The same topics again say nothing new about their own predictions (the ledger wants evidence
  // about another actor or a follow-up): one confirmation is recorded as the ledger would.
  const open = ctx.db.prepare("SELECT i.id FROM impacts i JOIN signals s ON s.id = i.signal_id WHERE i.status = 'open' AND s.headline LIKE 'Samsung%' AND s.first_seen_at < ? ORDER BY i.id LIMIT 1").pluck().get(at(150).toISOString()) as number;
  const later = ctx.db.prepare("SELECT id FROM signals WHERE headline LIKE 'Italy%' AND first_seen_at >= ?").pluck().get(period.start) as number;
  confirmPrediction(ctx.db, open, later, at(200.5).toISOString(), { signal: later, matched: ['test: recorded directly'] });
  expireOverdue(ctx.db, at(200.9).toISOString());
  return { db: ctx.db, composer: new DigestComposer(ctx.db) };
}

const short = (h: string) => h.split(' ').slice(0, 2).join(' ');
function chosen(composer: DigestComposer, f: DigestFilters): string[] {
  return composer.compose(f, period).groups.flatMap((g) => g.signals.map((s) => short(s.headline))).sort();
}

test('filters choose the signals: search, entities, types, regions, inline filters, together', () => {
  const { composer } = world();
  const all = ['EU AI', 'FTC sues', 'Italy fines', 'Japan tightens', 'Samsung bans', 'US adds'];
  const cases: [DigestFilters, string[]][] = [
    [{}, all],
    [{ types: ['trade_restriction'] }, ['Japan tightens', 'US adds']],
    [{ types: ['trade_restriction', 'litigation'] }, ['FTC sues', 'Japan tightens', 'US adds']],
    [{ regions: ['US'] }, ['FTC sues', 'US adds']],
    [{ regions: ['JP', 'KR'] }, ['Japan tightens', 'Samsung bans']],
    [{ entities: ['huawei'] }, ['US adds']],
    [{ entities: ['OpenAI'] }, ['Italy fines', 'Samsung bans']],
    [{ entities: ['amazon', 'samsung'] }, ['FTC sues', 'Samsung bans']],
    [{ q: 'chatgpt' }, ['Italy fines', 'Samsung bans']],
    [{ q: 'chatgpt -samsung' }, ['Italy fines']],
    [{ q: 'huawei OR amazon' }, ['FTC sues', 'US adds']],
    [{ q: 'type:trade_restriction region:JP' }, ['Japan tightens']],
    [{ q: 'entity:openai', regions: ['KR'] }, ['Samsung bans']],
    [{ q: 'source:desk', types: ['regulation'] }, ['EU AI']],
    [{ q: 'source:elsewhere' }, []],
    [{ entities: ['no-such-entity'] }, []],
  ];
  for (const [f, want] of cases) assert.deepEqual(chosen(composer, f), want, JSON.stringify(f));
  assert.equal(composer.compose({}, period).total, 6, 'day 100 lies outside the period');
});

test('one filter chooses exactly what GET /api/v1/signals shows for the same period', () => {
  const { db, composer } = world();
  const ids = (f: DigestFilters) => composer.compose(f, period).groups.flatMap((g) => g.signals.map((s) => s.id)).sort();
  const stream = (f: Parameters<typeof listSignals>[1]) => listSignals(db, { ...f, since: period.start, until: period.end, limit: 100 }).items.map((s) => s.id).sort();
  for (const type of eventTypes) assert.deepEqual(ids({ types: [type] }), stream({ type, limit: 100 }), type);
  for (const region of ['US', 'EU', 'IT', 'JP', 'KR', 'CN']) assert.deepEqual(ids({ regions: [region] }), stream({ region, limit: 100 }), region);
  for (const entity of ['huawei', 'openai', 'chatgpt', 'amazon', 'Samsung', 'government-of-japan']) assert.deepEqual(ids({ entities: [entity] }), stream({ entity, limit: 100 }), entity);
  for (const q of ['chatgpt', 'export controls', '"entity list"', 'fines OR sues', 'chip*', 'staff -samsung']) {
    assert.deepEqual(ids({ q }), stream({ match: parseSearch(q).match!, limit: 100 }), q);
  }
});

test('ranked by importance, grouped by event type, each with summary, key entities, leading impact and link', () => {
  const { composer } = world();
  const content = composer.compose({}, period);
  const best = content.groups.map((g) => Math.max(...g.signals.map((s) => s.importance)));
  assert.deepEqual(best, [...best].sort((a, b) => b - a), 'groups in order of their most important signal');
  for (const g of content.groups) {
    assert.ok(g.signals.every((s) => s.event_type === g.type));
    assert.deepEqual(g.signals.map((s) => s.importance), g.signals.map((s) => s.importance).sort((a, b) => b - a));
  }
  assert.equal(new Set(content.groups.map((g) => g.type)).size, content.groups.length, 'one group per type');
  const view = digestView({ content, cadence: 'daily', timezone: 'UTC', baseUrl: 'https://radar.example.org', manageUrl: 'https://m', unsubscribeUrl: 'https://u' });
  const samsung = view.groups.flatMap((g) => g.items).find((i) => i.headline.startsWith('Samsung'))!;
  assert.match(samsung.url, /^https:\/\/radar\.example\.org\/signals\/\d+$/);
  assert.deepEqual(samsung.entities.slice(0, 3), ['Samsung', 'ChatGPT', 'OpenAI']);
  assert.match(samsung.impact!, /\(p = 0\.\d\d\)$/);
  assert.ok(samsung.summary.length > 0 && samsung.summary.length <= 220);
  assert.match(view.subject, /daily digest for Sat, 20 Jul 2024: 6 new signals, \d+ predictions resolved/);
});

test('predictions confirmed or expired in the period, filtered like the signals they came from', () => {
  const { composer } = world();
  const all = composer.compose({}, period).predictions;
  assert.ok(all.some((p) => p.status === 'confirmed' && p.resolved_by && p.resolved_by_headline), 'confirmed, with the confirming signal');
  assert.ok(all.some((p) => p.status === 'expired'), 'expired');
  assert.ok(all.every((p) => p.resolved_at >= period.start && p.resolved_at < period.end));
  assert.ok(all.every((p) => p.signal.first_seen_at < period.start), 'made about earlier signals');
  const enforcement = composer.compose({ types: ['enforcement'] }, period).predictions;
  assert.ok(enforcement.length > 0 && enforcement.every((p) => p.signal.event_type === 'enforcement'));
  const samsung = composer.compose({ q: 'samsung' }, period).predictions;
  assert.ok(samsung.length > 0 && samsung.every((p) => p.signal.headline.startsWith('Samsung')), 'search applies to the predicting signal');
  const later = composer.compose({}, { start: at(202).toISOString(), end: at(203).toISOString() });
  assert.deepEqual([later.total, later.predictions.length], [0, 0], 'a quiet period has nothing');
});

test('a story published before the last digest but crawled after it reaches the next digest, once', () => {
  let clock = at(199.5);
  const ctx = testContext(undefined, {}, () => clock);
  upsertSources(ctx.db, [{ id: 'desk', name: 'Desk', kind: 'rss', url: 'https://example.org/feed', every: '1h', tier: 2, tags: [] }]);
  // Published on day 199.9, crawled on day 200.4: the digest for day 199 went out without it.
  clock = at(200.4);
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [storyItem(900, 'FTC sues Amazon over Prime cancellations', 199.9)]);
  const composer = new DigestComposer(ctx.db);
  const day = (d: number) => ({ start: at(d).toISOString(), end: at(d + 1).toISOString() });
  assert.equal(composer.compose({}, day(199)).total, 0, 'not in the period it was published in: that digest was already sent');
  assert.equal(composer.compose({}, day(200)).total, 1, 'in the period it was crawled in');
  // An imported backlog (published months before) is no new signal for anyone.
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [storyItem(901, 'Japan tightens chip equipment export controls', 20)]);
  assert.equal(composer.compose({}, day(200.5)).total, 0);
});
