// GET /api/v1/signals and /api/v1/signals/:id
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import { signalsJsonByIds } from '../../store/signals-json.js';
import { badRequest, notFound } from '../errors.js';
import { sendJson } from '../json-body.js';
import type { SignalQueries } from '../signal-query.js';

export function signalsApi(db: Db, queries: SignalQueries) {
  return new Hono()
    .get('/', (c) => sendJson(c, queries.runJson(queries.parse(c.req.query()))))
    .get('/:id', (c) => {
      const id = c.req.param('id');
      if (!/^\d{1,15}$/.test(id)) throw badRequest('signal id must be a positive integer');
      const [signal] = signalsJsonByIds(db, [Number(id)]);
      if (!signal) throw notFound(`no signal ${id}`);
      return sendJson(c, signal);
    });
}
