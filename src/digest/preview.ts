// What a subscriber's next digest would look like if it went out now: for the operator's web
// preview and `radar digest preview`. Reads only; nothing is claimed or sent.
import type { Db } from '../store/db.js';
import type { SubscriptionRow } from '../store/subscriptions.js';
import { DigestComposer, type DigestContent } from './compose.js';
import { readFilters } from './input.js';
import { previewPeriod } from './schedule.js';
import { renderDigest, type RenderedDigest } from './message.js';

export function previewDigest(db: Db, baseUrl: string, sub: SubscriptionRow, now = new Date()): RenderedDigest & { content: DigestContent } {
  const content = new DigestComposer(db).compose(readFilters(sub.filters), previewPeriod(sub, now.getTime()));
  return { ...renderDigest(db, baseUrl, sub, content), content };
}
