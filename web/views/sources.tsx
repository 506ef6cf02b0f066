// Source health: which feeds answer, which fail and why, which have gone quiet, and when each
// is tried next. A failing source is never given up; this page shows where it stands.
import type { SourceWithCount } from '../../src/store/sources.js';
import { Layout } from './layout.js';
import { fmtDateTime, plural, relative, webUrl } from './format.js';
import { streamHref } from './filters.js';

const statusText = { ok: 'OK', error: 'Failing', pending: 'Not fetched yet' } as const;

function When({ iso, now }: { iso: string; now: Date }) {
  // One element, so the phone layout's label | value grid keeps both lines in the value column.
  return <span><time datetime={iso}>{relative(iso, now)}</time><span class="abs">{fmtDateTime(iso)}</span></span>;
}

// The name is whatever the operator or an OPML file said: in <bdi>, so a bidi override in it
// cannot reverse the id and kind shown after it.
function Row({ s, now }: { s: SourceWithCount; now: Date }) {
  return (
    <tr class={s.enabled ? undefined : 'off'}>
      <th scope="row" data-label="Source">
        {webUrl(s.url) ? <a href={webUrl(s.url)} rel="noreferrer"><bdi>{s.name}</bdi></a> : <bdi>{s.name}</bdi>}
        <span class="muted id">{s.id} · {s.kind.toUpperCase()}{s.region ? ` · ${s.region}` : ''} · tier {s.tier}{s.enabled ? '' : ' · disabled'}</span>
      </th>
      <td data-label="Status">
        <span class={`health h-${s.status}`}>{statusText[s.status]}</span>
        {s.silent ? <span class="badge warn" title="No new story for longer than usual">silent</span> : null}
      </td>
      <td data-label="Last fetch">{s.last_fetched_at ? <When iso={s.last_fetched_at} now={now} /> : 'never'}</td>
      <td data-label="Next fetch">{s.next_fetch_at ? <When iso={s.next_fetch_at} now={now} /> : s.enabled ? 'at the next pass' : '—'}</td>
      <td data-label="Errors" class="num">{s.error_count}</td>
      <td data-label="Last error" class="err">{s.last_error ?? '—'}</td>
      <td data-label="Stories" class="num">{s.story_count ? <a href={streamHref({ source: s.id })} aria-label={`${s.story_count} stories from ${s.name}: show their signals`}>{s.story_count}</a> : 0}
        {s.dropped_count ? <a class="muted dropped" href={`/stories?relevant=false&source=${encodeURIComponent(s.id)}`}> ({s.dropped_count} off-topic)</a> : null}</td>
    </tr>
  );
}

export function SourcesPage({ sources, now }: { sources: SourceWithCount[]; now: Date }) {
  const n = (f: (s: SourceWithCount) => boolean) => sources.filter(f).length;
  const failing = n((s) => s.status === 'error');
  const ok = n((s) => s.status === 'ok');
  // Failing first, then silent: what needs a look comes to the top.
  const ordered = [...sources].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return (
    <Layout title="Sources" section="sources">
      <h1>Sources</h1>
      <p class="summary-line">
        {plural(sources.length, 'source')} · <span class={`health ${ok ? 'h-ok' : 'h-none'}`}>{ok} OK</span>
        {' '}· <span class={`health ${failing ? 'h-error' : 'h-none'}`}>{failing} failing</span>
        {' '}· {n((s) => !!s.silent)} silent · {n((s) => s.status === 'pending')} not fetched yet
      </p>
      <p class="muted">A failing source backs off (its interval doubled per error, up to a day) and keeps being tried. Silent: no new story for longer than usual.</p>
      <div class="table-wrap">
        <table class="sources">
          <caption class="vh">Health of every source, failing sources first</caption>
          <thead><tr><th scope="col">Source</th><th scope="col">Status</th><th scope="col">Last fetch</th><th scope="col">Next fetch</th><th scope="col">Errors</th><th scope="col">Last error</th><th scope="col">Stories</th></tr></thead>
          <tbody>{ordered.map((s) => <Row s={s} now={now} />)}</tbody>
        </table>
      </div>
    </Layout>
  );
}

function rank(s: SourceWithCount): number {
  if (!s.enabled) return 4;
  if (s.status === 'error') return 0;
  if (s.silent) return 1;
  return s.status === 'pending' ? 3 : 2;
}
