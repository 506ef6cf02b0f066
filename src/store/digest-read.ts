// Reads only the digest needs: predictions resolved in a period, and which of some signals match a search.
import type { Db } from './db.js';
import { stmt } from './statements.js';

export interface ResolvedImpact {
  id: number; signal_id: number; statement: string; confidence: number; horizon_days: number;
  status: 'confirmed' | 'expired'; resolved_at: string; resolved_by: number | null; resolved_by_headline: string | null;
}

/** Predictions confirmed or expired in [start, end), with the headline of the confirming signal. */
export function impactsResolvedBetween(db: Db, start: string, end: string): ResolvedImpact[] {
  return stmt(db, `SELECT i.id, i.signal_id, i.statement, i.confidence, i.horizon_days, i.status, i.resolved_at, i.resolved_by, r.headline AS resolved_by_headline
    FROM impacts i LEFT JOIN signals r ON r.id = i.resolved_by
    WHERE i.status IN ('confirmed', 'expired') AND i.void_reason IS NULL AND i.resolved_at >= ? AND i.resolved_at < ?
    ORDER BY i.status, i.confidence DESC, i.id`).all(start, end) as ResolvedImpact[];
}

/** The ids among `ids` whose signal matches an FTS5 expression (already built by parseSearch). */
export function signalIdsMatching(db: Db, match: string, ids: number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = stmt(db, 'SELECT rowid AS id FROM signals_fts WHERE signals_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))')
    .all(match, JSON.stringify(ids)) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

/**
 * The signals new to a reader in [start, end): the later of publication and creation falls in
 * the period, so a story published before the last digest but crawled after it reaches the next
 * one, and no signal is in two periods. Published more than `lookbackMs` before the period, a
 * late story is old news (an imported backlog), not a new signal.
 */
export function signalIdsNewBetween(db: Db, start: string, end: string, lookbackMs: number): number[] {
  const oldest = new Date(Date.parse(start) - lookbackMs).toISOString();
  return stmt(db, `SELECT id FROM signals WHERE first_seen_at >= ? AND first_seen_at < ? AND created_at < ?
    UNION SELECT id FROM signals WHERE created_at >= ? AND created_at < ? AND first_seen_at >= ? AND first_seen_at < ?`)
    .pluck().all(start, end, end, start, end, oldest, start) as number[];
}
