// The web pages (server-rendered with hono/jsx). Mounted at / by app.ts.
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import type { Knowledge } from '../../analyze/knowledge.js';
import type { SignalQueries } from '../signal-query.js';

export interface PageDeps { db: Db; knowledge: Knowledge; queries: SignalQueries; baseUrl: string }

export function pagesApp(_deps: PageDeps) {
  const app = new Hono();
  app.get('/', (c) => c.redirect('/api/v1/signals'));
  return app;
}
