// Predictions are confirmed by a later matching signal, expire past their horizon, and the
// track record scores them; base rates come from the project's own history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testContext } from './helpers/db.js';
import { ingestItems, type ReadyItem } from '../src/pipeline/ingest.js';
import { createApp } from '../src/http/app.js';
import { expireOverdue, impactHistory } from '../src/store/impacts.js';
import { trackRecord, scorePredictions } from '../src/analyze/track-record.js';
import { meetsCriterion } from '../src/analyze/evidence.js';
import * as S from '../src/http/schemas.js';

const item = (n: number, title: string, body: string, at: string): ReadyItem => ({
  guid: `l${n}`, url: `https://example.org/l/${n}`, title, summaryHtml: '', contentHtml: '', author: null, publishedAt: at,
  categories: [], text: body, html: '', fullText: false, pagePublishedAt: null,
});

test('a later signal meeting the criterion confirms a prediction; others expire', async () => {
  const ctx = testContext();
  const src = { id: null, name: 'Desk', tier: 2 };
  ingestItems(ctx, src, [item(1, 'Samsung bans staff from using ChatGPT', 'Samsung Electronics told employees to stop using ChatGPT.', '2023-05-02T06:00:00.000Z')]);
  const open = ctx.db.prepare("SELECT id, impact_id, status FROM impacts ORDER BY id").all() as { id: number; impact_id: string; status: string }[];
  assert.ok(open.length >= 2 && open.every((o) => o.status === 'open'));
  // Sixteen days later another company restricts the same kind of tool: the peer prediction comes true.
  ingestItems(ctx, src, [item(2, 'Apple restricts employees from using ChatGPT and GitHub Copilot', 'Apple told staff not to use external AI tools, the iPhone maker said.', '2023-05-18T12:00:00.000Z')]);
  const peer = ctx.db.prepare("SELECT status, resolved_by FROM impacts WHERE impact_id = 'peer-restriction' AND signal_id = (SELECT min(id) FROM signals)").get() as { status: string; resolved_by: number };
  assert.equal(peer.status, 'confirmed');
  const apple = ctx.db.prepare("SELECT id FROM signals WHERE headline LIKE 'Apple%'").get() as { id: number };
  assert.equal(peer.resolved_by, apple.id);
  // Years later, whatever is still open has expired.
  expireOverdue(ctx.db, '2026-01-01T00:00:00.000Z');
  const statuses = (ctx.db.prepare('SELECT status FROM impacts').all() as { status: string }[]).map((r) => r.status);
  assert.ok(statuses.every((s) => s !== 'open'));
  assert.ok(statuses.includes('expired') && statuses.includes('confirmed'));
  // The record now informs the next prediction of the same playbook impact.
  const h = impactHistory(ctx.db, 'corporate-ai-tool-ban', 'peer-restriction', '2026-02-01T00:00:00.000Z');
  assert.ok(h.resolved >= 1 && h.confirmed >= 1);
  ingestItems(ctx, src, [item(3, 'Alibaba bans staff from using Claude', 'Alibaba told employees to stop using Anthropic\'s Claude chatbot.', '2026-02-01T00:00:00.000Z')]);
  const basis = (ctx.db.prepare("SELECT basis FROM impacts WHERE impact_id = 'peer-restriction' ORDER BY id DESC LIMIT 1").get() as { basis: string }).basis;
  assert.match(basis, /record: \d+ of \d+ earlier such predictions came true within 90 days; smoothed p = /);
  const app = createApp({ db: ctx.db, knowledge: ctx.knowledge, log: () => {} });
  const tr = S.trackRecordSchema.parse(await (await app.request('/api/v1/track-record')).json());
  assert.ok(tr.overall.made >= 6 && tr.overall.confirmed >= 1 && tr.overall.brier !== null);
  assert.ok(tr.playbooks.some((p) => p.playbook === 'corporate-ai-tool-ban'));
  const signal = S.signalSchema.parse(await (await app.request(`/api/v1/signals/${apple.id - 1}`)).json());
  assert.ok(signal.impacts.some((i) => i.status === 'confirmed' && i.resolved_by === apple.id));
});

test('criteria: event type, entity, region, actor kind, and not the same actor again', () => {
  const s = { event_type: 'usage_restriction' as const, regions: ['US'], entities: [{ slug: 'apple', kind: 'company' as const, role: 'actor' }, { slug: 'chatgpt', kind: 'product' as const, role: 'target' }] };
  assert.equal(meetsCriterion({ event_types: ['usage_restriction'], actor_kinds: ['company'], not_actor: 'samsung' }, s), true);
  assert.equal(meetsCriterion({ event_types: ['usage_restriction'], not_actor: 'apple' }, s), false);
  assert.equal(meetsCriterion({ event_types: ['enforcement'] }, s), false);
  assert.equal(meetsCriterion({ event_types: ['usage_restriction'], entity: 'tiktok' }, s), false);
  assert.equal(meetsCriterion({ event_types: ['usage_restriction'], region: 'CN' }, s), false);
  assert.equal(meetsCriterion({ event_types: ['usage_restriction'], actor_kinds: ['government'] }, s), false);
});

test('Brier score and calibration', () => {
  const r = scorePredictions([
    { playbook: 'a', impact_id: 'x', confidence: 0.9, status: 'confirmed' },
    { playbook: 'a', impact_id: 'x', confidence: 0.9, status: 'expired' },
    { playbook: 'a', impact_id: 'x', confidence: 0.1, status: 'expired' },
    { playbook: 'a', impact_id: 'x', confidence: 0.5, status: 'open' },
  ]);
  assert.equal(r.made, 4);
  assert.equal(r.open, 1);
  assert.equal(r.brier, Math.round(((0.1 ** 2 + 0.9 ** 2 + 0.1 ** 2) / 3) * 10000) / 10000);
  assert.deepEqual(r.calibration.map((c) => [c.bucket, c.n, c.observed]), [['0.0–0.2', 1, 0], ['0.8–1.0', 2, 0.5]]);
  assert.equal(trackRecord([]).overall.brier, null);
});
