// The fetcher against a real HTTP server on 127.0.0.1: compression, conditional GET, timeouts,
// size caps, redirects, the private-address guard, error statuses and politeness.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.js';
import {
  createFetcher, defaultFetcherOptions, FetchError, isPrivateAddress,
  type FetchErrorCode, type FetcherDeps, type FetcherOptions, type FetchResult,
} from '../src/fetch/index.js';
import { Politeness } from '../src/fetch/politeness.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';

let srv: FixtureServer;
let base: string;
before(async () => {
  srv = await startFixtureServer();
  base = srv.url;
});
after(() => srv.close());

/** A fetcher for the local server: private networks allowed, no politeness delay. */
const local = (opts: Partial<FetcherOptions> = {}, deps: FetcherDeps = {}) =>
  createFetcher({ allowPrivateNetworks: true, perHostIntervalMs: 0, ...opts }, deps);

async function expectError(p: Promise<FetchResult>, code: FetchErrorCode): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof FetchError, `expected a FetchError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected FetchError ${code}, got a result`);
}

function ok(r: FetchResult) {
  assert.equal(r.kind, 'ok');
  if (r.kind !== 'ok') throw new Error('unreachable');
  return r;
}

const FEED = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Café — 中文</title></channel></rss>';
// unref: a guard timer that lost its race must not keep the test process alive.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

test('plain 200: body, text, headers sent (User-Agent, Accept-Encoding, Accept)', async () => {
  let seen: Record<string, string | string[] | undefined> = {};
  srv.route('/plain', (req, res) => {
    seen = req.headers;
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Tue, 01 Oct 2024 10:00:00 GMT' }).end(FEED);
  });
  const r = ok(await local().fetch({ url: `${base}/plain#frag` }));
  assert.equal(r.url, `${base}/plain`);
  assert.equal(r.status, 200);
  assert.equal(r.text, FEED);
  assert.deepEqual(r.body, Buffer.from(FEED));
  assert.equal(r.charset, 'utf-8');
  assert.equal(r.contentType, 'application/rss+xml; charset=utf-8');
  assert.equal(r.etag, '"v1"');
  assert.equal(r.lastModified, 'Tue, 01 Oct 2024 10:00:00 GMT');
  assert.equal(r.maxAgeSeconds, null);
  assert.equal(seen['user-agent'], defaultFetcherOptions.userAgent);
  assert.equal(seen['accept-encoding'], 'gzip, deflate, br');
  assert.match(String(seen.accept), /application\/rss\+xml/);
  assert.equal(seen['if-none-match'], undefined);

  await local({ userAgent: 'Custom/1.0' }).fetch({ url: `${base}/plain`, accept: 'text/html' });
  assert.equal(seen['user-agent'], 'Custom/1.0');
  assert.equal(seen.accept, 'text/html');
  await local({ userAgent: undefined }).fetch({ url: `${base}/plain` });
  assert.equal(seen['user-agent'], defaultFetcherOptions.userAgent, 'an undefined option keeps its default');
});

test('decompresses gzip, br and both kinds of deflate', async () => {
  const encodings: [string, (b: Buffer) => Buffer][] = [
    ['gzip', gzipSync], ['br', brotliCompressSync], ['deflate', deflateSync], ['deflate-raw', deflateRawSync],
  ];
  for (const [name, compress] of encodings) {
    srv.route(`/z/${name}`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-encoding': name === 'deflate-raw' ? 'deflate' : name });
      res.end(compress(Buffer.from(FEED)));
    });
    const r = ok(await local().fetch({ url: `${base}/z/${name}` }));
    assert.equal(r.text, FEED, name);
  }
});

