// The `radar` command. Each subcommand wires the same runtime as the server and exits.
import { parseArgs } from 'node:util';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigError, loadConfig, type Config } from './config.js';
import { consoleLogger, openRuntime } from './runtime.js';
import { quietLogger } from './pipeline/context.js';
import { crawlSources } from './pipeline/crawl-run.js';
import { SourcesFileError, loadSourcesFile } from './pipeline/sources-file.js';
import { listSources, upsertSources } from './store/sources.js';
import { entityCandidates } from './store/entities.js';
import { buildOpml } from './parse/opml.js';
import { importOpml } from './pipeline/opml-import.js';
import { analyzeStory } from './analyze/analyze.js';
import type { History } from './analyze/playbooks.js';
import { impactHistory } from './store/impacts.js';
import { analysisView } from './http/api/analyze.js';
import { loadKnowledge } from './pipeline/knowledge-files.js';
import { progressLine } from './jobs/progress.js';
import { openDatabase } from './store/db.js';
import { findSubscriptionByEmail, purgeExpiredPending } from './store/subscriptions.js';
import { runDigests } from './digest/send-run.js';
import { previewDigest } from './digest/preview.js';
import { smtpMailer } from './digest/mailer.js';

const help = `radar — Policy Radar, a self-hosted tech-policy signal feed

Usage:
  radar serve                          migrate, import the snapshot if empty, run scheduler + HTTP server (= npm start)
  radar crawl [--source ID] [--sources FILE] [--json]
                                       one crawl pass over all (or one) sources, then exit
  radar analyze [FILE]                 JSON lines {title, body, url?, published_at?} in, one analysis per line out
  radar sources list [--json]          sources with their health
  radar sources import-opml FILE       add the feeds of an OPML file as sources
  radar sources export-opml            print all sources as OPML
  radar digest send [--dry-run]        send every digest due now (--dry-run: list them, send and record nothing)
  radar digest preview --email ADDR [--html]
                                       print one subscriber's next digest (text part, or --html)
  radar backup FILE                    a consistent copy of the live database (the server may keep running)
  radar entities candidates [--min N] [--json]
                                       names found by shape in N+ signals (default 2): candidates for the knowledge base

Environment: RADAR_DB, PORT, RADAR_SOURCES, RADAR_BASE_URL, RADAR_SMTP_URL, RADAR_MAIL_FROM,
RADAR_ADMIN_TOKEN, RADAR_ALLOW_PRIVATE_NETWORKS, RADAR_DIGEST_SEND_EMPTY (see README).`;

class UsageError extends Error {}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') { console.log(help); return 0; }
  switch (command) {
    case 'serve': {
      const { startRadar } = await import('./main.js');
      const radar = await startRadar(loadConfig());
      const stop = () => void radar.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return new Promise<number>(() => undefined); // runs until a signal
    }
    case 'crawl': return crawl(rest);
    case 'analyze': return analyze(rest);
    case 'sources': return sources(rest);
    case 'digest': return digest(rest);
    case 'backup': return backup(rest);
    case 'entities': return entities(rest);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Names found by shape that reappear across signals: candidates to promote into feeds/knowledge/. */
async function entities(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'candidates') throw new UsageError(`unknown entities subcommand "${sub ?? ''}" (candidates [--min N] [--json])`);
  const { values } = parseArgs({ args: rest, options: { min: { type: 'string' }, json: { type: 'boolean' } } });
  const min = values.min === undefined ? 2 : Number(values.min);
  if (!Number.isInteger(min) || min < 1) throw new UsageError('--min is a whole number of signals, 1 or more');
  const config = loadConfig();
  if (!existsSync(config.dbPath)) throw new UsageError(`no database at ${config.dbPath}`);
  const db = openDatabase(config.dbPath);
  try {
    const list = entityCandidates(db, min, 500);
    if (values.json) console.log(JSON.stringify(list));
    else for (const c of list) console.log(`${String(c.signals).padStart(4)}  ${c.kind.padEnd(12)} ${c.name}  — e.g. ${c.examples[0] ?? ''}`);
    return 0;
  } finally {
    db.close();
  }
}

