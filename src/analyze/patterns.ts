// Patterns from the knowledge files: alternatives matched as whole words (a letter or digit may
// not touch either end), the one shape every lexicon here uses. `open` leaves the end unbounded
// for patterns that match a word's beginning ("draft" in "drafted"). Patterns read at run time
// (a playbook's premise, a criterion's words) are compiled once per distinct source.
export function wordPattern(alternatives: string | string[], flags = 'iu', opts: { open?: boolean } = {}): RegExp {
  const body = typeof alternatives === 'string' ? alternatives : alternatives.map((p) => `(?:${p})`).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})${opts.open ? '' : '(?![\\p{L}\\p{N}])'}`, flags);
}

const cache = new Map<string, RegExp>();
/** The same, memoised: for patterns that come from data and are tested on every story. */
export function cachedWordPattern(source: string, opts: { open?: boolean } = {}): RegExp {
  const key = `${opts.open ? 'o' : 'c'}${source}`;
  let re = cache.get(key);
  if (!re) {
    re = wordPattern(source, 'iu', opts);
    if (cache.size < 1000) cache.set(key, re); // sources come from reviewed files: a handful
  }
  return re;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A sentence ends at . ! ? followed by a space and something that can open a sentence. */
export const sentenceEnd = /(?<=[.!?…])\s+(?=["“‘'(\[]?[\p{Lu}\p{N}])/u;
