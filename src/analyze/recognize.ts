// Finds known entities and places in text. Text is split into words once; each word is looked
// up among the aliases that start with it, longest alias first, so "Alibaba Cloud" wins over
// "Alibaba" and the cost grows with the text, not with the size of the knowledge base.
import { hasCjk, wordsOf, type Knowledge, type KnownEntity } from './knowledge.js';

export interface Mention { entity: KnownEntity; start: number; inTitle: boolean }
export interface PlaceMention { code: string; start: number; inTitle: boolean }

/** Alias texts found in one text, with their offsets; matches never overlap. */
function findAliases(k: Knowledge, text: string): { text: string; start: number }[] {
  const found: { text: string; start: number }[] = [];
  const words = wordsOf(text);
  for (let i = 0; i < words.length; ) {
    const candidates = k.byFirstWord.get(words[i]!.word);
    let taken = 0;
    if (candidates) {
      for (const c of candidates) {
        if (i + c.words.length > words.length) continue;
        let ok = true;
        for (let j = 1; j < c.words.length && ok; j++) ok = words[i + j]!.word === c.words[j];
        if (ok) { found.push({ text: c.text, start: words[i]!.start }); taken = c.words.length; break; }
      }
    }
    i += taken || 1;
  }
  if (k.cjkAliases.length && hasCjk(text)) {
    for (const alias of k.cjkAliases) {
      for (let at = text.indexOf(alias); at >= 0; at = text.indexOf(alias, at + alias.length)) found.push({ text: alias, start: at });
    }
  }
  return found;
}

export function findMentions(k: Knowledge, title: string, lead: string): { entities: Mention[]; places: PlaceMention[] } {
  const entities: Mention[] = [];
  const places: PlaceMention[] = [];
  const text = `${title}\n${lead}`;
  for (const m of findAliases(k, text)) {
    const inTitle = m.start < title.length;
    for (const alias of k.aliasIndex.get(m.text) ?? []) {
      if (alias.target.type === 'region') {
        places.push({ code: alias.target.code, start: m.start, inTitle });
        continue;
      }
      const entity = alias.target.entity;
      // An ambiguous alias counts only with one of its context words somewhere in the text.
      if (entity.context && !entity.context.some((w) => text.includes(w))) continue;
      entities.push({ entity, start: m.start, inTitle });
    }
  }
  return { entities, places };
}
