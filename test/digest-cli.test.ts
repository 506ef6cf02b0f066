// `radar digest send [--dry-run]` and `radar digest preview --email` as an operator runs them,
// against a file database and a real SMTP server, including a send killed with SIGKILL midway
// (twice) and rerun: each subscriber still ends with exactly one digest for the period.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRadar, waitFor } from './helpers/spawn.js';
import { projectRoot } from './helpers/corpora.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { testContext } from './helpers/db.js';
import { storyItem, topics } from './helpers/seed.js';
import { openDatabase } from '../src/store/db.js';
import { ingestItems } from '../src/pipeline/ingest.js';
import { upsertSources } from '../src/store/sources.js';
import { confirmSubscription, requestSubscription } from '../src/store/subscriptions.js';

const dir = mkdtempSync(join(tmpdir(), 'radar-digest-cli-'));
let smtp: TestSmtp;
before(async () => { smtp = await startSmtp(); });
after(() => smtp.close());

/** A database file with today's signals (through the real ingest path) and confirmed subscribers. */
function seedDb(name: string, subscribers: { email: string; filters?: object }[]): string {
  const path = join(dir, `${name}.sqlite`);
  const db = openDatabase(path);
  const ctx = testContext(db);
  upsertSources(db, [{ id: 'desk', name: 'Desk', kind: 'rss', url: 'https://example.org/feed', every: '1h', tier: 2, tags: [] }]);
  const now = Date.now();
  ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, topics.map((t, i) => ({ ...storyItem(i, t), publishedAt: new Date(now - (3 - i * 0.2) * 3_600_000).toISOString() })));
  const stamp = new Date(now).toISOString();
  db.transaction(() => {
    for (const s of subscribers) {
      const row = requestSubscription(db, s.email, { cadence: 'daily', filters: JSON.stringify(s.filters ?? {}), send_hour: 7, timezone: 'Europe/Berlin' }, 'n', new Date(now + 86_400_000).toISOString(), stamp)!;
      confirmSubscription(db, row.id, 'n', stamp);
    }
  })();
  db.close();
  return path;
}

const envFor = (db: string, smtpUrl: string | null = smtp.url) => ({ RADAR_DB: db, RADAR_BASE_URL: 'https://radar.example.org', RADAR_MAIL_FROM: 'Radar <radar@example.org>', RADAR_SMTP_URL: smtpUrl ?? '' });

interface LedgerLine { email: string; status: string; message_id: string; interrupted: number; claim_pid: number }

function ledgerRows(db: string): LedgerLine[] {
  const d = openDatabase(db);
  try {
    return d.prepare('SELECT s.email, l.status, l.message_id, l.interrupted, l.claim_pid FROM digest_ledger l JOIN subscriptions s ON s.id = l.subscription_id ORDER BY s.id').all() as LedgerLine[];
  } finally {
    d.close();
  }
}

function ledger(db: string): { email: string; status: string }[] {
  const d = openDatabase(db);
  try {
    return d.prepare('SELECT s.email, l.status FROM digest_ledger l JOIN subscriptions s ON s.id = l.subscription_id ORDER BY s.id').all() as { email: string; status: string }[];
  } finally {
    d.close();
  }
}

