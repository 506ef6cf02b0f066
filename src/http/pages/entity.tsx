// GET /entities/:slug
import { Hono } from 'hono';
import { getEntity } from '../../store/entities.js';
import { EntityPage } from '../../../web/views/entity.js';
import { NotFoundPage } from '../../../web/views/not-found.js';
import { sendPage } from './render.js';
import type { PageDeps } from './index.js';

export function entityPage({ db }: PageDeps) {
  return new Hono().get('/entities/:slug', (c) => {
    const slug = c.req.param('slug');
    const e = slug.length <= 200 ? getEntity(db, slug) : null;
    if (!e) return sendPage(c, <NotFoundPage what={`No entity is known as “${slug}”.`} />, 404);
    return sendPage(c, <EntityPage e={e} />);
  });
}
