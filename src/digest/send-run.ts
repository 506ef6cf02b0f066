// One digest run: every due subscriber (and every earlier period that failed for a transient
// reason, or that a run which died left mid-send) composed, claimed in the ledger, sent,
// recorded. The claim comes before the message goes out and names the run holding it, so a
// second run or process never sends a period another live run holds; what a dead run had not
// claimed yet is simply still due, and what it held mid-send is resent (see claim-owner.ts).
//
// The one window left: a relay that had accepted a message (its DATA complete) when the run
// was killed, before the run recorded the reply. No SMTP client can tell that case from a
// message that never arrived, so the period is resent, with the same Message-ID, which many
// providers and mail clients de-duplicate (not all: a subscriber may then see two copies). At
// most one message per pool connection can be in that state at a kill; the ledger's
// `interrupted` count says which periods it can have touched.
import type { Db } from '../store/db.js';
import { getSubscription, dueSubscriptions, type SubscriptionRow } from '../store/subscriptions.js';
import {
  claimPeriod, markEmpty, markFailed, reclaimFailed, retryableFailures, sendingClaims, staleSends, takeOverClaim, type ClaimOwner, type LedgerRow,
} from '../store/digest-ledger.js';
import { beginRun, endRun, holderIsGone } from './claim-owner.js';
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
/**
 * Runs that died holding one period after which it is given up: a digest that kills the process
 * every time it is sent (say, memory) must not stop everyone else's for good.
 */
export const MAX_INTERRUPTIONS = 5;

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
  /** Periods a run that died had left mid-send, taken over and sent again by this run (also counted as sent, failed...). */
  resumed: number;
  /** Periods still 'sending' after this run, claimed over 10 minutes ago by a run that is alive (or on another host, within its lease). */
  stale: number;
  /** Dry run: what would be sent. */
  planned: PlannedDigest[];
  /** Subscribers whose digest could not even be built (the first few messages); the rest of the run went on. */
  errors: string[];
  ms: number;
}

type Job = { kind: 'due'; sub: SubscriptionRow } | { kind: 'retry'; row: LedgerRow } | { kind: 'resume'; row: LedgerRow };

export async function runDigests(o: RunOptions): Promise<RunSummary> {
  if (!o.dryRun && !o.mailer) throw new Error('a digest run needs an SMTP mailer (set RADAR_SMTP_URL)');
  const owner = beginRun();
  try {
    return await run(o, owner);
  } finally {
    endRun(owner);
  }
}

async function run(o: RunOptions, owner: ClaimOwner): Promise<RunSummary> {
  const started = performance.now();
  const clock = o.now ?? (() => new Date());
  const now = clock();
  const composer = new DigestComposer(o.db);
  const retryAfter = o.retryAfterMs ?? 15 * 60_000;
  const retries = o.dryRun ? [] : retryableFailures(o.db, MAX_ATTEMPTS, new Date(now.getTime() - retryAfter).toISOString(), HARD_BOUNCE_LIMIT);
  // Oldest first: a period a dead run left mid-send is the most overdue of all.
  const orphans = o.dryRun ? [] : sendingClaims(o.db).filter((row) => holderIsGone(row, now.getTime()));
  const due = dueSubscriptions(o.db, now.toISOString(), HARD_BOUNCE_LIMIT);
  const jobs: Job[] = [
    ...orphans.map((row) => ({ kind: 'resume' as const, row })),
    ...retries.map((row) => ({ kind: 'retry' as const, row })),
    ...due.map((sub) => ({ kind: 'due' as const, sub })),
  ];
  const s: RunSummary = { due: due.length, sent: 0, empty: 0, failed: 0, bounced: 0, retried: 0, skipped: 0, resumed: 0, stale: 0, planned: [], errors: [], ms: 0 };
  let failuresInRow = 0;

  const send = async (sub: SubscriptionRow, content: DigestContent, periodEnd: string, kind: Job['kind']) => {
    let message;
    try {
      message = digestMessage({ baseUrl: o.baseUrl, mailFrom: o.mailFrom, sub, rendered: renderDigest(o.db, o.baseUrl, sub, content), periodEnd, now: clock() });
    } catch (err) {
      // Claimed but unbuildable: 'failed' for good, with the reason, rather than 'sending' forever.
      markFailed(o.db, sub.id, periodEnd, `not built: ${(err as Error).message}`, MAX_ATTEMPTS, clock().toISOString());
      throw err;
    }
    const out = await deliverDigest({ db: o.db, mailer: o.mailer!, subscriptionId: sub.id, periodEnd, message, messageId: digestMessageId(o.baseUrl, sub.id, periodEnd), retryDelaysMs: o.retryDelaysMs ?? [1000, 4000, 15_000], now: clock, signal: o.signal });
    if (kind === 'retry') s.retried++;
    if (kind === 'resume') s.resumed++;
    if (out.status === 'sent') { s.sent++; failuresInRow = 0; }
    else if (out.status === 'bounced') { s.bounced++; failuresInRow = 0; }
    else { s.failed++; failuresInRow++; }
  };

  /** A period already in the ledger (failed, or orphaned mid-send): composed again and sent under its own Message-ID. */
  const resend = async (kind: 'retry' | 'resume', row: LedgerRow) => {
    const sub = getSubscription(o.db, row.subscription_id);
    const stamp = clock().toISOString();
    const taken = sub && (kind === 'retry' ? reclaimFailed(o.db, sub.id, row.period_end, owner, stamp) : takeOverClaim(o.db, row, owner, stamp));
    if (!taken) { s.skipped++; return; } // another run has it (or the subscription, and its ledger, were deleted)
    if (kind === 'resume' && (sub.status !== 'confirmed' || sub.bounce_count >= HARD_BOUNCE_LIMIT || row.interrupted + 1 >= MAX_INTERRUPTIONS)) {
      // Settled for good ('failed' with every attempt spent), so no later run picks it up again.
      const why = sub.status !== 'confirmed' || sub.bounce_count >= HARD_BOUNCE_LIMIT ? 'the subscription is no longer active' : `interrupted ${row.interrupted + 1} times`;
      markFailed(o.db, sub.id, row.period_end, `a run died mid-send; not resent: ${why}`, MAX_ATTEMPTS, stamp);
      s.failed++;
      return;
    }
    const content = composer.compose(readFilters(sub.filters), { start: row.period_start, end: row.period_end });
    if (isEmpty(content) && !o.sendEmpty) { markEmpty(o.db, sub.id, row.period_end, clock().toISOString()); s.empty++; return; }
    return send(sub, content, row.period_end, kind);
  };

  const runJob = async (job: Job) => {
    if (job.kind !== 'due') return resend(job.kind, job.row);
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
      owner,
    });
    if (!claimed) { s.skipped++; return; }
    if (empty) { s.empty++; return; }
    return send(sub, content, period.end, 'due');
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
  // last; not many more, as every digest claimed but not yet answered is resent after a crash.
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 8) }, worker));
  if (!o.dryRun) s.stale = staleSends(o.db, new Date(now.getTime() - 10 * 60_000).toISOString());
  s.ms = Math.round(performance.now() - started);
  return s;
}

const isEmpty = (c: DigestContent) => c.total === 0 && c.predictions.length === 0;
