// Who acts on whom, learned (a logistic regression, linear-model.ts) from the labelled stories over the clause around each party: which
// sentence names it first (the title, the lead's first sentence, a later one), where it stands
// there against the action verb (subject, object, passive subject, agent after "by", no verb),
// the preposition before it ("fine on Meta", "suit against Google", "by the FTC", "with Microsoft")
// or a possessive after it ("the DPC's fine"), its kind, the event type, whether a court is in the
// story, and the word-order rule's own guess (roles.ts). The word-order rule alone got 0.53 of
// actors and targets right on the labelled set; the model weighs its guess against the clause.
import { entityRoles, type AnalyzedEntity, type EntityRole, type EventType } from '../domain/types.js';
import { actionOf } from './roles.js';
import { z } from 'zod';
import { compileLinearModel, linearModelSchema } from './linear-model.js';
import { sentenceEnd, wordPattern } from './patterns.js';

export const roleWordsSchema = linearModelSchema.refine(
  (m) => m.classes.every((k) => (entityRoles as readonly string[]).includes(k)), 'classes must be entity roles');
export type RoleWords = (typeof roleWordsSchema)['_output'];
export type RoleModel = (features: string[]) => EntityRole;

export const roleFramesSchema = z.record(z.string(), z.array(z.string()));
/** Per sense, one pattern of all its frames. */
export type RoleFrames = { sense: string; pattern: RegExp }[];

export function compileRoleFrames(raw: z.infer<typeof roleFramesSchema>): RoleFrames {
  return Object.entries(raw).map(([sense, list]) => ({ sense, pattern: wordPattern(list.map((p) => p.trim())) }));
}

/** Where a party stands against the first frame of each sense in its sentence: "restrict-after", "penalise-before". */
function frameFeatures(frames: RoleFrames | null, c: Clause, pos: number): string[] {
  // Each clause's frames are found once, whatever the number of parties in it.
  c.frames ??= (frames ?? []).flatMap(({ sense, pattern }) => { const m = pattern.exec(c.text); return m ? [{ sense, start: m.index, end: m.index + m[0].length }] : []; });
  const out = c.frames.map((f) => `fr=${f.sense}-${pos >= f.end ? 'after' : pos < f.start ? 'before' : 'in'}`);
  return out.length ? out : ['fr=none'];
}

export function compileRoleWords(m: RoleWords): RoleModel {
  return compileLinearModel(m) as RoleModel;
}

