// What a subscriber may ask for, validated with zod at the boundary (API body, manage form,
// stored JSON), so the composer only ever sees well-formed filters.
import { z } from 'zod';
import { eventTypes } from '../domain/types.js';

/** True when the runtime knows the IANA zone (Intl throws a RangeError otherwise). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical name ("europe/berlin" → "Europe/Berlin"). */
const canonicalZone = (tz: string) => new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;

export const filtersSchema = z.object({
  q: z.string().trim().min(1).max(500).optional().describe('search, as q of /api/v1/signals'),
  entities: z.array(z.string().trim().min(1).max(200)).max(20).optional().describe('entity slugs or names; any of them'),
  types: z.array(z.enum(eventTypes)).max(eventTypes.length).optional().describe('event types; any of them'),
  regions: z.array(z.string().trim().toUpperCase().regex(/^([A-Z]{2}|EU)$/, 'must be an ISO 3166-1 alpha-2 code or EU')).max(50).optional()
    .describe('ISO 3166-1 alpha-2 codes or EU; any of them'),
}).strict();

export type DigestFilters = z.output<typeof filtersSchema>;

export const subscribeBodySchema = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  cadence: z.enum(['daily', 'weekly']).default('daily'),
  filters: filtersSchema.default({}),
  send_hour: z.number().int().min(0).max(23).default(7).describe('hour of the day the digest goes out, in timezone'),
  timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').transform(canonicalZone).default('UTC'),
}).strict();

export type SubscribeBody = z.output<typeof subscribeBodySchema>;

export const subscribeResponseSchema = z.object({ status: z.literal('pending'), message: z.string() });

/** Stored filters JSON back to filters; anything unreadable means "no filter" rather than a crash mid-run. */
export function readFilters(json: string): DigestFilters {
  try {
    const r = filtersSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

/** Drops empty lists so the stored JSON (and the admin list) shows only what was chosen. */
export function compactFilters(f: DigestFilters): DigestFilters {
  const out: DigestFilters = {};
  if (f.q) out.q = f.q;
  if (f.entities?.length) out.entities = [...new Set(f.entities)];
  if (f.types?.length) out.types = [...new Set(f.types)];
  if (f.regions?.length) out.regions = [...new Set(f.regions)];
  return out;
}

export const previewQuerySchema = z.object({ format: z.enum(['html', 'text']).default('html').describe('which part of the message') }).strict();
