// GET /api/v1/track-record: how the product's predictions fared, overall and per playbook.
// POST /api/v1/predictions/:id/undo (admin): an operator says a confirmation was wrong.
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import { allPredictions, undoConfirmation } from '../../store/impacts.js';
import { trackRecord } from '../../analyze/track-record.js';
import { requireAdmin } from '../admin.js';
import { badRequest, notFound } from '../errors.js';

export function trackRecordApi(db: Db) {
  return new Hono().get('/', (c) => c.json(trackRecord(allPredictions(db))));
}

export function predictionsApi(db: Db, adminToken: string | null) {
  return new Hono().post('/:id/undo', requireAdmin(adminToken), (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id < 1) throw badRequest('prediction id is a positive integer');
    // The prediction is open again and the confirming signal can never confirm it again.
    if (!undoConfirmation(db, id, new Date().toISOString())) throw notFound(`no confirmed prediction ${id}`);
    return c.json({ id, status: 'open' });
  });
}
