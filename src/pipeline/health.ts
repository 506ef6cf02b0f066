// Source health arithmetic: when to fetch next, how to back off, when a source has gone quiet.
// Pure, so the schedule can be tested without a clock.

export const maxBackoffMs = 24 * 3_600_000;

/** After a failure: every × 2^(n−1), ±20 % jitter, never beyond 24 h, never less than Retry-After. */
export function backoffDelay(everyMs: number, errorCount: number, retryAfterMs = 0, random = Math.random): number {
  const exp = everyMs * 2 ** Math.min(Math.max(errorCount - 1, 0), 20);
  const jittered = exp * (0.8 + 0.4 * random());
  return Math.round(Math.min(maxBackoffMs, Math.max(jittered, Math.min(retryAfterMs, maxBackoffMs))));
}

/** After a success: the source's cadence, or longer when the server asked for it (Cache-Control). */
export function successDelay(everyMs: number, maxAgeSeconds: number | null): number {
  const serverAsk = maxAgeSeconds && maxAgeSeconds > 0 ? maxAgeSeconds * 1000 : 0;
  return Math.min(maxBackoffMs, Math.max(everyMs, serverAsk));
}

/** Sooner than the cadence while a source has new items left over from a capped pass. */
export function catchUpDelay(everyMs: number, maxAgeSeconds: number | null): number {
  return successDelay(Math.min(everyMs, 15 * 60_000), maxAgeSeconds);
}

/**
 * A source that used to yield stories is silent when nothing new has come for four times its
 * usual gap between stories (and at least twice its crawl interval and a day): a changed
 * page layout or a dead feed that still answers 200 looks exactly like this.
 */
export function isSilent(opts: { now: number; lastNewStoryAt: number | null; typicalGapMs: number | null; everyMs: number }): boolean {
  if (opts.lastNewStoryAt == null || opts.typicalGapMs == null) return false;
  const limit = Math.max(4 * opts.typicalGapMs, 2 * opts.everyMs, 86_400_000);
  return opts.now - opts.lastNewStoryAt > limit;
}

/** Median gap between consecutive publication times, from newest to oldest; null with < 3. */
export function typicalGap(publishedTimes: number[]): number | null {
  if (publishedTimes.length < 3) return null;
  const sorted = [...publishedTimes].sort((a, b) => b - a);
  const gaps = sorted.slice(1).map((t, i) => (sorted[i] as number) - t).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? null;
}
