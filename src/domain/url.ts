// Canonical URLs: one story, one key, whatever tracking decorations a feed adds.

const trackingParams = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'mc_cid', 'mc_eid', 'igshid', 'yclid',
  '_hsenc', '_hsmi', 'mkt_tok', 'ref', 'ref_src', 'ref_url', 'cmpid', 'ncid', 'ocid', 'sr_share',
  'smid', 'cid', 'rss', 'taid', 'guccounter', 'guce_referrer', 'guce_referrer_sig', 'at_medium', 'at_campaign',
]);
const trackingPrefixes = ['utm_', 'pk_', 'mtm_', 'itm_', 'oly_', 'vero_', '__twitter', 'hsa_'];

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return trackingParams.has(n) || trackingPrefixes.some((p) => n.startsWith(p));
}

/**
 * Lower-cased scheme and host, no default port, no fragment, no tracking parameters, the
 * remaining parameters sorted, no trailing slash on a non-root path. Returns null for a
 * string that is not an absolute http(s) URL.
 */
export function canonicalUrl(raw: string, base?: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  u.username = '';
  u.password = '';
  const kept = [...u.searchParams].filter(([k]) => !isTracking(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = kept.length ? new URLSearchParams(kept).toString() : '';
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '');
  return u.toString();
}

/** Absolute http(s) URL or null; keeps the URL as the publisher wrote it (for display). */
export function absoluteUrl(raw: string, base?: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  try {
    const u = new URL(text, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return /^https?:\/\//i.test(text) ? text : u.toString();
  } catch {
    return null;
  }
}
