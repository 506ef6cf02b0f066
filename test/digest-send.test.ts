// Sending digests to a real SMTP server and reading them back with mailparser: the message and
// its headers, one-click unsubscribe, the ledger (never twice), retries, bounces, and a relay
// that fails midway.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testContext } from './helpers/db.js';
import { storyItem, topics } from './helpers/seed.js';
import { startSmtp, rawHeaders, type TestSmtp } from './helpers/smtp.js';
import { ingestItems } from '../src/pipeline/ingest.js';
import { upsertSources } from '../src/store/sources.js';
import { confirmSubscription, findSubscriptionByEmail, requestSubscription, type Preferences } from '../src/store/subscriptions.js';
import { ledgerFor } from '../src/store/digest-ledger.js';
import { runDigests, type RunOptions } from '../src/digest/send-run.js';
import { smtpMailer } from '../src/digest/mailer.js';
import { createApp } from '../src/http/app.js';
import { startDigestJob } from '../src/jobs/digest.js';
import { quietLogger } from '../src/pipeline/context.js';
import type { Db } from '../src/store/db.js';
import type { PipelineContext } from '../src/pipeline/context.js';

const dayMs = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * dayMs);
const base = 'https://policy-radar-intelligence-feed.internal.example-organisation.org';
const token = 'test-admin-token-0123456789';
let smtp: TestSmtp;
before(async () => { smtp = await startSmtp(); });
after(() => smtp.close());

let clock = at(200.2);
function world(): PipelineContext {
  clock = at(200.2);
  const ctx = testContext(undefined, {}, () => clock);
  upsertSources(ctx.db, [{ id: 'desk', name: 'Desk', kind: 'rss', url: 'https://example.org/feed', every: '1h', tier: 2, tags: [] }]);
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, topics.map((t, i) => storyItem(i, t, 200 + i * 0.02)));
  return ctx;
}

function subscriber(db: Db, email: string, p: Partial<Preferences> = {}, confirmedAt = at(200.4)): number {
  const prefs: Preferences = { cadence: 'daily', filters: '{}', send_hour: 7, timezone: 'UTC', ...p };
  const row = requestSubscription(db, email, prefs, 'nonce', at(300).toISOString(), confirmedAt.toISOString())!;
  assert.ok(confirmSubscription(db, row.id, 'nonce', confirmedAt.toISOString()));
  return row.id;
}

async function run(db: Db, now: Date, o: Partial<RunOptions> = {}) {
  const mailer = smtpMailer(smtp.url, { pool: true });
  try {
    return await runDigests({ db, baseUrl: base, mailFrom: 'Policy Radar <radar@example.org>', mailer, now: () => now, retryDelaysMs: [10, 20], ...o });
  } finally {
    mailer.close();
  }
}

const mailsTo = (to: string) => smtp.messages.filter((m) => m.to.includes(to));

