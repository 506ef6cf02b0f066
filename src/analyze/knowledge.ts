// The reviewed knowledge (feeds/knowledge/*.yaml) validated and compiled into matchers once.
// Pure: the caller reads the files and hands the parsed YAML in.
import { z } from 'zod';
import { entityKinds, eventTypes, type EntityKind, type EventType } from '../domain/types.js';
import { slugify } from '../domain/slug.js';
import { escapeRegExp, wordPattern } from './patterns.js';
import { playbookSchema, type Playbook } from './playbooks.js';
import { compileEventWords, eventWordsSchema, type WordModel } from './event-words.js';
import { boilerplateSchema, compileBoilerplate, type Boilerplate } from './lead.js';
import { compileRoleFrames, compileRoleWords, roleFramesSchema, roleWordsSchema, type RoleFrames, type RoleModel } from './role-model.js';
import { compilePolicyWords, compileRelevanceWords, policyWordsSchema, relevanceWordsSchema, type PolicyWords, type RelevanceModel } from './relevance.js';

const entitySchema = z.object({
  name: z.string().min(1),
  kind: z.enum(entityKinds),
  country: z.string().optional(),
  owner: z.string().optional(),
  aliases: z.array(z.string()).default([]),
  /** Words one of which must appear nearby for an ambiguous alias ("X", "Apple") to count. */
  context: z.array(z.string()).optional(),
  /** For stakeholder groups: words one of which the story must use for a playbook to name the group as affected. */
  cues: z.array(z.string()).optional(),
  /**
   * Descriptive references ("commerce ministry", "internet regulator") that name this body only
   * right after its country: "China's commerce ministry", "the Chinese commerce ministry".
   */
  refs: z.array(z.string()).optional(),
  /** For stakeholder groups: who they are, for reviewers. */
  description: z.string().optional(),
}).strict();

export const rawKnowledgeSchema = z.object({
  entities: z.array(entitySchema),
  regions: z.record(z.string(), z.array(z.string())),
  eventRules: z.record(z.enum(eventTypes), z.array(z.string()).nullable()),
  playbooks: z.array(playbookSchema).default([]),
  /** ISO code → display name ("US" → "the United States"), for impact statements. */
  regionNames: z.record(z.string(), z.string()).default({}),
  /** The event-type word model, when trained (feeds/knowledge/event-words.json). */
  eventWords: eventWordsSchema.optional(),
  /** The relevance model, when trained (feeds/knowledge/relevance-words.json). */
  relevanceWords: relevanceWordsSchema.optional(),
  /** What the lead skips (feeds/knowledge/boilerplate.yaml). */
  boilerplate: boilerplateSchema.optional(),
  /** Policy words by sense (feeds/knowledge/policy-words.yaml), for the relevance gate. */
  policyWords: policyWordsSchema.optional(),
  /** The role model, when trained (feeds/knowledge/role-words.json). */
  roleWords: roleWordsSchema.optional(),
  /** Frames of acting on someone, by sense (feeds/knowledge/role-frames.yaml). */
  roleFrames: roleFramesSchema.optional(),
  /** Markers of a background sentence (feeds/knowledge/background.yaml). */
  background: z.array(z.string()).optional(),
  /** Languages read natively besides English (feeds/knowledge/lang/*.yaml): their event rules and policy words. */
  languages: z.record(z.string(), z.object({
    event_rules: z.partialRecord(z.enum(eventTypes), z.array(z.string())),
    policy_words: z.record(z.string(), z.array(z.string())),
  }).strict()).optional(),
});
export type RawKnowledge = z.input<typeof rawKnowledgeSchema>;

export interface KnownEntity { slug: string; name: string; kind: EntityKind; country: string | null; owner: string | null; context: string[] | null }
export interface Alias { text: string; target: { type: 'entity'; entity: KnownEntity } | { type: 'region'; code: string } }

