// Subscription routes that are not admin-only: subscribing, confirming, managing, unsubscribing;
// plus the operator's digest preview (admin). Mounted at / by src/http/app.ts.
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import type { Config } from '../../config.js';
import { smtpMailer, type Mailer } from '../../digest/mailer.js';
import { subscribeRoute } from './subscribe-route.js';
import { linkRoutes } from './link-routes.js';
import { previewRoute } from './preview-route.js';

export interface DigestDeps {
  db: Db;
  config: Pick<Config, 'baseUrl' | 'smtpUrl' | 'mailFrom'>;
  /** Bearer token for the preview; null: admin routes are off (403). */
  adminToken?: string | null;
  log?: (msg: string) => void;
  /** Tests move the clock (link expiry); everything else uses real time. */
  now?: () => Date;
}

/** What the route files get: DigestDeps with the defaults filled in. */
export interface DigestRouteDeps {
  db: Db;
  config: DigestDeps['config'];
  adminToken: string | null;
  log: (msg: string) => void;
  now: () => Date;
  /** The mailer for one-off mails, made on first use; null when no SMTP server is configured. */
  mailer: () => Mailer | null;
}

export function digestRoutes(deps: DigestDeps) {
  let mailer: Mailer | null = null;
  const d: DigestRouteDeps = {
    db: deps.db, config: deps.config, adminToken: deps.adminToken ?? null, log: deps.log ?? console.error, now: deps.now ?? (() => new Date()),
    // Not pooled: a confirmation opens and closes its own connection, so no socket outlives the request.
    mailer: () => (deps.config.smtpUrl ? (mailer ??= smtpMailer(deps.config.smtpUrl, { pool: false })) : null),
  };
  return new Hono().route('/', subscribeRoute(d)).route('/', linkRoutes(d)).route('/', previewRoute(d));
}
