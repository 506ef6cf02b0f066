// Digest benchmark: 10,000 confirmed subscribers with varied filters, cadences and time zones
// over a week of signals (ingested through the real pipeline); every digest composed, rendered
// and delivered over pooled SMTP to a local sink that accepts everything, running in its own
// process. Floors, measured in the same run through the same pool to the same sink: the same
// number of fixed tiny messages (SMTP and nodemailer on their own), and of one typical digest
// rendered once (what the bytes of a digest cost to deliver, without choosing or rendering).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rng } from './synthetic-feeds.js';
import { startSmtp } from '../helpers/smtp.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { ClusterIndex } from '../../src/cluster/cluster-index.js';
import { loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { createFetcher } from '../../src/fetch/index.js';
import { quietLogger } from '../../src/pipeline/context.js';
import { ingestItems, type ReadyItem } from '../../src/pipeline/ingest.js';
import { upsertSources } from '../../src/store/sources.js';
import { runDigests } from '../../src/digest/send-run.js';
import { smtpMailer } from '../../src/digest/mailer.js';
import { previewDigest } from '../../src/digest/preview.js';
import { digestMessage } from '../../src/digest/message.js';
import { confirmSubscription, getSubscription, requestSubscription } from '../../src/store/subscriptions.js';
import type { SendMailOptions } from 'nodemailer';
import { eventTypes } from '../../src/domain/types.js';

const places = ['Brazil', 'Japan', 'India', 'Germany', 'Canada', 'South Korea', 'France', 'Australia', 'Italy', 'Spain', 'Mexico', 'Kenya', 'China', 'United States',
  'Netherlands', 'Sweden', 'Poland', 'Turkey', 'Indonesia', 'Vietnam', 'Nigeria', 'Egypt', 'Argentina', 'Chile', 'Colombia', 'South Africa', 'Saudi Arabia',
  'Singapore', 'Malaysia', 'Thailand', 'Philippines', 'Ireland', 'Belgium', 'Austria', 'Switzerland', 'Norway', 'Denmark', 'Finland', 'Portugal', 'Greece']
const regionCodes = ['BR', 'JP', 'IN', 'DE', 'CA', 'KR', 'FR', 'AU', 'IT', 'ES', 'MX', 'KE', 'CN', 'US', 'EU'];
const actors = ['Commission', 'Ministry', 'Regulator', 'Senate', 'Court', 'Competition authority', 'Parliament', 'Data protection authority', 'Commerce department', 'Council'];
const verbs = ['fines', 'probes', 'sues', 'bans', 'restricts exports to', 'approves deal by', 'blocks', 'investigates', 'subsidises', 'clears'];
const targets = ['Google', 'Huawei', 'OpenAI', 'Nvidia', 'TikTok', 'Meta', 'Amazon', 'Samsung', 'Apple', 'Microsoft', 'Alibaba', 'Tencent', 'ByteDance',
  'Intel', 'AMD', 'Qualcomm', 'ASML', 'TSMC', 'Uber', 'X', 'Telegram', 'Baidu', 'Xiaomi', 'Anthropic', 'Mistral AI', 'SAP', 'Oracle', 'IBM', 'Cisco', 'Ericsson']
const topics = ['privacy', 'competition', 'export controls', 'AI safety', 'copyright', 'cybersecurity', 'procurement', 'content moderation', 'semiconductors', 'data transfers'];
const zones = ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'Africa/Nairobi'];
const queries = ['privacy', 'copyright OR "AI safety"', 'export*', 'Huawei -Samsung', '"data transfers"', 'semiconductors', 'competition fines', 'TikTok'];

type Pick = <T>(xs: readonly T[]) => T;

function seedSignals(db: Db, count: number, now: number): void {
  const r = rng(42);
  const pick: Pick = (xs) => xs[Math.floor(r() * xs.length)]!;
  const ctx = { db, log: quietLogger, clusters: new ClusterIndex(), knowledge: loadKnowledge(), now: () => new Date(now), fetcher: createFetcher({}) };
  upsertSources(db, [{ id: 'bench', name: 'Bench Desk', kind: 'rss', url: 'https://example.org/feed', every: '1h', tier: 2, tags: [] }]);
  // Made-up words make each story its own event; without them clustering rightly merges the
  // few hundred title patterns into a handful of signals.
  const syllables = ['ka', 'lo', 'mir', 'zen', 'tu', 'vra', 'pel', 'dos', 'qui', 'nar', 'bex', 'sol', 'fi', 'gor', 'ush', 'ta', 'wen', 'yol', 'hap', 'rin'];
  const word = () => Array.from({ length: 3 }, () => pick(syllables)).join('');
  const items: ReadyItem[] = Array.from({ length: count }, (_, i) => {
    const title = `${pick(places)} ${pick(actors)} ${pick(verbs)} ${pick(targets)}: ${word()} ${pick(topics)} ${word()} ${word()}`;
    return {
      guid: `b${i}`, url: `https://example.org/bench/${i}`, title, summaryHtml: '', contentHtml: '', author: null, categories: [],
      publishedAt: new Date(now - 7 * 86_400_000 + (i / count) * 7 * 86_400_000).toISOString(),
      text: `${title}. ${Array.from({ length: 14 }, word).join(' ')}.`,
      html: '', fullText: false, pagePublishedAt: null,
    };
  });
  ingestItems(ctx, { id: 'bench', name: 'Bench Desk', tier: 2 }, items);
}

