// The prediction ledger: impacts as made, confirmed by a later signal, or expired.
import type { Db } from './db.js';
import { stmt } from './statements.js';
import type { Criterion, EntityKind, EventType, PredictedImpact } from '../domain/types.js';

export function insertImpacts(db: Db, signalId: number, impacts: PredictedImpact[], madeAt: string, now: string, model: string | null = null): void {
  const ins = stmt(db, `INSERT INTO impacts (signal_id, statement, confidence, horizon_days, basis, playbook, impact_id, criterion, prior, made_at, created_at, model)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const i of impacts) ins.run(signalId, i.statement, i.confidence, i.horizon_days, i.basis, i.playbook, i.impact_id, i.criterion ? JSON.stringify(i.criterion) : null, i.prior, madeAt, now, model);
}

/** How often a playbook impact came true among resolved predictions made before `before`. */
export function impactHistory(db: Db, playbook: string, impactId: string, before: string): { confirmed: number; resolved: number } {
  const r = stmt(db, `SELECT count(*) AS resolved, coalesce(sum(status = 'confirmed'), 0) AS confirmed FROM impacts
    WHERE playbook = ? AND impact_id = ? AND status != 'open' AND made_at < ?`).get(playbook, impactId, before) as { resolved: number; confirmed: number };
  return r;
}

export interface LedgerSignal { id: number; first_seen_at: string; event_type: EventType; regions: string[]; entities: { slug: string; kind: EntityKind; role: string }[] }

/** Open predictions of other signals whose window covers this signal's time. */
export function openPredictionsCovering(db: Db, s: LedgerSignal): { id: number; criterion: Criterion }[] {
  const rows = stmt(db, `SELECT id, criterion FROM impacts WHERE status = 'open' AND criterion IS NOT NULL AND signal_id != ? AND made_at < ?
      AND julianday(made_at) + horizon_days >= julianday(?)`).all(s.id, s.first_seen_at, s.first_seen_at) as { id: number; criterion: string }[];
  return rows.map((r) => ({ id: r.id, criterion: JSON.parse(r.criterion) as Criterion }));
}

export function confirmPrediction(db: Db, impactId: number, bySignal: number, at: string): void {
  stmt(db, "UPDATE impacts SET status = 'confirmed', resolved_by = ?, resolved_at = ? WHERE id = ? AND status = 'open'").run(bySignal, at, impactId);
}

/** Predictions whose horizon has passed without a confirming signal. */
export function expireOverdue(db: Db, now: string): number {
  return stmt(db, `UPDATE impacts SET status = 'expired', resolved_at = ? WHERE status = 'open'
    AND julianday(made_at) + horizon_days < julianday(?)`).run(now, now).changes;
}

export interface ResolvedPrediction { playbook: string; impact_id: string; confidence: number; status: 'open' | 'confirmed' | 'expired' }

export function allPredictions(db: Db): ResolvedPrediction[] {
  // A model's claims are scored under the model's name, beside the playbooks.
  return stmt(db, "SELECT CASE WHEN playbook = 'model' THEN 'model:' || coalesce(model, '?') ELSE playbook END AS playbook, impact_id, confidence, status FROM impacts WHERE playbook IS NOT NULL").all() as ResolvedPrediction[];
}
