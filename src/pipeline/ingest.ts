// Turns parsed (and enriched) items into stories and signals: inside the caller's transaction
// (ingestItems) or in short transactions of its own (ingestInSlices). Each item runs in its own
// savepoint: one bad item is skipped and reported, the rest land.
import type { PipelineContext } from './context.js';
import type { ParsedItem } from '../domain/types.js';
import { canonicalUrl } from '../domain/url.js';
import { analyzeStory, leadOf } from '../analyze/analyze.js';
import { mergeModelAnalysis } from '../analyze/llm-merge.js';
import type { LlmAnalysis } from '../analyze/llm-output.js';
import { storyFeatures } from '../cluster/features.js';
import { matchEvidence, placeWords, type Matter } from '../analyze/evidence.js';
import { confirmPrediction, signalMatter, impactHistory, insertImpacts, openPredictionsCovering, refreshImpactHistory, type LedgerSignal } from '../store/impacts.js';
import { findKnownStory, insertStory } from '../store/stories.js';
import { attachStory, importanceFor, indexNewSignal, insertSignal, linkEntities, recordCoverage, appendToSearchIndex, setSignalPlaybook } from '../store/signals-write.js';
import { yieldToLoop } from './yield.js';

/** An item with the text the pipeline settled on (feed content or the fetched article). */
export interface ReadyItem extends ParsedItem {
  text: string;
  html: string;
  fullText: boolean;
  pagePublishedAt: string | null;
  /** What the operator's local model wrote about this item, if one is configured and answered. */
  llm?: (LlmAnalysis & { model: string }) | null;
}

export interface IngestSource {
  id: string | null; name: string; tier: number;
  /** Publishes only policy: the relevance gate is skipped. */ alwaysRelevant?: boolean;
  /** History imported from the offline snapshot: its predictions never move the priors. */ imported?: boolean;
}
/** dropped: stories the relevance gate judged off-topic (stored, no signal); they count in added too. */
export interface IngestResult { added: number; known: number; failed: number; errors: string[]; signalsCreated: number; dropped: number }

export function ingestItems(ctx: PipelineContext, source: IngestSource, items: ReadyItem[]): IngestResult {
  const result = emptyResult();
  const now = ctx.now().toISOString();
  refreshImpactHistory();
  for (const item of items) ingestInto(ctx, source, item, now, result);
  return result;
}

/**
 * The same in short transactions of about `sliceMs` each, yielding to the event loop between
 * them: the crawl shares its process (and its one SQLite connection) with the HTTP server, and a
 * source's whole pass in one synchronous transaction held every request up for seconds under
 * load. Each slice commits whole; a pass cut short leaves whole stories behind, which the next
 * pass recognises (the caller stores the feed's validators only after the last slice).
 */
export async function ingestInSlices(ctx: PipelineContext, source: IngestSource, items: ReadyItem[], opts: { sliceMs?: number; first?: () => void } = {}): Promise<IngestResult> {
  const result = emptyResult();
  const now = ctx.now().toISOString();
  const sliceMs = opts.sliceMs ?? 10;
  refreshImpactHistory();
  let next = 0;
  do {
    const stop = performance.now() + sliceMs;
    ctx.db.transaction(() => {
      if (next === 0) opts.first?.();
      while (next < items.length) {
        ingestInto(ctx, source, items[next++]!, now, result);
        if (performance.now() >= stop) break;
      }
    })();
    if (next < items.length) await yieldToLoop();
  } while (next < items.length);
  return result;
}

const emptyResult = (): IngestResult => ({ added: 0, known: 0, failed: 0, errors: [], signalsCreated: 0, dropped: 0 });

/** One item in its own savepoint: a bad item is counted and reported, never fatal to the rest. */
function ingestInto(ctx: PipelineContext, source: IngestSource, item: ReadyItem, now: string, result: IngestResult): void {
  const key = canonicalUrl(item.url);
  if (!key) { result.failed++; result.errors.push(`bad link: ${item.url}`); return; }
  try {
    const added = ctx.db.transaction(() => ingestOne(ctx, source, item, key, now))();
    if (added === 'known') result.known++;
    else if (added === 'dropped') { result.added++; result.dropped++; }
    else { result.added++; if (added.created) result.signalsCreated++; ctx.clusters.add(added.signalId, added.features); }
  } catch (err) {
    result.failed++;
    result.errors.push(`${item.url}: ${(err as Error).message}`);
  }
}

