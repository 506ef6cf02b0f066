// Finds known entities and places in text. Text is split into words once; each word is looked
// up among the aliases that start with it, longest alias first, so "Alibaba Cloud" wins over
// "Alibaba" and the cost grows with the text, not with the size of the knowledge base.
// Bare names of state bodies ("the defence ministry", "Ministry of Finance", "Parliament") are
// looked up the same way and name the body of the country the story is about.
import { hasCjk, wordsOf, type Knowledge, type KnownEntity } from './knowledge.js';

/** `end`: where the matched words end in the text (a name it implies covers its first letter only). */
export interface Mention { entity: KnownEntity; start: number; end: number; inTitle: boolean }
export interface PlaceMention { code: string; start: number; end: number; inTitle: boolean }

type Lookup = Map<string, { words: string[]; text: string }[]>;

/** The longest alias of `index` that starts at word `i` (each word's aliases are kept longest first). */
export function longestAliasAt(index: Lookup, words: { word: string }[], i: number): { words: string[]; text: string } | undefined {
  for (const c of index.get(words[i]!.word) ?? []) {
    if (i + c.words.length > words.length) continue;
    let ok = true;
    for (let j = 1; j < c.words.length && ok; j++) ok = words[i + j]!.word === c.words[j];
    if (ok) return c;
  }
  return undefined;
}

/** Alias texts found in one text, with their offsets; matches never overlap. */
function findAliases(k: Knowledge, text: string): { text: string; start: number; end: number }[] {
  const found: { text: string; start: number; end: number }[] = [];
  const words = wordsOf(text);
  for (let i = 0; i < words.length; ) {
    const direct = longestAliasAt(k.byFirstWord, words, i);
    const bare = longestAliasAt(k.bareByFirstWord, words, i);
    const c = direct && bare ? (bare.words.length > direct.words.length ? bare : direct) : direct ?? bare;
    if (c) {
      const last = words[i + c.words.length - 1]!;
      found.push({ text: c.text, start: words[i]!.start, end: last.start + last.word.length });
    }
    i += c ? c.words.length : 1;
  }
  if (k.cjkAliases.length && hasCjk(text)) {
    for (const alias of k.cjkAliases) {
      for (let at = text.indexOf(alias); at >= 0; at = text.indexOf(alias, at + alias.length)) found.push({ text: alias, start: at, end: at + alias.length });
    }
  }
  return found;
}

// "the trade, defence and foreign ministries", "the Treasury and Commerce departments": each
// item names one body, as "trade ministry", "Commerce department" would.
const coordinated = /\b((?:\p{L}+, )*\p{L}+,? and \p{L}+) (ministries|departments|Ministries|Departments)\b/gu;
// "Commerce Secretary Gina Raimondo", "Home Affairs Minister Tony Burke", "economy minister X":
// the holder of an office speaks for the body the office heads.
const officeHolder = /\b((?:\p{Lu}\p{Ll}+ )?\p{Lu}\p{Ll}+|\p{Ll}{4,}) (Minister|minister|Secretary|secretary) \p{Lu}/gu;
const notOffices = new Set(['Prime', 'prime', 'Chief', 'chief', 'Deputy', 'deputy', 'Vice', 'vice', 'former', 'Former', 'junior', 'senior', 'cabinet', 'General', 'general', 'Press', 'press', 'Cabinet', 'State', 'state']);