function seedSubscribers(db: Db, count: number, now: number): void {
  const r = rng(7);
  const pick: Pick = (xs) => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: readonly T[], n: number) => [...new Set(Array.from({ length: n }, () => pick(xs)))];
  const entities = (db.prepare(`SELECT e.slug FROM entities e JOIN signal_entities se ON se.entity_id = e.id WHERE e.kind != 'group'
    GROUP BY e.id ORDER BY count(*) DESC LIMIT 40`).all() as { slug: string }[]).map((e) => e.slug);
  const stamp = new Date(now - 3_600_000).toISOString();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const kind = i % 8;
      const filters = kind === 0 ? {}
        : kind === 1 ? { types: some(eventTypes, 1 + Math.floor(r() * 3)) }
        : kind === 2 ? { regions: some(regionCodes, 1 + Math.floor(r() * 2)) }
        : kind === 3 ? { q: pick(queries) }
        : kind === 4 ? { entities: some(entities, 1 + Math.floor(r() * 3)) }
        : kind === 5 ? { types: some(eventTypes, 2), regions: some(regionCodes, 3) }
        : kind === 6 ? { q: pick(queries), regions: some(regionCodes, 4) }
        : { entities: some(entities, 2), types: some(eventTypes, 3) };
      const row = requestSubscription(db, `reader${i}@bench.example`, {
        cadence: r() < 0.7 ? 'daily' : 'weekly', filters: JSON.stringify(filters), send_hour: Math.floor(r() * 24), timezone: pick(zones),
      }, 'n', new Date(now + 86_400_000).toISOString(), stamp)!;
      confirmSubscription(db, row.id, 'n', stamp);
    }
  })();
}

interface Sink { url: string; stats(): Promise<{ messages: number; unique: number }>; close(): void }

/** The SMTP sink in a child process, so it does not share our event loop or CPU time. */
async function startSink(): Promise<Sink> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'sink'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => (await lines.next()).value as string;
  const url = await next();
  return {
    url,
    stats: async () => { child.stdin!.write('stats\n'); return JSON.parse(await next()); },
    close: () => child.kill(),
  };
}

/** Sends `count` copies of one message (a new recipient each) the way a digest run does: 8 workers, each waiting for its message to be accepted. */
async function deliverFixed(url: string, count: number, message: SendMailOptions): Promise<number> {
  const mailer = smtpMailer(url, { pool: true });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < count) {
      const i = next++;
      await mailer.send({ ...message, to: `floor${i}@bench.example` });
    }
  }));
  const ms = performance.now() - t0;
  mailer.close();
  return ms;
}

export async function runDigestBench(subscribers = 10_000, signals = 2_000) {
  const dir = mkdtempSync(join(tmpdir(), 'radar-bench-digest-'));
  const sink = await startSink();
  // The bench measures the pipeline, so lift the default rate limit (100 messages/s) in the URL.
  const url = `${sink.url}/?rateLimit=0`;
  try {
    const db = openDatabase(join(dir, 'bench.sqlite'));
    const now = Date.now();
    const t0 = performance.now();
    seedSignals(db, signals, now);
    seedSubscribers(db, subscribers, now);
    const seedMs = performance.now() - t0;
    const storedSignals = (db.prepare('SELECT count(*) AS n FROM signals').get() as { n: number }).n;
    const base = { db, baseUrl: 'https://radar.example.org', mailFrom: 'Policy Radar <radar@bench.example>', now: () => new Date(now) };

    const dry = await runDigests({ ...base, mailer: null, dryRun: true });
    const mailer = smtpMailer(url, { pool: true });
    const run = await runDigests({ ...base, mailer });
    mailer.close();
    const delivered = await sink.stats();
    const floorMs = await deliverFixed(url, run.sent, { from: 'radar@bench.example', subject: 'x', text: 'x' });
    // A second floor: a digest of average size, rendered once, sent as many times: what delivering those bytes costs.
    const typical = db.prepare(`SELECT subscription_id AS id FROM digest_ledger WHERE status = 'sent'
      ORDER BY abs(signal_count - (SELECT avg(signal_count) FROM digest_ledger WHERE status = 'sent')) LIMIT 1`).get() as { id: number };
    const sub = getSubscription(db, typical.id)!;
    const p = previewDigest(db, base.baseUrl, sub, new Date(now));
    const fixed = digestMessage({ baseUrl: base.baseUrl, mailFrom: base.mailFrom, sub, rendered: p, periodEnd: new Date(now).toISOString(), now: new Date(now) });
    const fixedMs = await deliverFixed(url, run.sent, fixed);
    const typicalBytes = Buffer.byteLength(p.html) + Buffer.byteLength(p.text);
    const avgSignals = (db.prepare("SELECT avg(signal_count) AS a FROM digest_ledger WHERE status = 'sent'").get() as { a: number }).a;
    db.close();
    return {
      subscribers, signals: storedSignals, seedSeconds: seedMs / 1000, sent: run.sent, empty: run.empty, failed: run.failed, delivered: delivered.messages, unique: delivered.unique,
      avgSignals, ms: run.ms, perSecond: (run.sent + run.empty) / (run.ms / 1000), sentPerSecond: run.sent / (run.ms / 1000),
      dryMs: dry.ms, dryPerSecond: (dry.planned.length + dry.empty) / (dry.ms / 1000),
      floorMs, floorPerSecond: run.sent / (floorMs / 1000), fixedMs, fixedPerSecond: run.sent / (fixedMs / 1000), typicalBytes,
    };
  } finally {
    sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node --import tsx test/bench/digest.ts sink`: the sink process (prints its URL, answers "stats").
if (process.argv[2] === 'sink' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const smtp = await startSmtp({ sink: true });
  console.log(smtp.url);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'stats') console.log(JSON.stringify({ messages: smtp.recipients.length, unique: new Set(smtp.recipients).size }));
  }
  await smtp.close();
}