test('decode errors: corrupt gzip, unknown Content-Encoding; a missing gzip trailer is tolerated', async () => {
  srv.route('/z/corrupt', (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('this is not gzip'));
  srv.route('/z/compress', (_q, res) => res.writeHead(200, { 'content-encoding': 'compress' }).end('x'));
  const gz = gzipSync(Buffer.from(FEED));
  srv.route('/z/truncated', (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gz.subarray(0, gz.length - 8)));
  const f = local();
  await expectError(f.fetch({ url: `${base}/z/corrupt` }), 'decode');
  await expectError(f.fetch({ url: `${base}/z/compress` }), 'decode');
  assert.equal(ok(await f.fetch({ url: `${base}/z/truncated` })).text, FEED);
});

test('conditional GET: ETag / Last-Modified give not_modified without a body', async () => {
  const lm = 'Wed, 02 Oct 2024 08:00:00 GMT';
  srv.route('/cond', (req, res) => {
    if (req.headers['if-none-match'] === '"abc"' || req.headers['if-modified-since'] === lm) {
      return void res.writeHead(304, { 'cache-control': 'max-age=120' }).end();
    }
    res.writeHead(200, { 'content-type': 'text/xml', etag: '"abc"', 'last-modified': lm, 'cache-control': 'public, max-age=600' }).end(FEED);
  });
  const f = local();
  const first = ok(await f.fetch({ url: `${base}/cond` }));
  assert.equal(first.maxAgeSeconds, 600);
  const second = await f.fetch({ url: `${base}/cond`, etag: first.etag, lastModified: first.lastModified });
  // The 304 carried no validators: the ones we sent are still current and come back.
  assert.deepEqual(second, { kind: 'not_modified', url: `${base}/cond`, status: 304, etag: '"abc"', lastModified: lm, maxAgeSeconds: 120 });
  const byDate = await f.fetch({ url: `${base}/cond`, lastModified: lm });
  assert.equal(byDate.kind, 'not_modified');
});

test('freshness: no-store/no-cache → 0, Expires measured against the server Date', async () => {
  srv.route('/nostore', (_q, res) => res.writeHead(200, { 'cache-control': 'no-store' }).end('x'));
  srv.route('/nocache', (_q, res) => res.writeHead(200, { 'cache-control': 'no-cache, max-age=600' }).end('x'));
  srv.route('/expires', (_q, res) => res.writeHead(200, { date: 'Tue, 01 Oct 2024 10:00:00 GMT', expires: 'Tue, 01 Oct 2024 10:30:00 GMT' }).end('x'));
  srv.route('/expired', (_q, res) => res.writeHead(200, { expires: '0' }).end('x'));
  const f = local();
  assert.equal(ok(await f.fetch({ url: `${base}/nostore` })).maxAgeSeconds, 0);
  assert.equal(ok(await f.fetch({ url: `${base}/nocache` })).maxAgeSeconds, 0);
  assert.equal(ok(await f.fetch({ url: `${base}/expires` })).maxAgeSeconds, 1800);
  assert.equal(ok(await f.fetch({ url: `${base}/expired` })).maxAgeSeconds, 0);
});

test('a server that never answers fails with timeout within totalTimeoutMs', async () => {
  srv.route('/silent', () => {}); // accepts, reads the request, never responds
  const t0 = Date.now();
  // A stalled event loop (a busy machine running many test files) delays the timer, and the
  // deadline grants that stall once more (deadline-timer.ts): allow for what was measured.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const err = await expectError(local({ totalTimeoutMs: 300 }).fetch({ url: `${base}/silent` }), 'timeout');
  loop.disable();
  const took = Date.now() - t0;
  const stall = loop.max / 1e6;
  assert.ok(took >= 290 && took < 1500 + 2 * stall, `took ${took} ms (longest event-loop stall ${Math.round(stall)} ms)`);
  assert.equal(err.url, `${base}/silent`);
});

test('a trickling server fails with timeout even though bytes keep coming', async () => {
  srv.route('/trickle', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    const timer = setInterval(() => res.write('<'), 30);
    res.on('close', () => clearInterval(timer));
  });
  const t0 = Date.now();
  await expectError(local({ totalTimeoutMs: 300 }).fetch({ url: `${base}/trickle` }), 'timeout');
  assert.ok(Date.now() - t0 < 1500);
});

test('connect timeout covers a DNS lookup that hangs', async () => {
  const hang: FetcherDeps = { resolveHost: () => new Promise(() => {}) };
  const t0 = Date.now();
  const err = await expectError(local({ connectTimeoutMs: 200, totalTimeoutMs: 5000 }, hang).fetch({ url: 'http://hangs.test/' }), 'timeout');
  assert.match(err.message, /connect/);
  assert.ok(Date.now() - t0 < 1500);
});