export interface Knowledge {
  entities: Map<string, KnownEntity>;
  aliasIndex: Map<string, Alias[]>;
  /** Latin-script aliases by their first word: the recognizer looks words up, longest first. */
  byFirstWord: Map<string, { words: string[]; text: string }[]>;
  /** Aliases in Chinese, Japanese or Korean script: found by substring, as they have no spaces. */
  cjkAliases: string[];
  /**
   * Names that need the story's country to say which body they are: the bare form of a name
   * qualified by its country ("Ministry of Finance" for "China Ministry of Finance", "National
   * Assembly" for "National Assembly of South Korea") and the references ("the defence
   * ministry", "privacy watchdog"). The recognizer picks the body of the country the story names.
   */
  bareIndex: Map<string, KnownEntity[]>;
  bareByFirstWord: Map<string, { words: string[]; text: string }[]>;
  /** A company's app when it is its own entry ("DeepSeek app" of DeepSeek): company slug → product slug. */
  appOf: Map<string, string>;
  /** One alternation per event type (faster than a regex per rule), in the order of the rules file. */
  eventRules: { type: EventType; pattern: RegExp }[];
  /** Languages read natively besides English: their rules and policy words, merged with the English ones. */
  languages: Map<string, { eventRules: { type: EventType; pattern: RegExp }[]; policyWords: PolicyWords }>;
  playbooks: Playbook[];
  regionName: (code: string) => string;
  /** Speaks when no event rule matched; null when no model was trained. */
  eventModel: WordModel | null;
  /** Log-odds that a story is tech policy; null when no model was trained. */
  relevanceModel: RelevanceModel | null;
  /** What the lead skips; null when the knowledge has none. */
  boilerplate: Boilerplate | null;
  policyWords: PolicyWords | null;
  /** Each party's role from the clause around it; null when no model was trained (the word-order rule's roles stand). */
  roleModel: RoleModel | null;
  roleFrames: RoleFrames | null;
  /** A stakeholder group's cues as one pattern: a playbook names the group only in a story that uses one. */
  groupCues: Map<string, RegExp>;
  /** Any marker of a background sentence; null when the knowledge has none. */
  background: RegExp | null;
}

export const hasCjk = (s: string) => /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(s);

/**
 * One government per jurisdiction with a display name, named as the analysis names a country
 * acting in a title ("Government of Japan"), found as "the Japanese government" or "the
 * government of Japan". The entities file may add aliases under the same name.
 */
function governments(raw: z.output<typeof rawKnowledgeSchema>): z.output<typeof entitySchema>[] {
  const out: z.output<typeof entitySchema>[] = [];
  for (const [code, display] of Object.entries(raw.regionNames)) {
    if (code === 'EU') continue;
    const bare = display.replace(/^the /, '');
    out.push({ name: `Government of ${display}`, kind: 'government', country: code, aliases: [`government of ${bare}`, `Government of ${bare}`], refs: ['government', 'Government', 'cabinet'] });
  }
  return out;
}

