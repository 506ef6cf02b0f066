// Does a later signal confirm a prediction? Only evidence about the prediction's own subject:
// the entity it names in the role it names ("further action against X" needs X targeted), the
// state it expects to act ("the targeted state retaliates" needs an actor of that state) and the
// state it expects to be acted against, the kind of event, and a different actor where the claim
// is about someone else following. The answer says which criterion matched what, so a reader of
// the ledger can check every confirmation.
import type { Criterion, EntityKind, EntityRole, EventType } from '../domain/types.js';

export interface EvidenceSignal {
  event_type: EventType; regions: string[];
  entities: { slug: string; name?: string; kind: EntityKind; role: string; country?: string | null }[];
}

const stateKinds = new Set<EntityKind>(['government', 'regulator', 'country']);

/** The reasons a signal meets a criterion, one per criterion field; null when any fails. */
export function matchEvidence(c: Criterion, s: EvidenceSignal): string[] | null {
  const why: string[] = [];
  if (!c.event_types.includes(s.event_type)) return null;
  why.push(`type ${s.event_type}`);
  const actors = s.entities.filter((e) => e.role === 'actor');
  const label = (e: { slug: string; name?: string }) => e.name ?? e.slug;
  if (c.entity) {
    const roles: readonly string[] = c.entity_role ?? ['actor', 'target', 'affected', 'mentioned'];
    const e = s.entities.find((x) => x.slug === c.entity && roles.includes(x.role));
    if (!e) return null;
    why.push(`${label(e)} as ${e.role}`);
  }
  if (c.region) {
    if (!s.regions.includes(c.region)) return null;
    why.push(`region ${c.region}`);
  }
  if (c.actor_kinds) {
    const a = actors.find((x) => c.actor_kinds!.includes(x.kind));
    if (!a) return null;
    why.push(`actor ${label(a)} (${a.kind})`);
  }
  if (c.actor_region) {
    // The acting state: a state actor of that jurisdiction, or the signal's own jurisdiction when
    // its actor is a state named without a country (a government standing for a place).
    const a = actors.find((x) => x.country === c.actor_region && (stateKinds.has(x.kind) || !c.actor_kinds))
      ?? (s.regions[0] === c.actor_region && actors.some((x) => stateKinds.has(x.kind)) ? actors.find((x) => stateKinds.has(x.kind)) : undefined);
    if (!a) return null;
    why.push(`acting state ${c.actor_region} (${label(a)})`);
  }
  if (c.against_region) {
    // Acted against that state: it is among the regions after the actor's own, or a target is of it.
    const t = s.entities.find((x) => x.role === 'target' && x.country === c.against_region);
    if (!t && !s.regions.slice(1).includes(c.against_region)) return null;
    why.push(t ? `against ${c.against_region} (${label(t)})` : `against ${c.against_region}`);
  }
  if (c.not_actor) {
    if (actors.length === 0 || actors.every((a) => a.slug === c.not_actor)) return null;
    why.push(`another actor than ${c.not_actor}`);
  }
  return why;
}

/** Does a later signal meet a prediction's criterion? */
export function meetsCriterion(c: Criterion, s: EvidenceSignal): boolean {
  return matchEvidence(c, s) !== null;
}

export type { EntityRole };