test('too_large: declared Content-Length, chunked body, gzip and brotli bombs', async () => {
  const cap = 100_000;
  srv.route('/big-declared', (_q, res) => res.writeHead(200, { 'content-length': String(cap + 1) }).end(Buffer.alloc(cap + 1)));
  srv.route('/big-chunked', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }); // no Content-Length: chunked
    for (let i = 0; i < 20; i++) res.write(Buffer.alloc(16_384, 'a'));
    res.end();
  });
  const zeros = Buffer.alloc(4 * 1024 * 1024); // 40× the cap, a few KB compressed
  const gz = gzipSync(zeros);
  const br = brotliCompressSync(zeros);
  assert.ok(gz.length < cap && br.length < cap, 'the bombs themselves are small');
  srv.route('/bomb-gzip', (_q, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(gz.length) }).end(gz));
  srv.route('/bomb-br', (_q, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(br));
  srv.route('/just-fits', (_q, res) => res.writeHead(200).end(Buffer.alloc(cap, 'b')));

  const f = local({ maxBodyBytes: cap });
  const declared = await expectError(f.fetch({ url: `${base}/big-declared` }), 'too_large');
  assert.match(declared.message, /Content-Length/);
  await expectError(f.fetch({ url: `${base}/big-chunked` }), 'too_large');
  await expectError(f.fetch({ url: `${base}/bomb-gzip` }), 'too_large');
  await expectError(f.fetch({ url: `${base}/bomb-br` }), 'too_large');
  assert.equal(ok(await f.fetch({ url: `${base}/just-fits` })).body.length, cap);
});

test('redirects: a chain ends at the final URL; a loop or one hop too many fails', async () => {
  srv.route('/r/1', (_q, res) => res.writeHead(301, { location: '2' }).end()); // relative
  srv.route('/r/2', (_q, res) => res.writeHead(302, { location: '/r/3?x=1' }).end());
  srv.route('/r/3', (_q, res) => res.writeHead(307, { location: `${base}/r/4` }).end());
  srv.route('/r/4', (_q, res) => res.writeHead(308, { location: '/r/5' }).end());
  srv.route('/r/5', (_q, res) => res.writeHead(303, { location: '/r/final' }).end());
  srv.route('/r/final', (_q, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(FEED));
  srv.route('/loop', (_q, res) => res.writeHead(302, { location: '/loop' }).end());
  srv.route('/to-ftp', (_q, res) => res.writeHead(302, { location: 'ftp://example.org/feed' }).end());
  srv.route('/to-file', (_q, res) => res.writeHead(301, { location: 'file:///etc/passwd' }).end());
  srv.route('/no-location', (_q, res) => res.writeHead(302).end());

  const r = ok(await local().fetch({ url: `${base}/r/1` }));
  assert.equal(r.url, `${base}/r/final`);
  assert.equal(r.text, FEED);
  // Exactly maxRedirects hops are fine, one more is not.
  assert.equal(ok(await local({ maxRedirects: 5 }).fetch({ url: `${base}/r/1` })).url, `${base}/r/final`);
  await expectError(local({ maxRedirects: 4 }).fetch({ url: `${base}/r/1` }), 'too_many_redirects');
  const before = srv.hits.get('/loop') ?? 0;
  await expectError(local().fetch({ url: `${base}/loop` }), 'too_many_redirects');
  assert.equal((srv.hits.get('/loop') ?? 0) - before, defaultFetcherOptions.maxRedirects + 1);
  await expectError(local().fetch({ url: `${base}/to-ftp` }), 'bad_url');
  await expectError(local().fetch({ url: `${base}/to-file` }), 'bad_url');
  assert.equal((await expectError(local().fetch({ url: `${base}/no-location` }), 'http_status')).status, 302);
});

test('bad URLs are refused before any network use', async () => {
  const f = local();
  await expectError(f.fetch({ url: 'not a url' }), 'bad_url');
  await expectError(f.fetch({ url: 'ftp://example.org/feed.xml' }), 'bad_url');
  await expectError(f.fetch({ url: 'file:///etc/passwd' }), 'bad_url');
  await expectError(f.fetch({ url: 'javascript:alert(1)' }), 'bad_url');
});

test('HTTP errors carry the status; 429/503 carry Retry-After in seconds', async () => {
  srv.route('/missing', (_q, res) => res.writeHead(404).end('gone'));
  srv.route('/slow-down', (_q, res) => res.writeHead(429, { 'retry-after': '120' }).end());
  const at = new Date(Date.now() + 90_000).toUTCString();
  srv.route('/maintenance', (_q, res) => res.writeHead(503, { 'retry-after': at }).end());
  srv.route('/broken', (_q, res) => res.writeHead(500, { 'retry-after': '5' }).end());
  const f = local();
  const e404 = await expectError(f.fetch({ url: `${base}/missing` }), 'http_status');
  assert.equal(e404.status, 404);
  assert.equal(e404.retryAfterSeconds, undefined);
  const e429 = await expectError(f.fetch({ url: `${base}/slow-down` }), 'http_status');
  assert.equal(e429.status, 429);
  assert.equal(e429.retryAfterSeconds, 120);
  const e503 = await expectError(f.fetch({ url: `${base}/maintenance` }), 'http_status');
  assert.ok(e503.retryAfterSeconds! >= 85 && e503.retryAfterSeconds! <= 90, String(e503.retryAfterSeconds));
  assert.equal((await expectError(f.fetch({ url: `${base}/broken` }), 'http_status')).retryAfterSeconds, undefined);
});

test('network errors: refused connection, unknown host, connection cut mid-body', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  await expectError(local().fetch({ url: `http://127.0.0.1:${port}/` }), 'network');

  const nxdomain: FetcherDeps = { resolveHost: () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })) };
  await expectError(local({}, nxdomain).fetch({ url: 'http://no-such-host.test/' }), 'network');

  srv.route('/cut', (_q, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('only part of it');
    setTimeout(() => res.destroy(), 20);
  });
  await expectError(local().fetch({ url: `${base}/cut` }), 'network');
});