export function compileKnowledge(input: RawKnowledge): Knowledge {
  const raw = rawKnowledgeSchema.parse(input);
  const entities = new Map<string, KnownEntity>();
  const aliases: Alias[] = [];
  for (const e of [...raw.entities, ...governments(raw)]) {
    const known = entities.get(slugify(e.name));
    const entity: KnownEntity = known ?? { slug: slugify(e.name), name: e.name, kind: e.kind, country: e.country ?? null, owner: e.owner ?? null, context: e.context ?? null };
    entities.set(entity.slug, entity);
    for (const text of new Set([e.name, ...e.aliases])) aliases.push({ text, target: { type: 'entity', entity } });
    // A reference after its country names the body and still places the story there.
    const places = e.country ? raw.regions[e.country] ?? [] : [];
    for (const ref of e.refs ?? []) {
      for (const place of places) {
        for (const text of [`${place} ${ref}`, `${place}'s ${ref}`]) {
          aliases.push({ text, target: { type: 'entity', entity } }, { text, target: { type: 'region', code: e.country! } });
        }
      }
    }
  }
  for (const [code, names] of Object.entries(raw.regions)) {
    for (const text of names) aliases.push({ text, target: { type: 'region', code } });
  }
  const { bareIndex, bareByFirstWord } = bareNames(raw, entities, governments(raw));
  const appOf = new Map<string, string>();
  for (const e of entities.values()) {
    const owner = e.owner ? entities.get(e.owner) : undefined;
    if (e.kind === 'product' && owner && e.name === `${owner.name} app`) appOf.set(owner.slug, e.slug);
  }
  const aliasIndex = new Map<string, Alias[]>();
  for (const a of aliases) aliasIndex.set(a.text, [...(aliasIndex.get(a.text) ?? []), a]);
  const cjkAliases = [...aliasIndex.keys()].filter(hasCjk);
  const byFirstWord = indexByFirstWord([...aliasIndex.keys()].filter((t) => !hasCjk(t)));
  const compileRules = (rules: Record<string, string[] | null>) => Object.entries(rules).filter(([, patterns]) => patterns && patterns.length > 0).map(([type, patterns]) => ({
    type: type as EventType,
    pattern: wordPattern(patterns!, 'giu'),
  }));
  const eventRules = compileRules(raw.eventRules);
  // Each language read natively: its own rules and policy words beside the English ones (German
  // and French tech news uses English terms too), in the order of the English rules file.
  const languages = new Map(Object.entries(raw.languages ?? {}).map(([lang, l]) => {
    const merged: Record<string, string[]> = {};
    for (const [type, list] of Object.entries(raw.eventRules)) merged[type] = [...(list ?? []), ...(l.event_rules[type as EventType] ?? [])];
    const words: Record<string, string[]> = { ...(raw.policyWords ?? {}) };
    for (const [sense, list] of Object.entries(l.policy_words)) words[sense] = [...(words[sense] ?? []), ...list];
    return [lang, { eventRules: compileRules(merged), policyWords: compilePolicyWords(words) }] as const;
  }));
    const regionName = (code: string) => raw.regionNames[code] ?? code;
  return { entities, aliasIndex, byFirstWord, cjkAliases, bareIndex, bareByFirstWord, appOf, eventRules, languages, playbooks: raw.playbooks, regionName, eventModel: raw.eventWords ? compileEventWords(raw.eventWords) : null, relevanceModel: raw.relevanceWords ? compileRelevanceWords(raw.relevanceWords) : null, boilerplate: raw.boilerplate ? compileBoilerplate(raw.boilerplate) : null, policyWords: raw.policyWords ? compilePolicyWords(raw.policyWords) : null, roleModel: raw.roleWords ? compileRoleWords(raw.roleWords) : null, roleFrames: raw.roleFrames ? compileRoleFrames(raw.roleFrames) : null,
    groupCues: new Map(raw.entities.filter((e) => e.cues?.length).map((e) => [slugify(e.name), wordPattern(e.cues!.map(escapeRegExp))])),
    background: raw.background?.length ? wordPattern(raw.background) : null };
}

