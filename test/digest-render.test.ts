// The two parts of a digest at their largest and with hostile text: under 100 KB, escaped,
// table layout with inline styles, and the same content in the text part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestView } from '../src/digest/view.js';
import { renderHtml } from '../src/digest/render-html.js';
import { renderText } from '../src/digest/render-text.js';
import { MAX_PREDICTIONS, MAX_SIGNALS, type DigestContent } from '../src/digest/compose.js';
import { eventTypes, type SignalOut } from '../src/domain/types.js';

const long = (word: string, n: number) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

function signal(i: number, headline = `${long('Headline', 40)} ${i}`): SignalOut {
  return {
    id: i, headline, summary: long('summary', 400), event_type: eventTypes[i % eventTypes.length]!, regions: ['EU', 'US', 'CN'], importance: 1 - i / 100,
    first_seen_at: '2025-03-30T04:00:00.000Z', last_seen_at: '2025-03-30T04:00:00.000Z',
    entities: Array.from({ length: 12 }, (_, k) => ({ id: k, slug: `e${k}`, name: `${long('Entity', 6)} ${k}`, kind: 'company' as const, role: 'actor' as const, confidence: 0.9 })),
    impacts: [{ id: i, statement: long('impact', 80), confidence: 0.62, horizon_days: 90, basis: long('basis', 100), status: 'open', resolved_by: null }],
    stories: [],
  };
}

function content(signals: SignalOut[], total = signals.length): DigestContent {
  const groups = eventTypes.map((type) => ({ type, signals: signals.filter((s) => s.event_type === type) })).filter((g) => g.signals.length);
  const predictions = Array.from({ length: MAX_PREDICTIONS }, (_, i) => ({
    id: i, signal_id: i, statement: long('prediction', 60), confidence: 0.4, horizon_days: 90, status: (i % 2 ? 'confirmed' : 'expired') as 'confirmed' | 'expired',
    resolved_at: '2025-03-30T03:00:00.000Z', resolved_by: i % 2 ? 99 : null, resolved_by_headline: i % 2 ? long('Confirming', 30) : null, signal: signal(i),
  }));
  return { period: { start: '2025-03-29T06:00:00.000Z', end: '2025-03-30T05:00:00.000Z' }, total, groups, predictions };
}

const view = (c: DigestContent) => digestView({ content: c, cadence: 'daily', timezone: 'Europe/Berlin', baseUrl: 'https://radar.example.org', manageUrl: 'https://radar.example.org/m', unsubscribeUrl: 'https://radar.example.org/u' });

test('the fullest digest stays under 100 KB, the rest is counted and linked', () => {
  const v = view(content(Array.from({ length: MAX_SIGNALS }, (_, i) => signal(i)), 250));
  const html = renderHtml(v);
  assert.ok(Buffer.byteLength(html) < 100 * 1024, `${Buffer.byteLength(html)} bytes`);
  assert.equal(v.more, 250 - MAX_SIGNALS);
  assert.match(html, /See all 250 signals on the web/);
  assert.match(v.subject, /^Policy Radar daily digest for Sun, 30 Mar 2025: 250 new signals, 10 predictions resolved$/);
  assert.match(v.periodLabel, /from 29 Mar, 07:00 to 30 Mar, 07:00 \(Europe\/Berlin\)/, 'the wall clock across the DST change');
  const item = v.groups[0]!.items[0]!;
  assert.ok(item.summary.length <= 220 && item.summary.endsWith('…'), 'one or two lines of summary');
  assert.equal(item.entities.length, 4);
  assert.match(item.impact!, /\(p = 0\.62\)$/);
});

test('text from feeds is escaped in HTML and kept as text in the plain part', () => {
  const evil = signal(1, 'Court <script>alert(1)</script> rules on "TikTok" & data <img src=x onerror=y>');
  const v = view(content([evil]));
  const html = renderHtml(v);
  assert.doesNotMatch(html, /<script>|<img/);
  assert.match(html, /Court &lt;script&gt;alert\(1\)&lt;\/script&gt; rules on &quot;TikTok&quot; &amp; data/);
  const text = renderText(v);
  assert.match(text, /\* Court <script>alert\(1\)<\/script> rules on "TikTok" & data/);
});

test('layout for mail clients: nested presentation tables, inline styles, dark-mode hints, both parts alike', () => {
  const v = view(content([signal(1), signal(2), signal(3)]));
  const html = renderHtml(v);
  assert.match(html, /<meta name="color-scheme" content="light dark">/);
  assert.match(html, /@media \(prefers-color-scheme: dark\)/);
  assert.ok((html.match(/<table role="presentation"/g) ?? []).length >= 3);
  assert.ok(/<td[^>]*style="[^"]*font-family/.test(html), 'text cells carry their own font');
  assert.doesNotMatch(html, /<div[^>]*class="[^"]*"(?![^>]*style=)/, 'every classed element has inline style too');
  const text = renderText(v);
  for (const g of v.groups) assert.ok(text.includes(`== ${g.label} (${g.items.length}) ==`) && html.includes(g.label));
  assert.match(text, /== Predictions resolved ==/);
  assert.match(text, /Confirmed Sun, 30 Mar 2025 by: Confirming0/);
  assert.match(text, /Unsubscribe: https:\/\/radar\.example\.org\/u/);
});
