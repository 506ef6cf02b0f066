// Composition root for `npm start` / `radar serve`: config, db, migrations, snapshot, scheduler,
// HTTP server, and a clean shutdown on SIGTERM/SIGINT.
import { serve, type ServerType } from '@hono/node-server';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createApp } from './http/app.js';
import { importSnapshotIfEmpty } from './pipeline/snapshot.js';
import { startScheduler, type Scheduler } from './jobs/scheduler.js';
import { startDigestJob } from './jobs/digest.js';
import { consoleLogger, openRuntime } from './runtime.js';
import { SourcesFileError } from './pipeline/sources-file.js';
import type { Logger } from './pipeline/context.js';
import { getSource } from './store/sources.js';
import { crawlSources } from './pipeline/crawl-run.js';

export interface Radar { port: number; stop(): Promise<void> }

export class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(`port ${port} on ${host} is already in use (another Policy Radar, or another server): stop it or set PORT to a free port`);
  }
}

export async function startRadar(config: Config, log: Logger = consoleLogger): Promise<Radar> {
  const { db, ctx } = openRuntime(config, log);
  // The crawl shares this process with the HTTP server: its writes land in ~10 ms slices, one per turn of the loop (yield.ts).
  ctx.sliceMs = 10;
  const snap = await importSnapshotIfEmpty(ctx, config.snapshotDir);
  if (!snap.skipped) log.info(`empty database: imported the offline snapshot (${snap.added} stories)`);
  const scheduler: Scheduler | null = config.schedulerEnabled ? startScheduler(ctx) : null;
  const digests = config.schedulerEnabled ? startDigestJob({ db, config, log }) : null;
  const app = createApp({
    db, knowledge: ctx.knowledge, baseUrl: config.baseUrl, adminToken: config.adminToken, rateLimitPerMinute: config.rateLimitPerMinute, log: log.error,
    smtpUrl: config.smtpUrl, mailFrom: config.mailFrom,
    crawlNow: async (id) => {
      const source = getSource(db, id);
      if (!source) throw new Error(`no source ${id}`);
      const summary = await crawlSources(ctx, [source]);
      const o = summary.outcomes[0];
      return o ? { status: o.status, added: o.added, known: o.known, error: o.error } : { status: 'busy', added: 0, known: 0, error: 'a crawl of this source is already running' };
    },
  });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    // A busy port is the operator's to fix: say which, not a stack trace.
    s.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(config.host, config.port) : err));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(`Policy Radar listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port} (db ${config.dbPath})`);
  let stopped = false;
  return {
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all([scheduler?.stop(), digests?.stop()]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(2); }
    throw err;
  }
  let radar: Radar;
  try {
    radar = await startRadar(config);
  } catch (err) {
    if (err instanceof SourcesFileError) { console.error(err.message); process.exit(2); }
    if (err instanceof PortInUseError) { console.error(err.message); process.exit(2); }
    throw err;
  }
  const shutdown = (sig: string) => {
    consoleLogger.info(`${sig}: finishing work in flight, then exiting`);
    radar.stop().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