/** A consistent copy of the live database (SQLite's online backup: the server may keep running), private to its owner. */
async function backup(args: string[]): Promise<number> {
  const [file] = args;
  if (!file) throw new UsageError('backup needs a file to write: radar backup FILE');
  if (existsSync(file)) throw new UsageError(`${file} exists: choose a new file, a backup never overwrites one`);
  const config = loadConfig();
  if (!existsSync(config.dbPath)) throw new UsageError(`no database at ${config.dbPath} to back up`);
  const db = openDatabase(config.dbPath);
  try {
    const { totalPages } = await db.backup(file);
    chmodSync(file, 0o600);
    console.log(`backed up ${config.dbPath} to ${file} (${totalPages} pages)`);
    return 0;
  } finally {
    db.close();
  }
}

async function crawl(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { source: { type: 'string' }, sources: { type: 'string' }, json: { type: 'boolean' } } });
  const config = loadConfig();
  // --sources FILE crawls that file's sources without touching the configured set: they are added
  // or updated (origin 'cli'), every other source stays as the server has it.
  const extra = values.sources ? loadSourcesFile(values.sources) : null;
  const { db, ctx } = openRuntime(config, values.json ? quietLogger : consoleLogger, { syncSources: !extra });
  try {
    if (extra) upsertSources(db, extra, 'cli');
    const listed = extra ? new Set(extra.map((s) => s.id)) : null;
    const all = listSources(db).filter((s) => s.enabled === 1 && (!listed || listed.has(s.id)));
    const chosen = values.source ? all.filter((s) => s.id === values.source) : all;
    if (values.source && chosen.length === 0) throw new UsageError(`no enabled source with id "${values.source}"`);
    const tty = process.stderr.isTTY && !values.json;
    const started = Date.now();
    const summary = await crawlSources(ctx, chosen, {
      onDone: (o, done, total) => {
        if (tty) process.stderr.write(`\r${progressLine(done, total, Date.now() - started, o.sourceId)}`);
        else if (!values.json) console.error(`${o.status === 'error' ? 'FAIL' : 'ok  '} ${o.sourceId}: ${o.error ?? `${o.added} new, ${o.known} known`}`);
      },
    });
    if (tty) process.stderr.write('\n');
    if (values.json) {
      console.log(JSON.stringify({ ...summary, outcomes: summary.outcomes }, null, 2));
    } else {
      console.log(`crawled ${summary.sources} sources in ${(summary.ms / 1000).toFixed(1)} s: ${summary.ok} ok, ${summary.notModified} not modified, ${summary.failed} failed; ${summary.added} new stories, ${summary.known} already known${summary.itemErrors ? `, ${summary.itemErrors} items skipped` : ''}${summary.deferred ? `, ${summary.deferred} new items left for the next pass (at most 500 per source per pass)` : ''}`);
      for (const o of summary.outcomes.filter((x) => x.status === 'error')) console.log(`  ${o.sourceId}: ${o.error}`);
    }
    return 0;
  } finally {
    db.close();
  }
}

function analysisHistory(): History | undefined {
  const config = loadConfig();
  if (!existsSync(config.dbPath)) return undefined;
  const db = openDatabase(config.dbPath);
  const now = new Date().toISOString();
  return (playbook, impactId) => impactHistory(db, playbook, impactId, now);
}

async function analyze(args: string[]): Promise<number> {
  const knowledge = loadKnowledge();
  // The same probabilities as POST /api/v1/analyze and ingest: the record in the database, when
  // there is one (no network, and no database is created for it; an existing one is migrated).
  const history = analysisHistory();
  const input = args[0] ? (await import('node:fs')).createReadStream(args[0]) : process.stdin;
  let line = 0, bad = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      const item = JSON.parse(text) as { title?: unknown; body?: unknown };
      if (typeof item.title !== 'string' || (item.body !== undefined && typeof item.body !== 'string')) throw new Error('needs a string "title" and a string "body"');
      const a = analyzeStory(knowledge, { title: item.title, body: (item.body as string | undefined) ?? '' }, history);
      console.log(JSON.stringify(analysisView(a)));
    } catch (err) {
      bad++;
      console.log(JSON.stringify({ error: { line, message: (err as Error).message } }));
    }
  }
  return bad > 0 && bad === line ? 1 : 0;
}