function ingestOne(ctx: PipelineContext, source: IngestSource, item: ReadyItem, key: string, now: string) {
  if (findKnownStory(ctx.db, source.id, item.guid, key) !== null) return 'known' as const;
  const published = item.publishedAt ?? item.pagePublishedAt;
  const publishedAt = published ?? now;
  const title = item.title || item.text.slice(0, 120) || item.url;
  const lead = leadOf(item.text, ctx.knowledge.boilerplate, title);
  const history = (playbook: string, impactId: string) => impactHistory(ctx.db, playbook, impactId, publishedAt);
  const ruled = analyzeStory(ctx.knowledge, { title, body: lead, categories: item.categories, alwaysRelevant: source.alwaysRelevant }, history); // the analysis reads only the lead
  const storyId = insertStory(ctx.db, {
    source_id: source.id, guid: item.guid, url: item.url, canonical_url: key, title,
    summary: lead.slice(0, 400), content_html: item.html, content_text: item.text, author: item.author,
    outlet: source.name, published_at: publishedAt,
    published_at_source: item.publishedAt ? 'feed' : item.pagePublishedAt ? 'page' : 'first_seen',
    first_seen_at: now, full_text: item.fullText, relevant: ruled.relevant, relevance: ruled.relevance, language: ruled.language,
  });
  // Off-topic: kept (the all-stories view lists it, source health counts it) but no signal, no prediction.
  if (!ruled.relevant) return 'dropped' as const;
  const analysis = item.llm ? mergeModelAnalysis(ctx.knowledge, ruled, item.llm) : ruled;
  const features = storyFeatures(title, lead, analysis, publishedAt, item.url);
  const match = ctx.clusters.findMatch(features);
  let signalId: number;
  if (match) {
    signalId = match.id;
    attachStory(ctx.db, signalId, storyId, false, now);
    recordCoverage(ctx.db, signalId, { storyId, title, tier: source.tier, published_at: publishedAt, regions: analysis.regions, outlet: source.name, now });
  } else {
    signalId = insertSignal(ctx.db, {
      headline: title, summary: item.llm?.summary ?? lead.slice(0, 300), summary_model: item.llm?.summary ? item.llm.model : null, event_type: analysis.event_type, regions: analysis.regions,
      importance: importanceFor(1, source.tier, analysis.entities.filter((e) => (e.role === 'actor' || e.role === 'target') && e.kind !== 'group').length), first_seen_at: publishedAt, analysis_basis: analysis.basis, now,
    });
    attachStory(ctx.db, signalId, storyId, true, now);
    const origin = source.imported ? 'imported' : 'live';
    insertImpacts(ctx.db, signalId, analysis.impacts.filter((i) => i.playbook !== 'model'), publishedAt, now, null, origin);
    if (item.llm) insertImpacts(ctx.db, signalId, analysis.impacts.filter((i) => i.playbook === 'model'), publishedAt, now, item.llm.model, origin);
    if (analysis.playbook) setSignalPlaybook(ctx.db, signalId, analysis.playbook);
    resolvePredictions(ctx, { id: signalId, first_seen_at: publishedAt, event_type: analysis.event_type, regions: analysis.regions, entities: analysis.entities, text: `${title}\n${lead}` });
  }
  // A joining report adds the parties it names; the stakeholder groups follow the signal's own playbook.
  linkEntities(ctx.db, signalId, match ? analysis.entities.filter((e) => e.via !== 'playbook') : analysis.entities);
  if (match) appendToSearchIndex(ctx.db, signalId, title, item.text);
  else indexNewSignal(ctx.db, signalId, title, item.llm?.summary ?? lead.slice(0, 300), title, item.text);
  return { signalId, features, created: !match };
}

const places = new WeakMap<object, string[]>();
/** A prediction's matter: its signal's words, with the parties' names and every place word set aside. */
function matterOf(ctx: PipelineContext, signalId: number): Matter {
  let words = places.get(ctx.knowledge);
  if (!words) places.set(ctx.knowledge, (words = placeWords(ctx.knowledge.aliasIndex)));
  const m = signalMatter(ctx.db, signalId);
  return { text: m.text, names: [...m.names, ...words] };
}

/**
 * A new signal confirms every open prediction of an earlier signal whose criterion it meets,
 * dated by the confirming story's publication, with the reasons recorded.
 */
function resolvePredictions(ctx: PipelineContext, s: LedgerSignal): void {
  for (const p of openPredictionsCovering(ctx.db, s)) {
    if (p.rejected.includes(s.id)) continue; // an operator undid this very confirmation
    const why = matchEvidence(p.criterion, s, p.criterion.same_matter ? matterOf(ctx, p.signal_id) : undefined);
    if (why) confirmPrediction(ctx.db, p.id, s.id, s.first_seen_at, { signal: s.id, matched: why });
  }
}
