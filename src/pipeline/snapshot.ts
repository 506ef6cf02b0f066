// The offline snapshot: project-written feed files in feeds/snapshot/, imported into an empty
// database so a first start without network still shows a populated stream.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineContext } from './context.js';
import { parseFeed } from '../parse/feed.js';
import { htmlToText, sanitizeHtml } from '../parse/sanitize.js';
import { ingestItems, type ReadyItem } from './ingest.js';
import { storyCount } from '../store/stories.js';
import { expireOverdue } from '../store/impacts.js';

export interface SnapshotResult { files: number; added: number; skipped: boolean }

export async function importSnapshotIfEmpty(ctx: PipelineContext, dir: string): Promise<SnapshotResult> {
  if (storyCount(ctx.db) > 0) return { files: 0, added: 0, skipped: true };
  return importSnapshot(ctx, dir);
}

export async function importSnapshot(ctx: PipelineContext, dir: string): Promise<SnapshotResult> {
  const files = readdirSync(dir).filter((f) => /\.(xml|rss|atom|json)$/.test(f)).sort();
  const feeds = await Promise.all(files.map(async (f) => ({ file: f, feed: await parseFeed(readFileSync(join(dir, f), 'utf8'), 'https://policy-radar.invalid/snapshot/') })));
  // Oldest first, across files, so clustering sees events in the order they were reported.
  const items = feeds.flatMap(({ feed }) => feed.items.map((i) => ({ outlet: feed.title ?? 'Policy Radar snapshot', item: i })))
    .sort((a, b) => (a.item.publishedAt ?? '').localeCompare(b.item.publishedAt ?? ''));
  let added = 0;
  ctx.db.transaction(() => {
    for (const { outlet, item } of items) {
      const html = item.contentHtml || item.summaryHtml;
      // Replayed in time order: predictions whose horizon ended before this story are settled first.
      if (item.publishedAt) expireOverdue(ctx.db, item.publishedAt);
      const ready: ReadyItem = { ...item, text: htmlToText(html), html: sanitizeHtml(html, item.url), fullText: false, pagePublishedAt: null };
      added += ingestItems(ctx, { id: null, name: outlet, tier: 2, imported: true }, [ready]).added;
    }
    expireOverdue(ctx.db, ctx.now().toISOString());
  })();
  ctx.log.info(`offline snapshot: ${added} stories from ${files.length} files in ${dir}`);
  return { files: files.length, added, skipped: false };
}
