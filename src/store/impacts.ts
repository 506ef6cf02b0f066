// The prediction ledger: impacts as made, confirmed by a later signal, or expired.
import type { Db } from './db.js';
import { stmt } from './statements.js';
import type { Criterion, EntityKind, EventType, PredictedImpact } from '../domain/types.js';

export function insertImpacts(db: Db, signalId: number, impacts: PredictedImpact[], madeAt: string, now: string, model: string | null = null, origin: 'live' | 'imported' = 'live'): void {
  const ins = stmt(db, `INSERT INTO impacts (signal_id, statement, confidence, horizon_days, basis, playbook, impact_id, criterion, prior, made_at, created_at, model, origin)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const i of impacts) {
    const r = ins.run(signalId, i.statement, i.confidence, i.horizon_days, i.basis, i.playbook, i.impact_id, i.criterion ? JSON.stringify(i.criterion) : null, i.prior, madeAt, now, model, origin);
    if (i.criterion) insertTriggers(db, Number(r.lastInsertRowid), i.criterion, madeAt, i.horizon_days); // a model's claim has nothing to wait for: it can only expire
  }
}

function insertTriggers(db: Db, impactId: number, c: Criterion, madeAt: string, horizonDays: number): void {
  const trigger = stmt(db, `INSERT INTO impact_triggers (impact_id, event_type, entity, region, made_at, due_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const due = new Date(Date.parse(madeAt) + horizonDays * 86_400_000).toISOString();
  for (const type of c.event_types) trigger.run(impactId, type, c.entity ?? null, c.region ?? null, madeAt, due);
}

/** Bumped whenever a prediction resolves. */
let resolutions = 0;
/**
 * The resolutions the memo below reflects: moved up to `resolutions` by refreshImpactHistory at
 * the start of each batch of ingest, so base rates are the record as of the batch's start (one
 * query per claim and day per batch, not one per story whenever predictions keep resolving).
 */
let seen = 0;
const historyMemo = new WeakMap<Db, Map<string, { confirmed: number; resolved: number }>>();

/** Lets the next base rates see predictions resolved since the last refresh. */
export function refreshImpactHistory(): void { seen = resolutions; }

/**
 * How often a playbook impact came true among resolved predictions made before the day of
 * `before` (day granularity, so one crawl pass asks the database once per claim, not per story).
 */
export function impactHistory(db: Db, playbook: string, impactId: string, before: string): { confirmed: number; resolved: number } {
  const day = before.slice(0, 10);
  const key = `${seen}|${playbook}|${impactId}|${day}`;
  let memo = historyMemo.get(db);
  if (!memo) historyMemo.set(db, (memo = new Map()));
  const hit = memo.get(key);
  if (hit) return hit;
  // Live forecasts only, and never a void one: imported history and gaps in coverage say nothing.
  const r = stmt(db, `SELECT count(*) AS resolved, coalesce(sum(status = 'confirmed'), 0) AS confirmed FROM impacts
    WHERE playbook = ? AND impact_id = ? AND status IN ('confirmed', 'expired') AND made_at < ? AND origin = 'live' AND void_reason IS NULL`).get(playbook, impactId, day) as { resolved: number; confirmed: number };
  if (memo.size > 5000) memo.clear();
  memo.set(key, r);
  return r;
}

export interface LedgerSignal {
  id: number; first_seen_at: string; event_type: EventType; regions: string[];
  entities: { slug: string; name?: string; kind: EntityKind; role: string; country?: string | null }[];
  /** Headline and summary: what the words of a criterion are looked for in. */
  text?: string;
}

/** The matter of a signal's predictions: its headline and summary, and the names of its parties. */
export function signalMatter(db: Db, signalId: number): { text: string; names: string[] } {
  const s = stmt(db, 'SELECT headline, summary FROM signals WHERE id = ?').get(signalId) as { headline: string; summary: string } | undefined;
  const names = stmt(db, 'SELECT e.name FROM signal_entities se JOIN entities e ON e.id = se.entity_id WHERE se.signal_id = ?').pluck().all(signalId) as string[];
  return { text: s ? `${s.headline}\n${s.summary}` : '', names };
}

/**
 * Open predictions of other signals that this signal could confirm: waiting for its event type,
 * made before it and still due at its time, and naming one of its entities or regions (or none).
 */
export function openPredictionsCovering(db: Db, s: LedgerSignal): { id: number; signal_id: number; criterion: Criterion; rejected: number[] }[] {
  const rows = stmt(db, `SELECT DISTINCT i.id, i.signal_id, i.criterion, i.resolution FROM impact_triggers t JOIN impacts i ON i.id = t.impact_id
    WHERE t.event_type = ? AND t.due_at >= ? AND t.made_at < ? AND i.signal_id != ? AND i.status = 'open'
      AND (t.entity IS NULL OR t.entity IN (SELECT value FROM json_each(?)))
      AND (t.region IS NULL OR t.region IN (SELECT value FROM json_each(?)))`)
    .all(s.event_type, s.first_seen_at, s.first_seen_at, s.id, JSON.stringify(s.entities.map((e) => e.slug)), JSON.stringify(s.regions)) as { id: number; signal_id: number; criterion: string; resolution: string | null }[];
  return rows.map((r) => ({ id: r.id, signal_id: r.signal_id, criterion: JSON.parse(r.criterion) as Criterion, rejected: (r.resolution ? (JSON.parse(r.resolution) as Resolution).rejected : undefined) ?? [] }));
}

/** Why a prediction resolved as it did, kept with it (JSON in impacts.resolution). */
export interface Resolution { signal?: number; matched?: string[]; undone_at?: string; rejected?: number[] }

/** `at`: the confirming story's publication time, not the time the ledger noticed. */
export function confirmPrediction(db: Db, impactId: number, bySignal: number, at: string, why: Resolution): void {
  const prev = stmt(db, 'SELECT resolution FROM impacts WHERE id = ?').get(impactId) as { resolution: string | null } | undefined;
  const rejected = prev?.resolution ? (JSON.parse(prev.resolution) as Resolution).rejected : undefined;
  stmt(db, "UPDATE impacts SET status = 'confirmed', resolved_by = ?, resolved_at = ?, resolution = ? WHERE id = ? AND status = 'open'")
    .run(bySignal, at, JSON.stringify({ ...why, ...(rejected ? { rejected } : {}) }), impactId);
  resolutions++;
  stmt(db, 'DELETE FROM impact_triggers WHERE impact_id = ?').run(impactId);
}

/**
 * An operator says a confirmation was wrong: the prediction is open again (the confirming signal
 * may never confirm it again), due as before, and the record adjusts. False when there was no
 * confirmation to undo.
 */
export function undoConfirmation(db: Db, impactId: number, now: string): boolean {
  const row = stmt(db, "SELECT criterion, resolution, resolved_by, made_at, horizon_days FROM impacts WHERE id = ? AND status = 'confirmed'").get(impactId) as
    { criterion: string | null; resolution: string | null; resolved_by: number | null; made_at: string; horizon_days: number } | undefined;
  if (!row) return false;
  const prev = row.resolution ? (JSON.parse(row.resolution) as Resolution) : {};
  const rejected = [...(prev.rejected ?? []), ...(row.resolved_by !== null ? [row.resolved_by] : [])];
  stmt(db, "UPDATE impacts SET status = 'open', resolved_by = NULL, resolved_at = NULL, resolution = ? WHERE id = ?").run(JSON.stringify({ undone_at: now, rejected }), impactId);
  if (row.criterion) insertTriggers(db, impactId, JSON.parse(row.criterion) as Criterion, row.made_at, row.horizon_days);
  resolutions++;
  return true;
}

/**
 * Predictions whose horizon has passed without a confirming signal: expired when the ledger saw
 * the subject covered in the window (another signal naming the criterion's entity, or of its
 * region, after the prediction was made), void when it did not (sources down, a subject nobody
 * covered) or when the prediction is imported history. Only expiries say the forecast was wrong.
 */
export function expireOverdue(db: Db, now: string): number {
  // The ids first, so the outcome checks below read only what expires now, not the whole ledger
  // (scanning it by resolved_at on every pass was a third of a crawl's CPU).
  const ids = stmt(db, `SELECT t.impact_id FROM impact_triggers t JOIN impacts i ON i.id = t.impact_id WHERE t.due_at < ? AND i.status = 'open'
    UNION SELECT id FROM impacts WHERE status = 'open' AND criterion IS NULL AND made_at < ? AND julianday(made_at) + horizon_days < julianday(?)`)
    .pluck().all(now, now, now) as number[];
  if (ids.length === 0) return 0;
  const list = JSON.stringify(ids);
  const n = stmt(db, `UPDATE impacts SET status = 'expired', resolved_at = ? WHERE status = 'open' AND id IN (SELECT value FROM json_each(?))`).run(now, list).changes;
  stmt(db, 'DELETE FROM impact_triggers WHERE due_at < ?').run(now);
  stmt(db, `UPDATE impacts SET void_reason = 'imported history: its follow-ups were never crawled'
    WHERE id IN (SELECT value FROM json_each(?)) AND origin = 'imported' AND void_reason IS NULL`).run(list);
  // Coverage: a later signal about the subject in the window — naming its entity (looked up
  // through the entity's own signals), else of its region, else any signal at all.
  const window = `s.id != impacts.signal_id AND s.first_seen_at > impacts.made_at AND julianday(s.first_seen_at) <= julianday(impacts.made_at) + impacts.horizon_days`;
  const noCoverage = (where: string, covered: string) => stmt(db, `UPDATE impacts SET void_reason = 'no coverage of the subject in the window: nothing to judge the forecast by'
    WHERE id IN (SELECT value FROM json_each(?)) AND void_reason IS NULL AND ${where} AND NOT EXISTS (${covered})`).run(list);
  noCoverage(`json_extract(criterion, '$.entity') IS NOT NULL`, `SELECT 1 FROM entities e JOIN signal_entities se ON se.entity_id = e.id JOIN signals s ON s.id = se.signal_id
    WHERE e.slug = json_extract(impacts.criterion, '$.entity') AND ${window}`);
  noCoverage(`json_extract(criterion, '$.entity') IS NULL AND coalesce(json_extract(criterion, '$.region'), json_extract(criterion, '$.actor_region')) IS NOT NULL`,
    `SELECT 1 FROM signals s, json_each(s.regions) r WHERE ${window} AND r.value = coalesce(json_extract(impacts.criterion, '$.region'), json_extract(impacts.criterion, '$.actor_region'))`);
  noCoverage(`json_extract(criterion, '$.entity') IS NULL AND coalesce(json_extract(criterion, '$.region'), json_extract(criterion, '$.actor_region')) IS NULL`,
    `SELECT 1 FROM signals s WHERE ${window}`);
  resolutions++;
  return n;
}

export interface ResolvedPrediction { playbook: string; impact_id: string; confidence: number; status: 'open' | 'confirmed' | 'expired' | 'void'; origin: 'live' | 'imported' }

export function allPredictions(db: Db): ResolvedPrediction[] {
  // A model's claims are scored under the model's name, beside the playbooks.
  return stmt(db, `SELECT CASE WHEN playbook = 'model' THEN 'model:' || coalesce(model, '?') ELSE playbook END AS playbook, impact_id, confidence,
    CASE WHEN void_reason IS NOT NULL THEN 'void' ELSE status END AS status, origin FROM impacts WHERE playbook IS NOT NULL`).all() as ResolvedPrediction[];
}

/** Confirmations made before the ledger recorded why (before evidence-based resolution). */
export function legacyConfirmations(db: Db): { id: number; signal_id: number; criterion: Criterion | null; resolved_by: number | null }[] {
  return (stmt(db, "SELECT id, signal_id, criterion, resolved_by FROM impacts WHERE status = 'confirmed' AND resolution IS NULL").all() as { id: number; signal_id: number; criterion: string | null; resolved_by: number | null }[])
    .map((r) => ({ ...r, criterion: r.criterion ? JSON.parse(r.criterion) as Criterion : null }));
}

/** What the ledger knows of a signal for judging evidence: its type, regions and parties with roles and countries. */
export function ledgerSignal(db: Db, id: number): LedgerSignal | null {
  const s = stmt(db, 'SELECT id, first_seen_at, event_type, regions, headline, summary FROM signals WHERE id = ?').get(id) as { id: number; first_seen_at: string; event_type: EventType; regions: string; headline: string; summary: string } | undefined;
  if (!s) return null;
  const entities = stmt(db, `SELECT e.slug, e.name, e.kind, se.role, e.country FROM signal_entities se JOIN entities e ON e.id = se.entity_id WHERE se.signal_id = ?`).all(id) as LedgerSignal['entities'];
  return { id: s.id, first_seen_at: s.first_seen_at, event_type: s.event_type, regions: JSON.parse(s.regions) as string[], entities, text: `${s.headline}\n${s.summary}` };
}

/** Records why a confirmation holds, dated by the confirming signal's own time. */
export function recordConfirmationEvidence(db: Db, impactId: number, at: string, why: Resolution): void {
  stmt(db, 'UPDATE impacts SET resolution = ?, resolved_at = ? WHERE id = ?').run(JSON.stringify(why), at, impactId);
}
