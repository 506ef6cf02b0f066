// What clustering compares: content words of title and lead, the entities that matter, the type.
import type { Analysis } from '../domain/types.js';

const stop = new Set(('a an the and or but of in on at to for from by with as is are was were be been has have had it its ' +
  'this that these those after over under into than then new says said say will would could may might not no us uk eu ' +
  'about amid against up out more most also report reports reported according week year years day days').split(' '));

/** Lower-cased words longer than two letters, minus stop words, with a crude plural strip. */
export function contentWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => w.length > 2 && !stop.has(w)).map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

export interface StoryFeatures {
  title: Set<string>;
  lead: Set<string>;
  /** title ∪ lead, kept so comparisons do not rebuild it. */
  words: Set<string>;
  entities: Set<string>;
  regions: Set<string>;
  eventType: string;
  time: number;
}

export function makeFeatures(f: Omit<StoryFeatures, 'words'>): StoryFeatures {
  return { ...f, words: new Set([...f.title, ...f.lead]) };
}

export function storyFeatures(title: string, lead: string, analysis: Analysis, publishedAt: string): StoryFeatures {
  return makeFeatures({
    title: new Set(contentWords(title)),
    lead: new Set(contentWords(lead.slice(0, 400))),
    entities: new Set(analysis.entities.map((e) => e.slug)),
    regions: new Set(analysis.regions),
    eventType: analysis.event_type,
    time: Date.parse(publishedAt),
  });
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}
