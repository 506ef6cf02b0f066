// Subscribing with double opt-in against a real SMTP server: the confirmation mail, its
// single-use link, expiry, the manage page, and that no public route shows an address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { createApp } from '../src/http/app.js';
import { handleError } from '../src/http/errors.js';
import { digestRoutes } from '../src/http/digest/routes.js';
import { manageLink } from '../src/digest/links.js';
import { purgeExpiredPending, findSubscriptionByEmail } from '../src/store/subscriptions.js';
import { testContext } from './helpers/db.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import type { Db } from '../src/store/db.js';

const base = 'http://radar.test';
const token = 'test-admin-token-0123456789';
let smtp: TestSmtp;
before(async () => { smtp = await startSmtp(); });
after(() => smtp.close());

const post = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: p.toString() };
};
const path = (url: string) => url.slice(base.length);

function realApp(db: Db, smtpUrl: string | null = smtp.url) {
  return createApp({ db, knowledge: testContext(db).knowledge, baseUrl: base, adminToken: token, rateLimitPerMinute: 0, smtpUrl, mailFrom: 'Radar <radar@radar.test>', log: () => {} });
}

/** The digest routes alone, behind the app's error handler, with a clock the test moves. */
function clockApp(db: Db, clock: { now: number }) {
  return new Hono().onError((err, c) => handleError(err, c, () => {}))
    .route('/', digestRoutes({ db, config: { baseUrl: base, smtpUrl: smtp.url, mailFrom: 'radar@radar.test' }, adminToken: token, log: () => {}, now: () => new Date(clock.now) }));
}

async function nextMail(to: string) {
  const before = smtp.messages.length;
  await smtp.waitFor(smtp.recipients.length + 1);
  const m = smtp.messages.slice(before).find((x) => x.to.includes(to));
  assert.ok(m, `a mail to ${to}`);
  return m;
}
const linkIn = (text: string | undefined, kind: string) => new RegExp(`${base}/subscriptions/${kind}/[^\\s"<]+`).exec(text ?? '')?.[0];

