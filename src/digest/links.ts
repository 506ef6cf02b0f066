// Signed links in emails: confirm (single use, expires), manage and unsubscribe (no expiry:
// every digest carries them). HMAC-SHA256 with a key generated once and kept in the database.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/db.js';
import { ensureSetting } from '../store/settings.js';
import { getSubscription, type SubscriptionRow } from '../store/subscriptions.js';

export type LinkPurpose = 'confirm' | 'manage' | 'unsubscribe';

export const PENDING_TTL_MS = 7 * 86_400_000;

const keys = new WeakMap<Db, Buffer>();
function signingKey(db: Db): Buffer {
  let key = keys.get(db);
  if (!key) {
    key = Buffer.from(ensureSetting(db, 'link_signing_key', () => randomBytes(32).toString('base64url')), 'base64url');
    keys.set(db, key);
  }
  return key;
}

export const newNonce = () => randomBytes(12).toString('base64url');

function mac(db: Db, purpose: LinkPurpose, id: number, exp: number, nonce: string): Buffer {
  // 128 bits of the MAC are plenty for a link and keep the List-Unsubscribe line short.
  return createHmac('sha256', signingKey(db)).update(`${purpose}\n${id}\n${exp}\n${nonce}`).digest().subarray(0, 16);
}

/** A token `id.exp.mac`; exp 0 = never expires; the nonce (if any) is stored, not in the token. */
export function signToken(db: Db, purpose: LinkPurpose, id: number, opts: { exp?: number; nonce?: string } = {}): string {
  const exp = opts.exp ?? 0;
  return `${id}.${exp.toString(36)}.${mac(db, purpose, id, exp, opts.nonce ?? '').toString('base64url')}`;
}

export function linkUrl(baseUrl: string, purpose: LinkPurpose, token: string): string {
  return `${baseUrl}/subscriptions/${purpose}/${token}`;
}

export function confirmLink(db: Db, baseUrl: string, sub: SubscriptionRow): string {
  const exp = Date.parse(sub.confirm_expires_at ?? '');
  return linkUrl(baseUrl, 'confirm', signToken(db, 'confirm', sub.id, { exp, nonce: sub.confirm_nonce ?? '' }));
}

export const manageLink = (db: Db, baseUrl: string, id: number) => linkUrl(baseUrl, 'manage', signToken(db, 'manage', id));
export const unsubscribeLink = (db: Db, baseUrl: string, id: number) => linkUrl(baseUrl, 'unsubscribe', signToken(db, 'unsubscribe', id));

export type OpenedLink =
  | { kind: 'ok'; sub: SubscriptionRow; nonce: string }
  | { kind: 'expired' }
  /** Bad signature, unknown subscriber, or a confirmation link already used or replaced by a newer one. */
  | { kind: 'invalid' };

/** Checks a token against the subscriber it names. */
export function openLink(db: Db, purpose: LinkPurpose, token: string, now: number): OpenedLink {
  const m = /^(\d{1,12})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return { kind: 'invalid' };
  const id = Number(m[1]), exp = parseInt(m[2]!, 36);
  const sub = getSubscription(db, id);
  if (!sub) return { kind: 'invalid' };
  const nonce = purpose === 'confirm' ? sub.confirm_nonce : '';
  if (nonce === null) return { kind: 'invalid' };
  const given = Buffer.from(m[3]!, 'base64url');
  if (given.length !== 16 || !timingSafeEqual(given, mac(db, purpose, id, exp, nonce))) return { kind: 'invalid' };
  if (exp !== 0 && exp <= now) return { kind: 'expired' };
  return { kind: 'ok', sub, nonce };
}
