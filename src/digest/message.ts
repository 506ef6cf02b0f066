// A digest as a message: both parts, and the headers mailbox providers check for bulk mail.
import type { SendMailOptions } from 'nodemailer';
import type { Db } from '../store/db.js';
import type { SubscriptionRow } from '../store/subscriptions.js';
import type { DigestContent } from './compose.js';
import { manageLink, unsubscribeLink } from './links.js';
import { digestView, type DigestView } from './view.js';
import { renderHtml } from './render-html.js';
import { renderText } from './render-text.js';

export interface RenderedDigest { view: DigestView; html: string; text: string }

export function renderDigest(db: Db, baseUrl: string, sub: SubscriptionRow, content: DigestContent): RenderedDigest {
  const view = digestView({
    content, cadence: sub.cadence, timezone: sub.timezone, baseUrl,
    manageUrl: manageLink(db, baseUrl, sub.id), unsubscribeUrl: unsubscribeLink(db, baseUrl, sub.id),
  });
  return { view, html: renderHtml(view), text: renderText(view) };
}

/** The domain for Message-ID and List-Id: the public host, as the links point there. */
const mailDomain = (baseUrl: string) => new URL(baseUrl).hostname || 'localhost';

/**
 * The same (subscriber, period) always gets the same Message-ID, so if a retry ever did reach
 * a mailbox twice, providers that de-duplicate by Message-ID would show it once.
 */
export function digestMessageId(baseUrl: string, subscriptionId: number, periodEnd: string): string {
  return `<digest.${subscriptionId}.${Date.parse(periodEnd).toString(36)}@${mailDomain(baseUrl)}>`;
}

/**
 * A prepared header that still reads as a string: the SMTP pool calls String methods on the
 * Message-ID it finds, which a plain { prepared, value } object would break.
 */
function oneLine(value: string): { prepared: true; value: string } {
  return Object.assign(new String(value), { prepared: true as const, value });
}

export function digestMessage(opts: { baseUrl: string; mailFrom: string; sub: SubscriptionRow; rendered: RenderedDigest; periodEnd: string; now: Date }): SendMailOptions {
  const { baseUrl, sub, rendered } = opts;
  return {
    from: opts.mailFrom,
    to: sub.email,
    subject: rendered.view.subject,
    text: rendered.text,
    html: rendered.html,
    // Mostly ASCII: quoted-printable, said up front so nodemailer need not scan each part to choose.
    textEncoding: 'quoted-printable',
    date: opts.now,
    // `prepared` headers go out as written, on one line: nodemailer folds at 76 characters, and
    // a folded List-Unsubscribe URL is one some providers misread and then offer no button for.
    headers: {
      'Message-ID': oneLine(digestMessageId(baseUrl, sub.id, opts.periodEnd)),
      // RFC 8058 one-click unsubscribe.
      'List-Unsubscribe': { prepared: true, value: `<${rendered.view.unsubscribeUrl}>` },
      'List-Unsubscribe-Post': { prepared: true, value: 'List-Unsubscribe=One-Click' },
      'List-Id': { prepared: true, value: `Policy Radar digest <digest.${mailDomain(baseUrl)}>` },
      // Out-of-office replies to a digest help nobody.
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
    },
  };
}
