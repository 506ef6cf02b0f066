// The web pages through app.request(): every page renders with one h1 and the CSP header, feed
// text is escaped, filters round-trip through links, unknown things get an HTML 404, the
// subscribe form validates and hands over to the subscriptions API, and the stream renders
// fast and small.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/http/app.js';
import { testContext } from './helpers/db.js';
import { seeded, storyItem } from './helpers/seed.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { ingestItems } from '../src/pipeline/ingest.js';
import { importSnapshot } from '../src/pipeline/snapshot.js';
import { contentSecurityPolicy } from '../src/http/pages/render.js';

const hostile = '<script>alert("pwned")</script> Italy fines OpenAI <img src=x onerror=alert(1)>';
const ctx = seeded(60);
ingestItems(ctx, { id: 'desk', name: 'Desk', tier: 2 }, [{ ...storyItem(999, hostile, 700), url: 'https://example.org/hostile' }]);
await importSnapshot(ctx, 'feeds/snapshot');
let smtp: TestSmtp;
let app: ReturnType<typeof createApp>;
const noMailApp = createApp({ db: ctx.db, knowledge: ctx.knowledge, log: () => {}, rateLimitPerMinute: 0 });

before(async () => {
  smtp = await startSmtp();
  app = createApp({ db: ctx.db, knowledge: ctx.knowledge, log: () => {}, rateLimitPerMinute: 0, smtpUrl: smtp.url, baseUrl: 'http://radar.test' });
});
after(() => smtp.close());

const get = async (path: string, a = app) => {
  const res = await a.request(path);
  return { res, html: await res.text() };
};
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;
const firstSignalId = () => (ctx.db.prepare('SELECT id FROM signals ORDER BY id LIMIT 1').get() as { id: number }).id;

test('every page answers 200 with one h1, a landmark structure and the CSP header', async () => {
  const sid = firstSignalId();
  for (const path of ['/', '/?q=openai', `/signals/${sid}`, '/entities/openai', '/sources', '/subscribe', '/track-record', '/track-record?playbook=enforcement']) {
    const { res, html } = await get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
    assert.equal(res.headers.get('content-security-policy'), contentSecurityPolicy, path);
    assert.doesNotMatch(contentSecurityPolicy, /unsafe-inline/);
    assert.ok(html.startsWith('<!doctype html>'), path);
    assert.equal(count(html, /<h1[\s>]/g), 1, `${path}: one h1`);
    for (const tag of ['<header', '<nav', '<main', '<footer']) assert.ok(html.includes(tag), `${path}: ${tag}`);
    // No inline script or style anywhere: the CSP would block them, so they must not exist.
    assert.equal(count(html, /<script(?![^>]*\bsrc=)[^>]*>/g), 0, `${path}: inline script`);
    assert.equal(count(html, /\sstyle=/g), 0, `${path}: style attribute`);
    assert.equal(count(html, /<style/g), 0, `${path}: style element`);
  }
});

test('headlines from feeds are escaped on the stream, the signal page and entity pages', async () => {
  const id = (ctx.db.prepare("SELECT id FROM signals WHERE headline LIKE '<script>%'").get() as { id: number }).id;
  for (const path of ['/?q=pwned', `/signals/${id}`, '/entities/openai', '/']) {
    const { html } = await get(path);
    assert.ok(!html.includes('<script>alert'), path);
    assert.ok(!html.includes('<img src=x'), path);
    if (path !== '/') assert.ok(html.includes('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;') || html.includes('&lt;script&gt;alert("pwned")&lt;/script&gt;'), `${path}: shown as text`);
  }
});

test('filters round-trip: the form keeps them, links keep them, feeds and subscribe carry them', async () => {
  const { res, html } = await get('/?q=fines&type=enforcement&region=IT&since=2024-01-01&until=2030-01-01');
  assert.equal(res.status, 200);
  assert.match(html, /<input id="q" name="q" type="search" value="fines"/);
  assert.match(html, /<option value="enforcement" selected="">/);
  assert.match(html, /<option value="IT" selected="">/);
  assert.match(html, /name="since" form="search" type="date" value="2024-01-01"/);
  assert.ok(html.includes('href="/feed.atom?q=fines&amp;type=enforcement&amp;region=IT&amp;since=2024-01-01&amp;until=2030-01-01"'));
  assert.ok(html.includes('href="/feed.json?q=fines&amp;type=enforcement'));
  assert.ok(html.includes('href="/subscribe?q=fines&amp;type=enforcement&amp;region=IT"'));
  // Removing one filter keeps the others.
  assert.ok(html.includes('href="/?q=fines&amp;region=IT&amp;since=2024-01-01&amp;until=2030-01-01"'), 'remove-type chip');
  // Every card on the page is what was asked for.
  const tags = [...html.matchAll(/class="tag t-([a-z_]+)"/g)].map((m) => m[1]);
  assert.ok(tags.length > 0 && tags.filter((t) => t !== 'enforcement').length === 0, tags.join());
  // The subscribe page takes the same view.
  const sub = (await get('/subscribe?q=fines&type=enforcement&region=IT&entity=openai')).html;
  assert.match(sub, /name="q" type="text" value="fines"/);
  assert.match(sub, /value="enforcement" checked=""/);
  assert.match(sub, /id="regions" name="regions" type="text" value="IT"/);
  assert.match(sub, /id="entities" name="entities" type="text" value="openai"/);
});

