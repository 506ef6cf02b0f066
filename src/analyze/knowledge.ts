// The reviewed knowledge (feeds/knowledge/*.yaml) validated and compiled into matchers once.
// Pure: the caller reads the files and hands the parsed YAML in.
import { z } from 'zod';
import { entityKinds, eventTypes, type EntityKind, type EventType } from '../domain/types.js';
import { slugify } from '../domain/slug.js';
import { playbookSchema, type Playbook } from './playbooks.js';
import { compileEventWords, eventWordsSchema, type WordModel } from './event-words.js';

const entitySchema = z.object({
  name: z.string().min(1),
  kind: z.enum(entityKinds),
  country: z.string().optional(),
  owner: z.string().optional(),
  aliases: z.array(z.string()).default([]),
  /** Words one of which must appear nearby for an ambiguous alias ("X", "Apple") to count. */
  context: z.array(z.string()).optional(),
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
  /** One alternation per event type (faster than a regex per rule), in the order of the rules file. */
  eventRules: { type: EventType; pattern: RegExp }[];
  playbooks: Playbook[];
  regionName: (code: string) => string;
  /** Speaks when no event rule matched; null when no model was trained. */
  eventModel: WordModel | null;
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
    out.push({ name: `Government of ${display}`, kind: 'government', country: code, aliases: [`government of ${bare}`, `Government of ${bare}`], refs: ['government', 'Government'] });
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
  const aliasIndex = new Map<string, Alias[]>();
  for (const a of aliases) aliasIndex.set(a.text, [...(aliasIndex.get(a.text) ?? []), a]);
  const byFirstWord = new Map<string, { words: string[]; text: string }[]>();
  const cjkAliases: string[] = [];
  for (const text of aliasIndex.keys()) {
    if (hasCjk(text)) { cjkAliases.push(text); continue; }
    const words = wordsOf(text).map((w) => w.word);
    if (words.length === 0) continue;
    const list = byFirstWord.get(words[0]!) ?? [];
    list.push({ words, text });
    byFirstWord.set(words[0]!, list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  const eventRules = Object.entries(raw.eventRules).filter(([, patterns]) => patterns && patterns.length > 0).map(([type, patterns]) => ({
    type: type as EventType,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns!.map((p) => `(?:${p})`).join('|')})(?![\\p{L}\\p{N}])`, 'giu'),
  }));
    const regionName = (code: string) => raw.regionNames[code] ?? code;
  return { entities, aliasIndex, byFirstWord, cjkAliases, eventRules, playbooks: raw.playbooks, regionName, eventModel: raw.eventWords ? compileEventWords(raw.eventWords) : null };
}

/** The words of a text (runs of letters and digits) with their offsets: how aliases and text are compared. */
export function wordsOf(text: string): { word: string; start: number }[] {
  const out: { word: string; start: number }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) out.push({ word: m[0], start: m.index ?? 0 });
  return out;
}
