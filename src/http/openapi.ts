// OpenAPI 3.1, generated from the zod schemas that validate requests and describe responses.
import { z } from 'zod';
import { signalQuerySchema } from './signal-query.js';
import { candidateQuerySchema, entityQuerySchema } from './api/entities.js';
import { storyQuerySchema } from './api/stories.js';
import { analyzeBodySchema } from './api/analyze.js';
import { sourcePatchSchema } from './api/sources.js';
import { sourceSchema } from '../domain/source.js';
import * as S from './schemas.js';
import { previewQuerySchema, subscribeBodySchema, subscribeResponseSchema } from '../digest/input.js';

export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string; // OpenAPI style: /api/v1/signals/{id}
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyType?: string;
  response?: z.ZodType;
  responseType?: string;
  status?: number;
  admin?: boolean;
}

const feedQuery = signalQuerySchema.omit({ cursor: true });

export const routeDocs: RouteDoc[] = [
  { method: 'get', path: '/api/v1/signals', summary: 'Signals, newest first or by relevance when q has terms', query: signalQuerySchema, response: S.signalPageSchema },
  { method: 'get', path: '/api/v1/signals/{id}', summary: 'One signal with all its stories', response: S.signalSchema },
  { method: 'get', path: '/api/v1/entities', summary: 'Entities with signal counts', query: entityQuerySchema, response: S.entityListSchema },
  { method: 'get', path: '/api/v1/stories', summary: 'Every stored story with the relevance verdict, newest first (off-topic ones make no signal)', query: storyQuerySchema, response: S.storyListSchema },
  { method: 'get', path: '/api/v1/entities/candidates', summary: 'Admin: names found by shape that reappear across signals, with counts and example headlines, to promote into the knowledge base', query: candidateQuerySchema, response: S.candidateListSchema },
  { method: 'get', path: '/api/v1/entities/{slug}', summary: 'One entity with its signal timeline and related entities', response: S.entityDetailSchema },
  { method: 'get', path: '/api/v1/sources', summary: 'Sources with their health', response: z.object({ items: z.array(S.sourceViewSchema) }) },
  { method: 'get', path: '/api/v1/sources/export.opml', summary: 'All sources as OPML 2.0', responseType: 'text/x-opml' },
  { method: 'get', path: '/api/v1/sources/{id}', summary: 'One source with its health', response: S.sourceViewSchema },
  { method: 'post', path: '/api/v1/sources', summary: 'Add a source', body: sourceSchema, response: S.sourceViewSchema, status: 201, admin: true },
  { method: 'patch', path: '/api/v1/sources/{id}', summary: 'Change a source', body: sourcePatchSchema, response: S.sourceViewSchema, admin: true },
  { method: 'delete', path: '/api/v1/sources/{id}', summary: 'Remove a source (its stories stay)', status: 204, admin: true },
  { method: 'post', path: '/api/v1/sources/{id}/crawl', summary: 'Crawl one source now', response: z.object({ source: S.sourceViewSchema, outcome: z.record(z.string(), z.unknown()) }), admin: true },
  { method: 'post', path: '/api/v1/sources/import-opml', summary: 'Add the feeds of an OPML document', bodyType: 'text/x-opml', response: z.object({ added: z.array(z.string()), skipped: z.number().int() }), status: 201, admin: true },
  { method: 'get', path: '/api/v1/subscriptions', summary: 'Digest subscriptions', response: S.subscriptionListSchema, admin: true },
  { method: 'post', path: '/api/v1/subscriptions', summary: 'Subscribe to the email digest: 202, and a confirmation email whose link confirms (double opt-in)', body: subscribeBodySchema, response: subscribeResponseSchema, status: 202 },
  { method: 'get', path: '/api/v1/subscriptions/{id}/preview', summary: "A subscriber's next digest as it would be sent now (HTML, or text with format=text)", query: previewQuerySchema, responseType: 'text/html', admin: true },
  { method: 'get', path: '/subscriptions/confirm/{token}', summary: 'Confirmation link from the email: confirms the subscription (works once, expires after 7 days)', responseType: 'text/html' },
  { method: 'get', path: '/subscriptions/unsubscribe/{token}', summary: 'Unsubscribe link: a page that asks (mail scanners follow GETs)', responseType: 'text/html' },
  { method: 'post', path: '/subscriptions/unsubscribe/{token}', summary: 'RFC 8058 one-click unsubscribe: unsubscribes at once', bodyType: 'application/x-www-form-urlencoded', responseType: 'text/html' },
  { method: 'get', path: '/subscriptions/manage/{token}', summary: 'Manage page from a digest: filters, cadence, hour, time zone', responseType: 'text/html' },
  { method: 'post', path: '/subscriptions/manage/{token}', summary: 'Save the manage form (action=save) or leave (action=leave)', bodyType: 'application/x-www-form-urlencoded', responseType: 'text/html' },
  { method: 'post', path: '/api/v1/predictions/{id}/undo', summary: 'Admin: undo a wrong confirmation; the prediction is open again and the record adjusts', response: S.undoSchema },
  { method: 'post', path: '/api/v1/analyze', summary: 'Analyse a text: event type, regions, entities, impacts', body: analyzeBodySchema, response: S.analysisSchema },
  { method: 'get', path: '/api/v1/track-record', summary: 'How the predictions fared: Brier score and calibration, overall and per playbook', response: S.trackRecordSchema },
  { method: 'get', path: '/feed.atom', summary: 'The stream as Atom 1.0 (same filters as /api/v1/signals)', query: feedQuery, responseType: 'application/atom+xml' },
  { method: 'get', path: '/feed.rss', summary: 'The stream as RSS 2.0', query: feedQuery, responseType: 'application/rss+xml' },
  { method: 'get', path: '/feed.json', summary: 'The stream as JSON Feed 1.1', query: feedQuery, responseType: 'application/feed+json' },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', responseType: 'application/json' },
  { method: 'get', path: '/healthz', summary: 'Liveness with a database check', response: S.healthSchema },
];

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

export function buildOpenApi(baseUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routeDocs) {
    const params: unknown[] = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (r.query) {
      for (const [name, field] of Object.entries(r.query.shape as Record<string, z.ZodType>)) {
        const { $schema: _, ...schema } = jsonSchema(field);
        params.push({ name, in: 'query', required: !field.safeParse(undefined).success, schema, ...(field.description ? { description: field.description } : {}) });
      }
    }
    const responses: Record<string, unknown> = {
      [String(r.status ?? 200)]: r.status === 204 ? { description: 'done' } : {
        description: 'ok',
        content: { [r.responseType ?? 'application/json']: { schema: r.response ? jsonSchema(r.response) : { type: 'string' } } },
      },
      '4XX': { description: 'bad input', content: { 'application/json': { schema: jsonSchema(S.errorSchema) } } },
    };
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(r.body || r.bodyType ? { requestBody: { required: true, content: { [r.bodyType ?? 'application/json']: { schema: r.body ? jsonSchema(r.body) : { type: 'string' } } } } } : {}),
      responses,
      ...(r.admin ? { security: [{ bearer: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Policy Radar API', version: '1', description: 'Tech-policy signals: search, entities, sources, analysis, feeds.' },
    servers: [{ url: baseUrl }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'RADAR_ADMIN_TOKEN' } } },
    paths,
  };
}
