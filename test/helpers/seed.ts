// Seeds a database with signals through the real ingest path (analysis, clustering, search index).
import { testContext } from './db.js';
import { ingestItems, type ReadyItem } from '../../src/pipeline/ingest.js';
import { upsertSources } from '../../src/store/sources.js';
import type { PipelineContext } from '../../src/pipeline/context.js';

export const topics = [
  'Italy fines OpenAI over ChatGPT data', 'US adds Huawei to entity list', 'EU AI Act enters into force',
  'Samsung bans staff from ChatGPT', 'Japan tightens chip equipment export controls', 'FTC sues Amazon over Prime cancellations',
];

export function storyItem(i: number, title = `${topics[i % topics.length]} (${i})`, day = i * 9): ReadyItem {
  return {
    guid: `g${i}`, url: `https://example.org/${i}`, title, summaryHtml: '', contentHtml: '', author: null,
    publishedAt: new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString(), categories: [],
    text: `Report ${i}. ${title}.`, html: '', fullText: false, pagePublishedAt: null,
  };
}

export function seeded(n: number, ctx: PipelineContext = testContext()): PipelineContext {
  upsertSources(ctx.db, [{ id: 'desk', name: 'Desk', kind: 'rss', url: 'https://example.org/feed', every: '1h', tier: 2, tags: [] }]);
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, Array.from({ length: n }, (_, i) => storyItem(i)));
  return ctx;
}
