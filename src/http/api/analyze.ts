// POST /api/v1/analyze: the analysis of any text, no storage, no network.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Knowledge } from '../../analyze/knowledge.js';
import { analyzeStory } from '../../analyze/analyze.js';
import { readJson } from '../body.js';

export const analyzeBodySchema = z.object({
  title: z.string().min(1).max(1000),
  body: z.string().max(200_000).default(''),
  url: z.string().url().max(2000).optional(),
  published_at: z.string().max(40).optional(),
}).strict();

export function analyzeApi(knowledge: Knowledge) {
  return new Hono().post('/', async (c) => {
    const input = await readJson(c, analyzeBodySchema);
    const a = analyzeStory(knowledge, { title: input.title, body: input.body });
    return c.json({
      event_type: a.event_type,
      regions: a.regions,
      entities: a.entities.map(({ name, kind, role, confidence }) => ({ name, kind, role, confidence })),
      impacts: a.impacts,
      basis: a.basis,
    });
  });
}
