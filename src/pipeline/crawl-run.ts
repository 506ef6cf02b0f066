// A crawl pass over many sources, a few at a time; one source failing never stops the others.
import type { PipelineContext } from './context.js';
import type { SourceRow } from '../store/sources.js';
import { crawlSource, type CrawlOutcome } from './crawl-source.js';

export interface RunSummary { sources: number; ok: number; notModified: number; failed: number; items: number; added: number; known: number; itemErrors: number; /** New items left for the next pass (a feed over the per-pass cap). */ deferred: number; ms: number; outcomes: CrawlOutcome[] }

/** Sources being crawled right now, so a slow pass never overlaps the next for one source. */
const running = new Set<string>();


export async function crawlSources(ctx: PipelineContext, sources: SourceRow[], opts: { concurrency?: number; onDone?: (o: CrawlOutcome, done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<RunSummary> {
  const started = Date.now();
  const queue = sources.filter((s) => !running.has(s.id));
  const outcomes: CrawlOutcome[] = [];
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      if (opts.signal?.aborted) return;
      running.add(s.id);
      try {
        const o = await crawlSource(ctx, s);
        outcomes.push(o);
        opts.onDone?.(o, outcomes.length, sources.length);
      } finally {
        running.delete(s.id);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 6) }, worker));
  const sum = (f: (o: CrawlOutcome) => number) => outcomes.reduce((n, o) => n + f(o), 0);
  return {
    sources: outcomes.length,
    ok: outcomes.filter((o) => o.status === 'ok').length,
    notModified: outcomes.filter((o) => o.status === 'not_modified').length,
    failed: outcomes.filter((o) => o.status === 'error').length,
    items: sum((o) => o.items), added: sum((o) => o.added), known: sum((o) => o.known), itemErrors: sum((o) => o.failed), deferred: sum((o) => o.deferred),
    ms: Date.now() - started, outcomes,
  };
}
