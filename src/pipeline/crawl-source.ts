// One pass over one source: fetch → parse → extract → analyze → cluster → store, then health.
// Whatever goes wrong is caught here and written to the source's health; nothing escapes.
import type { PipelineContext } from './context.js';
import { warmClusterIndex } from './context.js';
import type { SourceRow } from '../store/sources.js';
import { updateSourceHealth } from '../store/sources.js';
import { recentPublishedTimes } from '../store/stories.js';
import { expireOverdue } from '../store/impacts.js';
import type { ArticleRules, ListRules } from '../domain/source.js';
import type { ParsedItem } from '../domain/types.js';
import { FetchError } from '../fetch/index.js';
import { parseFeed } from '../parse/feed.js';
import { parseListPage } from '../parse/html-list.js';
import { enrichItems } from './enrich.js';
import { ingestInSlices, type IngestResult } from './ingest.js';
import { backoffDelay, catchUpDelay, isSilent, successDelay, typicalGap } from './health.js';
import { selectItems } from './select-items.js';
import { yieldToLoop } from './yield.js';

export interface CrawlOutcome {
  sourceId: string;
  status: 'ok' | 'not_modified' | 'error';
  items: number;
  added: number;
  known: number;
  failed: number;
  /** New items left for the next pass (more than one pass takes on; see select-items). */
  deferred: number;
  error: string | null;
  ms: number;
}

interface Rules { list: ListRules | null; article: ArticleRules | null }

export async function crawlSource(ctx: PipelineContext, source: SourceRow): Promise<CrawlOutcome> {
  const started = Date.now();
  const rules: Rules = source.rules ? JSON.parse(source.rules) : { list: null, article: null };
  const outcome: CrawlOutcome = { sourceId: source.id, status: 'ok', items: 0, added: 0, known: 0, failed: 0, deferred: 0, error: null, ms: 0 };
  try {
    const res = await ctx.fetcher.fetch({ url: source.url, etag: source.etag, lastModified: source.last_modified });
    if (res.kind === 'not_modified') {
      outcome.status = 'not_modified';
      recordSuccess(ctx, source, null, res.maxAgeSeconds, res.etag, res.lastModified);
    } else {
      let parsed: ParsedItem[];
      let offered: number;
      await yieldToLoop(); // parsing is one synchronous stretch: it waits for its turn like any slice
      if (source.kind === 'html' && rules.list) {
        parsed = parseListPage(res.text, res.url, rules.list);
        offered = parsed.length;
      } else {
        const feed = await parseFeed(res.text, res.url);
        parsed = feed.items;
        offered = feed.itemsInDocument;
      }
      await yieldToLoop(); // and the next stretch waits for the next turn
      outcome.items = parsed.length;
      const { take, deferred } = selectItems(ctx.db, source.id, parsed);
      outcome.deferred = deferred;
      if (deferred > 0 || offered > parsed.length) {
        ctx.log.warn(`${source.id}: the feed offers ${offered} items; read the first ${parsed.length}, ` +
          `took the newest ${take.length} new ones, ${deferred} new left for the next pass`);
      }
      const ready = await enrichItems(ctx, take, rules.article, source.id);
      // The stories land in short transactions when the server shares this process; the health and
      // the feed's validators only after the last of them, so a pass cut short is fetched again
      // in full and what did land is recognised as known.
      let r: IngestResult;
      try {
        r = await ingestInSlices(ctx, { id: source.id, name: source.name, tier: source.tier, alwaysRelevant: source.relevance === 'always' }, ready, {
          sliceMs: ctx.sliceMs ?? Infinity,
          first: () => expireOverdue(ctx.db, ctx.now().toISOString()), // predictions past their horizon before new evidence is weighed
        });
        // Items left over: no validators, or the next pass would get a 304 and never see them.
        const done = r;
        ctx.db.transaction(() => {
          if (deferred > 0) recordSuccess(ctx, source, done, res.maxAgeSeconds, null, null, true);
          else recordSuccess(ctx, source, done, res.maxAgeSeconds, res.etag, res.lastModified);
        })();
      } catch (err) {
        // A slice rolled back: the in-memory cluster index may name signals that no longer exist.
        ctx.clusters.clear();
        warmClusterIndex(ctx.db, ctx.clusters, ctx.now());
        throw err;
      }
      // Items already stored (or repeated in the feed) were dropped before enrichment: count them here.
      Object.assign(outcome, { added: r.added, known: r.known + parsed.length - ready.length - deferred, failed: r.failed });
      if (r.failed) ctx.log.warn(`${source.id}: ${r.failed} item(s) skipped: ${r.errors.slice(0, 3).join('; ')}`);
    }
  } catch (err) {
    outcome.status = 'error';
    outcome.error = describe(err);
    recordFailure(ctx, source, err);
  }
  outcome.ms = Date.now() - started;
  return outcome;
}

/** For source health: what happened in plain words first ("too large: …"), then the code. */
function describe(err: unknown): string {
  if (err instanceof FetchError) return `${err.message} [${err.code}]`;
  return err instanceof Error ? err.message : String(err);
}

function recordSuccess(ctx: PipelineContext, s: SourceRow, r: IngestResult | null, maxAge: number | null, etag: string | null, lastModified: string | null, catchUp = false) {
  const now = ctx.now();
  const nowIso = now.toISOString();
  const lastNew = r && r.added > 0 ? nowIso : s.last_new_story_at;
  const silent = isSilent({
    now: now.getTime(), lastNewStoryAt: lastNew ? Date.parse(lastNew) : null,
    typicalGapMs: typicalGap(recentPublishedTimes(ctx.db, s.id)), everyMs: s.every_ms,
  });
  updateSourceHealth(ctx.db, s.id, {
    status: 'ok', error_count: 0, last_error: null, last_fetched_at: nowIso, last_success_at: nowIso,
    last_new_story_at: r && r.added > 0 ? nowIso : null, silent,
    next_fetch_at: new Date(now.getTime() + (catchUp ? catchUpDelay : successDelay)(s.every_ms, maxAge)).toISOString(), etag, last_modified: lastModified,
  });
}

function recordFailure(ctx: PipelineContext, s: SourceRow, err: unknown) {
  const now = ctx.now();
  const errors = s.error_count + 1;
  const retryAfter = err instanceof FetchError && err.retryAfterSeconds ? err.retryAfterSeconds * 1000 : 0;
  try {
    updateSourceHealth(ctx.db, s.id, {
      status: 'error', error_count: errors, last_error: describe(err).slice(0, 500), last_fetched_at: now.toISOString(),
      silent: s.silent === 1, next_fetch_at: new Date(now.getTime() + backoffDelay(s.every_ms, errors, retryAfter)).toISOString(),
    });
  } catch (dbErr) {
    ctx.log.error(`${s.id}: could not record failure: ${(dbErr as Error).message}`);
  }
}
