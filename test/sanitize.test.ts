import { test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText, sanitizeHtml } from '../src/parse/sanitize.js';

const base = 'https://example.com/news/story.html';
const clean = (html: string) => sanitizeHtml(html, base);

/** Whatever the input, none of these may reach the page. */
function assertInert(out: string): void {
  assert.doesNotMatch(out, /<(script|style|iframe|object|embed|form|svg|math|input|button|base|meta|link)\b/i, out);
  assert.doesNotMatch(out, /\son[a-z]+\s*=/i, out);
  assert.doesNotMatch(out, /\sstyle\s*=/i, out);
  assert.doesNotMatch(out, /(javascript|vbscript|data):/i, out);
  assert.doesNotMatch(out, /\starget\s*=/i, out);
}

const vectors: [string, string][] = [
  ['script element', '<p>a</p><script>alert(1)</script><SCRIPT SRC=//evil.js></SCRIPT>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['event handler on a kept tag', '<p onclick="alert(1)" onmouseover=alert(2)>text</p>'],
  ['javascript: href', '<a href="javascript:alert(1)">x</a>'],
  ['javascript: with tab, case and spaces', '<a href="java\tscript:alert(1)">a</a><a href=" JaVaScRiPt:alert(1)">b</a>'],
  ['entity-encoded javascript:', '<a href="&#106;&#97;vascript&colon;alert(1)">x</a><a href="&#x6A;avascript:alert(1)">y</a>'],
  ['vbscript: href', '<a href="vbscript:msgbox(1)">x</a>'],
  ['data: href', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['data: image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="x">'],
  ['iframe', '<iframe src="https://evil.example/"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object and embed', '<object data="evil.swf"><embed src="evil.swf"></object>'],
  ['form with controls', '<form action="https://evil.example/steal"><input name="pw"><button>Go</button></form>'],
  ['style element and attribute', '<style>body{background:url(javascript:alert(1))}</style><p style="position:fixed;top:0">x</p>'],
  ['css expression', '<div style="width: expression(alert(1))">x</div>'],
  ['svg onload', '<svg onload=alert(1)><script>alert(2)</script></svg><svg><a xlink:href="javascript:alert(3)"><text>t</text></a></svg>'],
  ['math with href', '<math><mtext><a href="javascript:alert(1)">m</a></mtext></math>'],
  ['base and meta refresh', '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['target and opener', '<a href="https://ok.example/" target="_blank">x</a>'],
  ['unclosed tag tricks', '<img src="x" alt="a"onerror="alert(1)"><p>ok</p><scr<script>ipt>alert(1)</script>'],
  ['comment hiding markup', '<!--<img src=x onerror=alert(1)>--><p>ok</p>'],
];

for (const [name, html] of vectors) {
  test(`XSS vector neutralised: ${name}`, () => {
    assertInert(clean(html));
    assertInert(sanitizeHtml(html)); // and without a base URL
  });
}

test('safe content is kept', () => {
  const html = '<h2>Heading</h2><p>Some <strong>bold</strong>, <em>em</em>, <b>b</b>, <i>i</i> and <code>code</code>.<br>Next line.</p>'
    + '<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>quote</blockquote>'
    + '<figure><img src="https://cdn.example/p.jpg" alt="Photo"><figcaption>Caption</figcaption></figure>'
    + '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2">c</td></tr></tbody></table><pre>  x\n  y</pre>';
  assert.equal(clean(html), html.replace('<img src="https://cdn.example/p.jpg" alt="Photo">', '<img src="https://cdn.example/p.jpg" alt="Photo" />').replace('<br>', '<br />'));
});

test('layout tags are unwrapped, their text kept; h1 becomes h2', () => {
  assert.equal(clean('<div class="x"><span style="color:red">Hello</span></div><h1>Title</h1>'), 'Hello<h2>Title</h2>');
});

test('links are made absolute against the base URL, with rel and no target', () => {
  assert.equal(
    clean('<a href="../doc.pdf" target="_blank" rel="opener">ruling</a>'),
    '<a href="https://example.com/doc.pdf" rel="noopener noreferrer nofollow">ruling</a>',
  );
  assert.equal(clean('<a href="//cdn.example/x">p</a>'), '<a href="https://cdn.example/x" rel="noopener noreferrer nofollow">p</a>');
  assert.equal(clean('<a href="mailto:press@example.com">mail</a>'), '<a href="mailto:press@example.com" rel="noopener noreferrer nofollow">mail</a>');
  assert.equal(clean('<img src="/img/a.png" alt="a">'), '<img src="https://example.com/img/a.png" alt="a" />');
});

test('without a base URL relative links stay relative, protocol-relative ones go', () => {
  assert.equal(sanitizeHtml('<a href="/x">x</a>'), '<a href="/x" rel="noopener noreferrer nofollow">x</a>');
  assert.equal(sanitizeHtml('<a href="//evil.example/x">x</a>'), 'x');
});

test('a link that loses its href keeps its text; an image without a usable src goes', () => {
  assert.equal(clean('<p><a href="javascript:void(0)">read</a></p>'), '<p>read</p>');
  assert.equal(clean('<p>a<img src="data:image/png;base64,AAAA">b</p>'), '<p>ab</p>');
  assert.equal(clean('<img src="ftp://example.com/a.png">'), '');
});

test('lazy-loaded images use their real source', () => {
  assert.equal(clean('<img src="data:image/gif;base64,R0lGOD" data-src="/big.jpg" alt="x">'), '<img src="https://example.com/big.jpg" alt="x" />');
});

test('htmlToText: paragraph breaks, entities decoded, whitespace collapsed', () => {
  const html = '<p>Fines &amp; penalties&nbsp;rise</p>\n\n<p>Second   para<br>new line</p><ul><li>a</li><li>b</li></ul>tail <script>x()</script><style>p{}</style>';
  assert.equal(htmlToText(html), 'Fines & penalties rise\n\nSecond para\nnew line\n\na\n\nb\n\ntail');
  assert.equal(htmlToText('AT&amp;T &lt;b&gt; caf&eacute; &#8212; &#x2019;'), 'AT&T <b> café — ’');
  assert.equal(htmlToText('  plain\n\ttext  '), 'plain text');
  assert.equal(htmlToText(''), '');
  assert.equal(htmlToText('<div><div>nested</div><span>inline</span> <b>bold</b></div>'), 'nested\n\ninline bold');
});

test('empty paragraphs left by unwrapped layout go; sanitizing twice changes nothing', () => {
  const html = '<div>\n\n<p> </p><p>&nbsp;<br></p>\n  <div><p>Text</p></div>\n</div><pre>a\n\n  b</pre>';
  const once = clean(html);
  assert.equal(once, '<p>Text</p>\n<pre>a\n\n  b</pre>');
  assert.equal(clean(once), once);
});
