// Headlines in capitals ("SPACEX BANS ZOOM OVER PRIVACY CONCERNS") hide every name from a
// case-sensitive recognizer. A shouted headline is read in the case its names are known by:
// each run of words that matches a known alias (ignoring case) takes the alias's own casing,
// every other word is capitalised. The length never changes, so offsets still hold.
import { wordsOf, type Knowledge } from './knowledge.js';

type LowerIndex = Map<string, { words: string[]; text: string }[]>;
const lowerIndexes = new WeakMap<Knowledge, LowerIndex>();

/** Aliases by their lower-cased first word, longest first (built once per knowledge base). */
function lowerIndex(k: Knowledge): LowerIndex {
  let index = lowerIndexes.get(k);
  if (index) return index;
  index = new Map();
  for (const list of k.byFirstWord.values()) {
    for (const c of list) {
      const words = c.words.map((w) => w.toLowerCase());
      const at = index.get(words[0]!) ?? [];
      at.push({ words, text: c.text });
      index.set(words[0]!, at);
    }
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  lowerIndexes.set(k, index);
  return index;
}

/** A headline mostly in capitals (at least three words, 80% of its letters upper-case). */
export function isShouted(title: string): boolean {
  const letters = title.match(/\p{L}/gu) ?? [];
  const upper = title.match(/\p{Lu}/gu) ?? [];
  return letters.length >= 12 && upper.length >= 0.8 * letters.length && wordsOf(title).length >= 3;
}

export function readableHeadline(k: Knowledge, title: string): string {
  if (!isShouted(title)) return title;
  const words = wordsOf(title);
  const index = lowerIndex(k);
  const chars = [...title];
  const put = (start: number, text: string) => { for (let j = 0; j < text.length; j++) chars[start + j] = text[j]!; };
  for (let i = 0; i < words.length; ) {
    const w = words[i]!;
    // An acronym the knowledge base knows as such ("FTC", "EU") stays as it is.
    if (k.byFirstWord.has(w.word) && w.word.length <= 4) { i++; continue; }
    const match = (index.get(w.word.toLowerCase()) ?? []).find((c) => c.words.every((cw, j) => words[i + j]?.word.toLowerCase() === cw));
    if (match) {
      const end = words[i + match.words.length - 1]!;
      const span = title.slice(w.start, end.start + end.word.length);
      if (span.length === match.text.length) { put(w.start, match.text); i += match.words.length; continue; }
    }
    put(w.start, w.word[0]! + w.word.slice(1).toLowerCase());
    i++;
  }
  return chars.join('');
}
