// The stream: search, the signals of the day grouped under day headings, paging, and the
// filters beside them (below them on a phone). Every control is part of one GET form, so a
// view is a URL: bookmark it, share it, follow it as a feed or subscribe to it by email.
import type { SignalOut } from '../../src/domain/types.js';
import type { Facets } from '../../src/store/pages-facets.js';
import { Layout } from './layout.js';
import { FollowLinks, SignalCard } from './components.js';
import { fmtWeekday, regionName, typeLabels } from './format.js';
import { feedHrefs, hasFilters, streamHref, type FilterKey, type StreamFilters } from './filters.js';

export interface StreamProps {
  filters: StreamFilters;
  items: SignalOut[];
  nextCursor: string | null;
  paged: boolean;
  relevance: boolean;
  facets: Facets;
  /** The entity filter's display name, when it names a known entity. */
  entityName: string | null;
  error: string | null;
}

function heading(f: StreamFilters, entityName: string | null): string {
  if (f.q) return `Signals matching “${f.q}”`;
  if (f.entity) return `Signals about ${entityName ?? f.entity}`;
  return 'Signals';
}

function ActiveFilters({ filters, entityName, facets }: { filters: StreamFilters; entityName: string | null; facets: Facets }) {
  const label: Record<Exclude<FilterKey, 'sort'>, (v: string) => string> = {
    q: (v) => `Search: ${v}`,
    type: (v) => `Type: ${typeLabels[v as keyof typeof typeLabels] ?? v}`,
    region: (v) => `Region: ${regionName(v)}`,
    entity: (v) => `Entity: ${entityName ?? v}`,
    source: (v) => `Source: ${facets.sources.find((s) => s.id === v)?.name ?? v}`,
    since: (v) => `From ${v}`,
    until: (v) => `Before ${v}`,
  };
  const active = (Object.keys(label) as (keyof typeof label)[]).filter((k) => filters[k]);
  if (!active.length) return null;
  return (
    <div class="active">
      <ul aria-label="Active filters">
        {active.map((k) => (
          <li><a class="chip" href={streamHref(filters, { [k]: undefined })} aria-label={`Remove ${label[k](filters[k]!)}`}>{label[k](filters[k]!)} <span aria-hidden="true">×</span></a></li>
        ))}
      </ul>
      <a href="/">Clear all</a>
    </div>
  );
}

/** Newest first under one heading per day; a relevance search keeps its order under one heading. */
function Results({ items, filters, relevance }: { items: SignalOut[]; filters: StreamFilters; relevance: boolean }) {
  const reorder = filters.q && !relevance
    ? <p class="order">Newest first · <a href={streamHref(filters, { sort: undefined })}>order by best match</a></p> : null;
  if (relevance) {
    return (
      <section aria-labelledby="best">
        <h2 id="best" class="day">Best matches</h2>
        <p class="order">Ordered by best match · <a href={streamHref(filters, { sort: 'recent' })}>newest first</a></p>
        {items.map((s) => <SignalCard s={s} filters={filters} fullDate />)}
      </section>
    );
  }
  const days: [string, SignalOut[]][] = [];
  for (const s of items) {
    const day = s.first_seen_at.slice(0, 10);
    const last = days[days.length - 1];
    if (last && last[0] === day) last[1].push(s);
    else days.push([day, [s]]);
  }
  return (
    <>
      {reorder}
      {days.map(([day, list]) => (
        <section aria-labelledby={`d${day}`}>
          <h2 id={`d${day}`} class="day"><time datetime={day}>{fmtWeekday(`${day}T00:00:00Z`)}</time></h2>
          {list.map((s) => <SignalCard s={s} filters={filters} />)}
        </section>
      ))}
    </>
  );
}

