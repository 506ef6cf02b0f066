// The prediction ledger: impacts as made, confirmed by a later signal, or expired.
import type { Db } from './db.js';
import { stmt } from './statements.js';
import type { Criterion, EntityKind, EventType, PredictedImpact } from '../domain/types.js';

export function insertImpacts(db: Db, signalId: number, impacts: PredictedImpact[], madeAt: string, now: string, model: string | null = null): void {
  const ins = stmt(db, `INSERT INTO impacts (signal_id, statement, confidence, horizon_days, basis, playbook, impact_id, criterion, prior, made_at, created_at, model)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const trigger = stmt(db, `INSERT INTO impact_triggers (impact_id, event_type, entity, region, made_at, due_at) VALUES (?, ?, ?, ?, ?, ?)`);
  for (const i of impacts) {
    const r = ins.run(signalId, i.statement, i.confidence, i.horizon_days, i.basis, i.playbook, i.impact_id, i.criterion ? JSON.stringify(i.criterion) : null, i.prior, madeAt, now, model);
    if (!i.criterion) continue; // a model's claim has nothing to wait for: it can only expire
    const due = new Date(Date.parse(madeAt) + i.horizon_days * 86_400_000).toISOString();
    for (const type of i.criterion.event_types) trigger.run(Number(r.lastInsertRowid), type, i.criterion.entity ?? null, i.criterion.region ?? null, madeAt, due);
  }
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
  const r = stmt(db, `SELECT count(*) AS resolved, coalesce(sum(status = 'confirmed'), 0) AS confirmed FROM impacts
    WHERE playbook = ? AND impact_id = ? AND status IN ('confirmed', 'expired') AND made_at < ?`).get(playbook, impactId, day) as { resolved: number; confirmed: number };
  if (memo.size > 5000) memo.clear();
  memo.set(key, r);
  return r;
}

export interface LedgerSignal { id: number; first_seen_at: string; event_type: EventType; regions: string[]; entities: { slug: string; kind: EntityKind; role: string }[] }

/**
 * Open predictions of other signals that this signal could confirm: waiting for its event type,
 * made before it and still due at its time, and naming one of its entities or regions (or none).
 */
export function openPredictionsCovering(db: Db, s: LedgerSignal): { id: number; criterion: Criterion }[] {
  const rows = stmt(db, `SELECT DISTINCT i.id, i.criterion FROM impact_triggers t JOIN impacts i ON i.id = t.impact_id
    WHERE t.event_type = ? AND t.due_at >= ? AND t.made_at < ? AND i.signal_id != ? AND i.status = 'open'
      AND (t.entity IS NULL OR t.entity IN (SELECT value FROM json_each(?)))
      AND (t.region IS NULL OR t.region IN (SELECT value FROM json_each(?)))`)
    .all(s.event_type, s.first_seen_at, s.first_seen_at, s.id, JSON.stringify(s.entities.map((e) => e.slug)), JSON.stringify(s.regions)) as { id: number; criterion: string }[];
  return rows.map((r) => ({ id: r.id, criterion: JSON.parse(r.criterion) as Criterion }));
}

export function confirmPrediction(db: Db, impactId: number, bySignal: number, at: string): void {
  stmt(db, "UPDATE impacts SET status = 'confirmed', resolved_by = ?, resolved_at = ? WHERE id = ? AND status = 'open'").run(bySignal, at, impactId);
  resolutions++;
  stmt(db, 'DELETE FROM impact_triggers WHERE impact_id = ?').run(impactId);
}

/** Predictions whose horizon has passed without a confirming signal. */
export function expireOverdue(db: Db, now: string): number {
  const expire = (where: string, ...args: unknown[]) =>
    stmt(db, `UPDATE impacts SET status = 'expired', resolved_at = ? WHERE status = 'open' AND ${where}`).run(now, ...args).changes;
  const n = expire('id IN (SELECT impact_id FROM impact_triggers WHERE due_at < ?)', now)
    + expire('criterion IS NULL AND made_at < ? AND julianday(made_at) + horizon_days < julianday(?)', now, now);
  if (n) { stmt(db, 'DELETE FROM impact_triggers WHERE due_at < ?').run(now); resolutions++; }
  return n;
}

export interface ResolvedPrediction { playbook: string; impact_id: string; confidence: number; status: 'open' | 'confirmed' | 'expired' }

export function allPredictions(db: Db): ResolvedPrediction[] {
  // A model's claims are scored under the model's name, beside the playbooks.
  return stmt(db, "SELECT CASE WHEN playbook = 'model' THEN 'model:' || coalesce(model, '?') ELSE playbook END AS playbook, impact_id, confidence, status FROM impacts WHERE playbook IS NOT NULL").all() as ResolvedPrediction[];
}