test('radar digest send --dry-run lists what would go out and sends and records nothing; preview prints one digest', { timeout: 60_000 }, async () => {
  const db = seedDb('dry', [{ email: 'all@example.org' }, { email: 'huawei@example.org', filters: { entities: ['huawei'] } }, { email: 'none@example.org', filters: { regions: ['BR'] } }]);
  const env = envFor(db);
  const before = smtp.recipients.length;
  const dry = await runRadar(['digest', 'send', '--dry-run'], env);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /would send to all@example\.org \(subscription 1\): "Policy Radar daily digest for .+: 6 new signals" \(6 signals/);
  assert.match(dry.stdout, /would send to huawei@example\.org .*: 1 new signal"/);
  assert.doesNotMatch(dry.stdout, /none@example\.org/);
  assert.match(dry.stdout, /dry run: 2 digests would be sent, 1 due with nothing new; nothing was sent or recorded/);
  assert.equal(smtp.recipients.length, before);
  assert.deepEqual(ledger(db), []);

  const preview = await runRadar(['digest', 'preview', '--email', 'huawei@example.org'], env);
  assert.equal(preview.code, 0, preview.stderr);
  assert.match(preview.stdout, /^Subject: Policy Radar daily digest for .+: 1 new signal\n/);
  assert.match(preview.stdout, /US adds Huawei to entity list/);
  assert.doesNotMatch(preview.stdout, /Samsung/);
  assert.match(preview.stdout, /https:\/\/radar\.example\.org\/subscriptions\/unsubscribe\//);
  const html = await runRadar(['digest', 'preview', '--email', 'all@example.org', '--html'], env);
  assert.match(html.stdout, /^<!DOCTYPE html>/);
  const unknown = await runRadar(['digest', 'preview', '--email', 'nobody@example.org'], env);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no subscription for nobody@example\.org/);
  const usage = await runRadar(['digest', 'preview'], env);
  assert.equal(usage.code, 2);
  const noSmtp = await runRadar(['digest', 'send'], envFor(db, null));
  assert.equal(noSmtp.code, 2);
  assert.match(noSmtp.stderr, /RADAR_SMTP_URL/);
});

test('radar digest send mails what is due once; a second send mails nobody', { timeout: 60_000 }, async () => {
  const db = seedDb('send', [{ email: 'one@example.org' }, { email: 'two@example.org', filters: { types: ['litigation'] } }, { email: 'three@example.org', filters: { regions: ['BR'] } }]);
  const env = envFor(db);
  const first = await runRadar(['digest', 'send'], env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /digest: 3 due; 2 sent, 1 with nothing new \(no email\), 0 to retry later, 0 bounced/);
  const second = await runRadar(['digest', 'send'], env);
  assert.match(second.stdout, /digest: 0 due; 0 sent/);
  assert.equal(smtp.recipients.filter((r) => r === 'one@example.org').length, 1);
  assert.equal(smtp.recipients.filter((r) => r === 'two@example.org').length, 1);
  assert.deepEqual(ledger(db).map((l) => l.status), ['sent', 'sent', 'empty']);
});

/** Starts `radar digest send` and SIGKILLs it once `ready()` holds; fails if the run ended first. */
async function killSendWhen(env: Record<string, string>, ready: () => boolean, what: string): Promise<void> {
  const child = spawn(process.execPath, [join(projectRoot, 'bin/radar.js'), 'digest', 'send'], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
  await waitFor(ready, 30_000, what);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', `the run was still going when killed (${what})`);
  await new Promise((r) => setTimeout(r, 200)); // let the relay answer the DATA it had already received
}

test('a send killed with SIGKILL twice midway, then rerun: each subscriber has exactly one digest for the period', { timeout: 90_000 }, async () => {
  const n = 150;
  const emails = Array.from({ length: n }, (_, i) => `crash${i}@example.org`);
  const db = seedDb('crash', emails.map((email) => ({ email })));
  const env = envFor(db);
  const mails = () => smtp.messages.filter((m) => m.to.some((t) => t.startsWith('crash')));
  const reached = () => new Set(mails().flatMap((m) => m.to)).size;
  const inFlight = () => ledgerRows(db).filter((r) => r.status === 'sending').length;
  smtp.delayMs = 15; // a relay slow enough to be caught mid-run
  let orphaned: number[];
  try {
    await killSendWhen(env, () => reached() >= 40, '40 subscribers reached');
    const first = reached();
    orphaned = [inFlight()];
    // The second run starts with what the first left mid-send, so kill it once it has gone further.
    await killSendWhen(env, () => reached() >= first + 40, `${first + 40} subscribers reached`);
    orphaned.push(inFlight());
  } finally {
    smtp.delayMs = 0;
  }
  assert.ok(reached() < n, `killed before the end (${reached()} of ${n})`);
  assert.ok(orphaned.every((k) => k > 0), `each kill left digests claimed mid-send (${orphaned.join(', ')}): the case under test`);

  const resumed = await runRadar(['digest', 'send'], env);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`\n  ${orphaned[1]} digests left mid-send by a run that died were sent again \\(same Message-ID\\)`));

  // The ledger: one row per subscriber for the period, every one sent.
  const rows = ledgerRows(db);
  assert.equal(rows.length, n);
  assert.equal(new Set(rows.map((r) => r.email)).size, n, 'one period per subscriber');
  assert.ok(rows.every((r) => r.status === 'sent'), `all sent: ${JSON.stringify(rows.filter((r) => r.status !== 'sent').slice(0, 3))}`);
  assert.ok(rows.filter((r) => r.interrupted > 0).length >= orphaned[1]!, 'the periods a dead run held are marked as interrupted');

  // The relay: every subscriber got the digest for the period, exactly one distinct message
  // (one Message-ID, the ledger's). A second copy exists only where the relay had taken the
  // message in just as its sender was killed, before the sender could record it: no SMTP client
  // can know, so the period is resent under the same Message-ID, which many providers and mail
  // clients de-duplicate.
  const ids = (m: { parsed: { messageId?: string } }) => (m.parsed.messageId ?? '').replace(/^<|>$/g, '');
  let copies = 0;
  for (const r of rows) {
    const got = mails().filter((m) => m.to.includes(r.email));
    assert.ok(got.length >= 1, `${r.email} got its digest`);
    assert.deepEqual([...new Set(got.map(ids))], [r.message_id.replace(/^<|>$/g, '')], `${r.email}: one digest, under the ledger's Message-ID`);
    assert.equal(new Set(got.map((m) => m.parsed.subject)).size, 1, `${r.email}: one period`);
    if (got.length > 1) assert.ok(r.interrupted > 0, `${r.email}: a second copy only for a period a dead run held`);
    copies += got.length - 1;
  }
  // At most the messages on the pool's 5 connections at each kill.
  assert.ok(copies <= 5 * orphaned.length, `second copies at the relay: ${copies}`);

  const again = await runRadar(['digest', 'send'], env);
  assert.match(again.stdout, /digest: 0 due; 0 sent/);
  assert.doesNotMatch(again.stdout, /sent again/);
  assert.equal(mails().length, n + copies);
  console.log(`# SIGKILL x2: ${orphaned.join(' + ')} digests claimed mid-send at the kills, all resent; ${copies} second copies (same Message-ID) at the relay`);
});

