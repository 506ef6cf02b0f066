// Settles each new item's text: the feed's own content when it is full, otherwise the article
// page, fetched once and cached. A page that fails keeps the feed summary; the source goes on.
import type { PipelineContext } from './context.js';
import type { ArticleRules } from '../domain/source.js';
import type { ParsedItem } from '../domain/types.js';
import { canonicalUrl } from '../domain/url.js';
import { extractArticle } from '../parse/article.js';
import { htmlToText, sanitizeHtml } from '../parse/sanitize.js';
import { findKnownStory, getCachedArticle, putCachedArticle, type CachedArticle } from '../store/stories.js';
import type { ReadyItem } from './ingest.js';
import { analyzeWithLocalModel } from './model-analysis.js';
import { sliceTimer, yieldToLoop } from './yield.js';

/** Below this many characters a feed item is a teaser, not the article. */
export const fullTextThreshold = 700;

export async function enrichItems(ctx: PipelineContext, items: ParsedItem[], rules: ArticleRules | null, sourceId: string | null): Promise<ReadyItem[]> {
  const fresh = items.filter((i) => {
    const key = canonicalUrl(i.url);
    return key === null || findKnownStory(ctx.db, sourceId, i.guid, key) === null; // bad links go on to be reported
  });
  // Each item's synchronous part (text, sanitizing) runs as it starts; yield now and then so a
  // long feed does not hold the server's requests up.
  const started: Promise<ReadyItem>[] = [];
  const due = sliceTimer();
  for (const i of fresh) {
    started.push(enrichItem(ctx, i, rules));
    if (due()) await yieldToLoop();
  }
  const ready = await Promise.all(started);
  if (ctx.llm) {
    // One at a time: a local model server usually runs one generation at once anyway.
    for (const r of ready) r.llm = await askModel(ctx, r);
  }
  return ready;
}

async function askModel(ctx: PipelineContext, item: ReadyItem): Promise<ReadyItem['llm']> {
  const answer = await analyzeWithLocalModel(ctx.llm!, { title: item.title, body: item.text });
  if ('error' in answer) {
    ctx.log.warn(`local model: ${answer.error} — keeping the rule analysis for ${item.url}`);
    return null;
  }
  return answer;
}

async function enrichItem(ctx: PipelineContext, item: ParsedItem, rules: ArticleRules | null): Promise<ReadyItem> {
  const feedHtml = item.contentHtml || item.summaryHtml;
  const feedText = htmlToText(feedHtml);
  const base: ReadyItem = { ...item, text: feedText, html: sanitizeHtml(feedHtml, item.url), fullText: false, pagePublishedAt: null };
  if (feedText.length >= fullTextThreshold && !rules) return base;
  const article = await fetchArticle(ctx, item.url, rules);
  if (!article.ok || !article.text || article.text.length <= feedText.length) return { ...base, pagePublishedAt: article.published_at };
  return { ...base, text: article.text, html: article.html ?? base.html, fullText: true, pagePublishedAt: article.published_at };
}

async function fetchArticle(ctx: PipelineContext, url: string, rules: ArticleRules | null): Promise<CachedArticle> {
  const cached = getCachedArticle(ctx.db, url);
  if (cached) return cached;
  let result: CachedArticle;
  try {
    const res = await ctx.fetcher.fetch({ url, accept: 'text/html,application/xhtml+xml' });
    if (res.kind !== 'ok') throw new Error('unexpected 304 for an uncached page');
    const a = extractArticle(res.text, res.url, rules ?? undefined);
    result = a
      ? { ok: true, text: a.text, html: sanitizeHtml(a.html, res.url), published_at: a.publishedAt, error: null }
      : { ok: false, text: null, html: null, published_at: null, error: 'no article found on the page' };
  } catch (err) {
    result = { ok: false, text: null, html: null, published_at: null, error: (err as Error).message.slice(0, 300) };
  }
  putCachedArticle(ctx.db, url, result, ctx.now().toISOString());
  return result;
}
