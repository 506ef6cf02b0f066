// Sources and their health. The only SQL about sources.
import type { Db } from './db.js';
import type { SourceConfig } from '../domain/source.js';
import { parseDuration } from '../domain/source.js';

export interface SourceRow {
  id: string; name: string; kind: 'rss' | 'html'; url: string; every_ms: number; region: string | null;
  language: string | null; tier: number; tags: string; relevance: 'auto' | 'always'; rules: string | null; origin: string; enabled: number;
  status: 'pending' | 'ok' | 'error'; silent: number; error_count: number; last_error: string | null;
  last_fetched_at: string | null; last_success_at: string | null; last_new_story_at: string | null;
  next_fetch_at: string | null; etag: string | null; last_modified: string | null; created_at: string;
}

/** story_count: every story kept; dropped_count: those the relevance gate judged off-topic (no signal). */
export interface SourceWithCount extends SourceRow { story_count: number; dropped_count: number }

/** Inserts or updates the configured fields of each source; health columns are left alone. */
export function upsertSources(db: Db, sources: SourceConfig[], origin = 'file', now = new Date().toISOString()): void {
  const stmt = db.prepare(`
    INSERT INTO sources (id, name, kind, url, every_ms, region, language, tier, tags, relevance, rules, origin, created_at)
    VALUES (@id, @name, @kind, @url, @every_ms, @region, @language, @tier, @tags, @relevance, @rules, @origin, @now)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, url = excluded.url,
      every_ms = excluded.every_ms, region = excluded.region, language = excluded.language, tier = excluded.tier,
      tags = excluded.tags, relevance = excluded.relevance, rules = excluded.rules, enabled = 1`);
  db.transaction(() => {
    for (const s of sources) {
      stmt.run({
        id: s.id, name: s.name, kind: s.kind, url: s.url, every_ms: parseDuration(s.every), region: s.region ?? null,
        language: s.language ?? null, tier: s.tier, tags: JSON.stringify(s.tags), relevance: s.relevance ?? 'auto',
        rules: s.list || s.article ? JSON.stringify({ list: s.list ?? null, article: s.article ?? null }) : null, origin, now,
      });
    }
  })();
}

/** Sources that came from the file but are no longer in it stop being crawled (kept for history). */
export function disableMissingFileSources(db: Db, keepIds: string[]): number {
  return db.prepare(`UPDATE sources SET enabled = 0 WHERE origin = 'file' AND id NOT IN (SELECT value FROM json_each(?))`)
    .run(JSON.stringify(keepIds)).changes;
}

export function listSources(db: Db): SourceWithCount[] {
  return db.prepare(`
    SELECT s.*, (SELECT count(*) FROM stories WHERE source_id = s.id) AS story_count,
      (SELECT count(*) FROM stories WHERE source_id = s.id AND relevant = 0) AS dropped_count
    FROM sources s ORDER BY s.id`).all() as SourceWithCount[];
}

export function getSourceWithCount(db: Db, id: string): SourceWithCount | undefined {
  return db.prepare(`SELECT s.*, (SELECT count(*) FROM stories WHERE source_id = s.id) AS story_count,
      (SELECT count(*) FROM stories WHERE source_id = s.id AND relevant = 0) AS dropped_count
    FROM sources s WHERE s.id = ?`).get(id) as SourceWithCount | undefined;
}

export function getSource(db: Db, id: string): SourceRow | undefined {
  return db.prepare('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow | undefined;
}

/** Enabled sources whose next fetch is due (or never scheduled). */
export function dueSources(db: Db, now: string): SourceRow[] {
  return db.prepare(`SELECT * FROM sources WHERE enabled = 1 AND (next_fetch_at IS NULL OR next_fetch_at <= ?) ORDER BY next_fetch_at`).all(now) as SourceRow[];
}

export interface HealthUpdate {
  status: 'ok' | 'error';
  error_count: number;
  last_error: string | null;
  last_fetched_at: string;
  last_success_at?: string | null;
  last_new_story_at?: string | null;
  next_fetch_at: string;
  etag?: string | null;
  last_modified?: string | null;
  silent: boolean;
}

export function updateSourceHealth(db: Db, id: string, h: HealthUpdate): void {
  db.prepare(`
    UPDATE sources SET status = @status, error_count = @error_count, last_error = @last_error,
      last_fetched_at = @last_fetched_at, next_fetch_at = @next_fetch_at, silent = @silent,
      last_success_at = coalesce(@last_success_at, last_success_at),
      last_new_story_at = coalesce(@last_new_story_at, last_new_story_at),
      etag = CASE WHEN @status = 'ok' THEN @etag ELSE etag END,
      last_modified = CASE WHEN @status = 'ok' THEN @last_modified ELSE last_modified END
    WHERE id = @id`).run({
    id, status: h.status, error_count: h.error_count, last_error: h.last_error, last_fetched_at: h.last_fetched_at,
    next_fetch_at: h.next_fetch_at, silent: h.silent ? 1 : 0, last_success_at: h.last_success_at ?? null,
    last_new_story_at: h.last_new_story_at ?? null, etag: h.etag ?? null, last_modified: h.last_modified ?? null,
  });
}

export function setFirstFetch(db: Db, id: string, at: string): void {
  db.prepare('UPDATE sources SET next_fetch_at = ? WHERE id = ? AND next_fetch_at IS NULL').run(at, id);
}

/** The configured fields of a stored source, in the sources-file shape (for edits and export). */
export function sourceConfigOf(row: SourceRow): SourceConfig {
  const rules = row.rules ? (JSON.parse(row.rules) as { list: SourceConfig['list'] | null; article: SourceConfig['article'] | null }) : null;
  const every = row.every_ms % 86_400_000 === 0 ? `${row.every_ms / 86_400_000}d` : row.every_ms % 3_600_000 === 0 ? `${row.every_ms / 3_600_000}h` : row.every_ms % 60_000 === 0 ? `${row.every_ms / 60_000}m` : `${Math.round(row.every_ms / 1000)}s`;
  return {
    id: row.id, name: row.name, kind: row.kind, url: row.url, every, tier: row.tier, tags: JSON.parse(row.tags) as string[],
    ...(row.relevance === 'always' ? { relevance: 'always' as const } : {}), ...(row.region ? { region: row.region } : {}), ...(row.language ? { language: row.language } : {}),
    ...(rules?.list ? { list: rules.list } : {}), ...(rules?.article ? { article: rules.article } : {}),
  };
}

/** Deletes a source; its stories stay (their source_id becomes null). */
export function deleteSource(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM sources WHERE id = ?').run(id).changes > 0;
}

/** Makes a source due now (an operator asked for a crawl, or its config changed). */
export function makeDueNow(db: Db, id: string, now: string): void {
  db.prepare('UPDATE sources SET next_fetch_at = ? WHERE id = ?').run(now, id);
}
