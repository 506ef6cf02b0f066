import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '../src/parse/article.js';
import { sanitizeHtml } from '../src/parse/sanitize.js';
import { documentF1 } from './eval/shingle-f1.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures/articles');
const truth = JSON.parse(readFileSync(resolve(fixtures, 'ground-truth.json'), 'utf8')) as Record<string, { url: string; articleBody: string }>;

function fixture(prefix: string): { html: string; url: string; body: string } {
  const id = Object.keys(truth).find((k) => k.startsWith(prefix));
  assert.ok(id, `fixture ${prefix} missing`);
  const html = gunzipSync(readFileSync(resolve(fixtures, `${id}.html.gz`))).toString('utf8');
  return { html, url: truth[id]!.url, body: truth[id]!.articleBody };
}

// Measured per-page F1 (benchmark metric) when these thresholds were set: 1.000, 0.993, 0.925.
// Each sits a little below, so a regression in extraction or clean-up fails here.
const pages = [
  { prefix: '7a457a4f', minF1: 0.97, lang: 'en', publishedAt: '2019-11-19T08:41:00.000Z' },
  { prefix: '0ec95c72', minF1: 0.97, lang: 'ko', publishedAt: null },
  { prefix: '3f65af7b', minF1: 0.9, lang: 'en', publishedAt: '2019-11-19T01:19:34.819Z' },
];

for (const page of pages) {
  test(`benchmark page ${page.prefix}: F1 >= ${page.minF1} and metadata`, () => {
    const { html, url, body } = fixture(page.prefix);
    const article = extractArticle(html, url);
    assert.ok(article);
    const f1 = documentF1(body, article.text);
    assert.ok(f1 >= page.minF1, `F1 ${f1.toFixed(3)} < ${page.minF1}`);
    assert.ok(article.title && article.title.length > 10);
    assert.equal(article.lang, page.lang);
    assert.equal(article.publishedAt, page.publishedAt);
    assert.match(article.text, /\S\n\n\S/, 'paragraphs are separated by a blank line');
    assert.doesNotMatch(article.html, /<script|<style|<iframe|\sclass=|\sstyle=|\son\w+=/i);
    // The pipeline sanitizes again; well-formed output (no <p> inside <p>) reads back the same.
    assert.equal(sanitizeHtml(article.html, url), article.html);
  });
}

test('embedded tweets survive their share-widget wrapper', () => {
  const { html, url } = fixture('3f65af7b');
  const article = extractArticle(html, url);
  assert.ok(article?.text.includes('Yes this is real and yes the state spent nearly half a million dollars'));
});

const articleBody = (words: string) => Array.from({ length: 6 }, (_, i) => `<p>${words} paragraph ${i} keeps going with enough words to count as real prose for any extractor, sentence after sentence, clause after clause.</p>`).join('');

const page = (extra = '') => `<!DOCTYPE html><html lang="en-us"><head><title>Agency fines platform</title>${extra}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main><article><h1>Agency fines platform</h1>${articleBody('Main story')}</article></main>
<div class="teaser"><p>Operator-chosen teaser text.</p><script>evil()</script></div>
<footer>© Example</footer></body></html>`;

test('rules.body takes precedence over Readability', () => {
  const article = extractArticle(page(), 'https://example.com/a', { body: '.teaser' });
  assert.ok(article);
  assert.equal(article.text, 'Operator-chosen teaser text.');
  assert.equal(article.html, '<p>Operator-chosen teaser text.</p>');
});

test('rules.body joins every match, in document order', () => {
  const html = '<html><body><p class="x">One.</p><p>skip</p><p class="x">Two.</p></body></html>';
  assert.equal(extractArticle(html, 'https://example.com/a', { body: 'p.x' })?.text, 'One.\n\nTwo.');
});

test('rules.body that matches nothing, or is not a valid selector, falls back to Readability', () => {
  for (const body of ['.absent', 'div[[[']) {
    const article = extractArticle(page(), 'https://example.com/a', { body });
    assert.ok(article?.text.startsWith('Main story paragraph 0'), body);
  }
});

test('rules.date reads the date from the selector and attribute given', () => {
  const html = page().replace('<h1>', '<p class="when" data-ts="2024-03-05T10:00:00+01:00">5 March</p><h1>');
  const article = extractArticle(html, 'https://example.com/a', { body: 'article', date: '.when', date_attr: 'data-ts' });
  assert.equal(article?.publishedAt, '2024-03-05T09:00:00.000Z');
});

test('publishedAt is null when the page states no date', () => {
  const article = extractArticle(page(), 'https://example.com/a');
  assert.ok(article);
  assert.equal(article.publishedAt, null);
  assert.equal(article.title, 'Agency fines platform');
  assert.equal(article.lang, 'en-US');
  assert.ok(!article.text.includes('Agency fines platform'), 'the headline is not repeated in the body text');
});

