// The web pages (server-rendered with hono/jsx, working without JavaScript). Mounted at / by
// app.ts after the API, so /api/* requests are answered before they get here.
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import type { Knowledge } from '../../analyze/knowledge.js';
import type { SignalQueries } from '../signal-query.js';
import { assetAt } from '../../../web/assets.js';
import { NotFoundPage } from '../../../web/views/not-found.js';
import { sendPage } from './render.js';
import { streamPage } from './stream.js';
import { signalPage } from './signal.js';
import { entityPage } from './entity.js';
import { healthPages } from './sources.js';
import { subscribePage } from './subscribe.js';

export interface PageDeps {
  db: Db; knowledge: Knowledge; queries: SignalQueries; baseUrl: string;
  /** Calls another route of the same app (the subscriptions API) without a socket. */
  request?: (path: string, init: RequestInit) => Response | Promise<Response>;
}

export function pagesApp(deps: PageDeps) {
  const app = new Hono();
  app.get('/static/:file', (c) => {
    const asset = assetAt(c.req.path);
    if (!asset) return c.text('not found', 404);
    c.header('Content-Type', asset.type);
    // The name carries the content hash: the file at this URL never changes.
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  app.route('/', streamPage(deps));
  app.route('/', signalPage(deps));
  app.route('/', entityPage(deps));
  app.route('/', healthPages(deps));
  app.route('/', subscribePage(deps));
  // The fallback, last in line (the API and the pages answered their own paths already): a GET
  // nobody handled is a person with a browser, so an HTML 404 with a way back. Anything else,
  // and all of /api/, goes on to the app's JSON 404. Middleware rather than a route: it is not
  // an address of its own.
  app.use('*', async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.req.path.startsWith('/api/')) return next();
    return sendPage(c, NotFoundPage({ what: 'There is no page at this address.' }), 404);
  });
  return app;
}
