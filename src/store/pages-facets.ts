// The stream page's filter choices: event types and regions with their counts, the entities
// named most, and the sources. Counting scans every signal (about 100 ms at 100,000 signals), so
// the result is kept until the database changed (the API response cache's generation test) and
// at least a minute has passed: while a crawl writes, counts in a menu may lag by that minute,
// and the stream itself never does.
import type { Db } from './db.js';
import { stmt } from './statements.js';
import type { EventType } from '../domain/types.js';

export interface Facets {
  types: { type: EventType; n: number }[];
  regions: { region: string; n: number }[];
  entities: { slug: string; name: string; n: number }[];
  sources: { id: string; name: string; stories: number }[];
}

const memo = new WeakMap<Db, { gen: string; at: number; facets: Facets }>();
const maxAgeMs = 60_000;

function generation(db: Db): string {
  return `${db.pragma('data_version', { simple: true })}:${(stmt(db, 'SELECT total_changes() AS t').get() as { t: number }).t}`;
}

export function streamFacets(db: Db, now = Date.now()): Facets {
  const gen = generation(db);
  const hit = memo.get(db);
  if (hit && (hit.gen === gen || now - hit.at < maxAgeMs)) return hit.facets;
  const facets: Facets = {
    types: stmt(db, 'SELECT event_type AS type, count(*) AS n FROM signals GROUP BY event_type ORDER BY n DESC').all() as Facets['types'],
    regions: stmt(db, `SELECT j.value AS region, count(*) AS n FROM signals s, json_each(s.regions) j
      GROUP BY j.value ORDER BY n DESC, j.value`).all() as Facets['regions'],
    entities: stmt(db, `SELECT e.slug, e.name, count(*) AS n FROM signal_entities se JOIN entities e ON e.id = se.entity_id
      WHERE e.kind != 'group' GROUP BY e.id ORDER BY n DESC, e.name LIMIT 40`).all() as Facets['entities'],
    sources: stmt(db, `SELECT s.id, s.name, (SELECT count(*) FROM stories WHERE source_id = s.id) AS stories
      FROM sources s WHERE s.enabled = 1 OR EXISTS (SELECT 1 FROM stories WHERE source_id = s.id) ORDER BY s.name COLLATE NOCASE`).all() as Facets['sources'],
  };
  memo.set(db, { gen, at: now, facets });
  return facets;
}

/** An entity's display name from its slug or name (what the stream's entity filter accepts). */
export function entityLabel(db: Db, slugOrName: string): string | null {
  const r = stmt(db, 'SELECT name FROM entities WHERE slug = ? OR name = ? COLLATE NOCASE LIMIT 1').get(slugOrName, slugOrName) as { name: string } | undefined;
  return r?.name ?? null;
}
