// GET /sources and GET /track-record: read-only views over what the store already computes.
import { Hono } from 'hono';
import { listSources } from '../../store/sources.js';
import { allPredictions } from '../../store/impacts.js';
import { trackRecord } from '../../analyze/track-record.js';
import { SourcesPage } from '../../../web/views/sources.js';
import { TrackRecordPage } from '../../../web/views/track-record.js';
import { StoriesPage } from '../../../web/views/stories.js';
import { storyQuery } from '../api/stories.js';
import { sendPage } from './render.js';
import type { PageDeps } from './index.js';

export function healthPages({ db }: PageDeps) {
  return new Hono()
    .get('/sources', (c) => sendPage(c, <SourcesPage sources={listSources(db)} now={new Date()} />))
    .get('/stories', (c) => {
      const q = c.req.query();
      const { items, next_cursor } = storyQuery(db, q);
      const relevant = q.relevant === 'true' || q.relevant === 'false' ? q.relevant : 'all';
      return sendPage(c, <StoriesPage view={{ items, relevant, q: q.q ?? '', source: q.source ?? '', next: next_cursor }} />);
    })
    .get('/track-record', (c) => {
      const record = trackRecord(allPredictions(db));
      const asked = c.req.query('playbook');
      const selected = record.playbooks.some((p) => p.playbook === asked) ? asked! : null;
      return sendPage(c, <TrackRecordPage overall={record.overall} playbooks={record.playbooks} selected={selected} />);
    });
}