function FilterForm({ filters, facets }: { filters: StreamFilters; facets: Facets }) {
  return (
    <aside class="filters" id="filters" aria-labelledby="filters-h">
      <h2 id="filters-h">Filters</h2>
      <div class="fgrid">
        <div class="field">
          <label for="f-type">Event type</label>
          <select id="f-type" name="type" form="search">
            <option value="">Any type</option>
            {facets.types.map((t) => <option value={t.type} selected={filters.type === t.type}>{typeLabels[t.type] ?? t.type} ({t.n})</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-region">Region</label>
          <select id="f-region" name="region" form="search">
            <option value="">Any region</option>
            {filters.region && !facets.regions.some((r) => r.region === filters.region) ? <option value={filters.region} selected>{regionName(filters.region)}</option> : null}
            {facets.regions.map((r) => <option value={r.region} selected={filters.region === r.region}>{regionName(r.region)} ({r.n})</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-entity">Entity</label>
          <input id="f-entity" name="entity" form="search" list="entity-list" value={filters.entity ?? ''} placeholder="Name or slug" autocomplete="off" />
          <datalist id="entity-list">
            {facets.entities.map((e) => <option value={e.slug}>{e.name}</option>)}
          </datalist>
        </div>
        <div class="field">
          <label for="f-source">Source</label>
          <select id="f-source" name="source" form="search">
            <option value="">Any source</option>
            {facets.sources.map((s) => <option value={s.id} selected={filters.source === s.id}>{s.name}{s.stories ? ` (${s.stories})` : ''}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-since">First seen from</label>
          <input id="f-since" name="since" form="search" type="date" value={filters.since?.slice(0, 10) ?? ''} />
        </div>
        <div class="field">
          <label for="f-until">First seen before</label>
          <input id="f-until" name="until" form="search" type="date" value={filters.until?.slice(0, 10) ?? ''} />
        </div>
      </div>
      <button type="submit" form="search" class="btn primary">Apply filters</button>
      <h2 id="follow-h">Follow this view</h2>
      <FollowLinks filters={filters} />
    </aside>
  );
}

export function StreamPage(p: StreamProps) {
  const { filters } = p;
  return (
    <Layout title={hasFilters(filters) ? heading(filters, p.entityName) : 'Policy Radar'} section="stream" feeds={feedHrefs(filters)}
      description="Tech-policy signals: bans, export controls, fines, laws and lawsuits, with who they hit and what is likely to follow.">
      <div class="stream-head">
        <h1>{heading(filters, p.entityName)}</h1>
        <form id="search" role="search" action="/" method="get" class="search">
          <label for="q" class="vh">Search signals</label>
          <input id="q" name="q" type="search" value={filters.q ?? ''} placeholder="Search signals"
            aria-describedby="search-help" autocomplete="off" />
          {filters.sort ? <input type="hidden" name="sort" value={filters.sort} /> : null}
          <button type="submit" class="btn">Search</button>
        </form>
        <p id="search-help" class="help">Words, "phrases", -not, prefix*, and entity:, type:, region:, source:. Press <kbd>/</kbd> to search. <a href="#filters" class="to-filters">Filters and feeds</a></p>
      </div>
      <ActiveFilters filters={filters} entityName={p.entityName} facets={p.facets} />
      <div class="stream">
        <div class="results">
          {p.error ? <div class="errors" role="alert"><h2>That search could not run</h2><p>{p.error}</p></div> : null}
          {!p.error && !p.items.length ? (
            <div class="empty">
              <h2>No signals match</h2>
              <p>{hasFilters(filters) ? 'Try fewer words or remove a filter.' : 'Nothing has been collected yet: the first crawl fills the stream.'}</p>
            </div>
          ) : null}
          {p.items.length ? <Results items={p.items} filters={filters} relevance={p.relevance} /> : null}
          {p.nextCursor || p.paged ? (
            <nav class="pager" aria-label="More signals">
              {p.paged ? <a href={streamHref(filters)}>Back to the newest</a> : null}
              {p.nextCursor ? <a href={streamHref(filters, { cursor: p.nextCursor })} rel="next">{p.relevance ? 'More results' : 'Older signals'} →</a> : null}
            </nav>
          ) : null}
        </div>
        <FilterForm filters={filters} facets={p.facets} />
      </div>
    </Layout>
  );
}
