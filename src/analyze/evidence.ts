// Does a later signal confirm a prediction? Only evidence about the prediction's own subject:
// the entity it names in the role it names ("further action against X" needs X targeted), the
// state it expects to act ("the targeted state retaliates" needs an actor of that state) and the
// state it expects to be acted against, the kind of event, and a different actor where the claim
// is about someone else following. The answer says which criterion matched what, so a reader of
// the ledger can check every confirmation.
import type { Criterion, EntityKind, EventType } from '../domain/types.js';
import { cachedWordPattern } from './patterns.js';

export interface EvidenceSignal {
  event_type: EventType; regions: string[];
  entities: { slug: string; name?: string; kind: EntityKind; role: string; country?: string | null }[];
  /** The confirming story's headline and summary, for `words` and `same_matter`. */
  text?: string;
}

/** The matter a prediction is about: its own story's headline and summary; names never count as matter words. */
export interface Matter { text: string; names: string[] }

/** Place words (country names, demonyms, capitals) of a knowledge base: a shared "Russia" is no shared matter. */
export function placeWords(aliases: Iterable<[string, { target: { type: string } }[]]>): string[] {
  const out: string[] = [];
  for (const [text, list] of aliases) if (list.some((a) => a.target.type === 'region')) out.push(text);
  return out;
}

const matterStop = new Set(('about after again against amid announce announced because before being between could first former further government '
  + 'including major million billion percent people plans report reported reports said says their there these those through under which while would '
  + 'years company companies state states saying users week monday tuesday wednesday thursday friday saturday sunday federal national '
  + 'officials minister ministry according statement announced citing cited billion million dollars euros pounds shares percent worth')
  .split(' '));
/** Content words of a text (five letters or more, crude stem), without the names of the parties. */
function matterWords(text: string, names: string[]): Set<string> {
  const skip = new Set(names.flatMap((n) => n.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
  return new Set([...text.toLowerCase().matchAll(/\p{L}{5,}/gu)].map((m) => m[0]).filter((w) => !matterStop.has(w) && !skip.has(w)).map((w) => w.slice(0, 6)));
}

const stateKinds = new Set<EntityKind>(['government', 'regulator', 'country']);

/** The reasons a signal meets a criterion, one per criterion field; null when any fails. */
export function matchEvidence(c: Criterion, s: EvidenceSignal, matter?: Matter): string[] | null {
  const why: string[] = [];
  if (!c.event_types.includes(s.event_type)) return null;
  why.push(`type ${s.event_type}`);
  const actors = s.entities.filter((e) => e.role === 'actor');
  const label = (e: { slug: string; name?: string }) => e.name ?? e.slug;
  if (c.entity) {
    const roles: readonly string[] = c.entity_role ?? ['actor', 'target', 'affected', 'mentioned'];
    const e = s.entities.find((x) => (x.slug === c.entity || x.slug === c.entity_alt) && roles.includes(x.role));
    if (!e) return null;
    why.push(`${label(e)} as ${e.role}`);
  }
  if (c.with_entity) {
    const e = s.entities.find((x) => x.slug === c.with_entity);
    if (!e) return null;
    why.push(`${label(e)} named too`);
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
    // It must be the signal's own acting jurisdiction (its first region), not a state it mentions.
    if (s.regions[0] !== c.actor_region) return null;
    const a = actors.find((x) => x.country === c.actor_region && stateKinds.has(x.kind)) ?? actors.find((x) => stateKinds.has(x.kind) && !x.country);
    if (!a) return null;
    why.push(`acting state ${c.actor_region} (${label(a)})`);
  }
  if (c.against_region) {
    // Acted against that state: it is among the regions after the actor's own, or a target is of it.
    const t = s.entities.find((x) => x.role === 'target' && x.country === c.against_region);
    if (!t && !s.regions.slice(1).includes(c.against_region)) return null;
    why.push(t ? `against ${c.against_region} (${label(t)})` : `against ${c.against_region}`);
  }
  if (c.words) {
    const m = cachedWordPattern(c.words, { open: true }).exec(s.text ?? '');
    if (!m) return null;
    why.push(`says "${m[0]}"`);
  }
  if (c.same_matter && matter) {
    const mine = matterWords(matter.text, matter.names);
    const shared = [...matterWords(s.text ?? '', matter.names)].filter((w) => mine.has(w));
    // Two words: one shared word is too often a place or a weekday ("Russia", "software").
    if (shared.length < 2) return null;
    why.push(`same matter (${shared.slice(0, 3).join(', ')})`);
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

