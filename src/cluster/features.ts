// What clustering compares: content words of title and lead, the entities that matter, the type.
import type { Analysis } from '../domain/types.js';
import { actionOf } from '../analyze/roles.js';

const stop = new Set(('a an the and or but of in on at to for from by with as is are was were be been has have had it its ' +
  'this that these those after over under into than then new says said say will would could may might not no us uk eu ' +
  'about amid against up out more most also report reports reported according week year years day days ' +
  'his her him she he who what how why when where which can get gets got you your they their them its our we just first one two make makes made take takes back still now time top big says see look here there').split(' '));

/** Headline synonyms reduced to one stem, so "bars", "prohibits" and "blocks" compare as one word. */
const synonyms: Record<string, string> = {
  bar: 'ban', prohibit: 'ban', forbid: 'ban', block: 'ban', restrict: 'ban', curb: 'ban', suspend: 'ban', halt: 'ban', outlaw: 'ban',
  penalt: 'fine', penalis: 'fine', penaliz: 'fine', sanction: 'sanction', sue: 'sue', lawsuit: 'sue', suit: 'sue',
  buy: 'acquir', bought: 'acquir', purchas: 'acquir', takeover: 'acquir', acquisit: 'acquir',
  probe: 'investigat', inquiry: 'investigat', investigation: 'investigat',
  regul: 'rul', regulat: 'rul', // "regulations" and "rules" (not "regulator", who makes them)
  chipmak: 'chip', chipmaker: 'chip', semiconductor: 'chip', chatbot: 'chatgpt', staff: 'employe', worker: 'employe', employee: 'employe',
  american: 'us', washington: 'us', beijing: 'china', chinese: 'china', brussel: 'eu', european: 'eu',
};

/** A light stemmer: plural, past, gerund and -ion endings off, doubled final consonant undone. */
const stemMemo = new Map<string, string>();

/** stem(), remembered: news vocabulary repeats, and every story's words are stemmed. */
function stemCached(word: string): string {
  let s = stemMemo.get(word);
  if (s === undefined) {
    if (stemMemo.size > 100_000) stemMemo.clear(); // bounded in a long-running process
    stemMemo.set(word, (s = stem(word)));
  }
  return s;
}

export function stem(word: string): string {
  if (synonyms[word]) return synonyms[word];
  let w = word;
  if (w.length > 5 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 6 && /(ations?)$/.test(w)) w = w.replace(/ations?$/, '');
  else if (w.length > 5 && /(ions?)$/.test(w)) w = w.replace(/ions?$/, '');
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('es') && !w.endsWith('ses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return synonyms[w] ?? w;
}

/** Lower-cased, stemmed content words longer than two letters, minus stop words. */
export function contentWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => w.length > 2 && !stop.has(w)).map(stemCached);
}

export interface StoryFeatures {
  title: Set<string>;
  lead: Set<string>;
  /** title ∪ lead, kept so comparisons do not rebuild it. */
  words: Set<string>;
  entities: Set<string>;
  /** The named actors and targets: sharing one of these is the strongest sign of one event. */
  principals: Set<string>;
  regions: Set<string>;
  eventType: string;
  /**
   * The event type came from a keyword rule, not a guess (the word model's, or "other" when
   * nothing matched). Absent (reports rebuilt from the database) counts as a rule's.
   */
  eventByRule?: boolean;
  /**
   * What the title says was done: the stems (synonym-folded) of its action words (titleActions).
   * Absent (reports rebuilt from the database): unknown, nothing is compared.
   */
  actions?: Set<string>;
  time: number;
}

export function makeFeatures(f: Omit<StoryFeatures, 'words'>): StoryFeatures {
  return { ...f, words: new Set([...f.title, ...f.lead]) };
}

/**
 * The words of a URL's slug ("/2014/03/10/feds-plosser-taper-pace-may-be-too-slow-2014-03-10"):
 * outlets often put their own wording of the headline there, a second phrasing of the event for
 * free. Numbers, dates and opaque ids (letters mixed with digits) are left out.
 */
export function slugWords(url: string): string {
  let path: string;
  try { path = decodeURIComponent(new URL(url.replace(/\\\?/g, '?')).pathname); } catch { return ''; }
  const words: string[] = [];
  for (const segment of path.split('/')) {
    const parts = segment.replace(/\.[a-z]{2,5}$/i, '').split(/[-_+]+/);
    if (parts.length < 3) continue; // "article", "news", "31788000" are not a slug
    for (const p of parts) if (/^\p{L}+$/u.test(p)) words.push(p.toLowerCase());
  }
  return words.join(' ');
}

