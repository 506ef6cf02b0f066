// Subscription routes that are not admin-only: subscribing, confirming, managing, unsubscribing.
import { Hono } from 'hono';
import type { Db } from '../store/db.js';
import type { Config } from '../config.js';

export interface DigestDeps { db: Db; config: Pick<Config, 'baseUrl' | 'smtpUrl' | 'mailFrom'> }

export function digestRoutes(_deps: DigestDeps) {
  return new Hono();
}
