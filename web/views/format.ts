// Words and dates as an analyst reads them. Dates are shown in UTC, said so, and carried in
// <time datetime> so nothing depends on the server's or the reader's time zone.
import type { EntityRole, EventType } from '../../src/domain/types.js';

export const typeLabels: Record<EventType, string> = {
  usage_restriction: 'Usage restriction', trade_restriction: 'Trade restriction', regulation: 'Regulation',
  enforcement: 'Enforcement', litigation: 'Litigation', security_incident: 'Security incident',
  industrial_policy: 'Industrial policy', corporate_deal: 'Corporate deal', market_move: 'Market move', other: 'Other',
};

export const roleLabels: Record<EntityRole, string> = { actor: 'Acting', target: 'Targeted', affected: 'Affected', mentioned: 'Mentioned' };

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
export function regionName(code: string): string {
  try { return regionNames.of(code) ?? code; } catch { return code; }
}

const dayFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const weekdayFmt = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const valid = (iso: string | null | undefined): iso is string => !!iso && !Number.isNaN(Date.parse(iso));

/** "2 May 2025" */
export const fmtDay = (iso: string | null | undefined) => (valid(iso) ? dayFmt.format(new Date(iso)) : '—');
/** "Friday 2 May 2025": the stream's day headings. */
export const fmtWeekday = (iso: string) => weekdayFmt.format(new Date(iso));
/** "10:00 UTC" */
export const fmtTime = (iso: string) => `${iso.slice(11, 16)} UTC`;
/** "2 May 2025, 10:00 UTC" */
export const fmtDateTime = (iso: string | null | undefined) => (valid(iso) ? `${fmtDay(iso)}, ${fmtTime(new Date(iso).toISOString())}` : '—');

/** "5 min ago", "in 2 h": how fresh a source's health is, relative to the page's own time. */
export function relative(iso: string, now: Date): string {
  const s = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  const a = Math.abs(s);
  const span = a < 45 ? '' : a < 5400 ? `${Math.round(a / 60)} min` : a < 129_600 ? `${Math.round(a / 3600)} h` : `${Math.round(a / 86_400)} days`;
  if (!span) return s < 0 ? 'just now' : 'now';
  return s < 0 ? `${span} ago` : `in ${span}`;
}

export const pct = (p: number) => `${Math.round(p * 100)} %`;

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Stored summaries are cut at a fixed length, often mid-word; end them at a word with an
 * ellipsis so a card never stops on half a word.
 */
export function tidySummary(s: string): string {
  const t = s.trim();
  if (t.length < 200 || /[.!?»"”')]$/.test(t)) return t;
  const cut = t.lastIndexOf(' ');
  return `${(cut > 0 ? t.slice(0, cut) : t).replace(/[,;:–—-]$/, '')}…`;
}

/** A link's query string from the parameters that have values; order fixed so links compare equal. */
export function withQuery(path: string, params: Record<string, string | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) u.set(k, v);
  const s = u.toString();
  return s ? `${path}?${s}` : path;
}

/** A feed's link, only when it is http(s): a `javascript:` or `data:` URL from a feed is shown, never followed. */
export const webUrl = (u: string | null | undefined): string | undefined => (u && /^https?:\/\//i.test(u) ? u : undefined);
