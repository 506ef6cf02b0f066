// Predictions you can trust: confirmed only by evidence about their own subject (with the
// reasons and the confirming story's date), fitted to the story (slots from roles, premises,
// follow-ups the story already reports), three outcomes (confirmed, expired, void), priors from
// live forecasts only, and an operator's undo. Real SQLite with every migration, the real ingest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testContext } from './helpers/db.js';
import { ingestItems, type ReadyItem } from '../src/pipeline/ingest.js';
import { createApp } from '../src/http/app.js';
import { confirmPrediction, expireOverdue, impactHistory } from '../src/store/impacts.js';
import { recheckLegacyConfirmations } from '../src/pipeline/ledger-recheck.js';
import { loadKnowledge } from '../src/pipeline/knowledge-files.js';
import { analyzeStory } from '../src/analyze/analyze.js';
import * as S from '../src/http/schemas.js';

let n = 0;
const item = (title: string, body: string, at: string): ReadyItem => ({
  guid: `e${++n}`, url: `https://example.org/e/${n}`, title, summaryHtml: '', contentHtml: '', author: null, publishedAt: at,
  categories: [], text: body, html: '', fullText: false, pagePublishedAt: null,
});
const src = { id: null, name: 'Desk', tier: 2 };
type Row = { id: number; impact_id: string; status: string; resolved_by: number | null; resolved_at: string | null; resolution: string | null; void_reason: string | null; statement: string };
const impactsOf = (ctx: ReturnType<typeof testContext>, headline: string) => ctx.db.prepare(
  'SELECT i.id, i.impact_id, i.status, i.resolved_by, i.resolved_at, i.resolution, i.void_reason, i.statement FROM impacts i JOIN signals s ON s.id = i.signal_id WHERE s.headline LIKE ?').all(`${headline}%`) as Row[];
const signalId = (ctx: ReturnType<typeof testContext>, headline: string) => (ctx.db.prepare('SELECT id FROM signals WHERE headline LIKE ?').get(`${headline}%`) as { id: number }).id;

const usCurbs = item('US tightens export controls on advanced chips to China', 'The US Commerce Department widened its curbs on sales of advanced AI chips and chipmaking equipment to China, adding restrictions on Chinese firms.', '2023-10-17T14:00:00.000Z');

test('a countermeasure counts only from the targeted state against the acting one, dated by its own story, with the reasons', () => {
  const ctx = testContext();
  ingestItems(ctx, src, [usCurbs]);
  const retaliation = impactsOf(ctx, 'US tightens').find((i) => i.impact_id === 'retaliation');
  assert.ok(retaliation, 'the cross-border playbook predicts a countermeasure');
  assert.match(retaliation.statement, /\(CN\)/, 'the targeted state is China, the target\'s jurisdiction');
  // Unrelated enforcement of the right type, and a third state's measure, confirm nothing.
  ingestItems(ctx, src, [item('Ireland fines TikTok €345m over children\'s data', 'Ireland\'s Data Protection Commission fined TikTok €345m for breaching EU privacy law in its handling of children\'s accounts.', '2023-09-15T09:00:00.000Z')]);
  ingestItems(ctx, src, [item('Ireland fines TikTok again over data transfers to China', 'Ireland\'s Data Protection Commission fined TikTok for sending European users\' data to China.', '2023-10-20T09:00:00.000Z')]);
  ingestItems(ctx, src, [item('Netherlands restricts exports of chipmaking tools to China', 'The Dutch government said exports of advanced ASML lithography systems to China will need a licence.', '2023-10-25T09:00:00.000Z')]);
  assert.equal(impactsOf(ctx, 'US tightens').find((i) => i.impact_id === 'retaliation')!.status, 'open');
  // China's own measure against US chips does.
  ingestItems(ctx, src, [item('China bans government purchases of US chips from Micron, citing security', 'China\'s Cyberspace Administration barred operators of critical infrastructure in China from buying chips from US maker Micron after a security review.', '2023-11-20T08:30:00.000Z')]);
  const after = impactsOf(ctx, 'US tightens').find((i) => i.impact_id === 'retaliation')!;
  assert.equal(after.status, 'confirmed');
  assert.equal(after.resolved_by, signalId(ctx, 'China bans'));
  assert.equal(after.resolved_at, '2023-11-20T08:30:00.000Z', 'dated by the confirming story');
  const why = JSON.parse(after.resolution!) as { matched: string[] };
  assert.ok(why.matched.some((m) => m.startsWith('acting state CN')), why.matched.join('; '));
  assert.ok(why.matched.some((m) => m.startsWith('against US')), why.matched.join('; '));
});

