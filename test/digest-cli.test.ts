// `radar digest send [--dry-run]` and `radar digest preview --email` as an operator runs them,
// against a file database and a real SMTP server, including a send killed with SIGKILL midway.
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

test('a send killed with SIGKILL midway: the next run finishes the rest and mails nobody twice', { timeout: 90_000 }, async () => {
  const n = 150;
  const emails = Array.from({ length: n }, (_, i) => `crash${i}@example.org`);
  const db = seedDb('crash', emails.map((email) => ({ email })));
  const env = envFor(db);
  smtp.delayMs = 15; // a relay slow enough to be caught mid-run
  const got = () => smtp.recipients.filter((r) => r.startsWith('crash'));
  try {
    const child = spawn(process.execPath, [join(projectRoot, 'bin/radar.js'), 'digest', 'send'], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    await waitFor(() => got().length >= 40, 30_000, '40 digests delivered');
    child.kill('SIGKILL');
    await exited;
  } finally {
    smtp.delayMs = 0;
  }
  await new Promise((r) => setTimeout(r, 200)); // let the server finish the DATA it was answering
  const beforeResume = got().length;
  assert.ok(beforeResume < n, `killed before the end (${beforeResume} of ${n})`);

  const resumed = await runRadar(['digest', 'send'], env);
  assert.equal(resumed.code, 0, resumed.stderr);
  const rows = ledger(db);
  const stuck = rows.filter((r) => r.status === 'sending');
  assert.ok(stuck.length <= 8, `at most the digests in flight at the kill are left unsent (${stuck.length})`);
  assert.equal(rows.length, n, 'every subscriber has this period in the ledger');
  assert.ok(rows.every((r) => r.status === 'sent' || r.status === 'sending'));
  const received = got();
  assert.equal(new Set(received).size, received.length, 'nobody got two');
  for (const r of rows.filter((x) => x.status === 'sent')) assert.ok(received.includes(r.email), `${r.email} got its digest`);
  assert.ok(received.length >= n - stuck.length);
  const again = await runRadar(['digest', 'send'], env);
  assert.match(again.stdout, /digest: 0 due; 0 sent/);
  assert.equal(got().length, received.length);
});