test('paging follows the cursor and a bad filter is a 400 page, not a crash', async () => {
  const first = (await get('/')).html;
  const next = /href="(\/\?cursor=[^"]+)" rel="next"/.exec(first)?.[1];
  assert.ok(next, 'older-signals link');
  const second = await get(next.replace(/&amp;/g, '&'));
  assert.equal(second.res.status, 200);
  const ids = (h: string) => [...h.matchAll(/href="\/signals\/(\d+)" data-nav/g)].map((m) => m[1]);
  assert.equal(ids(first).length, 20);
  assert.ok(ids(second.html).every((id) => !ids(first).includes(id)), 'no signal twice');
  const bad = await get('/?region=narnia&since=yesterday');
  assert.equal(bad.res.status, 400);
  assert.match(bad.html, /role="alert"/);
  assert.match(bad.html, /ISO 3166-1/);
  assert.equal(count(bad.html, /<h1[\s>]/g), 1);
});

test('unknown signal, entity or page: an HTML 404; the API keeps JSON', async () => {
  for (const path of ['/signals/999999', '/signals/abc', '/entities/no-such-entity', '/no/such/page']) {
    const { res, html } = await get(path);
    assert.equal(res.status, 404, path);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html, /<h1>Not found<\/h1>/);
    assert.ok(res.headers.get('content-security-policy'));
  }
  const api = await app.request('/api/v1/no-such-thing');
  assert.equal(api.status, 404);
  assert.match(api.headers.get('content-type') ?? '', /json/);
  assert.equal((await app.request('/api/v1/signals/999999')).headers.get('content-type'), 'application/json');
});

test('static assets have hashed names, a year of cache, and old hashes 404', async () => {
  const html = (await get('/')).html;
  const urls = [...html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
  assert.ok(urls.some((u) => /\/static\/app\.[0-9a-f]{10}\.css$/.test(u)) && urls.some((u) => /\/static\/app\.[0-9a-f]{10}\.js$/.test(u)));
  for (const u of new Set(urls)) {
    const res = await app.request(u);
    assert.equal(res.status, 200, u);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  }
  assert.equal((await app.request('/static/app.0000000000.css')).status, 404);
});

test('subscribe: field-by-field validation, then the API, then the confirmation', async () => {
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  };
  const bad = await app.request('/subscribe', form({ email: 'not-an-address', cadence: 'daily', regions: 'Europe', timezone: 'Mars/Base', send_hour: '7', q: '', entities: '' }));
  assert.equal(bad.status, 400);
  const html = await bad.text();
  assert.match(html, /Enter an email address like name@example.org/);
  assert.match(html, /Regions are two-letter codes/);
  assert.match(html, /Unknown time zone/);
  assert.match(html, /aria-invalid="true"/);
  assert.match(html, /value="not-an-address"/, 'what was typed is kept');
  assert.equal(smtp.recipients.length, 0);

  const ok = await app.request('/subscribe', form({ email: 'analyst@example.org', cadence: 'weekly', types: ['enforcement', 'litigation'], regions: 'eu, us', entities: 'OpenAI', q: 'fines', send_hour: '6', timezone: 'Europe/Paris' }));
  assert.equal(ok.status, 200);
  assert.match(await ok.text(), /A confirmation email is on its way to <strong>analyst@example.org<\/strong>/);
  await smtp.waitFor(1);
  assert.deepEqual(smtp.recipients, ['analyst@example.org']);

  // A server that sends no email cannot confirm: say so instead of pretending.
  const noMail = await noMailApp.request('/subscribe', form({ email: 'someone@example.org', cadence: 'daily', send_hour: '7', timezone: 'UTC', q: '', entities: '', regions: '' }));
  assert.equal(noMail.status, 503);
  const text = await noMail.text();
  assert.doesNotMatch(text, /on its way to/);
  assert.match(text, /sends no email/);
});

test('pages stay under 60 KB and the 20-signal stream renders in under 20 ms', async () => {
  const sid = firstSignalId();
  const sizes: Record<string, number> = {};
  for (const path of ['/', '/?q=openai', `/signals/${sid}`, '/entities/openai', '/sources', '/subscribe', '/track-record']) {
    sizes[path] = (await (await app.request(path)).arrayBuffer()).byteLength;
    assert.ok(sizes[path]! < 60 * 1024, `${path}: ${sizes[path]} bytes`);
  }
  // The whole request through the app (middleware, query, render, ETag), warmed up, median of 60.
  const fresh = createApp({ db: ctx.db, knowledge: ctx.knowledge, log: () => {}, rateLimitPerMinute: 0 });
  for (let i = 0; i < 10; i++) await (await fresh.request('/')).text();
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const res = await fresh.request('/');
    await res.text();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[30]!, p90 = times[54]!;
  console.log(`stream render (20 signals, ${(ctx.db.prepare('SELECT count(*) AS n FROM signals').get() as { n: number }).n} in db): median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms; sizes ${Object.entries(sizes).map(([p, n]) => `${p} ${(n / 1024).toFixed(1)} KB`).join(', ')}`);
  assert.ok(median < 20, `median ${median.toFixed(2)} ms`);
});
