// The Hono app: routes grouped with app.route(), one onError, JSON 404s under /api.
import { Hono } from 'hono';
import type { Db } from '../store/db.js';
import { signalsApi } from './api/signals.js';
import { sourcesApi } from './api/sources.js';
import { errorBody, handleError } from './errors.js';

export interface AppDeps { db: Db; log?: (msg: string) => void }

export function createApp({ db, log = console.error }: AppDeps) {
  const app = new Hono();
  app.onError((err, c) => handleError(err, c, log));
  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));

  app.get('/healthz', (c) => {
    try {
      // Cheap on purpose: it is the liveness probe and the benchmarks' floor.
      const ok = (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
      return c.json({ status: ok ? 'ok' : 'error', database: ok ? 'ok' : 'error' }, ok ? 200 : 503);
    } catch (err) {
      return c.json({ status: 'error', database: (err as Error).message }, 503);
    }
  });
  app.route('/api/v1/signals', signalsApi(db));
  app.route('/api/v1/sources', sourcesApi(db));
  app.get('/', (c) => c.redirect('/api/v1/signals'));
  return app;
}
