// The fetcher: one polite, bounded GET that follows redirects by hand so every hop goes
// through the address guard, and turns the outcome into a FetchResult or a FetchError.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { defaultResolveHost, guardedLookup, isPrivateAddress, literalAddress, type AddressPolicy } from './address-guard.js';
import { headerValue, parseMaxAge, parseRetryAfter } from './cache-headers.js';
import { decodeBody } from './charset.js';
import { startDeadlineTimer } from './deadline-timer.js';
import { openResponse } from './open-response.js';
import { Politeness } from './politeness.js';
import { ACCEPT_ENCODING, readBody } from './read-body.js';
import {
  defaultFetcherOptions, FetchError, type Fetcher, type FetcherDeps, type FetcherOptions, type FetchRequest, type FetchResult,
} from './types.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

export function createFetcher(opts: Partial<FetcherOptions> = {}, deps: FetcherDeps = {}): Fetcher {
  const o: FetcherOptions = { ...defaultFetcherOptions };
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) Object.assign(o, { [k]: v });
  const politeness = new Politeness(o.maxConcurrency, o.perHostIntervalMs);
  const resolveHost = deps.resolveHost ?? defaultResolveHost;
  const isBlocked: AddressPolicy = deps.isBlockedAddress ?? (o.allowPrivateNetworks ? () => false : (ip) => isPrivateAddress(ip));

  async function fetchWithRedirects(req: FetchRequest): Promise<FetchResult> {
    let url = parseHttpUrl(req.url);
    let release = await politeness.enter(url.host);
    // Starts after the politeness wait: time spent queued behind other feeds is not the server's fault.
    const deadline = startDeadline(o.totalTimeoutMs, () => url.href);
    const visited = new Set<string>();
    let from: string | null = null;
    try {
      for (let redirects = 0; ; redirects++) {
        visited.add(url.href);
        const res = await openHop(url, req, deadline.signal).catch((err: unknown) => {
          // The URL the operator entered was fine, yet it sent us inward: say which one did.
          if (from && err instanceof FetchError && err.code === 'blocked_address') err.message += ` (redirected from ${from})`;
          throw err;
        });
        const location = res.headers.location;
        if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return await toResult(res, url, req, deadline.signal);
        res.destroy(); // a redirect's body is never worth reading
        const next = parseHttpUrl(location, url);
        if (redirects >= o.maxRedirects) {
          // Every hop is still followed up to the limit (a server may answer differently the second
          // time), but the message tells a loop from a long chain.
          const what = visited.has(next.href) ? `redirect loop: back to ${next.href}` : 'too many redirects';
          throw new FetchError('too_many_redirects', `${what} (more than ${o.maxRedirects} redirects)`, url.href);
        }
        if (next.host !== url.host) {
          // Politeness is per host, so a hop to another host queues for that host's turn.
          release();
          release = await politeness.enter(next.host);
        }
        from = url.href;
        url = next;
      }
    } finally {
      deadline.clear();
      release();
    }
  }

  function openHop(url: URL, req: FetchRequest, signal: AbortSignal): Promise<IncomingMessage> {
    // Node connects to IP literals without calling lookup, so they are judged here.
    const literal = literalAddress(url.hostname);
    if (literal && isBlocked(literal, url.hostname)) {
      return Promise.reject(new FetchError('blocked_address', `blocked private address: ${literal} is private or reserved`, url.href));
    }
    return openResponse(url, {
      headers: requestHeaders(req, o.userAgent),
      lookup: guardedLookup(url.href, resolveHost, isBlocked),
      connectTimeoutMs: o.connectTimeoutMs,
      signal,
    });
  }

  async function toResult(res: IncomingMessage, url: URL, req: FetchRequest, signal: AbortSignal): Promise<FetchResult> {
    const status = res.statusCode ?? 0;
    const h = res.headers;
    if (status === 304) {
      res.destroy();
      // Many servers omit the validators on a 304; the ones we sent are still the current ones.
      return {
        kind: 'not_modified', url: url.href, status: 304, maxAgeSeconds: parseMaxAge(h),
        etag: headerValue(h, 'etag') ?? req.etag ?? null, lastModified: headerValue(h, 'last-modified') ?? req.lastModified ?? null,
      };
    }
    if (status < 200 || status > 299) {
      res.destroy();
      const retryAfter = status === 429 || status === 503 ? parseRetryAfter(headerValue(h, 'retry-after') ?? undefined) : null;
      throw new FetchError('http_status', `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, url.href, {
        status, ...(retryAfter === null ? {} : { retryAfterSeconds: retryAfter }),
      });
    }
    const body = await readBody(res, url.href, o.maxBodyBytes, signal);
    const contentType = headerValue(h, 'content-type');
    const { text, charset } = decodeBody(body, contentType);
    return {
      kind: 'ok', url: url.href, status, body, text, charset, contentType,
      etag: headerValue(h, 'etag'), lastModified: headerValue(h, 'last-modified'), maxAgeSeconds: parseMaxAge(h),
    };
  }

  return { fetch: fetchWithRedirects };
}

/** Only http and https: a feed must not redirect us to file:, ftp: or data: URLs. */
function parseHttpUrl(input: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    throw new FetchError('bad_url', `not a valid URL: ${JSON.stringify(input.slice(0, 200))}`, base?.href ?? input);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad_url', `unsupported scheme ${url.protocol} (only http and https)`, url.href);
  }
  url.hash = ''; // fragments are never sent; drop them so the final URL is what was fetched
  return url;
}

function requestHeaders(req: FetchRequest, userAgent: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { 'user-agent': userAgent, accept: req.accept ?? DEFAULT_ACCEPT, 'accept-encoding': ACCEPT_ENCODING };
  // Validators come back from the database; one with a control character would make Node
  // throw while building the request, so such a value is dropped (we just fetch in full).
  const safe = (v: string | null | undefined): v is string => !!v && !/[^\t\x20-\x7e\x80-\xff]/.test(v);
  if (safe(req.etag)) headers['if-none-match'] = req.etag;
  if (safe(req.lastModified)) headers['if-modified-since'] = req.lastModified;
  return headers;
}

/** One timer for the whole request; aborting its signal makes every stage fail with 'timeout'. */
function startDeadline(ms: number, currentUrl: () => string): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const clear = startDeadlineTimer(ms, () => controller.abort(new FetchError('timeout', `timed out: no complete response within ${ms} ms`, currentUrl())));
  return { signal: controller.signal, clear };
}
