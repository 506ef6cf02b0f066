// Plain types shared by every layer. The API shapes (Signal, Analysis) follow DESIGN.md.

export const eventTypes = [
  'usage_restriction', 'trade_restriction', 'regulation', 'enforcement', 'litigation',
  'security_incident', 'industrial_policy', 'corporate_deal', 'market_move', 'other',
] as const;
export type EventType = (typeof eventTypes)[number];

export const entityKinds = ['company', 'product', 'government', 'regulator', 'country', 'person', 'organization', 'group'] as const;
export type EntityKind = (typeof entityKinds)[number];

export const entityRoles = ['actor', 'target', 'affected', 'mentioned'] as const;
export type EntityRole = (typeof entityRoles)[number];

/** One item as a parser found it, before it is stored. Dates are ISO UTC or null, never guessed. */
export interface ParsedItem {
  guid: string | null;
  url: string;
  title: string;
  summaryHtml: string;
  contentHtml: string;
  author: string | null;
  publishedAt: string | null;
  categories: string[];
}

export interface AnalyzedEntity {
  name: string; slug: string; kind: EntityKind; role: EntityRole; confidence: number; country?: string | null;
  /**
   * How an entity not named as such got here: the maker of a named product, a playbook's
   * affected group, or the government standing for a place that acts ("Canada bans …").
   */
  via?: 'owner' | 'playbook' | 'place';
  /**
   * The role by word order around the title's verb, before the role model weighed the clause: the
   * clusterer's party rules (same principal, different parties) were measured with these.
   */
  orderRole?: EntityRole;
}
export interface AnalyzedImpact { statement: string; confidence: number; horizon_days: number; basis: string }

/** What a later signal must show to confirm a prediction (placeholders already resolved). */
export interface Criterion {
  event_types: EventType[]; entity?: string; region?: string; actor_kinds?: EntityKind[]; not_actor?: string;
  /** The roles `entity` must hold in the confirming signal ("further action against X": target). */
  entity_role?: EntityRole[];
  /** The jurisdiction whose state must act ("the targeted state announces a countermeasure"). */
  actor_region?: string;
  /** The jurisdiction the confirming measure must be aimed at (the original actor's, for retaliation). */
  against_region?: string;
  /** Another party the confirming signal must also name, in any role (the other side of the same case). */
  with_entity?: string;
  /** Another slug that stands for `entity` (a product's maker, a maker's product named in the claim). */
  entity_alt?: string;
  /** A pattern the confirming story's headline or summary must match: the kind of act the claim names ("appeal"). */
  words?: string;
  /** The confirming story must share a content word with the prediction's own story: the same matter, not any act of the party. */
  same_matter?: boolean;
}

/** An impact as the playbooks produce it: the API's fields plus what the ledger needs. */
export interface PredictedImpact extends AnalyzedImpact {
  playbook: string; impact_id: string; prior: number;
  /** null for a model's claim: nothing a later signal can be checked against, so it can only expire. */
  criterion: Criterion | null;
}

export interface Analysis {
  /** Whether the story is tech policy at all: only relevant stories become signals. */
  relevant: boolean;
  /** How sure the gate is that it is, 0–1. */
  relevance: number;
  /** ISO 639-1 ('und' when the text does not say). */
  language: string;
  event_type: EventType;
  regions: string[];
  entities: AnalyzedEntity[];
  impacts: PredictedImpact[];
  /** The playbook the impacts came from, if one applied. */
  playbook: string | null;
  /** Why the event type and regions were chosen (rule names and the words that fired). */
  basis: string;
}

export interface StoryOut { id: number; url: string; title: string; outlet: string; source_id: string | null; published_at: string }
export interface SignalEntityOut { id: number; slug: string; name: string; kind: EntityKind; role: EntityRole; confidence: number }
export interface ImpactOut { id: number; statement: string; confidence: number; horizon_days: number; basis: string; status: 'open' | 'confirmed' | 'expired' | 'void'; resolved_by: number | null }

export interface SignalOut {
  id: number;
  headline: string;
  summary: string;
  event_type: EventType;
  regions: string[];
  importance: number;
  first_seen_at: string;
  last_seen_at: string;
  entities: SignalEntityOut[];
  impacts: ImpactOut[];
  stories: StoryOut[];
}