test('two sends at once: the second leaves the first one\'s claims alone, and everyone gets one message', { timeout: 60_000 }, async () => {
  const n = 150;
  const emails = Array.from({ length: n }, (_, i) => `both${i}@example.org`);
  const db = seedDb('both', emails.map((email) => ({ email })));
  const env = envFor(db);
  const got = () => smtp.recipients.filter((r) => r.startsWith('both'));
  smtp.delayMs = 250; // slow enough (20 messages a second) that the second run starts while the first is claiming
  try {
    const first = spawn(process.execPath, [join(projectRoot, 'bin/radar.js'), 'digest', 'send'], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: 'ignore' });
    const firstDone = new Promise<number | null>((r) => first.on('exit', (code) => r(code)));
    await waitFor(() => got().length >= 10, 30_000, 'the first send under way');
    // The second run sees the first one's periods in 'sending', held by a live process: not its to send.
    const second = await runRadar(['digest', 'send'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /sent again/);
    assert.equal(await firstDone, 0);
  } finally {
    smtp.delayMs = 0;
  }
  const received = got();
  assert.equal(received.length, n, 'everyone got a message');
  assert.equal(new Set(received).size, n, 'nobody got two');
  const rows = ledgerRows(db);
  assert.ok(rows.every((r) => r.status === 'sent' && r.interrupted === 0));
  assert.equal(new Set(rows.map((r) => r.claim_pid)).size, 2, 'both runs claimed periods, so they overlapped');
});
