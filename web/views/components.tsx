// Pieces several pages share: the event-type tag, region links, a signal card, feed links,
// and the error summary forms use.
import type { EventType, SignalOut } from '../../src/domain/types.js';
import { fmtDateTime, fmtTime, plural, regionName, tidySummary, typeLabels } from './format.js';
import { feedHrefs, streamHref, subscribeHref, type StreamFilters } from './filters.js';

export function TypeTag({ type, href }: { type: EventType; href?: string }) {
  const label = typeLabels[type] ?? type;
  return href
    ? <a class={`tag t-${type}`} href={href}>{label}</a>
    : <span class={`tag t-${type}`}>{label}</span>;
}

export function Regions({ regions, filters }: { regions: string[]; filters?: StreamFilters }) {
  if (!regions.length) return null;
  return (
    <span class="regions">
      {regions.map((r) => (
        <a href={streamHref(filters ?? {}, { region: r, cursor: undefined })} aria-label={`Signals in ${regionName(r)}`}>
          <abbr title={regionName(r)}>{r}</abbr>
        </a>
      ))}
    </span>
  );
}

/** Who acts on whom: the actors, then an arrow, then the targets; the parties an analyst scans for. */
function Parties({ s }: { s: SignalOut }) {
  const named = s.entities.filter((e) => e.kind !== 'group');
  const actors = named.filter((e) => e.role === 'actor').slice(0, 2);
  const targets = named.filter((e) => e.role === 'target').slice(0, 3);
  const list = (es: typeof named) => es.map((e, i) => <>{i ? ', ' : ''}<a href={`/entities/${encodeURIComponent(e.slug)}`}>{e.name}</a></>);
  if (!actors.length && !targets.length) {
    const some = named.slice(0, 3);
    return some.length ? <span class="parties">{list(some)}</span> : null;
  }
  return (
    <span class="parties">
      {list(actors)}
      {actors.length && targets.length ? <span class="arrow" aria-label="acting on"> → </span> : null}
      {list(targets)}
    </span>
  );
}

export function SignalCard({ s, filters, fullDate }: { s: SignalOut; filters: StreamFilters; fullDate?: boolean }) {
  const outlets = new Set(s.stories.map((st) => st.outlet));
  const primary = s.stories[0]?.outlet;
  const confirmed = s.impacts.filter((i) => i.status === 'confirmed').length;
  return (
    <article class="sig" aria-labelledby={`s${s.id}`}>
      <p class="sig-meta">
        <TypeTag type={s.event_type} href={streamHref(filters, { type: s.event_type, cursor: undefined })} />
        <Regions regions={s.regions} filters={filters} />
        <time datetime={s.first_seen_at}>{fullDate ? fmtDateTime(s.first_seen_at) : fmtTime(s.first_seen_at)}</time>
      </p>
      <h3 id={`s${s.id}`}><a href={`/signals/${s.id}`} data-nav="">{s.headline}</a></h3>
      {s.summary ? <p class="sum">{tidySummary(s.summary)}</p> : null}
      <p class="sig-foot">
        <Parties s={s} />
        <span class="src">{primary ? <bdi>{primary}</bdi> : 'no source'}{outlets.size > 1 ? ` + ${plural(outlets.size - 1, 'more outlet')}` : ''}</span>
        {s.impacts.length ? <span class="preds">{plural(s.impacts.length, 'prediction')}{confirmed ? `, ${confirmed} confirmed` : ''}</span> : null}
      </p>
    </article>
  );
}

export function FollowLinks({ filters, what = 'this view' }: { filters: StreamFilters; what?: string }) {
  const feeds = feedHrefs(filters);
  return (
    <ul class="follow">
      <li><a href={subscribeHref(filters)}>Email me {what}</a></li>
      <li><a href={feeds.atom}>Atom feed</a></li>
      <li><a href={feeds.json}>JSON Feed</a></li>
    </ul>
  );
}

export interface FieldError { field: string; message: string }

/** Listed first in the form, focusable, each message linking to its field (GOV.UK pattern). */
export function ErrorSummary({ errors, title = 'Please correct the following' }: { errors: FieldError[]; title?: string }) {
  if (!errors.length) return null;
  return (
    <div class="errors" role="alert" tabindex={-1} id="error-summary">
      <h2>{title}</h2>
      <ul>{errors.map((e) => <li>{e.field ? <a href={`#${e.field}`}>{e.message}</a> : e.message}</li>)}</ul>
    </div>
  );
}
