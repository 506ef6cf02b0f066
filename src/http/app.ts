// The Hono app: routes grouped with app.route(), one onError, JSON errors everywhere, and the
// HTTP hygiene every route shares (ETag/304, Cache-Control, CORS for GET, body limit, rate limit).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Db } from '../store/db.js';
import type { Knowledge } from '../analyze/knowledge.js';
import { signalsApi } from './api/signals.js';
import { sourcesApi, type CrawlNow } from './api/sources.js';
import { entitiesApi } from './api/entities.js';
import { analyzeApi } from './api/analyze.js';
import { subscriptionsApi } from './api/subscriptions.js';
import { predictionsApi, trackRecordApi } from './api/track-record.js';
import { storiesApi } from './api/stories.js';
import { SignalQueries } from './signal-query.js';
import { feedsOut } from './feeds-out.js';
import { pagesApp } from './pages/index.js';
import { digestRoutes } from './digest/routes.js';
import { buildOpenApi } from './openapi.js';
import { rateLimit } from './rate-limit.js';
import { responseCache } from './response-cache.js';
import { conditionalGet } from './etag.js';
import { readOnlyCors } from './cors.js';
import { ApiError, errorBody, handleError } from './errors.js';

export interface AppDeps {
  db: Db;
  knowledge: Knowledge;
  baseUrl?: string;
  adminToken?: string | null;
  /** Requests per minute per client on public routes; 0 turns the limit off. */
  rateLimitPerMinute?: number;
  crawlNow?: CrawlNow;
  smtpUrl?: string | null;
  mailFrom?: string;
  log?: (msg: string) => void;
}

export function createApp(deps: AppDeps) {
  const { db, log = console.error } = deps;
  const baseUrl = deps.baseUrl ?? 'http://localhost:8080';
  const app = new Hono();
  app.onError((err, c) => handleError(err, c, log));
  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));

  const limitBody = bodyLimit({ maxSize: 1024 * 1024, onError: () => { throw new ApiError(413, 'payload_too_large', 'request body over 1 MiB'); } });
  // Reads carry no body; asking the request for one makes the Node adapter build a full WHATWG
  // Request (with its AbortSignal) for every GET.
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  app.use('/api/*', readOnlyCors({ maxAgeSeconds: 86400 }));
  app.use('/feed.*', readOnlyCors());
  const limited = rateLimit(deps.rateLimitPerMinute ?? 600);
  app.use('/api/*', limited);
  app.use('/feed.*', limited);
  app.use('*', async (c, next) => {
    await next();
    // On the response's own headers: c.header() after the handler would rebuild the response
    // around a stream of its body, which the Node adapter then reads chunk by chunk.
    if (c.req.method === 'GET' && (c.res.status === 200 || c.res.status === 304) && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'public, max-age=60');
  });
  app.use('*', conditionalGet());
  const cached = responseCache(db);
  for (const path of ['/api/v1/signals', '/api/v1/signals/*', '/api/v1/entities', '/api/v1/entities/*', '/api/v1/sources', '/api/v1/track-record', '/feed.*']) app.use(path, cached);

  app.get('/healthz', (c) => {
    try {
      // Cheap on purpose: it is the liveness probe and the benchmarks' floor.
      const ok = (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
      c.header('Cache-Control', 'no-store');
      return c.json({ status: ok ? 'ok' : 'error', database: ok ? 'ok' : 'error' }, ok ? 200 : 503);
    } catch (err) {
      return c.json({ status: 'error', database: (err as Error).message }, 503);
    }
  });
  const queries = new SignalQueries(db);
  const openapi = buildOpenApi(baseUrl);
  app.route('/api/v1/signals', signalsApi(db, queries));
  app.route('/api/v1/entities', entitiesApi(db, deps.adminToken ?? null));
  app.route('/api/v1/stories', storiesApi(db));
  app.route('/api/v1/sources', sourcesApi(db, deps.adminToken ?? null, deps.crawlNow));
  app.route('/api/v1/subscriptions', subscriptionsApi(db, deps.adminToken ?? null));
  app.route('/api/v1/analyze', analyzeApi(deps.knowledge, db));
  app.route('/api/v1/track-record', trackRecordApi(db));
  app.route('/api/v1/predictions', predictionsApi(db, deps.adminToken ?? null));
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.route('/', feedsOut(queries, baseUrl));
  app.route('/', digestRoutes({ db, config: { baseUrl, smtpUrl: deps.smtpUrl ?? null, mailFrom: deps.mailFrom ?? 'Policy Radar <radar@localhost>' }, adminToken: deps.adminToken ?? null, log }));
  app.route('/', pagesApp({ db, knowledge: deps.knowledge, queries, baseUrl, request: (path, init) => app.request(path, init) }));
  return app;
}
