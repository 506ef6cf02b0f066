// One digest run: every due subscriber (and every earlier period that failed for a transient
// reason) composed, claimed in the ledger, sent, recorded. The claim comes before the message
// goes out, so a second run, a second process or a restart after a crash never sends the same
// period again; what a crashed run had not claimed yet is simply still due.
import type { Db } from '../store/db.js';
import { getSubscription, dueSubscriptions, type SubscriptionRow } from '../store/subscriptions.js';
import { claimPeriod, interruptedSends, markEmpty, markFailed, reclaimFailed, retryableFailures, type LedgerRow } from '../store/digest-ledger.js';
import { DigestComposer, type DigestContent } from './compose.js';
import { readFilters } from './input.js';
import { planPeriod } from './schedule.js';
import { digestMessage, digestMessageId, renderDigest } from './message.js';
import { deliverDigest } from './deliver.js';
import type { Mailer } from './mailer.js';

/** Hard bounces in a row after which a subscriber gets nothing more. */
export const HARD_BOUNCE_LIMIT = 3;
/** Sends of one period (over all runs) after which a transient failure is given up. */
export const MAX_ATTEMPTS = 12;
/** Transient failures in a row after which a run stops claiming: the relay is down, later runs resume. */
const BREAKER = 5;

export interface RunOptions {
  db: Db;
  baseUrl: string;
  mailFrom: string;
  /** Null only for a dry run. */
  mailer: Mailer | null;
  /** Send a digest even when nothing matched (RADAR_DIGEST_SEND_EMPTY). */
  sendEmpty?: boolean;
  dryRun?: boolean;
  now?: () => Date;
  retryDelaysMs?: number[];
  /** How long a failed period waits before a later run retries it. */
  retryAfterMs?: number;
  concurrency?: number;
  signal?: AbortSignal;
}

export interface PlannedDigest { subscriptionId: number; email: string; subject: string; signals: number; period: { start: string; end: string } }

export interface RunSummary {
  due: number; sent: number; empty: number; failed: number; bounced: number; retried: number;
  /** Claimed by another run or process in the meantime. */
  skipped: number;
  /** Periods a crashed or killed run left mid-send: not resent, as they may have gone out. */
  interrupted: number;
  /** Dry run: what would be sent. */
  planned: PlannedDigest[];
  /** Subscribers whose digest could not even be built (the first few messages); the rest of the run went on. */
  errors: string[];
  ms: number;
}

type Job = { kind: 'due'; sub: SubscriptionRow } | { kind: 'retry'; row: LedgerRow };

export async function runDigests(o: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const clock = o.now ?? (() => new Date());
  const now = clock();
  if (!o.dryRun && !o.mailer) throw new Error('a digest run needs an SMTP mailer (set RADAR_SMTP_URL)');
  const composer = new DigestComposer(o.db);
  const retryAfter = o.retryAfterMs ?? 15 * 60_000;
  const retries = o.dryRun ? [] : retryableFailures(o.db, MAX_ATTEMPTS, new Date(now.getTime() - retryAfter).toISOString(), HARD_BOUNCE_LIMIT);
  const due = dueSubscriptions(o.db, now.toISOString(), HARD_BOUNCE_LIMIT);
  const jobs: Job[] = [...retries.map((row) => ({ kind: 'retry' as const, row })), ...due.map((sub) => ({ kind: 'due' as const, sub }))];
  const s: RunSummary = { due: due.length, sent: 0, empty: 0, failed: 0, bounced: 0, retried: 0, skipped: 0, interrupted: 0, planned: [], errors: [], ms: 0 };
  let failuresInRow = 0;

  const send = async (sub: SubscriptionRow, content: DigestContent, periodEnd: string, retry: boolean) => {
    let message;
    try {
      message = digestMessage({ baseUrl: o.baseUrl, mailFrom: o.mailFrom, sub, rendered: renderDigest(o.db, o.baseUrl, sub, content), periodEnd, now: clock() });
    } catch (err) {
      // Claimed but unbuildable: 'failed' for good, with the reason, rather than 'sending' forever.
      markFailed(o.db, sub.id, periodEnd, `not built: ${(err as Error).message}`, MAX_ATTEMPTS, clock().toISOString());
      throw err;
    }
    const out = await deliverDigest({ db: o.db, mailer: o.mailer!, subscriptionId: sub.id, periodEnd, message, messageId: digestMessageId(o.baseUrl, sub.id, periodEnd), retryDelaysMs: o.retryDelaysMs ?? [1000, 4000, 15_000], now: clock, signal: o.signal });
    if (retry) s.retried++;
    if (out.status === 'sent') { s.sent++; failuresInRow = 0; }
    else if (out.status === 'bounced') { s.bounced++; failuresInRow = 0; }
    else { s.failed++; failuresInRow++; }
  };

  const runJob = async (job: Job) => {
    if (job.kind === 'retry') {
      const { row } = job;
      const sub = getSubscription(o.db, row.subscription_id);
      if (!sub || !reclaimFailed(o.db, row.subscription_id, row.period_end, clock().toISOString())) { s.skipped++; return; }
      const content = composer.compose(readFilters(sub.filters), { start: row.period_start, end: row.period_end });
      if (isEmpty(content) && !o.sendEmpty) { markEmpty(o.db, sub.id, row.period_end, clock().toISOString()); s.empty++; return; }
      return send(sub, content, row.period_end, true);
    }
    const { sub } = job;
    const period = planPeriod(sub, now.getTime());
    if (!period) return;
    const content = composer.compose(readFilters(sub.filters), period);
    const empty = isEmpty(content) && !o.sendEmpty;
    if (o.dryRun) {
      if (!empty) s.planned.push({ subscriptionId: sub.id, email: sub.email, subject: renderDigest(o.db, o.baseUrl, sub, content).view.subject, signals: content.total, period });
      else s.empty++;
      return;
    }
    const claimed = claimPeriod(o.db, {
      subscriptionId: sub.id, expectedLastEnd: sub.last_period_end, periodStart: period.start, periodEnd: period.end, nextDueAt: period.nextDueAt,
      status: empty ? 'empty' : 'sending', signalCount: content.total, messageId: empty ? null : digestMessageId(o.baseUrl, sub.id, period.end), now: clock().toISOString(),
    });
    if (!claimed) { s.skipped++; return; }
    if (empty) { s.empty++; return; }
    return send(sub, content, period.end, false);
  };

  let next = 0;
  const worker = async () => {
    while (next < jobs.length && failuresInRow < BREAKER && !o.signal?.aborted) {
      const job = jobs[next++]!;
      try {
        await runJob(job);
      } catch (err) {
        // One subscriber's bad data (say, a time zone this runtime does not know) must not stop everyone else's digest.
        const id = job.kind === 'due' ? job.sub.id : job.row.subscription_id;
        if (s.errors.length < 10) s.errors.push(`subscription ${id}: ${(err as Error).message}`);
      }
    }
  };
  // A few more workers than pool connections, so composing the next digest overlaps sending the
  // last; not many more, as a claimed digest waiting in the pool's queue is lost if we crash.
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 8) }, worker));
  if (!o.dryRun) s.interrupted = interruptedSends(o.db, new Date(now.getTime() - 10 * 60_000).toISOString());
  s.ms = Math.round(performance.now() - started);
  return s;
}

const isEmpty = (c: DigestContent) => c.total === 0 && c.predictions.length === 0;
