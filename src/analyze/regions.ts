// Regions of a story: the acting jurisdiction first, then a targeted one (labelling rules in
// test/eval/labelled/README.md). Who counts as acting depends on the kind of event: a state for
// bans, trade measures, rules, enforcement and funding; the court's country for litigation; the
// company for its own moves and deals; the breached organisation for an incident. Pure.
import type { AnalyzedEntity, EventType } from '../domain/types.js';
import { actionOf } from './roles.js';

export interface PlaceAt { code: string; start: number; inTitle: boolean }

const stateTypes = new Set<EventType>(['usage_restriction', 'trade_restriction', 'regulation', 'enforcement', 'industrial_policy', 'litigation']);
const companyTypes = new Set<EventType>(['market_move', 'corporate_deal']);
const isState = (e: AnalyzedEntity) => e.kind === 'government' || e.kind === 'regulator' || (e.kind === 'organization' && !!e.country);
/** "Chinese hackers", "Russia-linked group": the attacker's state, which is no region of an incident. */
const attackerAfter = /^[\s-]*(state[- ])?(linked|backed|sponsored|based|affiliated)?\s*(hackers?|group|gang|actors?|spies|intelligence|military)/i;

/** A place named as a destination, origin or market: "from China", "in Canada", "to the US". */
const aimedAt = /(?<![\p{L}])(to|from|in|into|on|against|for|out of|with)\s+(the\s+)?$/iu;
/** The title's main clause: what comes after "after", "as", "amid"… says why, not where. */
const mainEnd = (title: string) => { const cut = title.search(/\s(after|as|amid|following|over|despite|while|because|citing|blaming|in protest|in response to)\s/i); return cut > 0 ? cut : title.length; };

export function actingRegions(type: EventType, entities: AnalyzedEntity[], places: PlaceAt[], title: string, lead = '', max = 4): string[] {
  // Where the lead's first sentence ends, in the offsets of the places (title, newline, lead).
  const firstEnd = title.length + 1 + (/^.*?[.!?](\s|$)/.exec(lead)?.[0] ?? lead).length;
  const regions: string[] = [];
  const push = (code: string | null | undefined) => { if (code && !regions.includes(code) && regions.length < max) regions.push(code); };
  const known = entities.filter((e) => e.via !== 'playbook');
  // A product's maker named only through it does not act as a state would: "TikTok 'disappointed' as…".
  const direct = known.filter((e) => !e.via || e.via === 'place');
  const titlePlaces = places.filter((p) => p.inTitle);
  const inMain = titlePlaces.filter((p) => p.start < mainEnd(title));
  const aimed = titlePlaces.filter((p) => aimedAt.test(title.slice(Math.max(0, p.start - 12), p.start)));
  if (type === 'security_incident') {
    const victims = titlePlaces.filter((p) => !attackerAfter.test(title.slice(p.start).replace(/^[\p{L}.]+/u, '')));
    const targets = (list: AnalyzedEntity[]) => list.filter((e) => e.role === 'target' && e.kind !== 'product');
    // The breached organisation named, else the maker of the breached product (MOVEit → Progress).
    for (const e of targets(direct).length ? targets(direct) : targets(known)) push(e.country);
    for (const p of victims) push(p.code);
    // Else the organisation hit ("Microsoft says China-based group exploited…"), not the attackers' home.
    if (regions.length === 0) for (const e of direct) if (e.role === 'affected' && e.kind !== 'product') push(e.country);
  } else if (stateTypes.has(type)) {
    const actors = direct.filter((e) => e.role === 'actor');
    for (const e of actors) if (isState(e)) push(e.country);
    // No state body named: a place before the verb acts ("Canada bans…"); else a company's own
    // ban on its staff or customers is its home's.
    const act = actionOf(title);
    if (regions.length === 0) for (const p of titlePlaces) if (!aimed.includes(p) && (!act || act.passive || p.start < act.at)) push(p.code);
    // A state body the roles misread ("Meta ordered to…, Ireland's regulator said") still acts.
    if (regions.length === 0) for (const e of direct) if (isState(e) && e.role !== 'mentioned') push(e.country);
    if (regions.length === 0) for (const e of actors) if (e.kind === 'company') push(e.country);
    if (regions.length === 0) for (const p of titlePlaces) push(p.code);
    // Then the other places the main clause names, or the title as a destination ("curbs on China",
    // "from China"); "over Russia links" after the main clause gives the reason, not a target.
    for (const p of titlePlaces) if (inMain.includes(p) || aimed.includes(p)) push(p.code);
  } else if (companyTypes.has(type)) {
    // The company acting (or, with no verb found, the first company the title names), then where.
    const firm = known.find((e) => e.role === 'actor' && e.kind === 'company') ?? known.find((e) => e.kind === 'company' && e.confidence >= 0.8 && e.role !== 'mentioned');
    push(firm?.country);
    // A deal: then the other parties the title names (the target, or the investor "led by SoftBank").
    if (type === 'corporate_deal') for (const e of known) if (e.kind === 'company' && e.role !== 'mentioned' && e.confidence >= 0.9) push(e.country);
    for (const p of inMain) push(p.code);
    // A market move whose title names no market: the market the lead opens with.
    if (type === 'market_move' && inMain.length === 0) for (const p of places) if (!p.inTitle && p.start < firstEnd) push(p.code);
  } else {
    // Summits, declarations, departures: where it happens, else who acts.
    for (const p of titlePlaces) push(p.code);
    if (regions.length === 0) for (const e of direct) if (e.role === 'actor' && (isState(e) || e.kind === 'company')) push(e.country);
  }
  if (regions.length === 0) for (const p of places) push(p.code);
  if (regions.length === 0) for (const e of known) if (e.role !== 'mentioned') push(e.country);
  return regions;
}