test('a digest has both parts, the date and count in the subject, and every header on one line', async () => {
  const { db } = world();
  subscriber(db, 'hdr@example.org');
  const s = await run(db, at(200.5));
  assert.deepEqual([s.due, s.sent, s.failed], [1, 1, 0]);
  const [m] = mailsTo('hdr@example.org');
  assert.ok(m);
  const headers = rawHeaders(m.raw);
  const unsub = /^List-Unsubscribe: <(https:\/\/[^>\s]+)>\r?$/m.exec(headers);
  assert.ok(unsub, `List-Unsubscribe with an https URL on one line:\n${headers}`);
  assert.ok(unsub[0].length > 100, 'long enough that folding would have split it');
  assert.match(headers, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
  assert.doesNotMatch(headers, /^(List-Unsubscribe(-Post)?|Message-ID|List-ID|Date):.*\r\n[ \t]/m, 'not folded');
  assert.match(headers, /^Message-ID: <digest\.\d+\.[0-9a-z]+@policy-radar-intelligence-feed\.internal\.example-organisation\.org>\r?$/m);
  assert.match(headers, /^Date: Fri, 19 Jul 2024 12:00:00 \+0000\r?$/m);
  assert.match(headers, /^List-ID: Policy Radar digest <digest\.policy-radar-intelligence-feed\.internal\.example-organisation\.org>\r?$/m);
  assert.match(headers, /^Date: .+\r?$/m);
  assert.equal(m.parsed.subject, 'Policy Radar daily digest for Fri, 19 Jul 2024: 6 new signals');
  assert.match(m.parsed.from?.text ?? '', /Policy Radar"? <radar@example.org>/);
  assert.match(m.parsed.to?.text ?? '', /hdr@example.org/);
  assert.match(headers, /^Content-Type: multipart\/alternative;/m);

  const html = String(m.parsed.html);
  const text = m.parsed.text ?? '';
  assert.ok(Buffer.byteLength(html) < 100 * 1024, `HTML part ${Buffer.byteLength(html)} bytes`);
  assert.match(html, /<table role="presentation"/);
  assert.match(html, /prefers-color-scheme: dark/);
  assert.match(html, /<meta name="color-scheme" content="light dark">/);
  assert.doesNotMatch(html, /<script|<img|<link /i);
  for (const t of topics) {
    assert.ok(text.includes(t), `text part has "${t}"`);
    assert.ok(html.includes(t), `HTML part has "${t}"`);
  }
  assert.match(text, new RegExp(`${base}/signals/\\d+`));
  assert.match(text, /Likely next: .+\(p = 0\.\d\d\)/);
  assert.ok(text.includes(unsub[1]!) && html.includes(unsub[1]!), 'the unsubscribe link is in both parts');
});

test('one-click unsubscribe: POST to the List-Unsubscribe URL unsubscribes, GET only asks', async () => {
  const ctx = world();
  subscriber(ctx.db, 'leave@example.org');
  await run(ctx.db, at(200.5));
  const [m] = mailsTo('leave@example.org');
  const url = /^List-Unsubscribe: <([^>]+)>/m.exec(rawHeaders(m!.raw))![1]!;
  const app = createApp({ db: ctx.db, knowledge: ctx.knowledge, baseUrl: base, adminToken: token, rateLimitPerMinute: 0, log: () => {} });
  const path = url.slice(base.length);

  const get = await app.request(path);
  assert.equal(get.status, 200);
  const page = await get.text();
  assert.match(page, /<form method="post" action="\/subscriptions\/unsubscribe\/[^"]+">/);
  assert.equal(findSubscriptionByEmail(ctx.db, 'leave@example.org')!.status, 'confirmed', 'a GET (a mail scanner) changes nothing');

  const post = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  assert.equal(post.status, 200);
  assert.match(await post.text(), /unsubscribed/);
  assert.equal(findSubscriptionByEmail(ctx.db, 'leave@example.org')!.status, 'unsubscribed');
  assert.equal((await app.request(path, { method: 'POST' })).status, 200, 'a second POST is harmless');

  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [storyItem(40, 'Brazil blocks an AI chatbot over data rules', 201)]);
  const next = await run(ctx.db, at(201.5));
  assert.equal(next.due, 0);
  assert.equal(mailsTo('leave@example.org').length, 1);
});

test('a second run mails nobody twice; no match, no mail, unless the operator asks; later digests at the hour', async () => {
  const ctx = world();
  const { db } = ctx;
  subscriber(db, 'twice@example.org', { filters: '{"types":["trade_restriction"]}', send_hour: 9, timezone: 'Europe/Berlin' });
  const quiet = subscriber(db, 'quiet@example.org', { filters: '{"regions":["BR"]}' });
  const first = await run(db, at(200.5));
  assert.deepEqual([first.sent, first.empty], [1, 1]);
  const again = await run(db, at(200.5));
  assert.deepEqual([again.due, again.sent], [0, 0]);
  assert.equal(mailsTo('twice@example.org').length, 1);
  assert.equal(mailsTo('quiet@example.org').length, 0);
  assert.deepEqual(ledgerFor(db, quiet).map((l) => l.status), ['empty']);
  const twice = findSubscriptionByEmail(db, 'twice@example.org')!;
  assert.equal(twice.next_due_at, '2024-07-20T07:00:00.000Z', '09:00 in Berlin (CEST)');
  assert.match(mailsTo('twice@example.org')[0]!.parsed.subject!, /: 2 new signals$/);

  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [storyItem(41, 'Netherlands tightens ASML export licence rules', 200.8)]);
  assert.equal((await run(db, new Date('2024-07-20T06:59:00Z'))).sent, 0, 'not before the hour');
  const later = await run(db, new Date('2024-07-20T07:03:00Z'));
  assert.equal(later.sent, 1);
  const second = mailsTo('twice@example.org')[1]!;
  assert.match(second.parsed.subject!, /for Sat, 20 Jul 2024: 1 new signal$/);
  assert.match(second.parsed.text!, /ASML/);
  assert.deepEqual(ledgerFor(db, twice.id).map((l) => [l.period_start, l.period_end, l.status]), [
    ['2024-07-18T12:00:00.000Z', '2024-07-19T12:00:00.000Z', 'sent'],
    ['2024-07-19T12:00:00.000Z', '2024-07-20T07:00:00.000Z', 'sent'],
  ], 'periods follow one another with no gap and no overlap');

  const loud = subscriber(db, 'loud@example.org', { filters: '{"regions":["BR"]}' }, at(201.4));
  const sendEmpty = await run(db, at(201.5), { sendEmpty: true });
  assert.ok(sendEmpty.sent >= 1);
  assert.match(mailsTo('loud@example.org')[0]!.parsed.subject!, /: 0 new signals$/);
  assert.equal(ledgerFor(db, loud)[0]!.status, 'sent');
});