test('isPrivateAddress: IPv4, IPv6 and embedded forms', () => {
  const blocked = [
    '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
    '100.64.0.1', '100.127.255.255', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '255.255.255.255', '240.0.0.1',
    '192.0.2.1', '198.18.0.1',
    '::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'ff02::1', '[::1]',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.1.2.3', '::ffff:169.254.169.254', '::127.0.0.1',
    '64:ff9b::127.0.0.1', '64:ff9b::a00:1', '2002:7f00:1::', '2001:db8::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    'not-an-ip', '', '1.2.3', '999.1.1.1',
  ];
  const allowed = [
    '8.8.8.8', '1.1.1.1', '93.184.216.34', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '192.169.0.1', '169.253.0.1',
    '2606:4700:4700::1111', '2a00:1450:4001:82b::200e', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '64:ff9b::808:808',
  ];
  for (const ip of blocked) assert.equal(isPrivateAddress(ip), true, `${ip} should be blocked`);
  for (const ip of allowed) assert.equal(isPrivateAddress(ip), false, `${ip} should be allowed`);
});

test('guard: loopback by IP literal, by name and by IPv6 literal is refused', async () => {
  const guarded = createFetcher({ perHostIntervalMs: 0 });
  const before = srv.hits.get('/secret') ?? 0;
  srv.route('/secret', (_q, res) => res.writeHead(200).end('secret'));
  for (const url of [
    `${base}/secret`, `http://localhost:${srv.port}/secret`, `http://[::1]:${srv.port}/secret`, 'http://[::1]/',
    `http://[::ffff:127.0.0.1]:${srv.port}/secret`, `http://0x7f.1:${srv.port}/secret`, `http://2130706433:${srv.port}/secret`,
    'http://169.254.169.254/latest/meta-data/', 'http://0.0.0.0/',
  ]) {
    const err = await expectError(guarded.fetch({ url }), 'blocked_address');
    assert.match(err.message, /private or reserved/);
  }
  assert.equal(srv.hits.get('/secret') ?? 0, before, 'the local server was never reached');
});

