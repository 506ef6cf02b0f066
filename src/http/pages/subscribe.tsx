// GET /subscribe shows the form (prefilled from a stream view's "email me this" link);
// POST /subscribe is the no-JavaScript path: validate here with field-by-field messages, hand
// the subscription to POST /api/v1/subscriptions, and say a confirmation email is on its way
// only when that API accepted it.
import { Hono } from 'hono';
import { z } from 'zod';
import { eventTypes } from '../../domain/types.js';
import { emptySubscription, SubscribePage, type SubscribeState, type SubscribeValues } from '../../../web/views/subscribe.js';
import type { FieldError } from '../../../web/views/components.js';
import { sendPage } from './render.js';
import { readForm, type FormBody } from '../body.js';
import type { PageDeps } from './index.js';

const list = (s: string) => s.split(/[,;\n]/).map((x) => x.trim()).filter(Boolean);

const validZone = (tz: string) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } };

const formSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(254, 'That email address is too long')
    .pipe(z.email('Enter an email address like name@example.org')),
  cadence: z.enum(['daily', 'weekly'], 'Choose daily or weekly'),
  q: z.string().trim().max(500, 'Words: at most 500 characters'),
  entities: z.string().transform(list).pipe(z.array(z.string().max(200)).max(20, 'At most 20 entities')),
  types: z.array(z.enum(eventTypes, 'Choose event types from the list')),
  regions: z.string().transform((s) => list(s).map((r) => r.toUpperCase()))
    .pipe(z.array(z.string().regex(/^([A-Z]{2}|EU)$/, 'Regions are two-letter codes such as US, CN or EU')).max(30, 'At most 30 regions')),
  send_hour: z.coerce.number().int().min(0, 'Choose an hour').max(23, 'Choose an hour'),
  timezone: z.string().trim().min(1, 'Enter a time zone').refine(validZone, 'Unknown time zone: use a name such as Europe/Paris'),
});

/** Which form control an issue belongs to (the id its message links to). */
const fieldIds: Record<string, string> = { q: 's-q' };

type Body = FormBody;
const str = (v: Body[string] | undefined) => (Array.isArray(v) ? v[0] : v);
const text = (v: Body[string] | undefined) => { const s = str(v); return typeof s === 'string' ? s : ''; };

function valuesOf(body: Body): SubscribeValues {
  const types = body.types === undefined ? [] : (Array.isArray(body.types) ? body.types : [body.types]);
  return {
    email: text(body.email), cadence: text(body.cadence) || 'daily', q: text(body.q), entities: text(body.entities),
    types: types.filter((t): t is string => typeof t === 'string'), regions: text(body.regions),
    send_hour: text(body.send_hour) || '7', timezone: text(body.timezone) || 'UTC',
  };
}

/** The API's error message, or a reason the API could not be reached. */
async function refusal(res: Response): Promise<string> {
  if (res.status === 404 || res.status === 405) return 'Email digests are not enabled on this server yet. Follow the view as an Atom or JSON feed instead.';
  if (res.status === 429) return 'Too many attempts from here: wait a minute and send the form again.';
  const body = await res.json().catch(() => null) as { error?: { message?: string } } | null;
  if (res.status >= 500) return `The server could not take the subscription just now${body?.error?.message ? `: ${body.error.message}` : '. Please try again in a few minutes.'}`;
  return body?.error?.message ? `The server refused the subscription: ${body.error.message}` : `The subscription was refused (${res.status}).`;
}

export function subscribePage({ request }: PageDeps) {
  return new Hono()
    .get('/subscribe', (c) => {
      const q = c.req.query();
      // The stream's parameter names (entity, type, region) and the API's plural ones both prefill.
      const values: SubscribeValues = {
        ...emptySubscription,
        q: q.q ?? '',
        entities: q.entities ?? q.entity ?? '',
        types: c.req.queries('types') ?? c.req.queries('type') ?? [],
        regions: q.regions ?? q.region ?? '',
        cadence: q.cadence === 'weekly' ? 'weekly' : 'daily',
      };
      return sendPage(c, <SubscribePage state={{ kind: 'form', values, errors: [] }} />);
    })
    .post('/subscribe', async (c) => {
      const values = valuesOf(await readForm(c));
      const parsed = formSchema.safeParse(values);
      if (!parsed.success) {
        const seen = new Set<string>();
        const errors: FieldError[] = [];
        for (const i of parsed.error.issues) {
          const key = String(i.path[0] ?? '');
          if (seen.has(key)) continue;
          seen.add(key);
          errors.push({ field: fieldIds[key] ?? key, message: i.message });
        }
        return sendPage(c, <SubscribePage state={{ kind: 'form', values, errors }} />, 400);
      }
      const f = parsed.data;
      const body = {
        email: f.email, cadence: f.cadence, send_hour: f.send_hour, timezone: f.timezone,
        filters: {
          ...(f.q ? { q: f.q } : {}), ...(f.entities.length ? { entities: f.entities } : {}),
          ...(f.types.length ? { types: f.types } : {}), ...(f.regions.length ? { regions: f.regions } : {}),
        },
      };
      const res = request
        ? await request('/api/v1/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        : new Response(null, { status: 404 });
      let state: SubscribeState;
      if (res.status === 202 || res.status === 200 || res.status === 201) state = { kind: 'sent', email: f.email };
      else if (res.status === 400 || res.status === 422) state = { kind: 'form', values, errors: [{ field: '', message: await refusal(res) }] };
      else state = { kind: 'unavailable', values, message: await refusal(res) };
      return sendPage(c, <SubscribePage state={state} />, state.kind === 'sent' ? 200 : state.kind === 'form' ? 400 : 503);
    });
}
