// The frame every page shares: skip link, banner with the main navigation, one <main> holding
// the page's single h1, and a footer with the keyboard shortcuts. No inline script or style:
// the Content-Security-Policy forbids both.
import type { Child } from 'hono/jsx';
import { assetUrl } from '../assets.js';

export type Section = 'stream' | 'sources' | 'track-record' | 'subscribe' | null;

export interface LayoutProps {
  title: string;
  section: Section;
  children: Child;
  /** Feed URLs for this view, announced to feed readers in <head>. */
  feeds?: { atom: string; json: string };
  description?: string;
}

const nav: [Exclude<Section, null>, string, string][] = [
  ['stream', '/', 'Stream'],
  ['sources', '/sources', 'Sources'],
  ['track-record', '/track-record', 'Track record'],
  ['subscribe', '/subscribe', 'Subscribe'],
];

export function Layout({ title, section, children, feeds, description }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title === 'Policy Radar' ? title : `${title} · Policy Radar`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <link rel="icon" href={assetUrl('icon.svg')} type="image/svg+xml" />
        {feeds ? <link rel="alternate" type="application/atom+xml" title="Atom feed of this view" href={feeds.atom} /> : null}
        {feeds ? <link rel="alternate" type="application/feed+json" title="JSON feed of this view" href={feeds.json} /> : null}
        <script src={assetUrl('app.js')} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <div class="wrap top-in">
            <a class="brand" href="/"><img src={assetUrl('icon.svg')} alt="" width="22" height="22" />Policy Radar</a>
            <nav aria-label="Main">
              <ul>
                {nav.map(([key, href, label]) => (
                  <li><a href={href} aria-current={key === section ? 'page' : undefined}>{label}</a></li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>{children}</main>
        <footer class="foot">
          <div class="wrap">
            <p>
              Keyboard: <kbd>/</kbd> search · <kbd>j</kbd> <kbd>k</kbd> next and previous signal · <kbd>Enter</kbd> open.
              {' '}Data: <a href="/api/openapi.json">JSON API</a> · <a href="/feed.atom">Atom</a> · <a href="/feed.json">JSON Feed</a>.
            </p>
            <p>All times UTC. Predictions are made by reviewed playbooks and scored on the <a href="/track-record">track record</a>.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
