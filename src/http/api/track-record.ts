// GET /api/v1/track-record: how the product's predictions fared, overall and per playbook.
import { Hono } from 'hono';
import type { Db } from '../../store/db.js';
import { allPredictions } from '../../store/impacts.js';
import { trackRecord } from '../../analyze/track-record.js';

export function trackRecordApi(db: Db) {
  return new Hono().get('/', (c) => c.json(trackRecord(allPredictions(db))));
}
