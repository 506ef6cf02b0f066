// One entity: its timeline of signals with the role it played in each, and the parties it
// appears with most, each one click from its own page.
import type { EntitySummary, TimelineEntry } from '../../src/store/entities.js';
import { Layout } from './layout.js';
import { FollowLinks, Regions, TypeTag } from './components.js';
import { fmtDay, plural, regionName, roleLabels } from './format.js';
import { streamHref } from './filters.js';

export type EntityView = EntitySummary & { timeline: TimelineEntry[]; related: (EntitySummary & { shared: number })[] };

export function EntityPage({ e }: { e: EntityView }) {
  const counts = new Map<string, number>();
  for (const t of e.timeline) counts.set(t.role, (counts.get(t.role) ?? 0) + 1);
  return (
    <Layout title={e.name} section={null} feeds={{ atom: `/feed.atom?entity=${encodeURIComponent(e.slug)}`, json: `/feed.json?entity=${encodeURIComponent(e.slug)}` }}>
      <p class="crumbs"><a href="/">← Stream</a></p>
      <h1>{e.name}</h1>
      <p class="sig-meta">
        <span class="tag plain">{e.kind}</span>
        {e.country ? <span>{regionName(e.country)}</span> : null}
        <span>{plural(e.signal_count, 'signal')}</span>
        {[...counts].map(([role, n]) => <span>{roleLabels[role as keyof typeof roleLabels] ?? role} in {n}</span>)}
      </p>
      <div class="two">
        <section aria-labelledby="tl" class="timeline">
          <h2 id="tl">Timeline</h2>
          {e.timeline.length ? (
            <ol class="tl">
              {e.timeline.map((t) => (
                <li>
                  <time datetime={t.first_seen_at}>{fmtDay(t.first_seen_at)}</time>
                  <div>
                    <a href={`/signals/${t.id}`} data-nav=""><bdi>{t.headline}</bdi></a>
                    <p class="sig-meta">
                      <span class={`role r-${t.role}`}>{roleLabels[t.role] ?? t.role}</span>
                      <TypeTag type={t.event_type} href={streamHref({ entity: e.slug, type: t.event_type })} />
                      <Regions regions={t.regions} filters={{ entity: e.slug }} />
                    </p>
                  </div>
                </li>
              ))}
            </ol>
          ) : <p class="muted">No signals name {e.name} yet.</p>}
          {e.signal_count > e.timeline.length ? <p><a href={streamHref({ entity: e.slug })}>All {e.signal_count} signals in the stream →</a></p> : null}
        </section>
        <aside aria-labelledby="with">
          <h2 id="with">Appears most with</h2>
          {e.related.length ? (
            <ol class="with">
              {e.related.map((r) => (
                <li><a href={`/entities/${encodeURIComponent(r.slug)}`}>{r.name}</a> <span class="muted">{r.kind} · {plural(r.shared, 'signal')}</span></li>
              ))}
            </ol>
          ) : <p class="muted">Nobody yet.</p>}
          <h2 id="follow-h">Follow {e.name}</h2>
          <FollowLinks filters={{ entity: e.slug }} what={`signals about ${e.name}`} />
          <p><a href={streamHref({ entity: e.slug })}>Filter the stream by {e.name}</a></p>
        </aside>
      </div>
    </Layout>
  );
}