test('a playbook claim whose premise fails is not offered; a follow-up the story already reports is said, not predicted', () => {
  const k = loadKnowledge();
  const repeal = analyzeStory(k, { title: 'Canada rescinds its digital services tax ahead of trade talks with the US', body: 'Canada\'s government said it would rescind the digital services tax on large tech companies, scrapping the law days before it took effect.' });
  assert.ok(!repeal.impacts.some((i) => /implementing rules|opens enforcement under the new rules/.test(i.statement)), repeal.impacts.map((i) => i.statement).join(' | '));
  const fine = analyzeStory(k, { title: 'EU fines X €120 million under the Digital Services Act', body: 'The European Commission fined Elon Musk\'s X €120 million for breaching the Digital Services Act. Musk said X will appeal the decision.' });
  assert.equal(fine.event_type, 'enforcement');
  assert.ok(!fine.impacts.some((i) => /appeals or contests/.test(i.statement)), 'no "X appeals within 90 days" at a low probability');
  assert.match(fine.basis, /already reported in the story, so not predicted: X appeals or contests the action/);
  const plain = analyzeStory(k, { title: 'EU fines X €120 million under the Digital Services Act', body: 'The European Commission fined Elon Musk\'s X €120 million for breaching the Digital Services Act.' });
  assert.ok(plain.impacts.some((i) => /X appeals or contests/.test(i.statement)), 'without the report, the appeal is a prediction');
  const seizure = analyzeStory(k, { title: 'Dutch government takes control of chipmaker Nexperia', body: 'The Netherlands seized control of Nexperia, the Chinese-owned chipmaker, citing risks to European supply of chips.' });
  const targeted = seizure.impacts.find((i) => /targeted state/.test(i.statement));
  if (targeted) assert.match(targeted.statement, /\(CN\)/, 'the target\'s owner\'s state, not the EU');
});

test('three outcomes: expired when the subject was covered, void when it was not or the forecast is imported; priors move only on live, non-void ones', () => {
  const ctx = testContext();
  ingestItems(ctx, src, [item('Samsung bans staff from using ChatGPT', 'Samsung Electronics told employees to stop using ChatGPT on company devices.', '2024-03-01T06:00:00.000Z')]);
  // In the window, coverage that names OpenAI but confirms nothing of Samsung's claims.
  ingestItems(ctx, src, [item('Italy fines OpenAI €15m over ChatGPT privacy breaches', 'Italy\'s privacy regulator fined OpenAI €15m over how ChatGPT collects personal data.', '2024-04-01T09:00:00.000Z')]);
  expireOverdue(ctx.db, '2025-06-01T00:00:00.000Z');
  const mine = impactsOf(ctx, 'Samsung bans');
  assert.ok(mine.length >= 2 && mine.every((i) => i.status === 'expired'), JSON.stringify(mine.map((i) => [i.impact_id, i.status])));
  const vendor = mine.find((i) => i.impact_id === 'vendor-response')!;
  assert.equal(vendor.void_reason, null, 'OpenAI was covered in the window and did not change its terms: expired, scored');
  // The imported history is void, whatever happened.
  const imported = testContext();
  ingestItems(imported, { ...src, imported: true }, [item('Samsung bans staff from using ChatGPT', 'Samsung Electronics told employees to stop using ChatGPT on company devices.', '2024-03-01T06:00:00.000Z')]);
  expireOverdue(imported.db, '2025-06-01T00:00:00.000Z');
  const imp = imported.db.prepare('SELECT void_reason FROM impacts').all() as { void_reason: string | null }[];
  assert.ok(imp.length > 0 && imp.every((r) => /imported history/.test(r.void_reason ?? '')));
  assert.deepEqual(impactHistory(imported.db, 'corporate-ai-tool-ban', 'peer-restriction', '2026-01-01T00:00:00.000Z'), { resolved: 0, confirmed: 0 });
  // Live, with nothing about the subject in the window: void too.
  const quiet = testContext();
  ingestItems(quiet, src, [item('Samsung bans staff from using ChatGPT', 'Samsung Electronics told employees to stop using ChatGPT on company devices.', '2024-03-01T06:00:00.000Z')]);
  expireOverdue(quiet.db, '2025-06-01T00:00:00.000Z');
  const q = quiet.db.prepare("SELECT void_reason FROM impacts WHERE impact_id = 'vendor-response'").get() as { void_reason: string | null };
  assert.match(q.void_reason ?? '', /no coverage/);
  assert.equal(impactHistory(quiet.db, 'corporate-ai-tool-ban', 'vendor-response', '2026-01-01T00:00:00.000Z').resolved, 0);
});

