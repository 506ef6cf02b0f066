// The digest schedule: every few minutes, forget unconfirmed subscriptions past their 7 days and
// send the digests that are due. Runs never overlap; a pooled SMTP connection lives for one run.
import cron from 'node-cron';
import type { Db } from '../store/db.js';
import type { Config } from '../config.js';
import type { Logger } from '../pipeline/context.js';
import { purgeExpiredPending } from '../store/subscriptions.js';
import { runDigests, type RunSummary } from '../digest/send-run.js';
import { smtpMailer } from '../digest/mailer.js';
import { waitAtMost } from './grace.js';

export interface DigestJob { tick(): Promise<RunSummary | null>; stop(graceMs?: number): Promise<void> }

export interface DigestJobOptions {
  db: Db;
  config: Pick<Config, 'baseUrl' | 'smtpUrl' | 'mailFrom' | 'digestSendEmpty'>;
  log: Logger;
  cronExpression?: string;
  now?: () => Date;
}

export function startDigestJob(o: DigestJobOptions): DigestJob {
  const abort = new AbortController();
  const now = o.now ?? (() => new Date());
  let running: Promise<RunSummary | null> | null = null;
  let warned = false;

  const run = async (): Promise<RunSummary | null> => {
    const purged = purgeExpiredPending(o.db, now().toISOString());
    if (purged) o.log.info(`digest: forgot ${purged} subscriptions nobody confirmed within 7 days`);
    if (!o.config.smtpUrl) {
      if (!warned) o.log.warn('digest: RADAR_SMTP_URL is not set, so no digests are sent');
      warned = true;
      return null;
    }
    const mailer = smtpMailer(o.config.smtpUrl, { pool: true });
    try {
      const s = await runDigests({ db: o.db, baseUrl: o.config.baseUrl, mailFrom: o.config.mailFrom, mailer, sendEmpty: o.config.digestSendEmpty, now, signal: abort.signal });
      for (const e of s.errors) o.log.error(`digest: ${e}`);
      if (s.sent || s.failed || s.bounced) o.log.info(`digest: ${s.sent} sent, ${s.empty} with nothing new, ${s.failed} to retry, ${s.bounced} bounced (${s.ms} ms)`);
      return s;
    } finally {
      mailer.close();
    }
  };

  const tick = (): Promise<RunSummary | null> => {
    if (abort.signal.aborted) return Promise.resolve(null);
    if (running) return running; // a slow run (many subscribers, a slow relay) is not started twice
    running = run().catch((err) => { o.log.error(`digest run failed: ${(err as Error).message}`); return null; }).finally(() => { running = null; });
    return running;
  };

  const task = cron.schedule(o.cronExpression ?? '30 */5 * * * *', () => { void tick(); }, { noOverlap: true, name: 'digest' });
  return {
    tick,
    /** Stops claiming digests and waits (up to graceMs) for the messages in flight. */
    async stop(graceMs = 15_000) {
      abort.abort();
      await task.stop();
      await waitAtMost(running, graceMs);
    },
  };
}