test('publishedAt comes from meta, JSON-LD or a <time> in the article', () => {
  const meta = '<meta property="article:published_time" content="2024-01-02T03:04:05Z">';
  assert.equal(extractArticle(page(meta), 'https://example.com/a')?.publishedAt, '2024-01-02T03:04:05.000Z');
  // Trailing commas are common in hand-written JSON-LD.
  const ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-02-03T04:05:06-05:00",}</script>';
  assert.equal(extractArticle(page(ld), 'https://example.com/a')?.publishedAt, '2024-02-03T09:05:06.000Z');
  const withTime = page().replace('<h1>', '<time datetime="2024-04-05">5 April</time><h1>');
  assert.equal(extractArticle(withTime, 'https://example.com/a')?.publishedAt, '2024-04-05T00:00:00.000Z');
});

test('a <time> outside the article (a header clock) is not a publication date', () => {
  const html = page().replace('<nav>', '<div class="top"><time datetime="2024-05-06">Today</time></div><nav>');
  assert.equal(extractArticle(html, 'https://example.com/a')?.publishedAt, null);
});

test('article html is sanitized and its links absolute', () => {
  const html = page().replace('Main story paragraph 0', 'Main story paragraph 0 <a href="/doc.pdf" onclick="x()">ruling</a> <img src="x" onerror="alert(1)">');
  const article = extractArticle(html, 'https://example.com/news/a');
  assert.ok(article);
  assert.ok(article.html.includes('<a href="https://example.com/doc.pdf" rel="noopener noreferrer nofollow">ruling</a>'));
  assert.doesNotMatch(article.html, /onclick|onerror|<script/);
});

test('non-articles give null or short text, never an exception', () => {
  const login = `<!doctype html><html><head><title>Sign in</title></head><body><form action="/login" method="post">
    <h1>Sign in</h1><label>Email <input name="email"></label><label>Password <input type="password"></label>
    <button>Sign in</button><a href="/forgot">Forgot password?</a></form></body></html>`;
  const inputs = ['', '   ', '<html>', '<html><head></head></html>', login, '<<<>>>', '\u0000\u0001\u0002', '<p>One line.</p>', '<div><div><div>'];
  for (const html of inputs) {
    const article = extractArticle(html, 'https://example.com/x');
    assert.ok(article === null || article.text.length < 200, JSON.stringify(html));
  }
  assert.equal(extractArticle('', 'https://example.com/x'), null);
});

// (An id with "related" anywhere is dropped by Readability itself, whose output we keep to.)
test('sections whose ids only contain a noise word stay; noise named by its head goes', () => {
  const para = (n: string) => `<p>${n} sets out what the rule requires of every provider, how the agency will check it, and when each obligation applies to firms of each size.</p>`;
  const html = `<html><head><title>New AI rules</title></head><body><article><h1>New AI rules</h1>
    ${para('The notice')}${para('The draft')}
    <section id="the-authority"><h2>The authority</h2>${para('The authority section')}</section>
    <section id="updated-guidance"><h2>Updated guidance</h2>${para('The guidance section')}</section>
    <section id="tax-credit-rules"><h2>Tax credit rules</h2>${para('The tax credit section')}</section>
    <section id="legislation-text"><h2><a href="/law">The Act itself</a></h2>${para('The legislation section')}</section>
    <div class="mandate shared-responsibility">${para('The mandate section')}</div>
    <div class="article__byline">By A. Writer</div>
    <div class="social-share-buttons">Share on X Share on Facebook</div>
    <div class="sdc-article-related-stories"><a href="/1">Other story one</a> <a href="/2">Other story two</a></div>
    </article></body></html>`;
  const text = extractArticle(html, 'https://example.com/rules')!.text;
  for (const kept of ['authority section', 'guidance section', 'tax credit section', 'legislation section', 'mandate section', 'The Act itself']) {
    assert.ok(text.includes(kept), `kept: ${kept}`);
  }
  for (const gone of ['A. Writer', 'Share on X', 'Other story one']) assert.ok(!text.includes(gone), `removed: ${gone}`);
});

test('a page nested 20,000 deep is read by a streaming pass, not handed to Readability', async () => {
  const { pageShape, pageLimits } = await import('../src/parse/article.js');
  const deep = `<html><body>${'<div>'.repeat(20_000)}<p>Regulator fines the firm for breaking the market rules.</p>${'</div>'.repeat(20_000)}</body></html>`;
  assert.ok(pageShape(deep).depth > pageLimits.maxDepth);
  const a = extractArticle(deep, 'https://example.com/deep');
  assert.match(a!.text, /Regulator fines the firm/);
  assert.doesNotMatch(a!.html, /<div/);
  // Ordinary pages (unclosed paragraphs and list items included) stay far inside the limits.
  const ordinary = `<html><body><article>${'<p>para'.repeat(2000)}<ul>${'<li>x'.repeat(500)}</ul></article></body></html>`;
  assert.ok(pageShape(ordinary).depth < 10);
});
