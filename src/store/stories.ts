// Stories: unique by canonical URL, and by guid within a source.
import type { Db } from './db.js';
import { stmt } from './statements.js';

export interface NewStory {
  source_id: string | null; guid: string | null; url: string; canonical_url: string; title: string;
  summary: string; content_html: string; content_text: string; author: string | null; outlet: string;
  published_at: string; published_at_source: 'feed' | 'page' | 'first_seen'; first_seen_at: string; full_text: boolean;
  /** The relevance gate's verdict: an off-topic story is kept but makes no signal. */
  relevant: boolean; relevance: number; language: string;
}

/** The id of a story already stored under this canonical URL or this source's guid, if any. */
export function findKnownStory(db: Db, sourceId: string | null, guid: string | null, canonicalUrl: string): number | null {
  const byUrl = stmt(db, 'SELECT id FROM stories WHERE canonical_url = ?').get(canonicalUrl) as { id: number } | undefined;
  if (byUrl) return byUrl.id;
  if (guid == null || sourceId == null) return null;
  const byGuid = stmt(db, 'SELECT id FROM stories WHERE source_id = ? AND guid = ?').get(sourceId, guid) as { id: number } | undefined;
  return byGuid?.id ?? null;
}

export function insertStory(db: Db, s: NewStory): number {
  const r = stmt(db, `
    INSERT INTO stories (source_id, guid, url, canonical_url, title, summary, content_html, content_text, author, outlet,
      published_at, published_at_source, first_seen_at, full_text, relevant, relevance, language)
    VALUES (@source_id, @guid, @url, @canonical_url, @title, @summary, @content_html, @content_text, @author, @outlet,
      @published_at, @published_at_source, @first_seen_at, @full_text, @relevant, @relevance, @language)`).run({ ...s, full_text: s.full_text ? 1 : 0, relevant: s.relevant ? 1 : 0 });
  return Number(r.lastInsertRowid);
}

export function storyCount(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM stories').get() as { n: number }).n;
}

/** Article pages already fetched (or failed) for summary-only items: fetched once, kept. */
export interface CachedArticle { ok: boolean; text: string | null; html: string | null; published_at: string | null; error: string | null }

export function getCachedArticle(db: Db, url: string): CachedArticle | null {
  const r = stmt(db, 'SELECT ok, text, html, published_at, error FROM article_cache WHERE url = ?').get(url) as
    | { ok: number; text: string | null; html: string | null; published_at: string | null; error: string | null } | undefined;
  return r ? { ...r, ok: r.ok === 1 } : null;
}

export function putCachedArticle(db: Db, url: string, a: CachedArticle, now: string): void {
  stmt(db, `INSERT OR REPLACE INTO article_cache (url, fetched_at, ok, text, html, published_at, error)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).run(url, now, a.ok ? 1 : 0, a.text, a.html, a.published_at, a.error);
}

/** Publication times (ms) of a source's newest stories, for its usual cadence. */
export function recentPublishedTimes(db: Db, sourceId: string, n = 20): number[] {
  const rows = stmt(db, `SELECT published_at FROM stories WHERE source_id = ? AND published_at_source != 'first_seen'
    ORDER BY published_at DESC LIMIT ?`).all(sourceId, n) as { published_at: string }[];
  return rows.map((r) => Date.parse(r.published_at));
}
