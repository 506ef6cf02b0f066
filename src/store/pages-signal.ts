// What the signal page shows beyond the API's Signal: the revision note, which story is the
// primary source, when each prediction falls due and which signal confirmed it, and related
// signals. Kept apart from signals-read.ts so the API's hot path stays as it is.
import type { Db } from './db.js';
import { stmt } from './statements.js';
import type { EventType } from '../domain/types.js';

export interface ImpactDetail {
  id: number; made_at: string | null; resolved_headline: string | null; resolved_seen_at: string | null;
  /** Why it resolved (JSON of store/impacts.ts Resolution) and, for a void one, why it says nothing. */
  resolution: string | null; void_reason: string | null;
}
export interface RelatedSignal { id: number; headline: string; event_type: EventType; first_seen_at: string; shared: number }
export interface SignalDetail { revision_note: string | null; primary_story_id: number | null; impacts: Map<number, ImpactDetail>; related: RelatedSignal[] }

export function signalDetail(db: Db, id: number, relatedLimit = 6): SignalDetail {
  const row = stmt(db, `SELECT s.revision_note,
      (SELECT story_id FROM signal_stories WHERE signal_id = s.id AND is_primary = 1 LIMIT 1) AS primary_story_id
    FROM signals s WHERE s.id = ?`).get(id) as { revision_note: string | null; primary_story_id: number | null } | undefined;
  // The confirming signal's own date is when the prediction came true; resolved_at is only when
  // the ledger noticed (for an imported backlog, the import day).
  const impacts = stmt(db, `SELECT i.id, i.made_at, r.headline AS resolved_headline, r.first_seen_at AS resolved_seen_at, i.resolution, i.void_reason
    FROM impacts i LEFT JOIN signals r ON r.id = i.resolved_by WHERE i.signal_id = ?`).all(id) as ImpactDetail[];
  // Stakeholder groups ("employees reliant on external AI tools") are shared by too many
  // signals to say two events are related; named parties are.
  const related = stmt(db, `SELECT s.id, s.headline, s.event_type, s.first_seen_at, count(*) AS shared
    FROM signal_entities mine
    JOIN entities e ON e.id = mine.entity_id AND e.kind != 'group'
    JOIN signal_entities theirs ON theirs.entity_id = mine.entity_id AND theirs.signal_id != mine.signal_id
    JOIN signals s ON s.id = theirs.signal_id
    WHERE mine.signal_id = ?
    GROUP BY s.id ORDER BY shared DESC, s.first_seen_at DESC LIMIT ?`).all(id, relatedLimit) as RelatedSignal[];
  return {
    revision_note: row?.revision_note ?? null,
    primary_story_id: row?.primary_story_id ?? null,
    impacts: new Map(impacts.map((i) => [i.id, i])),
    related,
  };
}
