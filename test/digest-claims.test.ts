// Periods left mid-send ('sending') by a run that may or may not be gone: resent exactly when
// their holder can no longer be sending them, never while it may still be. Each orphan is left
// in the ledger by the real claim a run makes; the holder is a real process (this one, a child
// that is alive or killed) or another host; the mail goes to a real SMTP server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { testContext } from './helpers/db.js';
import { storyItem, topics } from './helpers/seed.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { ingestItems } from '../src/pipeline/ingest.js';
import { upsertSources } from '../src/store/sources.js';
import { confirmSubscription, getSubscription, requestSubscription, unsubscribe } from '../src/store/subscriptions.js';
import { claimPeriod, ledgerFor, type ClaimOwner } from '../src/store/digest-ledger.js';
import { runDigests, MAX_INTERRUPTIONS } from '../src/digest/send-run.js';
import { processStart, CLAIM_LEASE_MS } from '../src/digest/claim-owner.js';
import { digestMessageId } from '../src/digest/message.js';
import { planPeriod } from '../src/digest/schedule.js';
import { smtpMailer } from '../src/digest/mailer.js';
import type { Db } from '../src/store/db.js';

const dayMs = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * dayMs);
const base = 'https://radar.example.org';
const runAt = at(200.5);
const minutes = (m: number) => new Date(runAt.getTime() + m * 60_000);
let smtp: TestSmtp;
before(async () => { smtp = await startSmtp(); });
after(() => smtp.close());

function world(): Db {
  const ctx = testContext(undefined, {}, () => at(200.2));
  upsertSources(ctx.db, [{ id: 'desk', name: 'Desk', kind: 'rss', url: 'https://example.org/feed', every: '1h', tier: 2, tags: [] }]);
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, topics.map((t, i) => storyItem(i, t, 200 + i * 0.02)));
  return ctx.db;
}

let emails = 0;
/** A confirmed subscriber whose due period a run claimed ('sending') at `claimedAt` and then never settled. */
function orphan(db: Db, owner: Partial<ClaimOwner> | null, claimedAt = minutes(-2)): { id: number; email: string } {
  const email = `orphan${emails++}@example.org`;
  const row = requestSubscription(db, email, { cadence: 'daily', filters: '{}', send_hour: 7, timezone: 'UTC' }, 'n', at(300).toISOString(), at(200.4).toISOString())!;
  confirmSubscription(db, row.id, 'n', at(200.4).toISOString());
  const sub = getSubscription(db, row.id)!;
  const period = planPeriod(sub, claimedAt.getTime())!;
  const full = { host: hostname(), pid: process.pid, run: `run-${email}`, procStart: processStart(process.pid), ...owner };
  assert.ok(claimPeriod(db, {
    subscriptionId: sub.id, expectedLastEnd: null, periodStart: period.start, periodEnd: period.end, nextDueAt: period.nextDueAt, status: 'sending',
    signalCount: 6, messageId: digestMessageId(base, sub.id, period.end), now: claimedAt.toISOString(), owner: full as ClaimOwner,
  }));
  // A claim made before owners were recorded (migration 008) has none.
  if (owner === null) db.prepare('UPDATE digest_ledger SET claim_host = NULL, claim_pid = NULL, claim_run = NULL, claim_proc_start = NULL WHERE subscription_id = ?').run(sub.id);
  return { id: sub.id, email };
}

async function send(db: Db, now: Date) {
  const mailer = smtpMailer(smtp.url, { pool: true });
  try {
    return await runDigests({ db, baseUrl: base, mailFrom: 'Policy Radar <radar@example.org>', mailer, now: () => now, retryDelaysMs: [10] });
  } finally {
    mailer.close();
  }
}

const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));
const status = (db: Db, id: number) => ledgerFor(db, id).map((r) => [r.status, r.interrupted]);