async function sources(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const config = loadConfig();
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
    const { db } = openRuntime(config, quietLogger);
    const rows = listSources(db);
    db.close();
    if (values.json) { console.log(JSON.stringify(rows, null, 2)); return 0; }
    for (const s of rows) {
      const state = s.enabled ? `${s.status}${s.silent ? ' (silent)' : ''}${s.error_count ? ` x${s.error_count}` : ''}` : 'disabled';
      console.log(`${s.id.padEnd(28)} ${s.kind.padEnd(4)} ${state.padEnd(14)} ${String(s.story_count).padStart(5)} stories  ${s.url}`);
    }
    console.log(`${rows.length} sources`);
    return 0;
  }
  if (sub === 'import-opml') {
    const file = rest[0];
    if (!file) throw new UsageError('import-opml needs a FILE');
    const { db } = openRuntime(config, quietLogger);
    try {
      const r = importOpml(db, readFileSync(file, 'utf8'));
      console.log(`imported ${r.added.length} new sources (${r.skipped} already present) from ${file}`);
    } finally {
      db.close();
    }
    return 0;
  }
  if (sub === 'export-opml') {
    const { db } = openRuntime(config, quietLogger);
    const rows = listSources(db);
    db.close();
    process.stdout.write(buildOpml('Policy Radar sources', rows.map((s) => ({ title: s.name, xmlUrl: s.url, kind: s.kind }))));
    return 0;
  }
  throw new UsageError(`unknown sources subcommand "${sub ?? ''}" (list, import-opml FILE, export-opml)`);
}

async function digest(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const config = loadConfig();
  if (sub === 'send') {
    const { values } = parseArgs({ args: rest, options: { 'dry-run': { type: 'boolean' } } });
    const dryRun = values['dry-run'] === true;
    if (!dryRun && !config.smtpUrl) throw new UsageError('digest send needs RADAR_SMTP_URL (or --dry-run to see what would be sent)');
    const db = openDatabase(config.dbPath);
    const mailer = dryRun ? null : smtpMailer(config.smtpUrl!, { pool: true });
    try {
      if (!dryRun) purgeExpiredPending(db, new Date().toISOString());
      const s = await runDigests({ db, baseUrl: config.baseUrl, mailFrom: config.mailFrom, mailer, sendEmpty: config.digestSendEmpty, dryRun });
      if (dryRun) {
        for (const p of s.planned) console.log(`would send to ${p.email} (subscription ${p.subscriptionId}): "${p.subject}" (${p.signals} signals, ${p.period.start} to ${p.period.end})`);
        console.log(`dry run: ${s.planned.length} digests would be sent, ${s.empty} due with nothing new; nothing was sent or recorded`);
        return 0;
      }
      console.log(`digest: ${s.due} due; ${s.sent} sent, ${s.empty} with nothing new (no email), ${s.failed} to retry later, ${s.bounced} bounced, ${s.skipped} taken by another run${s.retried ? `, ${s.retried} earlier failures retried` : ''} (${s.ms} ms)`);
      for (const e of s.errors) console.log(`  error: ${e}`);
      if (s.resumed) console.log(`  ${s.resumed} digests left mid-send by a run that died were sent again (same Message-ID)`);
      if (s.stale) console.log(`  ${s.stale} digests have been mid-send for over 10 minutes in a run that is still alive (or on another host); they are resent once it is gone`);
      return 0;
    } finally {
      mailer?.close();
      db.close();
    }
  }
  if (sub === 'preview') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, html: { type: 'boolean' } } });
    if (!values.email) throw new UsageError('digest preview needs --email ADDR');
    const db = openDatabase(config.dbPath);
    try {
      const row = findSubscriptionByEmail(db, values.email);
      if (!row) { console.error(`radar: no subscription for ${values.email}`); return 1; }
      const p = previewDigest(db, config.baseUrl, row);
      if (values.html) process.stdout.write(p.html);
      else process.stdout.write(`Subject: ${p.view.subject}\nTo: ${row.email} (${row.status}, ${row.cadence} at ${String(row.send_hour).padStart(2, '0')}:00 ${row.timezone})\n\n${p.text}`);
      return 0;
    } finally {
      db.close();
    }
  }
  throw new UsageError(`unknown digest subcommand "${sub ?? ''}" (send [--dry-run], preview --email ADDR)`);
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  // `radar sources list --json | head`: the reader went away; that is the end of the output, not an error.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
  try {
    process.exitCode = await runCli(argv);
  } catch (err) {
    if (err instanceof UsageError) { console.error(`radar: ${err.message}\n\n${help}`); process.exitCode = 2; return; }
    if (err instanceof ConfigError || err instanceof SourcesFileError) { console.error(`radar: ${err.message}`); process.exitCode = 2; return; }
    if (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) { console.error(`radar: ${err.message}`); process.exitCode = 2; return; }
    console.error(`radar: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