/** Texts by their first word, longest first: the recognizer's lookup. */
function indexByFirstWord(texts: Iterable<string>): Map<string, { words: string[]; text: string }[]> {
  const byFirstWord = new Map<string, { words: string[]; text: string }[]>();
  for (const text of texts) {
    const words = wordsOf(text).map((w) => w.word);
    if (words.length === 0) continue;
    const list = byFirstWord.get(words[0]!) ?? [];
    list.push({ words, text });
    byFirstWord.set(words[0]!, list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirstWord;
}

/** One-word bare names that still name one body per country ("Parliament" of a UK story). */
const bareSingleWords = new Set(['Parliament', 'Congress', 'Senate', 'Commission', 'Council', 'Bundestag', 'Diet']);
/** Courts are organisations; other organisations with a country word (NGOs, chambers) keep their full names. */
const bareKind = (kind: string, name: string) => kind === 'government' || kind === 'regulator' || (kind === 'organization' && /\b(Court|Tribunal)\b/.test(name));
/** A word that qualifies a body by its country: a demonym ("Australian") or an abbreviation ("US"), not a city or state. */
const countryWord = /^(?:\p{L}+(?:an|ese|ish|ch|ss)|Israeli|Emirati|Saudi|Thai|Pakistani|Bangladeshi|Qatari|Iraqi|Kuwaiti|[A-Z](?:\.?[A-Z]){1,2}\.?)$/u;

/**
 * The bare names of the state bodies: each name or alias that starts with the name of the
 * body's country or a word for it ("Australian Department of Home Affairs", "US Supreme Court",
 * "China Ministry of Finance") or ends with "of" the country ("National Assembly of South
 * Korea"), without it; and the references, bare when in lower case ("defence ministry"), after
 * "the" when capitalised ("the Finance Ministry"). Cities and states do not qualify: the
 * "Delhi High Court" is not India's only high court.
 */
function bareNames(raw: z.output<typeof rawKnowledgeSchema>, entities: Map<string, KnownEntity>, states: z.output<typeof entitySchema>[]) {
  const bareIndex = new Map<string, KnownEntity[]>();
  const add = (text: string, entity: KnownEntity) => {
    const list = bareIndex.get(text) ?? [];
    if (!list.includes(entity)) list.push(entity);
    bareIndex.set(text, list);
  };
  const entityAliases = new Set(raw.entities.flatMap((e) => [e.name, ...e.aliases]));
  for (const e of raw.entities) {
    if (!e.country || !bareKind(e.kind, e.name)) continue;
    const entity = entities.get(slugify(e.name))!;
    const display = (raw.regionNames[e.country] ?? '').replace(/^the /, '');
    const countryNames = [display, display.split(' ').pop()!, ...(e.country === 'EU' ? ['European Union'] : [])].filter(Boolean);
    const qualifiers = [...new Set([...countryNames, ...(raw.regions[e.country] ?? []).filter((p) => countryWord.test(p) && !entityAliases.has(p))])]
      .sort((a, b) => b.length - a.length);
    for (const name of [e.name, ...e.aliases]) {
      if (hasCjk(name)) continue;
      let rest: string | null = null;
      for (const q of qualifiers) {
        rest = name.startsWith(`${q} `) ? name.slice(q.length + 1) : name.startsWith(`${q}'s `) ? name.slice(q.length + 3) : null;
        if (rest) break;
      }
      for (const c of countryNames) {
        if (rest) break;
        rest = name.endsWith(` of the ${c}`) ? name.slice(0, -(c.length + 8)) : name.endsWith(` of ${c}`) ? name.slice(0, -(c.length + 4)) : null;
      }
      if (rest && /^\p{Lu}/u.test(rest) && (wordsOf(rest).length >= 2 || bareSingleWords.has(rest))) add(rest, entity);
    }
    for (const ref of e.refs ?? []) {
      if (wordsOf(ref).length < 2) continue;
      if (/^\p{Ll}/u.test(ref)) add(ref, entity);
      // A capitalised reference that is also a name ("Justice Department") is found as that name.
      else if (!entityAliases.has(ref)) { add(`the ${ref}`, entity); add(`The ${ref}`, entity); }
    }
  }
  // "The government said…": the government of the country the story is about.
  for (const g of states) {
    for (const text of ['the government', 'The government', 'the Government', 'The Government', 'the federal government', 'The federal government']) add(text, entities.get(slugify(g.name))!);
  }
  return { bareIndex, bareByFirstWord: indexByFirstWord(bareIndex.keys()) };
}

/** The words of a text (runs of letters and digits) with their offsets: how aliases and text are compared. */
export function wordsOf(text: string): { word: string; start: number }[] {
  const out: { word: string; start: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) out.push({ word: m[0], start: m.index ?? 0 });
  return out;
}