test('guard: a public-looking host that redirects to loopback is refused on the second hop', async () => {
  // public.test stands for an outside server: the fake DNS points it at the test server, and
  // the policy treats it as public. Every other name and address gets the real guard.
  const deps: FetcherDeps = {
    resolveHost: async (host) => {
      if (host === 'public.test') return [{ address: '127.0.0.1', family: 4 }];
      if (host === 'mixed.test') return [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }];
      return [{ address: '127.0.0.1', family: 4 }]; // what localhost resolves to
    },
    isBlockedAddress: (ip, host) => host !== 'public.test' && isPrivateAddress(ip),
  };
  const f = createFetcher({ perHostIntervalMs: 0 }, deps);
  srv.route('/hop1', (_q, res) => res.writeHead(302, { location: `http://127.0.0.1:${srv.port}/internal` }).end());
  srv.route('/hop1-name', (_q, res) => res.writeHead(301, { location: `http://localhost:${srv.port}/internal` }).end());
  srv.route('/hop1-metadata', (_q, res) => res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
  srv.route('/public-ok', (_q, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(FEED));
  srv.route('/internal', (_q, res) => res.writeHead(200).end('internal'));

  // The first hop itself is allowed and served...
  assert.equal(ok(await f.fetch({ url: `http://public.test:${srv.port}/public-ok` })).text, FEED);
  // ...but whatever it redirects to is checked again.
  for (const path of ['/hop1', '/hop1-name', '/hop1-metadata']) {
    await expectError(f.fetch({ url: `http://public.test:${srv.port}${path}` }), 'blocked_address');
    assert.equal(srv.hits.get(path), 1);
  }
  assert.equal(srv.hits.get('/internal') ?? 0, 0);
  // One private answer among public ones is enough to refuse.
  await expectError(f.fetch({ url: 'http://mixed.test/' }), 'blocked_address');
});

test('politeness: one request at a time per host, starts at least perHostIntervalMs apart', async () => {
  const starts: number[] = [];
  const ends: number[] = [];
  srv.route('/polite', (_q, res) => {
    starts.push(Date.now());
    setTimeout(() => { ends.push(Date.now()); res.writeHead(200).end('x'); }, 60);
  });
  const f = local({ perHostIntervalMs: 200 });
  await Promise.all([1, 2, 3].map(() => f.fetch({ url: `${base}/polite` })));
  assert.equal(starts.length, 3);
  for (let i = 1; i < 3; i++) {
    // Measured at the server, so connection-time jitter on a loaded machine gets some slack;
    // the exact gap is checked on Politeness itself below.
    assert.ok(starts[i]! - starts[i - 1]! >= 150, `gap ${starts[i]! - starts[i - 1]!} ms`);
    assert.ok(starts[i]! >= ends[i - 1]!, 'requests to one host never overlap');
  }
});

test('Politeness: grants to one host are serialized and spaced; other hosts are not held up', async () => {
  const p = new Politeness(8, 100);
  const log: string[] = [];
  const granted = { a: [] as number[], b: [] as number[] };
  const use = async (host: 'a' | 'b', holdMs: number) => {
    const release = await p.enter(host);
    granted[host].push(Date.now());
    log.push(`+${host}`);
    await sleep(holdMs);
    log.push(`-${host}`);
    release();
  };
  const t0 = Date.now();
  await Promise.all([use('a', 30), use('a', 30), use('a', 30), use('b', 10)]);
  const a = granted.a;
  assert.equal(a.length, 3);
  for (let i = 1; i < a.length; i++) assert.ok(a[i]! - a[i - 1]! >= 99, `gap ${a[i]! - a[i - 1]!} ms`);
  assert.ok(granted.b[0]! - t0 < 50, 'host b did not wait for host a');
  assert.doesNotMatch(log.filter((e) => e.endsWith('a')).join(''), /\+a\+a/, 'host a never had two holders');
});

test('politeness: different hosts run in parallel up to maxConcurrency', async () => {
  let inFlight = 0;
  let peak = 0;
  srv.route('/concurrent', (_q, res) => {
    peak = Math.max(peak, ++inFlight);
    setTimeout(() => { inFlight--; res.writeHead(200).end('x'); }, 80);
  });
  // Six made-up host names, all pointed at the test server: six politeness keys.
  const deps: FetcherDeps = { resolveHost: async () => [{ address: '127.0.0.1', family: 4 }] };
  const f = local({ maxConcurrency: 2, perHostIntervalMs: 1000 }, deps);
  const t0 = Date.now();
  const hosts = ['a', 'b', 'c', 'd', 'e', 'f'].map((h) => `http://${h}.test:${srv.port}/concurrent`);
  const results = await Promise.all(hosts.map((url) => f.fetch({ url })));
  assert.ok(results.every((r) => r.kind === 'ok'));
  assert.equal(peak, 2);
  const took = Date.now() - t0;
  assert.ok(took >= 230 && took < 1000, `6 requests × 80 ms over 2 slots took ${took} ms`);
});

test('politeness: failed requests release their slots', async () => {
  srv.route('/fail-fast', (_q, res) => res.writeHead(500).end());
  srv.route('/hang', () => {});
  srv.route('/after-fail', (_q, res) => res.writeHead(200).end('ok'));
  const f = local({ maxConcurrency: 1, totalTimeoutMs: 200 });
  await expectError(f.fetch({ url: `${base}/fail-fast` }), 'http_status');
  await expectError(f.fetch({ url: `${base}/hang` }), 'timeout');
  await expectError(f.fetch({ url: `${base}/to-ftp` }), 'bad_url');
  const r = await Promise.race([f.fetch({ url: `${base}/after-fail` }), sleep(2000).then(() => null)]);
  assert.ok(r && r.kind === 'ok', 'the only slot was free again');
});
