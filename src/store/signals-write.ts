// Writing signals: creation, a story joining, entities, and the search index kept in step.
import type { Db } from './db.js';
import { stmt } from './statements.js';
import type { AnalyzedEntity, EventType } from '../domain/types.js';

export interface NewSignal {
  headline: string; summary: string; summary_model?: string | null; event_type: EventType; regions: string[]; importance: number;
  first_seen_at: string; analysis_basis: string; now: string;
}

export function insertSignal(db: Db, s: NewSignal): number {
  const r = stmt(db, `INSERT INTO signals (headline, summary, summary_model, event_type, regions, importance, first_seen_at, last_seen_at,
      analysis_basis, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(s.headline, s.summary, s.summary_model ?? null, s.event_type, JSON.stringify(s.regions), s.importance, s.first_seen_at, s.first_seen_at,
      s.analysis_basis, s.now, s.now);
  return Number(r.lastInsertRowid);
}

export function attachStory(db: Db, signalId: number, storyId: number, isPrimary: boolean, now: string): void {
  stmt(db, 'INSERT INTO signal_stories (story_id, signal_id, is_primary, added_at) VALUES (?, ?, ?, ?)')
    .run(storyId, signalId, isPrimary ? 1 : 0, now);
}

/** A story joined: widen the time span, merge regions, re-rate importance, note what changed. */
/**
 * A story joined: widen the time span, merge regions, re-rate importance, let a better primary
 * source (a lower tier number: an official or primary outlet) take over the headline, and note
 * what changed.
 */
export function recordCoverage(db: Db, signalId: number, u: { storyId: number; title: string; tier: number; published_at: string; regions: string[]; outlet: string; now: string }): void {
  const row = stmt(db, 'SELECT regions, headline FROM signals WHERE id = ?').get(signalId) as { regions: string; headline: string };
  const regions = [...new Set([...(JSON.parse(row.regions) as string[]), ...u.regions])].slice(0, 6);
  const cover = stmt(db, `SELECT count(DISTINCT st.outlet) AS outlets, min(coalesce(so.tier, 2)) AS best_tier,
      (SELECT coalesce(so2.tier, 2) FROM signal_stories p JOIN stories s2 ON s2.id = p.story_id LEFT JOIN sources so2 ON so2.id = s2.source_id
        WHERE p.signal_id = ? AND p.is_primary = 1) AS primary_tier,
      (SELECT count(*) FROM signal_entities se JOIN entities e ON e.id = se.entity_id WHERE se.signal_id = ? AND se.role IN ('actor', 'target') AND e.kind != 'group') AS principals
    FROM signal_stories ss JOIN stories st ON st.id = ss.story_id LEFT JOIN sources so ON so.id = st.source_id WHERE ss.signal_id = ?`)
    .get(signalId, signalId, signalId) as { outlets: number; best_tier: number; primary_tier: number | null; principals: number };
  const notes = [`coverage from ${u.outlet} (now ${cover.outlets} outlets)`];
  let headline = row.headline;
  if (u.tier < (cover.primary_tier ?? 2)) {
    stmt(db, 'UPDATE signal_stories SET is_primary = (story_id = ?) WHERE signal_id = ?').run(u.storyId, signalId);
    headline = u.title;
    notes.push(`headline now from ${u.outlet}, a primary source`);
  }
  const added = regions.filter((r) => !(JSON.parse(row.regions) as string[]).includes(r));
  if (added.length) notes.push(`regions + ${added.join(', ')}`);
  stmt(db, `UPDATE signals SET last_seen_at = max(last_seen_at, ?), regions = ?, importance = ?, headline = ?, updated_at = ?,
      revision_note = ? WHERE id = ?`)
    .run(u.published_at, JSON.stringify(regions), importanceFor(cover.outlets, cover.best_tier, cover.principals), headline, u.now,
      `${u.now.slice(0, 10)}: ${notes.join('; ')}`, signalId);
}

/**
 * Importance in [0, 1]: more outlets, a primary (tier-1) source and named principals (actors and
 * targets) each raise it; it saturates, so ten outlets are not ten times one.
 */
export function importanceFor(outlets: number, bestTier = 2, principals = 0): number {
  const weight = outlets + (bestTier === 1 ? 0.75 : 0) + Math.min(principals, 4) * 0.25;
  return Math.round((1 - Math.exp(-weight / 3)) * 1000) / 1000;
}

export function linkEntities(db: Db, signalId: number, entities: AnalyzedEntity[]): void {
  const upsert = stmt(db, `INSERT INTO entities (slug, name, kind, country) VALUES (?, ?, ?, ?)
    ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id`);
  const link = stmt(db, `INSERT INTO signal_entities (signal_id, entity_id, role, confidence) VALUES (?, ?, ?, ?)
    ON CONFLICT (signal_id, entity_id) DO UPDATE SET confidence = max(confidence, excluded.confidence)`);
  for (const e of entities) {
    const { id } = upsert.get(e.slug, e.name, e.kind, e.country ?? null) as { id: number };
    link.run(signalId, id, e.role, e.confidence);
  }
}

/** Indexes a signal just created from one story, with the text already in hand. */
export function indexNewSignal(db: Db, signalId: number, headline: string, summary: string, storyTitle: string, storyText: string): void {
  stmt(db, 'INSERT INTO signals_fts (rowid, headline, summary, body) VALUES (?, ?, ?, ?)')
    .run(signalId, headline, summary, `${storyTitle}\n${storyText.slice(0, 4000)}`);
}

function headlineIndexed(db: Db, signalId: number): string | undefined {
  return (stmt(db, 'SELECT headline FROM signals_fts WHERE rowid = ?').get(signalId) as { headline: string } | undefined)?.headline;
}

/**
 * Adds a joining story's text to the signal's FTS row (read back from the index itself, so the
 * other stories are not re-read), keeping the body under a cap.
 */
export function appendToSearchIndex(db: Db, signalId: number, storyTitle: string, storyText: string): void {
  const row = stmt(db, `SELECT s.headline, s.summary, f.body FROM signals s LEFT JOIN signals_fts f ON f.rowid = s.id WHERE s.id = ?`).get(signalId) as { headline: string; summary: string; body: string | null } | undefined;
  const old = row?.body ?? '';
  // Past the first cap only a further report's title is added, past the second nothing: a big
  // signal is found by its first reports, and re-indexing it on every join would cost more and
  // more (the whole row is tokenised again).
  if (old.length >= 24_000 && row?.headline === headlineIndexed(db, signalId)) return;
  const body = old.length < 20_000 ? `${old}\n\n${storyTitle}\n${storyText.slice(0, 4000)}` : `${old}\n${storyTitle}`;
  stmt(db, 'DELETE FROM signals_fts WHERE rowid = ?').run(signalId);
  stmt(db, 'INSERT INTO signals_fts (rowid, headline, summary, body) VALUES (?, ?, ?, ?)').run(signalId, row?.headline ?? '', row?.summary ?? '', body);
}

export function setSignalPlaybook(db: Db, signalId: number, playbook: string): void {
  stmt(db, 'UPDATE signals SET playbook = ? WHERE id = ?').run(playbook, signalId);
}