test('an operator undoes a wrong confirmation: the prediction is open again, never confirmed by that signal again, and the record adjusts', async () => {
  const ctx = testContext();
  ingestItems(ctx, src, [item('Samsung bans staff from using ChatGPT', 'Samsung Electronics told employees to stop using ChatGPT on company devices.', '2024-03-01T06:00:00.000Z')]);
  ingestItems(ctx, src, [item('Apple restricts employees from using ChatGPT', 'Apple told staff not to use external AI tools such as ChatGPT, the iPhone maker said.', '2024-03-10T12:00:00.000Z')]);
  const peer = impactsOf(ctx, 'Samsung bans').find((i) => i.impact_id === 'peer-restriction')!;
  assert.equal(peer.status, 'confirmed');
  const app = createApp({ db: ctx.db, knowledge: ctx.knowledge, log: () => {}, adminToken: 'a'.repeat(20) });
  assert.equal((await app.request(`/api/v1/predictions/${peer.id}/undo`, { method: 'POST' })).status, 401);
  const res = await app.request(`/api/v1/predictions/${peer.id}/undo`, { method: 'POST', headers: { authorization: `Bearer ${'a'.repeat(20)}` } });
  assert.equal(res.status, 200);
  assert.deepEqual(S.undoSchema.parse(await res.json()), { id: peer.id, status: 'open' });
  assert.equal((await app.request('/api/v1/predictions/999999/undo', { method: 'POST', headers: { authorization: `Bearer ${'a'.repeat(20)}` } })).status, 404);
  const tr = S.trackRecordSchema.parse(await (await app.request('/api/v1/track-record')).json());
  assert.equal(tr.overall.confirmed, 0);
  assert.match(tr.overall.warning ?? '', /too few/);
  // A later real peer (weeks later: a story days after another's would join its signal) still confirms it.
  ingestItems(ctx, src, [item('JPMorgan restricts staff use of ChatGPT', 'JPMorgan Chase told employees not to use ChatGPT at work.', '2024-05-20T12:00:00.000Z')]);
  const again = impactsOf(ctx, 'Samsung bans').find((i) => i.impact_id === 'peer-restriction')!;
  assert.equal(again.status, 'confirmed');
  assert.equal(again.resolved_by, signalId(ctx, 'JPMorgan'));
});

test('confirmations from before the evidence rules are judged again: about the subject they hold, otherwise they are undone', () => {
  const ctx = testContext();
  ingestItems(ctx, src, [usCurbs]);
  ingestItems(ctx, src, [item('Ireland fines TikTok over children\'s data', 'Ireland\'s Data Protection Commission fined TikTok for breaching EU privacy law.', '2023-10-20T09:00:00.000Z')]);
  ingestItems(ctx, src, [item('China bans purchases of Micron chips, citing security', 'China\'s Cyberspace Administration barred operators of critical infrastructure from buying chips from US maker Micron.', '2023-11-20T08:30:00.000Z')]);
  const r = impactsOf(ctx, 'US tightens').find((i) => i.impact_id === 'retaliation')!;
  // Make the ledger look as the old rules left it: a wrong confirmation and a right one, both without reasons.
  ctx.db.prepare("UPDATE impacts SET status = 'open', resolved_by = NULL, resolution = NULL WHERE id = ?").run(r.id);
  confirmPrediction(ctx.db, r.id, signalId(ctx, 'Ireland fines'), '2025-01-01T00:00:00.000Z', {});
  ctx.db.prepare('UPDATE impacts SET resolution = NULL WHERE id = ?').run(r.id);
  assert.deepEqual(recheckLegacyConfirmations(ctx.db, '2025-01-02T00:00:00.000Z'), { kept: 0, undone: 1 });
  assert.equal(impactsOf(ctx, 'US tightens').find((i) => i.impact_id === 'retaliation')!.status, 'open');
  confirmPrediction(ctx.db, r.id, signalId(ctx, 'China bans'), '2025-01-03T00:00:00.000Z', {});
  ctx.db.prepare('UPDATE impacts SET resolution = NULL WHERE id = ?').run(r.id);
  assert.deepEqual(recheckLegacyConfirmations(ctx.db, '2025-01-04T00:00:00.000Z'), { kept: 1, undone: 0 });
  const kept = impactsOf(ctx, 'US tightens').find((i) => i.impact_id === 'retaliation')!;
  assert.equal(kept.resolved_at, '2023-11-20T08:30:00.000Z', 'dated by the confirming story, not the day it was noticed');
});