test('a 4xx reply is retried with back-off and then delivered once', async () => {
  const { db } = world();
  const id = subscriber(db, 'retry@example.org');
  let refused = 0;
  smtp.verdict = (_n, to) => (to.includes('retry@example.org') && refused++ < 2 ? { code: 451, message: 'greylisted, try again later' } : 'accept');
  try {
    const s = await run(db, at(200.5));
    assert.deepEqual([s.sent, s.failed, s.bounced], [1, 0, 0]);
  } finally {
    smtp.verdict = () => 'accept';
  }
  assert.equal(mailsTo('retry@example.org').length, 1);
  const [row] = ledgerFor(db, id);
  assert.deepEqual([row!.status, row!.attempts, row!.last_error], ['sent', 3, null]);
});

// Unrelated events, so clustering keeps them apart.
const dailyNews = ['Chile fines a ride-hailing company over driver data', 'Kenya suspends a cryptocurrency exchange licence',
  'Peru passes a law on facial recognition in schools', 'Ghana sues a telecom operator over outages'];

test('a 5xx reply is a bounce; after three in a row the subscriber gets nothing more', async () => {
  const ctx = world();
  const id = subscriber(ctx.db, 'gone@example.org');
  smtp.verdict = (_n, to) => (to.includes('gone@example.org') ? { code: 550, message: 'mailbox unavailable' } : 'accept');
  try {
    for (let d = 0; d < 4; d++) {
      clock = at(200.6 + d); // crawled as it is published
      ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [storyItem(60 + d, dailyNews[d]!, 200.6 + d)]);
      const s = await run(ctx.db, new Date(at(200.5 + d).getTime() + 60_000));
      assert.equal(s.bounced, d < 3 ? 1 : 0, `day ${d}`);
      assert.equal(s.due, d < 3 ? 1 : 0, `day ${d}`);
    }
  } finally {
    smtp.verdict = () => 'accept';
  }
  const rows = ledgerFor(ctx.db, id);
  assert.deepEqual(rows.map((r) => r.status), ['bounced', 'bounced', 'bounced']);
  assert.match(rows[0]!.last_error!, /550/);
  assert.equal(findSubscriptionByEmail(ctx.db, 'gone@example.org')!.bounce_count, 3);
  assert.equal(mailsTo('gone@example.org').length, 0);
});

