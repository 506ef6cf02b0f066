// GET /signals/:id
import { Hono } from 'hono';
import { getSignal } from '../../store/signals-read.js';
import { signalDetail } from '../../store/pages-signal.js';
import { SignalPage } from '../../../web/views/signal.js';
import { NotFoundPage } from '../../../web/views/not-found.js';
import { sendPage } from './render.js';
import type { PageDeps } from './index.js';

export function signalPage({ db }: PageDeps) {
  return new Hono().get('/signals/:id', (c) => {
    const id = c.req.param('id');
    const s = /^\d{1,15}$/.test(id) ? getSignal(db, Number(id)) : null;
    if (!s) return sendPage(c, <NotFoundPage what={`There is no signal ${id}. It may have been merged into another one.`} />, 404);
    return sendPage(c, <SignalPage s={s} detail={signalDetail(db, s.id)} />);
  });
}
