// The reviewed knowledge (feeds/knowledge/*.yaml) validated and compiled into matchers once.
// Pure: the caller reads the files and hands the parsed YAML in.
import { z } from 'zod';
import { entityKinds, eventTypes, type EntityKind, type EventType } from '../domain/types.js';
import { slugify } from '../domain/slug.js';

const entitySchema = z.object({
  name: z.string().min(1),
  kind: z.enum(entityKinds),
  country: z.string().optional(),
  owner: z.string().optional(),
  aliases: z.array(z.string()).default([]),
  /** Words one of which must appear nearby for an ambiguous alias ("X", "Apple") to count. */
  context: z.array(z.string()).optional(),
}).strict();

export const rawKnowledgeSchema = z.object({
  entities: z.array(entitySchema),
  regions: z.record(z.string(), z.array(z.string())),
  eventRules: z.record(z.enum(eventTypes), z.array(z.string()).nullable()),
});
export type RawKnowledge = z.input<typeof rawKnowledgeSchema>;

export interface KnownEntity { slug: string; name: string; kind: EntityKind; country: string | null; owner: string | null; context: string[] | null }
export interface Alias { text: string; target: { type: 'entity'; entity: KnownEntity } | { type: 'region'; code: string } }

export interface Knowledge {
  entities: Map<string, KnownEntity>;
  /** All aliases, longest first, so the matcher prefers "Alibaba Cloud" over "Alibaba". */
  aliases: Alias[];
  aliasRegex: RegExp;
  aliasIndex: Map<string, Alias[]>;
  eventRules: { type: EventType; pattern: RegExp; source: string }[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hasCjk = (s: string) => /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(s);

export function compileKnowledge(input: RawKnowledge): Knowledge {
  const raw = rawKnowledgeSchema.parse(input);
  const entities = new Map<string, KnownEntity>();
  const aliases: Alias[] = [];
  for (const e of raw.entities) {
    const entity: KnownEntity = { slug: slugify(e.name), name: e.name, kind: e.kind, country: e.country ?? null, owner: e.owner ?? null, context: e.context ?? null };
    entities.set(entity.slug, entity);
    for (const text of new Set([e.name, ...e.aliases])) aliases.push({ text, target: { type: 'entity', entity } });
  }
  for (const [code, names] of Object.entries(raw.regions)) {
    for (const text of names) aliases.push({ text, target: { type: 'region', code } });
  }
  aliases.sort((a, b) => b.text.length - a.text.length);
  const aliasIndex = new Map<string, Alias[]>();
  for (const a of aliases) aliasIndex.set(a.text, [...(aliasIndex.get(a.text) ?? []), a]);
  // Latin aliases need word boundaries; CJK names have no spaces around them.
  const parts = [...aliasIndex.keys()].map((t) => (hasCjk(t) ? escapeRe(t) : `(?<![\\p{L}\\p{N}])${escapeRe(t)}(?![\\p{L}\\p{N}]|\\.\\p{L})`));
  const aliasRegex = new RegExp(parts.join('|'), 'gu');
  const eventRules = Object.entries(raw.eventRules).flatMap(([type, patterns]) =>
    (patterns ?? []).map((p) => ({ type: type as EventType, pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${p})(?![\\p{L}\\p{N}])`, 'iu'), source: p })));
  return { entities, aliases, aliasRegex, aliasIndex, eventRules };
}
