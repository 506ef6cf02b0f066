// Predicted impacts: the playbook for an event's type and context turns the analysis into two to
// four checkable claims, each with a probability, a horizon, the criterion a later signal must
// meet to confirm it, and its basis (the playbook prior blended with the project's own record).
import { z } from 'zod';
import { entityKinds, eventTypes, type AnalyzedEntity, type Criterion, type EntityKind, type EventType, type PredictedImpact } from '../domain/types.js';

const criterionSchema = z.object({
  event_types: z.array(z.enum(eventTypes)).min(1),
  entity: z.string().optional(),
  region: z.string().optional(),
  actor_kinds: z.array(z.enum([...entityKinds])).optional(),
  not_actor: z.string().optional(),
}).strict();

export const playbookSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  event_type: z.enum(eventTypes),
  when: z.object({ actor_kinds: z.array(z.enum([...entityKinds])).optional(), cross_border: z.boolean().optional() }).strict().optional(),
  affected: z.array(z.string()).default([]),
  impacts: z.array(z.object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    statement: z.string().min(10),
    prior: z.number().min(0.01).max(0.99),
    horizon_days: z.number().int().min(1).max(3650),
    criterion: criterionSchema,
  }).strict()).min(2).max(4),
}).strict();

export type Playbook = z.output<typeof playbookSchema>;
/** Resolved predictions of one playbook impact so far: how often it came true. */
export type History = (playbook: string, impactId: string) => { confirmed: number; resolved: number };

/** Pseudo-count of the prior: with little history the prior dominates, with much the record does. */
const priorWeight = 4;

interface Context { actor: AnalyzedEntity | null; target: AnalyzedEntity | null; targetCompany: AnalyzedEntity | null; region: string | null; targetRegion: string | null }

function contextOf(entities: AnalyzedEntity[], regions: string[]): Context {
  const named = entities.filter((e) => e.kind !== 'group');
  const actor = named.find((e) => e.role === 'actor') ?? null;
  // A product ban names the product: "restrict Claude", with Anthropic close behind.
  const targets = named.filter((e) => e.role === 'target');
  const target = targets.find((e) => e.kind === 'product') ?? targets[0] ?? null;
  // The maker of a targeted product answers for it: Claude → Anthropic.
  const targetCompany = targets.find((e) => e.kind === 'company') ?? null;
  const region = actor?.country ?? regions[0] ?? null;
  const targetRegion = target?.country && target.country !== region ? target.country : regions.find((r) => r !== region) ?? null;
  return { actor, target, targetCompany, region, targetRegion };
}

export function choosePlaybook(playbooks: Playbook[], eventType: EventType, ctx: Context): Playbook | null {
  const crossBorder = !!(ctx.region && ctx.targetRegion && ctx.region !== ctx.targetRegion);
  return playbooks.find((p) => p.event_type === eventType
    && (!p.when?.actor_kinds || (ctx.actor !== null && p.when.actor_kinds.includes(ctx.actor.kind)))
    && (p.when?.cross_border === undefined || p.when.cross_border === crossBorder)) ?? null;
}

export function predictImpacts(input: {
  playbooks: Playbook[]; eventType: EventType; entities: AnalyzedEntity[]; regions: string[];
  regionName: (code: string) => string; history?: History;
}): { playbook: Playbook | null; impacts: PredictedImpact[] } {
  const ctx = contextOf(input.entities, input.regions);
  const playbook = choosePlaybook(input.playbooks, input.eventType, ctx);
  if (!playbook) return { playbook: null, impacts: [] };
  const vars: Record<string, string | null> = {
    actor: ctx.actor?.name ?? null, target: ctx.target?.name ?? null, target_company: ctx.targetCompany?.name ?? null, region: ctx.region,
    region_name: ctx.region ? input.regionName(ctx.region) : null, target_region: ctx.targetRegion,
  };
  const slugs: Record<string, string | null> = { actor: ctx.actor?.slug ?? null, target: ctx.target?.slug ?? null, target_company: ctx.targetCompany?.slug ?? null, region: ctx.region, target_region: ctx.targetRegion };
  const impacts: PredictedImpact[] = [];
  for (const imp of playbook.impacts) {
    // A claim we cannot fill in (no target named, no region known) is left out, never guessed.
    const statement = fill(imp.statement, vars);
    const criterion = resolveCriterion(imp.criterion, slugs);
    if (statement === null || criterion === null) continue;
    const h = input.history?.(playbook.id, imp.id) ?? { confirmed: 0, resolved: 0 };
    const p = (h.confirmed + imp.prior * priorWeight) / (h.resolved + priorWeight);
    const basis = h.resolved > 0
      ? `playbook ${playbook.id}/${imp.id}: prior ${imp.prior.toFixed(2)}; record: ${h.confirmed} of ${h.resolved} earlier such predictions came true within ${imp.horizon_days} days; smoothed p = (${h.confirmed} + ${imp.prior.toFixed(2)}×${priorWeight}) / (${h.resolved} + ${priorWeight}) = ${p.toFixed(2)}`
      : `playbook ${playbook.id}/${imp.id}: prior ${imp.prior.toFixed(2)} (no resolved history yet)`;
    impacts.push({ statement, confidence: round(p), horizon_days: imp.horizon_days, basis, playbook: playbook.id, impact_id: imp.id, prior: imp.prior, criterion });
  }
  return { playbook, impacts: impacts.length >= 2 ? impacts : [] };
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

function resolveCriterion(c: z.output<typeof criterionSchema>, slugs: Record<string, string | null>): Criterion | null {
  const pick = (v: string | undefined): string | null | undefined => {
    if (v === undefined) return undefined;
    const m = /^\{(\w+)\}$/.exec(v);
    return m ? slugs[m[1]!] ?? null : v;
  };
  const entity = pick(c.entity), region = pick(c.region), notActor = pick(c.not_actor);
  if (entity === null || region === null) return null;
  return {
    event_types: c.event_types,
    ...(entity ? { entity } : {}), ...(region ? { region } : {}),
    ...(c.actor_kinds ? { actor_kinds: c.actor_kinds } : {}), ...(notActor ? { not_actor: notActor } : {}),
  };
}

/** Does a later signal meet a prediction's criterion? */
export function meetsCriterion(c: Criterion, s: { event_type: EventType; regions: string[]; entities: { slug: string; kind: EntityKind; role: string }[] }): boolean {
  if (!c.event_types.includes(s.event_type)) return false;
  if (c.entity && !s.entities.some((e) => e.slug === c.entity)) return false;
  if (c.region && !s.regions.includes(c.region)) return false;
  const actors = s.entities.filter((e) => e.role === 'actor');
  if (c.actor_kinds && !actors.some((a) => c.actor_kinds!.includes(a.kind))) return false;
  if (c.not_actor && (actors.length === 0 || actors.every((a) => a.slug === c.not_actor))) return false;
  return true;
}