const court = /\b(court|tribunal|judge|justices?|jury)\b/i;
/** A party that speaks or decides in its own voice: "…, Prime Minister X said", "X announced", "according to X". */
const speechAfter = /^[\p{L}\p{N} .'’&-]{0,30}?\s(said|says|announced|announces|told|tells|stated|declared|confirmed|ruled|rules|wrote|added|warned|argued|decided|found|signed|ordered)\b/u;
const speechBefore = /\b(said|says|announced|according to|told by|ruled by|signed by)\s+(the\s+)?$/i;
/** An office or title right before a name: the holder acts for the body. */
const officeBefore = /\b(minister|secretary|president|premier|chancellor|commissioner|judge|justice|attorney[- ]general|governor|mayor|senator|chair(man|woman)?|chief executive|ceo|founder|director|head|spokes(man|woman|person)|regulator|prosecutor|ambassador)\s+$/i;

export interface Clause { start: number; text: string; action: ReturnType<typeof actionOf>; background: boolean; frames?: { sense: string; start: number; end: number }[] }

/** The title and the lead's sentences, with their offsets in `title\nlead` and their action verbs. */
export function clausesOf(title: string, lead: string, background: RegExp | null = null): Clause[] {
  const out: Clause[] = [{ start: 0, text: title, action: actionOf(title), background: false }];
  let at = title.length + 1;
  for (const s of lead.split(sentenceEnd)) {
    const start = lead.indexOf(s, at - title.length - 1) + title.length + 1;
    out.push({ start, text: s, action: actionOf(s), background: !!background?.test(s) });
    at = start + s.length;
    if (out.length > 6) break;
  }
  return out;
}

interface Standing { where: string; slot: string; prep: string; speaks: boolean; office: boolean; framed: string[]; background: boolean }

/** Where a party named at `at` stands in its clause. */
function standingAt(frames: RoleFrames | null, clauses: Clause[], at: number | undefined): Standing {
  const none: Standing = { where: 'none', slot: 'none', prep: 'none', speaks: false, office: false, framed: ['fr=none'], background: false };
  if (at === undefined) return none;
  const i = clauses.findIndex((c, n) => at >= c.start && (n === clauses.length - 1 || at < clauses[n + 1]!.start));
  const c = clauses[Math.max(0, i)]!;
  const pos = at - c.start;
  const a = c.action;
  const slot = !a ? 'noverb' : !a.passive ? (pos < a.at ? 'subj' : 'obj') : pos < a.at ? 'psubj' : pos > a.agentFrom ? 'agent' : 'pobj';
  const before = c.text.slice(Math.max(0, pos - 14), pos).toLowerCase();
  const p = /\b(on|against|by|from|of|with|to|for|in|over|into|versus|vs\.?|and|including)\s+(the\s+)?$/.exec(before);
  const poss = /^[\p{L}\p{N} .&-]{0,40}?['’]s\b/u.test(c.text.slice(pos, pos + 50)) && !/^[^ ]+['’]s\s+(own|shares|stock)/u.test(c.text.slice(pos));
  return {
    where: i <= 0 ? 'title' : i === 1 ? 'lead1' : 'lead2',
    slot, prep: p ? p[1]! : poss ? 'poss' : 'none',
    speaks: speechAfter.test(c.text.slice(pos, pos + 60)) || speechBefore.test(c.text.slice(Math.max(0, pos - 20), pos)),
    office: officeBefore.test(c.text.slice(Math.max(0, pos - 25), pos)),
    framed: frameFeatures(frames, c, pos),
    background: c.background,
  };
}

/**
 * Features of one party for the role model. `at`: where the story first names it (in
 * `title\nlead`); `leadAt`: where the lead first names it, when the title did first (the lead's
 * sentence often says more plainly who did what).
 */
export function roleFeatures(frames: RoleFrames | null, clauses: Clause[], e: AnalyzedEntity, at: number | undefined, leadAt: number | undefined, type: EventType, heuristic: EntityRole, courtInStory: boolean): string[] {
  const kind = e.kind === 'organization' && court.test(e.name) ? 'court' : e.kind;
  const { where, slot, prep, speaks, office, framed, background } = standingAt(frames, clauses, at);
  const via = e.via ?? 'named';
  const out = [
    `k=${kind}`, `k=${kind}|t=${type}`, `s=${slot}|t=${type}`, `k=${kind}|s=${slot}`, `w=${where}|s=${slot}`,
    `k=${kind}|s=${slot}|t=${type}`, `h=${heuristic}`, `h=${heuristic}|t=${type}`, `k=${kind}|h=${heuristic}`,
    `p=${prep}`, `p=${prep}|k=${kind}`, `p=${prep}|t=${type}`, `v=${via}`, `v=${via}|k=${kind}`,
    `c=${courtInStory}|k=${kind}|t=${type}`, `w=${where}|k=${kind}`,
    `sp=${speaks}|k=${kind}`, `sp=${speaks}|t=${type}`, `o=${office}|k=${kind}`, `o=${office}|t=${type}`,
    ...framed, ...framed.map((f) => `${f}|k=${kind}`), ...framed.map((f) => `${f}|t=${type}`),
    // Named in a sentence about what came before ("the move followed restrictions by the Commission").
    `bg=${background}`, `bg=${background}|k=${kind}`, `bg=${background}|s=${slot}`,
  ];
  if (leadAt !== undefined && leadAt !== at) {
    const l = standingAt(frames, clauses, leadAt);
    out.push(`L:s=${l.slot}|t=${type}`, `L:s=${l.slot}|k=${kind}`, `L:p=${l.prep}`, `L:sp=${l.speaks}`, ...l.framed.map((f) => `L:${f}`), ...l.framed.map((f) => `L:${f}|k=${kind}`));
  }
  return out;
}

function keepsTitleActor(f: string[], heuristic: EntityRole): boolean {
  const before = (prefix: string) => f.includes(`${prefix}fr=restrict-before`) || f.includes(`${prefix}fr=penalise-before`);
  // The headline's subject that restricts or penalises, there or in the lead's own sentence about it.
  return heuristic === 'actor' && f.includes('w=title|s=subj') && (before('') || (before('L:') && f.includes('s=subj|t=usage_restriction')));
}

/** Every party's role by the model (the playbook's groups stay affected: they are the playbook's claim). */
export function applyRoleModel(model: RoleModel | null, frames: RoleFrames | null, background: RegExp | null, title: string, lead: string, entities: AnalyzedEntity[],
  positions: { first: Map<string, number>; inLead: Map<string, number> }, type: EventType,
  ownerOf: (slug: string) => string | null, trace?: (slug: string, features: string[]) => void): void {
  if (!model && !trace) return;
  const clauses = clausesOf(title, lead, background);
  const courtInStory = entities.some((e) => e.kind === 'organization' && court.test(e.name)) || court.test(title);
  for (const e of entities) {
    if (e.via === 'playbook') continue;
    const f = roleFeatures(frames, clauses, e, positions.first.get(e.slug), positions.inLead.get(e.slug), type, e.role, courtInStory);
    trace?.(e.slug, f);
    // A government standing for a place that acts ("Canada bans…") was made by its role: it keeps it.
    if (!model || e.via === 'place') continue;
    e.orderRole = e.role;
    // The subject of a headline that restricts or penalises acts ("Alibaba orders staff to stop
    // using Claude"): the clearest evidence there is, which the model's averages must not overturn.
    if (keepsTitleActor(f, e.role)) continue;
    e.role = model(f);
  }
  if (model) alignProductsWithOwners(entities, type, ownerOf);
}

/**
 * A product and its maker stand together: a ban on Claude targets Anthropic, a fine on Meta
 * names Facebook as its target; but a restriction's actor does not target its own product
 * ("Alibaba bans Claude, switches staff to Qwen": Qwen is affected).
 */
function alignProductsWithOwners(entities: AnalyzedEntity[], type: EventType, ownerOf: (slug: string) => string | null): void {
  const bySlug = new Map(entities.map((e) => [e.slug, e]));
  for (const product of entities) {
    const owner = bySlug.get(ownerOf(product.slug) ?? '');
    if (!owner || product.via === 'playbook') continue;
    // Only a restriction's actor switches to its own product; a company's market move is about its own products.
    if (owner.role === 'actor') { if (type === 'usage_restriction' && product.role === 'target') product.role = 'affected'; continue; }
    if (product.role === 'target' && owner.role === 'mentioned') owner.role = 'target';
    else if (owner.role === 'target' && product.role === 'mentioned') product.role = 'target';
  }
}
