// The pages behind email links. Confirm: the link itself confirms (DESIGN.md), once.
// Unsubscribe (RFC 8058): POST unsubscribes at once — that is what mail providers send for
// the one-click button — while GET only shows a form, because scanners follow GETs.
// Manage: change filters and schedule, or leave. Forms post to relative URLs (CSP form-action 'self').
import { Hono, type Context } from 'hono';
import { confirmSubscription, unsubscribe, updatePreferences, getSubscription } from '../../store/subscriptions.js';
import { parseSearch, SearchSyntaxError } from '../../parse/search-query.js';
import { ApiError } from '../errors.js';
import { readForm } from '../body.js';
import { openLink, manageLink, linkUrl, type LinkPurpose } from '../../digest/links.js';
import { compactFilters, subscribeBodySchema } from '../../digest/input.js';
import { nextDueAfter } from '../../digest/schedule.js';
import { escapeHtml } from '../../digest/render-html.js';
import { formToBody, managePage, message, unsubscribeConfirmPage } from './pages.js';
import type { DigestRouteDeps } from './routes.js';

const prefsSchema = subscribeBodySchema.omit({ email: true });

/** Token pages must not be cached, indexed, or leak their URL to another site. */
function privatePage(c: Context, html: string, status: 200 | 400 | 404 | 410 = 200) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex');
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  return c.html(html, status);
}

const invalid = (c: Context) => privatePage(c, message('This link is not valid', 'It may have been used already, or replaced by a newer one. Every digest has a link to manage your subscription.'), 404);

export function linkRoutes(deps: DigestRouteDeps) {
  const { db, config } = deps;
  const open = (c: Context, purpose: LinkPurpose) => openLink(db, purpose, c.req.param('token') ?? '', deps.now().getTime());
  const app = new Hono();

  app.get('/subscriptions/confirm/:token', (c) => {
    // Link checkers send HEAD to see whether a URL is alive; only a real visit confirms.
    if (c.req.method === 'HEAD') return privatePage(c, '');
    const link = open(c, 'confirm');
    if (link.kind === 'expired') return privatePage(c, message('This link has expired', 'Confirmation links work for 7 days. Subscribe again to get a new one.'), 410);
    if (link.kind !== 'ok' || !confirmSubscription(db, link.sub.id, link.nonce, deps.now().toISOString())) return invalid(c);
    const manage = manageLink(db, config.baseUrl, link.sub.id);
    return privatePage(c, message('Subscription confirmed', 'Your first digest is on its way; later ones arrive on your schedule. Every digest has links to change your filters or leave.',
      `<p><a href="${escapeHtml(manage)}">Change filters or schedule</a></p>`));
  });

  app.get('/subscriptions/unsubscribe/:token', (c) => {
    const link = open(c, 'unsubscribe');
    if (link.kind !== 'ok') return invalid(c);
    if (link.sub.status === 'unsubscribed') return privatePage(c, message('You are unsubscribed', 'This address gets no more digests.'));
    return privatePage(c, unsubscribeConfirmPage(linkUrl('', 'unsubscribe', c.req.param('token'))));
  });

  app.post('/subscriptions/unsubscribe/:token', (c) => {
    const link = open(c, 'unsubscribe');
    if (link.kind !== 'ok') return invalid(c);
    unsubscribe(db, link.sub.id, deps.now().toISOString());
    return privatePage(c, message('You are unsubscribed', 'This address gets no more digests. Changed your mind? Subscribe again at any time.'));
  });

  app.get('/subscriptions/manage/:token', (c) => {
    const link = open(c, 'manage');
    if (link.kind !== 'ok') return invalid(c);
    if (link.sub.status !== 'confirmed') return privatePage(c, message('No active subscription', 'This address gets no digests. Subscribe again to start them.'));
    return privatePage(c, managePage(link.sub, linkUrl('', 'manage', c.req.param('token'))));
  });

  app.post('/subscriptions/manage/:token', async (c) => {
    const link = open(c, 'manage');
    if (link.kind !== 'ok') return invalid(c);
    const form = await readForm(c);
    const now = deps.now();
    if (form.action === 'leave') {
      unsubscribe(db, link.sub.id, now.toISOString());
      return privatePage(c, message('You are unsubscribed', 'This address gets no more digests.'));
    }
    if (link.sub.status !== 'confirmed') return privatePage(c, message('No active subscription', 'This address gets no digests. Subscribe again to start them.'));
    const action = linkUrl('', 'manage', c.req.param('token'));
    const r = prefsSchema.safeParse(formToBody(form));
    const problem = r.success ? searchProblem(r.data.filters.q) : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    if (!r.success || problem) return privatePage(c, managePage(link.sub, action, { error: problem ?? 'invalid input' }), 400);
    const p = { cadence: r.data.cadence, filters: JSON.stringify(compactFilters(r.data.filters)), send_hour: r.data.send_hour, timezone: r.data.timezone };
    // A new schedule applies from the end of the last digest, so nothing is skipped or sent twice.
    const last = link.sub.last_period_end ? Date.parse(link.sub.last_period_end) : now.getTime();
    updatePreferences(db, link.sub.id, p, new Date(nextDueAfter(last, p)).toISOString());
    return privatePage(c, managePage(getSubscription(db, link.sub.id)!, action, { saved: true }));
  });
  return app;
}

function searchProblem(q: string | undefined): string | null {
  if (!q) return null;
  try {
    parseSearch(q);
    return null;
  } catch (err) {
    // parseSearch throws SearchSyntaxError (parse/ knows nothing of HTTP); testing for ApiError
    // alone hid every reason behind "the search could not be read".
    return err instanceof SearchSyntaxError || err instanceof ApiError ? err.message : 'the search could not be read';
  }
}
