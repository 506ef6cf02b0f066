// One signal: what happened, who acts and who is hit, what the playbooks expect next and on
// what basis, every outlet's report (primary source first), and related signals. Each claim
// shows where it comes from.
import type { EntityRole, ImpactOut, SignalOut } from '../../src/domain/types.js';
import type { ImpactDetail, SignalDetail } from '../../src/store/pages-signal.js';
import { Layout } from './layout.js';
import { FollowLinks, Regions, TypeTag } from './components.js';
import { fmtDay, fmtDateTime, pct, plural, roleLabels, tidySummary, typeLabels, webUrl } from './format.js';
import { streamHref } from './filters.js';

const roles: EntityRole[] = ['actor', 'target', 'affected', 'mentioned'];

function Entities({ s }: { s: SignalOut }) {
  const groups = roles.map((r) => [r, s.entities.filter((e) => e.role === r)] as const).filter(([, es]) => es.length);
  if (!groups.length) return <p class="muted">No entities recognised.</p>;
  return (
    <dl class="roles">
      {groups.map(([role, es]) => (
        <div>
          <dt>{roleLabels[role]}</dt>
          <dd>
            <ul class="ents">
              {es.map((e) => <li><a href={`/entities/${encodeURIComponent(e.slug)}`}>{e.name}</a> <span class="kind">{e.kind}</span></li>)}
            </ul>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The evidence a confirmation recorded: "type enforcement, TikTok as target, acting state IE". */
function matched(d: ImpactDetail | undefined): string | null {
  if (!d?.resolution) return null;
  try { return (JSON.parse(d.resolution) as { matched?: string[] }).matched?.join(', ') ?? null; } catch { return null; }
}

function due(madeAt: string | null, fallback: string, days: number): string {
  const from = Date.parse(madeAt ?? fallback);
  return Number.isNaN(from) ? '' : new Date(from + days * 86_400_000).toISOString();
}

function Status({ i, d }: { i: ImpactOut; d: ImpactDetail | undefined }) {
  if (i.status === 'confirmed') {
    return (
      <p class="status st-confirmed">
        <strong>Confirmed</strong>
        {i.resolved_by ? <> by <a href={`/signals/${i.resolved_by}`}><bdi>{d?.resolved_headline ?? `signal ${i.resolved_by}`}</bdi></a></> : null}
        {d?.resolved_seen_at ? <> (<time datetime={d.resolved_seen_at}>{fmtDay(d.resolved_seen_at)}</time>)</> : null}
        {matched(d) ? <span class="muted">: {matched(d)}</span> : null}
      </p>
    );
  }
  if (i.status === 'void') return <p class="status st-void"><strong>Void</strong>: {d?.void_reason ?? 'no adequate coverage'} (not scored)</p>;
  if (i.status === 'expired') return <p class="status st-expired"><strong>Expired</strong>: no matching signal within {i.horizon_days} days</p>;
  return <p class="status st-open"><strong>Open</strong></p>;
}

function Impacts({ s, detail }: { s: SignalOut; detail: SignalDetail }) {
  if (!s.impacts.length) return <p class="muted">No playbook applies to this kind of event, so nothing is predicted.</p>;
  return (
    <ol class="impacts">
      {s.impacts.map((i) => {
        const d = detail.impacts.get(i.id);
        const by = due(d?.made_at ?? null, s.first_seen_at, i.horizon_days);
        return (
          <li class={`impact st-${i.status}`}>
            <p class="claim">
              <span class="p" title="probability">{pct(i.confidence)}</span>
              <span>{i.statement}</span>
            </p>
            <p class="horizon">{by ? <>Due by <time datetime={by}>{fmtDay(by)}</time> · </> : null}{i.horizon_days}-day horizon</p>
            <Status i={i} d={d} />
            <p class="basis"><span class="vh">Basis: </span>{i.basis}</p>
          </li>
        );
      })}
    </ol>
  );
}

// Publisher text (titles, outlet names) sits in <bdi>: its direction is unknown, and an unclosed
// U+202E (right-to-left override) in a title would otherwise run on and reverse the outlet and
// date shown after it. The isolate ends the override where the publisher's text ends.
function Stories({ s, primaryId }: { s: SignalOut; primaryId: number | null }) {
  return (
    <ol class="stories">
      {s.stories.map((st) => (
        <li>
          {webUrl(st.url) ? <a href={webUrl(st.url)} rel="noreferrer" data-nav=""><bdi>{st.title}</bdi></a> : <span><bdi>{st.title}</bdi></span>}
          <span class="meta">
            <bdi>{st.outlet}</bdi>
            {st.id === primaryId ? <span class="badge">primary source</span> : null}
            {' · '}<time datetime={st.published_at}>{fmtDateTime(st.published_at)}</time>
          </span>
        </li>
      ))}
    </ol>
  );
}

export function SignalPage({ s, detail }: { s: SignalOut; detail: SignalDetail }) {
  // The party most readers of this signal will want to keep watching: whoever it hits.
  const named = s.entities.filter((e) => e.kind !== 'group');
  const followed = named.find((e) => e.role === 'target') ?? named.find((e) => e.role === 'actor');
  return (
    <Layout title={s.headline} section={null} description={s.summary.slice(0, 200)}>
      <p class="crumbs"><a href="/">← Stream</a> · <a href={streamHref({ type: s.event_type })}>All {typeLabels[s.event_type].toLowerCase()} signals</a></p>
      <article class="signal">
        <header>
          <p class="sig-meta">
            <TypeTag type={s.event_type} href={streamHref({ type: s.event_type })} />
            <Regions regions={s.regions} />
            <span>First seen <time datetime={s.first_seen_at}>{fmtDateTime(s.first_seen_at)}</time></span>
            {s.last_seen_at !== s.first_seen_at ? <span>Updated <time datetime={s.last_seen_at}>{fmtDateTime(s.last_seen_at)}</time></span> : null}
          </p>
          <h1>{s.headline}</h1>
        </header>
        <div class="two">
          <div>
            {s.summary ? <p class="lead">{tidySummary(s.summary)}</p> : null}
            {detail.revision_note ? <p class="note"><strong>Revised:</strong> {detail.revision_note}</p> : null}
            <section aria-labelledby="who"><h2 id="who">Who</h2><Entities s={s} /></section>
            <section aria-labelledby="next"><h2 id="next">What is likely to follow</h2><Impacts s={s} detail={detail} /></section>
          </div>
          <aside aria-label="Coverage and related signals">
            <section aria-labelledby="cov"><h2 id="cov">Coverage <span class="count">{plural(s.stories.length, 'report')}</span></h2><Stories s={s} primaryId={detail.primary_story_id} /></section>
            {detail.related.length ? (
              <section aria-labelledby="rel">
                <h2 id="rel">Related signals</h2>
                <ul class="related">
                  {detail.related.map((r) => (
                    <li>
                      <a href={`/signals/${r.id}`} data-nav=""><bdi>{r.headline}</bdi></a>
                      <span class="meta">{typeLabels[r.event_type] ?? r.event_type} · <time datetime={r.first_seen_at}>{fmtDay(r.first_seen_at)}</time> · {plural(r.shared, 'shared party', 'shared parties')}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {followed ? (
              <section aria-labelledby="fol">
                <h2 id="fol">Follow {followed.name}</h2>
                <FollowLinks filters={{ entity: followed.slug }} what={`signals about ${followed.name}`} />
              </section>
            ) : null}
          </aside>
        </div>
      </article>
    </Layout>
  );
}
