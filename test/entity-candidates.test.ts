// Names the knowledge base lacks, found by their shape, become candidates once they reappear
// across signals: an operator sees them (admin API, radar entities candidates) with counts and
// example headlines, and can promote them into feeds/knowledge/. Real ingest, real SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testContext } from './helpers/db.js';
import { ingestItems, type ReadyItem } from '../src/pipeline/ingest.js';
import { createApp } from '../src/http/app.js';
import * as S from '../src/http/schemas.js';

let n = 0;
const item = (title: string, body: string, at: string): ReadyItem => ({
  guid: `c${++n}`, url: `https://example.org/c/${n}`, title, summaryHtml: '', contentHtml: '', author: null, publishedAt: at,
  categories: [], text: body, html: '', fullText: false, pagePublishedAt: null,
});

test('a company the knowledge base lacks, named in two signals, is a candidate with its count and headlines', async () => {
  const ctx = testContext();
  const src = { id: null, name: 'Desk', tier: 2 };
  ingestItems(ctx, src, [item('UK privacy regulator fines payroll provider Quorvex Systems', 'The Information Commissioner\'s Office fined payroll provider Quorvex Systems over a data breach affecting staff records.', '2024-03-01T09:00:00.000Z')]);
  ingestItems(ctx, src, [item('Quorvex Systems sued by unions over leaked payroll data', 'Unions sued payroll provider Quorvex Systems in the High Court over the breach of their members\' payroll data.', '2024-05-10T09:00:00.000Z')]);
  const token = 't'.repeat(20);
  const app = createApp({ db: ctx.db, knowledge: ctx.knowledge, log: () => {}, adminToken: token });
  assert.equal((await app.request('/api/v1/entities/candidates')).status, 401, 'admin only');
  const res = await app.request('/api/v1/entities/candidates?min=2', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const { items } = S.candidateListSchema.parse(await res.json());
  const q = items.find((c) => c.name === 'Quorvex Systems');
  assert.ok(q, JSON.stringify(items));
  assert.equal(q.signals, 2);
  assert.equal(q.kind, 'company');
  assert.ok(q.examples.some((h) => h.includes('Quorvex')));
  assert.ok(!items.some((c) => c.name === 'Information Commissioner\'s Office'), 'known names are no candidates');
  assert.equal((await app.request('/api/v1/entities/candidates?min=0', { headers: { authorization: `Bearer ${token}` } })).status, 400);
});
