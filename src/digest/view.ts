// One digest as the two renderers see it: plain strings, links made absolute, dates in the
// subscriber's time zone. Both parts are built from this, so they always say the same thing.
import type { EventType, SignalOut } from '../domain/types.js';
import type { Cadence } from '../store/subscriptions.js';
import type { DigestContent } from './compose.js';

export interface DigestItemView { headline: string; summary: string; entities: string[]; regions: string[]; impact: string | null; url: string }
export interface PredictionView { statement: string; probability: string; status: 'confirmed' | 'expired'; resolvedOn: string; origin: string; originUrl: string; confirmedBy: string | null; confirmedByUrl: string | null }

export interface DigestView {
  subject: string;
  heading: string;
  periodLabel: string;
  /** The preview line mail clients show beside the subject. */
  preheader: string;
  groups: { label: string; items: DigestItemView[] }[];
  total: number;
  more: number;
  moreUrl: string;
  predictions: PredictionView[];
  manageUrl: string;
  unsubscribeUrl: string;
  baseUrl: string;
}

export const eventLabels: Record<EventType, string> = {
  usage_restriction: 'Usage restrictions', trade_restriction: 'Trade restrictions', regulation: 'Regulation', enforcement: 'Enforcement',
  litigation: 'Litigation', security_incident: 'Security incidents', industrial_policy: 'Industrial policy', corporate_deal: 'Corporate deals',
  market_move: 'Market moves', other: 'Other',
};

/** Cuts text at a word boundary: one or two lines of summary in a mail client. */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

const probability = (p: number) => `p = ${p.toFixed(2)}`;

// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone and style.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(tz: string, style: 'day' | 'time'): Intl.DateTimeFormat {
  const key = `${style} ${tz}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', style === 'day'
      ? { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
      : { timeZone: tz, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(key, f);
  }
  return f;
}
const dayLabel = (iso: string, tz: string) => format(tz, 'day').format(new Date(iso));
const timeLabel = (iso: string, tz: string) => format(tz, 'time').format(new Date(iso));

/** Actors and targets before the affected, stakeholder groups last: the names a reader scans for. */
function keyEntities(s: SignalOut): string[] {
  const named = s.entities.filter((e) => e.role !== 'mentioned' && e.kind !== 'group');
  return (named.length ? named : s.entities).slice(0, 4).map((e) => e.name);
}

function itemView(s: SignalOut, baseUrl: string): DigestItemView {
  const lead = s.impacts[0];
  const summary = s.summary && !s.summary.startsWith(s.headline) ? s.summary : s.summary.slice(s.headline.length).replace(/^[\s.:–-]+/, '');
  return {
    headline: clip(s.headline, 200),
    summary: clip(summary, 220),
    entities: keyEntities(s),
    regions: s.regions,
    impact: lead ? `${clip(lead.statement, 200)} (${probability(lead.confidence)})` : null,
    url: `${baseUrl}/signals/${s.id}`,
  };
}

export interface ViewInput { content: DigestContent; cadence: Cadence; timezone: string; baseUrl: string; manageUrl: string; unsubscribeUrl: string }

export function digestView({ content, cadence, timezone, baseUrl, manageUrl, unsubscribeUrl }: ViewInput): DigestView {
  const { period, total } = content;
  const shown = content.groups.reduce((n, g) => n + g.signals.length, 0);
  const count = `${total} new signal${total === 1 ? '' : 's'}`;
  const resolved = content.predictions.length ? `, ${content.predictions.length} prediction${content.predictions.length === 1 ? '' : 's'} resolved` : '';
  const day = dayLabel(period.end, timezone);
  const top = content.groups.flatMap((g) => g.signals).sort((a, b) => b.importance - a.importance)[0];
  return {
    subject: `Policy Radar ${cadence} digest for ${day}: ${count}${resolved}`,
    heading: `Your ${cadence} Policy Radar digest`,
    periodLabel: `${count} from ${timeLabel(period.start, timezone)} to ${timeLabel(period.end, timezone)} (${timezone})`,
    preheader: top ? clip(top.headline, 120) : `${count}${resolved}`,
    groups: content.groups.map((g) => ({ label: eventLabels[g.type], items: g.signals.map((s) => itemView(s, baseUrl)) })),
    total,
    more: total - shown,
    moreUrl: `${baseUrl}/?since=${encodeURIComponent(period.start)}&until=${encodeURIComponent(period.end)}`,
    predictions: content.predictions.map((p) => ({
      statement: clip(p.statement, 200), probability: probability(p.confidence), status: p.status, resolvedOn: dayLabel(p.resolved_at, timezone),
      origin: clip(p.signal.headline, 160), originUrl: `${baseUrl}/signals/${p.signal.id}`,
      confirmedBy: p.resolved_by_headline ? clip(p.resolved_by_headline, 160) : null, confirmedByUrl: p.resolved_by ? `${baseUrl}/signals/${p.resolved_by}` : null,
    })),
    manageUrl, unsubscribeUrl, baseUrl,
  };
}
