// The web pages in a real browser (Debian's chromium driven by playwright-core) against a real
// server: startRadar with a temporary database (the offline snapshot gives real content), a
// fixture feed crawled through the admin API (one good source, one failing), and a test SMTP
// server for the subscribe flow. Screenshots go to test/artifacts/ (desktop and phone, light
// and dark). Skipped, with the reason, where /usr/bin/chromium is absent; .ci/run installs it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { startRadar, type Radar } from '../../src/main.js';
import { quietLogger } from '../../src/pipeline/context.js';
import { rssFeed, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const chromiumPath = '/usr/bin/chromium';
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const hostileTitle = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Netherlands fines Uber €290 million over driver data';

if (!existsSync(chromiumPath)) {
  test('web pages in a real browser', { skip: `no browser at ${chromiumPath}: install Debian's chromium (apt-get install chromium; .ci/run does this)` }, () => {});
} else {
  let radar: Radar, feeds: FixtureServer, smtp: TestSmtp, browser: Browser, base: string;
  /** Console errors, page errors and CSP violations seen on any page, checked by the last test. */
  const problems: string[] = [];
  const token = 'e2e-admin-token-0123456789';

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    feeds = await startFixtureServer();
    feeds.route('/wire.xml', rssFeed('Wire', [
      { title: hostileTitle, link: `${feeds.url}/a/1`, guid: 'w1', date: 'Mon, 12 May 2025 08:00:00 GMT', description: 'The Dutch data protection authority fined Uber €290 million for transferring European drivers’ personal data to the United States.' },
    ]));
    feeds.route('/broken.xml', (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded'));
    smtp = await startSmtp();
    const dir = mkdtempSync(join(tmpdir(), 'radar-e2e-'));
    writeFileSync(join(dir, 'sources.yaml'), `sources:
  - { id: wire, name: Wire, kind: rss, url: "${feeds.url}/wire.xml", every: 1h }
  - { id: broken, name: Broken Desk, kind: rss, url: "${feeds.url}/broken.xml", every: 1h }
`);
    radar = await startRadar(loadConfig({
      RADAR_DB: join(dir, 'radar.sqlite'), PORT: '0', HOST: '127.0.0.1', RADAR_SOURCES: join(dir, 'sources.yaml'), RADAR_SCHEDULER: '0',
      RADAR_ALLOW_PRIVATE_NETWORKS: '1', RADAR_ADMIN_TOKEN: token, RADAR_RATE_LIMIT: '0', RADAR_SMTP_URL: smtp.url,
    }), quietLogger);
    base = `http://127.0.0.1:${radar.port}`;
    for (const id of ['wire', 'broken']) {
      const res = await fetch(`${base}/api/v1/sources/${id}/crawl`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, `crawl ${id}`);
    }
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await radar?.stop();
    await feeds?.close();
    await smtp?.close();
  });

  const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
  const phone: BrowserContextOptions = { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

  /** A fresh page that reports every console error, uncaught error and failed request. */
  async function open(path: string, opts: BrowserContextOptions = desktop): Promise<Page> {
    const context = await browser.newContext(opts);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      // A refused form answers 400 on purpose (the right status for invalid input); Chrome logs
      // every 4xx document. That one line is expected; any other is a problem.
      if (/\/subscribe$/.test(page.url()) && /status of 400/.test(m.text())) return;
      problems.push(`${m.type()} on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
    // ERR_ABORTED is the favicon fetch cut short by the next navigation, not a broken resource.
    page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`); });
    page.on('response', (r) => { if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()} for ${r.url()}`); });
    await page.goto(base + path);
    return page;
  }
  const close = (p: Page) => p.context().close();
  const headlines = (p: Page) => p.locator('article.sig h3').allTextContents();

  /** A signal with several reports and a confirmed prediction: the richest page to look at. */
  async function richSignal(): Promise<number> {
    const { items } = await (await fetch(`${base}/api/v1/signals?limit=100`)).json() as { items: { id: number; stories: unknown[]; impacts: { status: string }[] }[] };
    const score = (s: (typeof items)[number]) => s.stories.length + 3 * s.impacts.filter((i) => i.status === 'confirmed').length;
    return items.sort((a, b) => score(b) - score(a))[0]!.id;
  }

  test('the stream: day headings, signal cards, paging, feeds', async () => {
    const page = await open('/');
    assert.equal(await page.locator('h1').textContent(), 'Signals');
    assert.equal(await page.locator('article.sig').count(), 20);
    assert.ok(await page.locator('h2.day').count() >= 1);
    assert.ok(await page.locator('link[rel="alternate"][type="application/atom+xml"]').count() === 1);
    const first = await headlines(page);
    await page.getByRole('link', { name: /Older signals/ }).click();
    await page.waitForURL(/cursor=/);
    const second = await headlines(page);
    assert.ok(second.length > 0 && second.every((h) => !first.includes(h)), 'the next page holds other signals');
    await close(page);
  });

  test('search from the box: relevance order, the words kept in the box and the URL', async () => {
    const page = await open('/');
    await page.fill('#q', 'tiktok');
    await page.press('#q', 'Enter');
    await page.waitForURL(/\?q=tiktok$/); // empty filters are left out of the URL
    assert.equal(await page.locator('h1').textContent(), 'Signals matching “tiktok”');
    assert.equal(await page.inputValue('#q'), 'tiktok');
    assert.ok(await page.getByRole('heading', { name: 'Best matches' }).isVisible());
    const found = await headlines(page);
    assert.ok(found.length >= 3 && found.slice(0, 3).every((h) => /tiktok/i.test(h)), found.join(' | '));
    await page.getByRole('link', { name: 'newest first' }).click();
    await page.waitForURL(/sort=recent/);
    assert.ok((await headlines(page)).length === found.length);
    await close(page);
  });

  test('each filter narrows the stream and round-trips in the URL', async () => {
    const page = await open('/');
    // Event type
    await page.selectOption('#f-type', 'enforcement');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\?type=enforcement$/);
    const tags = await page.locator('article.sig .tag').allTextContents();
    assert.ok(tags.length > 0 && tags.every((t) => t === 'Enforcement'), tags.join());
    assert.equal(await page.inputValue('#f-type'), 'enforcement');
    // Region, added to the type
    await page.selectOption('#f-region', 'EU');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/type=enforcement&region=EU/);
    const regions = await page.locator('article.sig .regions').allTextContents();
    assert.ok(regions.length > 0 && regions.every((r) => r.includes('EU')), regions.join());
    // Removing one filter keeps the other
    await page.getByRole('link', { name: /Remove Type: Enforcement/ }).click();
    await page.waitForURL(/\?region=EU$/);
    await close(page);

    const e = await open('/');
    await e.fill('#f-entity', 'tiktok');
    await e.getByRole('button', { name: 'Apply filters' }).click();
    await e.waitForURL(/\?entity=tiktok$/);
    assert.equal(await e.locator('h1').textContent(), 'Signals about TikTok');
    const about = await headlines(e);
    assert.ok(about.length >= 4 && about.filter((h) => /tiktok/i.test(h)).length >= about.length - 1, about.join(' | '));
    // Source: the fixture feed crawled in before()
    await e.goto(`${base}/`);
    await e.selectOption('#f-source', 'wire');
    await e.getByRole('button', { name: 'Apply filters' }).click();
    await e.waitForURL(/\?source=wire$/);
    const wire = await headlines(e);
    assert.equal(wire.length, 1);
    assert.match(wire[0]!, /Netherlands fines Uber/);
    // Date range
    await e.goto(`${base}/`);
    await e.fill('#f-since', '2025-01-01');
    await e.fill('#f-until', '2025-03-01');
    await e.getByRole('button', { name: 'Apply filters' }).click();
    await e.waitForURL(/since=2025-01-01&until=2025-03-01/);
    const times = await e.locator('article.sig time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')!));
    assert.ok(times.length > 0 && times.every((t) => t >= '2025-01-01' && t < '2025-03-01'), times.join());
    assert.equal(await e.inputValue('#f-since'), '2025-01-01');
    await close(e);
  });

  test('a feed headline with markup is shown as text and never runs', async () => {
    const page = await open('/?source=wire');
    const h = await page.locator('article.sig h3').first().textContent();
    assert.ok(h?.includes('<script>window.__pwned=2</script>'), h ?? '');
    await page.locator('article.sig h3 a').first().click();
    await page.waitForURL(/\/signals\/\d+$/);
    assert.ok((await page.locator('h1').textContent())?.includes('<img src=x'));
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    await close(page);
  });

  test('a signal page: parties by role, predictions with their basis and status, coverage, related signals', async () => {
    const id = await richSignal();
    const page = await open(`/signals/${id}`);
    const api = await (await fetch(`${base}/api/v1/signals/${id}`)).json() as { headline: string; stories: unknown[]; impacts: unknown[] };
    assert.equal(await page.locator('h1').textContent(), api.headline);
    for (const name of ['Who', 'What is likely to follow', /^Coverage/, 'Related signals']) assert.ok(await page.getByRole('heading', { name }).isVisible(), String(name));
    assert.equal(await page.locator('.impact').count(), api.impacts.length);
    assert.ok(await page.locator('.impact .basis').first().textContent());
    assert.ok(await page.locator('.st-confirmed a').count() >= 1, 'a confirmed prediction links its confirming signal');
    assert.equal(await page.locator('.stories li').count(), api.stories.length);
    assert.ok(await page.locator('.stories .badge', { hasText: 'primary source' }).count() === 1);
    const entity = page.locator('.roles a').first();
    const name = await entity.textContent();
    await entity.click();
    await page.waitForURL(/\/entities\//);
    assert.equal(await page.locator('h1').textContent(), name);
    await close(page);
  });

  test('an entity page: timeline with roles, the parties it appears with', async () => {
    const page = await open('/entities/tiktok');
    assert.equal(await page.locator('h1').textContent(), 'TikTok');
    assert.ok(await page.locator('.tl li').count() >= 5);
    assert.ok(await page.locator('.tl .role').first().textContent());
    const other = page.locator('.with a').first();
    const name = await other.textContent();
    await other.click();
    await page.waitForURL(/\/entities\//);
    assert.equal(await page.locator('h1').textContent(), name);
    await close(page);
  });

  test('the sources page shows health: OK, failing with the error, counts', async () => {
    const page = await open('/sources');
    const wire = page.locator('tr', { has: page.getByRole('rowheader', { name: /^Wire/ }) });
    assert.match(await wire.locator('td').first().textContent() ?? '', /OK/);
    const broken = page.locator('tr', { has: page.getByRole('rowheader', { name: /^Broken Desk/ }) });
    assert.match(await broken.locator('td').first().textContent() ?? '', /Failing/);
    assert.match(await broken.locator('td.err').textContent() ?? '', /500/);
    // Failing sources come first: they are what needs a look.
    assert.match(await page.locator('tbody tr th').first().textContent() ?? '', /Broken Desk/);
    await close(page);
  });

  test('subscribe from a view: prefilled, validation messages, then the confirmation (with and without JavaScript)', async () => {
    const page = await open('/?type=enforcement&region=EU');
    await page.getByRole('link', { name: 'Email me this view' }).click();
    await page.waitForURL(/\/subscribe\?type=enforcement&region=EU/);
    assert.ok(await page.getByLabel('Enforcement').isChecked());
    assert.equal(await page.inputValue('#regions'), 'EU');
    await page.fill('#email', 'not an address');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForLoadState();
    assert.ok(await page.getByRole('alert').isVisible());
    assert.ok(await page.getByRole('link', { name: 'Enter an email address like name@example.org' }).isVisible());
    assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
    assert.ok(await page.getByLabel('Enforcement').isChecked(), 'choices survive a refusal');
    await page.screenshot({ path: join(artifacts, 'web-subscribe-invalid-desktop-light.png'), fullPage: true });
    await page.fill('#email', 'analyst@example.org');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('A confirmation email is on its way to analyst@example.org').waitFor();
    await smtp.waitFor(1);
    assert.ok(smtp.recipients.includes('analyst@example.org'));
    await page.screenshot({ path: join(artifacts, 'web-subscribe-sent-desktop-light.png') });
    await close(page);

    const noJs = await open('/subscribe', { ...desktop, javaScriptEnabled: false });
    await noJs.fill('#email', 'reader@example.org');
    await noJs.getByLabel('Weekly').check();
    await noJs.getByRole('button', { name: 'Subscribe' }).click();
    await noJs.waitForURL(/\/subscribe$/);
    assert.equal(await noJs.locator('h1').textContent(), 'Check your inbox');
    assert.ok(await noJs.getByText('A confirmation email is on its way to reader@example.org').isVisible());
    await smtp.waitFor(2);
    await close(noJs);
  });

  test('keyboard: / focuses search, j and k move between signals with a visible focus, Enter opens', async () => {
    const page = await open('/');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
    await page.keyboard.press('Escape');
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    const titles = await headlines(page);
    await page.keyboard.press('j');
    assert.equal(await focused(), titles[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    assert.equal(await focused(), titles[2]);
    await page.keyboard.press('k');
    assert.equal(await focused(), titles[1]);
    const outline = await page.evaluate(() => { const s = getComputedStyle(document.activeElement!); return `${s.outlineStyle} ${s.outlineWidth}`; });
    assert.equal(outline, 'solid 3px');
    await page.screenshot({ path: join(artifacts, 'web-keyboard-focus-desktop-light.png') });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/signals\/\d+$/);
    assert.equal(await page.locator('h1').textContent(), titles[1]);
    // Elsewhere, / goes to the stream's search box.
    await page.keyboard.press('/');
    await page.waitForURL(/\/#q$/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
    // Tab from the top reaches the skip link first.
    await page.goto(`${base}/sources`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await close(page);
  });

  test('every page at phone width (360 px) without sideways scrolling; screenshots light and dark', async () => {
    const id = await richSignal();
    const paths: [string, string][] = [['stream', '/'], ['search', '/?q=export+controls'], ['signal', `/signals/${id}`], ['entity', '/entities/tiktok'],
      ['sources', '/sources'], ['subscribe', '/subscribe'], ['track-record', '/track-record']];
    for (const scheme of ['light', 'dark'] as const) {
      for (const [label, opts] of [['desktop', desktop], ['phone', phone]] as const) {
        const page = await open('/', { ...opts, colorScheme: scheme });
        for (const [name, path] of paths) {
          await page.goto(base + path);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= opts.viewport!.width, `${name} at ${label}: ${width} px wide`);
          await page.screenshot({ path: join(artifacts, `web-${name}-${label}-${scheme}.png`), fullPage: label === 'phone' ? false : name !== 'stream' });
        }
        await close(page);
      }
    }
  });

  test('no console errors, page errors or failed requests on any page', () => {
    assert.deepEqual(problems, []);
  });
}
