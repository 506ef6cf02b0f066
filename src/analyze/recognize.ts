// Finds known entities and places in text: one pass of a compiled alias regex, longest match first.
import type { Knowledge, KnownEntity } from './knowledge.js';

export interface Mention { entity: KnownEntity; start: number; inTitle: boolean }
export interface PlaceMention { code: string; start: number; inTitle: boolean }

export function findMentions(k: Knowledge, title: string, lead: string): { entities: Mention[]; places: PlaceMention[] } {
  const entities: Mention[] = [];
  const places: PlaceMention[] = [];
  const text = `${title}\n${lead}`;
  for (const m of text.matchAll(k.aliasRegex)) {
    const start = m.index ?? 0;
    const inTitle = start < title.length;
    for (const alias of k.aliasIndex.get(m[0]) ?? []) {
      if (alias.target.type === 'region') {
        places.push({ code: alias.target.code, start, inTitle });
        continue;
      }
      const entity = alias.target.entity;
      // An ambiguous alias counts only with one of its context words somewhere in the text.
      if (entity.context && !entity.context.some((w) => text.includes(w))) continue;
      entities.push({ entity, start, inTitle });
    }
  }
  return { entities, places };
}
