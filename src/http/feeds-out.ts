// The stream as Atom 1.0, RSS 2.0 and JSON Feed 1.1, with the same filters as the API, so any
// search can be followed in a feed reader. All text is escaped; all links are absolute.
import { Hono } from 'hono';
import type { SignalOut } from '../domain/types.js';
import type { SignalQueries } from './signal-query.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  // XML 1.0 forbids most control characters even when escaped.
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

interface FeedContext { base: string; selfUrl: string; title: string }

function describe(s: SignalOut): string {
  const who = s.entities.filter((e) => e.role !== 'mentioned').slice(0, 6).map((e) => `${e.name} (${e.role})`).join(', ');
  const lines = [s.summary, `Event type: ${s.event_type}${s.regions.length ? ` · Regions: ${s.regions.join(', ')}` : ''}`];
  if (who) lines.push(`Entities: ${who}`);
  for (const i of s.impacts.slice(0, 3)) lines.push(`Predicted: ${i.statement} (p = ${i.confidence.toFixed(2)}, ${i.horizon_days} days)`);
  lines.push(`Coverage: ${s.stories.map((st) => st.outlet).join(', ')}`);
  return lines.join('\n');
}

function htmlOf(s: SignalOut): string {
  const text = describe(s).split('\n').map((l) => `<p>${xml(l)}</p>`).join('');
  // Only a web address becomes a link (as on the pages, web/views/format.ts webUrl): ingest
  // refuses other schemes today, but a reader would follow a javascript: href without asking.
  const link = (st: SignalOut['stories'][number]) => (/^https?:\/\//i.test(st.url) ? `<a href="${xml(st.url)}">${xml(st.title)}</a>` : xml(st.title));
  const stories = s.stories.map((st) => `<li>${link(st)} — ${xml(st.outlet)}</li>`).join('');
  return `${text}<ul>${stories}</ul>`;
}

export function renderAtom(items: SignalOut[], f: FeedContext): string {
  const updated = items.reduce((m, s) => (s.last_seen_at > m ? s.last_seen_at : m), '1970-01-01T00:00:00.000Z');
  const entries = items.map((s) => `  <entry>
    <id>${xml(`${f.base}/signals/${s.id}`)}</id>
    <title>${xml(s.headline)}</title>
    <link rel="alternate" type="text/html" href="${xml(`${f.base}/signals/${s.id}`)}"/>
    <published>${s.first_seen_at}</published>
    <updated>${s.last_seen_at}</updated>
    <author><name>${xml(s.stories[0]?.outlet ?? 'Policy Radar')}</name></author>
    <category term="${xml(s.event_type)}"/>${s.regions.map((r) => `\n    <category term="${xml(r)}" label="region"/>`).join('')}
    <summary type="text">${xml(s.summary)}</summary>
    <content type="html">${xml(htmlOf(s))}</content>
  </entry>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(f.selfUrl)}</id>
  <title>${xml(f.title)}</title>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(f.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${f.base}/`)}"/>
  <generator>Policy Radar</generator>
${entries}
</feed>
`;
}

export function renderRss(items: SignalOut[], f: FeedContext): string {
  const rfc822 = (iso: string) => new Date(iso).toUTCString();
  const body = items.map((s) => `    <item>
      <title>${xml(s.headline)}</title>
      <link>${xml(`${f.base}/signals/${s.id}`)}</link>
      <guid isPermaLink="true">${xml(`${f.base}/signals/${s.id}`)}</guid>
      <pubDate>${rfc822(s.first_seen_at)}</pubDate>
      <category>${xml(s.event_type)}</category>
      <description>${xml(htmlOf(s))}</description>
    </item>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(f.title)}</title>
    <link>${xml(`${f.base}/`)}</link>
    <description>Tech-policy signals from Policy Radar</description>
    <atom:link href="${xml(f.selfUrl)}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${rfc822(items[0]?.last_seen_at ?? new Date(0).toISOString())}</lastBuildDate>
${body}
  </channel>
</rss>
`;
}

export function renderJsonFeed(items: SignalOut[], f: FeedContext): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: f.title,
    home_page_url: `${f.base}/`,
    feed_url: f.selfUrl,
    items: items.map((s) => ({
      id: `${f.base}/signals/${s.id}`,
      url: `${f.base}/signals/${s.id}`,
      title: s.headline,
      content_text: describe(s),
      summary: s.summary,
      date_published: s.first_seen_at,
      date_modified: s.last_seen_at,
      tags: [s.event_type, ...s.regions],
      authors: [{ name: s.stories[0]?.outlet ?? 'Policy Radar' }],
      _policy_radar: { event_type: s.event_type, regions: s.regions, importance: s.importance, stories: s.stories },
    })),
  });
}

const formats = {
  'feed.atom': { type: 'application/atom+xml; charset=utf-8', render: renderAtom },
  'feed.rss': { type: 'application/rss+xml; charset=utf-8', render: renderRss },
  'feed.json': { type: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
} as const;

export function feedsOut(queries: SignalQueries, baseUrl: string) {
  const app = new Hono();
  for (const [path, fmt] of Object.entries(formats)) {
    app.get(`/${path}`, (c) => {
      const raw = c.req.query();
      const q = queries.parse({ limit: '50', ...raw });
      const { items } = queries.run({ ...q, cursor: undefined });
      const search = new URL(c.req.url).search;
      const label = [q.q, q.entity, q.type, q.region, q.source].filter(Boolean).join(' · ');
      c.header('Content-Type', fmt.type);
      return c.body(fmt.render(items, { base: baseUrl, selfUrl: `${baseUrl}/${path}${search}`, title: label ? `Policy Radar — ${label}` : 'Policy Radar' }));
    });
  }
  return app;
}
