// The load benchmark's request mix and the autocannon run over it: what a stream page, its
// search box and its detail pages ask for, with every response timed here by kind and arrival.
import autocannon from 'autocannon';
import { eventTypes } from '../../src/domain/types.js';

export const kinds = ['list', 'next page', 'search', 'filtered', 'signal', 'entities', 'entity', 'sources', 'healthz'] as const;
export type Kind = (typeof kinds)[number];
/** One cycle of 20 requests. */
const cycle: Kind[] = ['list', 'search', 'signal', 'filtered', 'list', 'search', 'signal', 'next page', 'filtered', 'search',
  'list', 'signal', 'entities', 'search', 'filtered', 'list', 'signal', 'entity', 'sources', 'healthz'];
const words = ['lithography', 'export', 'privacy', 'fine', 'court', 'ruling', 'chip', 'sanction', 'tariff', 'merger', 'audit', 'gallium',
  'encryption', 'deepfake', 'satellite', 'cloud', 'competition', 'copyright', 'security', 'procurement', 'regulator', 'consultation'];
// The companies every corpus signal names (corpus.ts), so an entity path never misses.
const slugs = ['nvidia', 'huawei', 'openai', 'alibaba', 'samsung', 'tsmc', 'asml', 'meta', 'google', 'microsoft', 'tiktok', 'apple', 'amazon', 'tencent', 'micron'];
const regionCodes = ['CN', 'US', 'EU', 'JP', 'KR', 'IN', 'TW', 'DE', 'FR', 'BR', 'CA', 'AU', 'GB', 'IT', 'NL'];
const prefixes = ['nv', 'hua', 'open', 'ali', 'sam', 'ts', 'as', 'me', 'go', 'mic', 'ti', 'ap', 'am', 'ten', 'com', 'min', 'reg', 'par'];

export type RequestMix = ReturnType<typeof requestMix>;

/**
 * Paths for the mix. Most carry a distinct `until` (a second in 2030, so every signal matches):
 * the response cache cannot answer them, and each is real work, as for many distinct readers.
 * Signal ids stay within the corpus built before the run, so none is a 404.
 */
export function requestMix(baseSignals: number) {
  let n = 0;
  const cursors: string[] = [];
  const until = () => new Date(Date.UTC(2030, 0, 1) + n * 1000).toISOString();
  const w = (k: number) => words[(n * k) % words.length]!;
  const searches = [() => w(1), () => `${w(1)} ${w(7)}`, () => `${w(3)} OR ${w(5)}`, () => `${w(1).slice(0, 4)}*`, () => `"${w(1)}" -${w(11)}`];
  const filters = [() => `type=${eventTypes[n % eventTypes.length]}`, () => `region=${regionCodes[n % regionCodes.length]}`, () => `entity=${slugs[n % slugs.length]}`,
    () => `type=${eventTypes[n % eventTypes.length]}&region=${regionCodes[(n * 3) % regionCodes.length]}`];
  const paths: Record<Kind, () => string> = {
    list: () => `/api/v1/signals?until=${until()}&limit=${[20, 10, 50][n % 3]}`,
    'next page': () => cursors.pop() ?? paths.list(),
    search: () => `/api/v1/signals?q=${encodeURIComponent(searches[n % searches.length]!())}&until=${until()}`,
    filtered: () => `/api/v1/signals?${filters[n % filters.length]!()}&until=${until()}`,
    signal: () => `/api/v1/signals/${1 + ((n * 7919) % baseSignals)}`,
    entities: () => `/api/v1/entities?q=${prefixes[n % prefixes.length]}&limit=${10 + (n % 40)}`,
    entity: () => `/api/v1/entities/${slugs[n % slugs.length]}`,
    sources: () => '/api/v1/sources',
    healthz: () => '/healthz',
  };
  return {
    /** The next request of the cycle, or of one kind only. */
    next(only?: Kind): { kind: Kind; path: string } {
      n++;
      const kind = only ?? cycle[n % cycle.length]!;
      return { kind, path: paths[kind]() };
    },
    /** A list page's next_cursor becomes a later "next page" request, as a reader scrolling on. */
    keepCursor(path: string, body: string) {
      const m = /"next_cursor":"([^"]+)"/.exec(body);
      if (m && cursors.length < 1000 && !path.includes('cursor=')) cursors.push(`${path}&cursor=${encodeURIComponent(m[1]!)}`);
    },
  };
}

/** `first`: the first request of a connection (autocannon builds one per connection up front). */
export interface Sample { at: number; ms: number; kind: Kind; status: number; first: boolean }
interface Ctx { kind?: Kind; path?: string; t0?: number; first?: boolean }
export type MixRun = Awaited<ReturnType<typeof runMix>>;

/**
 * autocannon (keep-alive, no pipelining) over the mix. `at` is when a response arrived, in ms
 * after `origin`; a request is timed from when autocannon builds it to its last byte.
 */
export async function runMix(url: string, opts: { seconds?: number; amount?: number; connections: number; mix: RequestMix; origin: number; only?: Kind; timeout?: number }) {
  const samples: Sample[] = [];
  const bad: string[] = [];
  let built = 0;
  const result = await autocannon({
    url, connections: opts.connections, ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds ?? 10 }), pipelining: 1, timeout: opts.timeout ?? 10,
    requests: [{
      setupRequest: (req, context) => {
        const { kind, path } = opts.mix.next(opts.only);
        Object.assign(context as Ctx, { kind, path, t0: performance.now(), first: ++built <= opts.connections });
        return { ...req, path };
      },
      onResponse: (status, body, context) => {
        const c = context as Ctx;
        const now = performance.now();
        samples.push({ at: now - opts.origin, ms: now - c.t0!, kind: c.kind!, status, first: c.first === true });
        if (status >= 200 && status < 300) { if (c.kind === 'list') opts.mix.keepCursor(c.path!, body); }
        else if (bad.length < 10) bad.push(`${status} ${c.path}: ${String(body).slice(0, 200)}`);
      },
    }],
  });
  return { result, samples, bad };
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

export function summarize(samples: Sample[], seconds: number) {
  const ms = samples.map((s) => s.ms);
  return { requests: samples.length, rps: Math.round(samples.length / seconds), p50: round1(pct(ms, 0.5)), p99: round1(pct(ms, 0.99)), max: round1(pct(ms, 1)) };
}

export function byKind(samples: Sample[]) {
  return Object.fromEntries(kinds.map((k) => {
    const ms = samples.filter((s) => s.kind === k).map((s) => s.ms);
    return [k, { requests: ms.length, p50: round1(pct(ms, 0.5)), p99: round1(pct(ms, 0.99)) }];
  })) as Record<Kind, { requests: number; p50: number; p99: number }>;
}
