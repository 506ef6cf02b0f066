// Predicted impacts: the playbook for an event's type and context turns the analysis into two to
// four checkable claims, each with a probability, a horizon, the criterion a later signal must
// meet to confirm it, and its basis (the playbook prior blended with the project's own record).
import { z } from 'zod';
import { cachedWordPattern, escapeRegExp } from './patterns.js';
import { entityKinds, entityRoles, eventTypes, type AnalyzedEntity, type Criterion, type EventType, type PredictedImpact } from '../domain/types.js';

const criterionSchema = z.object({
  event_types: z.array(z.enum(eventTypes)).min(1),
  entity: z.string().optional(),
  region: z.string().optional(),
  actor_kinds: z.array(z.enum([...entityKinds])).optional(),
  not_actor: z.string().optional(),
  entity_role: z.array(z.enum(entityRoles)).optional(),
  actor_region: z.string().optional(),
  against_region: z.string().optional(),
  words: z.string().optional(),
  same_matter: z.boolean().optional(),
  with_entity: z.string().optional(),
}).strict();

export const playbookSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  event_type: z.enum(eventTypes),
  when: z.object({ actor_kinds: z.array(z.enum([...entityKinds])).optional(), cross_border: z.boolean().optional(), words: z.string().optional() }).strict().optional(),
  affected: z.array(z.string()).default([]),
  impacts: z.array(z.object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    statement: z.string().min(10),
    prior: z.number().min(0.01).max(0.99),
    horizon_days: z.number().int().min(1).max(3650),
    criterion: criterionSchema,
    /** A pattern whose presence in the story means the claim's premise fails (a repeal gets no "implementing rules"). */
    unless: z.string().optional(),
    /** A pattern ({target}, {actor} filled in) whose presence means the story already reports the follow-up. */
    already: z.string().optional(),
  }).strict()).min(2).max(4),
}).strict();

export type Playbook = z.output<typeof playbookSchema>;
/** Resolved predictions of one playbook impact so far: how often it came true. */
export type History = (playbook: string, impactId: string) => { confirmed: number; resolved: number };

/** Pseudo-count of the prior: with little history the prior dominates, with much the record does. */
const priorWeight = 4;

interface Context { actor: AnalyzedEntity | null; target: AnalyzedEntity | null; targetCompany: AnalyzedEntity | null; region: string | null; targetRegion: string | null }

/** EU members: the EU is not a foreign state to them (a Dutch seizure does not target "the EU"). */
const euMembers = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE']);
const foreignTo = (region: string | null) => (code: string | null | undefined): code is string =>
  !!code && code !== region && !(code === 'EU' && region !== null && euMembers.has(region)) && !(region === 'EU' && euMembers.has(code));

/** Event types whose actor is a state: its body acts, not the minister who announced it or a company caught up in it. */
const stateActs = new Set<EventType>(['usage_restriction', 'trade_restriction', 'regulation', 'enforcement', 'industrial_policy']);
const stateKind = (e: AnalyzedEntity) => e.kind === 'government' || e.kind === 'regulator' || e.kind === 'country';

function contextOf(entities: AnalyzedEntity[], regions: string[], ownerCountry: (slug: string) => string | null, eventType: EventType): Context {
  const named = entities.filter((e) => e.kind !== 'group');
  const actors = named.filter((e) => e.role === 'actor');
  const actor = (stateActs.has(eventType) ? actors.find(stateKind) : undefined) ?? actors.find((e) => e.kind !== 'person') ?? actors[0] ?? null;
  // A product ban names the product: "restrict Claude", with Anthropic close behind.
  const targets = named.filter((e) => e.role === 'target');
  const target = targets.find((e) => e.kind === 'product') ?? targets[0] ?? null;
  // The maker of a targeted product answers for it: Claude → Anthropic.
  const targetCompany = targets.find((e) => e.kind === 'company') ?? null;
  const region = actor?.country ?? regions[0] ?? null;
  // The targeted state is the target's jurisdiction (its owner's, for a foreign-owned firm seized
  // at home), never the actor's own; failing a target, a foreign region of the story.
  const foreign = foreignTo(region);
  const targetRegion = [target?.country, ...targets.map((t) => t.country), ...targets.map((t) => ownerCountry(t.slug))].find(foreign)
    ?? regions.find(foreign) ?? null;
  return { actor, target, targetCompany, region, targetRegion };
}

export function choosePlaybook(playbooks: Playbook[], eventType: EventType, ctx: Context, text = ''): Playbook | null {
  const crossBorder = !!(ctx.region && ctx.targetRegion && ctx.region !== ctx.targetRegion);
  return playbooks.find((p) => p.event_type === eventType
    && (!p.when?.words || cachedWordPattern(p.when.words).test(text))
    && (!p.when?.actor_kinds || (ctx.actor !== null && p.when.actor_kinds.includes(ctx.actor.kind)))
    && (p.when?.cross_border === undefined || p.when.cross_border === crossBorder)) ?? null;
}

