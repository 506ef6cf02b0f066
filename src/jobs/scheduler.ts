// The crawl schedule: a node-cron tick finds due sources and crawls them. Each source keeps
// its own next_fetch_at (cadence, back-off); first fetches are spread by a stable offset.
import cron from 'node-cron';
import type { PipelineContext } from '../pipeline/context.js';
import { crawlSources } from '../pipeline/crawl-run.js';
import { dueSources } from '../store/sources.js';
import { stableOffsetMs } from './offset.js';
import { setFirstFetch } from '../store/sources.js';
import { waitAtMost } from './grace.js';

export interface Scheduler { stop(graceMs?: number): Promise<void>; tick(): Promise<void> }

export function startScheduler(ctx: PipelineContext, opts: { cronExpression?: string } = {}): Scheduler {
  const abort = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const tick = async () => {
    if (abort.signal.aborted) return;
    const now = ctx.now();
    const due = dueSources(ctx.db, now.toISOString());
    const ready = due.filter((s) => {
      if (s.next_fetch_at) return true;
      // Never fetched: start at a per-source offset inside the first few minutes, not all at once.
      setFirstFetch(ctx.db, s.id, new Date(now.getTime() + stableOffsetMs(s.id, Math.min(s.every_ms, 300_000))).toISOString());
      return false;
    });
    if (ready.length === 0) return;
    // Not awaited: a slow source must not hold back the next tick's due sources; crawlSources
    // skips any source whose previous run is still going.
    const run = crawlSources(ctx, ready, { signal: abort.signal }).then((summary) => {
      if (summary.sources) ctx.log.info(`crawl: ${summary.sources} sources, ${summary.added} new stories, ${summary.failed} failed (${summary.ms} ms)`);
    }, (err) => ctx.log.error(`crawl pass failed: ${(err as Error).message}`));
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  };
  const task = cron.schedule(opts.cronExpression ?? '*/20 * * * * *', tick, { noOverlap: true, name: 'crawl' });
  return {
    tick,
    /** Stops picking up sources and waits (up to graceMs) for the ones mid-pass to finish. */
    async stop(graceMs = 15_000) {
      abort.abort();
      await task.stop();
      await waitAtMost(Promise.all(inFlight), graceMs);
    },
  };
}
