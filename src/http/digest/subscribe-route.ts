// POST /api/v1/subscriptions: a request to subscribe. Answers 202 the same way whether or not
// the address is known; the mailbox owner decides through the link that arrives (double opt-in).
import { Hono } from 'hono';
import { readJson } from '../body.js';
import { ApiError } from '../errors.js';
import { parseSearch } from '../../parse/search-query.js';
import { findSubscriptionByEmail, requestSubscription } from '../../store/subscriptions.js';
import { compactFilters, subscribeBodySchema } from '../../digest/input.js';
import { PENDING_TTL_MS, confirmLink, manageLink, newNonce } from '../../digest/links.js';
import { alreadySubscribedMail, confirmationMail } from '../../digest/confirm-mail.js';
import type { DigestRouteDeps } from './routes.js';

const ACCEPTED = 'If the address can receive mail, a message with a confirmation link is on its way. The link works once and expires in 7 days.';
/** At most one mail per address in this window, so the form cannot be used to flood a mailbox. */
const RESEND_WINDOW_MS = 2 * 60_000;

/**
 * Drops the claims whose window has passed, oldest first (the map is in claim order), and never
 * the live ones: clearing the whole map past a size let a flood through.
 */
function forgetExpired(claims: Map<string, number>, now: number): void {
  for (const [k, at] of claims) {
    if (now - at < RESEND_WINDOW_MS) break;
    claims.delete(k);
  }
}

export function subscribeRoute(deps: DigestRouteDeps) {
  const { db, config } = deps;
  const lastMailed = new Map<string, number>();
  return new Hono().post('/api/v1/subscriptions', async (c) => {
    const body = await readJson(c, subscribeBodySchema);
    if (body.filters.q) parseSearch(body.filters.q); // a 400 that says what is wrong, now rather than at send time
    const mailer = deps.mailer();
    if (!mailer) throw new ApiError(503, 'mail_disabled', 'this server sends no email (RADAR_SMTP_URL is not set), so it cannot confirm a subscription');
    const now = deps.now();
    const key = body.email.toLowerCase();
    // Within the window a repeat changes nothing: the link already sent stays the valid one. The
    // window is claimed before the mail goes out, so fifty requests at once send one mail.
    if (now.getTime() - (lastMailed.get(key) ?? -Infinity) >= RESEND_WINDOW_MS) {
      forgetExpired(lastMailed, now.getTime());
      lastMailed.delete(key); // re-inserted last: the map stays in claim order for forgetExpired
      lastMailed.set(key, now.getTime());
      const prefs = { cadence: body.cadence, filters: JSON.stringify(compactFilters(body.filters)), send_hour: body.send_hour, timezone: body.timezone };
      const pending = requestSubscription(db, body.email, prefs, newNonce(), new Date(now.getTime() + PENDING_TTL_MS).toISOString(), now.toISOString());
      const known = pending ? null : findSubscriptionByEmail(db, body.email);
      const mail = pending
        ? confirmationMail({ to: pending.email, from: config.mailFrom, link: confirmLink(db, config.baseUrl, pending) })
        : alreadySubscribedMail({ to: known!.email, from: config.mailFrom, link: manageLink(db, config.baseUrl, known!.id) });
      try {
        await mailer.send(mail);
      } catch (err) {
        lastMailed.delete(key); // nothing went out: a retry may send
        deps.log(`digest: confirmation mail not sent: ${(err as Error).message}`);
        throw new ApiError(503, 'mail_unavailable', 'the mail server did not take the confirmation message; try again later');
      }
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'pending' as const, message: ACCEPTED }, 202);
  });
}
