// Hands one claimed digest to SMTP and records the outcome in the ledger: transient failures
// are retried with back-off, a permanent refusal is a bounce, the last transient one leaves the
// period 'failed' for a later run.
import type { SendMailOptions } from 'nodemailer';
import type { Db } from '../store/db.js';
import { markBounced, markFailed, markSent } from '../store/digest-ledger.js';
import { classifyFailure, failureText, isConnectionFailure, type Mailer } from './mailer.js';

export type Outcome = { status: 'sent' } | { status: 'bounced'; error: string } | { status: 'failed'; error: string; unreachable: boolean };

export interface DeliverOptions {
  db: Db; mailer: Mailer; subscriptionId: number; periodEnd: string; message: SendMailOptions; messageId: string;
  /** Waits before each retry; its length is the number of retries. */
  retryDelaysMs: number[];
  now: () => Date;
  signal?: AbortSignal;
}

export async function deliverDigest(o: DeliverOptions): Promise<Outcome> {
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      await o.mailer.send(o.message);
      markSent(o.db, o.subscriptionId, o.periodEnd, o.messageId, attempts, o.now().toISOString());
      return { status: 'sent' };
    } catch (err) {
      const error = failureText(err);
      if (classifyFailure(err) === 'permanent') {
        markBounced(o.db, o.subscriptionId, o.periodEnd, error, attempts, o.now().toISOString());
        return { status: 'bounced', error };
      }
      const wait = o.retryDelaysMs[attempts - 1];
      if (wait === undefined || o.signal?.aborted) {
        markFailed(o.db, o.subscriptionId, o.periodEnd, error, attempts, o.now().toISOString());
        return { status: 'failed', error, unreachable: isConnectionFailure(err) };
      }
      // ±20 % jitter, so messages refused together do not all come back at the same instant.
      await sleep(wait * (0.8 + Math.random() * 0.4), o.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal?.removeEventListener('abort', done); resolve(); }
    signal?.addEventListener('abort', done, { once: true });
  });
}
