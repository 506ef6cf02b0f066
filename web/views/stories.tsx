// All stories: every story crawled, with the relevance gate's verdict. The stream shows signals
// (policy only); here an operator sees what the gate dropped and why it may have been wrong.
import type { StoryListItem } from '../../src/store/stories-list.js';
import { Layout } from './layout.js';
import { fmtDateTime, webUrl } from './format.js';

export interface StoriesView { items: StoryListItem[]; relevant: 'all' | 'true' | 'false'; q: string; source: string; next: string | null }

const label = { all: 'All', true: 'Made signals', false: 'Dropped as off-topic' } as const;

function href(v: StoriesView, over: Partial<Record<'relevant' | 'cursor', string>>): string {
  const p = new URLSearchParams();
  const relevant = over.relevant ?? v.relevant;
  if (relevant !== 'all') p.set('relevant', relevant);
  if (v.q) p.set('q', v.q);
  if (v.source) p.set('source', v.source);
  if (over.cursor) p.set('cursor', over.cursor);
  const s = p.toString();
  return s ? `/stories?${s}` : '/stories';
}

export function StoriesPage({ view }: { view: StoriesView }) {
  return (
    <Layout title="All stories" section="sources">
      <h1>All stories</h1>
      <p class="muted">Every story crawled. Only tech-policy stories become signals; the rest are kept here with the relevance score the gate gave them.</p>
      <nav class="tabs" aria-label="Which stories">
        {(['all', 'true', 'false'] as const).map((r) => (r === view.relevant ? <strong>{label[r]}</strong> : <a href={href(view, { relevant: r })}>{label[r]}</a>))}
      </nav>
      <form method="get" action="/stories" role="search">
        {view.relevant !== 'all' ? <input type="hidden" name="relevant" value={view.relevant} /> : null}
        <label>Title words <input type="search" name="q" value={view.q} maxlength={200} /></label>
        <label>Source id <input type="text" name="source" value={view.source} maxlength={100} /></label>
        <button type="submit">Filter</button>
      </form>
      {view.items.length === 0 ? <p>No stories.</p> : (
        <ol class="stories">
          {view.items.map((s) => (
            <li>
              {webUrl(s.url) ? <a href={webUrl(s.url)} rel="noreferrer"><bdi>{s.title}</bdi></a> : <bdi>{s.title}</bdi>}
              <span class="muted"> · <bdi>{s.outlet}</bdi> · {fmtDateTime(s.published_at)}{s.language ? ` · ${s.language}` : ''}</span>
              {' '}{s.signal_id ? <a class="badge" href={`/signals/${s.signal_id}`}>signal</a>
                : <span class="badge warn" title="The relevance gate judged it off-topic: no signal">off-topic{s.relevance != null ? ` (${s.relevance.toFixed(2)})` : ''}</span>}
            </li>
          ))}
        </ol>
      )}
      {view.next ? <p><a href={href(view, { cursor: view.next })} rel="next">Older stories</a></p> : null}
    </Layout>
  );
}
