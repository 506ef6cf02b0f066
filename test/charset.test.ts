// Charset detection and decoding: the 14 Miniflux cases (test/fixtures/encoding), label
// aliases, the byte-level veto, and the same decoding end to end through fetch().
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createFetcher, decodeBody, detectCharset } from '../src/fetch/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'encoding');
const fixture = (name: string) => readFileSync(join(dir, basename(name)));

interface Case { file: string; mode: 'charset_label' | 'content_type'; value: string; expect_contains: string[] | null }
const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Case[];

test('the corpus has its 14 cases', () => assert.equal(cases.length, 14));

for (const c of cases) {
  test(`miniflux case: ${basename(c.file)} with ${c.mode} ${JSON.stringify(c.value)}`, () => {
    const contentType = c.mode === 'charset_label' ? `text/xml; charset=${c.value}` : c.value || null;
    const { text } = decodeBody(fixture(c.file), contentType);
    assert.ok(!text.includes('\uFFFD'), 'no replacement characters');
    for (const s of c.expect_contains ?? []) assert.ok(text.includes(s), `expected ${JSON.stringify(s)} in the text`);
  });
}

test('detection order: BOM > Content-Type > XML declaration > meta > UTF-8', () => {
  const latin = Buffer.from('<?xml version="1.0" encoding="koi8-r"?><a>caf\xe9</a>', 'latin1');
  assert.equal(detectCharset(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a/>')]), 'text/xml; charset=koi8-r'), 'utf-8');
  assert.equal(detectCharset(Buffer.from([0xff, 0xfe, 0x3c, 0x00]), null), 'utf-16le');
  assert.equal(detectCharset(Buffer.from([0xfe, 0xff, 0x00, 0x3c]), null), 'utf-16be');
  assert.equal(detectCharset(latin, 'text/xml; charset="ISO-8859-2"'), 'iso-8859-2');
  assert.equal(detectCharset(latin, 'text/xml'), 'koi8-r');
  assert.equal(detectCharset(Buffer.from('<html><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>\xe0', 'latin1'), 'text/html'), 'windows-1251');
  assert.equal(detectCharset(Buffer.from('<html><p>plain ascii</p>'), null), 'utf-8');
});

test('labels: WHATWG aliases and common non-WHATWG spellings', () => {
  const body = Buffer.from('<p>caf\xe9</p>', 'latin1');
  for (const label of ['latin1', 'ISO-8859-1', 'iso_8859-1', 'cp1252', 'CP-1252', 'win1252', "'windows-1252'", 'us-ascii', 'Latin-1']) {
    assert.equal(decodeBody(body, `text/html; charset=${label}`).text, '<p>café</p>', label);
  }
  const sjis = Buffer.from([0x82, 0xa0]); // あ in Shift_JIS
  for (const label of ['x-sjis', 'Shift_JIS', 'sjis', 'cp932', 'windows-31j']) {
    assert.equal(decodeBody(sjis, `text/plain; charset=${label}`).text, 'あ', label);
  }
  assert.equal(detectCharset(Buffer.from('<a/>'), 'text/xml; charset=utf8'), 'utf-8');
  assert.equal(detectCharset(Buffer.from('<a/>'), 'text/xml; charset=UTF_8'), 'utf-8');
  assert.equal(detectCharset(Buffer.from('<a/>'), 'text/xml; charset=no-such-charset'), 'utf-8');
});

test('legacy multi-byte charsets decode (full ICU)', () => {
  const gbk = Buffer.from([0xd6, 0xd0, 0xce, 0xc4]); // 中文
  assert.equal(decodeBody(gbk, 'text/html; charset=gb2312').text, '中文');
  assert.equal(decodeBody(gbk, 'text/html; charset=gb18030').text, '中文');
  const big5 = Buffer.from([0xa4, 0xa4, 0xa4, 0xe5]); // 中文
  assert.equal(decodeBody(big5, 'text/html; charset=big5').text, '中文');
  const euckr = Buffer.from([0xc7, 0xd1, 0xb1, 0xdb]); // 한글
  assert.equal(decodeBody(euckr, 'text/html; charset=euc-kr').text, '한글');
});

test('the bytes veto a wrong declaration', () => {
  const utf8 = Buffer.from('<p>Crème brûlée — 中文</p>');
  assert.equal(detectCharset(utf8, 'text/html; charset=iso-8859-1'), 'utf-8', 'single-byte label on UTF-8 bytes');
  assert.equal(detectCharset(utf8, 'text/html; charset=shift_jis'), 'utf-8', 'multi-byte label that cannot decode the bytes');
  const latin = Buffer.from('<p>Caf\xe9 cr\xe8me</p>', 'latin1');
  assert.equal(decodeBody(latin, 'text/html; charset=utf-8').text, '<p>Café crème</p>', 'UTF-8 label on Latin-1 bytes');
  assert.equal(decodeBody(latin, null).text, '<p>Café crème</p>', 'no label at all');
  // Mostly UTF-8 with one stray byte stays UTF-8: one U+FFFD beats mojibake everywhere.
  const mixed = Buffer.concat([Buffer.from('Café '), Buffer.from([0xff]), Buffer.from(' crème')]);
  assert.equal(decodeBody(mixed, 'text/plain; charset=utf-8').text, 'Café \uFFFD crème');
});

test('a UTF-8 BOM is stripped from the text', () => {
  const { text, charset } = decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss/>')]), null);
  assert.equal(charset, 'utf-8');
  assert.equal(text, '<rss/>');
});

// End to end: the same fixtures served over HTTP, decoded by fetch().
const routes: Record<string, { file: string; type: string; gzip?: boolean }> = {
  '/latin.xml': { file: 'iso-8859-1.xml', type: 'application/xml; charset=ISO-8859-1' },
  '/latin1-label.xml': { file: 'iso-8859-1.xml', type: 'text/xml; charset=latin1', gzip: true },
  '/meta-late.html': { file: 'iso-8859-1-meta-after-1024.html', type: 'text/html' },
  '/meta.html': { file: 'iso-8859-1.html', type: 'text/html' },
  '/koi8.xml': { file: 'koi8r.xml', type: 'application/rss+xml; charset=KOI8-R' },
  '/lying.xml': { file: 'utf8-incorrect-prolog.xml', type: 'application/xml; charset=ISO-8859-1' },
};
const server = createServer((req, res) => {
  const r = routes[req.url ?? ''];
  if (!r) return void res.writeHead(404).end();
  const bytes = fixture(r.file);
  res.writeHead(200, { 'content-type': r.type, ...(r.gzip ? { 'content-encoding': 'gzip' } : {}) });
  res.end(r.gzip ? gzipSync(bytes) : bytes);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

test('fetch() decodes by Content-Type, XML declaration and late <meta>', async () => {
  const fetcher = createFetcher({ allowPrivateNetworks: true, perHostIntervalMs: 0 });
  const expect: [string, string, string[]][] = [
    ['/latin.xml', 'windows-1252', ['Café', 'Présentation']],
    ['/latin1-label.xml', 'windows-1252', ['Café']],
    ['/meta-late.html', 'windows-1252', ['Café', 'Frédéric']],
    ['/meta.html', 'windows-1252', ['Café', 'Frédéric']],
    ['/koi8.xml', 'koi8-r', ['Пример RSS ленты', 'Привет мир! Ёжик, чай, Москва, Санкт-Петербург.']],
    ['/lying.xml', 'utf-8', ['Café']],
  ];
  for (const [path, charset, strings] of expect) {
    const res = await fetcher.fetch({ url: base + path });
    assert.equal(res.kind, 'ok');
    if (res.kind !== 'ok') continue;
    assert.equal(res.charset, charset, path);
    for (const s of strings) assert.ok(res.text.includes(s), `${path}: ${s}`);
  }
});

test('UTF-16 and UTF-32 feeds, with and without a byte order mark, and labels that disagree with the bytes', async () => {
  const { decodeBody } = await import('../src/fetch/charset.js');
  const { parseFeed } = await import('../src/parse/feed.js');
  const xml = '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Ü</title><item><title>Grüße € test</title><link>https://x.example/1</link></item></channel></rss>';
  const u32 = (s: string, le: boolean, bom: boolean) => {
    const cps = [...`${bom ? '\ufeff' : ''}${s}`].map((c) => c.codePointAt(0)!);
    const b = Buffer.alloc(cps.length * 4);
    cps.forEach((cp, i) => (le ? b.writeUInt32LE(cp, i * 4) : b.writeUInt32BE(cp, i * 4)));
    return b;
  };
  const u16be = (s: string) => { const le = Buffer.from(s, 'utf16le'); for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!]; return le; };
  const cases: [string, Buffer, string | null, string][] = [
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]), null, 'utf-16le'],
    ['UTF-16LE without BOM or declaration', Buffer.from(xml.replace(/^<\?xml[^>]*>/, ''), 'utf16le'), null, 'utf-16le'],
    ['UTF-16BE without BOM', u16be(xml), null, 'utf-16be'],
    ['UTF-32LE with BOM', u32(xml, true, true), null, 'utf-32le'],
    ['UTF-32BE without BOM', u32(xml, false, false), null, 'utf-32be'],
    ['UTF-32LE labelled UTF-16 by HTTP', u32(xml, true, false), 'text/xml; charset=utf-16', 'utf-32le'],
    ['UTF-8 labelled UTF-32 by HTTP', Buffer.from(xml.replace('UTF-16', 'UTF-8')), 'text/xml; charset=utf-32', 'utf-8'],
  ];
  for (const [name, bytes, contentType, charset] of cases) {
    const d = decodeBody(bytes, contentType);
    assert.equal(d.charset, charset, name);
    assert.equal((await parseFeed(d.text, 'https://x.example/')).items[0]?.title, 'Grüße € test', name);
  }
});