test('a relay that fails midway: the next run finishes the rest, and nobody gets two', async () => {
  const { db } = world();
  const emails = Array.from({ length: 60 }, (_, i) => `mid${i}@example.org`);
  for (const e of emails) subscriber(db, e);
  let accepted = 0;
  smtp.verdict = () => (accepted < 8 ? (accepted++, 'accept') : { code: 421, message: 'service shutting down' });
  let first;
  try {
    first = await run(db, at(200.5), { retryDelaysMs: [5] });
  } finally {
    smtp.verdict = () => 'accept';
  }
  assert.equal(first.sent, 8);
  assert.ok(first.failed >= 5, `failed ${first.failed}`);
  assert.ok(first.sent + first.failed < emails.length, 'the run stopped claiming once the relay was clearly down');
  const resumed = await run(db, new Date(at(200.5).getTime() + 20 * 60_000));
  assert.equal(resumed.retried, first.failed);
  assert.equal(first.sent + resumed.sent, emails.length);
  const third = await run(db, new Date(at(200.5).getTime() + 60 * 60_000));
  assert.equal(third.sent, 0);
  const got = smtp.recipients.filter((r) => r.startsWith('mid'));
  assert.equal(got.length, emails.length, 'everyone once');
  assert.equal(new Set(got).size, got.length, 'nobody twice');
  for (const e of emails) assert.equal(ledgerFor(db, findSubscriptionByEmail(db, e)!.id)[0]!.status, 'sent', e);
});

test('the operator previews a digest in the browser (admin only); nothing is sent or recorded', async () => {
  const ctx = world();
  const id = subscriber(ctx.db, 'peek@example.org', { filters: '{"types":["enforcement"]}' });
  const app = createApp({ db: ctx.db, knowledge: ctx.knowledge, baseUrl: base, adminToken: token, rateLimitPerMinute: 0, log: () => {} });
  const auth = { headers: { authorization: `Bearer ${token}` } };
  // The preview covers the 24 hours before now; the seeded signals are from July 2024, so
  // move the subscriber's last digest back to just before them.
  ctx.db.prepare('UPDATE subscriptions SET last_period_end = ? WHERE id = ?').run(at(199).toISOString(), id);
  const res = await app.request(`/api/v1/subscriptions/${id}/preview`, auth);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  const html = await res.text();
  assert.match(html, /Italy fines OpenAI/);
  assert.doesNotMatch(html, /Huawei/);
  const text = await (await app.request(`/api/v1/subscriptions/${id}/preview?format=text`, auth)).text();
  assert.match(text, /== Enforcement \(1\) ==/);
  assert.equal((await app.request(`/api/v1/subscriptions/${id}/preview`)).status, 401);
  assert.equal((await app.request('/api/v1/subscriptions/999/preview', auth)).status, 404);
  assert.equal((await app.request(`/api/v1/subscriptions/${id}/preview?format=pdf`, auth)).status, 400);
  assert.deepEqual(ledgerFor(ctx.db, id), []);
  assert.equal(mailsTo('peek@example.org').length, 0);
});

test('the scheduled job forgets stale pending subscriptions and sends what is due, one run at a time', async () => {
  const { db } = world();
  subscriber(db, 'job@example.org');
  requestSubscription(db, 'stale@example.org', { cadence: 'daily', filters: '{}', send_hour: 7, timezone: 'UTC' }, 'n2', at(190).toISOString(), at(183).toISOString());
  const job = startDigestJob({
    db, config: { baseUrl: base, smtpUrl: smtp.url, mailFrom: 'radar@example.org', digestSendEmpty: false }, log: quietLogger,
    cronExpression: '0 0 1 1 *', now: () => at(200.5),
  });
  try {
    const [a, b] = [job.tick(), job.tick()];
    assert.equal(a, b, 'a tick while a run is going joins it');
    const s = await a;
    assert.equal(s?.sent, 1);
    assert.equal(findSubscriptionByEmail(db, 'stale@example.org'), null);
    assert.equal(mailsTo('job@example.org').length, 1);
    assert.equal((await job.tick())?.sent, 0);
  } finally {
    await job.stop();
  }
});

test("one subscriber's bad data does not stop the others' digests", async () => {
  const { db } = world();
  const broken = subscriber(db, 'broken@example.org');
  db.prepare("UPDATE subscriptions SET timezone = 'Mars/Olympus_Mons', last_period_end = ? WHERE id = ?").run(at(199.5).toISOString(), broken);
  subscriber(db, 'fine@example.org');
  const s = await run(db, at(200.5));
  assert.equal(s.sent, 1);
  assert.equal(mailsTo('fine@example.org').length, 1);
  assert.equal(s.errors.length, 1);
  assert.match(s.errors[0]!, new RegExp(`^subscription ${broken}: `));
});
