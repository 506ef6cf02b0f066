// Response shapes (DESIGN.md) as zod schemas: the OpenAPI document is generated from them and the
// tests validate real responses against them, so the documentation cannot drift from the code.
import { z } from 'zod';
import { entityKinds, entityRoles, eventTypes } from '../domain/types.js';

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const storySchema = z.object({
  id: z.number().int(), url: z.string(), title: z.string(), outlet: z.string(), source_id: z.string().nullable(), published_at: z.string(),
});

export const signalSchema = z.object({
  id: z.number().int(),
  headline: z.string(),
  summary: z.string(),
  event_type: z.enum(eventTypes),
  regions: z.array(z.string()),
  importance: z.number(),
  first_seen_at: z.string(),
  last_seen_at: z.string(),
  entities: z.array(z.object({ id: z.number().int(), slug: z.string(), name: z.string(), kind: z.enum(entityKinds), role: z.enum(entityRoles), confidence: z.number() })),
  impacts: z.array(z.object({
    id: z.number().int(), statement: z.string(), confidence: z.number(), horizon_days: z.number().int(), basis: z.string(),
    status: z.enum(['open', 'confirmed', 'expired', 'void']), resolved_by: z.number().int().nullable(),
  })),
  stories: z.array(storySchema),
});

export const signalPageSchema = z.object({ items: z.array(signalSchema), next_cursor: z.string().nullable() });

export const sourceViewSchema = z.object({
  id: z.string(), name: z.string(), kind: z.enum(['rss', 'html']), url: z.string(), region: z.string().nullable(), language: z.string().nullable(),
  tier: z.number().int(), tags: z.array(z.string()), every_seconds: z.number().int(), enabled: z.boolean(), origin: z.string(),
  status: z.enum(['pending', 'ok', 'error']), silent: z.boolean(), last_fetched_at: z.string().nullable(), last_success_at: z.string().nullable(),
  last_error: z.string().nullable(), error_count: z.number().int(), next_fetch_at: z.string().nullable(), story_count: z.number().int(),
  /** Stories the relevance gate judged off-topic: stored, listed under /stories, no signal. */
  dropped_count: z.number().int(), relevance: z.enum(['auto', 'always']),
});

const entitySummary = z.object({ id: z.number().int(), slug: z.string(), name: z.string(), kind: z.enum(entityKinds), country: z.string().nullable(), signal_count: z.number().int() });
export const entityListSchema = z.object({ items: z.array(entitySummary) });
export const entityDetailSchema = entitySummary.extend({
  timeline: z.array(z.object({ id: z.number().int(), headline: z.string(), event_type: z.enum(eventTypes), regions: z.array(z.string()), first_seen_at: z.string(), role: z.enum(entityRoles), confidence: z.number() })),
  related: z.array(entitySummary.extend({ shared: z.number().int() })),
});

export const storyListSchema = z.object({
  items: z.array(z.object({
    id: z.number().int(), url: z.string(), title: z.string(), outlet: z.string(), source_id: z.string().nullable(), published_at: z.string(), first_seen_at: z.string(),
    relevant: z.boolean(), relevance: z.number().nullable(), language: z.string().nullable(), signal_id: z.number().int().nullable(),
  })),
  next_cursor: z.string().nullable(),
});

export const candidateListSchema = z.object({ items: z.array(z.object({ slug: z.string(), name: z.string(), kind: z.enum(entityKinds), signals: z.number().int(), examples: z.array(z.string()) })) });

export const undoSchema = z.object({ id: z.number().int(), status: z.literal('open') });

export const analysisSchema = z.object({
  relevant: z.boolean(),
  relevance: z.number().min(0).max(1),
  language: z.string(),
  event_type: z.enum(eventTypes),
  regions: z.array(z.string()),
  entities: z.array(z.object({ name: z.string(), kind: z.enum(entityKinds), role: z.enum(entityRoles), confidence: z.number() })),
  impacts: z.array(z.object({ statement: z.string(), confidence: z.number(), horizon_days: z.number().int(), basis: z.string() })),
  basis: z.string(),
  playbook: z.string().nullable(),
});

const scoreSchema = z.object({
  made: z.number().int(), open: z.number().int(), confirmed: z.number().int(), expired: z.number().int(), void: z.number().int(), brier: z.number().nullable(),
  warning: z.string().nullable(),
  calibration: z.array(z.object({ bucket: z.string(), predicted: z.number(), observed: z.number(), n: z.number().int() })),
});
export const trackRecordSchema = z.object({ overall: scoreSchema, playbooks: z.array(scoreSchema.extend({ playbook: z.string() })) });

export const subscriptionListSchema = z.object({
  items: z.array(z.object({
    id: z.number().int(), email: z.string(), status: z.enum(['pending', 'confirmed', 'unsubscribed']), cadence: z.enum(['daily', 'weekly']),
    filters: z.record(z.string(), z.unknown()), send_hour: z.number().int(), timezone: z.string(), created_at: z.string(), confirmed_at: z.string().nullable(),
  })),
});

export const healthSchema = z.object({ status: z.enum(['ok', 'error']), database: z.string() });
