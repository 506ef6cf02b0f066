// POST /api/v1/analyze: the analysis of any text, no storage, no network.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Knowledge } from '../../analyze/knowledge.js';
import { analyzeStory } from '../../analyze/analyze.js';
import { readJson } from '../body.js';
import type { Db } from '../../store/db.js';
import type { Analysis } from '../../domain/types.js';
import { impactHistory } from '../../store/impacts.js';

export const analyzeBodySchema = z.object({
  title: z.string().min(1).max(1000),
  body: z.string().max(200_000).default(''),
  url: z.string().url().max(2000).optional(),
  published_at: z.string().max(40).optional(),
}).strict();

/** The Analysis shape of DESIGN.md (plus the basis of the event type and the playbook used). */
export function analysisView(a: Analysis) {
  return {
    relevant: a.relevant,
    relevance: a.relevance,
    language: a.language,
    event_type: a.event_type,
    regions: a.regions,
    entities: a.entities.map(({ name, kind, role, confidence }) => ({ name, kind, role, confidence })),
    impacts: a.impacts.map(({ statement, confidence, horizon_days, basis }) => ({ statement, confidence, horizon_days, basis })),
    basis: a.basis,
    playbook: a.playbook,
  };
}

export function analyzeApi(knowledge: Knowledge, db?: Db) {
  return new Hono().post('/', async (c) => {
    const input = await readJson(c, analyzeBodySchema);
    const now = new Date().toISOString();
    // Probabilities use the project's own record when a database is at hand.
    const history = db ? (pb: string, id: string) => impactHistory(db, pb, id, now) : undefined;
    return c.json(analysisView(analyzeStory(knowledge, { title: input.title, body: input.body }, history)));
  });
}
