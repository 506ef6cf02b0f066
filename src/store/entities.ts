// Entities with their signal counts and timelines.
import type { Db } from './db.js';
import { stmt } from './statements.js';
import type { EntityKind, EntityRole, EventType } from '../domain/types.js';

export interface EntitySummary { id: number; slug: string; name: string; kind: EntityKind; country: string | null; signal_count: number }

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Entities by how many signals they appear in; `q` matches name or slug anywhere. */
export function listEntities(db: Db, opts: { q?: string; kind?: EntityKind; limit: number }): EntitySummary[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.q) { where.push("(e.name LIKE ? ESCAPE '\\' OR e.slug LIKE ? ESCAPE '\\')"); const p = `%${escapeLike(opts.q)}%`; args.push(p, p); }
  if (opts.kind) { where.push('e.kind = ?'); args.push(opts.kind); }
  return stmt(db, `SELECT e.id, e.slug, e.name, e.kind, e.country, count(se.signal_id) AS signal_count
    FROM entities e LEFT JOIN signal_entities se ON se.entity_id = e.id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    GROUP BY e.id ORDER BY signal_count DESC, e.name LIMIT ?`).all(...args, opts.limit) as EntitySummary[];
}

export interface TimelineEntry { id: number; headline: string; event_type: EventType; regions: string[]; first_seen_at: string; role: EntityRole; confidence: number }

export function getEntity(db: Db, slug: string, timelineLimit = 100): (EntitySummary & { timeline: TimelineEntry[]; related: (EntitySummary & { shared: number })[] }) | null {
  const e = stmt(db, `SELECT e.id, e.slug, e.name, e.kind, e.country,
      (SELECT count(*) FROM signal_entities WHERE entity_id = e.id) AS signal_count FROM entities e WHERE e.slug = ?`).get(slug) as EntitySummary | undefined;
  if (!e) return null;
  const timeline = (stmt(db, `SELECT s.id, s.headline, s.event_type, s.regions, s.first_seen_at, se.role, se.confidence
    FROM signal_entities se JOIN signals s ON s.id = se.signal_id WHERE se.entity_id = ?
    ORDER BY s.first_seen_at DESC, s.id DESC LIMIT ?`).all(e.id, timelineLimit) as (Omit<TimelineEntry, 'regions'> & { regions: string })[])
    .map((r) => ({ ...r, regions: JSON.parse(r.regions) as string[] }));
  const related = stmt(db, `SELECT o.id, o.slug, o.name, o.kind, o.country, count(*) AS shared,
      (SELECT count(*) FROM signal_entities WHERE entity_id = o.id) AS signal_count
    FROM signal_entities mine JOIN signal_entities theirs ON theirs.signal_id = mine.signal_id AND theirs.entity_id != mine.entity_id
    JOIN entities o ON o.id = theirs.entity_id WHERE mine.entity_id = ?
    GROUP BY o.id ORDER BY shared DESC, o.name LIMIT 10`).all(e.id) as (EntitySummary & { shared: number })[];
  return { ...e, timeline, related };
}

export interface EntityCandidate { slug: string; name: string; kind: EntityKind; signals: number; examples: string[] }

/**
 * Names the recognizer found by shape (not from the knowledge base: their best confidence is
 * under a known name's 0.7) that reappear across signals: candidates an operator can promote
 * into feeds/knowledge/. Most signals first, with up to three headlines as context.
 */
export function entityCandidates(db: Db, minSignals: number, limit: number): EntityCandidate[] {
  const rows = stmt(db, `SELECT e.id, e.slug, e.name, e.kind, count(DISTINCT se.signal_id) AS signals
    FROM entities e JOIN signal_entities se ON se.entity_id = e.id
    WHERE e.kind != 'group' GROUP BY e.id HAVING max(se.confidence) < 0.6 AND count(DISTINCT se.signal_id) >= ?
    ORDER BY signals DESC, e.name LIMIT ?`).all(minSignals, limit) as (Omit<EntityCandidate, 'examples'> & { id: number })[];
  const examples = stmt(db, `SELECT s.headline FROM signal_entities se JOIN signals s ON s.id = se.signal_id
    WHERE se.entity_id = ? ORDER BY s.first_seen_at DESC LIMIT 3`);
  return rows.map(({ id, ...r }) => ({ ...r, examples: examples.pluck().all(id) as string[] }));
}
