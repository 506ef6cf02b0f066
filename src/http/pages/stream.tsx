// GET / : the signal stream, through the same query language and paging as the JSON API.
import { Hono } from 'hono';
import type { SignalOut } from '../../domain/types.js';
import { entityLabel, streamFacets } from '../../store/pages-facets.js';
import { ApiError } from '../errors.js';
import { parseSearch, SearchSyntaxError } from '../../parse/search-query.js';
import { pickFilters } from '../../../web/views/filters.js';
import { StreamPage } from '../../../web/views/stream.js';
import { sendPage } from './render.js';
import type { PageDeps } from './index.js';

export function streamPage({ db, queries }: PageDeps) {
  return new Hono().get('/', (c) => {
    const raw = c.req.query();
    const filters = pickFilters(raw);
    const cursor = raw.cursor?.trim() || undefined;
    let items: SignalOut[] = [];
    let next: string | null = null;
    let relevance = false;
    let error: string | null = null;
    try {
      const q = queries.parse({ ...filters, ...(cursor ? { cursor } : {}), limit: '20' });
      ({ items, next_cursor: next } = queries.run(q));
      relevance = !!(q.q && parseSearch(q.q).match) && q.sort !== 'recent';
    } catch (err) {
      // Bad input is the reader's typo, not a crash: show the form again with the reason. The
      // search language throws its own SearchSyntaxError (parse/ knows no HTTP); missing it here
      // sent a bare JSON 400 to a reader who had typed "-chips" or "type:nope" in the box.
      if (!(err instanceof ApiError || err instanceof SearchSyntaxError)) throw err;
      error = err.message;
    }
    const page = <StreamPage filters={filters} items={items} nextCursor={next} paged={!!cursor} relevance={relevance}
      facets={streamFacets(db)} entityName={filters.entity ? entityLabel(db, filters.entity) : null} error={error} />;
    return sendPage(c, page, error ? 400 : 200);
  });
}