test('double opt-in: the API answers 202, the mail carries a link that confirms once', async () => {
  const db = testContext().db;
  const app = realApp(db);
  const mailWait = nextMail('ana@example.org');
  const res = await app.request('/api/v1/subscriptions', post({
    email: 'ana@example.org', cadence: 'weekly', filters: { q: 'huawei', types: ['trade_restriction'], regions: ['us'] }, send_hour: 8, timezone: 'europe/berlin',
  }));
  assert.equal(res.status, 202);
  const body = await res.text();
  assert.doesNotMatch(body, /ana@/, 'the answer never repeats the address');
  assert.equal(JSON.parse(body).status, 'pending');
  const mail = await mailWait;
  assert.equal(mail.parsed.subject, 'Confirm your Policy Radar digest subscription');
  assert.ok(mail.parsed.html && mail.parsed.text, 'HTML and text parts');
  const link = linkIn(mail.parsed.text, 'confirm');
  assert.ok(link, mail.parsed.text);
  assert.ok(String(mail.parsed.html).includes(link!), 'the same link in the HTML part');

  const auth = { headers: { authorization: `Bearer ${token}` } };
  let [sub] = (await (await app.request('/api/v1/subscriptions', auth)).json()).items;
  assert.deepEqual([sub.status, sub.cadence, sub.send_hour, sub.timezone, sub.confirmed_at], ['pending', 'weekly', 8, 'Europe/Berlin', null]);
  assert.deepEqual(sub.filters, { q: 'huawei', types: ['trade_restriction'], regions: ['US'] });

  assert.equal((await app.request(path(link!), { method: 'HEAD' })).status, 200);
  assert.equal(findSubscriptionByEmail(db, 'ana@example.org')!.status, 'pending', 'a HEAD from a link checker confirms nothing');
  const page = await app.request(path(link!));
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Subscription confirmed/);
  assert.doesNotMatch(html, /ana@/);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  [sub] = (await (await app.request('/api/v1/subscriptions', auth)).json()).items;
  assert.equal(sub.status, 'confirmed');
  assert.ok(sub.confirmed_at);

  const again = await app.request(path(link!));
  assert.equal(again.status, 404, 'the link works once');
  assert.match(await again.text(), /not valid/);
  const forged = await app.request(path(link!.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'))));
  assert.equal(forged.status, 404);
  assert.equal((await app.request('/api/v1/subscriptions')).status, 401, 'the list of addresses is admin-only');
});

test('pending subscriptions expire after 7 days; a new request voids the earlier link', async () => {
  const db = testContext().db;
  const clock = { now: Date.parse('2025-05-01T10:00:00Z') };
  const app = clockApp(db, clock);
  let wait = nextMail('ben@example.org');
  assert.equal((await app.request('/api/v1/subscriptions', post({ email: 'ben@example.org' }))).status, 202);
  const first = linkIn((await wait).parsed.text, 'confirm')!;

  clock.now += 60_000;
  assert.equal((await app.request('/api/v1/subscriptions', post({ email: 'ben@example.org', cadence: 'weekly' }))).status, 202);
  assert.equal(findSubscriptionByEmail(db, 'ben@example.org')!.cadence, 'daily', 'a repeat within two minutes changes nothing and sends nothing');

  clock.now += 5 * 60_000;
  wait = nextMail('ben@example.org');
  assert.equal((await app.request('/api/v1/subscriptions', post({ email: 'ben@example.org', cadence: 'weekly' }))).status, 202);
  const second = linkIn((await wait).parsed.text, 'confirm')!;
  assert.notEqual(first, second);
  assert.equal((await app.request(path(first))).status, 404, 'the older link no longer confirms');

  clock.now += 8 * 86_400_000;
  const late = await app.request(path(second));
  assert.equal(late.status, 410);
  assert.match(await late.text(), /expired/);
  assert.equal(findSubscriptionByEmail(db, 'ben@example.org')!.status, 'pending');
  assert.equal(purgeExpiredPending(db, new Date(clock.now).toISOString()), 1);
  assert.equal(findSubscriptionByEmail(db, 'ben@example.org'), null, 'forgotten, so the address can start again');
});

test('an address already subscribed gets a manage link instead, and the API answers the same', async () => {
  const db = testContext().db;
  const clock = { now: Date.parse('2025-05-01T10:00:00Z') };
  const app = clockApp(db, clock);
  let wait = nextMail('cy@example.org');
  await app.request('/api/v1/subscriptions', post({ email: 'cy@example.org', filters: { entities: ['Huawei'] } }));
  assert.equal((await app.request(path(linkIn((await wait).parsed.text, 'confirm')!))).status, 200);
  clock.now += 10 * 60_000;
  wait = nextMail('cy@example.org');
  const res = await app.request('/api/v1/subscriptions', post({ email: 'CY@example.org', cadence: 'weekly', filters: {} }));
  assert.equal(res.status, 202);
  assert.equal((await res.json()).status, 'pending');
  const mail = await wait;
  assert.equal(mail.parsed.subject, 'Your Policy Radar digest subscription');
  assert.ok(linkIn(mail.parsed.text, 'manage'));
  const sub = findSubscriptionByEmail(db, 'cy@example.org')!;
  assert.deepEqual([sub.status, sub.cadence, sub.filters], ['confirmed', 'daily', '{"entities":["Huawei"]}'], 'a stranger cannot change a confirmed subscription');
});

test('bad requests are 400s that name the field; without SMTP the API says so with 503', async () => {
  const db = testContext().db;
  const app = realApp(db);
  const cases: [unknown, RegExp][] = [
    [{ email: 'not-an-address' }, /email/],
    [{ email: 'a@example.org', timezone: 'Mars/Olympus' }, /timezone/],
    [{ email: 'a@example.org', send_hour: 24 }, /send_hour/],
    [{ email: 'a@example.org', cadence: 'hourly' }, /cadence/],
    [{ email: 'a@example.org', filters: { types: ['war'] } }, /filters\.types/],
    [{ email: 'a@example.org', filters: { regions: ['Europe'] } }, /filters\.regions/],
    [{ email: 'a@example.org', filters: { q: '-samsung' } }, /q:/],
    [{ email: 'a@example.org', extra: 1 }, /extra/],
  ];
  for (const [body, message] of cases) {
    const res = await app.request('/api/v1/subscriptions', post(body));
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.match((await res.json()).error.message, message);
  }
  assert.equal((await app.request('/api/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status, 415);
  const off = await realApp(db, null).request('/api/v1/subscriptions', post({ email: 'a@example.org' }));
  assert.equal(off.status, 503);
  assert.equal((await off.json()).error.code, 'mail_disabled');
  assert.equal(findSubscriptionByEmail(db, 'a@example.org'), null, 'nothing stored for a request that cannot be confirmed');
});

test('the manage page changes filters, cadence, hour and zone, or leaves', async () => {
  const db = testContext().db;
  const app = realApp(db);
  const wait = nextMail('dee@example.org');
  await app.request('/api/v1/subscriptions', post({ email: 'dee@example.org' }));
  await app.request(path(linkIn((await wait).parsed.text, 'confirm')!));
  const id = findSubscriptionByEmail(db, 'dee@example.org')!.id;
  const manage = path(manageLink(db, base, id));
  const page = await app.request(manage);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<form method="post" action="\/subscriptions\/manage\//);
  assert.doesNotMatch(html, /dee@/);

  const saved = await app.request(manage, form({ action: 'save', cadence: 'weekly', send_hour: '18', timezone: 'America/New_York', q: 'chips', entities: 'Huawei, SMIC', regions: 'us, cn', types: ['trade_restriction', 'regulation'] }));
  assert.equal(saved.status, 200);
  assert.match(await saved.text(), /Saved/);
  const sub = findSubscriptionByEmail(db, 'dee@example.org')!;
  assert.deepEqual([sub.cadence, sub.send_hour, sub.timezone], ['weekly', 18, 'America/New_York']);
  assert.deepEqual(JSON.parse(sub.filters), { q: 'chips', entities: ['Huawei', 'SMIC'], types: ['trade_restriction', 'regulation'], regions: ['US', 'CN'] });

  const bad = await app.request(manage, form({ action: 'save', cadence: 'daily', send_hour: '7', timezone: 'Nowhere/Land' }));
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /IANA time zone/);
  assert.equal(findSubscriptionByEmail(db, 'dee@example.org')!.cadence, 'weekly', 'a bad form changes nothing');

  const left = await app.request(manage, form({ action: 'leave' }));
  assert.equal(left.status, 200);
  assert.equal(findSubscriptionByEmail(db, 'dee@example.org')!.status, 'unsubscribed');
  assert.match(await (await app.request(manage)).text(), /No active subscription/);
  assert.equal((await app.request(manage.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAA'))).status, 404);
});

test('fifty simultaneous requests for one address send one confirmation mail', async () => {
  const db = testContext().db;
  const app = realApp(db);
  const before = smtp.recipients.filter((r) => r.includes('rush@example.org')).length;
  const answers = await Promise.all(Array.from({ length: 50 }, () => app.request('/api/v1/subscriptions', post({ email: 'rush@example.org', cadence: 'daily', filters: {} }))));
  assert.ok(answers.every((r) => r.status === 202));
  await smtp.waitFor(smtp.recipients.length); // whatever was sent has arrived by now
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(smtp.recipients.filter((r) => r.includes('rush@example.org')).length - before, 1);
});

test('an id is never given out twice: a departed subscriber\'s old link cannot open the next person\'s subscription', async () => {
  const { requestSubscription, purgeExpiredPending } = await import('../src/store/subscriptions.js');
  const { manageLink, openLink } = await import('../src/digest/links.js');
  const db = testContext().db;
  const prefs = { cadence: 'daily' as const, filters: '{}', send_hour: 7, timezone: 'UTC' };
  const first = requestSubscription(db, 'old@example.org', prefs, 'n1', '2024-01-08T00:00:00.000Z', '2024-01-01T00:00:00.000Z')!;
  const oldLink = manageLink(db, base, first.id);
  assert.equal(purgeExpiredPending(db, '2024-02-01T00:00:00.000Z'), 1);
  const next = requestSubscription(db, 'new@example.org', prefs, 'n2', '2024-02-08T00:00:00.000Z', '2024-02-01T00:00:00.000Z')!;
  assert.notEqual(next.id, first.id);
  assert.equal(openLink(db, 'manage', oldLink.split('/').pop()!, Date.parse('2024-02-02')).kind, 'invalid');
});