test('a claim held by a live process is left alone; once that process is killed, the period is resent once', async () => {
  const db = world();
  const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
  const exited = new Promise((r) => holder.on('exit', r));
  try {
    const o = orphan(db, { pid: holder.pid!, procStart: processStart(holder.pid!) });
    const early = await send(db, runAt);
    assert.deepEqual([early.sent, early.resumed], [0, 0]);
    assert.equal(mailsTo(o.email).length, 0, 'not sent while its holder may still be sending it');
    assert.deepEqual(status(db, o.id), [['sending', 0]]);
    // Even long after: a live holder on this host is never overtaken by the clock.
    assert.equal((await send(db, minutes(3 * 60))).stale, 1);
    assert.equal(mailsTo(o.email).length, 0);

    holder.kill('SIGKILL');
    await exited;
    const late = await send(db, minutes(5));
    assert.deepEqual([late.sent, late.resumed], [1, 1]);
    assert.deepEqual(status(db, o.id), [['sent', 1]]);
    const [mail] = mailsTo(o.email);
    assert.equal(mail!.parsed.messageId, ledgerFor(db, o.id)[0]!.message_id, 'resent under the Message-ID of the period');
    assert.equal((await send(db, minutes(6))).sent, 0);
    assert.equal(mailsTo(o.email).length, 1);
  } finally {
    holder.kill('SIGKILL');
  }
});

test('a pid now used by another process, an ended run of this process, and a process gone: resent at once', async () => {
  const db = world();
  const reused = orphan(db, { procStart: 'an earlier process with this pid' });
  const ended = orphan(db, {}); // this very process, a run id no longer running
  const gone = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => gone.on('exit', r));
  const dead = orphan(db, { pid: gone.pid!, procStart: '1' });
  const s = await send(db, runAt);
  assert.deepEqual([s.sent, s.resumed], [3, 3]);
  for (const o of [reused, ended, dead]) {
    assert.equal(mailsTo(o.email).length, 1, o.email);
    assert.deepEqual(status(db, o.id), [['sent', 1]]);
  }
});

test('a claim from another host, or from before owners were recorded, waits for the lease', async () => {
  const db = world();
  const remote = orphan(db, { host: 'another-host.example', pid: 4242 });
  const legacy = orphan(db, null);
  const within = await send(db, new Date(minutes(-2).getTime() + CLAIM_LEASE_MS - 60_000));
  assert.deepEqual([within.sent, within.resumed], [0, 0]);
  const past = await send(db, new Date(minutes(-2).getTime() + CLAIM_LEASE_MS + 60_000));
  assert.deepEqual([past.sent, past.resumed], [2, 2]);
  for (const o of [remote, legacy]) assert.deepEqual([mailsTo(o.email).length, ...status(db, o.id)[0]!], [1, 'sent', 1]);
});

test('two runs at once resend an orphan once', async () => {
  const db = world();
  const orphans = Array.from({ length: 12 }, () => orphan(db, { pid: 999_999_999 }));
  const [a, b] = await Promise.all([send(db, runAt), send(db, runAt)]);
  assert.equal(a.resumed + b.resumed, orphans.length);
  for (const o of orphans) assert.equal(mailsTo(o.email).length, 1, o.email);
});

test('a period whose runs keep dying is given up; one whose subscriber left is not resent', async () => {
  const db = world();
  const poison = orphan(db, { pid: 999_999_999 });
  db.prepare('UPDATE digest_ledger SET interrupted = ? WHERE subscription_id = ?').run(MAX_INTERRUPTIONS - 1, poison.id);
  const left = orphan(db, { pid: 999_999_999 });
  assert.ok(unsubscribe(db, left.id, runAt.toISOString()));
  const s = await send(db, runAt);
  assert.deepEqual([s.sent, s.failed], [0, 2]);
  assert.deepEqual(status(db, poison.id), [['failed', MAX_INTERRUPTIONS]]);
  assert.match(ledgerFor(db, poison.id)[0]!.last_error!, new RegExp(`interrupted ${MAX_INTERRUPTIONS} times`));
  assert.match(ledgerFor(db, left.id)[0]!.last_error!, /no longer active/);
  assert.equal(mailsTo(poison.email).length + mailsTo(left.email).length, 0);
  const later = await send(db, minutes(24 * 60));
  assert.equal(later.retried, 0, 'settled for good: not retried as an ordinary failure');
});
