// The fetcher's public contract: options, request, result and the one error type callers see.
// Other parts (pipeline, runtime) depend on these shapes exactly; change them only with them.

export interface FetcherOptions {
  /** RADAR_ALLOW_PRIVATE_NETWORKS: lets the fetcher reach loopback and private addresses. */
  allowPrivateNetworks: boolean;
  userAgent: string;
  connectTimeoutMs: number;
  /** The whole request: every redirect hop and the body. */
  totalTimeoutMs: number;
  /** Counted after decompression, so a small gzip bomb cannot fill memory. */
  maxBodyBytes: number;
  maxRedirects: number;
  /** Minimum gap between request starts to one host (key = URL.host, i.e. host:port). */
  perHostIntervalMs: number;
  /** Global limit of requests in flight. */
  maxConcurrency: number;
}

export const defaultFetcherOptions: FetcherOptions = Object.freeze({
  allowPrivateNetworks: false,
  userAgent: 'PolicyRadar/0.1 (+https://github.com/policy-radar; self-hosted tech-policy feed reader)',
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBodyBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  perHostIntervalMs: 1000,
  maxConcurrency: 8,
});

export interface FetchRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
}

export type FetchResult =
  | {
      kind: 'ok';
      /** Final URL after redirects. */
      url: string;
      status: number;
      body: Buffer;
      text: string;
      /** The charset the text was decoded with (a WHATWG encoding name). */
      charset: string;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      /** From Cache-Control max-age (no-store/no-cache → 0) or Expires. */
      maxAgeSeconds: number | null;
    }
  | { kind: 'not_modified'; url: string; status: 304; etag: string | null; lastModified: string | null; maxAgeSeconds: number | null };

export type FetchErrorCode =
  | 'bad_url' | 'blocked_address' | 'timeout' | 'too_large' | 'too_many_redirects' | 'http_status' | 'network' | 'decode';

export class FetchError extends Error {
  code: FetchErrorCode;
  status?: number;
  retryAfterSeconds?: number;
  url: string;

  constructor(code: FetchErrorCode, message: string, url: string, extra: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'FetchError';
    this.code = code;
    this.url = url;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export interface Fetcher {
  fetch(req: FetchRequest): Promise<FetchResult>;
}

export interface ResolvedAddress { address: string; family: 4 | 6 }

/**
 * Seams for tests only; production code calls createFetcher(opts) without them. They let a
 * test point a made-up public name at the local server, or simulate a DNS server that hangs.
 */
export interface FetcherDeps {
  /** Name resolution; default dns.lookup with all addresses. */
  resolveHost?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Whether an address may not be contacted for this hostname; default from allowPrivateNetworks. */
  isBlockedAddress?: (ip: string, hostname: string) => boolean;
}
