// The small pages behind email links (confirm, unsubscribe, manage). Plain server-rendered
// HTML with forms, so they work without JavaScript and in any browser a mail client opens.
import { eventTypes } from '../../domain/types.js';
import type { SubscriptionRow } from '../../store/subscriptions.js';
import { escapeHtml as e } from '../../digest/render-html.js';
import { eventLabels } from '../../digest/view.js';
import { readFilters } from '../../digest/input.js';

const css = `body{font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color-scheme:light dark}
fieldset{border:1px solid #8884;margin:0 0 1rem;padding:.5rem 1rem}label{display:block;margin:.25rem 0}input[type=text],select{width:100%;max-width:28rem;padding:.3rem}
button{padding:.5rem 1rem;font-size:1rem;cursor:pointer}.muted{opacity:.75;font-size:.9rem}.error{color:#b91c1c}`;

export function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${e(title)} · Policy Radar</title><style>${css}</style></head>
<body><h1>${e(title)}</h1>${body}</body></html>`;
}

export const message = (title: string, text: string, extra = '') => page(title, `<p>${e(text)}</p>${extra}`);

/** The GET of an unsubscribe link only asks; mail scanners follow links, people press the button. */
export const unsubscribeConfirmPage = (action: string) => page('Unsubscribe from Policy Radar digests?',
  `<p>You will get no more digests at this address.</p><form method="post" action="${e(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`);

export function managePage(sub: SubscriptionRow, action: string, note: { error?: string; saved?: boolean } = {}): string {
  const f = readFilters(sub.filters);
  const chosen = new Set(f.types ?? []);
  const hours = Array.from({ length: 24 }, (_, h) => `<option value="${h}"${h === sub.send_hour ? ' selected' : ''}>${String(h).padStart(2, '0')}:00</option>`).join('');
  const types = eventTypes.map((t) => `<label><input type="checkbox" name="types" value="${t}"${chosen.has(t) ? ' checked' : ''}> ${e(eventLabels[t])}</label>`).join('');
  const radio = (v: string) => `<label><input type="radio" name="cadence" value="${v}"${sub.cadence === v ? ' checked' : ''}> ${v}</label>`;
  return page('Your Policy Radar digest', `${note.error ? `<p class="error">${e(note.error)}</p>` : ''}${note.saved ? '<p><strong>Saved.</strong></p>' : ''}
<form method="post" action="${e(action)}"><input type="hidden" name="action" value="save">
<fieldset><legend>Schedule</legend>${radio('daily')}${radio('weekly')}<span class="muted">Weekly digests go out on Mondays.</span>
<label>Hour <select name="send_hour">${hours}</select></label>
<label>Time zone <input type="text" name="timezone" value="${e(sub.timezone)}" placeholder="Europe/Berlin"></label></fieldset>
<fieldset><legend>Filters (empty: everything)</legend>
<label>Search <input type="text" name="q" value="${e(f.q ?? '')}" placeholder='chips "export controls" -tariffs'></label>
<label>Entities, comma-separated <input type="text" name="entities" value="${e((f.entities ?? []).join(', '))}" placeholder="Huawei, European Commission"></label>
<label>Regions, comma-separated <input type="text" name="regions" value="${e((f.regions ?? []).join(', '))}" placeholder="EU, US, CN"></label>
<div>Event types</div>${types}</fieldset>
<button type="submit">Save</button></form>
<form method="post" action="${e(action)}" style="margin-top:2rem"><input type="hidden" name="action" value="leave">
<button type="submit">Unsubscribe</button> <span class="muted">Stops all digests to this address.</span></form>`);
}

/** The manage form's fields to the shape the JSON API takes. */
export function formToBody(form: Record<string, string | File | (string | File)[]>): Record<string, unknown> {
  const one = (k: string) => { const v = form[k]; const s = Array.isArray(v) ? v[0] : v; return typeof s === 'string' ? s.trim() : undefined; };
  const list = (k: string) => { const v = form[k]; return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string'); };
  const split = (k: string) => (one(k) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const body: Record<string, unknown> = {
    filters: { q: one('q') || undefined, entities: split('entities'), types: list('types'), regions: split('regions') },
  };
  if (one('cadence')) body.cadence = one('cadence');
  if (one('send_hour')) body.send_hour = Number(one('send_hour'));
  if (one('timezone')) body.timezone = one('timezone');
  return body;
}