/** Names a phrase implies: the bodies its items or an office holder's office stand for. */
function impliedPhrases(text: string): { texts: string[]; start: number }[] {
  const out: { texts: string[]; start: number }[] = [];
  // The plain substring tests spare most texts the regular expressions.
  if (text.includes('inistries') || text.includes('epartments')) for (const m of text.matchAll(coordinated)) {
    const noun = m[2]!.toLowerCase() === 'ministries' ? 'ministry' : 'department';
    let at = m.index ?? 0;
    for (const item of m[1]!.split(/,? and |, /)) {
      at = text.indexOf(item, at);
      const cap = `${noun[0]!.toUpperCase()}${noun.slice(1)}`;
      out.push({ texts: [`${item} ${noun}`, `${item} ${cap}`, `the ${item} ${cap}`], start: at });
    }
  }
  if (text.includes('inister') || text.includes('ecretary')) for (const m of text.matchAll(officeHolder)) {
    const office = m[1]!;
    if (notOffices.has(office.split(' ')[0]!)) continue;
    const forms = /^[Ss]/.test(m[2]!)
      ? [`${office} Department`, `${office} department`, `Department of ${office}`, `Department of the ${office}`, `${office} Office`]
      : [`${office} ministry`, `${office} Ministry`, `the ${office} Ministry`, `Ministry of ${office}`, `Department of ${office}`, `${office} department`];
    out.push({ texts: forms, start: m.index ?? 0 });
  }
  return out;
}

/**
 * The country a bare name belongs to: the place right before it ("Luxembourg's"), else the
 * places of the title in order, then those of the lead nearest before the name, then after it;
 * the first that has such a body decides.
 */
function resolveBare(candidates: KnownEntity[], at: number, places: PlaceMention[]): KnownEntity | undefined {
  // "Luxembourg's data protection authority": the country right before the name decides alone.
  const before = places.find((p) => p.end <= at && at - p.end <= 3);
  if (before) return candidates.find((c) => c.country === before.code);
  const order = [...places.filter((p) => p.inTitle),
    ...places.filter((p) => !p.inTitle && p.start <= at).reverse(),
    ...places.filter((p) => !p.inTitle && p.start > at)];
  for (const p of order) {
    const e = candidates.find((c) => c.country === p.code);
    if (e) return e;
  }
  return undefined;
}

export function findMentions(k: Knowledge, title: string, lead: string): { entities: Mention[]; places: PlaceMention[] } {
  const entities: Mention[] = [];
  const places: PlaceMention[] = [];
  const text = `${title}\n${lead}`;
  const found = findAliases(k, text);
  for (const m of found) {
    for (const alias of k.aliasIndex.get(m.text) ?? []) {
      if (alias.target.type === 'region') places.push({ code: alias.target.code, start: m.start, end: m.end, inTitle: m.start < title.length });
    }
  }
  const passes = (entity: KnownEntity) => !entity.context || entity.context.some((w) => text.includes(w));
  for (const m of found) {
    const inTitle = m.start < title.length;
    // A bare name is the body of the story's country; failing that, the alias's own entity.
    const bare = k.bareIndex.get(m.text);
    const body = bare && resolveBare(bare, m.start, places);
    if (body) { entities.push({ entity: body, start: m.start, end: m.end, inTitle }); continue; }
    for (const alias of k.aliasIndex.get(m.text) ?? []) {
      if (alias.target.type === 'region') continue;
      const entity = alias.target.entity;
      // An ambiguous alias counts only with one of its context words somewhere in the text.
      if (passes(entity)) entities.push({ entity, start: m.start, end: m.end, inTitle });
    }
  }
  const seen = new Set(entities.map((e) => e.entity.slug));
  // The first form of an implied phrase that names a body decides.
  for (const p of impliedPhrases(text)) {
    for (const t of p.texts) {
      const bare = k.bareIndex.get(t);
      const direct = k.aliasIndex.get(t)?.flatMap((a) => a.target.type === 'entity' && passes(a.target.entity) ? [a.target.entity] : []) ?? [];
      const entity = (bare && resolveBare(bare, p.start, places)) ?? direct[0];
      if (!entity) continue;
      if (!seen.has(entity.slug)) {
        seen.add(entity.slug);
        entities.push({ entity, start: p.start, end: p.start + 1, inTitle: p.start < title.length });
      }
      break;
    }
  }
  return { entities, places };
}