/** The lead's words and the URL slug's: what a report says beyond its title. */
export function leadWords(lead: string, url: string): Set<string> {
  return new Set([...contentWords(lead.slice(0, 400)), ...contentWords(url ? slugWords(url) : '')]);
}

/** How the analysis's basis begins when no event-type rule matched (src/analyze/analyze.ts). */
export const noRuleBasis = 'no event-type rule matched';

/**
 * Headline verbs the roles' list lacks (it needs only those that place actor and target): what
 * else a title says was done ("fires", "hires", "freezes", "upholds", "delays").
 */
const moreActions = /\b(?:fires?|fired|hires?|hired|freez\w*|froze|seeks?|sought|pays?|paid|urges?|urged|grants?|granted|upholds?|upheld|delays?|delayed|pauses?|paused|ousts?|ousted|revokes?|revoked|reverses?|reversed|overturns?|overturned|appeals?|appealed|denies|denied|allows?|allowed|lifts?|lifted|takes? (?:a )?(?:\d+\S* )?stakes?|took (?:a )?(?:\d+\S* )?stakes?|invest\w*|resigns?|resigned|quits?|steps? down|backs?|backed|avoid\w*|delist\w*|joins?|joined|demands?|demanded|threatens?|threatened|summons?|summoned|raids?|raided|arrests?|arrested|exempts?|exempted|waives?|waived)\b/gi;

/** Action words that name one act: "launches a probe" and "opens a probe" are one. */
const actionGroups: Record<string, string> = { launch: 'open', start: 'open', begin: 'open', stake: 'invest', quit: 'resign', step: 'resign', oust: 'fir',
  // Shutting out, one act in many words: "bans", "orders off", "cuts off", "shuts out", "rejects", "blacklists".
  stop: 'ban', shut: 'ban', cut: 'ban', remov: 'ban', reject: 'ban', blacklist: 'ban', pull: 'ban', drop: 'ban', hit: 'ban', tighten: 'ban', rul: 'ban' };
/**
 * Verbs that say an act was ordered or announced, not which ("orders", "signs", "issues",
 * "tells"), and nouns the patterns take along ("hackers", "investors"): no act of their own.
 */
const light = new Set(['order', 'sign', 'issu', 'announc', 'unveil', 'introduc', 'tell', 'told', 'ask', 'instruct', 'requir', 'mov', 'plan', 'nam', 'ad', 'hacker', 'investor', 'investment']);

/** The title's action words, stemmed and grouped; empty when it has none. */
export function titleActions(title: string): Set<string> {
  const out = new Set<string>();
  const add = (word: string) => { const w = stemCached(word.toLowerCase().split(' ').at(-1)!); if (!light.has(w)) out.add(actionGroups[w] ?? w); };
  // Every verb of the roles' list in the title (actionOf finds the first), then the others.
  let rest = title;
  for (let a = actionOf(rest); a; a = actionOf(rest)) { add(rest.slice(a.at, a.end)); rest = rest.slice(a.end); }
  for (const m of title.matchAll(moreActions)) add(m[0]);
  return out;
}

export function storyFeatures(title: string, lead: string, analysis: Analysis, publishedAt: string, url = ''): StoryFeatures {
  return makeFeatures({
    title: new Set(contentWords(title)),
    lead: leadWords(lead, url),
    // Named entities only: stakeholder groups follow from the event type, they are not evidence.
    // A government standing in for a place says no more than the region does.
    entities: new Set(analysis.entities.filter((e) => e.kind !== 'group' && e.via !== 'place').map((e) => e.slug)),
    principals: new Set(analysis.entities.filter((e) => e.kind !== 'group' && e.via !== 'place' && e.via !== 'playbook' && ((e.orderRole ?? e.role) === 'actor' || (e.orderRole ?? e.role) === 'target')).map((e) => e.slug)),
    regions: firmRegions(analysis),
    eventType: analysis.event_type,
    eventByRule: analysis.relevant !== false && !analysis.basis.startsWith(noRuleBasis),
    actions: titleActions(title),
    time: Date.parse(publishedAt),
  });
}

/**
 * The regions the analysis gives, less those only a person's country explains: where someone
 * comes from (or held office before) says little about where the event is ("Carney", once
 * governor of the Bank of Canada, testifying in London).
 */
function firmRegions(analysis: Analysis): Set<string> {
  const firm = new Set(analysis.regions);
  const people = new Set<string>(), others = new Set<string>();
  for (const e of analysis.entities) if (e.country) (e.kind === 'person' ? people : others).add(e.country);
  for (const c of people) if (!others.has(c)) firm.delete(c);
  return firm;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}