export function predictImpacts(input: {
  playbooks: Playbook[]; eventType: EventType; entities: AnalyzedEntity[]; regions: string[];
  regionName: (code: string) => string; history?: History;
  /** The story's title and lead: premises and follow-ups it already reports are read there. */
  text?: string; ownerCountry?: (slug: string) => string | null;
}): { playbook: Playbook | null; impacts: PredictedImpact[]; reported: string[] } {
  const ctx = contextOf(input.entities, input.regions, input.ownerCountry ?? (() => null), input.eventType);
  const playbook = choosePlaybook(input.playbooks, input.eventType, ctx, input.text);
  if (!playbook) return { playbook: null, impacts: [], reported: [] };
  const vars: Record<string, string | null> = {
    actor: ctx.actor?.name ?? null, target: ctx.target?.name ?? null, target_company: ctx.targetCompany?.name ?? null, region: ctx.region,
    region_name: ctx.region ? input.regionName(ctx.region) : null, target_region: ctx.targetRegion,
  };
  const slugs: Record<string, string | null> = { actor: ctx.actor?.slug ?? null, target: ctx.target?.slug ?? null, target_company: ctx.targetCompany?.slug ?? null, region: ctx.region, target_region: ctx.targetRegion };
  // A targeted product answers through its maker and the other way round ("ChatGPT returns to Italy after OpenAI adds controls").
  const alt: Record<string, string | null> = { target: ctx.target && ctx.targetCompany && ctx.target.slug !== ctx.targetCompany.slug ? ctx.targetCompany.slug : null };
  const impacts: PredictedImpact[] = [];
  const reported: string[] = [];
  const text = input.text ?? '';
  for (const imp of playbook.impacts) {
    // A claim we cannot fill in (no target named, no region known) is left out, never guessed.
    const statement = fill(imp.statement, vars);
    const criterion = resolveCriterion(imp.criterion, slugs, alt);
    if (statement === null || criterion === null) continue;
    // Its premise fails in this story: no claim.
    if (imp.unless && cachedWordPattern(imp.unless, { open: true }).test(text)) continue;
    // The story already reports the follow-up: saying it "may happen" at some probability would misread it.
    const already = imp.already ? fill(imp.already, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v && escapeRegExp(v)]))) : null;
    if (already && cachedWordPattern(already, { open: true }).test(text)) { reported.push(statement); continue; }
    const h = input.history?.(playbook.id, imp.id) ?? { confirmed: 0, resolved: 0 };
    const p = (h.confirmed + imp.prior * priorWeight) / (h.resolved + priorWeight);
    const basis = h.resolved > 0
      ? `playbook ${playbook.id}/${imp.id}: prior ${imp.prior.toFixed(2)}; record: ${h.confirmed} of ${h.resolved} earlier such predictions came true within ${imp.horizon_days} days; smoothed p = (${h.confirmed} + ${imp.prior.toFixed(2)}×${priorWeight}) / (${h.resolved} + ${priorWeight}) = ${p.toFixed(2)}`
      : `playbook ${playbook.id}/${imp.id}: prior ${imp.prior.toFixed(2)} (no resolved history yet)`;
    impacts.push({ statement, confidence: round(p), horizon_days: imp.horizon_days, basis, playbook: playbook.id, impact_id: imp.id, prior: imp.prior, criterion });
  }
  // Fewer than two claims left is no playbook's view of the story, unless the story itself took the rest.
  return { playbook, impacts: impacts.length >= 2 || (impacts.length >= 1 && reported.length) ? impacts : [], reported };
}


const round = (x: number) => Math.round(x * 100) / 100;

function fill(template: string, vars: Record<string, string | null>): string | null {
  let missing = false;
  const out = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    if (!v) missing = true;
    return v ?? '';
  });
  return missing ? null : out;
}

function resolveCriterion(c: z.output<typeof criterionSchema>, slugs: Record<string, string | null>, alt: Record<string, string | null>): Criterion | null {
  const pick = (v: string | undefined): string | null | undefined => {
    if (v === undefined) return undefined;
    const m = /^\{(\w+)\}$/.exec(v);
    return m ? slugs[m[1]!] ?? null : v;
  };
  const slot = c.entity ? /^\{(\w+)\}$/.exec(c.entity)?.[1] : undefined;
  const entityAlt = slot ? alt[slot] ?? null : null;
  const entity = pick(c.entity), region = pick(c.region), notActor = pick(c.not_actor), actorRegion = pick(c.actor_region), againstRegion = pick(c.against_region), withEntity = pick(c.with_entity);
  // A criterion about a subject the story does not name cannot be checked: the claim is left out.
  if (entity === null || region === null || actorRegion === null || againstRegion === null || withEntity === null) return null;
  return {
    event_types: c.event_types,
    ...(entity ? { entity } : {}), ...(region ? { region } : {}),
    ...(c.entity_role ? { entity_role: c.entity_role } : {}),
    ...(entityAlt ? { entity_alt: entityAlt } : {}),
    ...(c.words ? { words: c.words } : {}), ...(c.same_matter ? { same_matter: true } : {}), ...(withEntity ? { with_entity: withEntity } : {}),
    ...(actorRegion ? { actor_region: actorRegion } : {}), ...(againstRegion ? { against_region: againstRegion } : {}),
    ...(c.actor_kinds ? { actor_kinds: c.actor_kinds } : {}), ...(notActor ? { not_actor: notActor } : {}),
  };
}
